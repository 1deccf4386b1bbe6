"""From lines to the section tree and its clauses.

Lines become blocks (a numbered item or a paragraph, joined across line wraps and page breaks);
an outline stack of numbering schemes places each block under its parent; a numbered or plain
heading with content under it becomes a section, everything else a clause.
"""

from __future__ import annotations

import itertools
import re
import statistics
from dataclasses import dataclass, field, replace

import numpy as np

from pipeline.model import (
    BBox,
    Clause,
    DocumentStructure,
    Line,
    Section,
    Span,
    TenderDocument,
)
from pipeline.structure.numbering import Label, iroha_ordinal, parse_label
from pipeline.structure.security import mark_security
from pipeline.text import normalize

HEADING_MAX_CHARS = 40
# a line printed below this share of the body's type size, at the foot of a page, is a footnote
FOOTNOTE_SHARE = 0.9
_SENTENCE_END = ("。", "．", "」", "）", ")", "：", ":")
_BRACKET_HEADING = re.compile(r"^[【［\[〔<＜《](?P<h>[^】］\]〕>＞》]{1,40})[】］\]〕>＞》]$")
# an article's caption on the line above it, as statutes print them:
# 「（秘密の保持）」, then 「第11条　…」
_CAPTION = re.compile(r"^[（(](?P<h>[^（）()、。]{1,24})[）)]$")
_PLAIN_HEADING = re.compile(
    r"(?:情報セキュリティ|機密保持|秘密保持|秘密の保持|守秘義務|個人情報|特定個人情報|遵守事項|再委託)"
    r"[^、。]{0,20}"
    r"|[^、。]{1,24}(?:に関する事項|について|の取扱い?|特記事項|遵守事項)"
)


@dataclass
class _Block:
    lines: list[Line]
    label: Label | None
    kind: str | None  # outline kind: a label's scheme, "plain" or "bracket" for unnumbered headings
    parent: int | None = None
    children: list[int] = field(default_factory=list)
    heading_like: bool = False
    is_title: bool = False

    @property
    def text(self) -> str:
        return _join([ln.text for ln in self.lines])[0]


def _join(texts: list[str]) -> tuple[str, list[tuple[int, int]]]:
    """Join wrapped lines: no space between Japanese, one space between two Latin words."""
    out = ""
    ranges: list[tuple[int, int]] = []
    for t in texts:
        t = t.strip()
        if (
            out
            and t
            and out[-1].isascii()
            and out[-1].isalnum()
            and t[0].isascii()
            and t[0].isalnum()
        ):
            out += " "
        ranges.append((len(out), len(out) + len(t)))
        out += t
    return out, ranges


def _page_metrics(lines: list[Line]) -> dict[int, tuple[float, float]]:
    """Per line index: (right edge of its column, typical line pitch) from geometry."""
    metrics: dict[int, tuple[float, float]] = {}
    by_page: dict[int, list[int]] = {}
    for i, ln in enumerate(lines):
        if ln.bbox is not None and ln.source != "table":
            by_page.setdefault(ln.page, []).append(i)
    for idxs in by_page.values():
        pitches = [
            lines[b].bbox.top - lines[a].bbox.top  # type: ignore[union-attr]
            for a, b in itertools.pairwise(idxs)
            if 0 < lines[b].bbox.top - lines[a].bbox.top < 40  # type: ignore[union-attr]
        ]
        pitch = statistics.median(pitches) if pitches else 0.0
        # each column of a two-column stretch, and the page's full-width text, has its own right
        # edge: measured against full-width lines above it, every line of a left column would
        # look like a deliberate line end
        regions: dict[str | None, list[int]] = {}
        for i in idxs:
            regions.setdefault(lines[i].column, []).append(i)
        for region in regions.values():
            for i, right in zip(region, _column_rights(lines, region), strict=True):
                metrics[i] = (right, pitch)
    return metrics


def _column_rights(lines: list[Line], idxs: list[int]) -> list[float]:
    """A line's column ends at the rightmost line of its region overlapping it horizontally
    (itself included)."""
    x0 = np.array([lines[i].bbox.x0 for i in idxs])  # type: ignore[union-attr]
    x1 = np.array([lines[i].bbox.x1 for i in idxs])  # type: ignore[union-attr]
    overlaps = (x0[None, :] < x1[:, None]) & (x1[None, :] > x0[:, None])
    rights = np.where(overlaps, x1[None, :], -np.inf).max(axis=1, initial=-np.inf)
    return [float(r) if np.isfinite(r) else float(x1[k]) for k, r in enumerate(rights)]


class _Outline:
    """The stack of open numbering schemes, innermost last, and the last place each scheme stood,
    so that a list interrupted by an unnumbered heading can resume at its own level."""

    # unnumbered headings: printed larger than the body ("display"), or recognised by their
    # wording ("plain") or their brackets ("bracket")
    UNNUMBERED = ("display", "plain", "bracket")
    CHAPTERS = ("dai章", "dai部", "dai編", "dai節")

    def __init__(self) -> None:
        self.stack: list[tuple[str, int | None, int]] = []  # (kind, ordinal, block index)
        self.history: dict[str, tuple[int | None, list[tuple[str, int | None, int]]]] = {}

    @staticmethod
    def _follows(ordinal: int | None, previous: int | None) -> bool:
        # one skipped number is tolerated: issuers renumber and drafts lose items
        return ordinal is not None and previous is not None and previous < ordinal <= previous + 2

    def accepts(self, label: Label) -> bool:
        kind = label.kind
        if kind.startswith(("appendix", "bullet")):
            return True
        for k, ordinal, _ in reversed(self.stack):
            if k == kind:
                return self._follows(label.ordinal, ordinal)
            if k == "iroha" and kind == "kata":
                return self._follows(iroha_ordinal(label), ordinal)
        if not self.stack or kind.startswith("dai"):
            return True
        if self._article_paragraph(label) is not None:
            return True
        if kind in self.history and self._follows(label.ordinal, self.history[kind][0]):
            return True
        return label.is_first or (kind == "kata" and iroha_ordinal(label) == 1)

    def place(self, kind: str, ordinal: int | None, index: int, label: Label | None) -> int | None:
        """Put a block on the stack; return its parent's block index."""
        if kind.startswith("appendix") or kind == "display":
            # appendices and headings printed larger than the text start a new top-level part
            self.stack.clear()
        elif kind in ("dai章", "dai部", "dai編"):
            # a chapter, part or volume is never inside a numbered item: 「４．事業の内容」 then
            # 「第５章　情報セキュリティ…」 are siblings in two schemes, not a chapter in item 4
            while self.stack and not self.stack[-1][0].startswith(("dai", "appendix", "display")):
                self.stack.pop()
        elif kind == "caption":
            # an article's caption opens the article: it closes the previous article and its items
            while self.stack and not self.stack[-1][0].startswith(
                (*self.CHAPTERS, "appendix", *self.UNNUMBERED)
            ):
                self.stack.pop()
        elif kind in self.UNNUMBERED:
            # an unnumbered heading closes the numbered items, not the chapters around it
            while self.stack and not self.stack[-1][0].startswith(
                ("dai", "appendix", *self.UNNUMBERED)
            ):
                self.stack.pop()
        elif kind == "kata" and label is not None:
            for k, _, _ in self.stack:
                if k == "iroha":
                    kind = "iroha"
                    ordinal = iroha_ordinal(label)
                    break
            else:
                if (
                    label.text.startswith("イ")
                    and label.ordinal == 2
                    and not any(k == "kata" for k, _, _ in self.stack)
                ):
                    kind, ordinal = "iroha", 1
        if label is not None and (article := self._article_paragraph(label)) is not None:
            # 「２」 of an article belongs to the article, not to the article's last 号 (一、二…)
            del self.stack[article + 1 :]
        if all(k != kind for k, _, _ in self.stack) and kind in self.history:
            previous, parents = self.history[kind]
            if (
                label is not None
                and self._follows(ordinal, previous)
                and not label.is_first
                and not (kind == "dai条" and self._new_chapter_since(parents))
            ):
                self.stack = list(parents)
        for depth in range(len(self.stack) - 1, -1, -1):
            if self.stack[depth][0] == kind:
                del self.stack[depth:]
                break
        parent = self.stack[-1][2] if self.stack else None
        self.history[kind] = (ordinal, list(self.stack))
        self.stack.append((kind, ordinal, index))
        return parent

    def _article_paragraph(self, label: Label) -> int | None:
        """The stack depth of the article (第N条) whose second paragraph (項) ``label`` numbers.

        An article's first paragraph is the article's own text, unnumbered; its second is
        printed 「２」, so a 2 that no open list expects is the article's paragraph, not a list
        starting at 2."""
        if label.kind != "num_space" or label.ordinal != 2:
            return None
        for depth in range(len(self.stack) - 1, -1, -1):
            kind = self.stack[depth][0]
            if kind == "num_space":
                return None
            if kind == "dai条":
                return depth
        return None

    def _new_chapter_since(self, parents: list[tuple[str, int | None, int]]) -> bool:
        """Has a chapter (or an article's caption) opened since the list was left? Articles
        (第N条) are numbered through the whole document, so 第9条 after 「第3章」 continues
        第8条's numbering in a new chapter, not chapter 2's list. (Other lists do resume across
        a chapter: 「４．」, 「第５章」, 「６．」 is one sequence.)"""
        kept = {index for _, _, index in parents}
        return any(
            (k in self.CHAPTERS or k == "caption") and index not in kept
            for k, _, index in self.stack
        )

    @property
    def top(self) -> int | None:
        return self.stack[-1][2] if self.stack else None


def _plain_heading_kind(line: Line, body_size: float | None, title: str | None) -> str | None:
    text = line.text.strip()
    squeezed = re.sub(r"[\s\u3000]+", "", text)
    if (
        not squeezed
        or len(squeezed) > HEADING_MAX_CHARS
        or "。" in squeezed
        or squeezed.endswith("、")
    ):
        return None
    if _BRACKET_HEADING.match(squeezed):
        return "bracket"
    if (
        _PLAIN_HEADING.fullmatch(squeezed)
        and len(squeezed) <= 30
        and not (line.font_size and body_size and line.font_size >= body_size * 1.15)
    ):
        return "plain"
    if (
        title is not None
        and squeezed == re.sub(r"[\s\u3000]+", "", title)
        and (not line.font_size or not body_size or line.font_size >= body_size)
    ):
        return "title"
    if line.font_size and body_size and line.font_size >= body_size * 1.15:
        return "display"
    if _PLAIN_HEADING.fullmatch(squeezed) and len(squeezed) <= 30:
        return "plain"
    return None


def _is_caption(lines: list[Line], index: int) -> bool:
    """Is ``lines[index]`` an article's caption: 「（見出し）」 alone, the next line 「第N条」?"""
    if not _CAPTION.match(re.sub(r"[\s\u3000]+", "", lines[index].text)):
        return False
    for nxt in lines[index + 1 :]:
        if nxt.text.strip():
            label = parse_label(nxt.text)
            return label is not None and label.kind == "dai条"
    return False


def _resumes_list(outline: _Outline, blocks: list[_Block], label: Label, line: Line) -> bool:
    """Does a labelled line that looks like the wrap of a full previous line rather start the next
    item of a list the paragraph sits under? It does when it is printed where that list's items
    are: `３．履行期間` / `　令和７年…まで` filling a narrow column / `４．業務内容` at the x of
    `３．`. A paragraph's own continuation (`(2)…` / `(3)に記載の…`) is the guarded case: the
    paragraph is then that item itself, or is indented under it."""
    if not blocks or line.bbox is None:
        return False
    current = blocks[-1]
    for kind, _, index in reversed(outline.stack):
        if kind != label.kind:
            continue
        if index == len(blocks) - 1:
            return False
        sibling = blocks[index].lines[0]
        if sibling.bbox is None or sibling.column != line.column:
            return False
        size = line.font_size or line.bbox.height or 10.0
        starts = [ln.bbox.x0 for ln in current.lines if ln.bbox is not None]
        return (
            abs(sibling.bbox.x0 - line.bbox.x0) <= 0.3 * size
            # printed left of every line of the paragraph it would continue
            and bool(starts)
            and min(starts) - line.bbox.x0 > 0.5 * size
        )
    return False


def _same_paragraph_geometry(prev: Line, line: Line) -> bool:
    """Could ``line`` continue ``prev``'s paragraph: same type size, no wide vertical gap."""
    if (
        prev.font_size
        and line.font_size
        and abs(prev.font_size - line.font_size) > 0.1 * max(prev.font_size, line.font_size)
    ):
        return False
    if prev.page == line.page and prev.bbox is not None and line.bbox is not None:
        height = max(prev.bbox.height, line.bbox.height, 1.0)
        if line.bbox.top - prev.bbox.bottom > 1.6 * height:
            return False
    return True


def _is_short(line: Line, metrics: dict[int, tuple[float, float]], index: int) -> bool:
    """Did the line end before its column's right edge (a deliberate line end)?"""
    if line.bbox is None or index not in metrics:
        return True
    right, _ = metrics[index]
    size = line.font_size or line.bbox.height or 10.0
    # a full line may stop up to a character short of the edge, or hang one past it
    return line.bbox.x1 < right - 2.5 * size


def _footnotes_after_their_paragraph(
    lines: list[Line], body_size: float | None, metrics: dict[int, tuple[float, float]]
) -> list[Line]:
    """Footnotes printed at the foot of a page whose last paragraph runs on to the next page are
    read after that paragraph's end: between its two halves they would cut the clause in two
    (and, labelled 「※１」, make its first half the heading of a section)."""
    if not body_size:
        return lines
    small = FOOTNOTE_SHARE * body_size
    pages: dict[int, list[int]] = {}
    for i, ln in enumerate(lines):
        pages.setdefault(ln.page, []).append(i)
    order = list(range(len(lines)))
    numbers = sorted(pages)
    for number, after in itertools.pairwise(numbers):
        idxs = pages[number]
        k = len(idxs)
        while k > 0 and (lines[idxs[k - 1]].font_size or body_size) < small:
            k -= 1
        notes = idxs[k:]
        if not notes or k == 0:
            continue
        anchor = idxs[k - 1]
        last, first_note = lines[anchor], lines[notes[0]]
        if (
            last.bbox is None
            or first_note.bbox is None
            or first_note.bbox.top < last.bbox.bottom
            or (last.font_size or 0.0) < small
            or last.text.rstrip().endswith(_SENTENCE_END)
            or _is_short(last, metrics, anchor)
        ):
            continue
        # the paragraph runs on at the top of the next page, to its first line that ends it
        following = pages[after]
        end = 0
        while (
            end + 1 < len(following)
            and not lines[following[end]].text.rstrip().endswith(_SENTENCE_END)
            and not _is_short(lines[following[end]], metrics, following[end])
        ):
            end += 1
        at = order.index(following[end]) + 1
        for i in notes:
            order.remove(i)
        at -= len(notes)
        order[at:at] = notes
    return [lines[i] for i in order]


def build_structure(doc: TenderDocument) -> DocumentStructure:
    lines = [ln for page in doc.pages for ln in page.lines]
    sizes = [ln.font_size for ln in lines if ln.font_size]
    body_size = statistics.median(sizes) if sizes else None
    metrics = _page_metrics(lines)
    moved = _footnotes_after_their_paragraph(lines, body_size, metrics)
    if moved != lines:
        lines = moved
        metrics = _page_metrics(lines)
    outline = _Outline()
    blocks: list[_Block] = []
    closed = True  # the current block takes no more lines
    title_seen = False

    for i, line in enumerate(lines):
        text = line.text
        if not text.strip():
            continue
        prev = lines[i - 1] if i > 0 else None
        label = parse_label(text)
        if label is not None and not outline.accepts(label):
            label = None
        # the previous line ran to the edge without ending its sentence: this line continues it,
        # even when it happens to begin with `・`, `(3)に記載の` or `個人情報について`
        wrapped = (
            prev is not None
            and not closed
            and prev.bbox is not None
            and line.bbox is not None
            and _same_paragraph_geometry(prev, line)
            and not _is_short(prev, metrics, i - 1)
            and not prev.text.rstrip().endswith(_SENTENCE_END)
        )
        if wrapped and not (label is not None and _resumes_list(outline, blocks, label, line)):
            label = None
        heading_kind = (
            None
            if label or line.source == "table"
            else _plain_heading_kind(line, body_size, doc.info.title)
        )
        if heading_kind is None and label is None and not wrapped and _is_caption(lines, i):
            heading_kind = "caption"
        if heading_kind is not None and wrapped:
            heading_kind = None
        if heading_kind == "title" and (title_seen or line.page > 1):
            heading_kind = "display"

        starts = closed or label is not None or heading_kind is not None or line.source == "table"
        if not starts and prev is not None:
            prev_text = prev.text.rstrip()
            if line.source == "text" or prev.source == "text":
                # plain text: a line is a paragraph unless the previous one was visibly hard-wrapped
                starts = prev_text.endswith(_SENTENCE_END) or (
                    len(prev_text) < 25 and not prev_text.endswith(("、", "，", ","))
                )
            elif _is_short(prev, metrics, i - 1) or not _same_paragraph_geometry(prev, line):
                starts = True
            elif (
                prev_text.endswith(_SENTENCE_END)
                and prev.page == line.page
                and prev.bbox
                and line.bbox
            ):
                pitch = metrics.get(i, (0.0, 0.0))[1]
                starts = pitch > 0 and line.bbox.top - prev.bbox.top > pitch * 1.08
        if not starts:
            blocks[-1].lines.append(line)
            continue

        index = len(blocks)
        if heading_kind == "title":
            title_seen = True
            blocks.append(_Block([line], None, None, is_title=True))
            closed = True
            continue
        kind = label.kind if label else heading_kind
        block = _Block([line], label, kind)
        if kind is not None:
            block.parent = outline.place(kind, label.ordinal if label else None, index, label)
        else:
            block.parent = outline.top
        blocks.append(block)
        closed = line.source == "table" or heading_kind is not None

    for index, block in enumerate(blocks):
        if block.parent is not None:
            blocks[block.parent].children.append(index)
        content = block.text[block.label.end - block.label.start :] if block.label else block.text
        content = content.strip()
        is_appendix = block.label is not None and block.label.kind.startswith("appendix")
        block.heading_like = (
            block.kind is not None
            and not block.kind.startswith("bullet")
            and len(block.lines) == 1
            and len(re.sub(r"\s+", "", content)) <= HEADING_MAX_CHARS
            and "。" not in content
            and not content.endswith(("、", "，", ","))
            and (bool(content) or is_appendix)
        )
    _adopt_appendix_titles(blocks)
    structure = _emit(blocks)
    if any(page.turn for page in doc.pages):
        sections, clauses = _as_shown(doc, list(structure.sections), list(structure.clauses))
        structure = DocumentStructure(tuple(sections), tuple(clauses))
    return structure


def _adopt_appendix_titles(blocks: list[_Block]) -> None:
    """`別紙1` alone on its line, with its title on the next line: one heading."""
    for index, block in enumerate(blocks):
        if not (block.label and block.label.kind.startswith("appendix")):
            continue
        content = block.text[block.label.end - block.label.start :].strip()
        if content or index + 1 >= len(blocks):
            continue
        nxt = blocks[index + 1]
        if nxt.label is None and len(nxt.lines) == 1 and nxt.parent == index:
            t = nxt.text.strip()
            if len(t) <= HEADING_MAX_CHARS and "。" not in t:
                block.lines.extend(nxt.lines)
                nxt.lines = []
                block.heading_like = True


def _emit(blocks: list[_Block]) -> DocumentStructure:
    is_section = [
        b.heading_like and b.kind is not None and any(blocks[c].lines for c in b.children)
        for b in blocks
    ]
    section_ids: dict[int, str] = {}
    clause_ids: dict[int, str] = {}
    for index, block in enumerate(blocks):
        if not block.lines or block.is_title:
            continue
        if is_section[index]:
            section_ids[index] = f"s{len(section_ids) + 1}"
        else:
            clause_ids[index] = f"c{len(clause_ids) + 1}"

    def enclosing_section(index: int) -> int | None:
        parent = blocks[index].parent
        while parent is not None and not is_section[parent]:
            parent = blocks[parent].parent
        return parent

    def level(index: int) -> int:
        depth, parent = 1, enclosing_section(index)
        while parent is not None:
            depth += 1
            parent = enclosing_section(parent)
        return depth

    def last_page(index: int) -> int:
        page = blocks[index].lines[-1].page if blocks[index].lines else 0
        for child in blocks[index].children:
            page = max(page, last_page(child))
        return page

    sections: list[Section] = []
    for index in section_ids:
        block = blocks[index]
        parent = enclosing_section(index)
        children = tuple(section_ids[c] for c in _descendant_sections(blocks, index, is_section))
        text, _ = _join([ln.text for ln in block.lines])
        heading = (
            text[block.label.end - block.label.start :].strip() if block.label else text.strip()
        )
        if block.kind == "bracket":
            heading = _BRACKET_HEADING.sub(r"\g<h>", heading)
        elif block.kind == "caption":
            heading = _CAPTION.sub(r"\g<h>", re.sub(r"[\s\u3000]+", "", heading))
        sections.append(
            Section(
                id=section_ids[index],
                label=block.label.text if block.label else None,
                heading=heading,
                level=level(index),
                page=block.lines[0].page,
                end_page=last_page(index),
                parent_id=section_ids.get(parent) if parent is not None else None,
                children=children,
                bbox=block.lines[0].bbox,
            )
        )

    clauses: list[Clause] = []
    for index in clause_ids:
        block = blocks[index]
        parent_section = enclosing_section(index)
        parent_clause = (
            block.parent if block.parent is not None and block.parent in clause_ids else None
        )
        clauses.append(
            _clause(
                block,
                clause_ids[index],
                section_ids.get(parent_section) if parent_section is not None else None,
                clause_ids.get(parent_clause) if parent_clause is not None else None,
            )
        )
    sections, clauses = mark_security(sections, clauses)
    return DocumentStructure(tuple(sections), tuple(clauses))


def _as_shown(
    doc: TenderDocument, sections: list[Section], clauses: list[Clause]
) -> tuple[list[Section], list[Clause]]:
    """Evidence boxes on the page as a viewer shows it: layout worked in each page's reading
    frame, which differs on turned pages."""
    sections = [replace(s, bbox=doc.shown(s.page, s.bbox)) for s in sections]
    clauses = [
        replace(
            c,
            bbox=doc.shown(c.page, c.bbox),
            spans=tuple(replace(x, bbox=doc.shown(x.page, x.bbox)) for x in c.spans),
        )
        for c in clauses
    ]
    return sections, clauses


def _descendant_sections(blocks: list[_Block], index: int, is_section: list[bool]) -> list[int]:
    out: list[int] = []
    for child in blocks[index].children:
        if is_section[child]:
            out.append(child)
        else:
            out.extend(_descendant_sections(blocks, child, is_section))
    return out


def _clause(block: _Block, clause_id: str, section_id: str | None, parent_id: str | None) -> Clause:
    full, ranges = _join([ln.text for ln in block.lines])
    cut = 0
    if block.label is not None:
        # the label and its spaces sit at the start of the first line, which was stripped on joining
        first = block.lines[0].text
        cut = block.label.end - (len(first) - len(first.lstrip()))
    text = full[cut:]
    spans: list[Span] = []
    for ln, (a, b) in zip(block.lines, ranges, strict=False):
        a, b = max(a - cut, 0), b - cut
        if b > a:
            spans.append(Span(ln.page, ln.bbox, a, b))
    first_page = block.lines[0].page
    boxes = [s.bbox for s in spans if s.page == first_page and s.bbox is not None]
    bbox: BBox | None = None
    for box in boxes:
        bbox = box if bbox is None else bbox.union(box)
    return Clause(
        id=clause_id,
        section_id=section_id,
        label=block.label.text if block.label else None,
        text=text,
        normalized=normalize(text),
        page=first_page,
        bbox=bbox,
        spans=tuple(spans),
        parent_clause_id=parent_id,
        is_heading_like=block.heading_like,
        ocr_confidence=min(
            (
                ln.confidence
                for ln in block.lines
                if ln.source == "ocr" and ln.confidence is not None
            ),
            default=None,
        ),
    )
