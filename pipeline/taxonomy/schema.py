"""Reading and checking `pipeline/data/taxonomy.json`.

Validation says exactly what is wrong and where, in the form "requirements[3].id: duplicate ID
'SEC.X'", so that whoever edits the data file can fix it without reading this code.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

ID_PATTERN = re.compile(r"^SEC\.[A-Z][A-Z0-9_]*$")
SLOTS = frozenset(
    {
        "actor",
        "modality",
        "conditional",
        "deadline",
        "form",
        "approval",
        "scope",
        "exceptions",
        "survival",
        "flowdown",
        "reference",
    }
)


# what a requirement's obligation is, from its definition: a ban (「…してはならない」), an act to
# do, either of the two (subcontracting banned or approved), or the issuer's right (to audit, to
# terminate); the obligation stage picks the duty of that kind when a clause holds several
DUTY_KINDS = frozenset({"act", "ban", "either", "issuer_right"})
# when the duty is owed: once something happens, or beforehand for a case (None: as worded)
DUTY_TIMINGS = frozenset({"on_event", "in_advance"})


class TaxonomyError(ValueError):
    """The taxonomy data file is invalid; the message names the place and the problem."""


@dataclass(frozen=True)
class Element:
    id: str
    ja: str
    triggers: tuple[str, ...]


@dataclass(frozen=True)
class Requirement:
    id: str
    group: str
    core: bool
    ja: str
    en: str
    definition: str
    strong_triggers: tuple[str, ...]
    weak_triggers: tuple[str, ...]
    patterns: tuple[str, ...]  # regular expressions over the matching form
    attributes: tuple[str, ...]
    sources: tuple[str, ...]
    elements: tuple[Element, ...] = ()
    duty: str = "act"  # one of DUTY_KINDS
    duty_is_a_place: bool = False  # the duty says where the work is done (「…においてのみ行う」)
    duty_binds_subcontractor: bool = False  # always positive: 「再委託先にも…させる」
    # how the frames read the duty (corpora/frames/README.md, conventions):
    # keeps within a bound the issuer sets, a must however worded
    # (「…以外の目的で接続してはならない」)
    duty_is_a_limit: bool = False
    # an act however worded, also as a ban on the unlisted or a change allowed with approval;
    # a pledge taken from the staff is not its form, and the changes it tells are its approval
    duty_always_an_act: bool = False
    # a training: its subject (「個人情報の取扱いに関する研修」) is its scope, no other duty's
    duty_is_a_training: bool = False
    # a clause that opens with the issuer's act (「甲は、…公表することができる。」) is about
    # that act
    opened_by_the_issuer: bool = False
    # what the issuer may ask for (「甲は、…乙に報告を求め、又は…調査することができる」): where the
    # clause states that right, the frame is the right
    asked_for_by_the_issuer: bool = False
    # done when the work ends: a time counted from the disposal, or none, counts from the end
    done_at_the_end: bool = False
    # what is followed, used or held covers the whole work (a policy, a listed cloud service, a
    # certification, a service level, change control over the systems): personal
    # information its clause names (「個人情報を取り扱う業務であるため、…ポリシーを遵守」) is no
    # scope of it; information the issuer designates still is
    covers_the_whole_work: bool = False
    # slots read for it beyond the attributes that make it weaker or stronger (a transfer's medium)
    also_reads: tuple[str, ...] = ()
    # "on_event": owed once something happens (an incident, a finding), conditional however
    # worded; "in_advance": done beforehand for a case (「事故が生じた場合に備え」), never
    # conditional on it; None: as the clause words it
    duty_timing: str | None = None
    # the requirement whose frame carries this duty's written record (a disposal certificate)
    recorded_by: str | None = None

    @property
    def short_id(self) -> str:
        return self.id.removeprefix("SEC.")


@dataclass(frozen=True)
class Profile:
    name: str
    description: str
    required: tuple[str, ...]  # full IDs, includes resolved
    optional: tuple[str, ...]


@dataclass(frozen=True)
class OutdatedReference:
    pattern: str  # regular expression over a reference's normalised text
    superseded_by: str
    since: str
    why: str


@dataclass(frozen=True)
class Taxonomy:
    version: str
    sha256: str
    requirements: tuple[Requirement, ...]
    profiles: dict[str, Profile]
    sources: dict[str, dict]
    outdated_references: tuple[OutdatedReference, ...] = ()
    # requirement ID -> the values a clause should meet (for weaker/stronger findings)
    reference_values: dict[str, dict] = field(default_factory=dict)
    groups: dict[str, str] = field(default_factory=dict)  # group ID -> its name

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(r.id for r in self.requirements)

    def requirement(self, requirement_id: str) -> Requirement:
        for r in self.requirements:
            if r.id == requirement_id:
                return r
        raise KeyError(requirement_id)


def _need(obj: dict, key: str, where: str, kind: type | tuple[type, ...]) -> object:
    if key not in obj:
        raise TaxonomyError(f"{where}: missing field {key!r}")
    value = obj[key]
    if not isinstance(value, kind):
        names = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
        raise TaxonomyError(f"{where}.{key}: must be {names}, got {type(value).__name__}")
    return value


def _triggers(values: object, where: str) -> tuple[str, ...]:
    if not isinstance(values, list):
        raise TaxonomyError(f"{where}: must be a list of strings")
    out = []
    for k, t in enumerate(values):
        if not isinstance(t, str) or not t.strip():
            raise TaxonomyError(f"{where}[{k}]: a trigger must be a non-empty string, got {t!r}")
        out.append(t)
    return tuple(out)


def parse_taxonomy(raw: bytes) -> Taxonomy:
    """Parse and validate taxonomy JSON; raises `TaxonomyError` naming the first problem."""
    try:
        data = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise TaxonomyError(f"taxonomy: not valid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise TaxonomyError("taxonomy: the top level must be an object")
    version = _need(data, "version", "taxonomy", str)
    sources = _need(data, "sources", "taxonomy", dict)
    groups = _need(data, "groups", "taxonomy", dict)
    requirements: list[Requirement] = []
    seen: set[str] = set()
    for k, item in enumerate(_need(data, "requirements", "taxonomy", list)):  # type: ignore[arg-type]
        where = f"requirements[{k}]"
        if not isinstance(item, dict):
            raise TaxonomyError(f"{where}: must be an object")
        rid = _need(item, "id", where, str)
        if not ID_PATTERN.match(rid):  # type: ignore[arg-type]
            raise TaxonomyError(f"{where}.id: {rid!r} is not of the form SEC.NAME")
        if rid in seen:
            raise TaxonomyError(f"{where}.id: duplicate ID {rid!r}")
        seen.add(rid)  # type: ignore[arg-type]
        group = _need(item, "group", where, str)
        if group not in groups:
            raise TaxonomyError(f"{where}.group: unknown group {group!r}")
        triggers = _need(item, "triggers", where, dict)
        strong = _triggers(triggers.get("strong", []), f"{where}.triggers.strong")  # type: ignore[union-attr]
        weak = _triggers(triggers.get("weak", []), f"{where}.triggers.weak")  # type: ignore[union-attr]
        if not strong:
            raise TaxonomyError(f"{where}.triggers.strong: at least one trigger is needed")
        patterns = _triggers(triggers.get("patterns", []), f"{where}.triggers.patterns")  # type: ignore[union-attr]
        for j, pattern in enumerate(patterns):
            try:
                re.compile(pattern)
            except re.error as exc:
                raise TaxonomyError(
                    f"{where}.triggers.patterns[{j}]: bad pattern {pattern!r}: {exc}"
                ) from None
        attributes = tuple(_need(item, "attributes", where, list))  # type: ignore[arg-type]
        for a in attributes:
            if a not in SLOTS:
                raise TaxonomyError(f"{where}.attributes: unknown slot {a!r}")
        item_sources = tuple(_need(item, "sources", where, list))  # type: ignore[arg-type]
        for s in item_sources:
            if s not in sources:
                raise TaxonomyError(f"{where}.sources: unknown source {s!r}")
        duty = _need(item, "duty", where, str)
        if duty not in DUTY_KINDS:
            raise TaxonomyError(
                f"{where}.duty: {duty!r} is none of {', '.join(sorted(DUTY_KINDS))}"
            )
        flags = {
            key: _need(item, key, where, bool) if key in item else False
            for key in (
                "duty_is_a_place",
                "duty_binds_subcontractor",
                "duty_is_a_limit",
                "duty_always_an_act",
                "duty_is_a_training",
                "opened_by_the_issuer",
                "asked_for_by_the_issuer",
                "done_at_the_end",
                "covers_the_whole_work",
            )
        }
        also_reads = tuple(_need(item, "also_reads", where, list)) if "also_reads" in item else ()  # type: ignore[arg-type]
        for a in also_reads:
            if a not in SLOTS or a in attributes:
                raise TaxonomyError(
                    f"{where}.also_reads: {a!r} is no slot, or one of its attributes"
                )
        recorded_by = _need(item, "recorded_by", where, str) if "recorded_by" in item else None
        timing = _need(item, "duty_timing", where, str) if "duty_timing" in item else None
        if timing is not None and timing not in DUTY_TIMINGS:
            raise TaxonomyError(
                f"{where}.duty_timing: {timing!r} is neither on_event nor in_advance"
            )
        elements = tuple(
            Element(
                _need(e, "id", f"{where}.elements[{j}]", str),  # type: ignore[arg-type]
                _need(e, "ja", f"{where}.elements[{j}]", str),  # type: ignore[arg-type]
                _triggers(e.get("triggers", []), f"{where}.elements[{j}].triggers"),
            )
            for j, e in enumerate(item.get("elements", []))
        )
        requirements.append(
            Requirement(
                id=rid,  # type: ignore[arg-type]
                group=group,  # type: ignore[arg-type]
                core=bool(item.get("core", True)),
                ja=_need(item, "ja", where, str),  # type: ignore[arg-type]
                en=_need(item, "en", where, str),  # type: ignore[arg-type]
                definition=_need(item, "definition", where, str),  # type: ignore[arg-type]
                strong_triggers=strong,
                weak_triggers=weak,
                patterns=patterns,
                attributes=attributes,
                sources=item_sources,
                elements=elements,
                duty=duty,  # type: ignore[arg-type]
                recorded_by=recorded_by,  # type: ignore[arg-type]
                duty_timing=timing,  # type: ignore[arg-type]
                also_reads=also_reads,
                **flags,  # type: ignore[arg-type]
            )
        )
    for k, r in enumerate(requirements):
        if r.recorded_by is not None and (r.recorded_by not in seen or r.recorded_by == r.id):
            raise TaxonomyError(
                f"requirements[{k}].recorded_by: {r.recorded_by!r} is not another requirement's ID"
            )
    profiles_raw = _need(data, "profiles", "taxonomy", dict)
    profiles: dict[str, Profile] = {}

    def resolve(name: str, trail: tuple[str, ...] = ()) -> tuple[list[str], list[str]]:
        where = f"profiles.{name}"
        if name in trail:
            raise TaxonomyError(f"{where}.includes: circular include {' -> '.join((*trail, name))}")
        spec = profiles_raw.get(name)  # type: ignore[union-attr]
        if not isinstance(spec, dict):
            raise TaxonomyError(f"{where}: unknown or malformed profile")
        required: list[str] = []
        optional: list[str] = []
        for inc in spec.get("includes", []):
            r, o = resolve(inc, (*trail, name))
            required += [x for x in r if x not in required]
            optional += [x for x in o if x not in optional]
        for key, bucket in (("required", required), ("optional", optional)):
            for short in spec.get(key, []):
                full = short if short.startswith("SEC.") else f"SEC.{short}"
                if full not in seen:
                    raise TaxonomyError(f"{where}.{key}: unknown requirement ID {short!r}")
                if full not in bucket:
                    bucket.append(full)
        return required, optional

    for name in profiles_raw:  # type: ignore[union-attr]
        required, optional = resolve(name)
        profiles[name] = Profile(
            name,
            str(profiles_raw[name].get("description", "")),
            tuple(required),
            tuple(optional),  # type: ignore[index]
        )
    outdated = []
    for k, item in enumerate(data.get("outdated_references", [])):
        where = f"outdated_references[{k}]"
        pattern = _need(item, "pattern", where, str)
        try:
            re.compile(pattern)  # type: ignore[arg-type]
        except re.error as exc:
            raise TaxonomyError(f"{where}.pattern: bad pattern {pattern!r}: {exc}") from None
        outdated.append(
            OutdatedReference(
                pattern,
                str(item.get("superseded_by", "")),  # type: ignore[arg-type]
                str(item.get("since", "")),
                str(item.get("why", "")),
            )
        )
    reference_values = data.get("reference_values", {})
    for rid in reference_values:
        if rid not in seen:
            raise TaxonomyError(f"reference_values: unknown requirement ID {rid!r}")
    return Taxonomy(
        outdated_references=tuple(outdated),
        reference_values=reference_values,
        version=version,  # type: ignore[arg-type]
        sha256=hashlib.sha256(raw).hexdigest(),
        requirements=tuple(requirements),
        profiles=profiles,
        sources=sources,  # type: ignore[arg-type]
        groups={str(k): str(v) for k, v in groups.items()},  # type: ignore[union-attr]
    )


@lru_cache(maxsize=4)
def load_taxonomy(path: str | None = None) -> Taxonomy:
    """The shipped taxonomy (or the file at ``path``), parsed once per process."""
    if path is None:
        raw = resources.files("pipeline").joinpath("data/taxonomy.json").read_bytes()
    else:
        raw = Path(path).read_bytes()
    return parse_taxonomy(raw)
