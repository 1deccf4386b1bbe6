"""Layouts of real Japanese specifications that the samples do not print: a body line filling a
narrow column just above the next numbered heading, a footnote at the foot of a page inside a
clause that runs on to the next page, a ruled table of few cells holding obligations. Each PDF
is drawn here with reportlab, as an issuer's word processor would print it."""

from __future__ import annotations

from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from pipeline.analysis import analyze_path

FONT = "HeiseiMin-W3"
WIDTH, HEIGHT = 595.27, 841.89
SIZE, LEADING = 10.5, 16.0

SECURITY = [
    (
        "（１）",
        "受注者は、本業務の履行に当たり知り得た情報を第三者に漏らしてはならない。本契約の終了後も同様とする。",
    ),
    (
        "（２）",
        "受注者は、情報セキュリティインシデントが発生し、又は発生したおそれがあることを知った場合は、"
        "直ちに発注者に報告し、その指示に従うこと。",
    ),
    (
        "（３）",
        "受注者は、本業務の全部又は一部を第三者に再委託してはならない。ただし、あらかじめ書面により"
        "発注者の承認を得た場合は、この限りでない。",
    ),
    (
        "（４）",
        "受注者は、本業務の終了時に、発注者から提供を受けた資料及び情報を返却し、又は復元できない方法で"
        "消去し、その結果を書面で発注者に報告すること。",
    ),
]


class _Page:
    """A canvas that prints wrapped paragraphs with hanging indents into one column at a time."""

    def __init__(self, path: Path) -> None:
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
        self.c = canvas.Canvas(str(path), pagesize=(WIDTH, HEIGHT), invariant=1)
        self.page = 1
        self.column(62.0, WIDTH - 62.0)
        self._furniture()

    def column(self, left: float, right: float, top: float = HEIGHT - 72.0) -> None:
        self.left, self.right, self.y = left, right, top

    def _furniture(self) -> None:
        self.c.setFont(FONT, 8)
        self.c.drawRightString(WIDTH - 62, HEIGHT - 36, "窓口システム運用支援業務委託仕様書")
        self.c.drawCentredString(WIDTH / 2, 36, f"－ {self.page} －")

    def new_page(self) -> None:
        self.c.showPage()
        self.page += 1
        self._furniture()
        self.column(62.0, WIDTH - 62.0)

    def wrap(self, text: str, first: float, rest: float, size: float = SIZE) -> list[str]:
        lines, current = [], ""
        for ch in text:
            width = rest if lines else first
            if current and pdfmetrics.stringWidth(current + ch, FONT, size) > width:
                if ch in "、。）":  # kinsoku: a closing mark hangs past the edge
                    lines.append(current + ch)
                    current = ""
                    continue
                lines.append(current)
                current = ""
            current += ch
        if current:
            lines.append(current)
        return lines

    def para(self, text: str, indent: int = 0, label: str = "", size: float = SIZE) -> None:
        x = self.left + indent * SIZE
        hang = pdfmetrics.stringWidth(label, FONT, size)
        for k, line in enumerate(
            self.wrap(label + text, self.right - x, self.right - x - hang, size)
        ):
            self.line(x + (hang if k else 0.0), line, size)

    def line(self, x: float, text: str, size: float = SIZE) -> None:
        self.y -= LEADING * size / SIZE
        self.c.setFont(FONT, size)
        self.c.drawString(x, self.y, text)

    def save(self) -> None:
        self.c.save()


PERIOD = "令和７年４月１日から令和８年３月31日まで"


def _narrow_columns(pdf: Path) -> None:
    """Two columns; the period's line fills the left one, the next heading follows it."""
    page = _Page(pdf)
    period = PERIOD
    # the column is as wide as the period's line: it fills its column, as it does in print
    mid = 62.0 + SIZE + pdfmetrics.stringWidth(period, FONT, SIZE) + 1.0
    page.column(62.0, mid)
    page.para("業務名称", label="１．")
    page.para("市民窓口システム運用支援業務委託", 1)
    page.para("履行期間", label="２．")
    page.para(period, 1)
    page.para("業務内容", label="３．")
    page.para(
        "システムの稼働状況を毎日監視し、異常を検知した場合は発注者に連絡すること。", 1, "（１）"
    )
    page.para("職員からの操作に関する問合せに対応し、対応内容を記録すること。", 1, "（２）")
    page.column(mid + 24.0, WIDTH - 62.0)
    page.para("情報セキュリティに関する事項", label="４．")
    for label, text in SECURITY:
        page.para(text, 1, label)
    page.save()


def test_heading_after_a_line_filling_a_narrow_column_is_not_glued_to_it(tmp_path):
    """Regression: in a two-column body, 「令和７年４月１日から令和８年３月31日まで」 filled its
    column exactly; 「３．業務内容」 on the next line was read as that line's wrap, so section 3
    was lost and its items became clauses of section 2."""
    pdf = tmp_path / "narrow_columns.pdf"
    _narrow_columns(pdf)
    structure = analyze_path(pdf).structure
    assert [(s.label, s.heading) for s in structure.sections] == [
        ("１．", "業務名称"),
        ("２．", "履行期間"),
        ("３．", "業務内容"),
        ("４．", "情報セキュリティに関する事項"),
    ]
    by_id = {s.id: s.heading for s in structure.sections}
    period_clause = next(c for c in structure.clauses if c.text.startswith("令和"))
    assert period_clause.text == PERIOD and by_id[period_clause.section_id] == "履行期間"
    assert [(c.label, c.text) for c in structure.security_clauses] == SECURITY


FOOTNOTE = "※１　復元できない方法とは、専用のソフトウェアによる上書き消去又は物理的な破壊をいう。"


def _footnote_inside_a_clause(pdf: Path) -> None:
    """Clause (4) carries the mark ※１; its first line is the last of page 1, its footnote is
    printed small at the foot of page 1 over a short rule, and the clause runs on on page 2."""
    page = _Page(pdf)
    page.para("情報セキュリティに関する事項", label="１．")
    for label, text in SECURITY[:3]:
        page.para(text, 1, label)
    label, text = SECURITY[3]
    text = text.replace("消去し、", "消去し※１、")
    x = page.left + SIZE
    hang = pdfmetrics.stringWidth(label, FONT, SIZE)
    lines = page.wrap(label + text, page.right - x, page.right - x - hang)
    assert len(lines) >= 2
    page.y = 120.0 + LEADING  # the first line of (4) is the page's last line of body text
    page.line(x, lines[0])
    page.c.line(62, 96, 212, 96)
    page.y = 84.0 + LEADING * 8 / SIZE
    page.line(62, FOOTNOTE, 8)
    page.new_page()
    for line in lines[1:]:
        page.line(x + hang, line)
    page.para(
        "受注者は、本業務に従事する者に対し、情報セキュリティに関する教育を実施すること。",
        1,
        "（５）",
    )
    page.save()


def test_footnote_at_the_foot_of_a_page_does_not_cut_the_clause_it_interrupts(tmp_path):
    """Regression: a footnote printed at the foot of a page, inside clause (4) that runs on to
    the next page, was read between the clause's two halves: (4)'s first line became the
    heading of a section, the footnote a clause labelled 「※」 with the text 「１ 復元…」, and
    the rest of (4) a clause of its own."""
    pdf = tmp_path / "footnote.pdf"
    _footnote_inside_a_clause(pdf)
    structure = analyze_path(pdf).structure
    assert [s.heading for s in structure.sections] == ["情報セキュリティに関する事項"]
    clauses = [(c.label, c.text, c.page) for c in structure.security_clauses]
    expected_4 = SECURITY[3][1].replace("消去し、", "消去し※１、")
    assert clauses == [
        *[(label, text, 1) for label, text in SECURITY[:3]],
        ("（４）", expected_4, 1),
        ("※１", FOOTNOTE.removeprefix("※１　"), 1),
        (
            "（５）",
            "受注者は、本業務に従事する者に対し、情報セキュリティに関する教育を実施すること。",
            2,
        ),
    ]
    four = structure.security_clauses[3]
    assert sorted({s.page for s in four.spans}) == [1, 2]


ROWS = [
    ("事故発生時の報告", SECURITY[1][1]),
    ("資料の返却及び廃棄", SECURITY[3][1]),
]


def _small_table(pdf: Path) -> None:
    """A security section that is a ruled table of a header and two rows, each cell a rectangle
    of its own, the narrow 項目 cells wrapped to two lines beside the 内容 cells' lines."""
    page = _Page(pdf)
    page.para("情報セキュリティに関する事項", label="１．")
    page.para("受注者は、次の表に定める事項を遵守すること。", 1)
    x0, w1, x2, pad = page.left + SIZE, 66.0, page.right, 5.0
    y = page.y - 6
    for left, right in [("項目", "内容"), *ROWS]:
        lefts = page.wrap(left, w1 - 2 * pad, w1 - 2 * pad)
        rights = page.wrap(right, x2 - x0 - w1 - 2 * pad, x2 - x0 - w1 - 2 * pad)
        height = max(len(lefts), len(rights)) * LEADING + 2 * pad
        page.c.rect(x0, y - height, w1, height)
        page.c.rect(x0 + w1, y - height, x2 - x0 - w1, height)
        page.c.setFont(FONT, SIZE)
        for k, text in enumerate(lefts):
            page.c.drawString(x0 + pad, y - pad - SIZE - k * LEADING, text)
        for k, text in enumerate(rights):
            page.c.drawString(x0 + w1 + pad, y - pad - SIZE - k * LEADING, text)
        y -= height
    page.save()


def test_small_ruled_table_of_obligations_is_read_cell_by_cell(tmp_path):
    """Regression: a page's ruled table got pdfplumber's reading only with 8 drawn paths or more;
    a header and two rows drawn as 6 cell rectangles kept PDFium's line-by-line reading, which
    put the second line of a wrapped 項目 cell into the middle of the 内容 text beside it
    (「…おそれがある の報告 ことを知った…」)."""
    pdf = tmp_path / "small_table.pdf"
    _small_table(pdf)
    texts = [c.text for c in analyze_path(pdf).structure.security_clauses]
    assert texts == [
        "受注者は、次の表に定める事項を遵守すること。",
        "項目 | 内容",
        *[f"{item} | {content}" for item, content in ROWS],
    ]
