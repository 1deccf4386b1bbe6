"""The comparison report in a real headless Chromium, with hostile clause text; the workbook."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import pytest

from pipeline import load_results
from pipeline.cli import main
from pipeline.report import comparison_data, write_html, write_xlsx
from tests.conftest import ARTIFACTS, SAMPLES

HOSTILE = (
    "情報セキュリティに関する事項\n"
    "(1)　受注者は、<script>document.title='pwned'</script>本業務で知り得た情報を第三者に漏らしてはならない。\n"
    "(2)　受注者は、<img src=x onerror=\"document.title='img'\">事故が発生した場合は直ちに発注者に報告すること。\n"
    "(3)　受注者は、=HYPERLINK(\"http://example.invalid\",\"x\") 本業務の全部を一括して再委託してはならない。\n"
    "(4)　受注者は、+cmd|' /C calc'!A0 @SUM(1) 業務終了後に提供資料を返却すること。\n"
)
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("report")
    hostile = tmp / "hostile.txt"
    hostile.write_text(HOSTILE, encoding="utf-8")
    db = tmp / "r.duckdb"
    pdfs = [str(SAMPLES / n) for n in ("independent_agency.pdf", "municipality.pdf", "prefecture.pdf",
                                       "national_ministry.pdf")]
    assert main(["analyze", *pdfs, str(hostile), "--db", str(db)]) == 0
    return db


def test_report_and_workbook_files(store, tmp_path):
    html_path, xlsx_path = tmp_path / "report.html", tmp_path / "report.xlsx"
    assert main(["compare", "--db", str(store), "--html", str(html_path), "--xlsx", str(xlsx_path)]) == 0
    page = html_path.read_text(encoding="utf-8")
    assert "<script>document.title" not in page and "&lt;script&gt;document.title" in page
    assert "<img src=x" not in page and "&lt;img src=x" in page
    assert "Content-Security-Policy" in page and "http://" not in page.split("<body>")[0]
    with zipfile.ZipFile(xlsx_path) as book:
        sheets = [book.read(n).decode() for n in book.namelist() if n.startswith("xl/worksheets/")]
        strings = book.read("xl/sharedStrings.xml").decode()
    assert all("<f>" not in s for s in sheets), "a cell became a formula"
    assert "=HYPERLINK(" in strings and "+cmd|" in strings


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (make sysdeps)")
def test_report_in_headless_chromium(store, tmp_path):
    data = comparison_data(load_results(store))
    html_path = write_html(data, tmp_path / "report.html")
    profile = tmp_path / "chromium-profile"
    dom = subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "--dump-dom", html_path.as_uri()],
        capture_output=True, text=True, timeout=60,
    ).stdout
    assert "<title>TenderLens comparison</title>" in dom  # no injected script changed it
    assert 'id="heatmap"' in dom and 'class="side"' in dom and 'id="findings-table"' in dom
    assert "&lt;script&gt;document.title='pwned'&lt;/script&gt;" in dom
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / "report.png"
    subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "--window-size=1400,1400",
         f"--screenshot={shot}", html_path.as_uri()],
        capture_output=True, timeout=60, check=True,
    )
    assert shot.stat().st_size > 10_000


def test_baseline_comparison(store, tmp_path):
    from pipeline.compare.views import against_baseline

    results = load_results(store)
    docs = results["documents"]
    base = docs[docs["path"].str.endswith("independent_agency.pdf")]["doc_key"].iloc[0]
    rows = against_baseline(results, base)
    incident = rows[(rows["requirement_id"] == "SEC.INCIDENT_REPORTING")
                    & (rows["attribute"] == "deadline")]
    by_path = dict(zip(docs["doc_key"], docs["path"], strict=True))
    kinds = {by_path[k].rsplit("/", 1)[-1]: v for k, v in zip(incident["doc_key"], incident["kind"],
                                                              strict=True)}
    # 直ちに in the prefecture and municipality samples against 速やかに in the agency's
    assert kinds["prefecture.pdf"] == "stronger" and kinds["municipality.pdf"] == "stronger"
    out = tmp_path / "b.html"
    assert main(["compare", "--db", str(store), "--html", str(out), "--baseline",
                 str(SAMPLES / "independent_agency.pdf")]) == 0
    assert "id='baseline'" in out.read_text(encoding="utf-8")
    assert main(["compare", "--db", str(store), "--html", str(out), "--baseline", "nope"]) == 2


def test_side_by_side_attributes_come_from_the_clause_shown(store):
    """Regression: the side-by-side table took each attribute column's first non-empty value
    separately (groupby().first()), so a tender's ban on subcontracting was shown with the
    deadline and form of a later approval clause."""
    from pipeline.report.build import ATTRIBUTES, side_by_side_rows

    data = comparison_data(load_results(store))
    checked = 0
    for rid in data.matrix.columns:
        shown = side_by_side_rows(data.evidence, rid)
        for _, row in shown.iterrows():
            clause = data.evidence[(data.evidence["doc_key"] == row["doc_key"])
                                   & (data.evidence["requirement_id"] == rid)
                                   & (data.evidence["clause_id"] == row["clause_id"])].iloc[0]
            for attribute in ATTRIBUTES:
                a, b = row[attribute], clause[attribute]
                assert ((a is None or a != a) and (b is None or b != b)) or a == b, (rid, attribute)
            checked += 1
    assert checked > 20


def test_compare_doc_takes_a_prefix_and_an_unknown_one_is_a_usage_error(store, tmp_path, capsys):
    """Regression: `compare --doc PREFIX` (which --baseline accepts) and an unknown --doc died in
    pandas with a traceback instead of a usage error."""
    docs = load_results(store)["documents"]
    key = docs[docs["path"].str.endswith("municipality.pdf")]["doc_key"].iloc[0]
    out = tmp_path / "one.html"
    assert main(["compare", "--db", str(store), "--html", str(out), "--doc", key[:8],
                 "--doc", str(SAMPLES / "prefecture.pdf")]) == 0
    assert "2 tenders compared" in out.read_text(encoding="utf-8")
    capsys.readouterr()
    assert main(["compare", "--db", str(store), "--html", str(out), "--doc", "ffffffff"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--doc ffffffff: matches 0 analysed tenders" in err[0]


def test_compare_on_a_store_without_a_security_section_is_a_usage_error(tmp_path, capsys):
    """Regression: a store holding only `no_security_section` documents crashed in pandas."""
    plain = tmp_path / "plain.txt"
    plain.write_text("入札公告\n1. 入札に参加する者に必要な資格\n暴力団員でないこと。\n", encoding="utf-8")
    db = tmp_path / "n.duckdb"
    assert main(["analyze", str(plain), "--db", str(db)]) == 0
    capsys.readouterr()
    assert main(["compare", "--db", str(db), "--html", str(tmp_path / "r.html")]) == 2
    assert "no analysed tender with a security section" in capsys.readouterr().err


XL = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def read_xlsx(path: Path) -> dict[str, list[list[object]]]:
    """Each sheet's rows as Python values: numbers as float, text as str, None where blank (no
    openpyxl among the pins; the workbook's XML is simple enough to read directly)."""
    with zipfile.ZipFile(path) as book:
        shared = [
            "".join(t.text or "" for t in si.iter(f"{XL}t"))
            for si in ElementTree.fromstring(book.read("xl/sharedStrings.xml")).iter(f"{XL}si")
        ]
        names = [s.get("name") for s in
                 ElementTree.fromstring(book.read("xl/workbook.xml")).iter(f"{XL}sheet")]
        sheets = {}
        for number, name in enumerate(names, start=1):
            root = ElementTree.fromstring(book.read(f"xl/worksheets/sheet{number}.xml"))
            rows = []
            for row in root.iter(f"{XL}row"):
                cells: list[object] = []
                for c in row.iter(f"{XL}c"):
                    letters = re.match(r"[A-Z]+", c.get("r")).group()
                    column = 0
                    for ch in letters:
                        column = column * 26 + ord(ch) - 64
                    cells += [None] * (column - len(cells))
                    v = c.find(f"{XL}v")
                    if v is None:
                        value: object = None
                    elif c.get("t") == "s":
                        value = shared[int(v.text)]
                    elif c.get("t") in ("str", "inlineStr"):
                        value = v.text
                    else:
                        value = float(v.text)
                    cells[column - 1] = value
                rows.append(cells)
            sheets[name] = rows
    return sheets


def records(rows: list[list[object]]) -> list[dict[str, object]]:
    header = [str(h) for h in rows[0]]
    return [dict(zip(header, r + [None] * (len(header) - len(r)), strict=True)) for r in rows[1:]]


class _Table(HTMLParser):
    """The rows of one table (by id) of the report, as cell texts."""

    def __init__(self, table_id: str) -> None:
        super().__init__()
        self.table_id, self.inside, self.rows, self.cell = table_id, False, [], None

    def handle_starttag(self, tag, attrs):
        if tag == "table" and dict(attrs).get("id") == self.table_id:
            self.inside = True
        elif self.inside and tag == "tr":
            self.rows.append([])
        elif self.inside and tag in ("td", "th"):
            self.cell = ""

    def handle_endtag(self, tag):
        if tag == "table":
            self.inside = False
        elif self.inside and tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(self.cell)
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data


def html_table(page: str, table_id: str) -> list[list[str]]:
    parser = _Table(table_id)
    parser.feed(page)
    return parser.rows


def test_findings_keep_their_clause_ids_and_pages(store, tmp_path):
    """Regression: the README promises findings "with clause IDs and pages", but the report's
    findings table showed only pages and the workbook's findings sheet neither."""
    data = comparison_data(load_results(store))
    cited = data.findings[data.findings["clause_ids"].map(len) > 0]
    assert len(cited) >= 3
    write_html(data, tmp_path / "r.html")
    rows = html_table((tmp_path / "r.html").read_text(encoding="utf-8"), "findings-table")
    header, body = rows[0], rows[1:]
    assert "clauses" in header and "pages" in header
    # a finding is known by its tender and message (the cell shows the Japanese, then the English)
    shown = {(r[header.index("tender")], r[header.index("message")]):
             (r[header.index("clauses")], r[header.index("pages")]) for r in body}
    for _, f in cited.iterrows():
        assert shown[(f["tender"], f["message_ja"] + f["message"])] == (
            ", ".join(f["clause_ids"]), ", ".join(str(p) for p in f["pages"]))

    write_xlsx(data, tmp_path / "r.xlsx")
    sheet = records(read_xlsx(tmp_path / "r.xlsx")["findings"])
    assert len(sheet) == len(data.findings)
    by_finding = {(r["tender"], r["message"]): r for r in sheet}
    for _, f in cited.iterrows():
        row = by_finding[(f["tender"], f["message"])]
        assert row["clause_ids"] == ", ".join(f["clause_ids"])
        assert row["page"] == min(f["pages"]) and isinstance(row["page"], float)
        assert row["pages"] == ", ".join(str(p) for p in f["pages"])


def test_workbook_matrix_holds_the_status_alone_and_pages_are_numbers(store, tmp_path):
    """Regression: the workbook's matrix joined status and attribute in one cell ("present 書面 /
    prior written approval"), so it could not be filtered by status, and showed attributes for
    requirements the tender's profiles do not need (blank in the HTML); clauses.page was text."""
    data = comparison_data(load_results(store))
    write_xlsx(data, tmp_path / "r.xlsx")
    book = read_xlsx(tmp_path / "r.xlsx")
    labels = dict(zip(data.documents["doc_key"], data.documents["label"], strict=True))
    columns = [c.removeprefix("SEC.") for c in data.matrix.columns]
    matrix_rows = {r["tender"]: r for r in records(book["matrix"])}
    attribute_rows = {r["tender"]: r for r in records(book["attributes"])}
    briefs = 0
    for key, row in data.matrix.iterrows():
        for rid, status in row.items():
            short = rid.removeprefix("SEC.")
            assert (matrix_rows[labels[key]][short] or "") == status, (key, rid)
            brief = attribute_rows[labels[key]][short] or ""
            expected = data.key_attribute.at[key, rid] if status == "present" else status
            assert brief == (expected or ("stated" if status else "")), (key, rid)
            briefs += bool(expected)
    assert briefs >= 5
    assert set(columns) <= set(book["matrix"][0]) and set(columns) <= set(book["attributes"][0])
    # where a tender is not held to a requirement, an attribute of a matching clause is not shown
    unrequired = [(k, r) for k, row in data.matrix.iterrows() for r, s in row.items()
                  if not s and data.key_attribute.at[k, r]]
    assert unrequired, "the samples hold such a cell"
    clauses = records(book["clauses"])
    assert len(clauses) == len(data.evidence)
    assert all(isinstance(r["page"], float) and r["page"] >= 1 for r in clauses)


def sheet_comments(path: Path) -> dict[str, dict[str, str]]:
    """Each sheet's cell comments (cell reference -> text), by sheet name."""
    rels = "{http://schemas.openxmlformats.org/package/2006/relationships}"
    with zipfile.ZipFile(path) as book:
        names = [s.get("name") for s in
                 ElementTree.fromstring(book.read("xl/workbook.xml")).iter(f"{XL}sheet")]
        out: dict[str, dict[str, str]] = {}
        for number, name in enumerate(names, start=1):
            rel_path = f"xl/worksheets/_rels/sheet{number}.xml.rels"
            if rel_path not in book.namelist():
                continue
            for rel in ElementTree.fromstring(book.read(rel_path)).iter(f"{rels}Relationship"):
                if rel.get("Type").endswith("/comments"):
                    target = "xl/" + rel.get("Target").removeprefix("../")
                    out[name] = {
                        c.get("ref"): "".join(t.text or "" for t in c.iter(f"{XL}t"))
                        for c in ElementTree.fromstring(book.read(target)).iter(f"{XL}comment")
                    }
    return out


def test_workbook_attributes_blank_meant_not_required_missing_or_stated_without_an_attribute(
    store, tmp_path
):
    """Regression: a blank cell of the workbook's attributes sheet meant three things: the
    requirement is not required by the tender's profiles, it is required but no clause states
    it (missing, referenced), or a clause states it without a deadline, form, approval or
    survival (the My Number sample with its incident report's 直ちに taken out). A filter could
    not tell them apart, and nothing said what a blank meant. Now only the first is blank, as in
    the matrix; the others read "missing"/"referenced" and "stated", as `key_attributes` does,
    and the sheet's header comment (the matrix's too) says so; the sheet filters like the
    matrix."""
    from pipeline import key_attributes
    from tests.conftest import sample_text

    source = sample_text("mynumber_outsourcing")
    assert source.count("直ちに市に報告し") == 1
    variant = tmp_path / "mynumber_no_deadline.txt"
    variant.write_text(source.replace("直ちに市に報告し", "市に報告し"), encoding="utf-8")
    (tmp_path / "mynumber.txt").write_text(source, encoding="utf-8")
    db = tmp_path / "r.duckdb"
    shutil.copyfile(store, db)
    assert main(["analyze", str(variant), str(tmp_path / "mynumber.txt"), "--db", str(db)]) == 0
    xlsx = tmp_path / "r.xlsx"
    assert main(["compare", "--db", str(db), "--html", str(tmp_path / "r.html"),
                 "--xlsx", str(xlsx)]) == 0
    results = load_results(db)
    data = comparison_data(results)
    book = read_xlsx(xlsx)
    labels = dict(zip(data.documents["doc_key"], data.documents["label"], strict=True))
    matrix_rows = {r["tender"]: r for r in records(book["matrix"])}
    attribute_rows = {r["tender"]: r for r in records(book["attributes"])}
    api = key_attributes(results, list(data.matrix.index))
    seen = set()
    for key, row in data.matrix.iterrows():
        for rid, status in row.items():
            short = rid.removeprefix("SEC.")
            cell = attribute_rows[labels[key]][short]
            assert (matrix_rows[labels[key]][short] or "") == status
            if not status:
                assert cell is None, (key, rid, cell)
                seen.add("not required")
            elif status in ("missing", "referenced"):
                assert cell == status, (key, rid, cell)
                seen.add(status)
            else:
                assert cell == (data.key_attribute.at[key, rid] or "stated"), (key, rid, cell)
                seen.add("stated" if cell == "stated" else "brief")
            # the workbook reads as the notebooks' API does
            assert cell == (None if not status else api.at[key, rid]), (key, rid, cell)
    assert seen == {"not required", "missing", "referenced", "stated", "brief"}
    # the incident report that gives no time limit is stated, not blank
    (variant_key,) = [k for k in data.documents["doc_key"] if "mynumber_no_deadline" in labels[k]]
    assert data.matrix.at[variant_key, "SEC.INCIDENT_REPORTING"] == "present"
    assert attribute_rows[labels[variant_key]]["INCIDENT_REPORTING"] == "stated"
    (original,) = [k for k in labels if "(mynumber.txt)" in labels[k]]
    assert attribute_rows[labels[original]]["INCIDENT_REPORTING"] == "直ちに"
    # each sheet says what its cells mean where the analyst looks first: the header's comment
    comments = sheet_comments(xlsx)
    legend = comments["attributes"]["A1"]
    for words in ("stated:", "gives none of these attributes", "missing, referenced:",
                  "Blank: not required by the tender's profiles"):
        assert words in legend, legend
    assert "Blank: not required by the tender's profiles" in comments["matrix"]["A1"]
    with zipfile.ZipFile(xlsx) as z:
        sheets = {n: z.read(f"xl/worksheets/sheet{i}.xml").decode()
                  for i, n in enumerate(book, start=1)}
    last = len(data.matrix) + 1
    assert re.search(rf'<autoFilter ref="A1:[A-Z]+{last}"', sheets["attributes"])


def test_page_links_survive_compare_from_another_directory(tmp_path, monkeypatch):
    """Regression: the store kept each document's path as typed (relative), so `compare` run
    from another working directory found no PDF there and dropped every page link. The store now
    keeps the absolute path, and `document_paths` what the user typed."""
    work = tmp_path / "work"
    (work / "tenders").mkdir(parents=True)
    shutil.copy(SAMPLES / "municipality.pdf", work / "tenders" / "municipality.pdf")
    monkeypatch.chdir(work)
    db = tmp_path / "rel.duckdb"
    assert main(["analyze", "tenders/municipality.pdf", "--db", str(db)]) == 0
    results = load_results(db)
    assert list(results["documents"]["path"]) == [str(work / "tenders" / "municipality.pdf")]
    assert list(results["document_paths"]["path"]) == ["tenders/municipality.pdf"]

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    out = tmp_path / "r.html"
    assert main(["compare", "--db", str(db), "--html", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    target = (work / "tenders" / "municipality.pdf").as_uri()
    assert f'href="{target}#page=' in page
    # --doc still takes the path as typed where it was analysed, and the absolute path
    monkeypatch.chdir(work)
    assert main(["compare", "--db", str(db), "--html", str(out), "--doc",
                 "tenders/municipality.pdf"]) == 0
    assert main(["compare", "--db", str(db), "--html", str(out), "--doc",
                 str(work / "tenders" / "municipality.pdf")]) == 0


class _CellTitles(HTMLParser):
    """The tooltips (title attributes) of the heat map's cells, row by row."""

    def __init__(self) -> None:
        super().__init__()
        self.inside, self.rows = False, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and attrs.get("id") == "heatmap":
            self.inside = True
        elif self.inside and tag == "tbody":
            self.rows = []
        elif self.inside and tag == "tr":
            self.rows.append([])
        elif self.inside and tag == "td" and attrs.get("class") == "cell":
            self.rows[-1].append(attrs.get("title"))

    def handle_endtag(self, tag):
        if tag == "table":
            self.inside = False


def test_heat_map_tooltip_of_a_cell_not_required_shows_no_attribute(store, tmp_path):
    """Regression: the heat map's tooltip joined status and key attribute whatever the status,
    so a cell whose requirement the tender's profiles do not require (blank) showed a matching
    clause's attribute (" prohibited"), where the workbook leaves it blank. It now says that the
    tender's profiles do not require it, and a required cell shows its status, then its
    attribute when there is one."""
    data = comparison_data(load_results(store))
    parser = _CellTitles()
    parser.feed(write_html(data, tmp_path / "r.html").read_text(encoding="utf-8"))
    profiles = dict(zip(data.documents["doc_key"], data.documents["profiles"], strict=True))
    cells = [
        (key, rid, status, data.key_attribute.at[key, rid], title)
        for (key, row), titles in zip(data.matrix.iterrows(), parser.rows, strict=True)
        for (rid, status), title in zip(row.items(), titles, strict=True)
    ]
    unrequired = [c for c in cells if not c[2]]
    assert any(brief for *_, brief, _ in unrequired), "the samples hold such a cell"
    for key, rid, _, _, title in unrequired:
        named = "+".join(profiles[key])
        assert title == f"not required by the tender's profiles ({named})", (key, rid)
    for key, rid, status, brief, title in cells:
        if status:
            assert title == (f"{status} {brief}" if brief else status), (key, rid)


def _keys(documents) -> dict[str, str]:
    """File name -> doc_key of the tenders in a store or a comparison."""
    return {Path(p).name: k for k, p in zip(documents["doc_key"], documents["path"], strict=True)}


def _requirement_html(page: str, rid: str) -> str:
    """The side-by-side block of one requirement."""
    start = page.index(f"<details class='requirement' id='{rid}'>")
    end = page.find("<details class='requirement'", start + 1)
    return page[start:end if end != -1 else page.index("<script>")]


def _attribute_row(block: str, attribute: str) -> list[tuple[str, bool]]:
    """The side-by-side table's row for one attribute: (value, highlighted) per tender."""
    row = re.search(rf"<tr><td>{attribute}</td>(.*?)</tr>", block).group(1)
    return [(v, "differs" in a) for a, v in re.findall(r"<td([^>]*)>([^<]*)</td>", row)]


def _tender_columns(block: str) -> list[str]:
    header = re.search(r"<table class='attrs'><tr><th>attribute</th>(.*?)</tr>", block).group(1)
    return [html.unescape(h) for h in re.findall(r"<th>([^<]*)</th>", header)]


def test_side_by_side_shows_every_clause_and_summarises_by_the_clause_the_findings_judge(
    store, tmp_path
):
    """Regression: the side-by-side view and the workbook's attributes sheet showed only each
    tender's FIRST clause for a requirement, and so contradicted the findings: the municipality's
    confidentiality as not surviving (c46, though c47 survives), the ministry's subcontracting as
    `prohibited` (its ban on the main part) with the approval route for the rest (c78) nowhere,
    its return/disposal as the return of lent papers (c51, not the end-of-contract erasure c62),
    and the prefecture's 速やかに incident clause (c50), cited by the `conflict` finding, nowhere
    in the HTML."""
    data = comparison_data(load_results(store))
    keys, ev = _keys(data.documents), data.evidence
    page = write_html(data, tmp_path / "r.html").read_text(encoding="utf-8")
    labels = dict(zip(data.documents["doc_key"], data.documents["label"], strict=True))
    number = {k: i for i, k in enumerate(data.documents["doc_key"], start=1)}
    # every clause of every tender that carries a requirement has its card, with its clause ID
    for r in ev.itertuples():
        anchor = f"t{number[r.doc_key]}-{r.requirement_id}-{r.clause_id}"
        assert f"id='{anchor}'" in page and f"<a href='#{anchor}'>{r.clause_id}</a>" in page
        assert html.escape(r.text) in _requirement_html(page, r.requirement_id)
    assert page.count("<div class='card ") == len(ev)

    def judged(name: str, rid: str):
        rows = ev[(ev["doc_key"] == keys[name]) & (ev["requirement_id"] == rid) & ev["judged"]]
        assert len(rows) == 1, (name, rid)
        return rows.iloc[0]

    conf = judged("municipality.pdf", "SEC.CONFIDENTIALITY")
    assert "満了した後" in conf["text"] and conf["survival"]
    sub = judged("national_ministry.pdf", "SEC.SUBCONTRACT_APPROVAL")
    assert "一部を再委託しようとするとき" in sub["text"] and sub["approval"] == "prior_approval"
    assert "契約期間が終了したとき" in judged("national_ministry.pdf", "SEC.RETURN_DISPOSAL")["text"]
    assert judged("prefecture.pdf", "SEC.INCIDENT_REPORTING")["deadline_qualifier"] == "immediately"
    ban = ev[(ev["doc_key"] == keys["national_ministry.pdf"]) & ev["text"].str.contains("主たる部分")]
    assert html.escape(ban["text"].iloc[0]) in _requirement_html(page, "SEC.SUBCONTRACT_APPROVAL")

    # the highlighted table holds the judged clauses: the municipality's confidentiality survives
    block = _requirement_html(page, "SEC.CONFIDENTIALITY")
    column = _tender_columns(block).index(labels[keys["municipality.pdf"]])
    assert _attribute_row(block, "survival")[column][0] == "True"
    block = _requirement_html(page, "SEC.SUBCONTRACT_APPROVAL")
    column = _tender_columns(block).index(labels[keys["national_ministry.pdf"]])
    assert _attribute_row(block, "approval")[column][0] == "prior_approval"

    # every clause a finding cites is on the page, under the finding's requirement
    conflict = data.findings[(data.findings["kind"] == "conflict")
                             & (data.findings["doc_key"] == keys["prefecture.pdf"])]
    assert len(conflict) == 1
    for cid in conflict["clause_ids"].iloc[0]:
        text = ev[(ev["doc_key"] == keys["prefecture.pdf"]) & (ev["clause_id"] == cid)]["text"]
        assert html.escape(text.iloc[0]) in _requirement_html(page, "SEC.INCIDENT_REPORTING")
    # a stronger/weaker finding on a deadline or an approval cites the clause shown as judged
    for f in data.findings.itertuples():
        if f.kind in ("stronger", "weaker") and f.requirement_id in (
            "SEC.INCIDENT_REPORTING", "SEC.SUBCONTRACT_APPROVAL"
        ):
            shown = ev[(ev["doc_key"] == f.doc_key) & (ev["requirement_id"] == f.requirement_id)
                       & ev["judged"]]
            assert list(f.clause_ids) == list(shown["clause_id"]), f.message

    # the workbook's attributes sheet (and the heat map's tooltip) summarise the same clauses
    write_xlsx(data, tmp_path / "r.xlsx")
    sheet = {r["tender"]: r for r in records(read_xlsx(tmp_path / "r.xlsx")["attributes"])}
    national = sheet[labels[keys["national_ministry.pdf"]]]["SUBCONTRACT_APPROVAL"]
    assert "prior approval" in national and "prohibited" not in national
    assert "survives" in sheet[labels[keys["municipality.pdf"]]]["CONFIDENTIALITY"]
    clauses = records(read_xlsx(tmp_path / "r.xlsx")["clauses"])
    assert sum(r["judged"] == "yes" for r in clauses) == int(ev["judged"].sum())


def test_baseline_reads_a_ban_on_the_main_part_beside_approval_as_an_approval_regime(
    store, tmp_path
):
    """Regression: `--baseline` took a tender's strongest approval value, so the ministry's ban on
    the main part made it `prohibited`, every other tender's prior *written* approval was called
    weaker, and the municipality's outright ban was not stronger; the table did not say which
    clauses or values it compared."""
    from pipeline.compare.views import against_baseline

    results = load_results(store)
    keys = _keys(results["documents"])
    names = {k: n for n, k in keys.items()}
    rows = against_baseline(results, keys["national_ministry.pdf"])
    sub = rows[(rows["requirement_id"] == "SEC.SUBCONTRACT_APPROVAL")
               & (rows["attribute"] == "approval")]
    kinds = {names[k]: v for k, v in zip(sub["doc_key"], sub["kind"], strict=True)}
    # prior written approval, and the outright bans (the municipality's, the hostile text's
    # 全部を一括して), against prior approval for the part not banned
    assert kinds == {"independent_agency.pdf": "stronger", "municipality.pdf": "stronger",
                     "prefecture.pdf": "stronger", "hostile.txt": "stronger"}
    by_name = {names[r["doc_key"]]: r for r in sub.to_dict("records")}
    assert by_name["municipality.pdf"]["value"] == "prohibited"
    assert by_name["independent_agency.pdf"]["value"] == "prior written approval"
    clauses = results["clauses"]
    base_clause = by_name["municipality.pdf"]["baseline_clause_ids"]
    assert by_name["municipality.pdf"]["baseline_value"] == "prior approval" and len(base_clause) == 1
    text = clauses[(clauses["doc_key"] == keys["national_ministry.pdf"])
                   & (clauses["clause_id"] == base_clause[0])]["text"].iloc[0]
    assert "一部を再委託しようとするとき" in text

    out = tmp_path / "b.html"
    assert main(["compare", "--db", str(store), "--html", str(out), "--xlsx",
                 str(tmp_path / "b.xlsx"), "--baseline",
                 str(SAMPLES / "national_ministry.pdf")]) == 0
    page = out.read_text(encoding="utf-8")
    table = html_table(page, "baseline-table")
    header = table[0]
    assert {"value", "clauses", "baseline value", "baseline clauses", "kind"} <= set(header)
    for row in table[1:]:
        assert row[header.index("clauses")] and row[header.index("baseline clauses")]
        assert row[header.index("value")] and row[header.index("baseline value")]
    # each clause ID in the table links to its card on the page
    segment = page[page.index("id='baseline-table'"):page.index("id='side-by-side'")]
    targets = re.findall(r"href='#([^']+)'", segment)
    assert len(targets) >= 2 * len(table[1:]) and all(f"id='{t}'" in page for t in targets)
    sheet = records(read_xlsx(tmp_path / "b.xlsx")["baseline"])
    assert len(sheet) == len(rows) and all(r["clause_ids"] and r["baseline_value"] for r in sheet)


def test_findings_link_clause_ids_to_their_cards_and_pages_to_the_pdf(store, tmp_path):
    """Regression: clause IDs and pages in the findings table were plain text, not links to the
    clause's card and the PDF page."""
    data = comparison_data(load_results(store))
    page = write_html(data, tmp_path / "r.html").read_text(encoding="utf-8")
    segment = page[page.index("id='findings-table'"):page.index("id='side-by-side'")]
    if "id='baseline'" in segment:
        segment = segment[:segment.index("id='baseline'")]
    targets = re.findall(r"href='#([^']+)'", segment)
    cited = sum(len(c) for c in data.findings["clause_ids"])
    assert cited >= 3 and len(targets) == cited
    assert all(f"id='{t}'" in page for t in targets)
    pdf_pages = sum(len(p) for p, path in zip(data.findings["pages"],
                                               data.findings["doc_key"].map(
                                                   dict(zip(data.documents["doc_key"],
                                                            data.documents["path"], strict=True))),
                                               strict=True) if path.endswith(".pdf"))
    links = re.findall(r'href="file://[^"]+\.pdf#page=(\d+)"', segment)
    assert pdf_pages >= 3 and len(links) == pdf_pages


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (make sysdeps)")
def test_a_clause_link_opens_its_collapsed_requirement_in_chromium(store, tmp_path):
    """A clause ID of a finding points into a collapsed requirement of the side-by-side view:
    following it must open that requirement (and only that one) in a real browser."""
    data = comparison_data(load_results(store))
    html_path = write_html(data, tmp_path / "report.html")
    page = html_path.read_text(encoding="utf-8")
    segment = page[page.index("id='findings-table'"):page.index("id='side-by-side'")]
    target = re.findall(r"href='#([^']+)'", segment)[0]
    rid = re.fullmatch(r"t\d+-(SEC\.[A-Z_]+)-c\d+", target).group(1)
    dom = subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom",
         f"{html_path.as_uri()}#{target}"],
        capture_output=True, text=True, timeout=60,
    ).stdout
    opened = re.findall(r'<details class="requirement" id="([^"]+)" open', dom)
    assert opened == [rid]


def test_report_and_workbook_name_each_tenders_profiles_and_why(store, tmp_path):
    """Regression: the legend says "blank: not required by the tender's profiles", but the
    profiles applied and the reasons for them appeared nowhere in the HTML or the workbook."""
    results = load_results(store)
    data = comparison_data(results)
    page = write_html(data, tmp_path / "r.html").read_text(encoding="utf-8")
    write_xlsx(data, tmp_path / "r.xlsx")
    rows = {r[0]: r for r in html_table(page, "tenders-table")[1:]}
    sheet = {r["tender"]: r for r in records(read_xlsx(tmp_path / "r.xlsx")["tenders"])}
    for d in data.documents.itertuples():
        reasons = d.profile_reasons
        assert reasons and set(reasons) == set(d.profiles)
        for profile, reason in reasons.items():
            assert f"{profile}: {reason}" in rows[d.label][2]
            assert f"{profile}: {reason}" in sheet[d.label]["why"]
        assert sheet[d.label]["compared"] == "yes" and sheet[d.label]["profiles"] == ", ".join(
            d.profiles)


def test_documents_that_cannot_be_compared_are_listed_with_their_status(store, tmp_path):
    """Regression: documents with status no_security_section, failed or needs_ocr silently
    disappeared from the report ("4 tenders compared" with 6 in the store)."""
    db = tmp_path / "more.duckdb"
    shutil.copy(store, db)
    plain = tmp_path / "plain.txt"
    plain.write_text("入札公告\n1. 入札に参加する者に必要な資格\n暴力団員でないこと。\n", encoding="utf-8")
    cut = tmp_path / "cut.pdf"
    cut.write_bytes((SAMPLES / "municipality.pdf").read_bytes()[:3000])
    assert main(["analyze", str(plain), str(cut), "--db", str(db)]) == 1
    out, xlsx = tmp_path / "r.html", tmp_path / "r.xlsx"
    assert main(["compare", "--db", str(db), "--html", str(out), "--xlsx", str(xlsx)]) == 0
    page = out.read_text(encoding="utf-8")
    compared = (load_results(db)["documents"]["status"] == "ok").sum()
    assert f"{compared} tenders compared" in page and "2 more documents in the store" in page
    rows = {r[3]: r for r in html_table(page, "not-compared-table")[1:]}
    assert rows[str(plain)][1] == "no_security_section"
    assert rows[str(cut)][1] == "failed" and "pdf.truncated" in rows[str(cut)][2]
    sheet = {r["path"]: r for r in records(read_xlsx(xlsx)["tenders"])}
    assert sheet[str(plain)]["compared"] == "no" and sheet[str(plain)]["status"] == "no_security_section"
    assert sheet[str(cut)]["status"] == "failed" and "pdf.truncated" in sheet[str(cut)]["why"]
    # tenders the analyst picked with --doc: the rest of the store is not listed
    assert main(["compare", "--db", str(db), "--html", str(out), "--doc",
                 str(SAMPLES / "municipality.pdf")]) == 0
    assert "not-compared-table" not in out.read_text(encoding="utf-8")


def test_wording_diff_is_against_the_baseline_not_the_first_two_tenders(store, tmp_path):
    """Regression: "wording, first two tenders" diffed the first two tenders in alphabetical
    order, a pairing that means nothing. Now each tender's judged clause is diffed against the
    baseline's when --baseline is given, and no diff is drawn without one."""
    from pipeline.compare.views import against_baseline

    results = load_results(store)
    data = comparison_data(results)
    page = write_html(data, tmp_path / "plain.html").read_text(encoding="utf-8")
    assert "first two tenders" not in page and "class='diff'" not in page
    keys = _keys(data.documents)
    base = keys["national_ministry.pdf"]
    data.baseline = against_baseline(results, base)
    page = write_html(data, tmp_path / "b.html").read_text(encoding="utf-8")
    ev = data.evidence
    judged = ev[ev["judged"]].set_index(["doc_key", "requirement_id"])
    block = _requirement_html(page, "SEC.SUBCONTRACT_APPROVAL")
    diffs = re.findall(r"<div class='card judged' id='([^']+)'(?:(?!<div class='card).)*?<div class='diff'>(.*?)</div>",
                       block)
    tenders = judged.xs("SEC.SUBCONTRACT_APPROVAL", level="requirement_id").index
    assert len(diffs) == len(tenders) - 1  # every tender but the baseline
    number = {k: i for i, k in enumerate(data.documents["doc_key"], start=1)}
    by_number = {v: k for k, v in number.items()}
    base_text = judged.loc[(base, "SEC.SUBCONTRACT_APPROVAL"), "text"]
    for anchor, diff in diffs:
        key = by_number[int(re.match(r"t(\d+)-", anchor).group(1))]
        assert key != base
        old = html.unescape(re.sub(r"<ins>.*?</ins>|</?del>", "", diff))
        new = html.unescape(re.sub(r"<del>.*?</del>|</?ins>", "", diff))
        assert old == base_text and new == judged.loc[(key, "SEC.SUBCONTRACT_APPROVAL"), "text"]


def test_issuers_audit_right_side_by_side_showed_may_without_saying_whose(store, tmp_path):
    """Regression: the municipality sample's AUDIT_ACCEPTANCE is the city's right (issuer, may);
    beside the other tenders' contractor `must` the table showed only `may`, which reads as a
    weaker duty. The side-by-side table now has the actor beside the modality."""
    out = tmp_path / "actor.html"
    assert main(["compare", "--db", str(store), "--html", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    start = page.index("<details class='requirement' id='SEC.AUDIT_ACCEPTANCE'>")
    section = page[start : page.index("</details>", start)]
    actor_row = re.search(r"<tr><td>actor</td>(.*?)</tr>", section)
    assert actor_row is not None
    cells = re.findall(r"<td[^>]*>(.*?)</td>", actor_row.group(1))
    modality = re.findall(r"<td[^>]*>(.*?)</td>",
                          re.search(r"<tr><td>modality</td>(.*?)</tr>", section).group(1))
    assert len(cells) == len(modality) >= 2
    assert {(a, m) for a, m in zip(cells, modality, strict=True) if m == "may"} <= {("issuer", "may")}
    assert ("issuer", "may") in set(zip(cells, modality, strict=True))
