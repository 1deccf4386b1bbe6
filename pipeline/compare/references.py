"""Which documents a referencing clause (SEC.REFERENCED_DOCS) imports, and whether each is in the
tender package.

A requirement is *referenced* only when the document that imports it is not in the package
(taxonomy §3). An appendix attached to the same PDF (別紙1「個人情報取扱特記事項」 printed after
the specification) is analysed there as a section of its own, so a reference to it imports
nothing the analysis has not already seen: its obligations are present or missing on their own
merits.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from pipeline.model import Clause, DocumentStructure, Obligation
from pipeline.structure.numbering import parse_label, to_int

_NUMBER = r"[0-9０-９]+|[一二三四五六七八九十百〇]+"
# 別紙1「…」, 別添の「…」, 別添３, 別紙 (the unit, its number, the quoted title after it)
_ANNEX = re.compile(
    rf"(?P<unit>別紙|別添|別記|別冊)\s*(?:第?(?P<n>{_NUMBER})号?)?\s*(?:の\s*)?"
    r"(?:「(?P<title>[^」]{2,80})」)?"
)
_QUOTED = re.compile(r"「([^」]{3,80})」")
# what a quoted name must contain to be a document rather than a defined term (「本件事務」)
_DOCUMENT_WORD = re.compile(
    r"基準|ガイドライン|仕様書|特記事項|規程|規則|方針|要領|手順|条例|ポリシー|遵守事項|指針"
)
# national standards are not tender documents: following one is POLICY_COMPLIANCE, and nobody
# expects the tender package to carry it, so a reference to one imports no tender document
_NATIONAL_STANDARD = re.compile(r"統一基準|ガイドライン|標準指針")
# a document of the issuer's the clause does not name: 別途定める基準, 別に指示する手順
_UNNAMED_DOCUMENT = re.compile(r"別途|別に(?:定め|指示|示す|交付)")
_NOISE = re.compile(r"[\s「」『』（）()【】［］\[\]・、。]")


@dataclass(frozen=True)
class Reference:
    """One document a clause names: its annex unit and number where given, and its title."""

    unit: str | None  # 別紙 | 別添 | 別記 | 別冊
    number: int | None
    title: str | None

    @property
    def name(self) -> str:
        """As a reader would cite it: 別添「…」, 別紙2, 「…」."""
        head = f"{self.unit or ''}{self.number or ''}"
        return f"{head}「{self.title}」" if self.title else head or "別添の文書"


def _squeeze(text: str) -> str:
    return _NOISE.sub("", unicodedata.normalize("NFKC", text))


def named_references(text: str, frames: Iterable[Obligation] = ()) -> list[Reference]:
    """The documents ``text`` (a normalised clause) refers to, in order; the titles the
    obligation frames found (their `reference` slot) are added where the text did not give them.
    National standards named without an annex marker are left out."""
    out: list[Reference] = []
    taken: list[tuple[int, int]] = []
    for m in _ANNEX.finditer(text):
        n = m.group("n")
        out.append(Reference(m.group("unit"), to_int(n) if n else None, m.group("title")))
        taken.append(m.span())
    for m in _QUOTED.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        title = m.group(1)
        if _DOCUMENT_WORD.search(title) and not _NATIONAL_STANDARD.search(title):
            out.append(Reference(None, None, title))
    for f in frames:
        title = (f.reference or {}).get("title")
        if not title or _NATIONAL_STANDARD.search(title):
            continue
        if not any(r.title and _squeeze(r.title) == _squeeze(title) for r in out):
            out.append(Reference(None, None, title))
    return out


def _own_sections(structure: DocumentStructure, clause: Clause) -> set[str]:
    """The clause's section and the sections above it: a document does not attach itself."""
    parents = {s.id: s.parent_id for s in structure.sections}
    out, current = set(), clause.section_id
    while current is not None and current not in out:
        out.add(current)
        current = parents.get(current)
    return out


def _same_title(title: str, heading: str) -> bool:
    a, b = _squeeze(title), _squeeze(heading)
    if not a or not b:
        return False
    shorter = min(len(a), len(b))
    # an appendix heading often drops the issuer's name the citation carries (緑川県…特記事項)
    return a == b or (shorter >= 6 and (a in b or b in a))


def in_package(reference: Reference, structure: DocumentStructure, clause: Clause) -> bool:
    """Whether the document is a section of this one (by its annex number, or its title)."""
    own = _own_sections(structure, clause)
    for s in structure.sections:
        if s.id in own:
            continue
        label = parse_label(s.label or "") or parse_label(s.heading)
        heading = s.heading
        if label and label.kind.startswith("appendix") and s.heading.startswith(label.text):
            heading = s.heading[len(label.text) :]  # a heading that carries its own 別紙1
        if reference.unit and label and label.kind == f"appendix{reference.unit}":
            if label.ordinal == reference.number and (
                reference.title is None or _same_title(reference.title, heading)
            ):
                return True
        if reference.title and _same_title(reference.title, heading):
            return True
    return False


def imports_outside_package(
    clause: Clause, structure: DocumentStructure, frames: Iterable[Obligation] = ()
) -> list[Reference] | None:
    """The documents the referencing ``clause`` imports that the package does not carry: an
    empty list when every one it names is a section of this document, or it names only national
    standards; None when it names no document at all (別途定める, 別に指示する), which is then
    taken to be outside the package, since nothing shows that it is in it."""
    frames = list(frames)
    text = clause.normalized.text
    named = named_references(text, frames)
    if named:
        return [r for r in named if not in_package(r, structure, clause)]
    if _UNNAMED_DOCUMENT.search(text) or not _NATIONAL_STANDARD.search(text):
        return None
    return []  # a national standard alone
