"""Layout artefacts: paragraphs across page breaks, tables row by row, page furniture."""

from __future__ import annotations

from pipeline.analysis import analyze_path
from pipeline.ingest import ingest

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
