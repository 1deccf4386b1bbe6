"""One document through every stage, and its contract JSON."""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from functools import lru_cache
from importlib import metadata

from pipeline.align import ModelError, align_texts, align_with_near_misses, score_where_triggered
from pipeline.align.gates import personal_data_terms
from pipeline.align.model import model_version
from pipeline.compare import assess, guess_profiles
from pipeline.compare.assess import required_requirements
from pipeline.compare.outside import outside_candidates
from pipeline.errors import INCOMPLETE_READ, TenderLensError
from pipeline.ingest import ingest, ingest_bytes
from pipeline.model import (
    Clause,
    DocumentError,
    DocumentInfo,
    DocumentStructure,
    RequirementMatch,
    Status,
    TenderAnalysis,
    TenderDocument,
)
from pipeline.obligations import extract_obligations, slots
from pipeline.structure import build_structure
from pipeline.taxonomy import load_taxonomy

ANALYST_CHOICE = "chosen by the analyst"  # the profile reason of a profile given with --profile
log = logging.getLogger(__name__)

PIPELINE_VERSION = "0.1.0"
_VERSIONED = (
    "pdfplumber",
    "pypdfium2",
    "spacy",
    "ginza",
    "ja-ginza",
    "sudachipy",
    "sudachidict-core",
    "scikit-learn",
)


def package_version(name: str) -> str | None:
    """The installed version of a distribution, or None when it is not installed."""
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


@lru_cache(maxsize=1)
def _installed_versions() -> tuple[tuple[str, str | None], ...]:
    return tuple((name, package_version(name)) for name in _VERSIONED)


def library_versions() -> dict[str, str | None]:
    """Versions of the libraries that change results (read once per process)."""
    return dict(_installed_versions())


def provenance() -> dict:
    taxonomy = load_taxonomy()
    return {
        "pipeline_version": PIPELINE_VERSION,
        "taxonomy_version": taxonomy.version,
        "taxonomy_sha256": taxonomy.sha256,
        "model_version": model_version(),
        "versions": library_versions(),
    }


def _status(doc: TenderDocument, structure: DocumentStructure) -> Status:
    if any(e.code in INCOMPLETE_READ for e in doc.errors):
        return "failed"
    if doc.pages_needing_ocr:
        return "needs_ocr"
    if not structure.security_sections:
        return "no_security_section"
    return "ok"


Closest = dict[str, tuple[str, float, float]]  # requirement -> (clause id, score, threshold)


def _search_outside(
    structure: DocumentStructure, uncovered: list[str]
) -> tuple[tuple[str, ...], dict[str, tuple[RequirementMatch, ...]], Closest]:
    """The sections outside the security sections searched for the ``uncovered`` requirements
    (`pipeline.compare.outside`), the matches found there for them, and for each one not found
    the clause there that came closest.

    A clause there is scored for a requirement only when it, or its section's heading
    (「業務の実施場所」), holds one of the requirement's strong trigger words or patterns: the
    model learnt from security sections, and on the plain work descriptions of other chapters it
    scores clauses over the threshold for no reason an analyst could check (「現状の課題と改善の
    方向性を整理」 0.70 for REMEDIATION, a monthly work report 0.75 for COMPLIANCE_REPORTING). It
    also keeps the search cheap."""
    candidates = outside_candidates(structure)
    searched = tuple(s.id for s in candidates.sections)
    clauses = candidates.clauses
    if not clauses or not uncovered:
        return searched, {}, {}
    headings = {s.id: s.heading for s in structure.sections}
    rows = score_where_triggered(
        [c.normalized for c in clauses],
        uncovered,
        headings=[headings.get(c.section_id) for c in clauses],
    )
    found: dict[int, list[str]] = {}
    closest: Closest = {}
    for rid in uncovered:
        hits = [(row[rid], k) for k, row in enumerate(rows) if rid in row]
        matched = [k for scored, k in hits if scored.chosen]
        for k in matched:
            found.setdefault(k, []).append(rid)
        if hits and not matched:
            scored, k = max(hits, key=lambda h: h[0].score)
            closest[rid] = (clauses[k].id, scored.score, scored.threshold)
    # the evidence (trigger words, features) of the few that match
    order = sorted(found)
    explained = (
        align_texts(
            [clauses[k].normalized for k in order],
            headings=[headings.get(clauses[k].section_id) for k in order],
        )
        if order
        else []
    )
    matches: dict[str, tuple[RequirementMatch, ...]] = {}
    for k, rich in zip(order, explained, strict=True):
        evidence = {m.id: m for m in rich}
        matches[clauses[k].id] = tuple(
            evidence.get(rid) or RequirementMatch(rid, rows[k][rid].score)
            for rid in sorted(found[k], key=lambda r: -rows[k][r].score)
        )
    return searched, matches, closest


def headings_over(structure: DocumentStructure, clauses: Sequence[Clause]) -> list[str]:
    """Per clause, the context it is read in, joined: the definitions of the terms it uses that
    the document defines as personal data, then the headings it stands under, innermost first:
    its parent items' text (「(5) 個人情報の保護」 over its ア, イ), its section's heading and those
    of the sections around it. What the alignment's definition gates read
    (`pipeline.align.gates`): a clause of a 個人情報 chapter, or on a term defined as people's
    particulars, is about personal data without repeating the words."""
    sections = {s.id: s for s in structure.sections}
    items = {c.id: c for c in structure.clauses}
    defined = personal_data_terms(c.text for c in structure.clauses)
    out = []
    for clause in clauses:
        parts = [meaning for term, meaning in defined.items() if term in clause.normalized.text]
        parent = items.get(clause.parent_clause_id) if clause.parent_clause_id else None
        while parent is not None and len(parts) < 8:
            parts.append(parent.normalized.text)
            parent = items.get(parent.parent_clause_id) if parent.parent_clause_id else None
        section = sections.get(clause.section_id) if clause.section_id else None
        while section is not None and len(parts) < 16:
            parts.append(section.heading)
            section = sections.get(section.parent_id) if section.parent_id else None
        out.append("\n".join(parts))
    return out


def analyze_document(doc: TenderDocument, profiles: list[str] | None = None) -> TenderAnalysis:
    """Every stage after ingestion. ``profiles`` overrides the profiles guessed from the text."""
    structure = build_structure(doc)
    clauses = structure.security_clauses
    matches, near_misses = (
        align_with_near_misses(
            [c.normalized for c in clauses], headings=headings_over(structure, clauses)
        )
        if clauses
        else ([], {})
    )
    requirements = {c.id: m for c, m in zip(clauses, matches, strict=True)}
    if profiles:
        reasons = dict.fromkeys(profiles, ANALYST_CHOICE)
    elif structure.security_sections:
        reasons = guess_profiles(structure, doc.info.title)
    else:
        reasons = {}  # no security section: nothing to hold against a profile
    searched: tuple[str, ...] = ()
    closest_outside: Closest = {}
    if reasons and structure.security_sections:
        # a requirement no security clause covers may still be stated in another chapter
        # (契約の解除, 業務実施体制): look there before calling it missing. A document without a
        # security section is not searched: it is `no_security_section` whatever it says.
        covered = {m.id for ms in matches for m in ms}
        uncovered = [r for r in required_requirements(reasons) if r not in covered]
        if uncovered:
            searched, found, closest_outside = _search_outside(structure, uncovered)
            requirements.update(found)
    bound = [(c, requirements[c.id]) for c in structure.clauses if requirements.get(c.id)]
    by_id = {c.id: c for c in structure.clauses}
    intros = [
        by_id[c.parent_clause_id].normalized.text if c.parent_clause_id in by_id else None
        for c, _ in bound
    ]
    # the terms the document defines (「この章で「調査情報」とは…」) carry their scope
    glossary = slots.glossary(c.normalized.text for c in structure.clauses) if bound else {}
    frames = (
        extract_obligations(
            [(c.normalized, [x.id for x in m]) for c, m in bound],
            [c.text for c, _ in bound],
            intros,
            [glossary] * len(bound),
        )
        if bound
        else []
    )
    obligations = {c.id: f for (c, _), f in zip(bound, frames, strict=True)}
    coverage, findings = (
        assess(
            structure,
            requirements,
            obligations,
            reasons,
            closest={
                rid: (clauses[n.clause_index].id, n.score, n.threshold)
                for rid, n in near_misses.items()
            },
            searched_outside=searched,
            closest_outside=closest_outside,
        )
        if reasons
        else ({}, ())
    )
    return TenderAnalysis(
        document=doc.info,
        status=_status(doc, structure),
        errors=doc.errors,
        structure=structure,
        profiles=tuple(reasons),
        provenance=provenance(),
        requirements=requirements,
        obligations=obligations,
        profile_reasons=reasons,
        coverage=coverage,
        findings=findings,
    )


def failed(path: str, error: DocumentError, sha256: str | None = None) -> TenderAnalysis:
    return TenderAnalysis(
        document=DocumentInfo(sha256=sha256, path=path, pages=0, title=None),
        status="failed",
        errors=(error,),
        structure=DocumentStructure((), ()),
        provenance=provenance(),
    )


def analyze_path(path: str | os.PathLike[str], profiles: list[str] | None = None) -> TenderAnalysis:
    """Analyse one file; every problem becomes a coded error in the result, never an exception."""
    p = str(path)
    try:
        doc = ingest(p)
        return analyze_document(doc, profiles)
    except TenderLensError as exc:
        return failed(p, exc.record(), sha256=exc.sha256)
    except ModelError:
        raise  # an installation problem, not this document's: the caller stops with one line
    except MemoryError:
        # under a worker's --memory-limit, or on a machine out of memory: the document's size,
        # not a bug to report
        return failed(
            p,
            DocumentError(
                "batch.memory",
                f"{p}: out of memory while analysing it; the document was not analysed",
            ),
        )
    except Exception as exc:
        log.debug("internal error on %s", p, exc_info=True)
        message = f"{p}: {type(exc).__name__}: {exc}; please report this with the file"
        return failed(p, DocumentError("internal", message.splitlines()[0][:500]))


# a short tender that takes every stage's path: a security section whose clauses match
# requirements (the model, Sudachi) and hold duties (GiNZA), and a chapter outside it that the
# search for the requirements they leave uncovered reads
_WARM_UP_TEXT = """第1章 業務の概要
1. 本業務は、情報システムの運用保守を行うものである。
2. 受注者が契約に違反した場合、発注者は契約を解除することができる。
第2章 情報セキュリティに関する事項
1. 受注者は、本業務で知り得た情報を第三者に漏えいしてはならない。契約終了後も同様とする。
2. 受注者は、情報セキュリティインシデントが発生した場合は、直ちに発注者に報告すること。
3. 受注者は、あらかじめ発注者の書面による承認を得た場合を除き、本業務を再委託してはならない。
"""


@lru_cache(maxsize=1)  # once per process; a failure is not kept, and is tried again
def warm_up() -> None:
    """Load what a process loads once for its first document — the taxonomy, the alignment
    model, Sudachi, GiNZA and the modules their first use imports — by analysing a short
    built-in tender. A batch calls it before a document's time limit starts, so that the limit
    is about the document and never stops the process half-way through an import. Raises what
    the analysis would raise (`ModelError` for a missing model)."""
    import pdfplumber  # noqa: F401  imported lazily by the PDF reader, on the first page needing it

    analyze_document(ingest_bytes(_WARM_UP_TEXT.encode("utf-8"), "warm-up.txt"))


def to_json(analysis: TenderAnalysis) -> dict:
    """The contract's per-document JSON (see docs/contract.md)."""
    structure = analysis.structure
    security = {s.id for s in structure.sections if s.is_security}
    info = analysis.document
    return {
        "document": {
            "sha256": info.sha256,
            "path": info.path,
            "pages": info.pages,
            "title": info.title,
        },
        "status": analysis.status,
        "errors": [e.as_dict() for e in analysis.errors],
        "profiles": list(analysis.profiles),
        "profile_reasons": dict(analysis.profile_reasons),
        "sections": [
            {
                "id": s.id,
                "label": s.label,
                "heading": s.heading,
                "level": s.level,
                "page": s.page,
                "end_page": s.end_page,
                "parent_id": s.parent_id,
                "is_security": s.is_security,
                "security_reason": s.security_reason,
            }
            for s in structure.sections
        ],
        "clauses": [
            {
                "id": c.id,
                "section_id": c.section_id,
                "label": c.label,
                "page": c.page,
                "bbox": c.bbox.as_list() if c.bbox else None,
                "text": c.text,
                "normalized": c.normalized.text,
                "spans": [
                    {
                        "page": s.page,
                        "bbox": s.bbox.as_list() if s.bbox else None,
                        "start": s.start,
                        "end": s.end,
                    }
                    for s in c.spans
                ],
                "requirements": [
                    {
                        "id": m.id,
                        "score": m.score,
                        "triggers": list(m.triggers),
                        "features": list(m.features),
                    }
                    for m in analysis.requirements.get(c.id, ())
                ],
                "obligations": [o.as_dict() for o in analysis.obligations.get(c.id, ())],
                **({"ocr_confidence": c.ocr_confidence} if c.ocr_confidence is not None else {}),
            }
            for c in structure.clauses
            # and a clause of another section that covers a requirement no security clause does
            if c.section_id in security or analysis.requirements.get(c.id)
        ],
        "coverage": dict(analysis.coverage),
        "findings": [f.as_dict() for f in analysis.findings],
        "provenance": analysis.provenance,
    }
