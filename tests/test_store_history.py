"""What an analyst reading the store in pandas needs and did not get: the earlier analysis of a
tender edited since, the whole evidence of a clause and of a finding, notice periods told apart
from time limits, clauses in reading order, stable labels, and the schema written down. Every
store here is made by real `analyze` runs on the team-written samples (their PDFs, or their
source text as a .txt file with the renderer's `::`/`#` directive lines dropped). Each test is
named after what went wrong."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import duckdb
import pandas as pd

import pipeline
from pipeline import current_documents, load_results
from pipeline.cli import main
from pipeline.store import SCHEMA, TABLES
from tests.conftest import ROOT, SAMPLES

FOURTEEN_DAYS = "業務開始の14日前までに"


def sample_text(name: str) -> str:
    """A sample's source text as tender text: without the renderer's directive lines."""
    source = (SAMPLES / f"{name}.spec.txt").read_text(encoding="utf-8")
    return "".join(line + "\n" for line in source.splitlines() if not line.startswith(("::", "#")))


def _rows(results: dict, key: str) -> dict[str, int]:
    return {t: int((results[t]["doc_key"] == key).sum()) for t in TABLES if t != "runs"}


def _key_of(results: dict, path: Path) -> str:
    docs = current_documents(results["documents"])
    (key,) = docs[docs["path"] == str(path)]["doc_key"]
    return str(key)


def test_reanalysing_a_changed_file_deleted_its_earlier_results(tmp_path, capsys):
    """Regression: after editing a .txt tender and running `analyze` on it again, the earlier
    document had no row left in any table, so a tender could not be compared across runs. Its
    rows stay, marked superseded by the new document; the default views show the current one."""
    db, tender = tmp_path / "h.duckdb", tmp_path / "municipality.txt"
    other = tmp_path / "prefecture.txt"
    text = sample_text("municipality")
    assert FOURTEEN_DAYS in text
    tender.write_text(text, encoding="utf-8")
    other.write_text(sample_text("prefecture"), encoding="utf-8")
    assert main(["analyze", str(tender), str(other), "--db", str(db)]) == 0
    before = load_results(db)
    old = _key_of(before, tender)
    old_rows = _rows(before, old)
    assert all(old_rows[t] for t in ("sections", "clauses", "obligations", "findings"))

    tender.write_text(text.replace(FOURTEEN_DAYS, "業務開始の3日前までに"), encoding="utf-8")
    assert main(["analyze", str(tender), str(other), "--db", str(db)]) == 0
    after = load_results(db)
    new = _key_of(after, tender)
    assert new != old
    assert _rows(after, old) == old_rows, "the earlier analysis lost rows"
    docs = after["documents"].set_index("doc_key")
    assert docs.loc[old, "superseded_by"] == new
    assert docs.loc[old, "superseded_at"] >= docs.loc[old, "analysed_at"]
    assert pd.isna(docs.loc[new, "superseded_by"])
    # the unchanged file is not superseded, and was not analysed again
    assert "skipped (stored)" in capsys.readouterr().out
    assert current_documents(after["documents"])["doc_key"].nunique() == 2

    # the default views: the current version only
    assert set(pipeline.analysed_tenders(after)["doc_key"]) == {new, _key_of(after, other)}
    assert old not in pipeline.matrix(after).index
    assert old not in pipeline.key_attributes(after).index
    assert (pipeline.typicality(after)["tenders"] <= 2).all()
    from pipeline.compare.views import against_baseline
    from pipeline.report import comparison_data

    data = comparison_data(after)
    assert old not in set(data.documents["doc_key"]) | set(data.not_compared["doc_key"])
    assert old not in set(data.findings["doc_key"]) | set(data.evidence["doc_key"])
    assert old not in set(against_baseline(after, _key_of(after, other))["doc_key"])

    # and the history on request: the two versions side by side, the earlier as the baseline
    html = tmp_path / "versions.html"
    code = main(
        [
            "compare",
            "--db",
            str(db),
            "--html",
            str(html),
            "--doc",
            old[:12],
            "--doc",
            str(tender),
            "--baseline",
            old[:12],
        ]
    )
    assert code == 0
    chosen = comparison_data(after, [old, new])
    assert set(chosen.documents["doc_key"]) == {old, new}
    versus = against_baseline(after, old, [old, new])
    notice = versus[
        (versus["requirement_id"] == "SEC.PERSONNEL_LIMITATION")
        & (versus["attribute"] == "deadline")
    ]
    assert list(notice["doc_key"]) == [new] and list(notice["kind"]) == ["weaker"]
    page = html.read_text(encoding="utf-8")
    assert "3日前まで" in page and "14日前まで" in page

    # the file changed back: the earlier analysis is current again, without analysing it again
    tender.write_text(text, encoding="utf-8")
    assert main(["analyze", str(tender), "--db", str(db)]) == 0
    assert "skipped (stored)" in capsys.readouterr().out
    back = load_results(db)
    docs = back["documents"].set_index("doc_key")
    assert pd.isna(docs.loc[old, "superseded_by"]) and docs.loc[new, "superseded_by"] == old
    assert _key_of(back, tender) == old
    assert len(back["documents"]) == 3


def test_a_copy_edited_elsewhere_leaves_the_original_current(tmp_path):
    """The same tender is the same path: a document stays current while a path it was seen
    under still shows it; editing a copy of it under another name supersedes nothing."""
    db = tmp_path / "h.duckdb"
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    text = sample_text("municipality")
    a.write_text(text, encoding="utf-8")
    b.write_text(text, encoding="utf-8")
    assert main(["analyze", str(a), str(b), "--db", str(db)]) == 0
    b.write_text(text.replace(FOURTEEN_DAYS, "業務開始の3日前までに"), encoding="utf-8")
    assert main(["analyze", str(b), "--db", str(db)]) == 0
    results = load_results(db)
    assert len(current_documents(results["documents"])) == 2
    paths = results["document_paths"]
    assert paths["replaced_by"].notna().sum() == 1  # the copy's path now shows the edit
    (replaced,) = paths[paths["replaced_by"].notna()]["absolute_path"]
    assert replaced == str(b)


def _edited_pdf(target: Path) -> Path:
    """The municipality sample as its issuer might revise it: the notice period shortened,
    rendered again into ``target`` (new bytes, the same tender)."""
    from corpora.samples import render
    from tests.conftest import require_font

    require_font("IPAexGothic")
    source = (SAMPLES / "municipality.spec.txt").read_text(encoding="utf-8")
    assert FOURTEEN_DAYS in source
    return render.render_spec(source.replace(FOURTEEN_DAYS, "業務開始の3日前までに"), target)


def _paths(results: dict) -> dict[tuple[str, str], tuple[object, object]]:
    """(doc_key, absolute path) -> (replaced_by, abandoned_at) of every document_paths row."""
    p = results["document_paths"]
    return {
        (k, a): (None if pd.isna(r) else r, None if pd.isna(g) else g)
        for k, a, r, g in zip(
            p["doc_key"], p["absolute_path"], p["replaced_by"], p["abandoned_at"], strict=True
        )
    }


def test_a_moved_then_edited_file_left_its_earlier_version_current(tmp_path, capsys):
    """Regression: a.pdf analysed, moved to b.pdf and analysed there (the same document, now
    also seen under b), then edited and analysed again: the earlier version stayed current,
    because path a had never shown another document, so `current_documents`, `matrix` and the
    report had two versions of one tender. Once a document is replaced at one of its paths,
    the other paths it was seen under are looked at: a, left empty by the move, no longer
    keeps it current. Putting the original back at a and analysing it makes it current again."""
    db = tmp_path / "m.duckdb"
    folder = tmp_path / "tenders"
    folder.mkdir()
    a, b = folder / "a.pdf", folder / "b.pdf"
    shutil.copy(SAMPLES / "municipality.pdf", a)
    assert main(["analyze", str(a), "--db", str(db)]) == 0
    a.rename(b)
    assert main(["analyze", str(b), "--db", str(db)]) == 0
    assert "skipped (stored)" in capsys.readouterr().out
    _edited_pdf(b)
    assert main(["analyze", str(b), "--db", str(db)]) == 0

    results = load_results(db)
    docs = results["documents"].set_index("doc_key")
    (old,) = docs[docs["path"] == str(a)].index
    (new,) = docs[docs["path"] == str(b)].index
    assert docs.loc[old, "superseded_by"] == new
    assert docs.loc[old, "superseded_at"] >= docs.loc[new, "analysed_at"]
    assert list(current_documents(results["documents"])["doc_key"]) == [new]
    assert list(pipeline.matrix(results).index) == [new]
    assert list(pipeline.analysed_tenders(results)["doc_key"]) == [new]
    from pipeline.report import comparison_data

    assert list(comparison_data(results).documents["doc_key"]) == [new]
    paths = _paths(results)
    assert paths[(old, str(b))][0] == new  # b shows the edit now
    replaced_by, abandoned_at = paths[(old, str(a))]
    assert replaced_by is None and abandoned_at == docs.loc[old, "superseded_at"]
    assert paths[(new, str(b))] == (None, None)
    # a path that shows nothing names no tender: `--doc` says so in one line
    html = tmp_path / "r.html"
    assert main(["compare", "--db", str(db), "--html", str(html), "--doc", str(a)]) == 2
    assert "matches 0 analysed tenders" in capsys.readouterr().err
    assert main(["compare", "--db", str(db), "--html", str(html), "--doc", str(b)]) == 0

    # the original copied back to a: it is shown there again, beside the edit at b
    shutil.copy(SAMPLES / "municipality.pdf", a)
    assert main(["analyze", str(a), "--db", str(db)]) == 0
    assert "skipped (stored)" in capsys.readouterr().out
    back = load_results(db)
    assert sorted(current_documents(back["documents"])["doc_key"]) == sorted([old, new])
    assert _paths(back)[(old, str(a))] == (None, None)


def test_a_copy_analysed_later_then_edited_left_the_original_current(tmp_path, capsys):
    """The copy case beside the one above: a.pdf analysed, copied to b.pdf and b analysed in a
    later run (so the document was last seen under b), then b edited and analysed. a still
    holds the original bytes, so the original stays current for a, beside the edit: the disk,
    not the order of the runs, tells a copy from a move. Once a is deleted too, the next
    `analyze` (of anything) finds what a move would have left, and supersedes the original."""
    db = tmp_path / "c.duckdb"
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    shutil.copy(SAMPLES / "municipality.pdf", a)
    assert main(["analyze", str(a), "--db", str(db)]) == 0
    shutil.copy(a, b)
    assert main(["analyze", str(b), "--db", str(db)]) == 0
    _edited_pdf(b)
    assert main(["analyze", str(b), "--db", str(db)]) == 0
    results = load_results(db)
    docs = results["documents"].set_index("doc_key")
    (old,) = docs[docs["path"] == str(a)].index
    (new,) = docs[docs["path"] == str(b)].index
    assert docs["superseded_by"].isna().all()
    assert sorted(pipeline.matrix(results).index) == sorted([old, new])
    paths = _paths(results)
    assert paths[(old, str(a))] == (None, None) and paths[(old, str(b))][0] == new

    # a analysed again unchanged: still both
    assert main(["analyze", str(a), "--db", str(db)]) == 0
    assert load_results(db)["documents"]["superseded_by"].isna().all()
    # a deleted, and another tender analysed: the original is shown nowhere now
    a.unlink()
    other = tmp_path / "prefecture.pdf"
    shutil.copy(SAMPLES / "prefecture.pdf", other)
    assert main(["analyze", str(other), "--db", str(db)]) == 0
    docs = load_results(db)["documents"].set_index("doc_key")
    assert docs.loc[old, "superseded_by"] == new
    assert docs["superseded_by"].notna().sum() == 1


def test_a_store_that_kept_a_moved_then_edited_files_earlier_version_current_is_settled(
    tmp_path,
):
    """A store written before paths were looked at (no `document_paths.abandoned_at`), holding
    the case above with both versions current: the next `analyze` into it upgrades it and
    supersedes the version whose paths no longer show it."""
    db = tmp_path / "u.duckdb"
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    shutil.copy(SAMPLES / "municipality.pdf", a)
    assert main(["analyze", str(a), "--db", str(db)]) == 0
    a.rename(b)
    assert main(["analyze", str(b), "--db", str(db)]) == 0
    _edited_pdf(b)
    assert main(["analyze", str(b), "--db", str(db)]) == 0
    con = duckdb.connect(str(db))
    try:  # as the earlier version left it
        con.execute("ALTER TABLE document_paths DROP COLUMN abandoned_at")
        con.execute("UPDATE documents SET superseded_by = NULL, superseded_at = NULL")
    finally:
        con.close()
    assert len(current_documents(load_results(db)["documents"])) == 2

    other = tmp_path / "prefecture.pdf"
    shutil.copy(SAMPLES / "prefecture.pdf", other)
    assert main(["analyze", str(other), "--db", str(db)]) == 0
    results = load_results(db)
    docs = results["documents"].set_index("doc_key")
    (old,) = docs[docs["path"] == str(a)].index
    (new,) = docs[docs["path"] == str(b)].index
    assert docs.loc[old, "superseded_by"] == new
    assert sorted(current_documents(results["documents"])["doc_key"]) == sorted(
        [new, *docs[docs["path"] == str(other)].index]
    )


# the store as the version before this one wrote it (git show fefaeae:pipeline/store/__init__.py)
OLD_SCHEMA = """
CREATE TABLE runs (run_id VARCHAR PRIMARY KEY, started_at TIMESTAMP,
    pipeline_version VARCHAR, taxonomy_version VARCHAR, model_version VARCHAR, command VARCHAR);
CREATE TABLE documents (doc_key VARCHAR PRIMARY KEY, sha256 VARCHAR, path VARCHAR,
    pages INTEGER, title VARCHAR, status VARCHAR, profiles VARCHAR[], profile_reasons JSON,
    errors JSON, pipeline_version VARCHAR, run_id VARCHAR, analysed_at TIMESTAMP);
CREATE TABLE document_paths (doc_key VARCHAR, path VARCHAR, run_id VARCHAR);
CREATE TABLE sections (doc_key VARCHAR, section_id VARCHAR, label VARCHAR,
    heading VARCHAR, level INTEGER, page INTEGER, end_page INTEGER, parent_id VARCHAR,
    is_security BOOLEAN, security_reason VARCHAR);
CREATE TABLE clauses (doc_key VARCHAR, clause_id VARCHAR, section_id VARCHAR,
    label VARCHAR, page INTEGER, x0 DOUBLE, top DOUBLE, x1 DOUBLE, bottom DOUBLE, text VARCHAR,
    normalized VARCHAR, is_security BOOLEAN);
CREATE TABLE requirement_matches (doc_key VARCHAR, clause_id VARCHAR,
    requirement_id VARCHAR, score DOUBLE, triggers VARCHAR[]);
CREATE TABLE obligations (doc_key VARCHAR, clause_id VARCHAR, requirement_id VARCHAR,
    actor VARCHAR, modality VARCHAR, conditional BOOLEAN, deadline_text VARCHAR,
    deadline_days DOUBLE, deadline_qualifier VARCHAR, deadline_anchor VARCHAR, form VARCHAR,
    approval VARCHAR, scope VARCHAR, exceptions VARCHAR[], survival BOOLEAN, flowdown BOOLEAN,
    reference_title VARCHAR, reference_edition VARCHAR);
CREATE TABLE coverage (doc_key VARCHAR, requirement_id VARCHAR, status VARCHAR);
CREATE TABLE findings (doc_key VARCHAR, kind VARCHAR, requirement_id VARCHAR,
    severity VARCHAR, message VARCHAR, message_ja VARCHAR, clause_ids VARCHAR[], pages INTEGER[]);
"""


def _as_old_store(new: Path, old: Path) -> None:
    """``new``'s rows in a store of the earlier layout (no history, no spans, fewer columns)."""
    con = duckdb.connect(str(old))
    try:
        con.execute(OLD_SCHEMA)
        con.execute(f"ATTACH '{new}' AS new (READ_ONLY)")
        for table in re.findall(r"CREATE TABLE (\w+)", OLD_SCHEMA):
            columns = ", ".join(r[0] for r in con.execute(f"DESCRIBE {table}").fetchall())
            con.execute(f"INSERT INTO {table} SELECT {columns} FROM new.{table}")
        con.execute("DETACH new")
    finally:
        con.close()


def test_a_store_of_the_earlier_layout_loads_and_is_upgraded_on_write(tmp_path, monkeypatch):
    """A store written before the history, spans and new columns existed: `load_results` reads
    it with the new columns empty, `compare` reports it, and the next `analyze` upgrades it in
    place, with the history of its paths, relative ones included, worked out."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in").mkdir()
    text = sample_text("municipality")
    Path("in/t.txt").write_text(text, encoding="utf-8")
    Path("in/copy.txt").write_text(text, encoding="utf-8")
    assert main(["analyze", "in/t.txt", "in/copy.txt", "--db", "new.duckdb"]) == 0
    _as_old_store(tmp_path / "new.duckdb", tmp_path / "old.duckdb")

    old = load_results("old.duckdb")
    assert list(old["clauses"].columns) == list(load_results("new.duckdb")["clauses"].columns)
    assert old["clause_spans"].empty and old["documents"]["superseded_by"].isna().all()
    assert len(pipeline.analysed_tenders(old)) == 1
    assert main(["compare", "--db", "old.duckdb", "--html", "old.html"]) == 0
    assert main(["export", "--db", "old.duckdb", "--parquet", "pq"]) == 0
    spans = duckdb.sql("SELECT * FROM 'pq/clause_spans.parquet'")
    assert spans.columns == list(load_results("new.duckdb")["clause_spans"].columns)

    Path("in/t.txt").write_text(
        text.replace(FOURTEEN_DAYS, "業務開始の3日前までに"), encoding="utf-8"
    )
    assert main(["analyze", "in/t.txt", "--db", "old.duckdb"]) == 0
    upgraded = load_results("old.duckdb")
    con = duckdb.connect("old.duckdb", read_only=True)
    try:
        described = {t: [r[0] for r in con.execute(f"DESCRIBE {t}").fetchall()] for t in TABLES}
    finally:
        con.close()
    assert described == {t: list(upgraded[t].columns) for t in TABLES}
    paths = upgraded["document_paths"]
    assert dict(zip(paths["path"], paths["absolute_path"], strict=True)) == {
        "in/t.txt": str(tmp_path / "in" / "t.txt"),
        "in/copy.txt": str(tmp_path / "in" / "copy.txt"),
    }
    assert paths["seen_at"].notna().all()
    (earlier,) = old["documents"]["doc_key"]
    (edited,) = set(upgraded["documents"]["doc_key"]) - {earlier}
    replaced = dict(zip(paths["path"] + " " + paths["doc_key"], paths["replaced_by"], strict=True))
    assert replaced[f"in/t.txt {earlier}"] == edited
    # in/copy.txt still shows the earlier version: both are current
    assert len(current_documents(upgraded["documents"])) == 2

    # the copy edited the same way: the earlier version is shown nowhere now
    Path("in/copy.txt").write_text(Path("in/t.txt").read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["analyze", "in/copy.txt", "--db", "old.duckdb"]) == 0
    docs = load_results("old.duckdb")["documents"].set_index("doc_key")
    assert docs.loc[earlier, "superseded_by"] == edited
    assert list(current_documents(docs.reset_index())["doc_key"]) == [edited]


def test_a_clause_running_onto_the_next_page_kept_only_its_first_page_and_box(tmp_path):
    """Regression: `clauses` has one page and one box, so a clause continued on the next page
    could not be drawn whole; the JSON had every printed line's page and box (`spans`)."""
    db, out = tmp_path / "s.duckdb", tmp_path / "json"
    pdf = SAMPLES / "cloud_service.pdf"
    assert main(["analyze", str(pdf), "--db", str(db), "--json-dir", str(out)]) == 0
    payload = json.loads((out / "cloud_service.json").read_text(encoding="utf-8"))
    results = load_results(db)
    spans, clauses = results["clause_spans"], results["clauses"].set_index("clause_id")
    running_on = [c for c in payload["clauses"] if len({s["page"] for s in c["spans"]}) > 1]
    assert running_on, "the sample has a clause across a page break"
    for c in payload["clauses"]:
        mine = spans[spans["clause_id"] == c["id"]].sort_values("span_order")
        stored = [
            {
                "page": r.page,
                "bbox": [r.x0, r.top, r.x1, r.bottom],
                "start": r.text_start,
                "end": r.text_end,
            }
            for r in mine.itertuples()
        ]
        assert stored == c["spans"], c["id"]
        assert clauses.loc[c["id"], "end_page"] == max(s["page"] for s in c["spans"])
    assert (
        clauses.loc[[c["id"] for c in running_on], "end_page"]
        > clauses.loc[[c["id"] for c in running_on], "page"]
    ).all()


def test_a_missing_findings_near_miss_and_sections_searched_were_only_in_its_message(tmp_path):
    """Regression: a `missing` finding's nearest clause and its score were only words in the
    message, and the sections searched only in the JSON: now columns."""
    db, out = tmp_path / "s.duckdb", tmp_path / "json"
    assert (
        main(
            ["analyze", str(SAMPLES / "cloud_service.pdf"), "--db", str(db), "--json-dir", str(out)]
        )
        == 0
    )
    payload = json.loads((out / "cloud_service.json").read_text(encoding="utf-8"))
    findings = load_results(db)["findings"]
    (near,) = [f for f in payload["findings"] if f.get("closest")]
    (closest,) = near["closest"]
    assert f"The closest clause, {closest['clause_id']} (p. {closest['page']})" in near["message"]
    row = findings[
        (findings["kind"] == "missing") & (findings["requirement_id"] == near["requirement_id"])
    ].iloc[0]
    assert row["closest_clause_id"] == closest["clause_id"]
    assert row["closest_score"] == closest["score"] and row["threshold"] == closest["threshold"]
    assert (
        f"scored {closest['score']:.2f}; a match needs {closest['threshold']:.2f}" in row["message"]
    )
    assert pd.isna(row["closest_outside_clause_id"])
    for f in [f for f in payload["findings"] if f["kind"] == "missing"]:
        stored = findings[
            (findings["kind"] == "missing") & (findings["requirement_id"] == f["requirement_id"])
        ].iloc[0]
        assert list(stored["searched_section_ids"]) == [
            s.split(" ", 1)[0] for s in f["sections_searched"]
        ]
    others = findings[findings["closest_clause_id"].isna()]
    assert others["closest_score"].isna().all() and others["threshold"].isna().all()


def test_a_near_miss_outside_the_security_sections_was_only_in_the_message(tmp_path):
    """The nearest clause found in the search of the other chapters, in its own columns."""
    from dataclasses import replace

    from pipeline.analysis import analyze_path
    from pipeline.compare.assess import assess
    from pipeline.store import Store

    a = analyze_path(SAMPLES / "independent_agency.pdf")
    rid = "SEC.BREACH_CONSEQUENCES"
    clause = next(c for c in a.structure.clauses if "著作権は" in c.text)
    _, findings = assess(
        a.structure,
        a.requirements,
        a.obligations,
        a.profile_reasons,
        searched_outside=(clause.section_id,),
        closest_outside={rid: (clause.id, 0.3, 0.425)},
    )
    db = tmp_path / "o.duckdb"
    with Store(db) as store:
        store.write(replace(a, findings=findings))
    stored = load_results(db)["findings"]
    row = stored[(stored["kind"] == "missing") & (stored["requirement_id"] == rid)].iloc[0]
    assert row["closest_outside_clause_id"] == clause.id and row["closest_outside_score"] == 0.3
    assert row["threshold"] == 0.425 and pd.isna(row["closest_clause_id"])
    assert clause.section_id in list(row["searched_section_ids"])


def test_requirement_matches_lacked_the_features_and_nearest_corpus_clauses(tmp_path):
    """Regression: the store kept a match's trigger words only; the JSON's `features` (what
    weighed most) and the nearest corpus clauses that carry the label were not reachable."""
    db, out = tmp_path / "s.duckdb", tmp_path / "json"
    assert (
        main(["analyze", str(SAMPLES / "prefecture.pdf"), "--db", str(db), "--json-dir", str(out)])
        == 0
    )
    payload = json.loads((out / "prefecture.json").read_text(encoding="utf-8"))
    matches = load_results(db)["requirement_matches"].set_index(["clause_id", "requirement_id"])
    seen = 0
    for c in payload["clauses"]:
        for m in c["requirements"]:
            row = matches.loc[(c["id"], m["id"])]
            assert list(row["features"]) == m["features"]
            named = [
                f.split(": ", 1)[1].split(", ")
                for f in m["features"]
                if f.startswith("similar corpus clauses: ")
            ]
            assert list(row["similar_clauses"]) == (named[0] if named else [])
            seen += bool(named)
    assert seen > 10


def test_finding_pages_did_not_line_up_with_clause_ids(tmp_path):
    """Regression: a finding's `pages` keeps each page once, so with two of its clauses on one
    page `explode(["clause_ids", "pages"])` raised. `clause_pages` is one page per clause ID;
    `pages` stays as the JSON and the report have it (distinct, ascending)."""
    tender = tmp_path / "prefecture.txt"  # text: every clause on page 1
    tender.write_text(sample_text("prefecture"), encoding="utf-8")
    db, out = tmp_path / "f.duckdb", tmp_path / "json"
    assert main(["analyze", str(tender), "--db", str(db), "--json-dir", str(out)]) == 0
    results = load_results(db)
    findings = results["findings"]
    several = findings[findings["clause_ids"].map(len) > 1]
    assert not several.empty and (several["pages"].map(len) == 1).all()
    pairs = findings.explode(["clause_ids", "clause_pages"]).dropna(subset=["clause_ids"])
    clauses = results["clauses"].set_index("clause_id")["page"]
    assert (pairs["clause_pages"].astype(int) == pairs["clause_ids"].map(clauses)).all()
    payload = json.loads((out / "prefecture.json").read_text(encoding="utf-8"))
    for f in payload["findings"]:
        assert len(f["clause_pages"]) == len(f["clause_ids"])
        assert f["pages"] == sorted(set(f["clause_pages"]))


def test_a_notice_period_was_stored_like_a_time_limit(tmp_path):
    """Regression: 「6か月前まで」 (a notice period before an event) and 「24時間以内」 (a time
    limit after one) were both qualifier `within` with a number of days, so sorting by
    deadline_days read one of them backwards. `deadline_before_event` tells them apart."""
    tender = tmp_path / "cloud_service.txt"
    tender.write_text(sample_text("cloud_service"), encoding="utf-8")
    db = tmp_path / "n.duckdb"
    assert main(["analyze", str(tender), "--db", str(db)]) == 0
    ob = load_results(db)["obligations"]
    by_text = dict(zip(ob["deadline_text"], ob["deadline_before_event"], strict=True))
    assert bool(by_text["6か月前まで"]) and not bool(by_text["24時間以内"])
    within = ob[(ob["deadline_qualifier"] == "within") & ob["deadline_days"].notna()]
    assert set(within["deadline_before_event"].astype(bool)) == {True, False}
    after = within[~within["deadline_before_event"].astype(bool)]
    assert all("以内" in t for t in after["deadline_text"])
    assert ob[ob["deadline_text"].isna()]["deadline_before_event"].isna().all()


def test_clause_ids_sorted_as_text(tmp_path):
    """Regression: clause IDs sort as text (c1, c10, c2); `clause_order` is the reading
    order."""
    db = tmp_path / "o.duckdb"
    assert main(["analyze", str(SAMPLES / "national_ministry.pdf"), "--db", str(db)]) == 0
    clauses = load_results(db)["clauses"]
    assert len(clauses) > 10
    ordered = clauses.sort_values("clause_order")
    assert list(ordered["clause_order"]) == list(range(1, len(clauses) + 1))
    assert list(ordered["clause_id"]) == sorted(clauses["clause_id"], key=lambda c: int(c[1:]))
    assert list(ordered["clause_id"]) != sorted(clauses["clause_id"])
    # a clause comes no earlier on the page than the one before it
    assert ordered["page"].is_monotonic_increasing


def test_label_switched_when_the_same_bytes_were_analysed_under_another_path(tmp_path):
    """Regression: analysing the same file again under another name (here with --force; also a
    failed first try, or other profiles) made `documents.path`, and so the tender's label, the
    latest path. A document keeps its first path; `document_paths` has every one."""
    db = tmp_path / "l.duckdb"
    first, later = tmp_path / "spec.pdf", tmp_path / "renamed" / "final_spec.pdf"
    later.parent.mkdir()
    shutil.copy(SAMPLES / "municipality.pdf", first)
    assert main(["analyze", str(first), "--db", str(db)]) == 0
    labels = pipeline.tender_labels(load_results(db)["documents"])
    shutil.copy(first, later)
    assert main(["analyze", str(later), "--db", str(db), "--force"]) == 0
    assert main(["analyze", str(later), "--db", str(db), "--profile", "L_BASE"]) == 0
    results = load_results(db)
    assert list(results["documents"]["path"]) == [str(first)]
    assert pipeline.tender_labels(results["documents"]) == labels
    assert sorted(results["document_paths"]["path"]) == sorted([str(first), str(later)])
    assert results["documents"]["superseded_by"].isna().all()
    # the later path still names the tender for `compare`
    html = tmp_path / "r.html"
    assert main(["compare", "--db", str(db), "--html", str(html), "--doc", str(later)]) == 0


def test_store_schema_is_documented():
    """docs/store.md names every table and column of the store, with its key."""
    doc = (ROOT / "docs" / "store.md").read_text(encoding="utf-8")
    con = duckdb.connect(":memory:")
    try:
        con.execute(SCHEMA)
        for table in TABLES:
            section = re.search(rf"^### `{table}`\n(.*?)(?=^### |\Z)", doc, re.S | re.M)
            assert section, f"docs/store.md has no section for {table}"
            assert "Key:" in section.group(1), table
            for column, kind, *_ in con.execute(f"DESCRIBE {table}").fetchall():
                assert re.search(
                    rf"^\| `{column}` \| `{re.escape(kind)}` \|", section.group(1), re.M
                ), f"{table}.{column} ({kind}) is not described"
    finally:
        con.close()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "docs/store.md" in readme


def test_load_parquet_of_an_export_by_an_earlier_version_lacked_the_newer_columns(tmp_path):
    """Regression: a store written by an earlier version is read with the newer columns as
    NULL, but an export it wrote (`tenderlens export --parquet`), read with
    `pipeline.load_parquet`, lacked them, so analysts' code that runs on a fresh export raised
    KeyError on an old one. The old export here is a real one with the columns and tables the
    earlier layout lacked dropped from its files (pyarrow); it now reads exactly as that
    earlier store does."""
    import pyarrow.parquet as pq

    new, old, export = tmp_path / "new.duckdb", tmp_path / "old.duckdb", tmp_path / "pq"
    pdfs = [str(SAMPLES / n) for n in ("municipality.pdf", "cloud_service.pdf")]
    assert main(["analyze", *pdfs, "--db", str(new)]) == 0
    assert main(["export", "--db", str(new), "--parquet", str(export)]) == 0
    _as_old_store(new, old)
    con = duckdb.connect(str(old), read_only=True)
    try:
        kept = {
            t: [r[0] for r in con.execute(f"DESCRIBE {t}").fetchall()]
            for t in re.findall(r"CREATE TABLE (\w+)", OLD_SCHEMA)
        }
    finally:
        con.close()
    dropped = 0
    for table in TABLES:
        target = export / f"{table}.parquet"
        if table not in kept:
            target.unlink()  # a table the earlier version did not have: no file
            continue
        written = pq.read_table(target)
        dropped += written.num_columns - len(kept[table])
        pq.write_table(written.select(kept[table]), target)
    assert dropped >= 10

    expected, fresh = load_results(old), load_results(new)
    tables = pipeline.load_parquet(export)
    for table in TABLES:
        assert list(tables[table].columns) == list(fresh[table].columns), table
        pd.testing.assert_frame_equal(tables[table], expected[table], obj=table)
    findings = tables["findings"]
    assert findings["clause_pages"].isna().all() and findings["closest_score"].isna().all()
    assert tables["clause_spans"].empty
    # what an analyst does with a fresh export runs on the old one, as on the old store
    assert tables["documents"]["superseded_by"].isna().all()
    assert list(pipeline.matrix(tables).index) == list(pipeline.matrix(expected).index)
    assert len(pipeline.analysed_tenders(tables)) == 2


def test_load_parquet_of_a_dataset_by_an_earlier_version_lacked_the_newer_columns(tmp_path):
    """The same for a `--parquet-dir` dataset (`DIR/<table>/*.parquet`, one part per document):
    one written by an earlier version lacked the newer columns, and a column only some parts
    had (a rerun by a newer version wrote them) came from those parts alone. Every table now
    has the store's columns, NULL where a part lacks them, typed as the store types them."""
    import pyarrow.parquet as pq

    from pipeline.analysis import analyze_path
    from pipeline.store import write_parts

    fresh, old = tmp_path / "fresh", tmp_path / "old"
    for name in ("municipality", "prefecture"):
        tender = tmp_path / f"{name}.txt"
        tender.write_text(sample_text(name), encoding="utf-8")
        analysis = analyze_path(tender)
        write_parts(analysis, fresh, "run")
        write_parts(analysis, old, "run")
    first, second = sorted((old / "clauses").glob("*.parquet"))
    for part, columns in ((first, ["end_page", "clause_order"]), (second, ["end_page"])):
        pq.write_table(pq.read_table(part).drop_columns(columns), part)
    for part in (old / "obligations").glob("*.parquet"):
        pq.write_table(pq.read_table(part).drop_columns(["deadline_before_event"]), part)
    shutil.rmtree(old / "clause_spans")

    expected, tables = pipeline.load_parquet(fresh), pipeline.load_parquet(old)
    for table in expected:
        assert list(tables[table].columns) == list(expected[table].columns), table
    clauses = tables["clauses"]
    assert clauses["end_page"].isna().all()
    assert clauses["clause_order"].isna().sum() == pq.read_metadata(first).num_rows
    # integers as the store gives them (nullable where some are missing), not objects
    assert pd.api.types.is_integer_dtype(clauses["clause_order"])
    assert pd.api.types.is_integer_dtype(clauses["end_page"])
    assert tables["obligations"]["deadline_before_event"].isna().all()
    assert tables["clause_spans"].empty
    unchanged = ["doc_key", "clause_id", "text", "page"]
    ordered = ["doc_key", "clause_id"]
    assert (
        clauses[unchanged]
        .sort_values(ordered)
        .reset_index(drop=True)
        .equals(expected["clauses"][unchanged].sort_values(ordered).reset_index(drop=True))
    )
