"""Out-of-sample check of security sections and clause segmentation on five tenders written blind.

The five specifications in `tests/data/blind_layouts/` were written and annotated (expected
security sections and every security clause with its page, `expected.json`) before TenderLens
was run on them, in layouts the samples do not use. This script renders them with the samples'
renderer (layout overrides from the annotation), runs `python -m pipeline analyze` on the PDFs
and scores its JSON:

- security sections: recall over the expected headings; precision over the sections the program
  flags, where a heading the annotation lists as `also_ok` (a sub-heading of a security section,
  which may or may not become a section of its own) counts neither way;
- clauses: F1 on the security clauses' text, compared exactly after removing whitespace;
- pages: the share of matched clauses given the page the annotation gives.

    .venv/bin/python benchmarks/blind_layouts.py           # render, analyze, print the scores
    .venv/bin/python benchmarks/blind_layouts.py --errors  # and every clause that does not match
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from corpora.samples import render  # noqa: E402
from pipeline.model import DocumentStructure  # noqa: E402

DATA = ROOT / "tests" / "data" / "blind_layouts"
ANNOTATION = DATA / "expected.json"

_SPACE = re.compile(r"\s+")
# a heading's own brackets are printing, not words: （秘密の保持） is the heading 秘密の保持
_HEADING_DECOR = re.compile(r"[（）()「」【】\[\]]")


def squeeze(text: str) -> str:
    return _SPACE.sub("", text)


def heading_key(text: str) -> str:
    return _HEADING_DECOR.sub("", squeeze(text))


def load_annotation() -> dict:
    return json.loads(ANNOTATION.read_text(encoding="utf-8"))


def render_document(name: str, layout: dict, out_dir: Path) -> Path:
    source = (DATA / f"{name}.spec.txt").read_text(encoding="utf-8")
    return render.render_spec(source, out_dir / f"{name}.pdf", **layout)


def structure_result(structure: DocumentStructure) -> dict:
    """The part of a document's analysis JSON the score reads, straight from the structure
    (what the test uses: no alignment or model load)."""
    return {
        "sections": [
            {"id": s.id, "heading": s.heading, "is_security": s.is_security}
            for s in structure.sections
        ],
        "clauses": [
            {"section_id": c.section_id, "text": c.text, "page": c.page} for c in structure.clauses
        ],
    }


def score_document(expected: dict, result: dict) -> dict:
    """Counts for one document: expected is its annotation, result its analysis JSON."""
    sections = {s["id"]: s for s in result.get("sections", [])}
    flagged = [heading_key(s["heading"] or "") for s in sections.values() if s["is_security"]]
    want_sections = Counter(heading_key(h) for h in expected["security_sections"])
    # each listed sub-heading excuses one flagged section of that heading, no more
    also_ok = Counter(heading_key(h) for h in expected.get("also_ok", []))
    got_sections = Counter(flagged)
    section_tp = sum((want_sections & got_sections).values())
    wrong = (got_sections - want_sections) - also_ok
    section_fp = sum(wrong.values())

    got = [
        (squeeze(c["text"]), c["page"])
        for c in result.get("clauses", [])
        if sections.get(c["section_id"], {}).get("is_security")
    ]
    want = [(squeeze(c["text"]), c["page"]) for c in expected["clauses"]]
    got_texts = Counter(t for t, _ in got)
    want_texts = Counter(t for t, _ in want)
    matched = want_texts & got_texts
    pages_right = sum((Counter(want) & Counter(got)).values())
    return {
        "sections_expected": sum(want_sections.values()),
        "sections_found": section_tp,
        "sections_flagged_wrongly": section_fp,
        "clauses_expected": len(want),
        "clauses_got": len(got),
        "clauses_matched": sum(matched.values()),
        "pages_right": pages_right,
        "missed": sorted((want_texts - got_texts).elements()),
        "spurious": sorted((got_texts - want_texts).elements()),
        "wrong_sections": sorted(wrong.elements()),
        "missed_sections": sorted((want_sections - got_sections).elements()),
    }


def summarise(counts: list[dict]) -> dict:
    def total(key: str) -> int:
        return sum(c[key] for c in counts)

    found, flagged_wrongly = total("sections_found"), total("sections_flagged_wrongly")
    matched, want, got = total("clauses_matched"), total("clauses_expected"), total("clauses_got")
    precision = matched / got if got else 0.0
    recall = matched / want if want else 0.0
    return {
        "section_recall": round(found / total("sections_expected"), 3),
        "section_precision": round(found / (found + flagged_wrongly), 3)
        if found + flagged_wrongly
        else 0.0,
        "clause_precision": round(precision, 3),
        "clause_recall": round(recall, 3),
        "clause_f1": round(2 * precision * recall / (precision + recall), 3)
        if precision + recall
        else 0.0,
        "page_accuracy": round(total("pages_right") / matched, 3) if matched else 0.0,
        "clauses": f"{matched} of {want} expected matched, {got} produced",
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="list every clause not matched")
    args = parser.parse_args(argv)
    annotation = load_annotation()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        pdfs = [
            render_document(d["name"], d.get("layout", {}), out) for d in annotation["documents"]
        ]
        run = subprocess.run(
            [sys.executable, "-m", "pipeline", "analyze", *map(str, pdfs), "--db",
             str(out / "blind.duckdb"), "--json-dir", str(out / "json")],
            cwd=ROOT, capture_output=True, text=True,
        )  # fmt: skip
        if run.returncode not in (0, 1):
            print(run.stderr, file=sys.stderr)
            return run.returncode
        counts = []
        for doc in annotation["documents"]:
            result = json.loads((out / "json" / f"{doc['name']}.json").read_text(encoding="utf-8"))
            c = score_document(doc, result)
            counts.append(c)
            print(
                f"{doc['name']}: sections {c['sections_found']}/{c['sections_expected']}"
                f" (+{c['sections_flagged_wrongly']} wrong), clauses {c['clauses_matched']}"
                f"/{c['clauses_expected']} ({c['clauses_got']} produced),"
                f" pages right {c['pages_right']}"
            )
            if args.errors:
                for key in ("missed_sections", "wrong_sections", "missed", "spurious"):
                    for item in c[key]:
                        print(f"  {key}: {item}")
    print(json.dumps(summarise(counts), ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
