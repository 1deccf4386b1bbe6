"""Cross-tender views over the store's tables (DataFrames from `pipeline.load_results`)."""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

import pandas as pd

from pipeline.compare.ladders import FORM_RANK, approval_rank, compare_deadlines, deadline_rank
from pipeline.taxonomy import load_taxonomy


def _ids(columns) -> list[str]:  # type: ignore[no-untyped-def]
    present = set(columns)
    return [r for r in load_taxonomy().ids if r in present]


def current_documents(documents: pd.DataFrame) -> pd.DataFrame:
    """The rows of the store's `documents` table that are current: not superseded by a later
    document at the same path (a tender edited and analysed again keeps its earlier result in
    the store, with `superseded_by` naming the one that replaced it; see docs/store.md)."""
    if "superseded_by" not in documents.columns:
        return documents
    return documents[documents["superseded_by"].isna()]


def _current(results: dict[str, pd.DataFrame], table: str) -> pd.DataFrame:
    """A per-document table's rows of the current documents only."""
    rows = results[table]
    return rows[rows["doc_key"].isin(current_documents(results["documents"])["doc_key"])]


def tender_labels(documents: pd.DataFrame) -> dict[str, str]:
    """doc_key -> a label for each tender of ``documents`` (the store's `documents` table): its
    title and file name, and the start of its SHA-256 where two tenders still share both (one
    file name rewritten between two analyses, or the same name in two folders). Labels index
    tables and plots, so two tenders must never share one."""
    labels = {
        key: _label(title, path)
        for key, title, path in zip(
            documents["doc_key"], documents["title"], documents["path"], strict=True
        )
    }
    seen = Counter(labels.values())
    return {k: f"{v} [{k[:8]}]" if seen[v] > 1 else v for k, v in labels.items()}


def _label(title: object, path: str) -> str:
    shown = title if isinstance(title, str) and title else Path(path).stem
    return f"{shown} ({Path(path).name})"


def matrix(results: dict[str, pd.DataFrame], doc_keys: list[str] | None = None) -> pd.DataFrame:
    """Tenders × requirements: coverage status ("" where its profiles do not require it); the
    current tenders (`current_documents`) unless ``doc_keys`` names them."""
    coverage = results["coverage"]
    if doc_keys is not None:
        coverage = coverage[coverage["doc_key"].isin(doc_keys)]
    else:
        coverage = _current(results, "coverage")
    table = coverage.pivot_table(
        index="doc_key", columns="requirement_id", values="status", aggfunc="first"
    )
    keys = doc_keys if doc_keys is not None else sorted(coverage["doc_key"].unique())
    return table.reindex(index=keys, columns=_ids(table.columns)).astype(object).fillna("")


# `key_attributes`' cells where no attribute is shown: the coverage statuses "missing" and
# "referenced" as they are, and this where the tender states the requirement but its judged
# clause gives none of the attributes briefed (deadline, form, approval, survival)
STATED = "stated"


def key_attributes(
    results: dict[str, pd.DataFrame], doc_keys: list[str] | None = None
) -> pd.DataFrame:
    """Tenders × requirements, the shape of `matrix`: the attribute compared first (deadline,
    form, approval, survival) in brief, of the frame the analysis judges the tender by
    (`judged_frames`), not of whichever clause comes first. A cell without an attribute says
    why: "stated" (the tender states the requirement, with none of these attributes),
    "missing" or "referenced" (its coverage: no clause of the tender states it), or NaN where
    the tender's profiles do not require it (blank in `matrix`)."""
    status = matrix(results, doc_keys)
    obligations = results["obligations"]
    obligations = obligations[obligations["doc_key"].isin(status.index)]
    return attribute_cells(status, brief_table(judged_frames(obligations), list(status.index)))


def attribute_cells(status: pd.DataFrame, brief: pd.DataFrame) -> pd.DataFrame:
    """`key_attributes`' cells from `matrix`'s statuses and the judged frames' briefs ("" where
    none) of the same shape; the workbook's attributes sheet is written from the same cells, so
    that the two read alike."""
    brief = brief.reindex(index=status.index, columns=status.columns).astype(object).fillna("")
    cells = brief.where(brief != "", STATED).where(status == "present", status)
    return cells.where(status != "", math.nan)


def requirements() -> pd.DataFrame:
    """The taxonomy's requirements, one row each in the taxonomy's order: id, Japanese and
    English label, group (and its name), whether it is core, the profiles that require it and
    those that list it as optional, the attributes (obligation slots) it has, and its definition.
    The labels for plots and tables; ``core`` and ``profiles`` to select requirements."""
    taxonomy = load_taxonomy()
    rows = [
        {
            "id": r.id,
            "ja": r.ja,
            "en": r.en,
            "group": r.group,
            "group_name": taxonomy.groups.get(r.group, ""),
            "core": r.core,
            "profiles": tuple(n for n, p in taxonomy.profiles.items() if r.id in p.required),
            "optional_in": tuple(n for n, p in taxonomy.profiles.items() if r.id in p.optional),
            "attributes": r.attributes,
            "definition": r.definition,
        }
        for r in taxonomy.requirements
    ]
    return pd.DataFrame(rows)


def brief_table(judged: pd.DataFrame, doc_keys: list[str] | None = None) -> pd.DataFrame:
    """Tenders × requirements: each judged frame (one per tender and requirement, as
    `judged_frames` gives them) in brief."""
    if judged.empty:
        return pd.DataFrame(index=doc_keys or [])
    brief = judged.assign(brief=[_brief(r) for r in judged.to_dict("records")])
    table = brief.pivot(index="doc_key", columns="requirement_id", values="brief")
    keys = doc_keys if doc_keys is not None else list(table.index)
    return table.reindex(index=keys, columns=_ids(table.columns)).astype(object).fillna("")


def _brief(row: dict) -> str:
    parts = []
    if isinstance(row.get("deadline_text"), str) and row["deadline_text"]:
        parts.append(row["deadline_text"])
    if isinstance(row.get("form"), str):
        parts.append({"written": "書面", "electronic": "電磁的"}.get(row["form"], row["form"]))
    if isinstance(row.get("approval"), str):
        parts.append(row["approval"].replace("_", " "))
    if _true(row.get("survival")):
        parts.append("survives")
    return " / ".join(parts)


def typicality(results: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Per requirement: how many tenders are held to it, the share that state it, and the most
    common deadline qualifier, form and approval of the clauses that do — so that a tender's
    outliers stand out. Over the current tenders (`current_documents`)."""
    coverage = _current(results, "coverage")
    if coverage.empty:
        return pd.DataFrame(columns=["requirement_id", "tenders", "present_share"])
    counts = coverage.groupby("requirement_id")["status"]
    out = pd.DataFrame(
        {
            "tenders": counts.size(),
            "present_share": counts.apply(lambda s: float((s == "present").mean())),
            "referenced_share": counts.apply(lambda s: float((s == "referenced").mean())),
        }
    )
    obligations = _current(results, "obligations")
    for column in ("deadline_qualifier", "form", "approval"):
        if obligations.empty:
            out[f"typical_{column}"] = None
            continue
        mode = (
            obligations.dropna(subset=[column])
            .groupby("requirement_id")[column]
            .agg(lambda s: s.value_counts().index[0])
        )
        out[f"typical_{column}"] = mode
    out = out.reindex(_ids(out.index))
    out.index.name = "requirement_id"
    return out.reset_index()


# How a tender is read where it states a requirement in several clauses. The summary of a
# (tender, requirement) — the report's highlighted attributes, the workbook's attributes sheet, the
# baseline comparison — must be the reading the findings rest on (pipeline/compare/assess.py), or
# the report contradicts its own findings: the strongest incident deadline; any surviving
# confidentiality clause; any written management structure or disposal proof; for
# subcontracting, an approval route beside a ban of the whole (or the main part) is an approval
# regime, not an outright ban.

# the attribute each kind of reference value in the taxonomy data holds a requirement to
_REFERENCE_ATTRIBUTE = {
    "deadline_at_least": "deadline",
    "approval_at_least": "approval",
    "form": "form",
    "survival": "survival",
}
# end-of-contract requirements: the clause tied to the end of the contract (or service) is the
# requirement's own, beside e.g. returning lent papers whenever they are no longer needed
_AT_THE_END = frozenset({"SEC.RETURN_DISPOSAL", "SEC.DISPOSAL_CERTIFICATION", "SEC.CLOUD_EXIT"})
# the attributes whose ladder settles, past what the findings judge, which of a tender's clauses
# stands for it; scope is left out (a clause on personal data beside one on all information
# states a second duty, not a weaker one), and so is a ban against a clause without an approval
# value (both are bans) — see `_rank`
_RANKED = ("deadline", "form", "approval", "survival", "flowdown")
# the attributes the baseline comparison weighs (those with a ladder in taxonomy §4 that a
# reader of two tenders takes as stronger or weaker without further context)
_COMPARED = ("deadline", "approval", "form", "survival")


def _value(v: object) -> object:
    """None for a missing value (None or NaN, as pandas gives it after a join)."""
    return None if v is None or (isinstance(v, float) and math.isnan(v)) else v


def _true(v: object) -> bool:
    return bool(_value(v))


@lru_cache(maxsize=256)
def _judged(requirement_id: str) -> tuple[str, ...]:
    """The attributes assess.py holds the requirement to (its reference values)."""
    values = load_taxonomy().reference_values.get(requirement_id, {})
    return tuple(_REFERENCE_ATTRIBUTE[k] for k in values if k in _REFERENCE_ATTRIBUTE)


@lru_cache(maxsize=256)
def _attributes(requirement_id: str) -> tuple[str, ...]:
    """The slots the taxonomy gives the requirement (none for an ID it does not know)."""
    taxonomy = load_taxonomy()
    return next((r.attributes for r in taxonomy.requirements if r.id == requirement_id), ())


@lru_cache(maxsize=256)
def _reading(requirement_id: str) -> tuple[str, ...]:
    """The order in which a tender's frames of the requirement are weighed to find the one it is
    judged by: the attributes assess.py judges first, then (end-of-contract requirements) the
    anchor at the end, then the requirement's other attributes with a ladder, as the taxonomy
    lists them; among equals, the earlier clause (usually the main statement)."""
    listed = _attributes(requirement_id)
    order = list(_judged(requirement_id))
    if requirement_id in _AT_THE_END:
        order.append("at_the_end")
    order += [a if a != "approval" else "approval_route" for a in listed if a in _RANKED]
    return tuple(dict.fromkeys(order))


def _rank(attribute: str, row: object) -> tuple[float, ...]:
    """How strong one frame (a row with the `obligations` columns) is on one attribute."""
    get = lambda name: _value(getattr(row, name, None))  # noqa: E731
    if attribute == "deadline":
        rank = deadline_rank(get("deadline_qualifier"), get("deadline_days"), get("deadline_text"))
        return (rank or 0.0,)
    if attribute in ("approval", "approval_route"):
        approval = get("approval")
        # any approval route outranks a ban: a ban of the whole or the main part beside prior
        # approval for the rest is an approval regime (assess.py). Failing a route, assess.py
        # takes the ban; where approval is not what the findings judge, a ban and a clause
        # without an approval value are both bans, and the earlier clause stands
        route = approval is not None and approval != "prohibited"
        if attribute == "approval_route":
            return (float(approval_rank(approval)) if route else 0.0,)
        return (float(route), float(approval_rank(approval)))
    if attribute == "form":
        return (float(FORM_RANK.get(get("form"), 0)),)  # type: ignore[arg-type]
    if attribute == "at_the_end":
        return (float(get("deadline_anchor") == "on_completion"),)
    return (float(_true(get(attribute))),)  # survival, flowdown


def clause_number(clause_id: object) -> int:
    """A clause's place in its document (IDs are c1, c2, … in reading order)."""
    m = re.fullmatch(r"c(\d+)", str(clause_id))
    return int(m.group(1)) if m else 1 << 30


def judged_frames(frames: pd.DataFrame) -> pd.DataFrame:
    """One row of ``frames`` (the store's `obligations`, or any rows with its columns and
    doc_key, clause_id, requirement_id) per tender and requirement: the frame the analysis judges
    the tender by (see `_reading`); among equals, the earlier clause."""
    if frames.empty:
        return frames
    best: dict[tuple[str, str], tuple[tuple[object, ...], int]] = {}
    for i, row in enumerate(frames.itertuples(index=False)):
        rid = row.requirement_id
        strength = tuple(x for a in _reading(rid) for x in _rank(a, row))
        key = (strength, -clause_number(row.clause_id), -i)
        group = (row.doc_key, rid)
        if group not in best or key > best[group][0]:
            best[group] = (key, i)
    return frames.iloc[sorted(i for _, i in best.values())]


def _shown(attribute: str, row: object) -> str:
    get = lambda name: _value(getattr(row, name, None))  # noqa: E731
    if attribute == "deadline":
        return str(get("deadline_text") or get("deadline_qualifier") or "")
    if attribute == "approval":
        return str(get("approval") or "").replace("_", " ")
    if attribute == "form":
        form = get("form")
        return {"written": "書面", "electronic": "電磁的"}.get(form, str(form or ""))  # type: ignore[arg-type]
    return "survives" if _true(get(attribute)) else ""


def _deadline(row: object) -> dict[str, object]:
    get = lambda name: _value(getattr(row, name, None))  # noqa: E731
    return {
        "qualifier": get("deadline_qualifier"),
        "days": get("deadline_days"),
        "text": get("deadline_text"),
    }


def _compared_rank(attribute: str, row: object) -> float:
    """A frame's rank on one attribute, to compare with another tender's: a ban outranks every
    approval route here, as the ladder says (the route-first order of `_rank` picks the frame a
    tender is judged by, within one tender)."""
    if attribute == "approval":
        return float(approval_rank(_value(getattr(row, "approval", None))))
    return _rank(attribute, row)[0]


BASELINE_COLUMNS = [
    "doc_key",
    "kind",
    "requirement_id",
    "attribute",
    "value",
    "clause_ids",
    "baseline",
    "baseline_value",
    "baseline_clause_ids",
]


def against_baseline(
    results: dict[str, pd.DataFrame], baseline: str, doc_keys: list[str] | None = None
) -> pd.DataFrame:
    """weaker/stronger of every tender against a chosen baseline tender, requirement by
    requirement, on deadline, approval, form and survival where the taxonomy gives the
    requirement that attribute. Each side is the frame the tender is judged by
    (`judged_frames`, the clause the report highlights), and every row names the values compared
    and their clauses, so that each verdict can be checked. An attribute is compared where both
    frames state it; the one a finding holds the requirement to (assess.py: the incident deadline,
    the subcontracting approval …) also where only one does, as a finding calls its absence
    weaker; survival (a yes/no) always. The tenders compared are ``doc_keys``, or the current
    ones; the baseline may be any tender of the store, a superseded version included."""
    keys = (
        set(doc_keys)
        if doc_keys is not None
        else set(current_documents(results["documents"])["doc_key"])
    )
    obligations = results["obligations"]
    judged = judged_frames(obligations[obligations["doc_key"].isin(keys | {baseline})])
    mine = judged[judged["doc_key"] != baseline]
    theirs = {row.requirement_id: row for row in judged[judged["doc_key"] == baseline].itertuples()}
    rows = []
    for row in mine.itertuples():
        rid = row.requirement_id
        base = theirs.get(rid)
        if base is None:
            continue
        compared = set(_judged(rid)) | set(_attributes(rid))
        for attribute in [a for a in _COMPARED if a in compared]:
            rank, their_rank = _compared_rank(attribute, row), _compared_rank(attribute, base)
            always = attribute in _judged(rid) or attribute == "survival"
            if rank == their_rank or not (always or (rank and their_rank)):
                continue
            if attribute == "deadline" and rank and their_rank:
                # the ladder's own comparison: a notice period before an event (the longer,
                # the stricter) is not held against a time limit after one
                order = compare_deadlines(_deadline(row), _deadline(base))
                if not order:
                    continue
                rank, their_rank = float(order), 0.0
            rows.append(
                {
                    "doc_key": row.doc_key,
                    "kind": "stronger" if rank > their_rank else "weaker",
                    "requirement_id": rid,
                    "attribute": attribute,
                    "value": _shown(attribute, row) or "not stated",
                    "clause_ids": (row.clause_id,),
                    "baseline": baseline,
                    "baseline_value": _shown(attribute, base) or "not stated",
                    "baseline_clause_ids": (base.clause_id,),
                }
            )
    out = pd.DataFrame(rows, columns=BASELINE_COLUMNS)
    out.attrs["baseline"] = baseline  # also when no row names it: every tender equals it
    return out
