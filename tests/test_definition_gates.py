"""The definition gates of the alignment (`pipeline.align.gates`): a requirement is matched only on
a clause that holds what its definition is about."""

from __future__ import annotations

import json

import numpy as np
import pytest

from pipeline.align import align_texts, align_with_near_misses, score_where_triggered
from pipeline.align.corpus import load_corpus
from pipeline.align.gates import open_gates, personal_data_terms
from pipeline.analysis import analyze_path
from pipeline.cli import main
from pipeline.model import TenderAnalysis
from pipeline.text import normalize
from tests.conftest import ROOT

PD = "SEC.PD_SAFEGUARDS"
SA = "SEC.SUBCONTRACT_APPROVAL"
LABELS = [PD, SA, "SEC.INFO_PROTECTION_MEASURES"]

# technical safeguards of the work's own documents and data: no person is named anywhere
SAFEGUARDS_OF_WORK_DATA = (
    "受注者は、本業務で作成した資料が外部に漏えいしないよう、アクセス制御及び暗号化その他の"
    "適切な措置を講じること。"
)
SAFEGUARDS_OF_COLLECTED_INFORMATION = (
    "本業務で収集し、又は作成した情報が第三者に漏えいしないよう、アクセス制御、暗号化等の必要な"
    "安全対策を講ずること。"
)
# binds the subcontractor, with no ban and no approval step
FLOW_DOWN_ONLY = (
    "業務の一部を他者に請け負わせる場合、請負者は本章に定める事項を再請負先にも遵守させること。"
)


def _gate(text: str, heading: str | None = None) -> dict[str, bool]:
    row = open_gates([text], LABELS, [heading])[0]
    return dict(zip(LABELS, row.tolist(), strict=True))


@pytest.mark.parametrize(
    "text",
    [
        "乙は、個人情報の漏えいの防止のため必要な措置を講じなければならない。",
        "申請者情報を保存するサーバは暗号化すること。",
        "回答者が特定されないよう、集計の区分をまとめること。",
        "住民の氏名及び住所を記載した帳票は施錠できる書庫に保管すること。",
        "受付の際は本人であることを確かめること。",
    ],
)
def test_the_personal_data_gate_opens_where_the_clause_names_personal_data(text):
    assert _gate(text)[PD]


@pytest.mark.parametrize(
    "text", [SAFEGUARDS_OF_WORK_DATA, SAFEGUARDS_OF_COLLECTED_INFORMATION, FLOW_DOWN_ONLY]
)
def test_the_personal_data_gate_stays_closed_where_no_person_is_named(text):
    # 第三者, 請負者, 受注者 are parties to the work, not the people personal data is about
    assert not _gate(text)[PD]


@pytest.mark.parametrize(
    "heading", ["個人情報の取扱い", "第５条（安全管理措置）", "(3) 特定個人情報等の保護"]
)
def test_the_personal_data_gate_opens_under_a_heading_on_personal_data(heading):
    assert _gate(SAFEGUARDS_OF_WORK_DATA, heading)[PD]
    assert not _gate(SAFEGUARDS_OF_WORK_DATA, "情報セキュリティに関する事項")[PD]


@pytest.mark.parametrize(
    "text",
    [
        "受注者は、本業務の全部又は一部を第三者に再委託してはならない。",
        "再委託を行う場合は、あらかじめ書面により発注者の承認を得ること。",
        "乙は、甲の許諾を得た場合に限り、業務の一部を委託することができる。",
        "業務の一部を再委託しようとするときは、再委託先の名称等を事前に届け出ること。",
    ],
)
def test_the_subcontracting_gate_opens_on_a_ban_or_an_approval_step(text):
    assert _gate(text)[SA]


def test_the_subcontracting_gate_does_not_read_the_heading():
    # a chapter called 「再委託の制限」 does not put an approval step into a flow-down clause
    assert not _gate(FLOW_DOWN_ONLY, "再委託の制限")[SA]


def test_gates_leave_other_requirements_open():
    allowed = open_gates(["どの語もない文。"], LABELS)
    assert allowed.tolist() == [[False, False, True]]


def test_safeguards_on_information_naming_no_person_are_not_pd_safeguards():
    # the shipped model scored PD_SAFEGUARDS 0.79 and 0.75 on these (threshold 0.425): it learnt
    # 漏えい and アクセス制御 from personal-data clauses, and matched them on any data
    for text in (SAFEGUARDS_OF_WORK_DATA, SAFEGUARDS_OF_COLLECTED_INFORMATION):
        ids = [m.id for m in align_texts([text])[0]]
        assert "SEC.INFO_PROTECTION_MEASURES" in ids
        assert PD not in ids


def test_the_same_safeguards_under_a_personal_data_heading_are_pd_safeguards():
    matches = align_texts([SAFEGUARDS_OF_WORK_DATA], headings=["個人情報の取扱い"])[0]
    assert PD in [m.id for m in matches]


def test_a_flow_down_with_no_approval_step_is_not_subcontract_approval():
    # the shipped model scored SUBCONTRACT_APPROVAL 0.87 on it
    ids = [m.id for m in align_texts([FLOW_DOWN_ONLY])[0]]
    assert ids == ["SEC.SUBCONTRACT_FLOWDOWN"]


def test_a_gated_clause_is_not_named_as_the_near_miss():
    # the only clause scoring PD_SAFEGUARDS high is gated: a `missing` finding would otherwise
    # name as "nearly matched" a clause whose score is over the threshold
    matches, near = align_with_near_misses(
        [SAFEGUARDS_OF_WORK_DATA, "住民からの問合せには、受付の窓口で対応すること。"]
    )
    assert PD not in {m.id for row in matches for m in row}
    assert near[PD].clause_index == 1
    assert near[PD].score < near[PD].threshold


def test_no_near_miss_where_every_clause_is_gated():
    _, near = align_with_near_misses([SAFEGUARDS_OF_WORK_DATA])
    assert PD not in near and "SEC.CONFIDENTIALITY" in near


def test_the_outside_search_does_not_score_a_gated_requirement():
    # 滅失 and き損 are strong triggers of PD_SAFEGUARDS (the model scores this 0.99), yet the
    # data is the work's own until a heading says whose it is
    text = "作成したデータについて、漏えい、滅失及びき損の防止のための措置を講ずること。"
    rows = score_where_triggered([text, text], [PD], headings=[None, "個人情報の保護"])
    assert PD not in rows[0]
    assert rows[1][PD].chosen


def test_eval_reads_a_gold_records_section_as_its_heading(tmp_path, capsys):
    gold = tmp_path / "gold.jsonl"
    records = [
        {"id": "a", "section": "個人情報の取扱い", "text": SAFEGUARDS_OF_WORK_DATA,
         "labels": ["SEC.INFO_PROTECTION_MEASURES", PD]},
        {"id": "b", "section": "情報セキュリティ", "text": SAFEGUARDS_OF_WORK_DATA,
         "labels": ["SEC.INFO_PROTECTION_MEASURES"]},
    ]  # fmt: skip
    gold.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    assert main(["eval", "--gold", str(gold)]) == 0
    assert "exact-set accuracy 1.000" in capsys.readouterr().out


def test_gates_close_on_at_most_one_in_fifty_of_the_corpus_clauses_labelled_with_them():
    # the bar the gates were adopted under (`models/README.md`), over every split
    clauses = [c for items in load_corpus().values() for c in items]
    labels = [PD, SA]
    allowed = open_gates(
        [normalize(c.text).text for c in clauses], labels, [c.section for c in clauses]
    )
    for j, rid in enumerate(labels):
        labelled = np.array([rid in c.labels for c in clauses])
        closed = int((labelled & ~allowed[:, j]).sum())
        assert closed <= 0.02 * labelled.sum(), (rid, closed, int(labelled.sum()))


def test_classify_reads_an_optional_section(tmp_path):
    source = tmp_path / "in.jsonl"
    lines = [
        {"id": "a", "text": SAFEGUARDS_OF_WORK_DATA},
        {"id": "b", "text": SAFEGUARDS_OF_WORK_DATA, "section": "個人情報の取扱い"},
        {"id": "c", "text": SAFEGUARDS_OF_WORK_DATA, "section": 3},
    ]
    source.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), "utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["classify", "--input", str(source), "--output", str(out)]) == 1
    a, b, c = (json.loads(x) for x in out.read_text(encoding="utf-8").splitlines())
    assert PD not in {r["id"] for r in a["requirements"]}
    assert PD in {r["id"] for r in b["requirements"]}
    assert c["error"]["code"] == "input.bad_record" and '"section" is a number' in c["error"]["message"]


def _tender(tmp_path, definitions: str) -> TenderAnalysis:
    tender = tmp_path / "t.txt"
    tender.write_text(
        "業務委託仕様書\n"
        "１　定義\n"
        f"この仕様書において、次の各号に掲げる用語の意義は、当該各号に定めるところによる。\n"
        f"（１）{definitions}\n"
        "２　情報セキュリティに関する事項\n"
        "（１）受注者は、窓口記録データの漏えい、滅失及びき損を防止するため、保存する端末の暗号化"
        "その他の必要な措置を講じなければならない。\n"
        "（２）受注者は、本業務で知り得た情報を第三者に漏らしてはならない。\n",
        encoding="utf-8",
    )
    return analyze_path(tender)


def test_a_term_the_document_defines_as_personal_data_opens_the_gate(tmp_path):
    # the blind university tender: 「学務情報」, defined in a list of definitions as the
    # students' names and grades, was not personal data to the gate, and its safeguards
    # article left PD_SAFEGUARDS missing
    analysis = _tender(
        tmp_path, "窓口記録データ　来庁者の氏名、住所及び相談の内容を記録したデータをいう。"
    )
    found = {r.id for ms in analysis.requirements.values() for r in ms}
    assert PD in found


def test_a_term_defined_as_the_works_own_data_leaves_the_gate_closed(tmp_path):
    analysis = _tender(tmp_path, "窓口記録データ　窓口の混雑状況を時間帯ごとに集計したデータをいう。")
    found = {r.id for ms in analysis.requirements.values() for r in ms}
    assert PD not in found and "SEC.CONFIDENTIALITY" in found


def test_personal_data_terms_reads_the_three_ways_of_defining():
    terms = personal_data_terms(
        [
            "学務情報　学生の氏名、学籍番号及び成績に関する情報をいう。",
            "この契約において「調査票情報」とは、回答者が調査票に記入した事項をいう。",
            "利用者の氏名及び連絡先（以下「登録データ」という。）を管理すること。",
            "従事者　受託者の従業員のうち本業務に従事する者をいう。",
        ]
    )
    assert set(terms) == {"学務情報", "調査票情報", "登録データ"}


@pytest.mark.parametrize("name", ["first.jsonl", "second.jsonl"])
def test_the_personal_data_gate_stays_open_on_every_blind_pd_safeguards_clause(name):
    # tests/data/gate_blind/README.md: clauses written by readers of the taxonomy alone; the
    # first adopted word list closed on 11 of the 51 of the first file (児童生徒, 課税台帳 …)
    rows = [
        json.loads(line)
        for line in (ROOT / "tests/data/gate_blind" / name).read_text("utf-8").splitlines()
    ]
    allowed = open_gates(
        [normalize(r["text"]).text for r in rows], [PD], [r["section"] for r in rows]
    )[:, 0]
    closed = [r["id"] for r, a in zip(rows, allowed, strict=True) if r["pd_safeguards"] and not a]
    assert closed == []
    # and it still closes on most safeguards of data about no one
    unpersonal = [a for r, a in zip(rows, allowed, strict=True) if not r["pd_safeguards"]]
    assert sum(not a for a in unpersonal) >= 0.75 * len(unpersonal)


@pytest.mark.parametrize(
    ("text", "personal"),
    [
        ("児童生徒の健康診断結果を記録した媒体は暗号化すること。", True),
        ("課税台帳のデータは専用端末でのみ処理すること。", True),
        ("職員の給与に関するデータへのアクセスを制限すること。", True),
        ("入居者の所得に係る書類は施錠して保管すること。", True),
        ("貸与資料は管理台帳に記録して保管すること。", False),
        ("システム障害の発生時に備え、設定情報を暗号化して保管すること。", False),
        ("担当者及び作業者以外の者が設計書を閲覧できないようにすること。", False),
        ("他者に設計書を閲覧させないこと。", False),
    ],
)
def test_the_personal_data_gate_reads_the_records_kept_on_people(text, personal):
    assert _gate(text)[PD] is personal


def test_reading_the_gates_lazily_matches_reading_them_all():
    # align_with_near_misses reads a gate only where it can matter; the reference reads every one
    from pipeline.align import default_model
    from pipeline.align.features import text_of

    rows = [
        json.loads(line)
        for name in ("first.jsonl", "second.jsonl")
        for line in (ROOT / "tests/data/gate_blind" / name).read_text("utf-8").splitlines()
    ]
    texts = [r["text"] for r in rows] + [c.text for c in load_corpus()["test"][::4]]
    headings = [r["section"] for r in rows] + [None] * (len(texts) - len(rows))
    model = default_model()
    matches, near = align_with_near_misses(texts, explain=False, headings=headings)
    scores = model.scores([text_of(t) for t in texts])
    allowed = open_gates([normalize(t).text for t in texts], model.labels, headings)
    expected = [
        {model.labels[j] for j in model.chosen(row, allowed[i])} for i, row in enumerate(scores)
    ]
    assert [{m.id for m in row} for row in matches] == expected
    matched = set().union(*expected)
    for j, rid in enumerate(model.labels):
        if rid in matched or not allowed[:, j].any():
            assert rid not in near
            continue
        best = max(np.flatnonzero(allowed[:, j]), key=lambda k: (scores[k, j], -k))
        assert near[rid].clause_index == best
