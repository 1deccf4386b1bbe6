"""The `tenderlens` command line: a thin layer over plain functions."""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.align.model import ModelError
from pipeline.analysis import PIPELINE_VERSION, provenance, to_json
from pipeline.batch import DEFAULT_MEMORY_LIMIT_MB, run_batch
from pipeline.batch.dask import SchedulerUnreachable
from pipeline.batch.outputs import FINISHED, JsonNames, analysed_the_same_way
from pipeline.debug import MAX_PIXELS, MAX_SCALE
from pipeline.errors import RUN_FAILURES, TenderLensError
from pipeline.files import (
    BadRecord,
    clause_record,
    not_utf8,
    read_json_lines,
    unwritable,
    utf8_lines,
)
from pipeline.store import BackgroundWriter, Store, StoreError
from pipeline.taxonomy import load_taxonomy

if TYPE_CHECKING:
    import pandas as pd

    from pipeline.model import DocumentError

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
EXIT_PIPE = 141  # 128 + SIGPIPE: what a shell reports for a writer whose reader went away
INPUT_SUFFIXES = (".pdf",)


class UsageError(Exception):
    pass


def _walk(
    directory: Path,
    suffixes: tuple[str, ...] = INPUT_SUFFIXES,
    unlisted: list[OSError] | None = None,
) -> Iterator[Path]:
    """Every *.pdf (or file with one of ``suffixes``) under ``directory``, following links to
    folders but never round a loop. A folder that cannot be listed goes to ``unlisted``: os.walk
    would pass over it in silence, and the documents in it with it."""
    seen: set[tuple[int, int]] = set()
    onerror = unlisted.append if unlisted is not None else None
    for root, dirs, files in os.walk(directory, onerror=onerror, followlinks=True):
        try:
            st = os.stat(root)
        except OSError:
            dirs[:] = []
            continue
        if (st.st_dev, st.st_ino) in seen:
            dirs[:] = []
            continue
        seen.add((st.st_dev, st.st_ino))
        dirs.sort()
        for name in sorted(files):
            if name.lower().endswith(suffixes):
                yield Path(root) / name


def _problem_line(path: object, code: str, message: str) -> str:
    """`tenderlens: PATH: CODE: message`; a message that names the path first (as the stored
    ones do, so that they stand alone in the JSON and the store) does not name it twice."""
    # os.path.realpath, not Path.resolve: a link that loops back on itself is an input like any
    # other (input.unreadable), and resolve() raises on it, which ended the batch in a traceback
    for named in {str(path), os.path.realpath(str(path))}:
        message = message.removeprefix(f"{named}: ")
    return f"tenderlens: {path}: {code}: {message}"


def expand_inputs(
    paths: list[str], notices: list[tuple[str, str, str]] | None = None
) -> list[Path]:
    """The documents named on the command line; a path that does not exist is a usage error.
    ``notices`` gets (path, code, message) for each folder that gave no document
    (`input.no_documents`) and each folder that could not be listed (`input.unreadable`)."""
    out: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            unlisted: list[OSError] = []
            found = list(_walk(p, unlisted=unlisted))
            out.extend(found)
            for exc in unlisted:
                if notices is not None:
                    notices.append(
                        (
                            str(exc.filename or p),
                            "input.unreadable",
                            f"this folder cannot be listed ({exc.strerror or exc}); the "
                            "documents in it were not analysed",
                        )
                    )
            # "no PDF in this folder" would be a guess where part of it could not be listed
            if not found and not unlisted and notices is not None:
                notices.append((raw, "input.no_documents", f"no documents found: {_why_none(p)}"))
        elif p.exists() or p.is_symlink():
            out.append(p)
        else:
            raise UsageError(f"{raw}: input.not_found: no such file or directory")
    return out


def _drop_stdout() -> None:
    """Send the rest of stdout to /dev/null once its reader has gone (`tenderlens ... | head`), so
    that later prints and the flush at exit neither fail nor print a traceback."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def _say(text: str) -> None:
    """print() for analyze's report lines: a closed stdout stops the report, not the batch,
    whose results go to the store and the JSON files."""
    try:
        print(text)
    except BrokenPipeError:
        _drop_stdout()


def _write_json(target: Path, payload: dict) -> None:
    tmp = target.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, target)


def _make_dir(option: str, name: str | Path) -> Path:
    """The output directory an option names, made now, so that a path that cannot be one is a
    usage error before any work."""
    path = Path(name)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise UsageError(f"{option} {path}: a file, not a directory") from None
    except OSError as exc:
        raise UsageError(f"{option} {path}: {exc.strerror or exc}") from None
    problem = unwritable(path / ".tenderlens-probe")  # it exists; does it take files?
    if problem:
        raise UsageError(f"{option} {path}: {problem}")
    return path


def _output_file(option: str, name: str, inputs: dict[str, str | None] | None = None) -> Path:
    """The output file an option names, checked before the work that fills it. ``inputs``: the
    files the command reads or writes besides (option -> path); the output may be none of them,
    or writing it would destroy what the user gave (`classify --input a --output a` emptied a)."""
    path = Path(name)
    for other, given in (inputs or {}).items():
        if given and _same_file(path, Path(given)):
            raise UsageError(f"{option} {path}: the same file as {other}; give another name")
    problem = unwritable(path)
    if problem:
        raise UsageError(f"{option} {path}: {problem}")
    return path


def _same_file(a: Path, b: Path) -> bool:
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)  # links and other spellings of one file too
    except OSError:
        pass
    return os.path.realpath(a) == os.path.realpath(b)  # resolve() raises on a link loop


def _why_none(directory: Path) -> str:
    """Why a folder given to `analyze` gave no document, and what to do."""
    texts = sum(1 for _ in _walk(directory, (".txt",)))
    if not texts:
        return "no PDF in this folder or below it"
    files = f"{texts} .txt files are" if texts > 1 else "one .txt file is"
    return (
        f"no PDF in this folder or below it; its {files} read only when named directly, "
        f"e.g. tenderlens analyze {directory / '*.txt'}"
    )


def cmd_analyze(args: argparse.Namespace) -> int:
    notices: list[tuple[str, str, str]] = []
    inputs = expand_inputs(args.paths, notices)
    json_dir = _make_dir("--json-dir", args.json_dir) if args.json_dir else None
    # a folder of .txt tenders read as nothing is a surprise, beside other inputs too: say why;
    # a folder that gave nothing is no failure (exit 0, as the contract has it), one that could
    # not be listed is: the documents in it were not analysed
    for where, code, message in notices:
        print(_problem_line(where, code, message), file=sys.stderr)
    unlisted = any(code == "input.unreadable" for _, code, _ in notices)
    if not inputs:
        return EXIT_FAILED if unlisted else EXIT_OK
    names = JsonNames(json_dir) if json_dir is not None else None
    profiles = list(dict.fromkeys(args.profile or []))
    known = load_taxonomy().profiles
    for name in profiles:
        if name not in known:
            raise UsageError(f"--profile {name}: unknown profile; choose from {', '.join(known)}")
    if args.executor == "dask" and not args.scheduler:
        raise UsageError("--executor dask needs --scheduler tcp://HOST:PORT")
    parquet_dir = Path(args.parquet_dir) if args.parquet_dir else None
    if parquet_dir is not None:
        if args.executor != "dask":
            raise UsageError(
                "--parquet-dir is for --executor dask; for a local batch use "
                "`tenderlens export --parquet DIR` on the store"
            )
        if json_dir is not None:
            raise UsageError("--parquet-dir and --json-dir: choose one (workers write Parquet)")
        _make_dir("--parquet-dir", parquet_dir)
    store = Store(args.db, command="analyze " + " ".join(args.paths))
    store.record_run(provenance())
    stored = {} if args.force else store.stored(PIPELINE_VERSION)
    # a document stored finished (by any version): a run that fails on it for a reason of the
    # run's own (a time or memory limit, a worker that died) must not replace that result
    kept = {sha: d for sha, d in store.stored(None).items() if d.status in FINISHED}
    failures = 0
    writer = BackgroundWriter(store)

    hashed: dict[Path, str] = {}  # each input's SHA-256, for failures that did not read it

    def skip(path: Path, sha: str | None) -> bool:
        if sha is not None:
            hashed[path] = sha
        target = names.plan(path, sha) if names is not None else None
        if sha is None or not analysed_the_same_way(stored.get(sha), profiles or None):
            return False
        if target is not None and not target.exists():
            return False  # its JSON is asked for and not there: analyse it again
        writer.add_path(sha, str(path))
        _say(f"{'skipped (stored)':20} {path}")
        return True

    def duplicate(path: Path, sha: str) -> None:
        writer.add_path(sha, str(path))
        _say(f"{'duplicate file':20} {path}  (the same bytes as an earlier input)")

    def on_result(path: Path, analysis, finished=None) -> None:  # type: ignore[no-untyped-def]
        nonlocal failures
        sha = analysis.document.sha256 or hashed.get(path)
        if (
            analysis.status == "failed"
            and sha in kept
            and analysis.errors
            and all(e.code in RUN_FAILURES for e in analysis.errors)
        ):
            failures += 1
            _say(f"{'failed, kept stored':20} {path}")
            for err in analysis.errors:
                print(
                    _problem_line(
                        path, err.code, f"{err.message}; the stored analysis of this file is kept"
                    ),
                    file=sys.stderr,
                )
            writer.add_path(sha, str(path))
            return
        payload = finished.payload if finished is not None else to_json(analysis)
        writer.add(finished.rows if finished is not None else analysis)
        if names is not None:
            target = names.target(path, analysis.document.sha256)
            try:
                _write_json(target, payload)
            except OSError as exc:
                failures += 1
                print(
                    f"tenderlens: {path}: output.json: {target}: {exc.strerror or exc}",
                    file=sys.stderr,
                )
        n_sec = sum(1 for s in analysis.structure.sections if s.is_security)
        missing = sum(1 for v in analysis.coverage.values() if v == "missing")
        _say(
            f"{analysis.status:20} {path}  ({analysis.document.pages} pages, "
            f"{n_sec} security sections, {len(payload['clauses'])} clauses; "
            f"profiles {'+'.join(analysis.profiles) or '-'}: {missing} missing, "
            f"{len(analysis.findings)} findings)"
        )
        for err in analysis.errors:
            print(_problem_line(path, err.code, err.message), file=sys.stderr)
        if analysis.status in ("failed", "needs_ocr"):
            failures += 1

    try:
        summary = run_batch(
            inputs,
            on_result,
            profiles=profiles or None,
            jobs=args.jobs,
            skip=skip,
            on_duplicate=duplicate,
            time_limit_s=args.time_limit,
            memory_limit_mb=(
                DEFAULT_MEMORY_LIMIT_MB if args.memory_limit is None else args.memory_limit
            ),
            # a cap given with --jobs 1 holds in one worker process: the tenderlens process
            # itself, which holds the store, is never capped
            in_process=args.jobs == 1 and not args.memory_limit,
            scheduler=args.scheduler if args.executor == "dask" else None,
            parquet_dir=parquet_dir,
            run_id=store.run_id,
            prepare=True,
        )
    finally:
        writer.close()  # what finished before an interruption is kept
    if len(inputs) > 1:
        _say(summary.table())
    store.close()
    _say(f"store: {store.path}")
    if json_dir is not None:
        _say(f"JSON written to {json_dir}/")
    if parquet_dir is not None:
        _say(f"Parquet dataset written to {parquet_dir}/ (read it with pipeline.load_parquet)")
    return EXIT_FAILED if failures or unlisted else EXIT_OK


def cmd_debug(args: argparse.Namespace) -> int:
    from pipeline.debug import draw_page

    if not Path(args.pdf).is_file():
        raise UsageError(f"{args.pdf}: no such file")
    # the image is written last, after the whole analysis
    _output_file("-o", args.output, {"the PDF": args.pdf})
    problems: list[DocumentError] = []
    try:
        out = draw_page(args.pdf, args.page, args.output, scale=args.scale, problems=problems)
    except TenderLensError as exc:
        # a document, or the page asked for, that cannot be read: the coded line `analyze`
        # gives it, and its exit code
        print(_problem_line(args.pdf, exc.code, exc.message), file=sys.stderr)
        return EXIT_FAILED
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    # the page is drawn; what went wrong elsewhere in the document (another page unread, say)
    # shaped the sections and clauses drawn, so it is said as `analyze` says it
    for err in problems:
        print(_problem_line(args.pdf, err.code, err.message), file=sys.stderr)
    print(out)
    return EXIT_OK


def _match_json(m) -> dict:  # type: ignore[no-untyped-def]
    return {
        "id": m.id,
        "score": m.score,
        "triggers": list(m.triggers),
        "features": list(m.features),
    }


def cmd_classify(args: argparse.Namespace) -> int:
    from pipeline.align import align_texts
    from pipeline.obligations import extract_obligations
    from pipeline.text import normalize

    if args.output:
        _output_file("--output", args.output, {"--input": args.input})
    try:
        # bytes: each line is decoded on its own, so one line in another encoding costs only itself
        source = open(args.input, "rb") if args.input else sys.stdin.buffer
    except OSError as exc:
        raise UsageError(f"--input {args.input}: {exc.strerror or exc}") from None
    try:
        sink = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout
    except OSError as exc:
        raise UsageError(f"--output {args.output}: {exc.strerror or exc}") from None
    failures = 0
    batch: list[tuple[int, str, str, str | None]] = []  # (line number, id, text, section)

    def flush() -> None:
        if not batch:
            return
        results = align_texts(
            [text for _, _, text, _ in batch], headings=[section for *_, section in batch]
        )
        # frames for the clauses that align to something, as `analyze` gives them
        aligned = [
            (normalize(text), [m.id for m in matches], text)
            for (_, _, text, _), matches in zip(batch, results, strict=True)
            if matches
        ]
        frames = iter(
            extract_obligations([(n, ids) for n, ids, _ in aligned], [t for _, _, t in aligned])
            if aligned
            else []
        )
        for (_, rid, _, _), matches in zip(batch, results, strict=True):
            obligations = next(frames) if matches else ()
            record = {
                "id": rid,
                "requirements": [_match_json(m) for m in matches],
                "obligations": [o.as_dict() for o in obligations],
            }
            sink.write(json.dumps(record, ensure_ascii=False) + "\n")
        batch.clear()

    def reject(number: int, code: str, problem: str, bad_id: object = None) -> None:
        nonlocal failures
        flush()  # keep the output in input order
        failures += 1
        error = {"code": code, "message": f"line {number}: {problem}"}
        # the contract's keys on every line, so that a reader needs no special case for errors
        record = {"id": bad_id, "requirements": [], "obligations": [], "error": error}
        sink.write(json.dumps(record, ensure_ascii=False) + "\n")
        # the file's name as `analyze` names a document: the line alone is ambiguous in a log
        # that several runs write to
        where = f"{args.input}: line {number}" if args.input else f"line {number}"
        print(f"tenderlens: {where}: {code}: {problem}", file=sys.stderr)

    # stdin and stdout stay open: main() flushes stdout, or drops it if its reader went away
    with (
        source if args.input else contextlib.nullcontext(),
        sink if args.output else contextlib.nullcontext(),
    ):
        for number, line in utf8_lines(source):
            if isinstance(line, UnicodeDecodeError):
                reject(number, "text.decode", not_utf8(line))
                continue
            try:
                rid, text, section = clause_record(line)
            except BadRecord as exc:
                reject(number, "input.bad_record", str(exc), exc.given_id)
                continue
            batch.append((number, rid, text, section))
            if len(batch) >= 512:
                flush()
        flush()
    return EXIT_FAILED if failures else EXIT_OK


def cmd_train(args: argparse.Namespace) -> int:
    from pipeline.align.model import DEFAULT_MODEL
    from pipeline.align.train import output_problem, train

    output = Path(args.output) if args.output is not None else DEFAULT_MODEL
    problem = output_problem(output)
    if problem:  # before the corpus is read: training takes about 25 minutes
        raise UsageError(f"--output {problem}")
    card = train(output)
    test = card["metrics"]["test"]
    dev = card["metrics"]["dev_train_only_model"]
    print(f"model {card['model_version']} written to {output}")
    print(
        f"dev (train-only model): micro-F1 {dev['micro']['f1']:.3f}  macro-F1 "
        f"{dev['macro_f1']:.3f}  exact {dev['exact_set_accuracy']:.3f}"
    )
    print(
        f"test (held out):        micro-F1 {test['micro']['f1']:.3f}  macro-F1 "
        f"{test['macro_f1']:.3f}  exact {test['exact_set_accuracy']:.3f}"
    )
    return EXIT_OK


def _gold_records(option: str, path: Path, read: Callable[[Path], list]) -> list:  # type: ignore[type-arg]
    """A gold file's records, read by ``read``; a bad line or an empty file is a usage error."""
    try:
        records = read(path)
    except ValueError as exc:
        raise UsageError(f"{option} {exc}") from None
    if not records:
        raise UsageError(f"{option} {path}: no records; nothing to evaluate")
    return records


def cmd_eval_frames(path: Path, json_out: Path | None = None) -> int:
    """Per-slot accuracy of obligation frames: records {"clause_id" or "text", "frames": [...]},
    the clause text taken from the record or from the corpus."""
    from pipeline.align.corpus import load_corpus
    from pipeline.obligations import extract_obligations, slots
    from pipeline.obligations.evaluate import evaluate_frames, gold_frames_problem
    from pipeline.text import normalize

    records = _gold_records("--frames", path, read_json_lines)
    corpus = [c for split in load_corpus().values() for c in split]
    texts = {c.id: c.text for c in corpus}
    tender_texts: dict[str, list[str]] = {}
    for c in corpus:
        tender_texts.setdefault(c.tender, []).append(c.text)
    glossaries: dict[str, dict[str, str]] = {}
    known = set(load_taxonomy().ids)

    def glossary_of(clause_id: str) -> dict[str, str] | None:
        # a corpus clause reads the terms its tender defines, as `analyze` reads its document's
        tender = clause_id.split("-")[0]
        if tender not in tender_texts:
            return None
        if tender not in glossaries:
            glossaries[tender] = slots.glossary(normalize(t).text for t in tender_texts[tender])
        return glossaries[tender]

    clauses, gold, terms = [], [], []
    for number, r in records:
        where = f"--frames {path}:{number}"
        if not isinstance(r, dict):
            raise UsageError(f'{where}: not an object {{"clause_id" or "text", "frames"}}')
        text, clause_id = r.get("text"), r.get("clause_id")
        from_corpus = not text and isinstance(clause_id, str) and clause_id in texts
        if from_corpus:
            text = texts[clause_id]
        if not text or not isinstance(text, str):
            raise UsageError(f'{where}: needs a "text" string or a known "clause_id", and "frames"')
        problem = gold_frames_problem(r.get("frames"))
        if problem:
            raise UsageError(f"{where}: {problem}")
        # a typo would be scored as a frame the extractor missed in every slot, as eval --gold
        # refuses it
        unknown = sorted({f["requirement_id"] for f in r["frames"]} - known)
        if unknown:
            raise UsageError(f"{where}: unknown requirement IDs {', '.join(unknown)}")
        clauses.append((text, sorted({f["requirement_id"] for f in r["frames"]})))
        gold.append(r["frames"])
        terms.append(glossary_of(clause_id) if from_corpus else None)
    if not any(gold):  # every slot's accuracy would read 0.000 of nothing
        raise UsageError(f"--frames {path}: no gold frames; nothing to evaluate")
    predicted = extract_obligations(
        [(normalize(t), ids) for t, ids in clauses], [t for t, _ in clauses], glossaries=terms
    )
    pairs = [(g, [f.as_dict() for f in p]) for g, p in zip(gold, predicted, strict=True)]
    # the JSON file is for reading every mistake; the terminal gets the figures
    result = evaluate_frames(pairs, keep=None if json_out is not None else 20)
    print(f"{result['frames']} gold frames; accuracy per slot (requirements given):")
    for slot, value in result["accuracy"].items():
        print(f"  {slot:20} {value:.3f}")
    if json_out is not None:
        for mistakes in result["mistakes"].values():
            for m in mistakes:
                m["text"] = clauses[m["clause"]][0]
        json_out.parent.mkdir(parents=True, exist_ok=True)
        json_out.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
        print(f"metrics and mistakes written to {json_out}")
    return EXIT_OK


def cmd_eval(args: argparse.Namespace) -> int:
    json_out = (
        _output_file("--json", args.json, {"--gold": args.gold, "--frames": args.frames})
        if args.json
        else None
    )
    # one evaluation per run: --frames alone was run and the rest passed over in silence
    if args.frames and args.gold:
        raise UsageError("give --gold FILE or --frames FILE, not both: run eval once for each")
    if args.frames and args.model:
        raise UsageError(
            "--model applies to --gold only: --frames takes each clause's requirements from the "
            "gold file and reads the frames with the shipped model's trigger words"
        )
    if args.frames:
        frames = Path(args.frames)
        if not frames.is_file():
            raise UsageError(f"--frames {frames}: no such file")
        return cmd_eval_frames(frames, json_out)
    if not args.gold:
        raise UsageError("eval needs --gold FILE (requirements) or --frames FILE (obligations)")
    from pipeline.align import align_texts, default_model, load_model
    from pipeline.align.corpus import read_jsonl
    from pipeline.align.metrics import evaluate

    gold_path = Path(args.gold)
    if not gold_path.is_file():
        raise UsageError(f"--gold {gold_path}: no such file")
    items = _gold_records("--gold", gold_path, read_jsonl)
    try:
        model = load_model(args.model) if args.model else None
    except ModelError as exc:  # the option's value, named as the other options' problems are
        raise UsageError(f"--model {exc}") from None
    labels = list((model or default_model()).labels)
    unknown = sorted({lab for c in items for lab in c.labels} - set(labels))
    if unknown:  # before aligning: a typo in the gold file is found without the wait
        where = []
        for lab in unknown:  # the records to mend, by id, as the file names them
            ids = [c.id for c in items if lab in c.labels]
            more = f" and {len(ids) - 3} more" if len(ids) > 3 else ""
            where.append(f"{lab} (id {', '.join(ids[:3])}{more})")
        raise UsageError(f"--gold {gold_path}: unknown requirement IDs {'; '.join(where)}")
    predicted = align_texts(
        [c.text for c in items], model=model, explain=False, headings=[c.section for c in items]
    )
    result = evaluate(
        [set(c.labels) for c in items], [{m.id for m in p} for p in predicted], labels
    )
    if json_out is not None:
        json_out.parent.mkdir(parents=True, exist_ok=True)
        json_out.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    fmt = lambda x: "  -   " if x is None else f"{x:6.3f}"  # noqa: E731
    print(f"{'requirement':34} {'support':>7} {'P':>6} {'R':>6} {'F1':>6}")
    for rid, v in sorted(result["per_label"].items()):
        if v["support"] == 0 and v["fp"] == 0:
            continue
        print(f"{rid:34} {v['support']:7d} {fmt(v['precision'])} {fmt(v['recall'])} {fmt(v['f1'])}")
    micro = result["micro"]
    brief = lambda x: "-" if x is None else f"{x:.3f}"  # noqa: E731
    # macro averages only the requirements the gold holds: said, or a table row of F1 0.000
    # for a requirement predicted but never labelled looks left out of it by mistake
    averaged = sum(1 for v in result["per_label"].values() if v["support"] > 0)
    over = "1 requirement" if averaged == 1 else f"{averaged} requirements"
    print(
        f"\n{len(items)} clauses  micro P {brief(micro['precision'])} R {brief(micro['recall'])} "
        f"F1 {brief(micro['f1'])}  macro-F1 {brief(result['macro_f1'])} (over the {over} "
        f"with gold labels)  exact-set accuracy {result['exact_set_accuracy']:.3f}"
    )
    if result["worst_confusions"]:
        print("worst confusions (gold -> predicted instead):")
        for c in result["worst_confusions"][:8]:
            print(f"  {c['count']:3d}  {c['gold']} -> {c['predicted']}")
    return EXIT_OK


def _one_document(
    docs: pd.DataFrame, wanted: str, option: str, seen: pd.DataFrame | None = None
) -> str:
    """The doc_key of the one analysed tender that WANTED names (a path or a SHA-256 prefix). A
    path names the current document there (its first path, or one it was last seen under: the
    store's `document_paths`, ``seen``); a prefix may name a superseded version too."""
    from pipeline.compare.views import current_documents

    # stores keep absolute paths (older ones the path as given): either form names the tender
    paths = {wanted, os.path.abspath(wanted)}
    there: set[str] = set()
    if seen is not None:
        shown = seen["path"].isin(paths) | seen["absolute_path"].isin(paths)
        still = seen["replaced_by"].isna() & seen["abandoned_at"].isna()
        there = set(seen[shown & still]["doc_key"])
    current = docs["doc_key"].isin(current_documents(docs)["doc_key"])
    named = docs["path"].isin(paths) | docs["doc_key"].isin(there)
    match = docs[docs["doc_key"].str.startswith(wanted) | (current & named)]
    if len(match) != 1:
        raise UsageError(
            f"{option} {wanted}: matches {len(match)} analysed tenders; "
            "give a path or an unambiguous SHA-256 prefix"
        )
    return str(match["doc_key"].iloc[0])


def cmd_compare(args: argparse.Namespace) -> int:
    from pipeline.compare.views import against_baseline, current_documents
    from pipeline.report import comparison_data, write_html, write_xlsx
    from pipeline.store import load_results

    html = _output_file("--html", args.html, {"--db": args.db})
    xlsx = (
        _output_file("--xlsx", args.xlsx, {"--db": args.db, "--html": args.html})
        if args.xlsx
        else None
    )
    db = Path(args.db)
    if not db.is_file():
        raise UsageError(
            f"--db {db}: {_no_store(db)}; run `tenderlens analyze ... --db FILE` first"
        )
    results = load_results(db)
    analysed = results["documents"][results["documents"]["status"] == "ok"]
    if current_documents(analysed).empty:
        raise UsageError(f"--db {db}: no analysed tender with a security section to compare")
    seen = results["document_paths"]
    keys = [_one_document(analysed, d, "--doc", seen) for d in args.doc or []]
    data = comparison_data(results, keys or None)
    if args.baseline:
        data.baseline = against_baseline(
            results,
            _one_document(data.documents, args.baseline, "--baseline", seen),
            list(data.documents["doc_key"]),
        )
    html_path = write_html(data, html)
    print(f"report: {html_path}")
    if xlsx is not None:
        print(f"workbook: {write_xlsx(data, xlsx)}")
    return EXIT_OK


def _no_store(db: Path) -> str:
    """Why a --db that should name an existing store does not, with the store's own codes."""
    if db.is_dir():
        return f"store.directory: a directory; name the store file, e.g. {db / 'tenderlens.duckdb'}"
    return "store.not_found: no store here"


def cmd_export(args: argparse.Namespace) -> int:
    from pipeline.store import export_parquet

    db = Path(args.db)
    if not db.is_file():
        raise UsageError(f"--db {db}: {_no_store(db)}")
    for path in export_parquet(db, _make_dir("--parquet", args.parquet)):
        print(path)
    return EXIT_OK


def _number(text: str, kind: type[int] | type[float], minimum: float, meaning: str) -> float:
    # an ArgumentTypeError is argparse's one-line "argument --jobs: ..." and exit 2, before a
    # store is opened or a document read
    try:
        value = kind(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value < minimum:
        raise argparse.ArgumentTypeError(f"{text!r}: give {meaning}")
    return value


def _at_least_one(text: str) -> int:
    return int(_number(text, int, 1, "a whole number of 1 or more"))


def _not_negative(text: str) -> int:
    return int(_number(text, int, 0, "a whole number, 0 or more (0: no cap)"))


def _seconds(text: str) -> float:
    return _number(text, float, 0, "seconds, 0 or more (0: no limit)")


def _scale(text: str) -> float:
    meaning = f"pixels per point, above 0 and at most {MAX_SCALE:g}"
    value = _number(text, float, 0, meaning)
    if value == 0 or value > MAX_SCALE:  # the page image would not fit in memory
        raise argparse.ArgumentTypeError(f"{text!r}: give {meaning}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tenderlens",
        description="Find and check the information-security obligations of Japanese tender "
        "specifications.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("analyze", help="analyse PDFs, directories of PDFs, or .txt tender text")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--json-dir", metavar="DIR", help="write one JSON file per document here")
    p.add_argument(
        "--executor",
        choices=("local", "dask"),
        default="local",
        help="local worker processes (default) or a Dask distributed cluster",
    )
    p.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="the Dask scheduler, e.g. tcp://10.0.0.5:8786 (with --executor dask)",
    )
    p.add_argument(
        "--parquet-dir",
        metavar="DIR",
        help="with --executor dask: workers write every table as a Parquet dataset here (a "
        "directory all of them reach); the store keeps each document's status, coverage and "
        "findings",
    )
    p.add_argument(
        "--jobs",
        type=_at_least_one,
        default=1,
        metavar="N",
        help="analyse N documents at a time in worker processes (default 1)",
    )
    p.add_argument(
        "--force",
        action="store_true",
        help="analyse again documents already in the store for this pipeline version",
    )
    p.add_argument(
        "--time-limit",
        type=_seconds,
        default=300.0,
        metavar="S",
        help="give up on a document after S seconds of its own analysis, loading the models "
        "not counted (default 300; 0: no limit)",
    )
    p.add_argument(
        "--memory-limit",
        type=_not_negative,
        default=None,
        metavar="MB",
        help="address-space cap of a worker process (default 3072 with --jobs > 1; with --jobs 1 "
        "documents are analysed in the tenderlens process, uncapped, unless a cap is given, which "
        "runs them in one worker process; 0: no cap)",
    )
    p.add_argument(
        "--db",
        metavar="FILE",
        default="tenderlens.duckdb",
        help="the DuckDB store (default: tenderlens.duckdb)",
    )
    p.add_argument(
        "--profile",
        action="append",
        metavar="P",
        help="check against profile P (N_BASE, L_BASE, PD, MN, CLOUD); repeatable; "
        "default: guessed from each document",
    )
    p.set_defaults(func=cmd_analyze)

    d = sub.add_parser("debug", help="draw what was detected on one page, as a PNG")
    d.add_argument("pdf", metavar="PDF")
    d.add_argument(
        "--page", type=_at_least_one, default=1, metavar="N", help="1-based page number (default 1)"
    )
    d.add_argument(
        "-o", "--output", required=True, metavar="PNG", help="the image (.png, or .jpg, ...)"
    )
    d.add_argument(
        "--scale",
        type=_scale,
        default=2.0,
        metavar="S",
        help=f"pixels per point, above 0 and at most {MAX_SCALE:g} (default 2; 1 is 72 dpi); the "
        f"image may have at most {MAX_PIXELS // 1_000_000} million pixels",
    )
    d.set_defaults(func=cmd_debug)
    r = sub.add_parser("compare", help="side-by-side report of analysed tenders (HTML, xlsx)")
    r.add_argument("--db", default="tenderlens.duckdb", metavar="FILE", help="the store to read")
    r.add_argument("--html", default="tenderlens-report.html", metavar="FILE")
    r.add_argument("--xlsx", metavar="FILE", help="also write a workbook")
    r.add_argument(
        "--baseline",
        metavar="TENDER",
        help="also compare every tender with this one (a path or a SHA-256 prefix)",
    )
    r.add_argument(
        "--doc",
        action="append",
        metavar="DOC",
        help="compare only these documents, each a path or a SHA-256 prefix (repeatable; "
        "default: all)",
    )
    r.set_defaults(func=cmd_compare)

    x = sub.add_parser("export", help="write every table of the store as Parquet")
    x.add_argument("--db", default="tenderlens.duckdb", metavar="FILE")
    x.add_argument("--parquet", required=True, metavar="DIR")
    x.set_defaults(func=cmd_export)

    c = sub.add_parser("classify", help="align clauses (JSON Lines in, JSON Lines out)")
    c.add_argument("--input", metavar="FILE", help='{"id", "text"} per line (default stdin)')
    c.add_argument("--output", metavar="FILE", help="one result per line (default stdout)")
    c.set_defaults(func=cmd_classify)

    t = sub.add_parser("train", help="re-train the alignment model from corpora/")
    t.add_argument(
        "--output",
        metavar="FILE",
        help="the model file (default models/alignment.skops); its card is written next to it "
        "as FILE with the suffix .card.json; both are checked before training",
    )
    t.set_defaults(func=cmd_train)

    e = sub.add_parser("eval", help="evaluate alignment against a labelled JSON Lines file")
    e.add_argument("--gold", metavar="FILE", help='{"id", "text", "labels": [...]} per line')
    e.add_argument(
        "--frames",
        metavar="FILE",
        help='obligation gold, instead of --gold: {"clause_id" or "text", "frames": [...]} per '
        "line",
    )
    e.add_argument(
        "--model", metavar="FILE", help="with --gold: a model file (default: the shipped one)"
    )
    e.add_argument("--json", metavar="FILE", help="also write the full metrics as JSON")
    e.set_defaults(func=cmd_eval)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code = int(args.func(args))
    except UsageError as exc:
        print(f"tenderlens: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except (ModelError, SchedulerUnreachable) as exc:
        print(f"tenderlens: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except StoreError as exc:  # the store is only ever the --db option's
        print(f"tenderlens: error: --db {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("tenderlens: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # stdout's reader went away (`tenderlens classify ... | head`): nobody reads the rest, so
        # stop quietly, as a writer stopped by SIGPIPE; analyze keeps going (see _say)
        _drop_stdout()
        return EXIT_PIPE
    try:
        sys.stdout.flush()  # a reader that went away shows here, not in a traceback at exit
    except BrokenPipeError:
        _drop_stdout()  # the work is done; only the last of its report went unread
    return code
