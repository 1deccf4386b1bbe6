"""The comparison report: matrix heat map, findings, and per-requirement side-by-side clauses."""

from __future__ import annotations

import base64
import difflib
import hashlib
import html
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pandas as pd

from pipeline.compare.views import key_attributes, matrix, tender_labels
from pipeline.taxonomy import load_taxonomy

SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}
STATUS_COLOURS = {
    "present": "#cdebd3",
    "referenced": "#fde7b0",
    "missing": "#f6c1bd",
    "": "#eeeeee",
}
ATTRIBUTES = (
    "deadline_qualifier",
    "deadline_days",
    "form",
    "approval",
    "scope",
    "survival",
    "flowdown",
    "modality",
)


@dataclass
class ComparisonData:
    documents: pd.DataFrame  # one row per tender: doc_key, label, path, status, profiles
    matrix: pd.DataFrame  # tenders x requirements: status
    key_attribute: pd.DataFrame  # tenders x requirements: deadline / form / approval in brief
    findings: pd.DataFrame
    evidence: pd.DataFrame  # requirement, doc_key, clause text, page, attributes
    baseline: pd.DataFrame | None = None  # weaker/stronger against a chosen tender


def comparison_data(
    results: dict[str, pd.DataFrame], doc_keys: list[str] | None = None
) -> ComparisonData:
    """Views over the store's tables (as returned by `pipeline.load_results`)."""
    docs = results["documents"]
    docs = docs[docs["status"] == "ok"]
    if doc_keys:
        docs = docs[docs["doc_key"].isin(doc_keys)]
    docs = docs.sort_values("path").copy()
    docs["label"] = docs["doc_key"].map(tender_labels(docs))
    keys = list(docs["doc_key"])
    matrix_ = matrix(results, keys)
    key_attribute = (
        key_attributes(results, keys).reindex(columns=matrix_.columns).astype(object).fillna("")
    )
    obligations = results["obligations"][results["obligations"]["doc_key"].isin(keys)]
    findings = results["findings"][results["findings"]["doc_key"].isin(keys)].copy()
    findings["tender"] = findings["doc_key"].map(
        dict(zip(docs["doc_key"], docs["label"], strict=True))
    )
    findings["rank"] = findings["severity"].map(SEVERITY_ORDER)
    findings = findings.sort_values(["rank", "tender", "requirement_id"]).drop(columns="rank")
    clauses = results["clauses"][results["clauses"]["doc_key"].isin(keys)]
    matches = results["requirement_matches"][results["requirement_matches"]["doc_key"].isin(keys)]
    evidence = matches.merge(clauses, on=["doc_key", "clause_id"]).merge(
        obligations, on=["doc_key", "clause_id", "requirement_id"], how="left"
    )
    evidence = evidence.merge(docs[["doc_key", "label", "path"]], on="doc_key")
    return ComparisonData(docs, matrix_, key_attribute, findings, evidence)


def side_by_side_rows(evidence: pd.DataFrame, requirement_id: str) -> pd.DataFrame:
    """Each tender's first clause for the requirement, indexed by tender, with that clause's own
    attributes (its first obligation frame of the requirement): never one column's value from one
    clause beside another column's from the next."""
    rows = evidence[evidence["requirement_id"] == requirement_id]
    return rows.drop_duplicates("doc_key").set_index("doc_key")


def _listed(value: object) -> list[object]:
    """A list column's value (DuckDB gives numpy arrays, or None for NULL) as a plain list."""
    return list(value) if isinstance(value, Iterable) and not isinstance(value, str) else []


def _e(value: object) -> str:
    """Escape anything for HTML text and attributes."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return html.escape(str(value), quote=True)


def _diff(a: str, b: str) -> str:
    """Character-level difference of two wordings, escaped, with <del>/<ins> marks."""
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(_e(a[i1:i2]))
        if op in ("delete", "replace"):
            out.append(f"<del>{_e(a[i1:i2])}</del>")
        if op in ("insert", "replace"):
            out.append(f"<ins>{_e(b[j1:j2])}</ins>")
    return "".join(out)


def _evidence_link(path: str, page: object) -> str:
    """A link that opens the printed evidence: the PDF at its page."""
    p = Path(path)
    if p.suffix.lower() != ".pdf" or not p.exists():
        return f"p. {_e(page)}"
    href = "file://" + quote(str(p.resolve())) + f"#page={int(page)}"
    return f'<a href="{_e(href)}">p. {_e(page)}</a>'


STYLE = """
body{font-family:'Noto Sans CJK JP','IPAexGothic',sans-serif;margin:24px;color:#222}
table{border-collapse:collapse;font-size:12px}th,td{border:1px solid #bbb;padding:3px 5px}
th.rot{writing-mode:vertical-rl;white-space:nowrap;font-weight:normal}
td.cell{min-width:26px;text-align:center;font-size:10px}
.side{display:grid;grid-template-columns:repeat(var(--n),1fr);gap:12px}
.card{border:1px solid #ccc;padding:8px;font-size:13px}.diff{white-space:pre-wrap;font-size:13px}
.attrs td.differs{background:#ffe08a}del{background:#f6c1bd}
ins{background:#cdebd3;text-decoration:none}
.sev-high{color:#b00020;font-weight:bold}.sev-medium{color:#a35a00}.sev-low{color:#555}
"""
# sorting the findings table; no data ever enters the script (it reads the table's own cells)
SCRIPT = """
document.querySelectorAll('table.sortable th').forEach(function(th, col){
  th.addEventListener('click', function(){
    var body = th.closest('table').tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var key = function(r){
      return r.cells[col].getAttribute('data-key') || r.cells[col].textContent; };
    rows.sort(function(a, b){ return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0; });
    rows.forEach(function(r){ body.appendChild(r); });
  });
});
"""


def _cell_title(data: ComparisonData, key: str, rid: str, status: str, profiles: object) -> str:
    """A heat-map cell's tooltip: the status and the key attribute in brief; where the tender's
    profiles do not require the requirement, only that, as in the workbook, however a clause of
    the tender happens to state it."""
    if not status:
        named = "+".join(str(p) for p in _listed(profiles))
        return "not required by the tender's profiles" + (f" ({named})" if named else "")
    brief = data.key_attribute.at[key, rid] if rid in data.key_attribute.columns else ""
    return f"{status} {brief}" if brief else status


def write_html(data: ComparisonData, output: str | Path) -> Path:
    taxonomy = load_taxonomy()
    names = {r.id: r for r in taxonomy.requirements}
    docs = data.documents
    parts = [
        "<!DOCTYPE html><html lang='ja'><head><meta charset='utf-8'>",
        "<meta http-equiv='Content-Security-Policy' content=\"default-src 'none'; "
        "style-src 'unsafe-inline'; script-src 'sha256-{script_hash}'\">",
        "<title>TenderLens comparison</title>",
        f"<style>{STYLE}</style></head><body>",
        f"<h1>TenderLens: {len(docs)} tenders compared</h1>",
        "<h2 id='matrix'>Coverage</h2><table id='heatmap'><thead><tr><th>tender</th>",
    ]
    parts += [
        f"<th class='rot' title='{_e(names[r].ja)}'>{_e(r.removeprefix('SEC.'))}</th>"
        for r in data.matrix.columns
    ]
    parts.append("</tr></thead><tbody>")
    labels = dict(zip(docs["doc_key"], docs["label"], strict=True))
    profiles = dict(zip(docs["doc_key"], docs["profiles"], strict=True))
    for key, row in data.matrix.iterrows():
        parts.append(f"<tr><th>{_e(labels[key])}</th>")
        for rid, status in row.items():
            colour = STATUS_COLOURS.get(status, "#eeeeee")
            parts.append(
                f"<td class='cell' style='background:{colour}' "
                f"title='{_e(_cell_title(data, key, rid, status, profiles[key]))}'>"
                f"{_e(status[:1].upper())}</td>"
            )
        parts.append("</tr>")
    parts.append(
        "</tbody></table><p>P present · R referenced only · M missing · blank: not "
        "required by the tender's profiles</p>"
    )
    parts.append(
        "<h2 id='findings'>Findings</h2><table class='sortable' id='findings-table'><thead>"
        "<tr><th>severity</th><th>tender</th><th>kind</th><th>requirement</th>"
        "<th>message</th><th>clauses</th><th>pages</th></tr></thead><tbody>"
    )
    for _, f in data.findings.iterrows():
        sev = str(f["severity"])
        clause_ids = ", ".join(_listed(f["clause_ids"]))
        pages = ", ".join(str(p) for p in _listed(f["pages"]))
        parts.append(
            f"<tr><td class='sev-{_e(sev)}' data-key='{SEVERITY_ORDER.get(sev, 9)}'>{_e(sev)}</td>"
            f"<td>{_e(f['tender'])}</td><td>{_e(f['kind'])}</td><td>{_e(f['requirement_id'])}</td>"
            f"<td>{_e(f['message_ja'])}<br>{_e(f['message'])}</td><td>{_e(clause_ids)}</td>"
            f"<td>{_e(pages)}</td></tr>"
        )
    parts.append("</tbody></table>")
    if data.baseline is not None:
        base_key = data.baseline["baseline"].iloc[0] if len(data.baseline) else ""
        parts.append(
            f"<h2 id='baseline'>Against {_e(labels.get(base_key, 'the baseline'))}</h2>"
            "<table class='sortable'><thead><tr><th>tender</th><th>requirement</th>"
            "<th>attribute</th><th>kind</th></tr></thead><tbody>"
        )
        for _, b in data.baseline.iterrows():
            parts.append(
                f"<tr><td>{_e(labels.get(b['doc_key'], b['doc_key']))}</td>"
                f"<td>{_e(b['requirement_id'])}</td><td>{_e(b['attribute'])}</td>"
                f"<td>{_e(b['kind'])}</td></tr>"
            )
        parts.append("</tbody></table>")
    parts.append("<h2 id='side-by-side'>Side by side</h2>")
    for rid in data.matrix.columns:
        firsts = side_by_side_rows(data.evidence, rid)
        if firsts.empty:
            continue
        parts.append(
            f"<details class='requirement' id='{_e(rid)}'><summary>{_e(rid)} "
            f"{_e(names[rid].ja)} ({len(firsts)} tenders)</summary>"
        )
        parts.append(f"<div class='side' style='--n:{max(len(firsts), 1)}'>")
        for key, r in firsts.iterrows():
            parts.append(
                f"<div class='card'><b>{_e(labels[key])}</b> "
                f"{_evidence_link(r['path'], r['page'])}<p>{_e(r['text'])}</p></div>"
            )
        parts.append("</div><table class='attrs'><tr><th>attribute</th>")
        parts += [f"<th>{_e(labels[k])}</th>" for k in firsts.index]
        parts.append("</tr>")
        for attribute in ATTRIBUTES:
            values = [
                firsts.at[k, attribute] if attribute in firsts.columns else None
                for k in firsts.index
            ]
            shown = [
                "" if v is None or (isinstance(v, float) and pd.isna(v)) else str(v) for v in values
            ]
            differs = " class='differs'" if len(set(shown)) > 1 else ""
            parts.append(
                f"<tr><td>{_e(attribute)}</td>"
                + "".join(f"<td{differs}>{_e(v)}</td>" for v in shown)
                + "</tr>"
            )
        parts.append("</table>")
        if len(firsts) >= 2:
            texts = list(firsts["text"])
            parts.append(
                f"<p>wording, first two tenders:</p><div class='diff'>"
                f"{_diff(texts[0], texts[1])}</div>"
            )
        parts.append("</details>")
    parts.append(f"<script>{SCRIPT}</script></body></html>")
    script_hash = base64.b64encode(hashlib.sha256(SCRIPT.encode()).digest()).decode()
    document = "".join(parts).replace("{script_hash}", script_hash, 1)
    out = Path(output)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(document, encoding="utf-8")
    return out


def write_xlsx(data: ComparisonData, output: str | Path) -> Path:
    import xlsxwriter

    out = Path(output)
    out.parent.mkdir(parents=True, exist_ok=True)
    # strings are never formulas or links: clause text is untrusted (=HYPERLINK(…), +cmd|…)
    book = xlsxwriter.Workbook(
        str(out),
        {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False},
    )
    labels = dict(zip(data.documents["doc_key"], data.documents["label"], strict=True))
    header = ["tender", *[c.removeprefix("SEC.") for c in data.matrix.columns]]
    # the status alone in the matrix, so that it filters by status; the attribute in brief in a
    # sheet of the same shape. Both blank where the tender's profiles do not require the
    # requirement, as in the HTML heat map.
    sheet = book.add_worksheet("matrix")
    attributes = book.add_worksheet("attributes")
    for s in (sheet, attributes):
        s.write_row(0, 0, header)
        s.freeze_panes(1, 1)
    for i, (key, row) in enumerate(data.matrix.iterrows(), start=1):
        sheet.write_string(i, 0, labels[key])
        attributes.write_string(i, 0, labels[key])
        for j, (rid, status) in enumerate(row.items(), start=1):
            brief = str(data.key_attribute.at[key, rid]) if status else ""
            # empty cells, not empty strings: a filter offers them as (Blanks)
            if status:
                sheet.write_string(i, j, status)
            if brief:
                attributes.write_string(i, j, brief)
    sheet.autofilter(0, 0, len(data.matrix), len(header) - 1)
    sheet = book.add_worksheet("findings")
    columns = ["severity", "tender", "kind", "requirement_id", "message_ja", "message"]
    # the evidence: clause IDs as in the JSON; the first page cited as a number (to sort and
    # filter by), and every page cited, since a finding may rest on clauses on several pages
    sheet.write_row(0, 0, [*columns, "clause_ids", "page", "pages"])
    for i, (_, f) in enumerate(data.findings.iterrows(), start=1):
        for j, c in enumerate(columns):
            sheet.write_string(i, j, str(f[c]))
        clause_ids, pages = _listed(f["clause_ids"]), _listed(f["pages"])
        if clause_ids:
            sheet.write_string(i, len(columns), ", ".join(str(c) for c in clause_ids))
        if pages:
            sheet.write_number(i, len(columns) + 1, int(min(pages)))
            sheet.write_string(i, len(columns) + 2, ", ".join(str(p) for p in pages))
    sheet = book.add_worksheet("clauses")
    columns = [
        "tender",
        "requirement_id",
        "clause_id",
        "page",
        "text",
        "deadline_text",
        "form",
        "approval",
        "scope",
    ]
    sheet.write_row(0, 0, columns)
    for i, (_, r) in enumerate(data.evidence.iterrows(), start=1):
        values = [labels[r["doc_key"]], *(r.get(c) for c in columns[1:])]
        for j, v in enumerate(values):
            if v is None or (isinstance(v, float) and pd.isna(v)):
                continue
            if columns[j] == "page":  # a number, to sort and filter by
                sheet.write_number(i, j, int(v))
            else:
                sheet.write_string(i, j, str(v))
    book.close()
    return out
