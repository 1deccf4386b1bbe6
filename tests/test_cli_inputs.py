"""The command line meets a user's mistakes with one readable line (or one error record per bad
input line for `classify`) and the contract's exit codes, never a traceback. Each test is named
after a bug a review reproduced."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfgen import canvas

from pipeline import load_results
from pipeline.cli import main
from pipeline.store import Store, StoreError
from tests.conftest import ROOT, SAMPLES

CONFIDENTIAL = "受注者は、本業務で知り得た情報を第三者に漏らしてはならない。"
INCIDENT = "受注者は、情報セキュリティインシデントが発生した場合は、直ちに発注者に報告すること。"
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def _jsonl(*records: dict) -> bytes:
    return b"".join(json.dumps(r, ensure_ascii=False).encode("utf-8") + b"\n" for r in records)


def _classify(tmp_path: Path, data: bytes) -> tuple[int, list[dict]]:
    """Run `classify` on these input bytes; (exit code, the output records)."""
    src, dst = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_bytes(data)
    code = main(["classify", "--input", str(src), "--output", str(dst)])
    return code, [json.loads(line) for line in dst.read_text(encoding="utf-8").splitlines()]


def test_classify_shift_jis_line_gets_its_own_error_and_the_good_lines_are_kept(tmp_path, capsys):
    """Regression: a line that is not UTF-8 raised UnicodeDecodeError (a traceback, exit 1) and the
    output lost the good lines before it; now it gets a `text.decode` error record of its own."""
    sjis = json.dumps({"id": "s", "text": INCIDENT}, ensure_ascii=False).encode("shift_jis")
    data = _jsonl({"id": "a", "text": CONFIDENTIAL}, {"id": "b", "text": INCIDENT})
    code, out = _classify(tmp_path, data + sjis + b"\n" + _jsonl({"id": "c", "text": INCIDENT}))
    assert code == 1
    assert [o["id"] for o in out] == ["a", "b", None, "c"]
    assert "SEC.CONFIDENTIALITY" in {r["id"] for r in out[0]["requirements"]}
    assert "SEC.INCIDENT_REPORTING" in {r["id"] for r in out[3]["requirements"]}
    assert out[2]["error"]["code"] == "text.decode"
    assert out[2]["error"]["message"].startswith("line 3: not UTF-8")
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert err[0].startswith(f"tenderlens: {tmp_path / 'in.jsonl'}: line 3: text.decode: not UTF-8")


def test_classify_problem_lines_name_the_input_file_and_stdin_lines_their_number(
    tmp_path, capsys, monkeypatch
):
    """Regression: `classify --input FILE` wrote `tenderlens: line 1: …` without the file, unlike
    every other command's `tenderlens: PATH: CODE: …`."""
    src = tmp_path / "clauses.jsonl"
    src.write_text('{"id": "a"}\n', encoding="utf-8")
    assert main(["classify", "--input", str(src), "--output", str(tmp_path / "o.jsonl")]) == 1
    err = capsys.readouterr().err.strip()
    assert err == f'tenderlens: {src}: line 1: input.bad_record: no "text"'
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b'{"id": "a"}\n')))
    assert main(["classify", "--output", str(tmp_path / "p.jsonl")]) == 1
    assert capsys.readouterr().err.strip() == 'tenderlens: line 1: input.bad_record: no "text"'


def test_classify_utf8_bom_at_start_is_accepted(tmp_path):
    """Regression: a UTF-8 byte-order mark (as Windows editors write it) made the first record a
    JSON error."""
    code, out = _classify(tmp_path, b"\xef\xbb\xbf" + _jsonl({"id": "a", "text": CONFIDENTIAL}))
    assert code == 0
    assert out[0]["id"] == "a" and "error" not in out[0]
    assert "SEC.CONFIDENTIALITY" in {r["id"] for r in out[0]["requirements"]}


def test_classify_non_string_id_is_an_error_record_keeping_the_id(tmp_path):
    """Regression: an id of null, an object or a number was coerced to a string ("None",
    "{'x': 1}", "42") and classified; it is a bad record, like a missing id, and its error record
    keeps the id as given so that the user can find the line."""
    ids = [None, {"x": 1}, 42, [1], True]
    code, out = _classify(
        tmp_path,
        _jsonl(*({"id": i, "text": CONFIDENTIAL} for i in ids), {"text": CONFIDENTIAL}),
    )
    assert code == 1
    assert [o["id"] for o in out] == [*ids, None]
    assert all(o["error"]["code"] == "input.bad_record" for o in out)
    assert out[2]["error"]["message"] == 'line 3: "id" is a number, not a string'
    assert out[5]["error"]["message"] == 'line 6: no "id"'


def test_classify_blank_line_gets_an_error_record(tmp_path):
    """Regression: a blank line produced no output line, so output line N no longer answered
    input line N; it now gets an error record naming its line."""
    a, b = _jsonl({"id": "a", "text": CONFIDENTIAL}), _jsonl({"id": "b", "text": INCIDENT})
    code, out = _classify(tmp_path, a + b"\n   \r\n" + b)
    assert code == 1
    assert [o["id"] for o in out] == ["a", None, None, "b"]
    assert [o.get("error", {}).get("message") for o in out] == [
        None, "line 2: a blank line, not a record", "line 3: a blank line, not a record", None
    ]


def test_classify_error_records_have_the_contract_keys(tmp_path):
    """Regression: error records had only "id" and "error"; every output line has the contract's
    "id", "requirements" and "obligations" (empty for a bad line), plus "error"."""
    code, out = _classify(tmp_path, b"not json\n" + _jsonl({"id": "a", "text": 5}))
    assert code == 1
    for record in out:
        assert record["requirements"] == [] and record["obligations"] == []
        assert set(record) == {"id", "requirements", "obligations", "error"}


def test_classify_lone_surrogate_or_deep_nesting_is_an_error_record(tmp_path, capsys):
    """Regression: a text holding a lone surrogate escape ("\\udfff") raised UnicodeEncodeError in
    the tokenizer, an id holding one could not be written, and JSON nested 100,000 deep raised
    RecursionError: each a traceback that stopped the run. Each is now that line's error."""
    data = (
        b'{"id": "a", "text": "\\udfff"}\n{"id": "\\ud800", "text": "x"}\n'
        + b"[" * 100_000 + b"\n" + _jsonl({"id": "ok", "text": CONFIDENTIAL})
    )
    code, out = _classify(tmp_path, data)
    assert code == 1
    assert [o["id"] for o in out] == ["a", None, None, "ok"]
    assert [o.get("error", {}).get("code") for o in out] == ["input.bad_record"] * 3 + [None]
    assert "Traceback" not in capsys.readouterr().err


def _closed_after_first_line(*args: str) -> tuple[int, str, str]:
    """Run tenderlens with its stdout read like `| head -1`: one line, then the pipe is closed.
    Returns (exit code, that line, stderr)."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "pipeline", *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV, cwd=ROOT,
    )
    first = proc.stdout.readline().decode("utf-8")
    proc.stdout.close()
    err = proc.stderr.read().decode("utf-8")
    return proc.wait(timeout=300), first, err


def test_classify_into_a_closed_pipe_stops_quietly(tmp_path):
    """Regression: `tenderlens classify ... | head -1` ended in a BrokenPipeError traceback; it now
    stops writing and exits with 141, what a shell reports for a writer whose reader went away."""
    src = tmp_path / "many.jsonl"
    # far more output than a pipe holds, so the writer is still writing when the pipe closes
    src.write_bytes(_jsonl(*({"id": str(k), "text": CONFIDENTIAL} for k in range(3000))))
    code, first, err = _closed_after_first_line("classify", "--input", str(src))
    assert json.loads(first)["id"] == "0"
    assert err == ""
    assert code == 141


def test_analyze_into_a_closed_pipe_still_stores_every_document(tmp_path):
    """Regression: `tenderlens analyze ... | head -1` died of BrokenPipeError after the first
    document, leaving the others unanalysed; a closed stdout now stops only the printing."""
    paths = []
    for k in range(3):
        paths.append(tmp_path / f"t{k}.txt")
        paths[-1].write_text(f"1.　情報セキュリティに関する事項\n  (1)　{CONFIDENTIAL}\n  (2)　{INCIDENT}{k}\n",
                             encoding="utf-8")
    db = tmp_path / "s.duckdb"
    code, first, err = _closed_after_first_line("analyze", *map(str, paths), "--db", str(db))
    assert first.startswith("ok ")
    assert "Traceback" not in err and "Exception ignored" not in err
    assert code == 0
    documents = load_results(db)["documents"]
    assert sorted(documents["path"]) == sorted(map(str, paths))
    assert set(documents["status"]) == {"ok"}


def _one_error_line(capsys, start: str) -> str:
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(start), err
    return err[0]


def _text_tender(path: Path) -> Path:
    path.write_text(f"1.　情報セキュリティに関する事項\n  (1)　{CONFIDENTIAL}\n", encoding="utf-8")
    return path


def test_db_that_is_a_directory_or_not_a_duckdb_file_is_a_usage_error(tmp_path, capsys):
    """Regression: `--db` naming a directory or a file that is not DuckDB (or a folder that cannot
    be made) ended in a DuckDB IOException or FileNotFoundError traceback in analyze, compare and
    export; each is now one usage line (exit 2)."""
    tender = _text_tender(tmp_path / "t.txt")
    folder = tmp_path / "folder"
    folder.mkdir()
    notes = tmp_path / "notes.txt"
    notes.write_text("not a database\n", encoding="utf-8")
    for db, problem in [(folder, "a directory"), (notes, "not a DuckDB file")]:
        assert main(["analyze", str(tender), "--db", str(db)]) == 2
        assert problem in _one_error_line(capsys, f"tenderlens: error: --db {db}: ")
        assert main(["export", "--db", str(db), "--parquet", str(tmp_path / "pq")]) == 2
        _one_error_line(capsys, f"tenderlens: error: --db {db}: ")
    assert main(["compare", "--db", str(notes), "--html", str(tmp_path / "r.html")]) == 2
    assert "not a DuckDB file" in _one_error_line(capsys, f"tenderlens: error: --db {notes}: ")
    under_a_file = notes / "s.duckdb"
    assert main(["analyze", str(tender), "--db", str(under_a_file)]) == 2
    _one_error_line(capsys, f"tenderlens: error: --db {under_a_file}: ")
    assert notes.read_text(encoding="utf-8") == "not a database\n"  # left as it was


def test_db_that_is_another_duckdb_database_is_a_usage_error(tmp_path, capsys):
    """Regression: compare and export on a DuckDB file that is not a TenderLens store ended in a
    CatalogException traceback."""
    db = tmp_path / "other.duckdb"
    con = duckdb.connect(str(db))
    con.execute("CREATE TABLE t (x INTEGER)")
    con.close()
    assert main(["compare", "--db", str(db), "--html", str(tmp_path / "r.html")]) == 2
    assert "not a TenderLens store" in _one_error_line(capsys, f"tenderlens: error: --db {db}: ")
    assert main(["export", "--db", str(db), "--parquet", str(tmp_path / "pq")]) == 2
    assert "not a TenderLens store" in _one_error_line(capsys, f"tenderlens: error: --db {db}: ")


def test_store_held_by_another_process_is_a_store_error(tmp_path):
    """Regression: a store another process kept open past the wait ended in a DuckDB IOException
    traceback; it is a StoreError (one line from the command line) saying the store is in use."""
    db = tmp_path / "s.duckdb"
    with Store(db) as store:
        store.record_run({})
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
         "print('open', flush=True); time.sleep(60)", str(db)],
        stdout=subprocess.PIPE, env=ENV,
    )
    try:
        assert holder.stdout.readline() == b"open\n"
        with pytest.raises(StoreError, match="in use by another process"):
            load_results(db, wait_s=0)
    finally:
        holder.kill()
        holder.wait()


def test_negative_time_limit_and_jobs_below_one_are_usage_errors(tmp_path, capsys):
    """Regression: `--time-limit -1` ended in a setitimer traceback after the store was made, and
    `--jobs 0` or `--jobs -3` ran as if 1; each is now a usage error (exit 2) before any work.
    `--time-limit 0` keeps its documented meaning, no limit."""
    tender = _text_tender(tmp_path / "t.txt")
    db = tmp_path / "s.duckdb"
    for option, value in [("--time-limit", "-1"), ("--time-limit", "nan"), ("--jobs", "0"),
                          ("--jobs", "-3"), ("--memory-limit", "-5")]:
        with pytest.raises(SystemExit) as stop:
            main(["analyze", str(tender), "--db", str(db), option, value])
        assert stop.value.code == 2
        assert f"argument {option}: " in capsys.readouterr().err
    assert not db.exists()
    assert main(["analyze", str(tender), "--db", str(db), "--time-limit", "0"]) == 0


def test_debug_of_a_damaged_or_encrypted_pdf_or_a_text_file_is_one_line(tmp_path, capsys):
    """Regression: `debug` on a truncated or a password-protected PDF ended in an uncaught
    TenderLensError traceback, and on a .txt file in a PdfiumError one. A PDF that cannot be read
    is a failed document as in `analyze` (its coded line, exit 1); a text file has no page to
    draw, which is a usage error (exit 2)."""
    truncated = tmp_path / "truncated.pdf"
    truncated.write_bytes((SAMPLES / "independent_agency.pdf").read_bytes()[:8000])
    encrypted = tmp_path / "encrypted.pdf"
    c = canvas.Canvas(str(encrypted), encrypt=StandardEncryption("secret", canPrint=0))
    c.drawString(72, 720, "confidential")
    c.save()
    png = tmp_path / "p.png"
    for pdf, code in [(truncated, "pdf.truncated"), (encrypted, "pdf.encrypted")]:
        assert main(["debug", str(pdf), "-o", str(png)]) == 1
        _one_error_line(capsys, f"tenderlens: {pdf}: {code}: ")
    text = _text_tender(tmp_path / "t.txt")
    assert main(["debug", str(text), "-o", str(png)]) == 2
    assert "text file" in _one_error_line(capsys, f"tenderlens: error: {text}: ")
    assert not png.exists()


def test_export_parquet_to_a_file_or_a_path_with_an_apostrophe(tmp_path, capsys):
    """Regression: `export --parquet` naming an existing file ended in a FileExistsError traceback
    (now a usage error, exit 2), and a directory named "it's" in a DuckDB ParserException: the
    path went into the SQL unescaped. Both are the user's ordinary paths."""
    db = tmp_path / "s.duckdb"
    assert main(["analyze", str(_text_tender(tmp_path / "t.txt")), "--db", str(db)]) == 0
    capsys.readouterr()
    a_file = tmp_path / "a_file"
    a_file.write_text("keep me", encoding="utf-8")
    assert main(["export", "--db", str(db), "--parquet", str(a_file)]) == 2
    _one_error_line(capsys, f"tenderlens: error: --parquet {a_file}: ")
    assert a_file.read_text(encoding="utf-8") == "keep me"
    quoted = tmp_path / "x" / "it's"
    assert main(["export", "--db", str(db), "--parquet", str(quoted)]) == 0
    with duckdb.connect() as con:
        rows = con.execute("SELECT count(*) FROM read_parquet(?)", [str(quoted / "documents.parquet")])
        assert rows.fetchone() == (1,)


def test_compare_and_eval_outputs_that_cannot_be_written_are_usage_errors_before_the_work(
    tmp_path, capsys
):
    """Regression: `compare --html` naming a directory or a path under a missing unmakeable
    folder, `compare --xlsx` likewise (after the HTML report was written) and `eval --json`
    (after the evaluation) ended in IsADirectoryError / FileNotFoundError tracebacks once the
    work was done; each is now a usage error (exit 2) before it."""
    db = tmp_path / "s.duckdb"
    assert main(["analyze", str(_text_tender(tmp_path / "t.txt")), "--db", str(db)]) == 0
    a_dir = tmp_path / "a_dir"
    a_dir.mkdir()
    a_file = tmp_path / "a_file"
    a_file.write_text("", encoding="utf-8")
    html = tmp_path / "r.html"
    unwritable = [a_dir, a_file / "r.out", Path("/proc/nope/r.out")]
    capsys.readouterr()
    for bad in unwritable:
        assert main(["compare", "--db", str(db), "--html", str(bad)]) == 2
        _one_error_line(capsys, f"tenderlens: error: --html {bad}: ")
        assert main(["compare", "--db", str(db), "--html", str(html), "--xlsx", str(bad)]) == 2
        _one_error_line(capsys, f"tenderlens: error: --xlsx {bad}: ")
        assert not html.exists()
    gold = tmp_path / "gold.jsonl"
    gold.write_bytes(_jsonl({"id": "g", "text": CONFIDENTIAL, "labels": ["SEC.CONFIDENTIALITY"]}))
    for bad in unwritable:
        assert main(["eval", "--gold", str(gold), "--json", str(bad)]) == 2
        _one_error_line(capsys, f"tenderlens: error: --json {bad}: ")
        assert main(["eval", "--frames", str(gold), "--json", str(bad)]) == 2
        _one_error_line(capsys, f"tenderlens: error: --json {bad}: ")
    assert main(["compare", "--db", str(db), "--html", str(tmp_path / "new" / "r.html")]) == 0


FRAME = {"requirement_id": "SEC.CONFIDENTIALITY", "actor": "contractor", "modality": "must_not"}


def test_eval_frames_bad_records_are_one_line_usage_errors_naming_the_line(tmp_path, capsys):
    """Regression: `eval --frames` with a frame missing "requirement_id" (KeyError), a record
    that is not an object (AttributeError) or a line in Shift_JIS (UnicodeDecodeError) ended in a
    traceback; each, and the other shapes the evaluation cannot read, is now one usage line
    (exit 2) naming the file and line. Line numbers count blank lines, as an editor does."""
    good = _jsonl({"text": CONFIDENTIAL, "frames": [FRAME]}) + b"\n"
    sjis = json.dumps({"text": CONFIDENTIAL, "frames": [FRAME]}, ensure_ascii=False)
    cases = {
        "no_requirement_id": (_jsonl({"text": CONFIDENTIAL, "frames": [{"modality": "must"}]}),
                              'frame 1 has no "requirement_id"'),
        "array": (b"[1]\n", "not an object"),
        "shift_jis": (sjis.encode("shift_jis") + b"\n", "not UTF-8"),
        "frame_not_object": (_jsonl({"text": CONFIDENTIAL, "frames": [1]}), "frame 1 is not an object"),
        "deadline_string": (_jsonl({"text": CONFIDENTIAL, "frames": [{**FRAME, "deadline": "x"}]}),
                            'frame 1: "deadline" is neither null nor an object'),
        "exceptions_number": (_jsonl({"text": CONFIDENTIAL, "frames": [{**FRAME, "exceptions": 5}]}),
                              'frame 1: "exceptions" is not a list of strings'),
        "text_number": (_jsonl({"text": 5, "frames": [FRAME]}), '"text"'),
        "clause_id_list": (_jsonl({"clause_id": ["T001-003"], "frames": [FRAME]}), '"clause_id"'),
    }
    for name, (bad, problem) in cases.items():
        path = tmp_path / f"{name}.jsonl"
        path.write_bytes(good + bad)
        assert main(["eval", "--frames", str(path)]) == 2, name
        line = _one_error_line(capsys, f"tenderlens: error: --frames {path}:3: ")
        assert problem in line, (name, line)
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"\n")
    assert main(["eval", "--frames", str(empty)]) == 2
    assert "no records" in _one_error_line(capsys, f"tenderlens: error: --frames {empty}: ")
    ok = tmp_path / "ok.jsonl"
    ok.write_bytes(good + _jsonl({"clause_id": "T001-003", "frames": [FRAME]}))
    assert main(["eval", "--frames", str(ok)]) == 0


def test_eval_gold_without_labels_or_empty_is_a_usage_error(tmp_path, capsys):
    """Regression: `eval --gold` with a record missing "labels", or an empty file, exited 0 and
    printed "F1 1.000" (a record without labels counted as labelled "none"; a string of labels
    became a tuple of characters). A gold record needs "labels", a list of requirement IDs; a
    gold file with no records is a usage error; a line in Shift_JIS is named."""
    good = _jsonl({"id": "g1", "text": CONFIDENTIAL, "labels": ["SEC.CONFIDENTIALITY"]})
    sjis = json.dumps({"id": "g2", "text": CONFIDENTIAL, "labels": []}, ensure_ascii=False)
    cases = {
        "no_labels": (_jsonl({"id": "g2", "text": CONFIDENTIAL}), '"labels"'),
        "labels_string": (_jsonl({"id": "g2", "text": CONFIDENTIAL, "labels": "SEC.CONFIDENTIALITY"}),
                          '"labels"'),
        "shift_jis": (sjis.encode("shift_jis") + b"\n", "not UTF-8"),
    }
    for name, (bad, problem) in cases.items():
        path = tmp_path / f"{name}.jsonl"
        path.write_bytes(good + bad)
        assert main(["eval", "--gold", str(path)]) == 2, name
        assert problem in _one_error_line(capsys, f"tenderlens: error: --gold {path}:2: "), name
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    assert main(["eval", "--gold", str(empty)]) == 2
    assert "no records" in _one_error_line(capsys, f"tenderlens: error: --gold {empty}: ")
    ok = tmp_path / "ok.jsonl"
    ok.write_bytes(good + _jsonl({"id": "g2", "text": "第3章　納品", "labels": []}))
    assert main(["eval", "--gold", str(ok)]) == 0


def test_a_folder_of_only_txt_tenders_said_no_documents_found_without_why(tmp_path, capsys):
    """Regression: `tenderlens analyze FOLDER` on a folder holding only .txt tenders printed
    "tenderlens: no documents found" and exited 0, leaving the user to guess why. Exit 0 stays
    (nothing failed: the contract's 0), but each folder's line now counts its .txt files and says
    that .txt files are read only when named directly."""
    texts = tmp_path / "texts"
    (texts / "more").mkdir(parents=True)
    shutil.copy(SAMPLES / "municipality.spec.txt", texts / "municipality.txt")
    shutil.copy(SAMPLES / "prefecture.spec.txt", texts / "more" / "prefecture.txt")
    (tmp_path / "empty").mkdir()
    db = tmp_path / "s.duckdb"
    code = main(["analyze", str(texts), str(tmp_path / "empty"), "--db", str(db)])
    assert code == 0
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"tenderlens: {texts}: input.no_documents: no documents found: no PDF in this folder or below it; its 2 .txt "
        f"files are read only when named directly, e.g. tenderlens analyze {texts / '*.txt'}",
        f"tenderlens: {tmp_path / 'empty'}: input.no_documents: no documents found: no PDF in this folder or below it",
    ]
    # and named directly they are read
    assert main(["analyze", str(texts / "municipality.txt"), "--db", str(db)]) == 0
    assert list(load_results(db)["documents"]["status"]) == ["ok"]


def test_a_folder_of_only_txt_tenders_beside_a_pdf_was_passed_over_in_silence(tmp_path, capsys):
    """Regression: `tenderlens analyze a.pdf FOLDER`, FOLDER holding only .txt tenders, analysed
    a.pdf and said nothing of FOLDER: the `input.no_documents` notice (the contract's folder
    holds no PDF) was printed only when no input at all gave a document. Each folder that gives
    none now has its notice, whatever else was named; the exit code is still that of the rest."""
    texts = tmp_path / "texts"
    texts.mkdir()
    shutil.copy(SAMPLES / "municipality.spec.txt", texts / "municipality.txt")
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")  # fails quickly, without loading the models
    code = main(["analyze", str(empty), str(texts), "--db", str(tmp_path / "s.duckdb")])
    assert code == 1  # the empty PDF's failure; the notice adds none
    err = capsys.readouterr().err.splitlines()
    assert (
        f"tenderlens: {texts}: input.no_documents: no documents found: no PDF in this folder or "
        f"below it; its one .txt file is read only when named directly, e.g. tenderlens analyze "
        f"{texts / '*.txt'}"
    ) in err
    assert sum("input.no_documents" in line for line in err) == 1


def _as_another_user(work):  # type: ignore[no-untyped-def]
    """What ``work()`` returns, run in a child process that a folder of mode 000 keeps out: root
    reads any folder, so under root the child gives up root (to nobody) before the work."""
    import pickle

    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: report back through the pipe and never return into pytest
        os.close(read)
        try:
            if os.geteuid() == 0:
                os.setgroups([])
                os.setgid(65534)
                os.setuid(65534)
            result = ("ok", work())
        except BaseException as exc:  # carried to the parent's assertion
            result = ("error", repr(exc))
        with os.fdopen(write, "wb") as fh:
            pickle.dump(result, fh)
        os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as fh:
        data = fh.read()
    os.waitpid(pid, 0)
    kind, value = pickle.loads(data)
    assert kind == "ok", value
    return value


def test_a_folder_that_cannot_be_listed_lost_its_documents_in_silence():
    """Regression: a folder that cannot be listed (permissions) inside a folder given to
    `analyze` was passed over by os.walk without a word, and the PDFs in it were never analysed:
    exit 0, and where nothing else was found, "no PDF in this folder or below it". It is now an
    `input.unreadable` line naming the folder, and exit 1 (documents were not analysed), beside
    the documents found elsewhere."""
    import contextlib
    import io
    import tempfile

    from pipeline.cli import expand_inputs

    def analyze(folder: Path):  # type: ignore[no-untyped-def]
        def run():  # type: ignore[no-untyped-def]
            err = io.StringIO()
            with contextlib.redirect_stderr(err):
                # nothing to analyse: the command stops before it opens a store or loads a model
                code = main(["analyze", str(folder), "--db", "/nonexistent/never.duckdb"])
            return code, err.getvalue()

        return run

    # not under pytest's tmp_path, whose folders only their owner may enter: the child may be
    # another user, and must reach the folders to find the one it cannot list
    with tempfile.TemporaryDirectory() as name:
        Path(name).chmod(0o755)
        top = Path(name) / "tenders"
        locked = top / "locked"
        line = (
            f"tenderlens: {locked}: input.unreadable: this folder cannot be listed (Permission "
            "denied); the documents in it were not analysed"
        )
        locked.mkdir(parents=True)
        shutil.copy(SAMPLES / "municipality.pdf", locked / "municipality.pdf")
        os.chmod(locked, 0)
        try:
            assert _as_another_user(analyze(top)) == (1, line + "\n")
            assert _as_another_user(analyze(locked)) == (1, line + "\n")
            shutil.copy(SAMPLES / "prefecture.pdf", top / "prefecture.pdf")
            found, notices = _as_another_user(lambda: _found_and_notices(expand_inputs, top))
        finally:
            os.chmod(locked, 0o755)
    # beside a document that is found: it is analysed, and the folder reported
    assert found == [str(top / "prefecture.pdf")]
    assert [(where, code) for where, code, _ in notices] == [(str(locked), "input.unreadable")]


def _found_and_notices(expand_inputs, folder: Path):  # type: ignore[no-untyped-def]
    notices: list = []
    return [str(p) for p in expand_inputs([str(folder)], notices)], notices


def test_a_symlink_loop_among_the_inputs_ended_the_batch_in_a_traceback(tmp_path, capsys):
    """Regression: a link that loops back on itself (`ln -s b.pdf a.pdf; ln -s a.pdf b.pdf`), in
    a folder or named, was recorded as `input.unreadable`, and then printing its coded line ended
    the whole batch in a `RuntimeError: Symlink loop` traceback (Path.resolve raises on a loop),
    under every executor: the inputs after it were never analysed. It is now one coded line and
    the batch goes on; as an output (`--html`, `--output`) it is a usage error, not a traceback."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.pdf").symlink_to(folder / "b.pdf")
    (folder / "b.pdf").symlink_to(folder / "a.pdf")
    shutil.copy(SAMPLES / "municipality.pdf", folder / "municipality.pdf")
    db = tmp_path / "s.duckdb"
    assert main(["analyze", str(folder), "--db", str(db), "--json-dir", str(tmp_path / "j")]) == 1
    err = capsys.readouterr().err
    loop = folder / "a.pdf"
    assert f"tenderlens: {loop}: input.unreadable: Too many levels of symbolic links" in err
    assert "Traceback" not in err
    docs = load_results(db)["documents"].sort_values("path")
    assert list(docs["status"]) == ["failed", "failed", "ok"]
    written = sorted(p.name for p in (tmp_path / "j").iterdir())
    assert written == ["a.json", "b.json", "municipality.json"]

    good = tmp_path / "in.jsonl"
    good.write_bytes(_jsonl({"id": "1", "text": CONFIDENTIAL}))
    assert main(["classify", "--input", str(good), "--output", str(folder / "a.pdf")]) == 2
    assert main(["compare", "--db", str(db), "--html", str(folder / "b.pdf")]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"tenderlens: error: --output {folder / 'a.pdf'}: a symbolic link that loops back on itself",
        f"tenderlens: error: --html {folder / 'b.pdf'}: a symbolic link that loops back on itself",
    ]
