"""Layout artefacts: paragraphs across page breaks, tables row by row, page furniture."""

from __future__ import annotations

import pdfplumber

from pipeline.analysis import analyze_path
from pipeline.ingest import ingest
from pipeline.ingest.pdf import _geometry_page

FILLER = "  受注者は、業務の進捗を毎月報告し、課題があれば対応策を示して発注者と協議すること。\n"


def test_clause_continues_across_page_break(render_pdf):
    long_clause = "受注者は、" + "本業務で取り扱う情報の管理を徹底し、" * 12 + "漏えいを防止すること。"
    for filler in range(30, 48):  # find the filler length that puts the clause across the break
        source = (
            "#font HeiseiMin-W3\n#header 〇〇業務 仕様書\n::heading 〇〇業務 仕様書\n1.　業務内容\n"
            + FILLER * filler
            + "2.　情報セキュリティに関する事項\n"
            + f"  (1)　{long_clause}\n  (2)　受注者は、事故が発生した場合には直ちに報告すること。\n"
        )
        clauses = analyze_path(render_pdf(source)).structure.security_clauses
        if clauses and len({s.page for s in clauses[0].spans}) == 2:
            break
    else:
        raise AssertionError("no filler length printed clause (1) across a page break")
    first = clauses[0]
    assert first.label == "(1)"
    assert first.normalized.text == long_clause
    # the running header and page number are not part of the clause
    assert "〇〇業務 仕様書" not in first.text and "- 2 -" not in first.text
    assert [c.label for c in clauses] == ["(1)", "(2)"]


def test_table_in_security_section_is_read_row_by_row(render_pdf):
    source = (
        "#font HeiseiKakuGo-W5\n::heading 〇〇業務 仕様書\n1.　情報セキュリティに関する事項\n"
        "  受注者は、次の表に従い情報を管理すること。\n::table\n区分 | 保管場所 | 廃棄方法\n"
        "個人情報 | 施錠できる書庫 | 溶解処理\n電子データ | 暗号化した媒体 | 消去ソフト\n::end\n"
        "  (1)　受注者は、管理台帳を備え、情報の授受を記録すること。\n"
    )
    doc = ingest(render_pdf(source))
    table_rows = [ln.text for p in doc.pages for ln in p.lines if ln.source == "table"]
    assert table_rows == [
        "区分 | 保管場所 | 廃棄方法",
        "個人情報 | 施錠できる書庫 | 溶解処理",
        "電子データ | 暗号化した媒体 | 消去ソフト",
    ]
    texts = [c.text for c in analyze_path(render_pdf(source)).structure.security_clauses]
    assert texts[1:4] == table_rows


def test_page_numbers_and_running_headers_are_furniture(render_pdf):
    source = "#font HeiseiMin-W3\n#header 〇〇市 委託仕様書\n::heading 委託仕様書\n1.　概要\n" + FILLER * 80
    doc = ingest(render_pdf(source))
    assert len(doc.pages) >= 2
    for page in doc.pages:
        assert sorted(ln.text for ln in page.furniture) == sorted(["〇〇市 委託仕様書", f"- {page.number} -"])
        assert all("委託仕様書" not in ln.text or ln.font_size > 10 for ln in page.lines)


# ---- two columns below full-width text on one page ----

SECURITY_ITEMS = [
    ("（１）", "受注者は、本業務の遂行に当たり、発注者の情報セキュリティポリシーを遵守すること。"),
    ("（２）", "受注者は、本業務で知り得た情報を、契約期間中はもとより契約終了後も第三者に漏らしてはならない。"),
    (
        "（３）",
        "受注者は、情報セキュリティインシデントが発生し、又は発生したおそれがある場合には、"
        "直ちに発注者に報告し、その指示に従うこと。",
    ),
    ("（４）", "受注者は、本業務の全部又は一部を再委託する場合は、あらかじめ発注者の書面による承認を得ること。"),
    (
        "（５）",
        "受注者は、業務の終了後、発注者から提供を受けた資料を返却し、"
        "複製したデータを復元できない方法で消去し、その旨を書面で報告すること。",
    ),
    ("（６）", "受注者は、情報セキュリティ対策の管理体制を、業務開始前に書面で発注者に提出すること。"),
]


def _columns_below_full_width_text(path) -> None:  # type: ignore[no-untyped-def]
    """One A4 page as some issuers lay it out: a title, full-width numbered paragraphs, then the
    security section set in two columns ((1)-(3) left, (4)-(6) right), hanging indents."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("HeiseiMin-W3"))
    width, height = 595.27, 841.89
    size, leading, margin = 10.5, 17.0, 72.0
    c = canvas.Canvas(str(path), pagesize=(width, height), invariant=1)
    y = height - 90

    def draw(x: float, text: str, font_size: float = size) -> None:
        nonlocal y
        c.setFont("HeiseiMin-W3", font_size)
        c.drawString(x, y, text)
        y -= leading

    def paragraph(label: str, text: str, x: float, column: float) -> None:
        hang = pdfmetrics.stringWidth(label, "HeiseiMin-W3", size)
        lines, current = [], ""
        for ch in text:
            limit = column - hang
            if current and pdfmetrics.stringWidth(current + ch, "HeiseiMin-W3", size) > limit:
                if ch in "、。":  # kinsoku: hangs past the column edge
                    lines.append(current + ch)
                    current = ""
                    continue
                lines.append(current)
                current = ""
            current += ch
        if current:
            lines.append(current)
        for k, line in enumerate(lines):
            draw(x + hang, line) if k else draw(x, label + line)

    # a running header with a right-hand part, as many issuers print it (機密性 marking)
    c.setFont("HeiseiMin-W3", 9)
    c.drawString(margin, height - 40, "令和8年度 庁内ネットワーク保守業務 仕様書")
    c.drawRightString(width - margin, height - 40, "機密性２")
    draw(margin, "庁内ネットワーク保守業務 仕様書", 14)
    y -= 10
    draw(margin, "第１ 業務の概要", 11)
    for k in range(3):
        paragraph(f"{k + 1}．", FILLER.strip(), margin, width - 2 * margin)
    y -= 10
    top, column = y, (width - 2 * margin - 20) / 2
    draw(margin, "第２ 情報セキュリティに関する事項", 11)
    for label, text in SECURITY_ITEMS[:3]:
        paragraph(label, text, margin, column)
    y = top
    for label, text in SECURITY_ITEMS[3:]:
        paragraph(label, text, margin + column + 20, column)
    c.showPage()
    c.save()


def test_two_columns_below_full_width_text_keep_their_clauses(tmp_path):
    """Regression: the right edge a line is measured against was the page's, so every line of
    the left column of a two-column block under full-width paragraphs counted as a deliberate
    line end: (1) and (3) became section headings, their continuation lines clauses of their
    own, (2) was split in three, and SEC.INCIDENT_RESPONSE_COOPERATION was lost."""
    pdf = tmp_path / "two_columns.pdf"
    _columns_below_full_width_text(pdf)
    analysis = analyze_path(pdf)
    assert analysis.status == "ok"
    clauses = analysis.structure.security_clauses
    assert [(c.label, c.text) for c in clauses] == SECURITY_ITEMS
    headings = [s.heading for s in analysis.structure.sections]
    assert headings == ["業務の概要", "情報セキュリティに関する事項"]
    found = {m.id for ms in analysis.requirements.values() for m in ms}
    assert "SEC.INCIDENT_RESPONSE_COOPERATION" in found
    # each clause's box lies in its own column
    for clause in clauses:
        left = clause.label in ("（１）", "（２）", "（３）")
        assert (clause.bbox.x1 < 300) if left else (clause.bbox.x0 > 300)
    # both readings (PDFium's, and pdfplumber's for pages that get the geometry pass) mark the
    # column each line was read in; the title and first heading stop short of the gutter but
    # are full-width text, though the running header's right part sits beside them
    with pdfplumber.open(pdf) as plumber:
        geometry = _geometry_page(plumber.pages[0], 1)
    for lines in (ingest(pdf).pages[0].lines, geometry):
        columns = {ln.text: ln.column for ln in lines}
        assert columns["庁内ネットワーク保守業務 仕様書"] is None
        assert columns["第１ 業務の概要"] is None
        assert columns["第２ 情報セキュリティに関する事項"] == "left"
        items = {t[:3]: columns[t] for t in columns if t.startswith("（")}
        assert items == {"（１）": "left", "（２）": "left", "（３）": "left",
                         "（４）": "right", "（５）": "right", "（６）": "right"}
