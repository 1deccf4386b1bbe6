"""The `tenderlens` command line: a thin layer over plain functions."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from pipeline.analysis import analyze_path, to_json

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
INPUT_SUFFIXES = (".pdf",)


class UsageError(Exception):
    pass


def _walk(directory: Path) -> Iterator[Path]:
    """Every *.pdf under ``directory``, following links to folders but never round a loop."""
    seen: set[tuple[int, int]] = set()
    for root, dirs, files in os.walk(directory, followlinks=True):
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
            if name.lower().endswith(INPUT_SUFFIXES):
                yield Path(root) / name


def expand_inputs(paths: list[str]) -> list[Path]:
    """The documents named on the command line; a path that does not exist is a usage error."""
    out: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            out.extend(_walk(p))
        elif p.exists() or p.is_symlink():
            out.append(p)
        else:
            raise UsageError(f"{raw}: no such file or directory")
    return out


def _json_name(path: Path, sha256: str | None, taken: set[str]) -> str:
    name = f"{path.stem}.json"
    if name in taken:
        name = f"{path.stem}-{(sha256 or 'failed')[:8]}.json"
        k = 2
        while name in taken:
            name = f"{path.stem}-{k}.json"
            k += 1
    taken.add(name)
    return name


def _write_json(target: Path, payload: dict) -> None:
    tmp = target.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, target)


def cmd_analyze(args: argparse.Namespace) -> int:
    inputs = expand_inputs(args.paths)
    json_dir = Path(args.json_dir) if args.json_dir else None
    if json_dir is not None:
        try:
            json_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UsageError(f"--json-dir {json_dir}: {exc.strerror or exc}") from None
    if not inputs:
        print("tenderlens: no documents found", file=sys.stderr)
        return EXIT_OK
    taken: set[str] = set()
    failures = 0
    for path in inputs:
        analysis = analyze_path(path)
        payload = to_json(analysis)
        if json_dir is not None:
            _write_json(json_dir / _json_name(path, analysis.document.sha256, taken), payload)
        n_sec = sum(1 for s in analysis.structure.sections if s.is_security)
        n_cl = len(payload["clauses"])
        print(
            f"{analysis.status:20} {path}  ({analysis.document.pages} pages, "
            f"{n_sec} security sections, {n_cl} clauses)"
        )
        for err in analysis.errors:
            print(f"tenderlens: {path}: {err.code}: {err.message}", file=sys.stderr)
        if analysis.status in ("failed", "needs_ocr"):
            failures += 1
    if json_dir is not None:
        print(f"JSON written to {json_dir}/")
    return EXIT_FAILED if failures else EXIT_OK


def cmd_debug(args: argparse.Namespace) -> int:
    from pipeline.debug import draw_page

    if not Path(args.pdf).is_file():
        raise UsageError(f"{args.pdf}: no such file")
    try:
        out = draw_page(args.pdf, args.page, args.output, scale=args.scale)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    print(out)
    return EXIT_OK


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
    p.set_defaults(func=cmd_analyze)

    d = sub.add_parser("debug", help="draw what was detected on one page, as a PNG")
    d.add_argument("pdf", metavar="PDF")
    d.add_argument("--page", type=int, default=1, help="1-based page number (default 1)")
    d.add_argument("-o", "--output", required=True, metavar="PNG")
    d.add_argument("--scale", type=float, default=2.0, help="pixels per point (default 2)")
    d.set_defaults(func=cmd_debug)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except UsageError as exc:
        print(f"tenderlens: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("tenderlens: interrupted", file=sys.stderr)
        return 130
