"""Reading order: positioned pieces of text (PDFium lines, pdfplumber words) into lines.

One mechanism for both passes: find a two-column gutter if the page has one, cut the page into
horizontal bands (full-width rows stand alone, two-column runs are read left column first), and
cluster the pieces of each column into lines by their vertical position.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from pipeline.model import BBox, ColumnSide, Line, LineSource


@dataclass(frozen=True)
class Piece:
    text: str
    bbox: BBox
    size: float | None


def gutter(pieces: list[Piece], page_width: float) -> float | None:
    """The x of a column gutter, if the page (or a part of it) is set in two columns."""
    if len(pieces) < 6 or page_width <= 0:
        return None
    lo, hi = page_width * 0.3, page_width * 0.7
    step = max(page_width / 200, 1.0)
    grid = []
    x = lo
    while x <= hi:
        grid.append(x)
        x += step
    xs = np.array(grid)
    x0 = np.array([p.bbox.x0 for p in pieces])[:, None]
    x1 = np.array([p.bbox.x1 for p in pieces])[:, None]
    # pieces crossing each candidate x; the first x with the fewest is the gutter candidate
    crossings = ((x0 < xs) & (xs < x1)).sum(axis=0)
    best = int(np.argmin(crossings))
    crossing, g = int(crossings[best]), grid[best]
    left = [p for p in pieces if p.bbox.x1 <= g]
    right = [p for p in pieces if p.bbox.x0 >= g]
    if len(left) < 3 or len(right) < 3 or crossing > 0.25 * len(pieces):
        return None
    # the two sides must run alongside each other, not one above the other
    overlap = min(max(p.bbox.bottom for p in left), max(p.bbox.bottom for p in right)) - max(
        min(p.bbox.top for p in left), min(p.bbox.top for p in right)
    )
    tallest = max(p.bbox.height for p in pieces)
    if overlap < 3 * tallest:
        return None
    # right-aligned dates or signatures beside left text are not a column: need many rows each side
    rows_left = len({round(p.bbox.top) for p in left})
    rows_right = len({round(p.bbox.top) for p in right})
    if min(rows_left, rows_right) < 4:
        return None
    return g


def _cluster_rows(pieces: list[Piece]) -> list[list[Piece]]:
    """Pieces on one printed line share a vertical band; half-width glyphs of CID fonts sit
    higher or lower than kanji, so compare centres against spans rather than tops."""
    rows: list[tuple[float, float, list[Piece]]] = []  # (top, bottom, pieces)
    for p in sorted(pieces, key=lambda q: ((q.bbox.top + q.bbox.bottom) / 2, q.bbox.x0)):
        centre = (p.bbox.top + p.bbox.bottom) / 2
        if rows:
            top, bottom, members = rows[-1]
            if top <= centre <= bottom or p.bbox.top <= (top + bottom) / 2 <= p.bbox.bottom:
                members.append(p)
                rows[-1] = (min(top, p.bbox.top), max(bottom, p.bbox.bottom), members)
                continue
        rows.append((p.bbox.top, p.bbox.bottom, [p]))
    return [members for _, _, members in rows]


def _row_line(
    row: list[Piece], page: int, source: LineSource, column: ColumnSide | None = None
) -> Line:
    row = sorted(row, key=lambda q: q.bbox.x0)
    text = row[0].text
    box = row[0].bbox
    for prev, cur in itertools.pairwise(row):
        gap = cur.bbox.x0 - prev.bbox.x1
        size = cur.size or cur.bbox.height or 10.0
        text += (" " if gap > 0.2 * size else "") + cur.text
        box = box.union(cur.bbox)
    sizes = [p.size for p in row if p.size]
    size = sorted(sizes)[len(sizes) // 2] if sizes else None
    return Line(
        text=text.strip(), page=page, bbox=box, font_size=size, source=source, column=column
    )


def _alongside(band: list[Piece], g: float) -> set[int]:
    """The pieces (by id) of a band of rows that no text crosses the gutter of which are set in
    columns: those of a stretch of rows, unbroken by a wide vertical gap, with text on both sides
    of the gutter, from where the later side begins. The rest is full-width text that happens to
    stop short of the gutter: a title or heading alone, a paragraph's last line just above the
    columns, lines under a running header whose right-hand part fills the other side."""
    rows = _cluster_rows(band)
    if not rows:
        return set()
    height = float(np.median([p.bbox.height for p in band]))
    stretches: list[list[list[Piece]]] = [[rows[0]]]
    for above, below in itertools.pairwise(rows):
        gap = min(p.bbox.top for p in below) - max(p.bbox.bottom for p in above)
        if gap > 2 * height:
            stretches.append([])
        stretches[-1].append(below)
    found: set[int] = set()
    for stretch in stretches:
        pieces = [p for row in stretch for p in row]
        tops = [
            min((p.bbox.top for p in pieces if (p.bbox.x1 <= g) == left), default=None)
            for left in (True, False)
        ]
        if tops[0] is None or tops[1] is None:
            continue
        begins = max(tops[0], tops[1])
        for row in stretch:
            for p in row:
                if p.bbox.bottom > begins:
                    found.add(id(p))
    return found


def assemble_lines(
    pieces: list[Piece], page: int, page_width: float, source: LineSource
) -> list[Line]:
    """Lines in reading order from positioned pieces of text."""
    pieces = [p for p in pieces if p.text.strip()]
    if not pieces:
        return []
    g = gutter(pieces, page_width)
    if g is None:
        return [_row_line(r, page, source) for r in _cluster_rows(pieces)]
    out: list[Line] = []
    band: list[Piece] = []

    def flush() -> None:
        left = [p for p in band if p.bbox.x1 <= g]
        right = [p for p in band if p.bbox.x1 > g]
        in_columns = _alongside(band, g)
        sides: tuple[tuple[list[Piece], ColumnSide], ...] = ((left, "left"), (right, "right"))
        for side, name in sides:
            for r in _cluster_rows(side):
                column = name if any(id(p) in in_columns for p in r) else None
                out.append(_row_line(r, page, source, column))
        band.clear()

    for row in _cluster_rows(pieces):
        spanning = any(p.bbox.x0 < g < p.bbox.x1 for p in row)
        if spanning:
            flush()
            out.append(_row_line(row, page, source))
        else:
            band.extend(row)
    flush()
    return out
