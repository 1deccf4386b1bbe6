"""The typed objects that cross stage boundaries.

Every stage reads and returns these frozen dataclasses; library objects (pdfplumber pages, spaCy
docs) never leave the stage that made them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Status = Literal["ok", "no_security_section", "needs_ocr", "failed"]
LineSource = Literal["pdfium", "pdfplumber", "table", "text", "ocr"]
ColumnSide = Literal["left", "right"]


@dataclass(frozen=True)
class BBox:
    """A box in PDF points, pdfplumber's convention: origin top-left, y grows downwards."""

    x0: float
    top: float
    x1: float
    bottom: float

    def union(self, other: BBox) -> BBox:
        return BBox(
            min(self.x0, other.x0),
            min(self.top, other.top),
            max(self.x1, other.x1),
            max(self.bottom, other.bottom),
        )

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    def as_list(self) -> list[float]:
        return [round(self.x0, 2), round(self.top, 2), round(self.x1, 2), round(self.bottom, 2)]


@dataclass(frozen=True)
class Line:
    """One printed line: its surface text exactly as extracted, where it is and how big."""

    text: str
    page: int  # 1-based
    bbox: BBox | None
    font_size: float | None = None
    source: LineSource = "pdfium"
    confidence: float | None = None  # mean OCR word confidence (0-100) for OCR'd lines
    # the column the line was read in where the page is set in two columns side by side; None
    # for full-width text. Where a line ends is judged against its own column's right edge.
    column: ColumnSide | None = None


@dataclass(frozen=True)
class Page:
    number: int  # 1-based
    width: float
    height: float
    lines: tuple[Line, ...]
    # running headers, footers and page numbers, kept aside rather than dropped
    furniture: tuple[Line, ...] = ()
    has_text_layer: bool = True
    # "full" when pdfplumber's geometry pass read the page, "fast" for the pypdfium2 pass only
    geometry: Literal["fast", "full", "text"] = "fast"
    # clockwise degrees from the reading frame (text left to right; `width`, `height` and the
    # line boxes) to the page as a viewer shows it: /Rotate, turned or vertical (縦書き) text
    turn: int = 0

    def shown(self, box: BBox | None) -> BBox | None:
        """A reading-frame box as a box on the page as shown (what pdfplumber reports)."""
        if box is None or self.turn % 360 == 0:
            return box
        w, h = self.width, self.height
        if self.turn % 360 == 90:
            return BBox(h - box.bottom, box.x0, h - box.top, box.x1)
        if self.turn % 360 == 180:
            return BBox(w - box.x1, h - box.bottom, w - box.x0, h - box.top)
        return BBox(box.top, w - box.x1, box.bottom, w - box.x0)


@dataclass(frozen=True)
class DocumentError:
    """A coded, one-line problem with one document (or one of its pages)."""

    code: str
    message: str
    page: int | None = None

    def as_dict(self) -> dict:
        out: dict = {"code": self.code, "message": self.message}
        if self.page is not None:
            out["page"] = self.page
        return out


@dataclass(frozen=True)
class DocumentInfo:
    sha256: str | None
    path: str
    pages: int
    title: str | None


@dataclass(frozen=True)
class TenderDocument:
    """What ingestion produces: pages of lines in reading order, plus what went wrong."""

    info: DocumentInfo
    pages: tuple[Page, ...]
    errors: tuple[DocumentError, ...] = ()
    kind: Literal["pdf", "text"] = "pdf"

    def shown(self, page: int | None, box: BBox | None) -> BBox | None:
        """A box of page `page` (1-based) as the page is shown; see `Page.turn`."""
        if box is None or page is None or not 1 <= page <= len(self.pages):
            return box
        return self.pages[page - 1].shown(box)

    @property
    def pages_needing_ocr(self) -> tuple[int, ...]:
        return tuple(p.number for p in self.pages if not p.has_text_layer)


@dataclass(frozen=True)
class NormalizedText:
    """A normalised copy of a surface string with, for each of its characters, the index of the
    surface character it came from; the surface text itself is never rewritten."""

    text: str
    offsets: tuple[int, ...]  # per normalised character: start of its surface source
    ends: tuple[int, ...]  # per normalised character: end of its surface source
    surface_length: int

    def surface_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) span of the normalised text back to the surface text."""
        if start >= end:
            pos = self.offsets[start] if start < len(self.offsets) else self.surface_length
            return pos, pos
        return self.offsets[start], self.ends[end - 1]


@dataclass(frozen=True)
class Span:
    """Where a stretch [start, end) of a clause's surface text was printed."""

    page: int
    bbox: BBox | None
    start: int
    end: int


@dataclass(frozen=True)
class Section:
    id: str
    label: str | None
    heading: str
    level: int
    page: int
    end_page: int
    parent_id: str | None
    children: tuple[str, ...] = ()
    is_security: bool = False
    # why the section was judged to carry security obligations (heading match, body, parent)
    security_reason: str | None = None
    bbox: BBox | None = None  # of the heading line, on `page`


@dataclass(frozen=True)
class Clause:
    """One enumerated item, or one unnumbered paragraph, with its evidence location."""

    id: str
    section_id: str | None
    label: str | None
    text: str  # surface text as printed, line wraps joined
    normalized: NormalizedText
    page: int
    bbox: BBox | None
    spans: tuple[Span, ...] = ()
    parent_clause_id: str | None = None
    is_heading_like: bool = False
    ocr_confidence: float | None = None  # set when the clause was read by OCR


@dataclass(frozen=True)
class DocumentStructure:
    sections: tuple[Section, ...]
    clauses: tuple[Clause, ...]

    def section(self, section_id: str) -> Section:
        for s in self.sections:
            if s.id == section_id:
                return s
        raise KeyError(section_id)

    @property
    def security_sections(self) -> tuple[Section, ...]:
        return tuple(s for s in self.sections if s.is_security)

    @property
    def security_clauses(self) -> tuple[Clause, ...]:
        ids = {s.id for s in self.sections if s.is_security}
        return tuple(c for c in self.clauses if c.section_id in ids)


@dataclass(frozen=True)
class RequirementMatch:
    """A clause aligned to a requirement, with the evidence an analyst can check."""

    id: str  # e.g. "SEC.INCIDENT_REPORTING"
    score: float  # calibrated probability
    triggers: tuple[str, ...] = ()  # trigger expressions of the requirement found in the clause
    # the model features that weighed most for it, and the nearest corpus clauses that carry it
    features: tuple[str, ...] = ()
    # the IDs of those nearest corpus clauses (also named, as text, among `features`)
    similar: tuple[str, ...] = ()


@dataclass(frozen=True)
class Obligation:
    """One duty of a clause, in the contract's slot names (docs/contract.md); unstated slots are
    None, empty or False, never guessed."""

    requirement_id: str
    actor: str  # contractor | issuer | subcontractor | staff
    modality: str  # must | must_not | should | may
    conditional: bool = False
    deadline: dict | None = None  # {"text", "days", "qualifier", "anchor"}
    form: str | None = None
    approval: str | None = None
    scope: str | None = None
    exceptions: tuple[str, ...] = ()
    survival: bool = False
    flowdown: bool = False
    reference: dict | None = None  # {"title", "edition"}

    def as_dict(self) -> dict:
        return {
            "requirement_id": self.requirement_id,
            "actor": self.actor,
            "modality": self.modality,
            "conditional": self.conditional,
            "deadline": self.deadline,
            "form": self.form,
            "approval": self.approval,
            "scope": self.scope,
            "exceptions": list(self.exceptions),
            "survival": self.survival,
            "flowdown": self.flowdown,
            "reference": self.reference,
        }


@dataclass(frozen=True)
class Finding:
    """Something an analyst should look at, with the clauses and pages it rests on."""

    # missing, missing_element, weaker, stronger, outdated_reference, referenced_only, conflict
    kind: str
    requirement_id: str
    severity: str  # high | medium | low
    message: str  # English
    message_ja: str
    clause_ids: tuple[str, ...] = ()
    pages: tuple[int, ...] = ()  # the distinct pages of the clauses, ascending
    sections_searched: tuple[str, ...] = ()  # "<section id> <heading>", in the order searched
    # the page of each of `clause_ids`, in the same order (`pages` drops repeats, so it does not
    # line up with them)
    clause_pages: tuple[int, ...] = ()
    # a `missing` finding's near misses, as its message names them: the clause that scored
    # highest among the security clauses and among the clauses elsewhere searched for the
    # requirement (each only when it reached half the threshold), and that threshold
    closest: tuple[NearClause, ...] = ()

    def as_dict(self) -> dict:
        out: dict = {
            "kind": self.kind,
            "requirement_id": self.requirement_id,
            "severity": self.severity,
            "message": self.message,
            "message_ja": self.message_ja,
            "clause_ids": list(self.clause_ids),
            "pages": list(self.pages),
            "clause_pages": list(self.clause_pages),
        }
        if self.sections_searched:
            out["sections_searched"] = list(self.sections_searched)
        if self.closest:
            out["closest"] = [c.as_dict() for c in self.closest]
        return out


@dataclass(frozen=True)
class NearClause:
    """The clause that came closest to covering a requirement no clause covers."""

    clause_id: str
    page: int
    score: float
    threshold: float
    in_security_section: bool  # False: found in the search of the document's other sections

    def as_dict(self) -> dict:
        return {
            "clause_id": self.clause_id,
            "page": self.page,
            "score": self.score,
            "threshold": self.threshold,
            "in_security_section": self.in_security_section,
        }


@dataclass(frozen=True)
class TenderAnalysis:
    """The whole result for one document; serialised as the contract's per-document JSON."""

    document: DocumentInfo
    status: Status
    errors: tuple[DocumentError, ...]
    structure: DocumentStructure
    profiles: tuple[str, ...] = ()
    provenance: dict = field(default_factory=dict)
    # clause id -> its requirement matches and obligation frames: every security clause, and the
    # clauses of other sections that cover a profile requirement no security clause covers (with
    # that requirement only)
    requirements: dict[str, tuple[RequirementMatch, ...]] = field(default_factory=dict)
    obligations: dict[str, tuple[Obligation, ...]] = field(default_factory=dict)
    # why each profile applies (guessed from the document, or chosen by the analyst)
    profile_reasons: dict[str, str] = field(default_factory=dict)
    coverage: dict[str, str] = field(
        default_factory=dict
    )  # requirement ID -> present|missing|referenced
    findings: tuple[Finding, ...] = ()
