"""The ladders of taxonomy §4 as numbers: a higher rank is a stronger obligation."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping

DEADLINE_RANK = {"immediately": 4, "promptly": 3, "within": 2, "without_delay": 1}
APPROVAL_RANK = {
    "prohibited": 5,
    "prior_written_approval": 4,
    "prior_approval": 3,
    "notification": 2,
    "post_report": 1,
}
FORM_RANK = {"written": 2, "electronic": 1}
# the events a time counts from, earliest first (taxonomy §4 `anchor`); 発生時 (on_event) is left
# out: 「変更が生じた場合」 is a condition of a duty, not a point in the work's timeline
ANCHOR_ORDER = ("bid", "before_contract", "after_contract", "before_start", "on_completion")

# how the findings name the rungs: (Japanese as tenders print it, English)
DEADLINE_LABELS = {
    "immediately": ("直ちに", "immediately"),
    "promptly": ("速やかに", "promptly, about 3-5 days"),
    "without_delay": ("遅滞なく", "without undue delay"),
}
APPROVAL_LABELS = {
    "prohibited": ("禁止", "a ban"),
    "prior_written_approval": ("事前の書面承認", "prior written approval"),
    "prior_approval": ("事前承認", "prior approval"),
    "notification": ("届出", "notification"),
    "post_report": ("事後報告", "a report afterwards"),
}
FORM_LABELS = {"written": ("書面", "in writing"), "electronic": ("電磁的記録", "electronically")}
ANCHOR_LABELS = {
    "bid": ("入札時・提案時", "at the bid"),
    "before_contract": ("契約締結前", "before the contract is signed"),
    "after_contract": ("契約締結後", "after the contract is signed"),
    "before_start": ("事業開始前", "before the work starts"),
    "on_event": ("発生時", "when something happens"),
    "on_completion": ("終了時・完了後", "at or after the end of the work"),
}


def _known(days: object) -> float | None:
    if days is None or (isinstance(days, float) and math.isnan(days)):
        return None
    return float(days)  # type: ignore[arg-type]


# 「6か月前まで」「14日前までに」「30日以上前に」: a period counted back from an event, a notice
# to give at least that long before it, where a longer period is the stricter duty
_COUNTED_BACK = re.compile(r"前(?:まで|迄|に|から)|以上前")


def counted_back(text: object) -> bool:
    """The deadline's printed text is a period before an event (a notice period), not a time
    limit after one."""
    return isinstance(text, str) and bool(_COUNTED_BACK.search(unicodedata.normalize("NFKC", text)))


def deadline_rank(qualifier: object, days: object = None, text: object = None) -> float | None:
    """直ちに > within a day > 速やかに ≈ within 5 days (the PPC reads 速やかに as about 3-5 days)
    > a longer period > 遅滞なく; None when no deadline is stated, or when it is a date with no
    number of days to it (「翌月10日まで」「指定する期日まで」), which no rung can stand for.
    ``text``: the deadline as printed; a period counted back from an event (「6か月前まで」) ranks
    higher the longer it is, in a band of its own between 遅滞なく and the periods after an event
    (to order one tender's clauses; `compare_deadlines` does not hold it against those)."""
    if qualifier == "within":
        d = _known(days)
        if d is None:
            return None
        if counted_back(text):
            return 1.0 + d / (1.0 + d)
        return 3.5 if d <= 1 else 3.0 if d <= 5 else 2.0 + 1.0 / (1.0 + d)
    return float(DEADLINE_RANK[qualifier]) if qualifier in DEADLINE_RANK else None


def compare_deadlines(a: Mapping | None, b: Mapping | None) -> int | None:
    """1 when deadline ``a`` ({"qualifier", "days"}) is stricter than ``b``, -1 when it is laxer,
    0 when they agree; None when either has no rank. Two explicit periods are compared as numbers
    of days (3日以内 is stricter than 5日以内, 24時間以内 equals 1日以内); anything else by its
    rung, so 3日以内 agrees with 速やかに. With their printed ``text``, two notice periods counted
    back from an event (「6か月前まで」) compare the other way, the longer stricter; such a period
    is not held against a time limit after an event (None)."""
    a, b = a or {}, b or {}
    ra = deadline_rank(a.get("qualifier"), a.get("days"), a.get("text"))
    rb = deadline_rank(b.get("qualifier"), b.get("days"), b.get("text"))
    if ra is None or rb is None:
        return None
    back_a = a.get("qualifier") == "within" and counted_back(a.get("text"))
    back_b = b.get("qualifier") == "within" and counted_back(b.get("text"))
    if back_a != back_b:
        return None
    if a.get("qualifier") == b.get("qualifier") == "within":
        da, db = _known(a.get("days")), _known(b.get("days"))
        if back_a:
            return (da > db) - (da < db)  # type: ignore[operator]
        return (da < db) - (da > db)  # type: ignore[operator]
    return (ra > rb) - (ra < rb)


def approval_rank(approval: object) -> int:
    return APPROVAL_RANK.get(approval, 0)  # type: ignore[arg-type]
