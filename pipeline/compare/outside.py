"""Where to look for a requirement the security sections leave uncovered.

Tenders often state a security duty outside their security chapter: the right to cancel the
contract for any breach of the specification sits in 契約の解除, the duty to train the staff in
業務実施体制. A `missing` finding for such a requirement is false, and the costliest mistake for
an analyst, so the analysis also aligns the clauses of the other sections, for the uncovered
requirements only.

Some chapters use the very words of security clauses for something else: the bidder-eligibility
rules on 資本関係・人的関係, 暴力団排除 (which cancels the contract), 産業廃棄物 (which disposes of
waste), 契約不適合 (which claims damages), force majeure (which reports and follows
instructions). The alignment model was trained on security clauses and scores some of them over
the threshold (a 暴力団排除 cancellation 0.70, a 契約不適合 damages claim 0.52 for
BREACH_CONSEQUENCES), so these chapters, and clauses on these subjects elsewhere, are never
searched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.model import Clause, DocumentStructure, Section

# headings of chapters that are not about the contractor's duties towards the information
_OTHER_CHAPTER = re.compile(
    r"入札(?!説明書)|応札|応募|競争参加|参加資格|"  # bidding procedure and bidder eligibility
    r"暴力団|反社会|"
    r"廃棄物|"
    r"契約不適合|瑕疵|かし担保|"
    r"不可抗力|"
    r"著作権|知的財産"
)
# clauses on those subjects wherever they are (その他, 契約の解除 …)
_OTHER_SUBJECT = re.compile(
    r"暴力団|反社会的勢力|不当介入|不当要求|"
    r"人的関係|入札参加|競争参加|入札に参加|参加資格|"  # 資本関係又は人的関係: bidder eligibility
    r"産業廃棄物|一般廃棄物|廃棄物の処理|廃棄物処理|マニフェスト|"
    r"契約不適合|契約の内容に適合しない|瑕疵|かし担保|"
    r"不可抗力"
)


@dataclass(frozen=True)
class OutsideCandidates:
    """The sections searched outside the security sections, and the clauses aligned there."""

    sections: tuple[Section, ...]
    clauses: tuple[Clause, ...]


def _excluded(section: Section, sections: dict[str, Section]) -> bool:
    current: Section | None = section
    seen: set[str] = set()
    while current is not None and current.id not in seen:
        seen.add(current.id)
        if _OTHER_CHAPTER.search(current.heading):
            return True
        current = sections.get(current.parent_id) if current.parent_id else None
    return False


def outside_candidates(structure: DocumentStructure) -> OutsideCandidates:
    """The sections outside the security sections that may hold a security duty, and their
    clauses that may state one. Text before the first heading (the title, a preamble) is not
    searched: it belongs to no section a finding could name."""
    sections = {s.id: s for s in structure.sections}
    searched = tuple(
        s for s in structure.sections if not s.is_security and not _excluded(s, sections)
    )
    ids = {s.id for s in searched}
    clauses = tuple(
        c
        for c in structure.clauses
        if c.section_id in ids
        and not c.is_heading_like
        and not _OTHER_SUBJECT.search(c.normalized.text)
    )
    return OutsideCandidates(searched, clauses)
