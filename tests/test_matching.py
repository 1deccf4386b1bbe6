"""The matching form: Sudachi normalised forms, role words as roles, numerals as digits."""

from __future__ import annotations

import pytest

from pipeline.text import normalize
from pipeline.text.matching import CONTRACTOR, ISSUER, STAFF, SUBCONTRACTOR, matching_form


def form(text: str) -> str:
    return matching_form(normalize(text)).text


@pytest.mark.parametrize(
    ("contractor", "issuer"),
    [("乙", "甲"), ("受注者", "発注者"), ("受託者", "委託者"), ("請負者", "当機構"), ("受注者", "IPA"),
     ("受注者", "県"), ("受託者", "市"), ("契約相手方", "官側"), ("受注者", "当省"), ("事業者", "当庁")],
)
def test_role_word_families(contractor, issuer):
    text = form(f"{contractor}は、{issuer}の承認を得ること。")
    assert text.startswith(f"{CONTRACTOR}は、{ISSUER}の承認")


def test_subcontractor_and_staff_are_not_contractor():
    assert form("再委託先に遵守させる") == f"{SUBCONTRACTOR}に順守為るせる"
    assert form("従事者に教育を行う").startswith(STAFF)
    assert form("都道府県と市町村") == "都道府県と市町村"  # 県, 市 inside words stay words


@pytest.mark.parametrize(
    ("text", "expected"),
    [("七日以内", "7日以内"), ("１週間以内", "1週間以内"), ("二十四時間以内", "24時間以内"),
     ("三か月", "3箇月"), ("一部", "一部")],
)
def test_numerals(text, expected):
    assert form(text) == expected


@pytest.mark.parametrize(("a", "b"), [("漏えい", "漏洩"), ("受渡し", "受け渡し"), ("ＩＳＭＡＰ", "ismap")])
def test_spelling_variants_meet(a, b):
    assert form(a) == form(b)


def test_units_map_back_to_the_printed_words():
    surface = "乙は、甲の承諾なく第三 者に漏らしてはならない。"
    f = matching_form(normalize(surface))
    k = f.units.index(ISSUER)
    s, e = f.surface_span(k)
    assert surface[s:e] == "甲"
