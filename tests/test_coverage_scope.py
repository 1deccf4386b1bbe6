"""Where coverage comes from: references to documents the package does or does not carry, and
requirements stated outside the security sections.

The inputs are the team-written samples as plain text (their source without the renderer's
directives), edited the way a blind user review edited them."""

from __future__ import annotations

import json

import pytest

from pipeline.analysis import to_json
from tests.conftest import analyse_texts, sample_text


def edited(stem: str, old: str, new: str) -> str:
    text = sample_text(stem)
    assert text.count(old) == 1, old
    return text.replace(old, new)


PREFECTURE_REFERENCE = (
    "別添「緑川県情報セキュリティ特記仕様書」及び別紙1「個人情報取扱特記事項」を遵守すること。"
)
MYNUMBER_DAMAGES = (
    "    (2)　前号の事案が受託者の責めに帰すべき事由により生じたときは、受託者は、これにより市又は"
    "第三者に生じた損害を賠償する責任を負う。\n"
)
AGENCY_LAST = (
    "  (3)　本仕様書に定めのない事項又は本仕様書の内容に疑義が生じた事項については、"
    "当機構と請負者が協議して定める。\n"
)
AGENCY_TERMINATION = (
    "  (4)　当機構は、請負者が本仕様書に定める事項に違反したときは、契約を解除し、"
    "請負者に損害の賠償を請求することができる。\n"
)
# chapters and clauses that use the words of security clauses for something else: each of these
# (暴力団排除 and 契約不適合 above all) scores over the threshold for BREACH_CONSEQUENCES
AGENCY_DISTRACTORS = (
    "  (4)　当機構は、請負者が暴力団員等に該当すると認められるときは、催告をすることなく契約を"
    "解除することができる。この場合において、請負者に損害が生じても、当機構はその責任を負わない。\n"
    "  (5)　請負者は、納入物件が契約の内容に適合しないものであるときは、当機構の請求により修補し、"
    "又はこれにより生じた損害を賠償しなければならない。\n"
    "  (6)　作業に伴って発生した廃棄物は、請負者の責任において産業廃棄物として適正に処理し、"
    "マニフェストの写しを当機構に提出すること。\n"
    "  (7)　請負者は、天災その他の不可抗力により納入期限までに事業を完了できないときは、"
    "速やかに当機構に報告し、その指示に従うこと。\n"
    "  (8)　資本関係又は人的関係のある者は、同一の入札に参加することができない。\n"
    "13.　契約不適合責任\n"
    "  当機構は、契約不適合を理由として、履行の追完の請求、代金の減額の請求、損害賠償の請求又は"
    "契約の解除をすることができる。\n"
    "14.　暴力団等の排除\n"
    "  当機構は、請負者の役員等が暴力団員であると判明したときは、この契約を解除し、損害の賠償を"
    "請求することができる。\n"
)
TEXTS = {
    "prefecture": lambda: sample_text("prefecture"),
    "prefecture_annex_only": lambda: edited(
        "prefecture", PREFECTURE_REFERENCE, "別紙1「個人情報取扱特記事項」を遵守すること。"
    ),
    "mynumber_without_damages": lambda: edited("mynumber_outsourcing", MYNUMBER_DAMAGES, ""),
    "agency": lambda: sample_text("independent_agency"),
    "agency_with_termination": lambda: edited(
        "independent_agency", AGENCY_LAST, AGENCY_LAST + AGENCY_TERMINATION
    ),
    "agency_with_distractors": lambda: edited(
        "independent_agency", AGENCY_LAST, AGENCY_LAST + AGENCY_DISTRACTORS
    ),
}


@pytest.fixture(scope="module")
def analyses(tmp_path_factory):
    return analyse_texts(tmp_path_factory.mktemp("coverage_scope"), TEXTS)


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


def test_breach_clause_outside_the_security_sections_is_not_reported_missing(analyses):
    # the My Number sample without its damages clause (第5-5(2)): 第6「契約の解除」 still lets the
    # city cancel the contract for any breach of the specification
    a = analyses["mynumber_without_damages"]
    rid = "SEC.BREACH_CONSEQUENCES"
    assert a.coverage[rid] == "present"
    assert _findings(a, "missing", rid) == []
    clause = _clause(a, "市は、受託者が本仕様書に定める事項に違反したときは、契約を解除")
    section = a.structure.section(clause.section_id)
    assert section.heading == "契約の解除" and not section.is_security
    assert clause.id not in {c.id for c in a.structure.security_clauses}
    (match,) = a.requirements[clause.id]
    assert match.id == rid and match.score >= 0.9 and match.triggers
    assert [o.requirement_id for o in a.obligations[clause.id]] == [rid]
    assert a.obligations[clause.id][0].actor == "issuer"
    # the remaining missing findings list the sections searched, the chapter outside included
    for f in _findings(a, "missing"):
        assert f"{section.id} 契約の解除" in f.sections_searched
        assert all(
            f"{s.id} {s.heading}" in f.sections_searched for s in a.structure.security_sections
        )
    # the contract JSON carries the clause, with its section, requirement and frame
    data = json.loads(json.dumps(to_json(a), ensure_ascii=False))
    (shown,) = [c for c in data["clauses"] if c["id"] == clause.id]
    assert shown["section_id"] == section.id
    assert [r["id"] for r in shown["requirements"]] == [rid]
    assert [o["requirement_id"] for o in shown["obligations"]] == [rid]
    (listed,) = [s for s in data["sections"] if s["id"] == section.id]
    assert listed["is_security"] is False
    assert data["coverage"][rid] == "present"


def test_termination_clause_under_other_matters_covers_breach_consequences(analyses):
    a, before = analyses["agency_with_termination"], analyses["agency"]
    rid = "SEC.BREACH_CONSEQUENCES"
    assert before.coverage[rid] == "missing"
    assert a.coverage[rid] == "present"
    clause = _clause(a, "当機構は、請負者が本仕様書に定める事項に違反したときは")
    assert a.structure.section(clause.section_id).heading == "その他"
    assert [m.id for m in a.requirements[clause.id]] == [rid]
    # nothing else moved
    assert {r: s for r, s in a.coverage.items() if r != rid} == {
        r: s for r, s in before.coverage.items() if r != rid
    }


def test_non_security_chapters_do_not_create_coverage(analyses):
    # 暴力団排除, 契約不適合, 産業廃棄物, force majeure and bidder eligibility, both as clauses of
    # その他 and as chapters of their own, leave coverage and findings as they were
    a, before = analyses["agency_with_distractors"], analyses["agency"]
    assert a.coverage == before.coverage
    assert {(f.kind, f.requirement_id) for f in a.findings} == {
        (f.kind, f.requirement_id) for f in before.findings
    }
    security = {c.id for c in a.structure.security_clauses}
    assert all(cid in security for cid, ms in a.requirements.items() if ms)
    (missing,) = _findings(a, "missing", "SEC.BREACH_CONSEQUENCES")
    searched = " ".join(missing.sections_searched)
    assert "その他" in searched
    assert "契約不適合責任" not in searched and "暴力団等の排除" not in searched
    assert "応札者に求める要件" not in searched


def test_missing_finding_names_the_nearest_clause_outside_the_security_sections(analyses):
    from pipeline.compare.assess import assess

    a = analyses["agency"]
    rid = "SEC.BREACH_CONSEQUENCES"
    clause = _clause(a, "本事業の成果物に係る著作権は")
    section = a.structure.section(clause.section_id)
    searched = tuple(s.id for s in a.structure.sections if not s.is_security)

    def missing(score: float):
        _, findings = assess(
            a.structure,
            a.requirements,
            a.obligations,
            a.profile_reasons,
            searched_outside=searched,
            closest_outside={rid: (clause.id, score, 0.425)},
        )
        (found,) = [f for f in findings if f.kind == "missing" and f.requirement_id == rid]
        return found

    near = missing(0.3)
    assert (
        f"Outside the security sections, the closest clause is {clause.id} "
        f"(p. {clause.page}, {section.heading}), scored 0.30; a match needs 0.42"
    ) in near.message
    assert f"最も近い条項は{clause.id}（{clause.page}頁、{section.heading}）" in near.message_ja
    assert near.clause_ids == ()
    assert f"{section.id} {section.heading}" in near.sections_searched
    far = missing(0.1)
    assert "Outside" not in far.message and "外で最も近い" not in far.message_ja


def test_requirement_found_outside_is_stored_and_reported(analyses, tmp_path):
    from pipeline import load_results
    from pipeline.cli import main
    from pipeline.report import comparison_data, write_html

    a = analyses["mynumber_without_damages"]
    clause = _clause(a, "市は、受託者が本仕様書に定める事項に違反したときは、契約を解除")
    text, db = tmp_path / "mynumber_without_damages.txt", tmp_path / "outside.duckdb"
    text.write_text(TEXTS["mynumber_without_damages"](), encoding="utf-8")
    assert main(["analyze", str(text), "--db", str(db)]) == 0
    results = load_results(db)
    rows = results["clauses"][results["clauses"]["clause_id"] == clause.id]
    assert list(rows["is_security"]) == [False]
    matches = results["requirement_matches"]
    assert list(matches[matches["clause_id"] == clause.id]["requirement_id"]) == [
        "SEC.BREACH_CONSEQUENCES"
    ]
    obligations = results["obligations"]
    assert list(obligations[obligations["clause_id"] == clause.id]["actor"]) == ["issuer"]
    coverage = results["coverage"].set_index("requirement_id")["status"]
    assert coverage["SEC.BREACH_CONSEQUENCES"] == "present"
    data = comparison_data(results)
    evidence = data.evidence[data.evidence["requirement_id"] == "SEC.BREACH_CONSEQUENCES"]
    assert clause.id in set(evidence["clause_id"])
    page = write_html(data, tmp_path / "r.html").read_text(encoding="utf-8")
    assert clause.text in page.split("id='SEC.BREACH_CONSEQUENCES'")[1]


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
