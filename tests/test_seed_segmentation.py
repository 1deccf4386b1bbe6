"""The real seed excerpts, printed as PDFs in several fonts and layouts and read back, must split
into the 41 gold clauses of seed/clauses.jsonl."""

from __future__ import annotations

import pytest

from pipeline.analysis import analyze_path
from tests.conftest import require_font, require_shared
from tests.seed import excerpts, gold_clauses, squeeze

LAYOUTS = {
    "mincho-numbered-hanging": ("HeiseiMin-W3", "５．　情報セキュリティに関する事項", {}),
    "gothic-plain-flush": ("HeiseiKakuGo-W5", "情報セキュリティに関する事項", {"hanging_indent": False}),
    "ipaex-bracket-tight": ("IPAexMincho", "【情報セキュリティに関する事項】", {"para_gap": 0.0}),
    "ipaex-chapter-small": ("IPAexGothic", "第５章　情報セキュリティに関する事項",
                            {"size": 9.0, "leading": 13.0}),
}


def _source(lines: list[str], font: str, heading: str) -> str:
    body = "\n".join("  " + ln.strip() for ln in lines)
    return (
        f"#font {font}\n#header 〇〇事業 仕様書\n"
        "::heading 〇〇事業 仕様書\n"
        "４．　事業の内容\n"
        "  受注者は、別に定める計画に従って事業を実施すること。\n"
        f"{heading}\n{body}\n"
        "６．　その他\n"
        "  本仕様書に定めのない事項は、協議の上で決定する。\n"
    )


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_seed_clause_segmentation(layout, render_pdf):
    sections = excerpts(require_shared("seed", "security-sections.txt"))
    gold = gold_clauses(require_shared("seed", "clauses.jsonl"))
    font, heading, overrides = LAYOUTS[layout]
    require_font(font)
    tp = n_pred = n_gold = 0
    misses = []
    for k, lines in enumerate(sections):
        pdf = render_pdf(_source(lines, font, heading), f"seed-{k:02d}.pdf", **overrides)
        analysis = analyze_path(pdf)
        predicted = [squeeze(c.text) for c in analysis.structure.security_clauses]
        expected = [squeeze(g["text"]) for g in gold[f"seed-{k:02d}"]]
        n_pred += len(predicted)
        n_gold += len(expected)
        remaining = list(expected)
        for p in predicted:
            if p in remaining:
                remaining.remove(p)
                tp += 1
            else:
                misses.append((k, "extra", p[:40]))
        misses.extend((k, "missed", r[:40]) for r in remaining)
    precision, recall = tp / n_pred, tp / n_gold
    f1 = 2 * precision * recall / (precision + recall)
    assert n_gold == 41
    print(f"{layout}: clause F1 {f1:.3f} ({tp}/{n_gold} gold clauses, {n_pred} read)")  # README
    assert f1 >= 0.95, f"clause F1 {f1:.3f} ({layout}); first problems: {misses[:6]}"


def test_chapter_after_a_numbered_item_was_nested_in_it(render_pdf):
    """Regression: 「４．事業の内容」 followed by 「第５章　情報セキュリティ…」 made the chapter a
    child of item 4, and item 4's own clause was then read as a security clause (four of the ten
    seed excerpts in the small chapter layout)."""
    require_font("IPAexGothic")
    source = _source(["(1)　受注者は、本業務で知り得た情報を第三者に漏らしてはならない。"],
                     "IPAexGothic", "第５章　情報セキュリティに関する事項")
    analysis = analyze_path(render_pdf(source, "chapter.pdf", size=9.0, leading=13.0))
    security = [s for s in analysis.structure.sections if s.is_security]
    assert [s.heading for s in security] == ["情報セキュリティに関する事項"]
    assert security[0].level == 1
    assert [c.label for c in analysis.structure.security_clauses] == ["(1)"]


def test_seed_spurious_spaces_repaired(render_pdf):
    """`第三 者`, `IPA 担当者 に`, `するこ と` in the printed text come out joined when normalised."""
    sections = excerpts(require_shared("seed", "security-sections.txt"))
    pdf = render_pdf(_source(sections[3], "HeiseiMin-W3", "情報セキュリティに関する事項"))
    clauses = analyze_path(pdf).structure.security_clauses
    normalized = " ".join(c.normalized.text for c in clauses)
    surface = " ".join(c.text for c in clauses)
    assert "第三 者" in surface and "IPA 担当者" in surface  # printed as is
    assert "第三者" in normalized and "IPA担当者に" in normalized
    assert "第三 者" not in normalized and "するこ と" not in normalized
