"""The comparison report: matrix heat map, findings, and per-requirement side-by-side clauses."""

from __future__ import annotations

import base64
import difflib
import hashlib
import html
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

import pandas as pd

from pipeline.compare.views import (
    STATED,
    attribute_cells,
    brief_table,
    clause_number,
    current_documents,
    judged_frames,
    matrix,
    tender_labels,
)
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
    # who is bound beside how: an issuer's right to audit (「甲は…調査することができる」) is
    # `may` for the issuer, not a contractor's duty made weaker
    "actor",
    "modality",
)


@dataclass
class ComparisonData:
    documents: pd.DataFrame  # one row per tender: doc_key, label, path, status, profiles
    matrix: pd.DataFrame  # tenders x requirements: status
    key_attribute: pd.DataFrame  # tenders x requirements: deadline / form / approval in brief
    findings: pd.DataFrame
    # requirement, doc_key, clause text, page, attributes; `judged` marks the clause each
    # tender is judged by for the requirement (`views.judged_frames`)
    evidence: pd.DataFrame
    baseline: pd.DataFrame | None = None  # weaker/stronger against a chosen tender
    # the store's documents that cannot be compared (no security section, failed, needs OCR),
    # with their status: a report must not silently leave them out
    not_compared: pd.DataFrame = field(default_factory=pd.DataFrame)


def comparison_data(
    results: dict[str, pd.DataFrame], doc_keys: list[str] | None = None
) -> ComparisonData:
    """Views over the store's tables (as returned by `pipeline.load_results`): the current
    tenders (`current_documents`), or those ``doc_keys`` names (superseded versions included)."""
    stored = results["documents"]
    if doc_keys:
        docs = stored[(stored["status"] == "ok") & stored["doc_key"].isin(doc_keys)]
        # the analyst chose the tenders: the rest of the store is not this report's business
        not_compared = stored.iloc[0:0].copy()
    else:
        current = current_documents(stored)
        docs = current[current["status"] == "ok"]
        not_compared = current[current["status"] != "ok"].sort_values("path").copy()
    not_compared["label"] = not_compared["doc_key"].map(tender_labels(not_compared))
    docs = docs.sort_values("path").copy()
    docs["label"] = docs["doc_key"].map(tender_labels(docs))
    keys = list(docs["doc_key"])
    matrix_ = matrix(results, keys)
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
    # tenders in the report's order, each one's clauses in reading order
    evidence["tender_order"] = evidence["doc_key"].map({k: i for i, k in enumerate(keys)})
    # the store's reading order; a store written before it had one: the number in the ID
    evidence["clause_order"] = evidence["clause_order"].fillna(
        evidence["clause_id"].map(clause_number)
    )
    evidence = evidence.sort_values(["tender_order", "clause_order"], kind="stable")
    evidence = evidence.drop(columns=["tender_order"]).reset_index(drop=True)
    evidence["judged"] = evidence.index.isin(judged_frames(evidence).index)
    # the heat map's tooltip and the workbook's attributes sheet: the clauses marked judged
    key_attribute = (
        brief_table(evidence[evidence["judged"]], keys)
        .reindex(columns=matrix_.columns)
        .astype(object)
        .fillna("")
    )
    return ComparisonData(
        docs, matrix_, key_attribute, findings, evidence, not_compared=not_compared
    )


def side_by_side_rows(evidence: pd.DataFrame, requirement_id: str) -> pd.DataFrame:
    """Every clause of every tender that carries the requirement, each with its own attributes
    (its obligation frame of the requirement): tender by tender, the clause the tender is judged
    by first (`judged`), then the others in reading order."""
    rows = evidence[evidence["requirement_id"] == requirement_id]
    order = rows["doc_key"].drop_duplicates()
    rank = rows["doc_key"].map({k: i for i, k in enumerate(order)})
    return (
        rows.assign(_tender=rank, _other=~rows["judged"])
        .sort_values(["_tender", "_other"], kind="stable")
        .drop(columns=["_tender", "_other"])
    )


def _listed(value: object) -> list[object]:
    """A list column's value (a tuple from `load_results`, None for NULL) as a plain list."""
    if isinstance(value, str | Mapping) or not isinstance(value, Iterable):
        return []
    return list(value)


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


@lru_cache(maxsize=4096)
def _pdf_uri(path: str) -> str | None:
    """file:// address of the tender's PDF, when it is a PDF that is there."""
    p = Path(path)
    if p.suffix.lower() != ".pdf" or not p.exists():
        return None
    return "file://" + quote(str(p.resolve()))


def _evidence_link(path: str, page: int, text: str | None = None) -> str:
    """A link that opens the printed evidence: the PDF at its page."""
    shown = f"p. {page}" if text is None else text
    uri = _pdf_uri(str(path))
    if uri is None:
        return _e(shown)
    href = f"{uri}#page={int(page)}"
    return f'<a href="{_e(href)}">{_e(shown)}</a>'


def _anchor_link(anchor: str | None, text: object) -> str:
    if anchor is None:
        return _e(text)
    return f"<a href='#{_e(quote(anchor, safe=''))}'>{_e(text)}</a>"


def _shown(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return str(value)


def _frame_line(row: dict) -> str:
    """One clause's own attributes, in brief, for its card."""
    shown = [(a, _shown(row.get(a))) for a in ATTRIBUTES]
    return " · ".join(
        f"{a}: {v}" for a, v in shown if v and v != "False" and (a, v) != ("actor", "contractor")
    )


def _reasons(value: object) -> dict[str, str]:
    """A document's profile reasons (parsed by `load_results`; NULL in an older store)."""
    return {str(k): str(v) for k, v in value.items()} if isinstance(value, Mapping) else {}


def _problems(value: object) -> list[str]:
    """A document's coded errors (parsed by `load_results`), one line each."""
    out = []
    for e in _listed(value):
        if isinstance(e, Mapping):
            page = f" (p. {e['page']})" if e.get("page") is not None else ""
            out.append(f"{e.get('code', '')}: {e.get('message', '')}{page}")
    return out


STATUS_MEANING = {
    "no_security_section": "no security section was found, so there is nothing to compare",
    "needs_ocr": "pages without a text layer that could not be read",
    "failed": "the analysis failed",
}


STYLE = """
body{font-family:'Noto Sans CJK JP','IPAexGothic',sans-serif;margin:24px;color:#222}
table{border-collapse:collapse;font-size:12px}th,td{border:1px solid #bbb;padding:3px 5px}
th.rot{writing-mode:vertical-rl;white-space:nowrap;font-weight:normal}
td.cell{min-width:26px;text-align:center;font-size:10px}
.side{display:grid;grid-template-columns:repeat(var(--n),1fr);gap:12px;margin-top:8px}
.card{border:1px solid #ccc;padding:8px;font-size:13px;margin-bottom:6px}
.card.judged{border-left:4px solid #3a6ea5}.card.other{font-size:12px;color:#444}
.card:target{outline:2px solid #b00020}.frame{font-size:11px;color:#555}
.diff{white-space:pre-wrap;font-size:13px}
.attrs td.differs{background:#ffe08a}del{background:#f6c1bd}
ins{background:#cdebd3;text-decoration:none}
.sev-high{color:#b00020;font-weight:bold}.sev-medium{color:#a35a00}.sev-low{color:#555}
ul.profiles{margin:0;padding-left:16px}
"""
# sorting the findings table, and opening the collapsed requirement a link points into; no
# data ever enters the script (it reads the table's own cells and the address's fragment)
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
function openTarget(){
  var id;
  try { id = decodeURIComponent(location.hash.slice(1)); } catch (e) { return; }
  var target = id && document.getElementById(id);
  if (!target) { return; }
  for (var d = target.closest('details'); d; d = d.parentElement.closest('details')) {
    d.open = true;
  }
  target.scrollIntoView();
}
window.addEventListener('hashchange', openTarget);
openTarget();
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


def _card_anchors(data: ComparisonData) -> dict[tuple[str, str, str], str]:
    """(doc_key, requirement, clause) -> the HTML id of that clause's card in the side-by-side
    view (tenders numbered in the report's order: a doc_key is too long for an address)."""
    number = {k: i for i, k in enumerate(data.documents["doc_key"], start=1)}
    ev = data.evidence
    return {
        (k, r, c): f"t{number[k]}-{r}-{c}"
        for k, r, c in zip(ev["doc_key"], ev["requirement_id"], ev["clause_id"], strict=True)
    }


def _tenders_section(data: ComparisonData, parts: list[str]) -> None:
    """Each tender compared with the profiles applied and why (the heat map's blanks are the
    requirements no applied profile needs), then the store's documents left out, with why."""
    parts.append(
        "<h2 id='tenders'>Tenders</h2><p>Each tender is checked against the requirements of the "
        "profiles applied to it; a requirement none of them needs is blank in the heat map.</p>"
        "<table id='tenders-table'><thead><tr><th>tender</th><th>pages</th>"
        "<th>profiles applied, and why</th><th>file</th></tr></thead><tbody>"
    )
    for d in data.documents.to_dict("records"):
        reasons = _reasons(d.get("profile_reasons"))
        profiles = [str(p) for p in _listed(d.get("profiles"))] or list(reasons)
        items = "".join(
            f"<li><b>{_e(p)}</b>: {_e(reasons.get(p, 'chosen with --profile'))}</li>"
            for p in profiles
        )
        parts.append(
            f"<tr><td>{_e(d['label'])}</td><td>{_e(d.get('pages'))}</td>"
            f"<td><ul class='profiles'>{items}</ul></td><td>{_e(d['path'])}</td></tr>"
        )
    parts.append("</tbody></table>")
    if data.not_compared.empty:
        return
    parts.append(
        "<h3 id='not-compared'>Not compared</h3><p>These documents are in the store but have "
        "no analysed security clauses to compare.</p><table id='not-compared-table'><thead>"
        "<tr><th>document</th><th>status</th><th>why</th><th>file</th></tr></thead><tbody>"
    )
    for d in data.not_compared.to_dict("records"):
        status = str(d["status"])
        why = _problems(d.get("errors")) or [STATUS_MEANING.get(status, status)]
        parts.append(
            f"<tr><td>{_e(d['label'])}</td><td>{_e(status)}</td>"
            f"<td>{'<br>'.join(_e(w) for w in why)}</td><td>{_e(d['path'])}</td></tr>"
        )
    parts.append("</tbody></table>")


def _baseline_key(data: ComparisonData) -> str | None:
    """The baseline tender's doc_key, when one was chosen."""
    if data.baseline is None:
        return None
    if len(data.baseline):
        return str(data.baseline["baseline"].iloc[0])
    return data.baseline.attrs.get("baseline")


def _side_by_side(
    data: ComparisonData,
    names: dict,
    labels: dict[str, str],
    anchors: dict[tuple[str, str, str], str],
    parts: list[str],
) -> None:
    base_key = _baseline_key(data)
    parts.append(
        "<h2 id='side-by-side'>Side by side</h2><p>Per requirement, every clause of each tender "
        "that states it, with its clause ID, page and attributes. A tender's first clause, "
        "marked on the left, is the one the analysis judges it by (the strongest incident "
        "deadline, a surviving confidentiality clause, a written form where one is required; "
        "for subcontracting an approval route beside a ban of the main part, …); the table "
        "holds these clauses' attributes, highlighted where the tenders differ."
    )
    if base_key is not None:
        parts.append(
            f" Each tender's judged clause is shown against the wording of "
            f"{_e(labels.get(base_key, base_key))}'s (struck: only in the baseline's clause; "
            "green: only in this tender's).</p>"
        )
    else:
        parts.append(
            " Give <code>--baseline TENDER</code> to see each tender's wording against the "
            "chosen tender's.</p>"
        )
    grouped = {rid: rows for rid, rows in data.evidence.groupby("requirement_id", sort=False)}
    # every requirement a tender states, not only those of the heat map (its profiles'): a
    # finding may cite a clause of another (a 別添 reference), and its link needs a card
    for rid in [r for r in names if r in grouped]:
        rows = side_by_side_rows(grouped[rid], rid).to_dict("records")
        judged = {r["doc_key"]: r for r in rows if r["judged"]}
        tenders = list(judged)
        parts.append(
            f"<details class='requirement' id='{_e(rid)}'><summary>{_e(rid)} "
            f"{_e(names[rid].ja)} ({len(tenders)} tenders"
            f"{'' if rid in data.matrix.columns else '; no profile applied requires it'})"
            "</summary>"
        )
        parts.append("<table class='attrs'><tr><th>attribute</th>")
        parts += [f"<th>{_e(labels[k])}</th>" for k in tenders]
        parts.append("</tr><tr><td>judged by</td>")
        for k in tenders:
            r = judged[k]
            parts.append(
                f"<td>{_anchor_link(anchors.get((k, rid, r['clause_id'])), r['clause_id'])} "
                f"{_evidence_link(r['path'], r['page'])}</td>"
            )
        parts.append("</tr>")
        for attribute in ATTRIBUTES:
            shown = [_shown(judged[k].get(attribute)) for k in tenders]
            differs = " class='differs'" if len(set(shown)) > 1 else ""
            parts.append(
                f"<tr><td>{_e(attribute)}</td>"
                + "".join(f"<td{differs}>{_e(v)}</td>" for v in shown)
                + "</tr>"
            )
        parts.append(f"</table><div class='side' style='--n:{max(len(tenders), 1)}'>")
        base = judged.get(base_key) if base_key is not None else None
        current = None
        for r in rows:
            key = r["doc_key"]
            if key != current:
                parts.append(("</div>" if current is not None else "") + "<div class='tender'>")
                current = key
            cid = str(r["clause_id"])
            anchor = anchors.get((key, rid, cid), "")
            kind = "judged" if r["judged"] else "other"
            title = f"<b>{_e(labels[key])}</b> " if r["judged"] else ""
            parts.append(
                f"<div class='card {kind}' id='{_e(anchor)}'>{title}"
                f"{_anchor_link(anchor, cid)} {_evidence_link(r['path'], r['page'])}"
                f"<p>{_e(r['text'])}</p><div class='frame'>{_e(_frame_line(r))}</div>"
            )
            if r["judged"] and base is not None and key != base_key:
                parts.append(
                    f"<details class='wording'><summary>wording against "
                    f"{_e(labels.get(base_key, ''))} {_e(base['clause_id'])}</summary>"
                    f"<div class='diff'>{_diff(str(base['text']), str(r['text']))}</div></details>"
                )
            parts.append("</div>")
        if current is not None:
            parts.append("</div>")
        parts.append("</div></details>")


def write_html(data: ComparisonData, output: str | Path) -> Path:
    taxonomy = load_taxonomy()
    names = {r.id: r for r in taxonomy.requirements}
    docs = data.documents
    anchors = _card_anchors(data)
    # a clause cited for another requirement than the one it is shown under still has a card
    first_card: dict[tuple[str, str], str] = {}
    for (k, _, c), a in anchors.items():
        first_card.setdefault((k, c), a)
    paths = dict(zip(docs["doc_key"], docs["path"], strict=True))
    parts = [
        "<!DOCTYPE html><html lang='ja'><head><meta charset='utf-8'>",
        "<meta http-equiv='Content-Security-Policy' content=\"default-src 'none'; "
        "style-src 'unsafe-inline'; script-src 'sha256-{script_hash}'\">",
        "<title>TenderLens comparison</title>",
        f"<style>{STYLE}</style></head><body>",
        f"<h1>TenderLens: {len(docs)} tenders compared</h1>",
    ]
    if not data.not_compared.empty:
        parts.append(
            f"<p>{len(data.not_compared)} more documents in the store are not compared "
            "(<a href='#not-compared'>listed with their status</a>).</p>"
        )
    _tenders_section(data, parts)
    parts += [
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
    for f in data.findings.to_dict("records"):
        sev, key, rid = str(f["severity"]), f["doc_key"], f["requirement_id"]
        clause_ids = ", ".join(
            _anchor_link(anchors.get((key, rid, c)) or first_card.get((key, c)), c)
            for c in (str(c) for c in _listed(f["clause_ids"]))
        )
        pages = ", ".join(_evidence_link(paths[key], p, str(p)) for p in _listed(f["pages"]))
        parts.append(
            f"<tr><td class='sev-{_e(sev)}' data-key='{SEVERITY_ORDER.get(sev, 9)}'>{_e(sev)}</td>"
            f"<td>{_e(f['tender'])}</td><td>{_e(f['kind'])}</td><td>{_e(rid)}</td>"
            f"<td>{_e(f['message_ja'])}<br>{_e(f['message'])}</td><td>{clause_ids}</td>"
            f"<td>{pages}</td></tr>"
        )
    parts.append("</tbody></table>")
    if data.baseline is not None:
        base_key = _baseline_key(data) or ""
        parts.append(
            f"<h2 id='baseline'>Against {_e(labels.get(base_key, 'the baseline'))}</h2>"
            "<p>Each tender's judged clause for a requirement against the baseline's: the "
            "values compared and the clauses they come from.</p>"
            "<table class='sortable' id='baseline-table'><thead><tr><th>tender</th>"
            "<th>requirement</th><th>attribute</th><th>value</th><th>clauses</th>"
            "<th>baseline value</th><th>baseline clauses</th><th>kind</th></tr></thead><tbody>"
        )
        for b in data.baseline.to_dict("records"):
            key, rid = b["doc_key"], b["requirement_id"]

            def links(doc: str, ids: object, rid: str = rid) -> str:
                return ", ".join(
                    _anchor_link(anchors.get((doc, rid, str(c))), c) for c in _listed(ids)
                )

            parts.append(
                f"<tr><td>{_e(labels.get(key, key))}</td><td>{_e(rid)}</td>"
                f"<td>{_e(b['attribute'])}</td><td>{_e(b['value'])}</td>"
                f"<td>{links(key, b['clause_ids'])}</td><td>{_e(b['baseline_value'])}</td>"
                f"<td>{links(b['baseline'], b['baseline_clause_ids'])}</td>"
                f"<td>{_e(b['kind'])}</td></tr>"
            )
        parts.append("</tbody></table>")
    _side_by_side(data, names, labels, anchors, parts)
    parts.append(f"<script>{SCRIPT}</script></body></html>")
    script_hash = base64.b64encode(hashlib.sha256(SCRIPT.encode()).digest()).decode()
    document = "".join(parts).replace("{script_hash}", script_hash, 1)
    out = Path(output)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(document, encoding="utf-8")
    return out


def _baseline_sheet(sheet, baseline: pd.DataFrame, labels: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    """The --baseline comparison with the values compared and the clauses they come from."""
    columns = [
        "tender",
        "requirement_id",
        "attribute",
        "kind",
        "value",
        "clause_ids",
        "baseline",
        "baseline_value",
        "baseline_clause_ids",
    ]
    sheet.write_row(0, 0, columns)
    for i, b in enumerate(baseline.to_dict("records"), start=1):
        row = {
            **b,
            "tender": labels.get(b["doc_key"], b["doc_key"]),
            "baseline": labels.get(b["baseline"], b["baseline"]),
            "clause_ids": ", ".join(str(c) for c in _listed(b["clause_ids"])),
            "baseline_clause_ids": ", ".join(str(c) for c in _listed(b["baseline_clause_ids"])),
        }
        for j, c in enumerate(columns):
            sheet.write_string(i, j, str(row[c]))


def _tenders_sheet(sheet, data: ComparisonData) -> None:  # type: ignore[no-untyped-def]
    """Every tender compared with its profiles and why; the store's documents not compared with
    their status and coded problems."""
    columns = ["tender", "compared", "status", "pages", "profiles", "why", "path"]
    sheet.write_row(0, 0, columns)
    i = 0
    for compared, frame in (("yes", data.documents), ("no", data.not_compared)):
        for d in frame.to_dict("records"):
            i += 1
            reasons = _reasons(d.get("profile_reasons"))
            profiles = [str(p) for p in _listed(d.get("profiles"))] or list(reasons)
            if compared == "yes":
                why = "; ".join(f"{p}: {reasons.get(p, 'chosen with --profile')}" for p in profiles)
            else:
                status = str(d["status"])
                why = "; ".join(_problems(d.get("errors")) or [STATUS_MEANING.get(status, status)])
            sheet.write_string(i, 0, str(d["label"]))
            sheet.write_string(i, 1, compared)
            sheet.write_string(i, 2, str(d["status"]))
            pages = d.get("pages")
            if pages is not None and not (isinstance(pages, float) and pd.isna(pages)):
                sheet.write_number(i, 3, int(pages))
            if compared == "yes":
                sheet.write_string(i, 4, ", ".join(profiles))
            sheet.write_string(i, 5, why)
            sheet.write_string(i, 6, str(d["path"]))


# the header comments of the workbook's matrix and attributes sheets: what each kind of cell
# means, in the heat map's words
MATRIX_LEGEND = (
    "Each tender's coverage of each requirement. present: a clause of the tender states it. "
    "referenced: referenced only, in a document the tender's package does not carry. missing: "
    "no clause of the tender states it. Blank: not required by the tender's profiles (the "
    "profiles applied, and why, are in the tenders sheet)."
)
ATTRIBUTES_LEGEND = (
    "The key attribute, in brief, of the clause each tender is judged by for the requirement "
    "(marked judged in the clauses sheet): deadline / form (書面, 電磁的) / approval / survives. "
    f"{STATED}: the tender states the requirement, but that clause gives none of these "
    "attributes (an incident-reporting clause with no deadline, say). missing, referenced: no "
    "clause of the tender states it (its status in the matrix sheet). Blank: not required by "
    "the tender's profiles, as in the matrix sheet."
)


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
    # sheet of the same shape, whose cells say why where there is no attribute to show (as
    # `pipeline.key_attributes` does). Both blank where the tender's profiles do not require the
    # requirement, as in the HTML heat map; each explains its cells in its header's comment.
    sheet = book.add_worksheet("matrix")
    attributes = book.add_worksheet("attributes")
    cells = attribute_cells(data.matrix, data.key_attribute)
    for s, legend in ((sheet, MATRIX_LEGEND), (attributes, ATTRIBUTES_LEGEND)):
        s.write_row(0, 0, header)
        s.write_comment(0, 0, legend, {"width": 480, "height": 190})
        s.freeze_panes(1, 1)
        s.autofilter(0, 0, len(data.matrix), len(header) - 1)
    for i, (key, row) in enumerate(data.matrix.iterrows(), start=1):
        sheet.write_string(i, 0, labels[key])
        attributes.write_string(i, 0, labels[key])
        for j, (rid, status) in enumerate(row.items(), start=1):
            # empty cells, not empty strings: a filter offers them as (Blanks)
            if status:
                sheet.write_string(i, j, status)
                attributes.write_string(i, j, str(cells.at[key, rid]))
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
    # every clause of every tender for each requirement; `judged` marks the one whose attributes
    # make the attributes sheet's brief (the clause the analysis judges the tender by)
    columns = [
        "tender",
        "requirement_id",
        "clause_id",
        "judged",
        "page",
        "text",
        "deadline_text",
        "form",
        "approval",
        "scope",
        "survival",
    ]
    sheet.write_row(0, 0, columns)
    for i, r in enumerate(data.evidence.to_dict("records"), start=1):
        values = [labels[r["doc_key"]], *(r.get(c) for c in columns[1:])]
        for j, v in enumerate(values):
            if v is None or (isinstance(v, float) and pd.isna(v)):
                continue
            if columns[j] == "page":  # a number, to sort and filter by
                sheet.write_number(i, j, int(v))
            elif columns[j] in ("judged", "survival"):
                if v:
                    sheet.write_string(i, j, "yes")
            else:
                sheet.write_string(i, j, str(v))
    if data.baseline is not None:
        _baseline_sheet(book.add_worksheet("baseline"), data.baseline, labels)
    _tenders_sheet(book.add_worksheet("tenders"), data)
    book.close()
    return out
