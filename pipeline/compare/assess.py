"""Profiles, coverage and findings for one analysed tender.

A requirement of an applied profile is *present* when a security clause is aligned to it,
*referenced* when it is not but the tender imports obligations from a document it does not carry
(別添, 共通特記仕様書 …), and *missing* otherwise. Findings compare the present clauses with the
reference values kept in the taxonomy data, and look for superseded standards, absent enumerated
elements and clauses that disagree.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from pipeline.compare.ladders import approval_rank, deadline_rank
from pipeline.model import Clause, DocumentStructure, Finding, Obligation, RequirementMatch
from pipeline.taxonomy import Taxonomy, load_taxonomy

_NATIONAL = re.compile(
    r"独立行政法人|国立研究開発法人|[^都道府県市区町村]省|内閣|[^県市]庁|当機構|機構|IPA|防衛|官側|国土交通|総務省"
)
_LOCAL = re.compile(
    r"[都道府県]知事|[市町村区]長|[都道府県市町村区]役所|本県|本市|本町|当市|当県|(?<![都道府])県(?:は|の|が|に)|(?<![市区町])市(?:は|の|が|に)|甲|乙"
)


def guess_profiles(structure: DocumentStructure, title: str | None) -> dict[str, str]:
    """The profiles that apply, each with the reason, guessed from the security clauses."""
    text = " ".join([title or "", *(c.normalized.text for c in structure.security_clauses)])
    national, local = len(_NATIONAL.findall(text)), len(_LOCAL.findall(text))
    out: dict[str, str] = {}
    if local > national:
        out["L_BASE"] = (
            f"local-government wording ({local} cues such as 県/市/甲乙, "
            f"against {national} national)"
        )
    elif national:
        out["N_BASE"] = (
            f"national-body wording ({national} cues such as 省/庁/機構 against {local} local)"
        )
    else:
        out["N_BASE"] = "issuer type unclear; the national baseline is the default"
    if re.search(r"特定個人情報|個人番号|マイナンバー", text):
        out["MN"] = "the security clauses handle My Number (特定個人情報/個人番号)"
    elif "個人情報" in text:
        out["PD"] = "the security clauses handle personal information (個人情報)"
    if re.search(r"クラウド|ISMAP|SaaS|IaaS|PaaS", text, re.IGNORECASE):
        out["CLOUD"] = "the security clauses concern cloud services"
    return out


def _pages(clauses: Iterable[Clause]) -> tuple[int, ...]:
    return tuple(sorted({c.page for c in clauses}))


def assess(
    structure: DocumentStructure,
    requirements: dict[str, tuple[RequirementMatch, ...]],
    obligations: dict[str, tuple[Obligation, ...]],
    profiles: dict[str, str],
    taxonomy: Taxonomy | None = None,
    closest: Mapping[str, tuple[str, float, float]] | None = None,
) -> tuple[dict[str, str], tuple[Finding, ...]]:
    """Coverage of every requirement of ``profiles``, and the findings. ``closest``: for a
    requirement no clause matched, the clause that scored highest for it, its score and the
    threshold it missed; a `missing` finding names it when it came at least halfway."""
    taxonomy = taxonomy or load_taxonomy()
    clauses = {c.id: c for c in structure.security_clauses}
    by_requirement: dict[str, list[Clause]] = {}
    for cid, matches in requirements.items():
        for m in matches:
            by_requirement.setdefault(m.id, []).append(clauses[cid])
    frames: dict[str, list[tuple[str, Obligation]]] = {}
    for cid, obs in obligations.items():
        for o in obs:
            frames.setdefault(o.requirement_id, []).append((cid, o))
    required: list[str] = []
    for name in profiles:
        profile = taxonomy.profiles[name]
        required += [r for r in profile.required if r not in required]
    referencing = by_requirement.get("SEC.REFERENCED_DOCS", [])
    searched = tuple(f"{s.id} {s.heading}" for s in structure.security_sections)
    coverage: dict[str, str] = {}
    findings: list[Finding] = []
    for rid in required:
        if rid in by_requirement:
            coverage[rid] = "present"
        elif referencing:
            coverage[rid] = "referenced"
        else:
            coverage[rid] = "missing"
            req = taxonomy.requirement(rid)
            message = f"No clause covers {rid} ({req.en})."
            message_ja = f"「{req.ja}」に当たる条項がありません。"
            cid, score, threshold = (closest or {}).get(rid, ("", 0.0, 1.0))
            # a false `missing` is the costliest mistake for an analyst: point at the clause
            # that nearly matched, so that it can be checked
            if cid in clauses and score >= threshold / 2:
                page = clauses[cid].page
                message += (
                    f" The closest clause, {cid} (p. {page}), scored {score:.2f}; "
                    f"a match needs {threshold:.2f}."
                )
                message_ja += (
                    f"最も近い条項は{cid}（{page}頁）で、スコア{score:.2f}"
                    f"（{threshold:.2f}以上で該当）です。"
                )
            findings.append(
                Finding(
                    "missing",
                    rid,
                    "high" if req.core else "low",
                    message,
                    message_ja,
                    sections_searched=searched,
                )
            )
    if referencing:
        only = [r for r, v in coverage.items() if v == "referenced"]
        titles = sorted(
            {
                o.reference["title"]
                for c in referencing
                for o in obligations.get(c.id, ())
                if o.reference
            }
        )
        named = "、".join(f"「{t}」" for t in titles) or "別添の文書"
        findings.append(
            Finding(
                "referenced_only",
                "SEC.REFERENCED_DOCS",
                "medium" if only else "low",
                f"{len(only)} required obligations are only imported by reference to "
                f"{', '.join(titles) or 'an attached document'}, which is not in this package: "
                "check that document.",
                f"{len(only)}件の要求事項は{named}の参照によってのみ課されています(本文書に含まれないため確認が必要)。",
                clause_ids=tuple(c.id for c in referencing),
                pages=_pages(referencing),
            )
        )
    findings += _outdated(structure, obligations, taxonomy)
    findings += _elements(by_requirement, taxonomy)
    findings += _against_reference(frames, clauses, taxonomy)
    findings += _conflicts(frames, clauses)
    return coverage, tuple(findings)


def _outdated(structure, obligations, taxonomy) -> list[Finding]:  # type: ignore[no-untyped-def]
    out = []
    for c in structure.security_clauses:
        for item in taxonomy.outdated_references:
            m = re.search(item.pattern, c.normalized.text)
            if m:
                rid = next(
                    (o.requirement_id for o in obligations.get(c.id, ()) if o.reference),
                    "SEC.POLICY_COMPLIANCE",
                )
                out.append(
                    Finding(
                        "outdated_reference",
                        rid,
                        "medium",
                        f"Cites 「{m.group(0)}」, superseded by {item.superseded_by} "
                        f"since {item.since}: {item.why}.",
                        f"「{m.group(0)}」は旧版・旧名称です(現行: {item.superseded_by})。",
                        clause_ids=(c.id,),
                        pages=(c.page,),
                    )
                )
                break
    return out


def _elements(by_requirement, taxonomy) -> list[Finding]:  # type: ignore[no-untyped-def]
    out = []
    rid = "SEC.SUPPLIER_DISCLOSURE"
    if rid in by_requirement:
        text = " ".join(c.normalized.text for c in by_requirement[rid])
        missing = [
            e.ja
            for e in taxonomy.requirement(rid).elements
            if not any(t in text for t in e.triggers)
        ]
        if missing:
            out.append(
                Finding(
                    "missing_element",
                    rid,
                    "medium",
                    f"Supplier disclosure does not ask for: {', '.join(missing)}.",
                    f"情報提供の対象に{'・'.join(missing)}が含まれていません。",
                    clause_ids=tuple(c.id for c in by_requirement[rid]),
                    pages=_pages(by_requirement[rid]),
                )
            )
    return out


def _against_reference(frames, clauses, taxonomy) -> list[Finding]:  # type: ignore[no-untyped-def]
    out: list[Finding] = []
    values = taxonomy.reference_values

    def finding(kind, rid, severity, en, ja, items):  # type: ignore[no-untyped-def]
        ids = tuple(dict.fromkeys(cid for cid, _ in items))
        out.append(Finding(kind, rid, severity, en, ja, ids, _pages(clauses[i] for i in ids)))

    rid = "SEC.INCIDENT_REPORTING"
    if rid in frames and rid in values:
        best = max(
            frames[rid],
            key=lambda f: (
                deadline_rank(
                    (f[1].deadline or {}).get("qualifier"), (f[1].deadline or {}).get("days")
                )
                or 0.0
            ),
        )
        deadline = best[1].deadline or {}
        q = deadline.get("qualifier")
        days = deadline.get("days")
        if q == "immediately":
            finding(
                "stronger",
                rid,
                "low",
                "Incidents are to be reported immediately (直ちに).",
                "インシデントの報告期限が「直ちに」で基準より厳格です。",
                [best],
            )
        elif q is None or q == "without_delay" or (q == "within" and days is not None and days > 5):
            said = deadline.get("text") or "no deadline"
            finding(
                "weaker",
                rid,
                "medium",
                f"Incident reporting deadline is {said}; the reference is at least 速やかに "
                "(about 3-5 days).",
                f"インシデント報告の期限が「{said}」で、基準(速やかに)より弱い規定です。",
                [best],
            )
    rid = "SEC.MGMT_STRUCTURE"
    if rid in frames and rid in values and not any(f.form == "written" for _, f in frames[rid]):
        finding(
            "weaker",
            rid,
            "medium",
            "The management structure need not be presented in writing.",
            "管理体制の提示に書面の指定がありません。",
            frames[rid],
        )
    rid = "SEC.CONFIDENTIALITY"
    if rid in frames and rid in values and not any(f.survival for _, f in frames[rid]):
        finding(
            "weaker",
            rid,
            "medium",
            "Confidentiality does not continue after the contract ends.",
            "秘密保持義務が契約終了後に及ぶ旨の規定がありません。",
            frames[rid],
        )
    rid = "SEC.SUBCONTRACT_APPROVAL"
    if rid in frames and rid in values:
        # a ban of the whole (or the main part) beside an approval route for the rest is an
        # approval regime, not an outright ban
        routes = [f for f in frames[rid] if f[1].approval not in (None, "prohibited")]
        best = max(routes or frames[rid], key=lambda f: approval_rank(f[1].approval))
        a = best[1].approval
        if a == "prohibited":
            finding(
                "stronger",
                rid,
                "low",
                "Subcontracting is banned outright.",
                "再委託が全面的に禁止されています。",
                [best],
            )
        elif approval_rank(a) < approval_rank("prior_approval"):
            finding(
                "weaker",
                rid,
                "high" if a is None else "medium",
                f"Subcontracting needs {a or 'no approval'}; the reference is prior approval.",
                "再委託に事前承認が求められていません。",
                [best],
            )
    rid = "SEC.DISPOSAL_CERTIFICATION"
    if rid in frames and rid in values and not any(f.form == "written" for _, f in frames[rid]):
        finding(
            "weaker",
            rid,
            "low",
            "Disposal need not be confirmed in writing.",
            "廃棄・消去の報告に書面の指定がありません。",
            frames[rid],
        )
    return out


def _conflicts(frames, clauses) -> list[Finding]:  # type: ignore[no-untyped-def]
    out = []
    rid = "SEC.INCIDENT_REPORTING"
    qualifiers = {}
    for cid, f in frames.get(rid, []):
        q = (f.deadline or {}).get("qualifier")
        if q in ("immediately", "promptly", "without_delay"):
            qualifiers.setdefault(q, cid)
    if len(qualifiers) > 1:
        ids = tuple(qualifiers.values())
        out.append(
            Finding(
                "conflict",
                rid,
                "medium",
                "Clauses disagree on the incident-reporting deadline: "
                f"{', '.join(sorted(qualifiers))}.",
                "インシデント報告の期限が条項間で食い違っています。",
                ids,
                _pages(clauses[i] for i in ids),
            )
        )
    return out
