"""Which texts may hold a requirement's strong trigger words, told from Sudachi's normalised forms
alone.

Searching the sections outside the security chapter (`pipeline.compare.outside`) means testing
thousands of clauses for the strong triggers of a few requirements, and a clause is scored only
where one occurs. Building a clause's matching form for that test cost four times Sudachi's own
analysis, almost all of it Python objects per token; most clauses hold none of the words. This
screen reads the clause's normalised forms joined (`pipeline.nlp.sudachi.normalized_forms`, about
the cost of the analysis) and lets through every clause whose matching form could hold a trigger.

Why nothing is lost. The matching form joins units, each either a Sudachi normalised form (with
ASCII spaces removed), a role marker (〈受注者〉 for 乙, 受注者, 受託者 …), or the digits of a kanji
numeral before a counter. A trigger word, or a needle that every match of a trigger pattern holds
(`features.needle_sets`: for `(対応|対処).{0,6}(手順|体制)` one of 対応, 対処 and one of 手順,
体制), is cut at its role markers and digit runs. A marker is made only where one
of its role words is printed, so the text must hold one of them. Each piece left holds no digit
and no marker bracket, so it occurs in the matching form either inside a run of normalised-form
units — a run of consecutive tokens, whose normalised forms the joined string holds in the same
order — or inside a marker's own name (再委託 in 〈再委託先〉, written 下請負人): the joined forms
must hold the piece, or the text one of those markers' role words. A text that fails this for
every trigger word and needle of a requirement cannot hold its strong triggers; a pattern
without needles lets every text through.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from pipeline.align.needles import _compiled, needle_sets
from pipeline.text.matching import ROLE_WORDS

if TYPE_CHECKING:
    from pipeline.align.features import TriggerFeatures

_MARKERS = tuple(ROLE_WORDS)
_CUT = re.compile("(" + "|".join(re.escape(m) for m in _MARKERS) + r")|\d+")

# What a text must meet to hold a trigger: ("forms", s) — s in the joined normalised forms —,
# ("text", s) — s in the text itself —, or ("all", conditions) / ("any", conditions).
# None: a trigger about which nothing is known; every text may hold it.
_Condition = tuple


def _any_role_word(marker: str) -> _Condition:
    return ("any", tuple(("text", w) for w in sorted(ROLE_WORDS[marker])))


def _condition(word: str) -> _Condition | None:
    """What a text must meet for its matching form to hold ``word`` (a squeezed trigger word or a
    pattern's needle)."""
    parts = [p for p in _CUT.split(word) if p]
    if any(p not in _MARKERS and ("〈" in p or "〉" in p) for p in parts):
        return None  # a marker written differently: not understood
    need: list[_Condition] = []
    for part in parts:
        if part in _MARKERS:
            # a role marker stands for one of its role words, found in the text as printed
            need.append(_any_role_word(part))
            continue
        # 再委託 may lie inside 〈再委託先〉, which 下請負人 also becomes
        inside = [_any_role_word(m) for m in _MARKERS if part in m]
        need.append(("any", (("forms", part), *inside)) if inside else ("forms", part))
    return ("all", tuple(need)) if need else None


def _pattern_condition(pattern: str) -> _Condition | None:
    sets = needle_sets(_compiled(pattern))
    if not sets:
        return None
    need = []
    for needles in sets:
        either = [_condition(n) for n in sorted(needles)]
        if any(c is None for c in either):
            continue  # this set tells nothing; the others still must be met
        need.append(("any", tuple(either)))
    return ("all", tuple(need)) if need else None


def _source(condition: _Condition) -> str:
    kind, what = condition
    if kind in ("forms", "text"):
        return f"{what!r} in {'f' if kind == 'forms' else 't'}"
    joined = f" {'and' if kind == 'all' else 'or'} ".join(_source(c) for c in what)
    return f"({joined})"


def _compiled_test(condition: _Condition) -> Callable[[str, str], bool]:
    # one expression of `in` tests, built from the taxonomy's own words (repr-quoted): walking
    # the condition per text cost more than Sudachi's analysis, this a small part of it
    code = compile(f"lambda f, t: {_source(condition)}", "<trigger screen>", "eval")
    return eval(code, {"__builtins__": {}})


class TriggerScreen:
    """For a few requirements: which of them a text may hold, from its normalised forms."""

    def __init__(self, triggers: dict, requirement_ids: Sequence[str]) -> None:
        self.triggers = triggers
        self.requirement_ids = tuple(requirement_ids)
        self.always: list[str] = []
        self.conditions: dict[str, _Condition] = {}
        for rid in self.requirement_ids:
            strong, _weak, patterns = triggers[rid]
            found = [_condition(w) for w in strong if w]
            found.extend(_pattern_condition(p) for p in patterns)
            if any(c is None for c in found):
                self.always.append(rid)
            elif found:
                self.conditions[rid] = ("any", tuple(found))
        self._tests = [(rid, _compiled_test(c)) for rid, c in self.conditions.items()]

    def may_hold(self, forms: str, text: str) -> list[str]:
        """The requirements whose strong triggers a text (``text``, normalised) with these joined
        normalised forms may hold: every one that does, and possibly some that do not."""
        return [*self.always, *(rid for rid, test in self._tests if test(forms, text))]


_SCREENS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def trigger_screen(features: TriggerFeatures, requirement_ids: Iterable[str]) -> TriggerScreen:
    """The screen for these requirements of a fitted model's triggers, made once per process."""
    key = tuple(requirement_ids)
    screens = _SCREENS.setdefault(features, {})
    screen = screens.get(key)
    if screen is None or screen.triggers is not (features.triggers or {}):
        screen = screens[key] = TriggerScreen(features.triggers or {}, key)
    return screen
