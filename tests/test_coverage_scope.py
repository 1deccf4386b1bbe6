"""Where coverage comes from: references to documents the package does or does not carry.

The inputs are the team-written samples as plain text (their source without the renderer's
directives), edited the way a blind user review edited them."""

from __future__ import annotations

import pytest

from pipeline.analysis import analyze_path
from tests.conftest import SAMPLES


def sample_text(stem: str) -> str:
    """A sample's source as the plain text of the tender: metadata and directives dropped."""
    lines = (SAMPLES / f"{stem}.spec.txt").read_text(encoding="utf-8").splitlines()
    while lines and (lines[0].startswith("#") or not lines[0].strip()):
        lines.pop(0)
    out = []
    for line in lines:
        stripped = line.strip()
        if stripped in ("::pagebreak", "::table", "::end", "::columns"):
            continue
        out.append(
            stripped.removeprefix("::heading").strip() if stripped.startswith("::") else line
        )
    return "\n".join(out) + "\n"


def edited(stem: str, old: str, new: str) -> str:
    text = sample_text(stem)
    assert text.count(old) == 1, old
    return text.replace(old, new)


PREFECTURE_REFERENCE = (
    "別添「緑川県情報セキュリティ特記仕様書」及び別紙1「個人情報取扱特記事項」を遵守すること。"
)
TEXTS = {
    "prefecture": lambda: sample_text("prefecture"),
    "prefecture_annex_only": lambda: edited(
        "prefecture", PREFECTURE_REFERENCE, "別紙1「個人情報取扱特記事項」を遵守すること。"
    ),
}


@pytest.fixture(scope="module")
def analyses(tmp_path_factory):
    folder = tmp_path_factory.mktemp("coverage_scope")
    out = {}
    for name, make in TEXTS.items():
        path = folder / f"{name}.txt"
        path.write_text(make(), encoding="utf-8")
        out[name] = analyze_path(path)
        assert out[name].status == "ok", name
    return out


def _findings(analysis, kind, rid=None):
    return [f for f in analysis.findings if f.kind == kind and rid in (None, f.requirement_id)]


def _clause(analysis, start):
    (clause,) = [c for c in analysis.structure.clauses if c.text.startswith(start)]
    return clause


REFERENCED = ("SEC.POLICY_COMPLIANCE", "SEC.PERSONNEL_LIMITATION", "SEC.ACCESS_SCOPE")


def test_reference_to_an_appendix_in_the_package_does_not_hide_missing_requirements(analyses):
    # 9(1) refers only to 別紙1「個人情報取扱特記事項」, which is printed after the
    # specification and analysed there as a section: it imports nothing unseen, so what no
    # clause covers is missing, not referenced
    a = analyses["prefecture_annex_only"]
    assert any(
        s.label == "別紙1" and s.heading == "個人情報取扱特記事項" for s in a.structure.sections
    )
    assert {r: a.coverage[r] for r in REFERENCED} == dict.fromkeys(REFERENCED, "missing")
    assert _findings(a, "referenced_only") == []
    assert {f.requirement_id for f in _findings(a, "missing")} == set(REFERENCED)
    for f in _findings(a, "missing"):
        assert f.severity == "high"


def test_referenced_only_names_only_the_documents_not_in_the_package(analyses):
    # the unedited sample refers to an external 別添 as well: that one is not in the package
    a = analyses["prefecture"]
    assert {r: a.coverage[r] for r in REFERENCED} == dict.fromkeys(REFERENCED, "referenced")
    (finding,) = _findings(a, "referenced_only")
    clause = _clause(a, "受託者は、別添「緑川県情報セキュリティ特記仕様書」")
    assert finding.clause_ids == (clause.id,)
    for message in (finding.message, finding.message_ja):
        assert "緑川県情報セキュリティ特記仕様書" in message
        assert "個人情報取扱特記事項" not in message
    assert "which is not in this package" in finding.message


PACKAGE = """委託仕様書
1　業務内容
  受託者は、県が指定する文書を電子化すること。
2　情報セキュリティ
  (1)　受託者は、{reference}
別紙1　個人情報取扱特記事項
第1条　乙は、個人情報を適正に取り扱わなければならない。
第2条　乙は、個人情報を第三者に漏らしてはならない。
別添　データ取扱要領
  データは施錠できる場所に保管すること。
"""


@pytest.mark.parametrize(
    ("reference", "outside"),
    [
        # printed in this document: by number and title, by the unnumbered 別添's title (the
        # citation carries the issuer's name, the heading does not)
        ("別紙1「個人情報取扱特記事項」を遵守すること。", []),
        ("別添の「緑川県データ取扱要領」に従うこと。", []),
        ("「個人情報取扱特記事項」を遵守すること。", []),
        # not printed here: another number, the same number with another title, a title alone
        (
            "別紙2「情報セキュリティ遵守事項」を遵守すること。",
            ["別紙2「情報セキュリティ遵守事項」"],
        ),
        (
            "別紙1「情報セキュリティ遵守事項」を遵守すること。",
            ["別紙1「情報セキュリティ遵守事項」"],
        ),
        (
            "「緑川県情報セキュリティ特記仕様書」を遵守すること。",
            ["「緑川県情報セキュリティ特記仕様書」"],
        ),
        (
            "別紙1「個人情報取扱特記事項」及び別添「共通特記仕様書」を遵守すること。",
            ["別添「共通特記仕様書」"],
        ),
        # a national standard is not a tender document; a document that is not named is taken
        # to be outside the package, since nothing shows it is in it
        (
            "「政府機関等のサイバーセキュリティ対策のための統一基準（令和5年度版）」を遵守すること。",
            [],
        ),
        ("県が別途定める情報セキュリティ基準を遵守すること。", None),
    ],
)
def test_reference_in_the_package_is_decided_per_referenced_document(reference, outside):
    from pipeline.compare.references import imports_outside_package
    from pipeline.ingest import ingest_bytes
    from pipeline.structure import build_structure

    text = PACKAGE.format(reference=reference)
    structure = build_structure(ingest_bytes(text.encode("utf-8"), "package.txt"))
    (clause,) = [c for c in structure.clauses if c.label == "(1)"]
    found = imports_outside_package(clause, structure)
    assert (None if found is None else [r.name for r in found]) == outside
