"""Which sections carry information-security obligations.

A section is a security section when its heading says so (情報セキュリティ, 機密保持,
個人情報の取扱い …); when a heading that is only suggestive (遵守事項, 特記事項, 再委託 …)
is confirmed by its body; when it lies under a security section; or when its heading is
generic but its clauses are mostly security obligations.
"""

from __future__ import annotations

import re
from dataclasses import replace

from pipeline.model import Clause, Section

STRONG_HEADING = re.compile(
    r"情報セキュリティ|セキュリティ対策|機密保持|機密の保持|秘密保持|秘密の保持|守秘義務|個人情報|"
    r"特定個人情報|マイナンバー|情報資産"
)
WEAK_HEADING = re.compile(r"遵守事項|特記事項|資料等?の取扱|情報の取扱|情報管理|再委託|機密|秘密")
SECURITY_TERM = re.compile(
    r"情報セキュリティ|機密|秘密|個人情報|個人番号|再委託|守秘|漏えい|漏洩|目的外|目的以外|情報資産|"
    r"暗号化|アクセス制御|インシデント|複製|複写|持ち?出|第三者に(?:漏|開示|提供|委託|請け?負わせ)|返却|返還|廃棄|消去|抹消|"
    r"統一基準|セキュリティポリシー|ISMAP|ISMS|プライバシーマーク|紛失|盗難|搬送|受け?渡し|入退|施錠|"
    r"記録媒体|USB|ウイルス|マルウェア|不正アクセス|パスワード|アクセス権"
)
OBLIGATION = re.compile(
    r"(こと|ものとする|なければならない|てはならない|ではならない|努めること|遵守する)(?:[。．]|$)"
)


def _squeeze(text: str) -> str:
    return re.sub(r"[\s\u3000]+", "", text)


def _is_security_clause(clause: Clause) -> bool:
    text = clause.normalized.text
    return bool(SECURITY_TERM.search(text)) and bool(OBLIGATION.search(text))


def mark_security(
    sections: list[Section], clauses: list[Clause]
) -> tuple[list[Section], list[Clause]]:
    by_id = {s.id: s for s in sections}
    own: dict[str, list[Clause]] = {}
    for c in clauses:
        if c.section_id is not None:
            own.setdefault(c.section_id, []).append(c)

    def subtree_clauses(section_id: str) -> list[Clause]:
        out = list(own.get(section_id, []))
        for child in by_id[section_id].children:
            out.extend(subtree_clauses(child))
        return out

    reasons: dict[str, str] = {}
    for s in sections:  # document order: parents come before children
        heading = _squeeze(s.heading)
        parent_reason = reasons.get(s.parent_id) if s.parent_id else None
        body = [c for c in subtree_clauses(s.id) if c.normalized.text]
        hits = sum(1 for c in body if _is_security_clause(c))
        if parent_reason:
            reasons[s.id] = f"under security section {s.parent_id}"
        elif m := STRONG_HEADING.search(heading):
            reasons[s.id] = f"heading: {m.group(0)}"
        elif (m := WEAK_HEADING.search(heading)) and hits >= 1:
            reasons[s.id] = f"heading: {m.group(0)}, confirmed by {hits} clause(s)"
        elif len(body) >= 2 and hits >= 2 and hits >= 0.5 * len(body):
            reasons[s.id] = f"body: {hits} of {len(body)} clauses are security obligations"
    # a body-judged parent claims its whole subtree
    changed = True
    while changed:
        changed = False
        for s in sections:
            if s.id not in reasons and s.parent_id in reasons:
                reasons[s.id] = f"under security section {s.parent_id}"
                changed = True
    marked = [
        replace(s, is_security=True, security_reason=reasons[s.id]) if s.id in reasons else s
        for s in sections
    ]
    return marked, clauses
