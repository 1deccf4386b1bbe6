"""The ladders of taxonomy §4 as numbers: a higher rank is a stronger obligation."""

from __future__ import annotations

import math

DEADLINE_RANK = {"immediately": 4, "promptly": 3, "within": 2, "without_delay": 1}
APPROVAL_RANK = {
    "prohibited": 5,
    "prior_written_approval": 4,
    "prior_approval": 3,
    "notification": 2,
    "post_report": 1,
}
FORM_RANK = {"written": 2, "electronic": 1}


def deadline_rank(qualifier: object, days: object = None) -> float | None:
    """直ちに > within a day > 速やかに ≈ within 5 days (the PPC reads 速やかに as about 3-5 days)
    > a longer period > 遅滞なく; None when no deadline is stated."""
    if qualifier == "within":
        if days is None or (isinstance(days, float) and math.isnan(days)):
            return 2.0
        d = float(days)  # type: ignore[arg-type]
        return 3.5 if d <= 1 else 3.0 if d <= 5 else 2.0 + 1.0 / (1.0 + d)
    return float(DEADLINE_RANK[qualifier]) if qualifier in DEADLINE_RANK else None


def approval_rank(approval: object) -> int:
    return APPROVAL_RANK.get(approval, 0)  # type: ignore[arg-type]
