"""Literals that every match of a trigger pattern holds, read from the parsed pattern.

They let a clause skip a pattern search (`features._TriggerCounter`) and a text skip its matching
form (`screen`). Free of scikit-learn, like `units`, so that a process which only stores results
never imports it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from re import _parser as _sre  # type: ignore[attr-defined]

# the standard library's own regular expression parser: private, but in every Python the project
# supports (3.11), and only used to find literals that let a clause skip a pattern search
_REPEATS = (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT)


@lru_cache(maxsize=1024)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _needles(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Literals one of which every match of ``pattern`` contains, or None if none are known.

    Read from the parsed pattern. Some elements match exactly one of a few known strings (a
    literal character, a class of literal characters, an optional one of those, a group or an
    alternation of such); consecutive ones match one of the concatenations, so any match holds
    one. Elements that must match (a group, a repeat of at least once, an alternation whose every
    branch has needles) hold their own needles too. Elements not understood are passed over,
    which can only leave a pattern without needles, never give it wrong ones; case-insensitive
    matching is not followed at all."""
    if pattern.flags & re.IGNORECASE:
        return None
    try:
        return _literals(_sre.parse(pattern.pattern, pattern.flags))[1]
    except Exception:  # a parser that changed shape: search every clause
        return None


# how many concatenations a run of exactly known elements may have before it is cut
_MOST_STRINGS = 64

_Strings = frozenset[str] | None


def _literals(items) -> tuple[_Strings, _Strings]:  # type: ignore[no-untyped-def]
    """(every string a sequence of parsed elements can match if they are few and known, else
    None; needles of the sequence or None)."""
    run, options = _options(items)
    # the rarest-looking choice: long literals, few of them
    best = max(options, key=lambda o: (min(map(len, o)), -len(o)), default=None)
    return run, best


def _options(items) -> tuple[_Strings, list[frozenset[str]]]:  # type: ignore[no-untyped-def]
    """(as `_literals`; every set of literals one of which each match of the sequence holds)."""
    options: list[frozenset[str]] = []
    run: frozenset[str] = frozenset([""])
    exact = True
    for op, av in items:
        strings, needles = _element(op, av)
        if strings is not None and len(run) * len(strings) <= _MOST_STRINGS:
            run = frozenset(a + b for a in run for b in strings)
        else:
            options.append(run)
            run = strings if strings is not None else frozenset([""])
            exact = False
        if needles:
            options.append(needles)
    options.append(run)
    # an option that could be empty requires nothing; a string holding another of its option's
    # strings adds nothing to it
    options = [
        frozenset(a for a in o if not any(b != a and b in a for b in o))
        for o in options
        if "" not in o
    ]
    return (run if exact else None), options


def needle_sets(pattern: re.Pattern[str]) -> list[frozenset[str]] | None:
    """Sets of literals each of which has a member in every match of ``pattern`` (for
    `(対応|対処).{0,6}(手順|体制)`: {対応, 対処} and {手順, 体制}); None when not read, as for
    `_needles`, whose one set is the rarest-looking of these."""
    if pattern.flags & re.IGNORECASE:
        return None
    try:
        sets = set(_options(_sre.parse(pattern.pattern, pattern.flags))[1])
    except Exception:  # a parser that changed shape: nothing known
        return None
    # a set adds nothing when another one's every member holds one of its members (a, b, c by abc)
    return sorted(
        (
            a
            for a in sets
            if not any(b != a and all(any(x in y for x in a) for y in b) for b in sets)
        ),
        key=sorted,
    )


def _element(op, av) -> tuple[_Strings, _Strings]:  # type: ignore[no-untyped-def]
    if op == _sre.LITERAL:
        return frozenset([chr(av)]), frozenset([chr(av)])
    if op == _sre.IN and av and all(o == _sre.LITERAL for o, _ in av):
        chars = frozenset(chr(code) for _, code in av)
        return chars, chars
    if op == _sre.SUBPATTERN and not av[1] & re.IGNORECASE:
        return _literals(av[3])
    if op == _sre.ATOMIC_GROUP:
        return _literals(av)
    if op == _sre.BRANCH:
        branches = [_literals(branch) for branch in av[1]]
        strings = needles = None
        if all(s is not None for s, _ in branches):
            strings = frozenset().union(*(s for s, _ in branches))
        if all(n is not None for _, n in branches):
            needles = frozenset().union(*(n for _, n in branches))
        return strings, needles
    if op in _REPEATS:
        low, high, sub = av
        strings, needles = _literals(sub)
        if strings is not None and (low, high) == (0, 1):
            return strings | {""}, None
        return (strings if (low, high) == (1, 1) else None), (needles if low >= 1 else None)
    return None, None
