"""Profiles, coverage and findings for one analysed tender.

A requirement of an applied profile is *present* when a security clause is aligned to it (or,
where none is, a clause elsewhere in the document: the analysis searches the other chapters for
the requirements the security sections leave uncovered, see `pipeline.compare.outside`),
*referenced* when it is not but the tender imports obligations from a document it does not carry
(別添, 共通特記仕様書 …; an appendix printed in the same document is carried, see
`pipeline.compare.references`), and *missing* otherwise. Findings compare the present clauses
with the reference values kept in the taxonomy data, and look for superseded standards, absent
enumerated elements and clauses that disagree.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from pipeline.compare.ladders import (
    ANCHOR_LABELS,
    ANCHOR_ORDER,
    APPROVAL_LABELS,
    DEADLINE_LABELS,
    FORM_LABELS,
    FORM_RANK,
    approval_rank,
    compare_deadlines,
    deadline_rank,
)
from pipeline.compare.references import Reference, imports_outside_package
from pipeline.model import (
    Clause,
    DocumentStructure,
    Finding,
    NearClause,
    Obligation,
    RequirementMatch,
)
from pipeline.taxonomy import Taxonomy, TaxonomyError, load_taxonomy

_NATIONAL = re.compile(
    # 庁舎 is a building: 「役場庁舎」 said nothing of a national body
    r"独立行政法人|国立研究開発法人|[^都道府県市区町村]省|内閣|[^県市]庁(?!舎)|当機構|機構|IPA|防衛|官側|国土交通|総務省"
)
_LOCAL = re.compile(
    r"[都道府県]知事|[市町村区]長|[都道府県市町村区]役所|本県|本市|本町|当市|当県|(?<![都道府])県(?:は|の|が|に)|(?<![市区町])市(?:は|の|が|に)|甲|乙|"
    # a town, village or ward calling itself 「町」 as a city does 「市」 (not 地区, 選挙区)
    r"(?<![市区町村都道府])町(?:は|の|が|に)|(?<![市区町村都道府])村(?:は|の|が|に)|(?<![地管学選市町村])区(?:は|の|が|に)|"
    # the local organs that issue tenders under their own name (湊川市上下水道局, ○○町役場)
    r"[都道府県市町村区](?:上下水道局|水道局|企業局|教育委員会|役場|消防本部|病院局)|役場"
)


def guess_profiles(structure: DocumentStructure, title: str | None) -> dict[str, str]:
    """The profiles that apply, each with the reason, guessed from the security clauses."""
    text = " ".join([title or "", *(c.normalized.text for c in structure.security_clauses)])
    # the first page names the issuer (「湊川市上下水道局」, 「雲川町（以下「町」という。）」) where
    # the security clauses may say only 発注者; what the data is (個人情報, クラウド) is theirs
    issuer = " ".join([text, *(c.normalized.text for c in structure.clauses if c.page == 1)])
    national, local = len(_NATIONAL.findall(issuer)), len(_LOCAL.findall(issuer))
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


def required_requirements(profiles: Iterable[str], taxonomy: Taxonomy | None = None) -> list[str]:
    """The requirement IDs the profiles need, each once, in profile order."""
    taxonomy = taxonomy or load_taxonomy()
    required: list[str] = []
    for name in profiles:
        required += [r for r in taxonomy.profiles[name].required if r not in required]
    return required


def assess(
    structure: DocumentStructure,
    requirements: dict[str, tuple[RequirementMatch, ...]],
    obligations: dict[str, tuple[Obligation, ...]],
    profiles: dict[str, str],
    taxonomy: Taxonomy | None = None,
    closest: Mapping[str, tuple[str, float, float]] | None = None,
    searched_outside: Sequence[str] = (),
    closest_outside: Mapping[str, tuple[str, float, float]] | None = None,
) -> tuple[dict[str, str], tuple[Finding, ...]]:
    """Coverage of every requirement of ``profiles``, and the findings. ``closest``: for a
    requirement no clause matched, the clause that scored highest for it, its score and the
    threshold it missed; a `missing` finding names it when it came at least halfway.

    ``requirements`` may hold clauses outside the security sections: those the analysis found
    there for a requirement no security clause covers. ``searched_outside`` are the IDs of the
    sections it searched for them and ``closest_outside`` its nearest clauses there, like
    ``closest``."""
    taxonomy = taxonomy or load_taxonomy()
    clauses = {c.id: c for c in structure.security_clauses}
    anywhere = {c.id: c for c in structure.clauses}
    by_requirement: dict[str, list[Clause]] = {}
    for cid, matches in requirements.items():
        for m in matches:
            by_requirement.setdefault(m.id, []).append(anywhere[cid])
    frames: dict[str, list[tuple[str, Obligation]]] = {}
    for cid, obs in obligations.items():
        for o in obs:
            frames.setdefault(o.requirement_id, []).append((cid, o))
    required = required_requirements(profiles, taxonomy)
    # only a reference to a document the package does not carry leaves a requirement
    # `referenced`: an appendix printed in the same document was analysed as a section
    referencing, not_carried = _imports(structure, by_requirement, obligations)
    sections = {s.id: s for s in structure.sections}
    searched = tuple(f"{s.id} {s.heading}" for s in structure.security_sections) + tuple(
        f"{sid} {sections[sid].heading}" for sid in searched_outside if sid in sections
    )
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
            near: list[NearClause] = []
            cid, score, threshold = (closest or {}).get(rid, ("", 0.0, 1.0))
            # a false `missing` is the costliest mistake for an analyst: point at the clause
            # that nearly matched, so that it can be checked
            if cid in clauses and score >= threshold / 2:
                page = clauses[cid].page
                near.append(NearClause(cid, page, score, threshold, True))
                message += (
                    f" The closest clause, {cid} (p. {page}), scored {score:.2f}; "
                    f"a match needs {threshold:.2f}."
                )
                message_ja += (
                    f"最も近い条項は{cid}（{page}頁）で、スコア{score:.2f}"
                    f"（{threshold:.2f}以上で該当）です。"
                )
            cid, score, threshold = (closest_outside or {}).get(rid, ("", 0.0, 1.0))
            if cid in anywhere and score >= threshold / 2:
                outside = anywhere[cid]
                where = (
                    sections[outside.section_id].heading if outside.section_id in sections else ""
                )
                message += (
                    f" Outside the security sections, the closest clause is {cid} "
                    f"(p. {outside.page}, {where}), scored {score:.2f}; "
                    f"a match needs {threshold:.2f}."
                )
                message_ja += (
                    f"セキュリティの章の外で最も近い条項は{cid}（{outside.page}頁、{where}）で、"
                    f"スコア{score:.2f}（{threshold:.2f}以上で該当）です。"
                )
                near.append(NearClause(cid, outside.page, score, threshold, False))
            findings.append(
                Finding(
                    "missing",
                    rid,
                    "high" if req.core else "low",
                    message,
                    message_ja,
                    sections_searched=searched,
                    closest=tuple(near),
                )
            )
    if referencing:
        only = [r for r, v in coverage.items() if v == "referenced"]
        names = list(dict.fromkeys(r.name for r in not_carried))
        named = "、".join(names) or "名称の示されていない文書"
        several = len(names) > 1
        findings.append(
            Finding(
                "referenced_only",
                "SEC.REFERENCED_DOCS",
                "medium" if only else "low",
                f"{len(only)} required obligations are only imported by reference to "
                f"{', '.join(names) or 'a document the clause does not name'}, which "
                f"{'are' if several else 'is'} not in this package: check "
                f"{'those documents' if several else 'that document'}.",
                f"{len(only)}件の要求事項は{named}の参照によってのみ課されています(本文書に含まれないため確認が必要)。",
                clause_ids=tuple(c.id for c in referencing),
                pages=_pages(referencing),
            )
        )
    findings += _outdated(structure, obligations, taxonomy)
    findings += _elements(by_requirement, taxonomy)
    findings += _against_reference(frames, anywhere, taxonomy)
    findings += _conflicts(frames, anywhere)
    # each clause's page beside its ID: `pages` keeps each page once, so it cannot be read
    # against `clause_ids` where two of them share a page
    return coverage, tuple(
        replace(f, clause_pages=tuple(anywhere[c].page for c in f.clause_ids)) for f in findings
    )


def _imports(
    structure: DocumentStructure,
    by_requirement: Mapping[str, list[Clause]],
    obligations: Mapping[str, tuple[Obligation, ...]],
) -> tuple[list[Clause], list[Reference]]:
    """The referencing clauses that import a document the package does not carry, and those
    documents (none named where a clause does not say which)."""
    clauses: list[Clause] = []
    documents: list[Reference] = []
    for c in by_requirement.get("SEC.REFERENCED_DOCS", []):
        absent = imports_outside_package(c, structure, obligations.get(c.id, ()))
        if absent is None or absent:
            clauses.append(c)
            documents += absent or []
    return clauses, documents


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


# how the findings name a requirement held to reference values; one the data gives reference
# values later is named by its taxonomy labels
_SUBJECTS = {
    "SEC.INCIDENT_REPORTING": ("Incident reporting", "インシデント報告"),
    "SEC.MGMT_STRUCTURE": ("The management structure", "管理体制の提示"),
    "SEC.CONFIDENTIALITY": ("Confidentiality", "秘密保持義務"),
    "SEC.SUBCONTRACT_APPROVAL": ("Subcontracting", "再委託"),
    "SEC.DISPOSAL_CERTIFICATION": ("Proof of disposal", "廃棄・消去の報告"),
}
# the disposal itself is RETURN_DISPOSAL's; that its proof is not in writing weighs less
_SEVERITY = {("SEC.DISPOSAL_CERTIFICATION", "form"): "low"}
# a report of the details that follows a first report (「第一報の後、詳細を…」), said before its
# own time limit in its sentence; 第一報 there, not as what it follows, makes the time the first
# report's (「直ちに第一報を入れ」)
_FOLLOW_UP = re.compile(
    r"詳細|続報|第[二2]報|最終報告|経過報告|顛末|(?:第[一1]報|速報|報告|連絡)の?後"
)
_FIRST_REPORT = re.compile(r"(?:第[一1]報|速報)(?!の?後)")
# or a report said after its time limit to carry what only a later report can: how the incident
# went and how it is kept from recurring (「7日以内に、事故の経緯…及び再発防止策を記載した報告書」);
# a first report tells that something happened, and 「再発防止策を講じる」 is no report at all
_DETAILS_REPORT = re.compile(r"(?:経緯|経過|顛末|再発防止策)[^。]{0,30}?(?:報告書|報告)")

_Item = tuple[str, Obligation]
# kind, severity, English, Japanese, the frames it rests on
_Result = tuple[str, str, str, str, list[_Item]]


def _against_reference(frames, clauses, taxonomy) -> list[Finding]:  # type: ignore[no-untyped-def]
    """Every requirement the taxonomy data gives reference values (`reference_values`), held to
    each of its values wherever the tender's clauses state it. A value the checks below do not
    know is an error in the data: passing over it silently would leave it unchecked."""
    out: list[Finding] = []
    for rid, reference in taxonomy.reference_values.items():
        items = frames.get(rid)
        if not items:
            continue
        req = taxonomy.requirement(rid)
        subject = _SUBJECTS.get(rid, (req.en, req.ja))
        for field, expected in reference.items():
            if field == "why":
                continue  # the reason for the other values, for whoever edits the data
            check = _REFERENCE_CHECKS.get(field)
            if check is None:
                raise TaxonomyError(f"reference_values: {rid}: no check for {field!r}")
            for kind, severity, en, ja, held in check(expected, items, clauses, subject):
                ids = tuple(dict.fromkeys(cid for cid, _ in held))
                severity = _SEVERITY.get((rid, field), severity)
                out.append(
                    Finding(kind, rid, severity, en, ja, ids, _pages(clauses[i] for i in ids))
                )
    return out


def _is_follow_up(clause: Clause, deadline: Mapping | None) -> bool:
    text = clause.normalized.text
    said = unicodedata.normalize("NFKC", (deadline or {}).get("text") or "")
    at = text.find(said) if said else -1
    if at < 0:
        return False
    before = text[text.rfind("。", 0, at) + 1 : at]
    end = text.find("。", at)
    after = text[at + len(said) : end if end >= 0 else len(text)]
    later = _FOLLOW_UP.search(before) or _DETAILS_REPORT.search(after)
    return bool(later) and not _FIRST_REPORT.search(before)


def _first_stages(items: list[_Item], clauses: Mapping[str, Clause]) -> list[_Item]:
    """The clauses that set when a report is first due. A clause about the details that follow
    (「詳細は7日以内に書面で報告」) is the later stage of a report that another clause asks for at
    least as soon: the two together are the taxonomy's *stronger* 直ちに + 詳細は速やかに, not a
    laxer deadline nor a disagreement. Within one clause the frame already keeps the first stage."""
    later = {cid for cid, f in items if _is_follow_up(clauses[cid], f.deadline)}
    firsts = [f.deadline for cid, f in items if cid not in later]

    def follows_one(deadline: Mapping | None) -> bool:
        return any(compare_deadlines(d, deadline) in (0, 1) for d in firsts)

    return [(cid, f) for cid, f in items if cid not in later or not follows_one(f.deadline)]


def _deadline_at_least(expected, items, clauses, subject) -> list[_Result]:  # type: ignore[no-untyped-def]
    """Each clause is held to the reference on its own: a second clause that gives more time
    (「個人情報の漏えいは7日以内に報告」 beside 「速やかに連絡」) loosens the duty for what it
    covers, whatever the first says. A clause that states no time limit does not: it leaves the
    time to the clauses that state one, so only a package where none does is flagged for it."""
    reference = {"qualifier": expected}
    ref_ja, ref_en = DEADLINE_LABELS[expected]
    s_en, s_ja = subject
    held = _first_stages(items, clauses)
    timed = [(cid, f) for cid, f in held if (f.deadline or {}).get("qualifier")]
    if not timed:
        return [
            (
                "weaker",
                "medium",
                f"{s_en} has no deadline; the reference is at least {ref_ja} ({ref_en}).",
                f"{s_ja}に期限の定めがなく、基準({ref_ja})より弱い規定です。",
                held,
            )
        ]
    out: list[_Result] = []
    for item in timed:
        deadline = item[1].deadline
        said = deadline.get("text") or deadline.get("qualifier")
        # None: a date (「翌月10日まで」) has no number of days to set against a rung
        order = compare_deadlines(deadline, reference)
        if order is not None and order > 0:
            out.append(
                (
                    "stronger",
                    "low",
                    f"{s_en} is due 「{said}」, sooner than the reference {ref_ja} ({ref_en}).",
                    f"{s_ja}の期限が「{said}」で、基準({ref_ja})より厳格です。",
                    [item],
                )
            )
        elif order is not None and order < 0:
            out.append(
                (
                    "weaker",
                    "medium",
                    f"{s_en} is due 「{said}」; the reference is at least {ref_ja} ({ref_en}).",
                    f"{s_ja}の期限が「{said}」で、基準({ref_ja})より弱い規定です。",
                    [item],
                )
            )
    return out


def _anchor_any(expected, items, clauses, subject) -> list[_Result]:  # type: ignore[no-untyped-def]
    """When the duty falls due, where a clause says so: weaker only when every time the clauses
    state is later than the latest the reference allows (the structure handed in 「事業の完了後」).
    A requirement whose clauses state no time is not flagged: a time left unsaid is not shown to
    be late, and some wordings of it are not read (「着手する前に」)."""
    allowed = [a for a in ANCHOR_ORDER if a in expected]
    timed = [(cid, f) for cid, f in items if (f.deadline or {}).get("anchor") in ANCHOR_ORDER]
    if not allowed or not timed:
        return []
    latest = ANCHOR_ORDER.index(allowed[-1])
    if any(ANCHOR_ORDER.index(f.deadline["anchor"]) <= latest for _, f in timed):
        return []
    s_en, s_ja = subject
    said = "、".join(dict.fromkeys(f.deadline.get("text") or "" for _, f in timed))
    when_en = " or ".join(dict.fromkeys(ANCHOR_LABELS[f.deadline["anchor"]][1] for _, f in timed))
    last_ja, last_en = ANCHOR_LABELS[allowed[-1]]
    return [
        (
            "weaker",
            "medium",
            f"{s_en} is due only 「{said}」 ({when_en}); the reference is {last_en} at the latest.",
            f"{s_ja}の時期が「{said}」で、基準(遅くとも{last_ja})より遅い規定です。",
            timed,
        )
    ]


def _form(expected, items, clauses, subject) -> list[_Result]:  # type: ignore[no-untyped-def]
    """The requirement as a whole: one clause that asks for the form is enough (a roster's later
    changes need not repeat 書面)."""
    if any(FORM_RANK.get(f.form, 0) >= FORM_RANK[expected] for _, f in items):
        return []
    (s_en, s_ja), (label_ja, label_en) = subject, FORM_LABELS[expected]
    return [
        (
            "weaker",
            "medium",
            f"{s_en} is not required {label_en}.",
            f"{s_ja}に{label_ja}の指定がありません。",
            items,
        )
    ]


def _survival(expected, items, clauses, subject) -> list[_Result]:  # type: ignore[no-untyped-def]
    if not expected or any(f.survival for _, f in items):
        return []
    s_en, s_ja = subject
    return [
        (
            "weaker",
            "medium",
            f"{s_en} does not continue after the contract ends.",
            f"{s_ja}が契約終了後に及ぶ旨の規定がありません。",
            items,
        )
    ]


def _approval_at_least(expected, items, clauses, subject) -> list[_Result]:  # type: ignore[no-untyped-def]
    # a ban of the whole (or the main part) beside an approval route for the rest is an
    # approval regime, not an outright ban
    routes = [f for f in items if f[1].approval not in (None, "prohibited")]
    best = max(routes or items, key=lambda f: approval_rank(f[1].approval))
    a = best[1].approval
    s_en, s_ja = subject
    ref_ja, ref_en = APPROVAL_LABELS[expected]
    if a == "prohibited" and expected != "prohibited":
        # only a ban goes beyond the reference worth telling: written approval is a rung above
        # it, but it is how tenders word the reference itself (「書面による承認」)
        return [
            (
                "stronger",
                "low",
                f"{s_en} is banned outright.",
                f"{s_ja}が全面的に禁止されています。",
                [best],
            )
        ]
    if approval_rank(a) < approval_rank(expected):
        return [
            (
                "weaker",
                "high" if a is None else "medium",
                f"{s_en} needs {APPROVAL_LABELS[a][1] if a else 'no approval'}; "
                f"the reference is {ref_en}.",
                f"{s_ja}に{ref_ja}が求められていません。",
                [best],
            )
        ]
    return []


# reference_values field -> its check (expected value, frames, clauses, subject) -> results
_REFERENCE_CHECKS = {
    "deadline_at_least": _deadline_at_least,
    "anchor_any": _anchor_any,
    "form": _form,
    "survival": _survival,
    "approval_at_least": _approval_at_least,
}


def _conflicts(frames, clauses) -> list[Finding]:  # type: ignore[no-untyped-def]
    """Incident-reporting clauses whose first-report deadlines disagree on the ladder (直ちに vs
    速やかに, 速やかに vs 7日以内, 3日以内 vs 5日以内; not 3日以内 vs 速やかに, which the PPC reads
    as 3-5 days). A clause with no time limit disagrees with none, and a report of the details
    after a first report (`_first_stages`) is a later stage, not a second deadline."""
    rid = "SEC.INCIDENT_REPORTING"
    timed = [
        (cid, f.deadline)
        for cid, f in _first_stages(frames.get(rid, []), clauses)
        if deadline_rank((f.deadline or {}).get("qualifier"), (f.deadline or {}).get("days"))
        is not None
    ]
    apart = [(cid, d) for cid, d in timed if any(compare_deadlines(d, e) for _, e in timed)]
    if not apart:
        return []
    ids = tuple(dict.fromkeys(cid for cid, _ in apart))
    listed_en = "; ".join(f"{cid} (p. {clauses[cid].page}) 「{d['text']}」" for cid, d in apart)
    listed_ja = "、".join(f"{cid}（{clauses[cid].page}頁）「{d['text']}」" for cid, d in apart)
    return [
        Finding(
            "conflict",
            rid,
            "medium",
            f"Clauses disagree on the incident-reporting deadline: {listed_en}.",
            f"インシデント報告の期限が条項間で食い違っています: {listed_ja}。",
            ids,
            _pages(clauses[i] for i in ids),
        )
    ]
