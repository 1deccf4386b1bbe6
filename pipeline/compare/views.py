"""Cross-tender views over the store's tables (DataFrames from `pipeline.load_results`)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pandas as pd

from pipeline.compare.ladders import APPROVAL_RANK, FORM_RANK, deadline_rank
from pipeline.taxonomy import load_taxonomy


def _ids(columns) -> list[str]:  # type: ignore[no-untyped-def]
    present = set(columns)
    return [r for r in load_taxonomy().ids if r in present]


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
    """Tenders × requirements: coverage status ("" where its profiles do not require it)."""
    coverage = results["coverage"]
    if doc_keys is not None:
        coverage = coverage[coverage["doc_key"].isin(doc_keys)]
    table = coverage.pivot_table(
        index="doc_key", columns="requirement_id", values="status", aggfunc="first"
    )
    keys = doc_keys if doc_keys is not None else sorted(coverage["doc_key"].unique())
    return table.reindex(index=keys, columns=_ids(table.columns)).astype(object).fillna("")


def key_attributes(
    results: dict[str, pd.DataFrame], doc_keys: list[str] | None = None
) -> pd.DataFrame:
    """Tenders × requirements: the attribute compared first (deadline, form, approval)."""
    obligations = results["obligations"]
    if doc_keys is not None:
        obligations = obligations[obligations["doc_key"].isin(doc_keys)]
    if obligations.empty:
        return pd.DataFrame(index=doc_keys or [])
    brief = obligations.assign(brief=obligations.apply(_brief, axis=1))
    table = brief.groupby(["doc_key", "requirement_id"])["brief"].first().unstack()
    keys = doc_keys if doc_keys is not None else list(table.index)
    return table.reindex(index=keys, columns=_ids(table.columns)).astype(object).fillna("")


def _brief(row: pd.Series) -> str:
    parts = []
    if isinstance(row.get("deadline_text"), str) and row["deadline_text"]:
        parts.append(row["deadline_text"])
    if isinstance(row.get("form"), str):
        parts.append({"written": "書面", "electronic": "電磁的"}.get(row["form"], row["form"]))
    if isinstance(row.get("approval"), str):
        parts.append(row["approval"].replace("_", " "))
    return " / ".join(parts)


def typicality(results: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Per requirement: how many tenders are held to it, the share that state it, and the most
    common deadline qualifier, form and approval of the clauses that do — so that a tender's
    outliers stand out."""
    coverage = results["coverage"]
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
    obligations = results["obligations"]
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


def _strength(rows: pd.DataFrame) -> dict[str, float]:
    """The strongest value each comparable attribute reaches among a tender's frames."""
    out: dict[str, float] = {}
    ranks = [
        deadline_rank(q, d)
        for q, d in zip(rows["deadline_qualifier"], rows["deadline_days"], strict=True)
    ]
    ranks = [r for r in ranks if r is not None]
    if ranks:
        out["deadline"] = max(ranks)
    for column, ranks in (("approval", APPROVAL_RANK), ("form", FORM_RANK)):
        values = rows[column].map(ranks).dropna()
        if not values.empty:
            out[column] = float(values.max())
    out["survival"] = float(rows["survival"].fillna(False).astype(bool).any())
    return out


def against_baseline(results: dict[str, pd.DataFrame], baseline: str) -> pd.DataFrame:
    """weaker/stronger of every tender against a chosen baseline tender, requirement by
    requirement, on the attributes both state (deadline, approval, form, survival)."""
    obligations = results["obligations"]
    base = obligations[obligations["doc_key"] == baseline]
    rows = []
    for (key, rid), group in obligations.groupby(["doc_key", "requirement_id"]):
        if key == baseline:
            continue
        reference = base[base["requirement_id"] == rid]
        if reference.empty:
            continue
        mine, theirs = _strength(group), _strength(reference)
        for attribute in sorted(set(mine) & set(theirs)):
            if mine[attribute] == theirs[attribute]:
                continue
            kind = "stronger" if mine[attribute] > theirs[attribute] else "weaker"
            rows.append(
                {
                    "doc_key": key,
                    "kind": kind,
                    "requirement_id": rid,
                    "attribute": attribute,
                    "baseline": baseline,
                    "clause_ids": sorted(group["clause_id"].unique()),
                }
            )
    return pd.DataFrame(
        rows, columns=["doc_key", "kind", "requirement_id", "attribute", "baseline", "clause_ids"]
    )
