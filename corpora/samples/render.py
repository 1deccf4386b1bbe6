"""Render tender specifications written in the samples' source format to PDF with reportlab.

The format (see README.md beside this file): `#key value` metadata lines at the top, then one
paragraph per line (2 leading ASCII spaces per indent level), and the directives `::heading`,
`::pagebreak`, `::table` … `::end`, `::columns` … `::end`. The output carries what real tenders
carry: a running header, page numbers in the footer, wrapped paragraphs with hanging indents, a
ruled table, two-column pages, and either a non-embedded CID font (HeiseiMin-W3 /
HeiseiKakuGo-W5, as many issuers' tools write them) or an embedded subset of an IPAex TrueType
font. Output is byte-for-byte reproducible (reportlab's invariant mode).

    python corpora/samples/render.py            # re-render every *.spec.txt beside this file
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from reportlab import rl_config
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

rl_config.invariant = 1

TTF_FONTS = {
    "IPAexMincho": [
        "/usr/share/fonts/opentype/ipaexfont-mincho/ipaexm.ttf",
        "/usr/share/fonts/truetype/fonts-japanese-mincho.ttf",
    ],
    "IPAexGothic": [
        "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf",
        "/usr/share/fonts/truetype/fonts-japanese-gothic.ttf",
    ],
}
CID_FONTS = ("HeiseiMin-W3", "HeiseiKakuGo-W5")
# characters that may not start a line (kinsoku): they hang into the margin instead
NO_LINE_START = set("、。，．）」』】〕)]！？!?ー・：:；;")
INDENT_RE = re.compile(r"^((?:  )*)")
LABEL_RE = re.compile(
    r"^(第[0-9０-９一二三四五六七八九十百]+[章節条款]?|別紙[0-9０-９]*|別添[0-9０-９]*|別記[0-9０-９]*|"
    r"[0-9０-９]+(?:[.．\-－][0-9０-９]+)*[.．]?|[（(][0-9０-９a-zA-Zア-ン一-十]+[）)]|"
    r"[①-⑳]|[ア-ン]|[a-zａ-ｚ][.．)）]|[・●○■□◆])[\s　]"
)


class FontUnavailable(RuntimeError):
    """The TrueType font a document asks for is not installed (Debian: fonts-ipaexfont-*)."""


def font_available(name: str) -> bool:
    return name in CID_FONTS or any(Path(p).exists() for p in TTF_FONTS.get(name, []))


def register_font(name: str) -> str:
    if name in pdfmetrics.getRegisteredFontNames():
        return name
    if name in CID_FONTS:
        pdfmetrics.registerFont(UnicodeCIDFont(name))
        return name
    for candidate in TTF_FONTS.get(name, []):
        if Path(candidate).exists():
            pdfmetrics.registerFont(TTFont(name, candidate))
            return name
    raise FontUnavailable(f"font {name!r} is not installed; install Debian's fonts-ipaexfont")


@dataclass
class Block:
    kind: str  # para, heading, pagebreak, table, columns
    text: str = ""
    indent: int = 0
    rows: list[list[str]] = field(default_factory=list)
    children: list[Block] = field(default_factory=list)


@dataclass
class Spec:
    meta: dict[str, str]
    blocks: list[Block]


def parse_spec(source: str) -> Spec:
    meta: dict[str, str] = {}
    blocks: list[Block] = []
    stack: list[Block] = []
    lines = source.splitlines()
    i = 0
    while i < len(lines) and (lines[i].startswith("#") or not lines[i].strip()):
        if lines[i].startswith("#"):
            key, _, value = lines[i][1:].partition(" ")
            meta[key.strip()] = value.strip()
        i += 1
    for raw in lines[i:]:
        if not raw.strip():
            continue
        target = stack[-1].children if stack and stack[-1].kind == "columns" else blocks
        stripped = raw.strip()
        if stripped == "::end":
            if stack:
                stack.pop()
            continue
        if stack and stack[-1].kind == "table":
            stack[-1].rows.append([c.strip() for c in stripped.split(" | ")])
            continue
        if stripped == "::pagebreak":
            target.append(Block("pagebreak"))
        elif stripped.startswith("::heading"):
            target.append(Block("heading", stripped[len("::heading") :].strip()))
        elif stripped == "::table":
            block = Block("table")
            target.append(block)
            stack.append(block)
        elif stripped == "::columns":
            block = Block("columns")
            blocks.append(block)
            stack.append(block)
        else:
            indent = len(INDENT_RE.match(raw).group(1)) // 2
            target.append(Block("para", stripped, indent))
    return Spec(meta, blocks)


@dataclass
class Layout:
    """How to print: font, sizes, margins and the artefacts to reproduce."""

    font: str = "HeiseiMin-W3"
    size: float = 10.5
    leading: float = 16.0
    margin_x: float = 62.0
    margin_top: float = 72.0
    margin_bottom: float = 72.0
    header: str | None = None
    page_numbers: str | None = "- {n} -"
    hanging_indent: bool = True
    heading_size: float = 14.0
    # extra space after each paragraph, in points (0 = none, as many issuers print)
    para_gap: float = 2.0


class Renderer:
    def __init__(self, path: Path | str, layout: Layout, title: str = "") -> None:
        self.layout = layout
        self.font = register_font(layout.font)
        self.page_w, self.page_h = A4
        self.c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
        self.c.setTitle(title)
        self.c.setAuthor("TenderLens sample generator")
        self.page_no = 0
        self.columns: list[tuple[float, float]] = []
        self.column = 0
        self.y = 0.0
        self._new_page()

    # -- pages and columns -------------------------------------------------------------------
    def _decorate(self) -> None:
        lay = self.layout
        self.c.setFont(self.font, 8)
        if lay.header:
            self.c.drawRightString(self.page_w - lay.margin_x, self.page_h - 36, lay.header)
        if lay.page_numbers:
            self.c.drawCentredString(self.page_w / 2, 36, lay.page_numbers.format(n=self.page_no))

    def _new_page(self) -> None:
        if self.page_no:
            self.c.showPage()
        self.page_no += 1
        self._decorate()
        lay = self.layout
        self.columns = [(lay.margin_x, self.page_w - lay.margin_x)]
        self.column = 0
        self.y = self.page_h - lay.margin_top

    def _two_columns(self, on: bool) -> None:
        lay = self.layout
        if on:
            if self.y < self.page_h - lay.margin_top:
                self._new_page()
            mid = self.page_w / 2
            gutter = 14.0
            self.columns = [
                (lay.margin_x, mid - gutter),
                (mid + gutter, self.page_w - lay.margin_x),
            ]
            self.column = 0
        else:
            self._new_page()

    def _advance(self, dy: float) -> None:
        if self.y - dy < self.layout.margin_bottom:
            if self.column + 1 < len(self.columns):
                self.column += 1
                self.y = self.page_h - self.layout.margin_top
            else:
                cols = len(self.columns)
                self._new_page()
                if cols == 2:
                    self._two_columns(True)
        self.y -= dy

    # -- text ----------------------------------------------------------------------------------
    def width(self, text: str, size: float | None = None) -> float:
        return pdfmetrics.stringWidth(text, self.font, size or self.layout.size)

    def wrap(self, text: str, first_width: float, rest_width: float) -> list[str]:
        out: list[str] = []
        current = ""
        limit = first_width
        for ch in text:
            if current and self.width(current + ch) > limit and ch not in NO_LINE_START:
                out.append(current)
                current = ""
                limit = rest_width
            current += ch
        if current:
            out.append(current)
        return out

    def paragraph(self, text: str, indent: int) -> None:
        lay = self.layout
        left, right = self.columns[self.column]
        x = left + indent * lay.size
        hang = 0.0
        m = LABEL_RE.match(text)
        if m and lay.hanging_indent:
            hang = self.width(m.group(0))
        lines = self.wrap(text, right - x, right - x - hang)
        for k, line in enumerate(lines):
            self._advance(lay.leading)
            # set per line: a page break inside the paragraph switched to the header's font size
            self.c.setFont(self.font, lay.size)
            left, right = self.columns[self.column]
            x = left + indent * lay.size
            self.c.drawString(x + (hang if k else 0.0), self.y, line)
        self.y -= lay.para_gap

    def heading(self, text: str) -> None:
        lay = self.layout
        self._advance(lay.heading_size * 1.8)
        self.c.setFont(self.font, lay.heading_size)  # after _advance, which may start a page
        left, right = self.columns[self.column]
        self.c.drawCentredString((left + right) / 2, self.y, text)
        self.y -= lay.heading_size * 0.6

    def table(self, rows: list[list[str]]) -> None:
        lay = self.layout
        left, right = self.columns[self.column]
        ncols = max(len(r) for r in rows)
        widths = [
            max(self.width(r[k]) if k < len(r) else 0 for r in rows) + 12 for k in range(ncols)
        ]
        scale = min(1.0, (right - left) / sum(widths))
        widths = [w * scale for w in widths]
        row_h = lay.leading + 6
        self._advance(6)
        for row in rows:
            self._advance(row_h)
            x = left
            self.c.setFont(self.font, lay.size)
            for k in range(ncols):
                self.c.rect(x, self.y, widths[k], row_h)
                cell = row[k] if k < len(row) else ""
                self.c.drawString(x + 6, self.y + (row_h - lay.size) / 2 + 1, cell)
                x += widths[k]
        self.y -= 8

    def render(self, blocks: list[Block]) -> None:
        for block in blocks:
            if block.kind == "para":
                self.paragraph(block.text, block.indent)
            elif block.kind == "heading":
                self.heading(block.text)
            elif block.kind == "pagebreak":
                self._new_page()
            elif block.kind == "table":
                self.table(block.rows)
            elif block.kind == "columns":
                self._two_columns(True)
                self.render(block.children)
                self._two_columns(False)

    def save(self) -> None:
        self.c.save()


def render_spec(source: str, out: Path | str, **overrides: object) -> Path:
    """Render one source text to ``out``; keyword arguments override the Layout."""
    spec = parse_spec(source)
    layout = Layout(font=spec.meta.get("font", "HeiseiMin-W3"), header=spec.meta.get("header"))
    for key, value in overrides.items():
        setattr(layout, key, value)
    renderer = Renderer(out, layout, title=spec.meta.get("title", ""))
    renderer.render(spec.blocks)
    renderer.save()
    return Path(out)


def main(argv: list[str]) -> int:
    here = Path(__file__).parent
    sources = [Path(a) for a in argv] or sorted(here.glob("*.spec.txt"))
    for src in sources:
        out = src.with_name(src.name.replace(".spec.txt", ".pdf"))
        render_spec(src.read_text(encoding="utf-8"), out)
        print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
