"""weaker / stronger findings against the taxonomy's reference values, and conflicts between the
clauses of one package, on plain-text variants of the team-written samples (corpora/samples/)."""

from __future__ import annotations

import dataclasses

import pytest

from pipeline.compare.assess import _against_reference
from pipeline.model import Obligation
from pipeline.taxonomy import TaxonomyError, load_taxonomy
from tests.conftest import analyse_texts, sample_text

INCIDENT = "SEC.INCIDENT_REPORTING"
# the agency sample's (6): its incident report is due 速やかに
PROMPTLY = "当機構の担当者へ速やかに連絡し、"


def _after_item_10(text: str, item: str) -> str:
    """The agency sample with an item (11) after its last security item (10)."""
    at = text.index("\n", text.index("  (10)　本事業の一部"))
    return text[:at] + f"\n  (11)　{item}" + text[at:]


def _agency(edit):  # type: ignore[no-untyped-def]
    return lambda: edit(sample_text("independent_agency"))


VARIANTS = {
    "seven_days": _agency(
        lambda t: _after_item_10(
            t, "個人情報の漏えい等が発生したときは、その内容を7日以内に当機構に報告すること。"
        )
    ),
    "one_week_alone": _agency(lambda t: t.replace(PROMPTLY, "当機構の担当者へ1週間以内に連絡し、")),
    "immediately_beside_promptly": _agency(
        lambda t: _after_item_10(
            t, "情報セキュリティインシデントを認知したときは、直ちに当機構に報告すること。"
        )
    ),
    "three_days_beside_promptly": _agency(
        lambda t: _after_item_10(
            t, "個人情報の漏えい等が発生したときは、3日以内に当機構に報告すること。"
        )
    ),
    "no_deadline_beside_promptly": _agency(
        lambda t: _after_item_10(t, "個人情報の漏えい等が発生したときは、当機構に報告すること。")
    ),
    "details_in_the_same_clause": _agency(
        lambda t: t.replace(
            PROMPTLY, "直ちに当機構の担当者へ連絡し、その詳細は速やかに書面で報告し、"
        )
    ),
    "details_in_a_later_clause": _agency(
        lambda t: _after_item_10(
            t,
            "情報セキュリティインシデントについては、第一報の後、詳細な報告書を7日以内に当機構に提出すること。",
        )
    ),
    # the blind university tender's 第15条2, worded for the agency: the details named after
    # the time limit, not before it
    "details_named_after_the_deadline": _agency(
        lambda t: _after_item_10(
            t,
            "情報セキュリティインシデントが発生した場合には、請負者は、発生の日から7日以内に、"
            "事案の経緯、被害の状況及び再発防止策を記載した報告書を当機構に提出すること。",
        )
    ),
    "structure_after_completion": _agency(
        lambda t: t.replace(
            "書面を、事業の開始前に当機構へ提出", "書面を、事業の完了後に当機構へ提出"
        )
    ),
    "cloud": lambda: sample_text("cloud_service"),
}


@pytest.fixture(scope="module")
def analyses(tmp_path_factory):
    return analyse_texts(tmp_path_factory.mktemp("reference_findings"), VARIANTS)


def _clause(analysis, starts: str):  # type: ignore[no-untyped-def]
    (clause,) = [
        c for c in analysis.structure.security_clauses if c.normalized.text.startswith(starts)
    ]
    return clause


def _found(analysis, kind: str, rid: str = INCIDENT):  # type: ignore[no-untyped-def]
    return [f for f in analysis.findings if f.kind == kind and f.requirement_id == rid]


def test_weaker_second_incident_clause_is_not_ignored(analyses):
    """Regression: only the strongest incident deadline of a package was held to the reference
    (`max`), and conflicts looked only at 直ちに/速やかに/遅滞なく, so a clause giving personal-data
    leaks 7 days beside 速やかに for the rest gave neither `weaker` nor `conflict`."""
    a = analyses["seven_days"]
    seven = _clause(a, "個人情報の漏えい等が発生したときは")
    promptly = _clause(a, "情報セキュリティインシデント(そのおそれ")
    (weaker,) = _found(a, "weaker")
    assert weaker.clause_ids == (seven.id,) and weaker.pages == (seven.page,)
    assert weaker.severity == "medium"
    assert "7日以内" in weaker.message and "速やかに" in weaker.message
    assert "「7日以内」" in weaker.message_ja and "基準(速やかに)より弱い" in weaker.message_ja
    (conflict,) = _found(a, "conflict")
    assert conflict.clause_ids == (promptly.id, seven.id)
    assert conflict.pages == tuple(sorted({promptly.page, seven.page}))
    assert f"{promptly.id} (p. {promptly.page}) 「速やかに」" in conflict.message
    assert f"{seven.id}（{seven.page}頁）「7日以内」" in conflict.message_ja
    # the same kind of deadline alone was always `weaker`
    (alone,) = _found(analyses["one_week_alone"], "weaker")
    assert "1週間以内" in alone.message and not _found(analyses["one_week_alone"], "conflict")


def test_incident_deadlines_conflict_by_the_ladder(analyses):
    a = analyses["immediately_beside_promptly"]
    immediately = _clause(a, "情報セキュリティインシデントを認知したときは")
    (conflict,) = _found(a, "conflict")
    assert immediately.id in conflict.clause_ids and len(conflict.clause_ids) == 2
    (stronger,) = _found(a, "stronger")
    assert stronger.clause_ids == (immediately.id,)
    # 3日以内 is where the PPC puts 速やかに (概ね3～5日): the two agree
    assert not [
        f for f in analyses["three_days_beside_promptly"].findings if f.requirement_id == INCIDENT
    ]
    # a clause that states no time leaves it to the one that does
    assert not [
        f for f in analyses["no_deadline_beside_promptly"].findings if f.requirement_id == INCIDENT
    ]


def test_staged_incident_report_is_not_a_conflict(analyses):
    """直ちに for the first report and more time for the details is the taxonomy's own example of
    *stronger*, in one clause or in two: neither a conflict nor a weaker deadline."""
    same = analyses["details_in_the_same_clause"]
    assert not _found(same, "conflict") and not _found(same, "weaker")
    (stronger,) = _found(same, "stronger")
    assert stronger.clause_ids == (_clause(same, "情報セキュリティインシデント(そのおそれ").id,)
    later = analyses["details_in_a_later_clause"]
    assert _clause(later, "情報セキュリティインシデントについては").id in later.obligations
    assert not [f for f in later.findings if f.requirement_id == INCIDENT]


def test_details_report_named_after_its_deadline_was_a_weaker_conflicting_deadline(analyses):
    """Regression: a clause of its own asking, after the first report, for a report of the
    incident's 経緯, 被害の状況 and 再発防止策 within 7 days (the blind university tender's
    第15条2) was read as a second first-report deadline, weaker than 速やかに and in conflict
    with the first report's, because the follow-up was recognised only by words before its time
    limit (「詳細を7日以内に」), not by the report's contents named after it."""
    a = analyses["details_named_after_the_deadline"]
    assert _clause(a, "情報セキュリティインシデントが発生した場合には").id in a.obligations
    assert not _found(a, "weaker") and not _found(a, "conflict")
    # a report that names no details is still a second deadline (the seven_days variant)
    assert _found(analyses["seven_days"], "weaker") and _found(analyses["seven_days"], "conflict")


def test_hours_deadline_is_stronger_like_immediately(analyses):
    """Regression: the cloud sample's 「24時間以内」 (a day, above 速やかに on the ladder) got no
    `stronger` finding, while 直ちに did."""
    a = analyses["cloud"]
    hours = _clause(a, "当庁のデータに関わる情報セキュリティインシデント")
    (stronger,) = _found(a, "stronger")
    assert stronger.clause_ids == (hours.id,) and stronger.pages == (hours.page,)
    assert stronger.severity == "low"
    assert "24時間以内" in stronger.message and "「24時間以内」" in stronger.message_ja


def test_deadline_ladder_compares_explicit_periods_as_numbers():
    from pipeline.compare.ladders import compare_deadlines, deadline_rank

    def d(qualifier, days=None):  # type: ignore[no-untyped-def]
        return {"qualifier": qualifier, "days": days}

    promptly = d("promptly")
    assert compare_deadlines(d("within", 1 / 24), promptly) == 1  # 1時間以内
    assert compare_deadlines(d("within", 1.0), promptly) == 1  # 24時間以内
    assert compare_deadlines(d("within", 3.0), promptly) == 0
    assert compare_deadlines(d("within", 7.0), promptly) == -1  # 1週間以内
    assert compare_deadlines(d("immediately"), d("within", 1.0)) == 1
    assert compare_deadlines(d("within", 3.0), d("within", 5.0)) == 1
    assert compare_deadlines(d("within", 1.0), d("within", 24 / 24)) == 0
    assert compare_deadlines(d("without_delay"), d("within", 30.0)) == -1
    # a date (「翌月10日まで」) has no number of days: no rung, nothing to compare
    assert (
        deadline_rank("within", None) is None and compare_deadlines(d("within"), promptly) is None
    )
    assert compare_deadlines(None, promptly) is None


def test_management_structure_after_completion_is_weaker(analyses):
    """Regression: the reference timing of SEC.MGMT_STRUCTURE (`anchor_any`) was never checked,
    so a structure handed in 「事業の完了後に」 gave no finding."""
    a = analyses["structure_after_completion"]
    clause = _clause(a, "情報セキュリティ対策の管理体制")
    (frame,) = [o for o in a.obligations[clause.id] if o.requirement_id == "SEC.MGMT_STRUCTURE"]
    assert frame.deadline["anchor"] == "on_completion"
    (weaker,) = _found(a, "weaker", "SEC.MGMT_STRUCTURE")
    assert weaker.clause_ids == (clause.id,) and weaker.pages == (clause.page,)
    assert "事業の完了後" in weaker.message and "before the work starts" in weaker.message
    assert "遅くとも事業開始前" in weaker.message_ja


# a frame that meets every reference value of the data, and what falls short of each kind
_MEETS = {
    "deadline": {
        "text": "速やかに",
        "days": None,
        "qualifier": "promptly",
        "anchor": "before_start",
    },
    "form": "written",
    "survival": True,
    "approval": "prior_approval",
}
_SHORT_OF = {
    "deadline_at_least": {
        "deadline": {"text": "1か月以内", "days": 30.0, "qualifier": "within", "anchor": None}
    },
    "anchor_any": {
        "deadline": {"text": "終了後", "days": None, "qualifier": None, "anchor": "on_completion"}
    },
    "form": {"form": None},
    "survival": {"survival": False},
    "approval_at_least": {"approval": None},
}


def test_every_reference_value_is_checked(analyses):
    """Regression: `anchor_any` sat in the taxonomy data and no code read it. Every value of every
    requirement's `reference_values` must give a finding when a clause falls short of it (and
    none when it meets them all)."""
    taxonomy = load_taxonomy()
    clause = analyses["seven_days"].structure.security_clauses[0]
    clauses = {clause.id: clause}
    checked = 0
    for rid, reference in taxonomy.reference_values.items():
        meets = Obligation(rid, "contractor", "must", **_MEETS)
        assert _against_reference({rid: [(clause.id, meets)]}, clauses, taxonomy) == [], rid
        for field in reference:
            if field == "why":
                continue
            assert field in _SHORT_OF, f"{rid}: {field!r} has no test here"
            only = dataclasses.replace(taxonomy, reference_values={rid: {field: reference[field]}})
            short = dataclasses.replace(meets, **_SHORT_OF[field])
            found = _against_reference({rid: [(clause.id, short)]}, clauses, only)
            assert [(f.kind, f.requirement_id, f.clause_ids) for f in found] == [
                ("weaker", rid, (clause.id,))
            ], (rid, field)
            assert found[0].pages == (clause.page,) and found[0].message and found[0].message_ja
            checked += 1
    assert checked >= 6
    unknown = dataclasses.replace(taxonomy, reference_values={INCIDENT: {"scope_at_least": "all"}})
    frame = Obligation(INCIDENT, "contractor", "must")
    with pytest.raises(TaxonomyError, match="scope_at_least"):
        _against_reference({INCIDENT: [(clause.id, frame)]}, clauses, unknown)
