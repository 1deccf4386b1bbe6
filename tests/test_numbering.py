"""Numbering labels of every scheme real specifications mix, and the outline they build."""

from __future__ import annotations

import pytest

from pipeline.ingest import ingest_bytes
from pipeline.structure import build_structure, parse_label
from pipeline.structure.numbering import to_int


@pytest.mark.parametrize(
    ("line", "kind", "ordinal", "label"),
    [
        ("第2章　要件定義", "dai章", 2, "第2章"),
        ("第十二条（秘密保持）乙は", "dai条", 12, "第十二条"),
        ("第３節 概要", "dai節", 3, "第３節"),
        ("第5　情報セキュリティ", "dai", 5, "第5"),
        ("1.　目的", "num_dot", 1, "1."),
        ("１．目的", "num_dot", 1, "１．"),
        ("2-3 範囲", "dotted2", 3, "2-3"),
        ("1.2.4 詳細", "dotted3", 4, "1.2.4"),
        ("(3)　受注者は", "num_paren", 3, "(3)"),
        ("（１２）受注者は", "num_paren", 12, "（１２）"),
        ("3) 項目", "num_rparen", 3, "3)"),
        ("２　入札参加資格", "num_space", 2, "２"),
        ("⑤　報告", "circled", 5, "⑤"),
        ("ウ　受注者は", "kata", 3, "ウ"),
        ("（イ）　受注者は", "kata_paren", 2, "（イ）"),
        ("b.　項目", "alpha", 2, "b."),
        ("（ｃ）項目", "alpha_paren", 3, "（ｃ）"),
        ("三、　項目", "kanji", 3, "三、"),
        ("（二）項目", "kanji_paren", 2, "（二）"),
        ("別紙２　個人情報取扱特記事項", "appendix別紙", 2, "別紙２"),
        ("【別添】", "appendix別添", None, "【別添】"),
        ("・　箇条", "bullet・", None, "・"),
    ],
)
def test_parse_label(line, kind, ordinal, label):
    parsed = parse_label(line)
    assert parsed is not None
    assert (parsed.kind, parsed.ordinal, parsed.text) == (kind, ordinal, label)


@pytest.mark.parametrize(
    "line", ["インシデントが発生した", "アクセス制御", "10月1日から", "30 分まで", "令和8年", "ア"]
)
def test_not_a_label(line):
    assert parse_label(line) is None


@pytest.mark.parametrize(("text", "value"), [("一", 1), ("十", 10), ("十二", 12), ("二十三", 23),
                                              ("百", 100), ("１２", 12), ("7", 7)])
def test_numerals(text, value):
    assert to_int(text) == value


def _structure(text: str):
    return build_structure(ingest_bytes(text.encode("utf-8"), "spec.txt"))


def test_outline_nests_mixed_schemes():
    s = _structure(
        "調達仕様書\n第1章　総則\n1.　目的\n本業務の目的を定める。\n第2章　情報セキュリティに関する事項\n"
        "1.　基本事項\n(1)　受注者は、次の事項を遵守すること。\nア　情報を目的外に利用しないこと。\n"
        "イ　情報を第三者に提供しないこと。\n(2)　受注者は、事故が発生した場合は直ちに報告すること。\n"
        "2.　再委託\n(1)　再委託は原則として禁止する。\n第3章　その他\n協議により定める。\n"
    )
    tree = [(x.label, x.heading, x.level, x.is_security) for x in s.sections]
    assert tree == [
        ("第1章", "総則", 1, False),
        ("1.", "目的", 2, False),
        ("第2章", "情報セキュリティに関する事項", 1, True),
        ("1.", "基本事項", 2, True),
        ("2.", "再委託", 2, True),
        ("第3章", "その他", 1, False),
    ]
    clauses = [(c.label, c.text[:6]) for c in s.security_clauses]
    assert clauses == [("(1)", "受注者は、次"), ("ア", "情報を目的外"), ("イ", "情報を第三者"),
                       ("(2)", "受注者は、事"), ("(1)", "再委託は原則")]
    # ア and イ hang under the clause (1) that introduces them
    by_label = {c.text[:6]: c for c in s.security_clauses}
    assert by_label["情報を目的外"].parent_clause_id == by_label["受注者は、次"].id


def test_out_of_sequence_number_continues_the_sentence():
    s = _structure(
        "情報セキュリティに関する事項\n(1)　管理体制を書面で提出すること。\n(2)　再委託先にも、\n"
        "(1)に記載の管理体制を求めること。\n"
    )
    assert [c.label for c in s.security_clauses] == ["(1)", "(2)"]


def test_iroha_order():
    s = _structure("遵守事項\n情報の取扱いは次による。\nイ　複製しないこと。\nロ　持ち出さないこと。\n"
                   "ハ　返却すること。\n")
    assert [c.label for c in s.clauses][-3:] == ["イ", "ロ", "ハ"]


def test_heading_list_without_content_is_clauses():
    s = _structure("情報セキュリティに関する事項\n(1)　基本事項\n(2)　情報セキュリティ対策\n")
    assert [(c.label, c.text) for c in s.security_clauses] == [("(1)", "基本事項"),
                                                                ("(2)", "情報セキュリティ対策")]
