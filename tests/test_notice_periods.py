"""Regression: a notice period counted back from an event (「少なくとも6か月前までに通知」) was
ranked like a time limit after one, the shorter the stricter, so a tender asking for a year's
notice came out weaker than one asking for six months, and a notice period was held against
速やかに as if both were the same ladder."""

from __future__ import annotations

from pipeline import load_results
from pipeline.cli import main
from pipeline.compare.ladders import compare_deadlines, deadline_rank
from tests.conftest import sample_text

FOURTEEN_DAYS = "業務開始の14日前までに、次の事項を記載した従事者名簿を市に提出すること。"


def _within(days: float, text: str) -> dict:
    return {"qualifier": "within", "days": days, "text": text}


def test_notice_period_counted_back_was_ranked_shorter_is_stricter():
    six, year = _within(180, "6か月前まで"), _within(365, "1年前までに")
    assert compare_deadlines(year, six) == 1 and compare_deadlines(six, year) == -1
    assert deadline_rank("within", 365, "1年前までに") > deadline_rank("within", 180, "6か月前まで")
    # time limits after an event keep their order: the shorter, the stricter
    assert compare_deadlines(_within(3, "3日以内"), _within(7, "7日以内")) == 1


def test_notice_period_is_not_held_against_a_time_limit_after_an_event():
    notice = _within(180, "6か月前まで")
    assert compare_deadlines(notice, {"qualifier": "promptly", "days": None, "text": "速やかに"}) is None
    assert compare_deadlines(notice, _within(7, "7日以内")) is None


def test_baseline_with_a_shorter_roster_notice_was_called_stronger(tmp_path):
    """The municipality sample (the staff roster handed in 14 days before the work starts)
    against a copy asking for it 3 days before: the copy gives the city less time, so it is
    weaker; ranked the shorter-the-stricter way, it came out stronger."""
    from pipeline.compare.views import against_baseline

    text = sample_text("municipality")
    assert FOURTEEN_DAYS in text
    given = tmp_path / "fourteen_days.txt"
    given.write_text(text, encoding="utf-8")
    shorter = tmp_path / "three_days.txt"
    shorter.write_text(text.replace(FOURTEEN_DAYS, FOURTEEN_DAYS.replace("14日前", "3日前")),
                       encoding="utf-8")
    db = tmp_path / "n.duckdb"
    assert main(["analyze", str(given), str(shorter), "--db", str(db)]) == 0
    results = load_results(db)
    keys = {p.rsplit("/", 1)[-1]: k for k, p in
            zip(results["documents"]["doc_key"], results["documents"]["path"], strict=True)}
    rows = against_baseline(results, keys["fourteen_days.txt"])
    notice = rows[(rows["requirement_id"] == "SEC.PERSONNEL_LIMITATION")
                  & (rows["attribute"] == "deadline")]
    assert list(notice["kind"]) == ["weaker"], notice.to_dict("records")
    assert list(notice["doc_key"]) == [keys["three_days.txt"]]
    assert list(notice["baseline_value"]) == ["14日前まで"]


def test_a_notice_period_counted_back_from_the_verb_of_starting_had_no_anchor():
    """「作業に着手する14日前までに」 gave 14 days with no anchor, so the event it counts back from
    was lost (「業務開始の14日前まで」 had it); so did 「開始日の14日前」 and 「着手予定日の7日前」."""
    from pipeline.obligations import slots
    from pipeline.text import normalize

    for printed, days in [
        ("作業に着手する14日前までに、作業計画書を提出すること。", 14),
        ("業務開始日の14日前までに従事者名簿を提出すること。", 14),
        ("着手予定日の7日前までに届け出ること。", 7),
        ("業務を開始される１０日前までに提出すること。", 10),
    ]:
        text = normalize(printed).text  # as the frames read it: １０ is 10
        found = slots.deadline(text)
        assert found is not None and found.days == days, text
        assert found.anchor == "before_start", text
    # a period after another event is not the start's
    assert slots.deadline("契約締結後14日以内に提出すること。").anchor == "after_contract"
