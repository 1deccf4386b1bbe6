"""Obligation frames: every numeral form, every role-word family, the slot ladders, and per-slot
accuracy on the corpus frame gold and the real seed clauses."""

from __future__ import annotations

import json
import unicodedata

import pytest

from pipeline.align.corpus import load_corpus, read_jsonl
from pipeline.obligations import extract_obligations, slots
from pipeline.obligations.evaluate import evaluate_frames
from pipeline.text import normalize
from tests.conftest import ROOT, require_shared


def frame(text: str, requirement: str):
    (result,) = extract_obligations([(normalize(text), [requirement])], [text])
    return result[0]


def duty_stretches(text: str) -> list[str]:
    """The stretches of a one-sentence clause that the frame rules take as duties."""
    from pipeline.nlp.ginza import parse
    from pipeline.obligations.frames import _duties

    norm_text = normalize(text).text
    (doc,) = parse([norm_text])
    return [norm_text[x.start : x.end] for x in _duties(doc, 0, 0)]


def frames_by_requirement(text: str, *requirements: str) -> dict:
    """The frames of a clause aligned to several requirements, by requirement ID."""
    (result,) = extract_obligations([(normalize(text), list(requirements))], [text])
    return {f.requirement_id: f for f in result}


@pytest.mark.parametrize(
    ("text", "qualifier", "days"),
    [
        ("1週間以内に報告すること", "within", 7.0),
        ("七日以内に報告すること", "within", 7.0),
        ("７日以内に報告すること", "within", 7.0),
        ("十四日以内に報告すること", "within", 14.0),
        ("二週間以内に提出すること", "within", 14.0),
        ("24時間以内に第一報を行うこと", "within", 1.0),
        ("認知後３０分以内に電話で報告すること", "within", 0.0208),
        ("検知から三十分以内に一報すること", "within", 0.0208),
        ("３か月以内に", "within", 90.0),
        ("翌月10日までに提出すること", "within", None),
        ("直ちに報告すること", "immediately", None),
        ("速やかに連絡すること", "promptly", None),
        ("遅滞なく届け出ること", "without_delay", None),
    ],
)
def test_deadline_numerals(text, qualifier, days):
    d = slots.deadline(normalize(text).text)
    assert d is not None and d.qualifier == qualifier and d.days == days


@pytest.mark.parametrize(
    ("text", "anchor"),
    [
        ("契約締結後速やかに", "after_contract"),
        ("事業開始前に書面で", "before_start"),
        ("業務の完了後直ちに", "on_completion"),
        ("入札時に提出", "bid"),
        ("着手の１４日前までに提出", "before_start"),
        ("利用開始の三十日前までに", "before_start"),
        ("契約期間の満了時には速やかに", "on_completion"),
        ("検知から１時間以内に", "on_event"),
        ("事故を把握したときは直ちに", "on_event"),
        ("業務着手の日までに届け出ること", "before_start"),
        # regression: the end of the work with が, 「…に当たり」 and 「利用を終えるとき」
        ("本調査研究が終了したときは、速やかに返却すること", "on_completion"),
        ("契約期間の満了に当たり、速やかに消去すること", "on_completion"),
        ("本サービスの利用を終えるときは、直ちにデータを消去すること", "on_completion"),
        # regression: a vulnerability's publication, a lapsed listing, a suspicion one has judged
        ("危険度の高い脆弱性については公表から７日以内に修正を適用すること", "on_event"),
        ("登録が失効したときは、直ちに市へ通知すること", "on_event"),
        ("漏えいのおそれがあると認めたときは、直ちに報告すること", "on_event"),
    ],
)
def test_deadline_anchor(text, anchor):
    assert slots.deadline(normalize(text).text).anchor == anchor


@pytest.mark.parametrize(
    ("text", "requirement", "conditional"),
    [
        (
            "受託者は、県の承認を得た場合を除き、情報資産を作業場所の外へ持ち出してはならない。",
            "SEC.TAKEOUT_RESTRICTION",
            False,
        ),
        (
            "受注者は、インシデントが生じる場合に備え、連絡体制を定めて本県へ書面で説明しておくこと。",
            "SEC.INCIDENT_PREPAREDNESS",
            False,
        ),
        (
            "作業中に個人番号を目にした場合であっても、これをメモに書き写してはならない。",
            "SEC.MYNUMBER_HANDLING",
            False,
        ),
        (
            "本事業に関して事故が生じたときは、当機構の担当者へ速やかに報告すること。",
            "SEC.INCIDENT_REPORTING",
            True,
        ),
        # the clause's heading states no right of the issuer's: the sentence does, on a condition
        (
            "（契約の解除及び損害賠償）甲は、乙がこの特記事項に定める義務に違反したときは、"
            "契約を解除し、及び乙に損害の賠償を求めることができる。",
            "SEC.BREACH_CONSEQUENCES",
            True,
        ),
    ],
)
def test_purposes_concessions_and_exceptions_are_no_conditions(text, requirement, conditional):
    assert frame(text, requirement).conditional is conditional


@pytest.mark.parametrize(
    ("text", "scope"),
    [
        ("個人情報の保護に関する法律を遵守すること。", None),  # a law's name
        ("要保護情報をクラウドサービスに保管する場合", "designated"),
        ("当機構が機密扱いとした情報を保管するとき", "designated"),
        ("発注者から貸与された運用マニュアルの内容を開示してはならない。", "provided"),
        ("当庁から貸与され、又は閲覧を許された設計書を開示してはならない。", "provided"),
        ("甲から提供された施設台帳を複写してはならない。", "provided"),
        # what a covered category includes does not narrow it
        ("本業務を通じて知り得た情報（要保護情報を含む。）を他に漏らしてはならない。", "all"),
    ],
)
def test_scope_of_laws_designations_lent_documents_and_inclusions(text, scope):
    assert slots.scope(text) == scope


def test_reference_to_this_document_itself_is_no_reference():
    assert (
        slots.reference("甲は、乙がこの特記事項に定める義務に違反したときは、契約を解除できる。")
        is None
    )
    assert slots.reference("受託者は本特記仕様書の定めを再委託先に遵守させること。") is None
    ref = slots.reference(
        "受託者は、この特記事項のほか、「石川県情報調達共通特記仕様書」を遵守すること。"
    )
    assert ref is not None and ref["title"] == "石川県情報調達共通特記仕様書"


def test_a_duty_surviving_the_contract_has_no_deadline_from_it():
    text = "請負者は、契約期間中及び契約終了後においても、知り得た内容を他に漏らしてはならない。"
    f = frame(text, "SEC.CONFIDENTIALITY")
    assert f.deadline is None and f.survival


def test_in_advance_is_no_anchor_and_an_opening_condition_is():
    # 「事前に」「あらかじめ」 say before the act, not from which event a time counts
    assert slots.deadline("事前に当院の承認を得ること。") is None
    text = "インシデントを認知したときは、受注者は、直ちに本院に報告すること。"
    d = frame(text, "SEC.INCIDENT_REPORTING").deadline
    assert d is not None and d["anchor"] == "on_event"


def test_no_deadline_is_null():
    assert slots.deadline("統一基準(令和5年度版)を遵守すること") is None
    assert slots.deadline("記録を3年間保存すること") is None


@pytest.mark.parametrize(
    ("sentence", "actor"),
    [
        ("乙は、甲の承諾なく第三者に提供してはならない。", "contractor"),
        ("受注者は、発注者の指示に従うこと。", "contractor"),
        ("受託者は、委託者に報告すること。", "contractor"),
        ("請負者は、当機構に報告すること。", "contractor"),
        ("契約相手方は、官側に報告すること。", "contractor"),
        ("県は、必要があると認めるときは、受注者の作業場所を監査することができる。", "issuer"),
        ("甲は、乙の事業所を実地に調査することができる。", "issuer"),
        ("本業務で知り得た情報を第三者に漏らしてはならない。", "contractor"),  # omitted subject
        # the contractor's people by their function, and the contractor together with them
        ("事務取扱担当者は、知り得た個人番号を書き写してはならない。", "staff"),
        ("運用要員は、県データを外部のサービスに入力してはならない。", "staff"),
        ("受託者及び事務取扱担当者は、知り得た事項を何人にも明かしてはならない。", "contractor"),
        ("契約相手方及びその従業者は、知り得た情報を他に漏らしてはならない。", "contractor"),
    ],
)
def test_role_word_families(sentence, actor):
    assert frame(sentence, "SEC.CONFIDENTIALITY").actor == actor


@pytest.mark.parametrize(
    ("sentence", "modality"),
    [
        ("受注者は、報告すること。", "must"),
        ("受注者は、報告しなければならない。", "must"),
        ("受注者は、報告するものとする。", "must"),
        ("受注者は、第三者に提供してはならない。", "must_not"),
        ("受注者は、複製しないこと。", "must_not"),
        ("受注者は、研修の実施に努めること。", "should"),
        ("発注者は、監査することができる。", "may"),
    ],
)
def test_modality(sentence, modality):
    assert frame(sentence, "SEC.COMPLIANCE_REPORTING").modality == modality


def test_full_frame():
    text = (
        "受注者は、本業務で知り得た情報を第三者に漏らしてはならない。ただし、発注者の書面による承諾を"
        "得た場合は、この限りでない。契約終了後も同様とする。"
    )
    f = frame(text, "SEC.CONFIDENTIALITY")
    assert (f.actor, f.modality, f.scope, f.approval, f.survival) == (
        "contractor",
        "must_not",
        "all",
        "prior_written_approval",
        True,
    )
    assert f.exceptions == ("ただし、発注者の書面による承諾を得た場合は、この限りでない。",)
    f = frame(
        "受注者は、再委託先にも本特記事項と同等の義務を遵守させること。", "SEC.SUBCONTRACT_FLOWDOWN"
    )
    assert f.flowdown is True
    f = frame(
        "受注者は、「政府機関等の情報セキュリティ対策のための統一基準(平成30年度版)」を遵守すること。",
        "SEC.POLICY_COMPLIANCE",
    )
    assert f.reference == {
        "title": "政府機関等の情報セキュリティ対策のための統一基準",
        "edition": "平成30年度版",
    }


def test_unstated_slots_are_null():
    f = frame("受注者は、情報を適切に管理すること。", "SEC.INFO_PROTECTION_MEASURES")
    assert (f.deadline, f.form, f.approval, f.reference, f.exceptions, f.survival, f.flowdown) == (
        None,
        None,
        None,
        None,
        (),
        False,
        False,
    )


def test_two_duties_two_frames():
    text = "受注者は、事故が発生した場合には、直ちに発注者に報告し、その指示に従うこと。"
    (frames,) = extract_obligations(
        [(normalize(text), ["SEC.INCIDENT_REPORTING", "SEC.INCIDENT_RESPONSE_COOPERATION"])], [text]
    )
    report, cooperate = frames
    assert report.deadline["qualifier"] == "immediately" and cooperate.deadline is None


def _corpus_result():
    gold = [
        json.loads(line)
        for line in (ROOT / "corpora/frames/frames.jsonl").read_text(encoding="utf-8").splitlines()
        if line
    ]
    texts = {c.id: c.text for split in load_corpus().values() for c in split}
    inputs = [
        (normalize(texts[g["clause_id"]]), sorted({f["requirement_id"] for f in g["frames"]}))
        for g in gold
    ]
    predicted = extract_obligations(inputs, [texts[g["clause_id"]] for g in gold])
    return evaluate_frames(
        [(g["frames"], [f.as_dict() for f in p]) for g, p in zip(gold, predicted, strict=True)]
    )


# floors at today's accuracy (README); the issue's targets are higher where they differ
CORPUS_FLOORS = {
    "deadline_days": 0.96,
    "deadline_qualifier": 0.95,
    "form": 0.95,
    "modality": 0.97,
    "approval": 0.90,
    "scope": 0.97,
    "exceptions_found": 0.98,
    "reference_edition": 0.98,
    "actor": 0.98,
}
SEED_FLOORS = {
    "deadline_days": 0.95,
    "deadline_qualifier": 0.95,
    "form": 0.95,
    "modality": 0.97,
    "approval": 0.92,
    "scope": 0.92,
    "exceptions_found": 0.95,
    "reference_edition": 0.95,
    "actor": 0.98,
}


def test_corpus_frame_accuracy():
    result = _corpus_result()
    assert result["frames"] >= 500
    for slot, floor in CORPUS_FLOORS.items():
        assert result["accuracy"][slot] >= floor, (slot, result["accuracy"][slot])


def test_seed_frame_accuracy():
    items = {c.id: c for c in read_jsonl(require_shared("seed", "clauses.jsonl"))}
    gold = json.loads((ROOT / "tests/data/seed_frames.json").read_text(encoding="utf-8"))
    ids = [k for k, frames in gold.items() if frames]
    inputs = [
        (normalize(items[k].text), sorted({f["requirement_id"] for f in gold[k]})) for k in ids
    ]
    predicted = extract_obligations(inputs, [items[k].text for k in ids])
    result = evaluate_frames(
        [(gold[k], [f.as_dict() for f in p]) for k, p in zip(ids, predicted, strict=True)]
    )
    assert result["frames"] == 57
    print("seed frames:", {k: round(v, 3) for k, v in result["accuracy"].items()})  # README, -s
    for slot, floor in SEED_FLOORS.items():
        assert result["accuracy"][slot] >= floor, (slot, result["accuracy"][slot])


# the held-out frame sets (corpora/frames/heldout/, and reserve/ for when the first is spent):
# annotated twice, blind, after the rules were written, and never read to write one; floors at
# the figures they gave when they were made (b2d33a8), so that a rule written elsewhere cannot
# quietly cost accuracy on text no rule was written on (form: the handed-in documents rule of
# the sixteenth session cost the first set one frame and gained the reserve two; approval: the
# flat external-service ban read as prohibited gained four and one; seventeenth session: the
# access limit read as a must and a training's subject as its scope gained the first set one
# modality and two scopes; the session's rules written on dense then moved the reserve's form,
# deadline and scope and the fresh set's deadline and scope up, none down). In the eighteenth
# session heldout/, reserve/ and fresh/ became development data (the rules of that session were
# written on them), so their floors rose to what those rules gave; the test-split sets stay clean.
HELDOUT_SETS = {
    "heldout": (
        196,
        {
            "deadline_days": 0.99,
            "deadline_qualifier": 0.97,
            "form": 0.93,
            "modality": 0.97,
            "approval": 0.92,
            "scope": 0.91,
            "exceptions_found": 0.98,
            "reference_edition": 0.98,
            "actor": 0.98,
        },
    ),
    "reserve": (
        149,
        {
            "deadline_days": 0.98,
            "deadline_qualifier": 0.96,
            "form": 0.97,
            "modality": 0.98,
            "approval": 0.93,
            "scope": 0.89,
            "exceptions_found": 0.98,
            "reference_edition": 0.99,
            "actor": 0.97,
        },
    ),
    # annotated after the conventions of 2026-11-27 were settled (seed 20261228)
    "fresh": (
        204,
        {
            "deadline_days": 0.94,
            "deadline_qualifier": 0.94,
            "form": 0.95,  # 0.956 since the shown-on-request rule (D' +5 −2, one of the two here)
            "modality": 0.97,
            "approval": 0.92,
            "scope": 0.93,
            "exceptions_found": 0.98,
            "reference_edition": 0.98,
            "actor": 0.98,
        },
    ),
    # 150 labelled clauses of the corpus's test split, made the same way at the end of the
    # seventeenth session (seed 20261230), floors at the figures it gave when it was made; spent
    # after two scorings, development data since the nineteenth session
    "testsplit": (
        202,
        {
            "deadline_days": 0.95,
            "deadline_qualifier": 0.96,
            "form": 0.94,
            "modality": 0.95,
            "approval": 0.94,
            "scope": 0.83,
            "exceptions_found": 0.99,
            "reference_edition": 0.99,
            "actor": 0.96,
        },
    ),
    # 150 more of them, made the same way in the eighteenth session (seed 20261231) for the next
    # session's clean measure, floors at the figures it gave when it was made
    "testsplit2": (
        208,
        {
            "deadline_days": 0.98,
            "deadline_qualifier": 0.99,
            "form": 0.98,
            "modality": 0.96,
            "approval": 0.93,
            "scope": 0.83,
            "exceptions_found": 0.96,
            "reference_edition": 0.99,
            "actor": 0.99,
        },
    ),
    # the last 135 of them, made the same way at the start of the nineteenth session (seed
    # 20270101), floors at the figures it gave when it was made, before that session's rules
    "testsplit3": (
        196,
        {
            "deadline_days": 1.0,
            "deadline_qualifier": 0.97,
            "form": 0.92,
            "modality": 0.96,
            "approval": 0.94,
            "scope": 0.87,
            "exceptions_found": 0.97,
            "reference_edition": 0.98,
            "actor": 0.98,
        },
    ),
    # 150 clauses written for frame evaluation alone (in no corpus tender), annotated the same
    # way at the end of the nineteenth session; floors at the figures it gave when it was made
    "unseen": (
        219,
        {
            "deadline_days": 0.98,
            "deadline_qualifier": 0.97,
            "form": 0.96,
            "modality": 0.95,
            "approval": 0.95,
            "scope": 0.82,
            "exceptions_found": 0.98,
            "reference_edition": 0.97,
            "actor": 0.98,
        },
    ),
    # 150 more written the same way in the twentieth session, in other styles; floors at the
    # figures it gave when it was made (development data since)
    "unseen2": (
        219,
        {
            "deadline_days": 0.97,
            "deadline_qualifier": 0.96,
            "form": 0.94,
            "modality": 0.98,
            "approval": 0.94,
            "scope": 0.88,
            "exceptions_found": 0.98,
            "reference_edition": 0.98,
            "actor": 0.98,
        },
    ),
    # 150 more written the same way at the end of the twentieth session, the clean measure until
    # its second scoring at the start of the twenty-first; floors at the figures it gave when it
    # was made (development data since)
    "unseen3": (
        218,
        {
            "deadline_days": 0.96,
            "deadline_qualifier": 0.94,
            "form": 0.91,
            "modality": 0.94,
            "approval": 0.94,
            "scope": 0.90,
            "exceptions_found": 0.98,
            "reference_edition": 0.97,
            "actor": 0.97,
        },
    ),
    # 150 more written the same way at the end of the twentieth session and scored once at its
    # making; development data since (unseen3 stays the clean measure)
    "unseen4": (
        215,
        {
            "deadline_days": 0.94,
            "deadline_qualifier": 0.91,
            "form": 0.93,
            "modality": 0.96,
            "approval": 0.90,
            "scope": 0.83,
            "exceptions_found": 0.97,
            "reference_edition": 0.98,
            "actor": 0.97,
        },
    ),
    # 150 written in the twenty-first session in three new families of styles (public enterprises,
    # education, welfare articles): scored at its making and for about 20 adoption checks, with
    # whole figures only, and spent at the session's end; floors at the figures it gave when made
    "unseen5": (
        209,
        {
            "deadline_days": 0.96,
            "deadline_qualifier": 0.94,
            "form": 0.94,
            "modality": 0.96,
            "approval": 0.91,
            "scope": 0.85,
            "exceptions_found": 0.96,
            "reference_edition": 0.96,
            "actor": 0.97,
        },
    ),
    # 150 written at the end of the twenty-first session in styles no rule had seen (R&D agencies,
    # telegraphic disaster services, polite tourism work), scored at its making and again at the
    # twenty-second session's start (spent then: development data in D8); floors at the second
    "unseen6": (
        210,
        {
            "deadline_days": 0.92,
            "deadline_qualifier": 0.94,
            "form": 0.90,
            "modality": 0.96,
            "approval": 0.93,
            "scope": 0.89,
            "exceptions_found": 0.97,
            "reference_edition": 0.94,
            "actor": 0.96,
        },
    ),
    # 150 written last in the twenty-first session as development data in unseen6's families
    # (polite, telegraphic, research): no floors yet, only its gold is checked
    "unseen7": (204, {}),
    # 150 written at the twenty-second session's start in three families (polite resident
    # services, flattened requirement tables, answers to bidders' questions and corrections):
    # the clean measure, scored once at that session's end; floors at the figures it gave then
    "unseen8": (
        188,
        {
            "deadline_days": 0.97,
            "deadline_qualifier": 0.96,
            "form": 0.95,
            "modality": 0.96,
            "approval": 0.93,
            "scope": 0.92,
            "exceptions_found": 0.98,
            "reference_edition": 0.97,
            "actor": 0.98,
        },
    ),
    # 150 written at the end of the twenty-second session in three more families (designated
    # managers' agreements, government-cloud items tagged 【必須】【推奨】【任意】, health check-up
    # clauses with a lead and its items): the clean measure scored once at the twenty-third
    # session's end; floors at the figures it gave then (actor 0.97 since the twenty-fifth
    # session: the convention on a correction the issuer may ask for reads UY038 as the issuer's
    # right, where its annotators read the contractor's must; corpora/frames/README.md)
    "unseen9": (
        186,
        {
            "deadline_days": 0.95,
            "deadline_qualifier": 0.95,
            "form": 0.93,
            "modality": 0.96,
            "approval": 0.94,
            "scope": 0.89,
            "exceptions_found": 0.98,
            "reference_edition": 0.98,
            "actor": 0.97,
        },
    ),
    # 150 written at the twenty-third session's start in three more families (research data-use
    # memoranda of 甲乙丙, requirement check sheets of 「…していること」 items, long-sentence hospital
    # maintenance specifications): the clean measure scored once at the twenty-fourth session's
    # end; floors at the figures it gave then (form and scope well below the issue's targets)
    "unseen10": (
        187,
        {
            "deadline_days": 0.98,
            "deadline_qualifier": 0.95,
            "form": 0.90,
            "modality": 0.97,
            "approval": 0.93,
            "scope": 0.80,
            "exceptions_found": 0.97,
            "reference_edition": 0.98,
            "actor": 0.94,
        },
    ),
    # 150 written at the twenty-fourth session's start (construction 特記仕様書, building management
    # and guarding, events and campaigns with deep item marks): scored once, then development data
    # in D11 (corpora/frames/README.md); floors at that session's end
    "unseen11": (
        187,
        {
            "deadline_days": 0.97,
            "deadline_qualifier": 0.94,
            "form": 0.94,
            "modality": 0.94,
            "approval": 0.94,
            "scope": 0.87,
            "exceptions_found": 0.98,
            "reference_edition": 0.98,
            "actor": 0.96,
        },
    ),
    # 150 written in the twenty-fourth session in three more families (document destruction and
    # storage, printing and mailing, AI-OCR and generative-AI services): the clean measure scored
    # once at the twenty-fifth session's end; floors at the figures it gave then (form, qualifier
    # and scope below the issue's targets)
    "unseen12": (
        189,
        {
            "deadline_days": 0.96,
            "deadline_qualifier": 0.94,
            "form": 0.94,
            "modality": 0.97,
            "approval": 0.96,
            "scope": 0.86,
            "exceptions_found": 0.97,
            "reference_edition": 0.97,
            "actor": 0.97,
        },
    ),
    # 150 written at the twenty-fifth session's start in three more families (payment and collection
    # work, equipment leases, maintenance and data erasure, worker dispatch to public offices): the
    # clean measure scored once in the twenty-sixth session; floors at the figures it gave then
    # (scope below the issue's target)
    "unseen13": (
        186,
        {
            "deadline_days": 0.97,
            "deadline_qualifier": 0.96,
            "form": 0.96,
            "modality": 0.97,
            "approval": 0.95,
            "scope": 0.89,
            "exceptions_found": 0.99,
            "reference_edition": 0.97,
            "actor": 0.92,
        },
    ),
    # 150 written at the twenty-sixth session's start in three more families (subsidy and benefit
    # secretariats, smart-city cameras, sensors and data platforms, libraries, museums and
    # archives): a clean measure for the session after, not scored
    "unseen14": (187, {}),
}


@pytest.mark.parametrize("name", sorted(HELDOUT_SETS))
def test_heldout_frame_accuracy(tmp_path, name):
    from pipeline.cli import main

    frames, floors = HELDOUT_SETS[name]
    out = tmp_path / "heldout.json"  # scored as the README's command scores it (with glossaries)
    assert (
        main(
            [
                "eval",
                "--frames",
                str(ROOT / "corpora/frames" / name / "adjudicated.jsonl"),
                "--json",
                str(out),
            ]
        )
        == 0
    )
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["frames"] == frames
    print(name, "frames:", {k: round(v, 3) for k, v in result["accuracy"].items()})  # -s
    for slot, floor in floors.items():
        assert result["accuracy"][slot] >= floor, (slot, result["accuracy"][slot])


@pytest.mark.parametrize("name", sorted(HELDOUT_SETS))
def test_heldout_gold_takes_each_value_from_one_of_its_two_annotations(name):
    folder = ROOT / "corpora/frames" / name

    def frames_of(path):
        lines = path.read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines if line]

    first, second, gold = (
        frames_of(folder / n) for n in ("first.jsonl", "second.jsonl", "adjudicated.jsonl")
    )
    others = [
        "frames.jsonl",
        "dense.jsonl",
        *(f"{s}/adjudicated.jsonl" for s in HELDOUT_SETS if s != name),
    ]
    elsewhere = {
        r["clause_id"] for other in others for r in frames_of(ROOT / "corpora/frames" / other)
    }
    assert not elsewhere & {g["clause_id"] for g in gold}  # no rule was written on these clauses
    decided = {
        (d["clause_id"], d["requirement_id"], d["slot"])
        for d in frames_of(folder / "adjudication.jsonl")
    }
    # scopes annotated again, twice and blind, under the settled convention on information about
    # people (corpora/frames/README.md): where the two agreed, their value; else the one before
    relabelled = {}
    for relabel in ("scope_relabel.jsonl", "training_scope_relabel.jsonl"):
        for r in frames_of(folder / relabel) if (folder / relabel).exists() else ():
            assert r["value"] == (r["first"] if r["first"] == r["second"] else r["before"])
            relabelled[(r["clause_id"], r["requirement_id"])] = r["value"]
    # modalities of access limits moved by the convention settled on 2026-11-27, which decides
    # them from the requirement alone (must_not → must)
    limits = {
        (r["clause_id"], r["requirement_id"])
        for r in frames_of(ROOT / "corpora/frames/access_scope_relabel.jsonl")
        if r["file"] == f"{name}/adjudicated.jsonl"
    }
    for a, b, g in zip(first, second, gold, strict=True):
        assert a["clause_id"] == b["clause_id"] == g["clause_id"]
        for slot, mistakes in evaluate_frames([(a["frames"], b["frames"])], keep=None)[
            "mistakes"
        ].items():
            for m in mistakes:  # every disagreement was adjudicated
                assert (a["clause_id"], m["requirement"], slot) in decided
        agree_a = evaluate_frames([(g["frames"], a["frames"])], keep=None)["mistakes"]
        agree_b = evaluate_frames([(g["frames"], b["frames"])], keep=None)["mistakes"]
        for slot in agree_a:  # the gold takes one of the two values, never a third
            third = {m["requirement"] for m in agree_a[slot]} & {
                m["requirement"] for m in agree_b[slot]
            }
            if slot == "scope":  # but for a scope relabelled when its convention was settled
                third -= {r for (c, r) in relabelled if c == g["clause_id"]}
            if slot == "modality":
                third -= {r for (c, r) in limits if c == g["clause_id"]}
            assert not third, (g["clause_id"], slot)
    for (clause_id, requirement), value in relabelled.items():
        (frame,) = [
            f
            for g in gold
            if g["clause_id"] == clause_id
            for f in g["frames"]
            if f["requirement_id"] == requirement
        ]
        assert frame["scope"] == value
    for clause_id, requirement in limits:
        (frame,) = [
            f
            for g in gold
            if g["clause_id"] == clause_id
            for f in g["frames"]
            if f["requirement_id"] == requirement
        ]
        assert frame["modality"] == "must"


def test_eval_frames_command_writes_metrics_and_mistakes_with_their_text(tmp_path, capsys):
    from pipeline.cli import main

    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        json.dumps(
            {
                "text": "受注者は、事故が発生したときは、直ちに発注者に書面で報告すること。",
                "frames": [
                    {
                        "requirement_id": "SEC.INCIDENT_REPORTING",
                        "actor": "contractor",
                        "modality": "must",
                        "deadline": {"qualifier": "immediately"},
                        "form": "oral",
                    }
                ],
            },
            ensure_ascii=False,
        )
        + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "frames.json"
    assert main(["eval", "--frames", str(gold), "--json", str(out)]) == 0
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["frames"] == 1 and result["accuracy"]["actor"] == 1.0
    (mistake,) = result["mistakes"]["form"]  # the gold form here is deliberately wrong
    assert mistake["gold"] == "oral" and mistake["predicted"] == "written"
    assert mistake["text"].startswith("受注者は、事故が")


def test_deadline_stated_later_in_the_sentence_applies_to_an_earlier_duty_of_its_kind():
    """Regression: 「…責任者を置くとともに、…計画書を作成し、契約締結後速やかに…確認を受ける」 gave
    the first duty no deadline, though the sentence's one time word covers the chain."""
    text = (
        "受注者は、管理責任者を置くとともに、実施計画書を作成し、"
        "契約締結後速やかに発注者の確認を受けるものとする。"
    )
    (frames,) = extract_obligations([(normalize(text), ["SEC.MGMT_STRUCTURE"])], [text])
    (frame,) = frames
    assert frame.deadline is not None and frame.deadline["qualifier"] == "promptly"


@pytest.mark.parametrize(
    ("text", "form"),
    [
        ("実施状況を書面又は電子データにより報告すること。", "electronic"),  # the weaker choice
        ("直ちに電話又は電子メールで連絡すること。", None),
        ("従事者の名簿を提出すること。", "written"),  # a roster handed in is a written submission
        ("貸与された資料を一覧表により管理すること。", None),
        ("確認書を作成し提出すること。", "written"),
        ("再委託先を記載した申請書を提出すること。", "written"),
        ("県が指定するファイル交換システムにより受け渡すこと。", "electronic"),
        ("実施状況を所定のチェックシートにより報告すること。", "written"),
        # regression: a report made on a checklist had no form
        ("各工程の完了時に要件の履行状況を点検表により報告すること。", "written"),
        ("四半期ごとに所定の点検票により自己点検を行い、その結果を県に提出すること。", "written"),
        ("当機構の定める様式により開示すること。", "written"),
        ("事故対応計画を作成し、承認を受けること。", "written"),
        ("消去の日時を記載した書面を、１週間以内に甲へ提出すること。", "written"),
        ("暗号化した記録媒体を用い、手渡しにより行う。", "electronic"),
        ("暗号化したファイル交換の仕組みによるものとする。", "electronic"),
        ("暗号化した記録媒体を事務取扱担当者が手渡しで授受すること。", "electronic"),
        ("持ち出しを許可された場合でも、暗号化した媒体を用いること。", None),  # a safeguard
        ("取扱状況を記載した点検表を提出すること。", "written"),
        ("ハッシュ値を記載した一覧を添付すること。", "written"),
        ("国籍を記載した「要員等情報提出書」を提出すること。", "written"),
    ],
)
def test_form_of_a_choice_of_media_and_of_named_documents(text, form):
    assert slots.form(text) == form


@pytest.mark.parametrize(
    ("text", "approval"),
    [
        ("事前に書面で発注者の承認を得ること。", "prior_written_approval"),
        ("甲の事前の書面承諾を得ること。", "prior_written_approval"),
        ("委託者の書面による許諾を得ること。", "prior_written_approval"),
        ("記載した書面を提出し、発注者の承認を得ること。", "prior_approval"),
        ("あらかじめ県に書面で申請し、承認を得ること。", "prior_approval"),
    ],
)
def test_written_approval_is_the_approval_given_in_writing_not_a_written_application(
    text, approval
):
    assert slots.approval(text, "must") == approval


def test_consent_to_a_services_terms_is_no_approval_and_telling_anyone_is_a_banned_act():
    assert (
        slots.approval("約款への同意のみで利用できる外部サービスに入力してはならない。", "must_not")
        is None
    )
    assert (
        slots.approval("知り得た事項は、いかなる第三者にも話してはならない。", "must_not")
        == "prohibited"
    )
    assert slots.approval("設定値を第三者に明かしてはならない。", "must_not") == "prohibited"


def test_a_ban_with_a_way_out_in_the_next_sentence_is_one_ban_under_that_approval():
    f = frame(
        "受託者は、本業務の全部又は一部を再委託してはならない。やむを得ず再委託する場合は、"
        "委託者の書面による許諾を事前に得ること。",
        "SEC.SUBCONTRACT_APPROVAL",
    )
    assert (f.modality, f.approval, f.form) == ("must_not", "prior_written_approval", "written")
    # two bans are no way out of each other
    g = frame(
        "保護すべき情報は、指定された区画の外に持ち出してはならない。また、官側が認めた機器以外の"
        "記録媒体を当該区画に持ち込んではならない。",
        "SEC.TAKEOUT_RESTRICTION",
    )
    assert (g.modality, g.approval) == ("must_not", "prohibited")


@pytest.mark.parametrize(
    "text",
    [
        # documents and media that are the information handled, not the form of the duty
        "乙は、申請書類及び入力用端末を作業室の外に持ち出してはならない。",
        "提出された書面に個人番号が記載されていた場合、直ちに黒塗りすること。",
        "他の患者の文書の混在がないことを確認すること。",
        "設計書、その写し、電子ファイルその他の形態を問わず、第三者に開示してはならない。",
        "保護すべき情報を記録した文書、図面及び電磁的記録を基地の外へ持ち出してはならない。",
        # regression: a named kind of document was a written form wherever it appeared
        "乙は、作業時間外は申請書を施錠できる保管庫に保管すること。",
        "受託者は、届出書に記載された番号を他の目的で照会してはならない。",
        "乙は、申請書を読み取る際、申請書の個人番号欄を覆って作業すること。",
        "受注者は、本番環境での作業を、作業計画書に記載した時間帯に限ること。",
        "受注者は、回答を報告書に引用するときは、回答者の特定につながる記述を伏せること。",
    ],
)
def test_form_words_naming_the_information_handled_are_no_form(text):
    assert slots.form(text) is None


def test_the_contractors_own_duty_comes_before_the_issuers_right_to_ask():
    text = (
        "乙は、四半期ごとに個人情報の管理の状況を書面で甲に報告しなければならない。甲は、必要が"
        "あると認めるときは、乙に対し臨時に報告を求め、又は職員を立ち入らせて調査することができる。"
    )
    f = frame(text, "SEC.COMPLIANCE_REPORTING")
    assert (f.actor, f.modality, f.form) == ("contractor", "must", "written")
    # the contractor's mere acceptance of the right does not outrank the right itself
    g = frame(
        "当機構は、請負者に報告を求め、又は請負者の事業所に立ち入って調査することができる。"
        "請負者は、正当な理由なくこれを拒んではならない。",
        "SEC.COMPLIANCE_REPORTING",
    )
    assert (g.actor, g.modality) == ("issuer", "may")


def test_a_ban_takes_the_form_of_the_application_its_way_out_hands_in():
    text = (
        "本業務の主たる部分を再委託することは認めない。付随的な作業を再委託しようとするときは、"
        "再委託先の名称を記した申請書を提出して事前に本県の承認を受けること。"
    )
    assert frame(text, "SEC.SUBCONTRACT_APPROVAL").form == "written"
    # but not the form of a sentence about another of the clause's requirements
    text = (
        "インシデントを認知したときは、直ちに電話で連絡すること。また、業務に支障を来さないよう、"
        "対処手順を作業開始前に書面で示しておくこと。"
    )
    (frames,) = extract_obligations(
        [(normalize(text), ["SEC.INCIDENT_REPORTING", "SEC.INCIDENT_PREPAREDNESS"])], [text]
    )
    assert [f.form for f in frames] == [None, "written"]


@pytest.mark.parametrize(
    ("text", "requirement", "modality"),
    [
        # the subject of training is no ban
        (
            "請負者は、従事者に対し、再識別の禁止について着手前に教育を行うこと。",
            "SEC.STAFF_TRAINING_SUPERVISION",
            "must",
        ),
        # 「禁ずる」 is one, and the clause's heading does not pick the duty
        (
            "（作業場所及び持出しの禁止）乙は、作業を分析室においてのみ行うものとする。データを分析室から"
            "持ち出すことは、甲の書面による承認がない限り、これを禁ずる。",
            "SEC.TAKEOUT_RESTRICTION",
            "must_not",
        ),
        # 「…することがある」 is the issuer's may
        (
            "当機構は、請負者の拠点において管理状況を確認することがある。請負者は、その確認を受け入れること。",
            "SEC.AUDIT_ACCEPTANCE",
            "may",
        ),
        # 「ただし、…この限りでない」 lifts the ban before it, whatever words that ban uses
        (
            "受注者は、保護すべき情報に接する作業を下請負者に行わせてはならない。ただし、官の書面による"
            "承認を得たときはこの限りでなく、受注者は同等の義務を下請負者に課すものとする。",
            "SEC.SUBCONTRACT_APPROVAL",
            "must_not",
        ),
        # a ban reported as the content of a duty is no ban
        (
            "研修の教材には、名簿にない者に記録を見せてはならないことを盛り込むこと。",
            "SEC.STAFF_TRAINING_SUPERVISION",
            "must",
        ),
        # an act coordinated before a ban is done; the ban is the next duty's
        (
            "利用者のデータは、国内のデータセンターに保管し、国外の拠点に複製し、又は移転してはならない。",
            "SEC.CLOUD_DATA_JURISDICTION",
            "must",
        ),
        (
            "受注者は、印字データを暗号化して保管し、作業用端末を外部のネットワークと接続しないこと。",
            "SEC.INFO_PROTECTION_MEASURES",
            "must",
        ),
        # … but 「…に限り、」 qualifies the ban
        (
            "作業場所は日本国内に限り、区の承認なく変更してはならない。",
            "SEC.WORK_LOCATION_CONTROL",
            "must_not",
        ),
        # a ban-kind requirement's ban, even in other words than its triggers
        (
            "監視業務は、当省の監視室においてのみ行うこと。監視センターは専用の区画とし、通信ログを"
            "区画の外にある端末に保存してはならない。",
            "SEC.TAKEOUT_RESTRICTION",
            "must_not",
        ),
        # the issuer's coordinated may (「…解除でき、」) and a right the contractor may not object to
        (
            "違反があったときは、区は催告なく契約を解除でき、受注者は区が被った損害を賠償するものとする。",
            "SEC.BREACH_CONSEQUENCES",
            "may",
        ),
        (
            "事故が生じたときは、区はその概要を公表できるものとし、受注者はこれに異議を述べないものとする。",
            "SEC.INCIDENT_RESPONSE_COOPERATION",
            "may",
        ),
        # a way out in which the issuer approves lifts the ban before it
        (
            "受注者は、本業務を再委託することができない。ただし、発送の作業に限っては、区が書面で"
            "許諾したときに再委託を認める。",
            "SEC.SUBCONTRACT_APPROVAL",
            "must_not",
        ),
        # 「…も同様とする」 repeats the duty before it
        (
            "受託者は、患者情報を本業務以外に利用してはならない。営業その他の用途への転用も同様とする。",
            "SEC.PURPOSE_LIMITATION",
            "must_not",
        ),
        # cannot refuse is must accept; cannot take out is a ban
        (
            "区は、必要に応じて作業場所を訪れて点検するものとし、受注者はこれを拒むことができない。",
            "SEC.AUDIT_ACCEPTANCE",
            "must",
        ),
        (
            "受注者は、区の承諾がなければ、貸与した台帳を事務所の外へ持ち出すことができない。",
            "SEC.TAKEOUT_RESTRICTION",
            "must_not",
        ),
        # how things are arranged (the issuer hands out accounts) binds no one; the sentence that
        # binds the contractor is the duty
        (
            "作業用の端末は、区が作業日ごとに貸し出し、作業の終了時に回収する。"
            "受注者は、貸し出された端末を作業場所の外へ持ち出してはならない。",
            "SEC.TAKEOUT_RESTRICTION",
            "must_not",
        ),
    ],
)
def test_modality_of_bans_headings_and_the_issuers_occasional_checks(text, requirement, modality):
    assert frame(text, requirement).modality == modality


def test_an_exception_of_the_next_sentence_belongs_to_it_when_that_sentence_is_another_requirements():
    text = (
        "運用作業の実施場所は、本県があらかじめ承認した受注者の国内の事業所に限る。課税データは、"
        "本県の書面による許可を得た場合を除き、これらの場所の外へ持ち出してはならない。"
    )
    (frames,) = extract_obligations(
        [(normalize(text), ["SEC.WORK_LOCATION_CONTROL", "SEC.TAKEOUT_RESTRICTION"])], [text]
    )
    place, takeout = frames
    assert (place.approval, place.form, place.exceptions) == ("prior_approval", None, ())
    assert takeout.approval == "prior_written_approval" and takeout.exceptions
    # a sentence that only states the exception still belongs to the duty before it
    only = "受注者は、取得した情報を本業務以外の目的に利用してはならない。公表されていた情報はこの限りでない。"
    assert frame(only, "SEC.PURPOSE_LIMITATION").exceptions


def test_a_report_draft_is_the_information_not_the_form():
    assert (
        slots.form("報告書の原稿に意図しない記述の混入が生じないよう版の管理を行うこと。") is None
    )


@pytest.mark.parametrize(
    "text",
    [
        "受託者がこの項の規定に違反したときは、本市は契約を解除し、損害の賠償を請求することができる。",
        "（契約の解除等）受注者がこの特約条項に違反したときは、官は契約の全部又は一部を解除することが"
        "できる。受注者は、違反によって官に生じた損害を賠償する責任を負う。",
    ],
)
def test_the_issuers_right_is_the_issuers_after_a_condition_and_in_a_defence_contract(text):
    f = frame(text, "SEC.BREACH_CONSEQUENCES")
    assert (f.actor, f.modality) == ("issuer", "may")


def test_the_flow_down_duty_is_the_positive_one_not_the_ban_on_subcontracting_beside_it():
    text = (
        "契約相手方は、調査票情報を取り扱う作業を第三者に委託してはならない。調査票の封入等の作業を"
        "委託するときは、あらかじめ書面で当省の承認を得るとともに、本項と同等の措置を委託先にも"
        "講じさせること。"
    )
    assert frame(text, "SEC.SUBCONTRACT_FLOWDOWN").modality == "must"


def test_flowdown_is_the_flow_down_duty_and_a_duty_that_binds_the_subcontractor_in_its_sentence():
    text = (
        "受託者は、本業務を再委託する場合、本市の書面による許諾を得なければならない。"
        "受託者は、全ての段階の委託先に本項と同等の措置を講じさせること。"
    )
    (frames,) = extract_obligations(
        [(normalize(text), ["SEC.SUBCONTRACT_APPROVAL", "SEC.SUBCONTRACT_FLOWDOWN"])], [text]
    )
    assert [f.flowdown for f in frames] == [False, True]
    text = "受注者は、知り得た情報を第三者に漏らしてはならず、再委託先にもこれを遵守させること。"
    assert frame(text, "SEC.CONFIDENTIALITY").flowdown


def test_a_means_stated_earlier_in_the_sentence_is_the_form_of_the_same_act():
    text = "甲から乙への分析対象データの引渡しは、暗号化した記録媒体を用い、甲の庁舎内で手渡しにより行う。"
    assert frame(text, "SEC.SECURE_TRANSFER").form == "electronic"
    # the issuer's written designation is not the contractor's form
    assert slots.form("診断は、当機構が書面で指定した範囲内に限って実施すること。") is None


def test_a_report_in_two_stages_is_made_in_the_form_of_its_written_report():
    text = (
        "事業者は、セキュリティ事故を把握したときは、二時間以内に電話及び電子メールで通報し、"
        "原因を記した報告書を五営業日以内に提出すること。"
    )
    assert frame(text, "SEC.INCIDENT_REPORTING").form == "written"


@pytest.mark.parametrize(
    ("text", "qualifier", "days"),
    [
        ("本町が指定する期限までに改善を行うこと。", "within", None),
        ("損紙はその日のうちに裁断すること。", "within", None),
        ("当日中に返却すること。", "within", None),
        ("受注者は５開庁日以内に書面で回答すること。", "within", 5.0),
        ("調査が終わり次第、そのUSBメモリを当省に返却すること。", "immediately", None),
        ("控えは、回収を終えた月の末日までに裁断すること。", "within", None),
        ("協議で決めた改善策を期日までに実施すること。", "within", None),
        ("改善策を期限内に実施し、結果を報告すること。", "within", None),
        ("付与した権限は同日中に削除すること。", "within", None),
        # regression: the day itself, the day before and the next office day
        ("一時ファイルは、検品を終えた日のうちに削除すること。", "within", None),
        ("氏名を記載した書面を、業務開始の前日までに届け出ること。", "within", None),
        ("報告書を翌開庁日までに提出すること。", "within", None),
    ],
)
def test_dates_set_later_the_same_day_and_office_days(text, qualifier, days):
    d = slots.deadline(normalize(text).text)
    assert d is not None and (d.qualifier, d.days) == (qualifier, days)


def test_a_deadline_still_to_be_set_states_no_time():
    # 「期限を定めて」 says a time will be agreed, not when: the development set of the twentieth
    # session reads it so in 4 of 5 frames (the older dense lines read it as a time limit)
    assert (
        slots.deadline(normalize("発注者と協議の上、期限を定めて是正の措置を講ずること。").text)
        is None
    )


def test_a_report_in_two_stages_is_due_at_the_first():
    text = (
        "保護すべき情報の漏えいが生じたときは、契約相手方は、直ちにその概要を官に口頭で通報し、"
        "３日以内に事故報告書を提出しなければならない。"
    )
    deadline = frame(text, "SEC.INCIDENT_REPORTING").deadline
    assert deadline is not None and (deadline["qualifier"], deadline["days"]) == (
        "immediately",
        None,
    )


def test_a_time_stated_in_another_sentence_about_the_same_duty_applies():
    text = (
        "ウェブサイトの月間稼働率は９９．９％以上とすること。閲覧できない状態を検知したときは、"
        "４時間以内に復旧させること。"
    )
    deadline = frame(text, "SEC.SERVICE_LEVEL").deadline
    assert deadline is not None and deadline["qualifier"] == "within"


def test_terms_a_document_defines_carry_the_scope_of_their_definition():
    glossary = slots.glossary(
        [
            "この章で「調査情報」とは、当省が貸与する名簿等の資料、並びに請負者が本調査の過程で収集し、"
            "又は作成する調査票その他一切の情報をいう。",
            "この特記事項において「利用者情報」とは、利用登録者の氏名、住所及び電話番号をいい、"
            "これらを含むバックアップを含むものとする。",
            "乙は、個人情報の管理について責任を負う者（以下「管理責任者」という。）を置くこと。",
            "発注者から提供を受けた情報（以下「貸与情報」という。）",
        ]
    )
    # a person is no information, whatever words define them
    assert glossary == {
        "調査情報": "provided_and_created",
        "利用者情報": "personal",
        "貸与情報": "provided",
    }
    text = "請負者は、調査情報の漏えいを防止するため、記録媒体の暗号化等の対策を講ずること。"
    (frames,) = extract_obligations(
        [(normalize(text), ["SEC.INFO_PROTECTION_MEASURES"])], [text], glossaries=[glossary]
    )
    assert frames[0].scope == "provided_and_created"
    # the clause's own words come first
    assert slots.scope("個人情報を含む調査情報", glossary) == "personal"


@pytest.mark.parametrize(
    ("text", "requirement", "modality"),
    [
        # a ban listed among measures is a measure
        (
            "乙は、漏えいを防ぐため、端末へのUSB機器の接続禁止、画面ロックその他の必要な措置を講じなければならない。",
            "SEC.INFO_PROTECTION_MEASURES",
            "must",
        ),
        # the positive place before the ban is the duty of the place
        (
            "画像化作業は、当院が提供する作業室においてのみ行い、診療録を院外に搬出してはならない。",
            "SEC.WORK_LOCATION_CONTROL",
            "must",
        ),
        (
            "当省は、受注者の作業場所に職員を派遣し、実施状況を確認できるものとし、受注者はこれに協力すること。",
            "SEC.AUDIT_ACCEPTANCE",
            "may",
        ),
        (
            "受託者は、確認結果を報告すること。本市は予告なく専用室を実地に調査することがあり、"
            "受託者は指摘事項を是正しなければならない。",
            "SEC.AUDIT_ACCEPTANCE",
            "may",
        ),
        # the way out of a ban the sentence before states in other words
        (
            "請負者は、本事業の全部を第三者に請け負わせてはならない。それ以外の作業を再委託しようとするときは、"
            "当機構の事前承認を得ること。",
            "SEC.SUBCONTRACT_APPROVAL",
            "must_not",
        ),
    ],
)
def test_modality_of_listed_bans_places_rights_and_ways_out(text, requirement, modality):
    assert frame(text, requirement).modality == modality


def test_a_duty_takes_the_form_of_what_it_goes_on_to_hand_in():
    text = "前項の検査の結果、不適合と認めたときは、請負者は直ちにこれを是正し、是正の内容を書面で報告すること。"
    assert frame(text, "SEC.REMEDIATION").form == "written"


def test_returning_or_erasing_has_no_form_its_certificate_has():
    text = (
        "受注者は、提供を受けた資料を返却し、又は復元できない方法で消去した上で、"
        "その旨を書面で報告すること。"
    )
    (frames,) = extract_obligations(
        [(normalize(text), ["SEC.RETURN_DISPOSAL", "SEC.DISPOSAL_CERTIFICATION"])], [text]
    )
    forms = {f.requirement_id: f.form for f in frames}
    assert forms == {"SEC.RETURN_DISPOSAL": None, "SEC.DISPOSAL_CERTIFICATION": "written"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a duty that states its own must is not the ban that follows it
        (
            "受託者は、管理区域でのみ特定個人情報を取り扱うものとし、当該区域の外へ特定個人情報を"
            "持ち出してはならない。",
            {"SEC.WORK_LOCATION_CONTROL": "must", "SEC.TAKEOUT_RESTRICTION": "must_not"},
        ),
        # a ban ending in 「ならず、」 is a duty of its own
        (
            "受注者は、提供された資料を本業務以外の目的で使用してはならず、複製する場合は当庁の"
            "了承を得ること。",
            {"SEC.PURPOSE_LIMITATION": "must_not", "SEC.COPY_RESTRICTION": "must"},
        ),
        # a duty beside an unrelated ban in the next sentence is not that ban
        (
            "作業は、官の確認を受けた国内の事業所内の取扱区域においてのみ行うものとする。"
            "保護すべき情報を取扱区域の外へ持ち出してはならない。",
            {"SEC.WORK_LOCATION_CONTROL": "must", "SEC.TAKEOUT_RESTRICTION": "must_not"},
        ),
        # the place of work, not the takeout ban that names the same place as its boundary
        (
            "運用作業の実施場所は、本県があらかじめ承認した受注者の国内の事業所に限る。"
            "課税データは、これらの場所の外へ持ち出してはならない。",
            {"SEC.WORK_LOCATION_CONTROL": "must", "SEC.TAKEOUT_RESTRICTION": "must_not"},
        ),
    ],
)
def test_coordinated_duties_keep_their_own_modality(text, expected):
    by_id = frames_by_requirement(text, *sorted(expected))
    assert {k: f.modality for k, f in by_id.items()} == expected


@pytest.mark.parametrize(
    ("sentence", "modality"),
    [
        ("納品媒体に不正なプログラムが混入していないことを検査すること。", "must"),
        ("再委託は原則として認めない。", "must_not"),
        ("知り得た事項は、他の用途に充ててもならない。", "must_not"),
    ],
)
def test_a_checked_negative_is_no_ban_and_not_permitting_is_one(sentence, modality):
    assert frame(sentence, "SEC.UNINTENDED_CHANGE_PREVENTION").modality == modality


@pytest.mark.parametrize(
    ("text", "scope"),
    [
        ("本事業を通じて入手した当機構の情報を他の目的に使用してはならない。", "provided"),
        ("市から借用した資料は、業務完了後に返却すること。", "provided"),
        ("町から預かったデータは、業務終了後に消去すること。", "provided"),
        (
            "当局から開示された情報（公知の情報を除く。）及び業務の過程で作成した情報を漏らさないこと。",
            "provided_and_created",
        ),
        ("業務中に知ったことは外部に漏らさないこと。", "all"),
        ("契約相手方は、秘密を保全区域外へ搬出してはならない。", "designated"),
        ("受注者は、要機密情報を約款による外部サービスで取り扱ってはならない。", "designated"),
        ("別記「個人情報取扱特記事項」を遵守すること。", None),  # a title, not the information
        ("個人情報保護法を遵守すること。", None),
    ],
)
def test_scope_wordings(text, scope):
    assert slots.scope(text) == scope


def test_a_kind_of_document_handed_in_by_someone_else_is_no_form():
    text = (
        "本人確認書類として提出された写しに個人番号が記載されていたときは、受注者はその部分を"
        "黒塗りした上で保管すること。"
    )
    assert frame(text, "SEC.MYNUMBER_HANDLING").form is None


def test_an_outright_ban_has_no_form():
    text = "受注者は、提供された台帳を、報告書の作成以外の目的に使用してはならない。"
    assert frame(text, "SEC.PURPOSE_LIMITATION").form is None


def test_of_two_duties_that_speak_of_it_the_one_of_the_requirements_kind_is_chosen():
    text = (
        "受託者は、利用者の記録を本業務以外の目的に使用してはならない。"
        "受託者が自社の他の業務の統計に用いることも、目的以外の使用に当たる。"
    )
    assert frame(text, "SEC.PURPOSE_LIMITATION").modality == "must_not"


def test_a_data_centre_as_topic_is_no_issuer():
    text = "データセンターは、国内に所在するものに限る。監視センターは、専用の区画とすること。"
    assert frame(text, "SEC.CLOUD_DATA_JURISDICTION").actor == "contractor"


def test_the_approval_of_subcontracting_is_not_the_binding_of_the_subcontractor_nor_a_note():
    text = (
        "受託者は、区の書面による承諾を得ないで本業務の一部を他の者に行わせてはならない。"
        "承諾を得て再委託する場合、受託者は本条と同等の義務を再委託先に課すものとする。"
    )
    g = frame(text, "SEC.SUBCONTRACT_APPROVAL")
    assert (g.modality, g.approval) == ("must_not", "prior_written_approval")
    text = (
        "業務の一部を他の事業者に行わせる必要が生じたときは、受注者は、あらかじめ当省の承認を"
        "得なければならない。なお、製造元への技術的な問合せは、再委託には当たらない。"
    )
    assert frame(text, "SEC.SUBCONTRACT_APPROVAL").approval == "prior_approval"


def test_a_ban_that_is_another_requirements_is_not_this_ones():
    text = (
        "受注者が知り得た情報は、本業務のためにのみ用いられなければならず、県の承諾なく第三者に"
        "開示されてはならない。"
    )
    ((purpose, confidentiality),) = extract_obligations(
        [(normalize(text), ["SEC.PURPOSE_LIMITATION", "SEC.CONFIDENTIALITY"])], [text]
    )
    assert (purpose.modality, confidentiality.modality) == ("must", "must_not")


def test_the_approval_another_sentence_about_the_duty_asks_for():
    text = (
        "受託者は、作業従事者の氏名を記した名簿を区に提出すること。作業従事者を交代させるときは、"
        "事前に区の承認を得なければならない。"
    )
    assert frame(text, "SEC.PERSONNEL_LIMITATION").approval == "prior_approval"


def test_clauses_without_requirements_are_not_parsed(monkeypatch):
    import pipeline.obligations.frames as frames_module

    parsed: list[str] = []
    real_parse = frames_module.parse

    def counting_parse(texts):
        texts = list(texts)
        parsed.extend(texts)
        return real_parse(texts)

    monkeypatch.setattr(frames_module, "parse", counting_parse)
    texts = [
        "受注者は、事故を知ったときは直ちに区に報告すること。",
        "第３章　納品及び検査",
        "受注者は、貸与した資料を業務の終了後に返却すること。",
    ]
    first, middle, last = extract_obligations(
        [
            (normalize(texts[0]), ["SEC.INCIDENT_REPORTING"]),
            (normalize(texts[1]), []),
            (normalize(texts[2]), ["SEC.RETURN_DISPOSAL"]),
        ],
        texts,
    )
    assert middle == () and not any("納品" in t for t in parsed)
    assert first[0].deadline["qualifier"] == "immediately"
    assert last[0].requirement_id == "SEC.RETURN_DISPOSAL" and last[0].modality == "must"


def test_a_second_topic_in_a_sentence_binds_the_duties_after_it():
    # regression: every duty of a sentence took its first topic, so the issuer's right after
    # 「受託者は…賠償するものとし、」 was read as the contractor's duty
    text = (
        "受託者の過失により市の情報が外部に漏れたときは、受託者は市に生じた損害を賠償するものとし、"
        "市は必要に応じて契約を解除することができる。"
    )
    f = frame(text, "SEC.BREACH_CONSEQUENCES")
    assert (f.actor, f.modality) == ("issuer", "may")
    before = (
        "前条の確認の結果、不備があったときは、受託者は速やかに是正し、その結果を市に報告すること。"
    )
    assert frame(before, "SEC.REMEDIATION").actor == "contractor"


def test_minutes_are_a_period_only_before_a_limit_and_sufficiently_is_none():
    # regression: 「30分以内」 was no deadline, and a later 「５日以内」 was taken instead
    assert slots.deadline(normalize("十分に注意して取り扱うこと").text) is None
    text = "事故を検知したときは、検知から30分以内に電話で報告し、５日以内に報告書を提出すること。"
    assert frame(text, "SEC.INCIDENT_REPORTING").deadline["days"] == 0.0208


def test_the_issuers_coordinated_right_is_a_duty_of_its_own():
    # regression: 「町は…解除でき、受託者は…負担する」 was one duty, bound to the later topic
    text = (
        "受託者がこの項に違反したときは、町は催告なしに契約を解除でき、受託者は町が被った損害を"
        "負担するものとする。"
    )
    f = frame(text, "SEC.BREACH_CONSEQUENCES")
    assert (f.actor, f.modality) == ("issuer", "may")


def test_an_act_the_parser_hangs_on_the_next_duty_s_relative_clause_is_its_own_duty():
    # regression: 「研修を行い、」 was parsed into the relative clause 「研修を受けていない者」 and
    # the training duty took the ban after it
    text = (
        "受託者は、相談員に対し配置前に個人情報の扱いについて研修を行い、研修を受けていない者を"
        "相談業務に就かせないこと。"
    )
    assert frame(text, "SEC.STAFF_TRAINING_SUPERVISION").modality == "must"


def test_acts_coordinated_inside_a_condition_are_no_duties():
    # regression: 「受託者が…違反し、」 became a duty of its own, and the issuer's right was read
    # from it without the condition that follows it
    text = "受託者がこの条の規定に違反し、市に損害を与えた場合は、市は契約を解除し、損害の賠償を請求することができる。"
    f = frame(text, "SEC.BREACH_CONSEQUENCES")
    assert (f.actor, f.modality, f.conditional) == ("issuer", "may", True)


def test_a_verbal_noun_s_dekiru_is_a_may_and_koto_wa_dekinai_a_ban():
    # regressions: 「発注者は、…検査を実施できる。」 was read as the contractor's must, and
    # 「…再委託することはできない。」 as no ban
    right = "発注者は、必要があるときは受注者の作業場所において検査を実施できる。受注者は、これに協力すること。"
    f = frame(right, "SEC.AUDIT_ACCEPTANCE")
    assert (f.actor, f.modality) == ("issuer", "may")
    ban = (
        "受注者は、本業務の全部又は主たる部分を再委託することはできない。その他の部分を再委託するときは、"
        "事前に市の承認を得ること。"
    )
    assert frame(ban, "SEC.SUBCONTRACT_APPROVAL").modality == "must_not"


def test_a_ban_naming_the_work_room_as_its_boundary_is_the_takeout_ban():
    # regression: the work room's words made the ban the work location's, and the takeout
    # restriction took the positive place duty
    text = (
        "入力作業は、受注者の事業所内に設けた専用の作業室で行うこと。申請書及びこれを読み取った"
        "媒体は、作業室の外に出してはならない。"
    )
    by_id = frames_by_requirement(text, "SEC.WORK_LOCATION_CONTROL", "SEC.TAKEOUT_RESTRICTION")
    assert {k: f.modality for k, f in by_id.items()} == {
        "SEC.WORK_LOCATION_CONTROL": "must",
        "SEC.TAKEOUT_RESTRICTION": "must_not",
    }


def test_in_a_clause_of_one_requirement_another_sentence_s_time_is_its_deadline():
    # regression: the change-notice period of the second sentence was lost because that sentence
    # used none of the requirement's trigger words
    text = (
        "本業務の作業に当たる者は、作業計画書に氏名を記載した者に限る。作業に当たる者を追加し、"
        "又は交代させるときは、その者が作業に就く五開庁日前までに県へ届け出ること。"
    )
    d = frame(text, "SEC.PERSONNEL_LIMITATION").deadline
    assert d is not None and (d["qualifier"], d["days"]) == ("within", 5.0)


def test_settings_and_adverbs_cut_no_duty_and_an_equal_later_duty_gives_the_deadline():
    # regressions: 「運用に当たり、」 and 「定期的に」 cut duties of their own, and the deadline of
    # the patching duty after the collecting one was lost
    text = (
        "受注者は、システムの運用に当たり、ソフトウェアの脆弱性情報を定期的に収集し、"
        "緊急性の高い脆弱性については公表から７日以内に対策を講ずること。"
    )
    d = frame(text, "SEC.SYSTEM_SECURITY_REQUIREMENTS").deadline
    assert d is not None and (d["qualifier"], d["days"]) == ("within", 7.0)
    assert not any(s.endswith(("当たり、", "定期的に")) for s in duty_stretches(text))


def test_an_issuer_named_by_the_tender_has_the_right_to_audit():
    # regression: 「教育委員会は、…検査することができる」 was the contractor's, since 教育委員会 is
    # no role word
    text = (
        "教育委員会は、必要に応じ、受託者の事業所に職員を立ち入らせ、本項の履行状況を検査することが"
        "できる。受託者は、この検査に協力しなければならない。"
    )
    f = frame(text, "SEC.AUDIT_ACCEPTANCE")
    assert (f.actor, f.modality) == ("issuer", "may")


def test_a_responsibility_not_to_is_a_ban_and_alternatives_after_only_are_one_ban():
    # regressions: 「…漏えいさせない責任を負う」 was a must, and 「…同意のみで利用できる外部サービスに
    # 保存し、又は…に用いてはならない」 a place of storage before a ban
    duty = "受注者は、業務で知り得た情報を当省の外へ漏えいさせない責任を負う。"
    assert frame(duty, "SEC.CONFIDENTIALITY").modality == "must_not"
    ban = (
        "受注者は、要機密情報を、約款への同意のみで利用できる外部サービスに保存し、又は生成AI"
        "サービスへの入力に用いてはならない。"
    )
    assert frame(ban, "SEC.EXTERNAL_SERVICE_RESTRICTION").modality == "must_not"


@pytest.mark.parametrize(
    "text",
    [
        # regressions: a flat ban on sharing, handling, putting or receiving information in a
        # service used on its terms alone had no approval; like putting it in, it is using it
        "診断情報を無償のオンラインストレージ、チャットサービスその他の約款型外部サービスで"
        "共有してはならない。",
        "受注者は、要機密情報を約款型の外部サービスで取り扱わないこと。",
        "乙は、移行用データを、約款に同意するだけで使えるオンラインストレージに置いてはならない。",
    ],
)
def test_a_flat_ban_on_a_terms_only_service_is_prohibited_whatever_the_use(text):
    f = frame(text, "SEC.EXTERNAL_SERVICE_RESTRICTION")
    assert (f.modality, f.approval) == ("must_not", "prohibited")


def test_the_issuer_stating_what_it_does_is_its_right():
    # regression: 「当機構は、…検査する。」 in an audit clause was the contractor's must
    text = (
        "当機構は、必要と認めるときは受託者の事業所に職員を派遣し、本項の措置の実施状況を検査する。"
        "受託者は、指摘された事項について改善策を講じること。"
    )
    f = frame(text, "SEC.AUDIT_ACCEPTANCE")
    assert (f.actor, f.modality) == ("issuer", "may")


def test_an_incident_clause_opened_by_the_issuers_act_is_that_act():
    # regression: 「甲は、…事故の内容…を公表することができる。乙は、…確認に応じなければならない。」
    # was the contractor's must; the clause is about what the issuer does, the contractor's part
    # answers it; opened by the contractor's cooperation, it stays the contractor's
    opened_by_issuer = (
        "甲は、前項の事故が生じた場合、必要な範囲で事故の内容及び乙の名称を公表することができる。"
        "乙は、公表に先立つ事実関係の確認に応じなければならない。"
    )
    f = frame(opened_by_issuer, "SEC.INCIDENT_RESPONSE_COOPERATION")
    assert (f.actor, f.modality) == ("issuer", "may")
    opened_by_contractor = (
        "乙は、前項の事故について甲が行う調査に協力しなければならない。"
        "甲は、必要と認めるときは、事故の内容を公表することができる。"
    )
    f = frame(opened_by_contractor, "SEC.INCIDENT_RESPONSE_COOPERATION")
    assert (f.actor, f.modality) == ("contractor", "must")


@pytest.mark.parametrize(
    "text",
    [
        # regressions: binding the subcontractor without も was not found, so the flow-down took
        # the application's sentence as its duty, and with it that application's form
        "受注者は、本業務の一部を再委託する場合、再委託先の名称、再委託する業務の範囲及び再委託を"
        "必要とする理由を記載した申請書を提出して当省の承認を得ること。あわせて、再委託先の資本関係"
        "・役員、作業場所、従事者の所属・専門性・実績・国籍に関する情報を提出し、再委託先に本項の"
        "対策を実施させること。",
        "請負者は、本業務の一部を再委託しようとするときは、再委託先の名称、業務の範囲及び7.4に"
        "掲げる事項を記した書面を事前に提出し、当機構の承認を受けること。承認を受けた再委託先には、"
        "本章の事項を守らせること。",
    ],
)
def test_binding_the_subcontractor_without_also_is_the_flow_down(text):
    f = frames_by_requirement(text, "SEC.SUBCONTRACT_APPROVAL", "SEC.SUBCONTRACT_FLOWDOWN")
    assert f["SEC.SUBCONTRACT_FLOWDOWN"].form is None
    assert f["SEC.SUBCONTRACT_APPROVAL"].form == "written"
    # the slot of another duty still asks for its も
    assert not slots.flowdown("再委託先に本項の対策を実施させること。")


def test_a_plan_for_moving_out_handed_in_is_written_and_a_repeated_duty_takes_the_form_before():
    # regressions: a cloud exit's procedure handed in had no form, as if it were the return that a
    # disposal certificate records; 「…同様とする」 repeating a report took no form from it
    text = (
        "受注者は、契約の終了時に後継の事業者が申請データを引き継げるよう、全データをＣＳＶ形式で"
        "出力する手順を運用開始前に定め、本県に提出すること。"
    )
    assert frame(text, "SEC.CLOUD_EXIT").form == "written"
    returned = "受注者は、契約の終了時に全データを本県に引き渡し、消去証明書を提出すること。"
    assert frame(returned, "SEC.CLOUD_EXIT").form is None
    repeated = (
        "受注者は、本項に定める対策をどのように履行しているかを、月次の作業報告書の所定欄に記載"
        "して発注者に報告すること。発注者が必要と認めて臨時に報告を求めたときも、同様とする。"
    )
    assert frame(repeated, "SEC.COMPLIANCE_REPORTING").form == "written"


def test_my_number_subcontracting_takes_the_subcontractings_approval_and_form():
    # regression: 「…再委託は、原則として認めない。やむを得ず再委託する場合は、…書面による許諾を
    # 得ること」 gave the subcontracting frame the written approval but left the My Number frame,
    # which is that subcontracting, a flat prohibition
    text = (
        "特定個人情報を取り扱う作業の再委託は、原則として認めない。やむを得ず再委託する場合は、"
        "再委託先が更に委託する場合を含め、その都度本町の書面による許諾を得ること。"
    )
    f = frames_by_requirement(text, "SEC.MYNUMBER_HANDLING", "SEC.SUBCONTRACT_APPROVAL")
    for requirement in ("SEC.MYNUMBER_HANDLING", "SEC.SUBCONTRACT_APPROVAL"):
        assert (f[requirement].approval, f[requirement].form) == (
            "prior_written_approval",
            "written",
        )


def test_preparations_for_an_incident_approved_beforehand_take_that_approval():
    # regression: the taxonomy lists no approval for INCIDENT_PREPAREDNESS, so 「…手順を運用計画書
    # に定め、運用開始前に当省の承認を受けること」 had none; the gold reads it prior_approval
    text = (
        "受注者は、インシデント発生時の対応手順と連絡体制を運用計画書に定め、運用開始前に当省の"
        "承認を受けること。"
    )
    f = frame(text, "SEC.INCIDENT_PREPAREDNESS")
    assert (f.approval, f.form) == ("prior_approval", "written")


@pytest.mark.parametrize(
    "text",
    [
        # regressions: a change of staff told in other words had no approval
        "従事者の欠員を補うときは、補充する者の氏名を記した変更届を、その者の作業開始の前日までに"
        "甲に提出すること。",
        "要員に異動があるときは、異動の日の前日までに名簿を差し替えること。",
        "要員の変更は事前に当機構に申し出ること。",
    ],
)
def test_a_change_told_in_other_words_is_a_notification(text):
    assert slots.approval(normalize(text).text, "must") == "notification"


def test_what_the_issuer_asks_of_the_contractor_is_the_contractors_duty():
    # regression: 「当省は、受注者に対し、…情報の提出を求める。」 gave the issuer as the actor
    text = (
        "当省は、受注者に対し、資本関係及び役員に関する情報、集計作業を行う拠点の所在地、並びに"
        "調査員及び集計担当者の所属、専門性、実績及び国籍に関する情報の提出を求める。"
    )
    f = frame(text, "SEC.SUPPLIER_DISCLOSURE")
    assert (f.actor, f.modality) == ("contractor", "must")


def test_the_issuers_right_to_audit_has_no_form():
    # regression: 「県は、…審査報告書の提示を求め、又は運用拠点に立ち入ることができる」 gave the
    # audit right the form written from the report it may ask to see; the right is the issuer's,
    # no act of the contractor's a form is asked of (no gold frame of the right has a form)
    text = (
        "県は、受託者の対策の状況を確認するため、受託者が受けた第三者認証の審査報告書の提示を求め、"
        "又は運用拠点に立ち入ることができる。"
    )
    f = frame(text, "SEC.AUDIT_ACCEPTANCE")
    assert (f.actor, f.modality, f.form) == ("issuer", "may", None)


def test_a_disposal_takes_no_deadline_from_its_certificate_later_in_the_sentence():
    # regression: the later duty that speaks of erasing (the certificate) gave its time to it
    text = (
        "受注者は、移行の完了を確認した後、作業用サーバに残るデータを消去し、消去した機器及び方法を"
        "記した報告書を消去の日から10日以内に提出すること。"
    )
    assert frame(text, "SEC.RETURN_DISPOSAL").deadline is None


def test_a_disposal_stretch_is_due_by_its_own_words_not_by_its_report():
    # regression: 「…消去した上で、…報告書を10開庁日以内に提出」 is one stretch, and the disposal
    # took the report's time
    text = (
        "受注者は、契約期間の満了時に、受注者の環境に保存された本業務の情報を抹消した上で、抹消した"
        "情報の範囲及び方法を記した報告書を１０開庁日以内に提出すること。"
    )
    by_id = frames_by_requirement(text, "SEC.RETURN_DISPOSAL", "SEC.DISPOSAL_CERTIFICATION")
    disposal = by_id["SEC.RETURN_DISPOSAL"].deadline
    assert disposal is None or disposal["days"] is None
    assert by_id["SEC.DISPOSAL_CERTIFICATION"].deadline["days"] == 10.0


def test_a_clause_of_one_requirement_gives_its_time_whatever_the_requirement():
    # regression: a requirement with no deadline among its taxonomy attributes (ACCESS_SCOPE)
    # lost the time its clause's other sentence states
    text = (
        "受託者の従事者が利用できるデータの範囲は、市が付与するアカウントの権限の範囲内に限られる。"
        "受託者は、従事者の退職の際には直ちに市にアカウントの削除を申請すること。"
    )
    d = frame(text, "SEC.ACCESS_SCOPE").deadline
    assert d is not None and d["qualifier"] == "immediately"


def test_an_incident_report_is_conditional_however_worded():
    # regression: 「再委託先で生じたインシデントについても、…報告すること」 has no とき or 場合, yet
    # the duty is owed only once an incident happens
    text = "再委託先で生じた情報セキュリティインシデントについても、受注者が取りまとめて県へ報告すること。"
    assert frame(text, "SEC.INCIDENT_REPORTING").conditional is True
    assert (
        frame("受注者は、知り得た情報を第三者に漏らさないこと。", "SEC.CONFIDENTIALITY").conditional
        is False
    )
    plan = (
        "受注者は、事故が生じた場合にも業務が滞らないよう、連絡の経路及び初動の手順を定めた計画を"
        "作成し、業務の開始前に県へ提出すること。"
    )
    assert frame(plan, "SEC.INCIDENT_PREPAREDNESS").conditional is False


def test_a_ban_with_a_way_out_is_as_unconditional_as_the_ban():
    # regression: the obligation is the ban, but its conditional flag came from the sentence of
    # the way out (「…再委託するときは、…承認を受けること」)
    text = (
        "受注者は、本業務の全部又は主たる部分を第三者に委託してはならない。それ以外の部分を再委託"
        "するときは、承認申請書を提出して当庁の承認を受けること。"
    )
    f = frame(text, "SEC.SUBCONTRACT_APPROVAL")
    assert (f.modality, f.conditional) == ("must_not", False)


def test_a_ban_on_the_unlisted_is_the_act_of_limiting_who_works():
    # regression: the written convention reads a staff limitation worded as a ban on anyone not
    # listed as the act of limiting (must); the rule read the ban
    text = "乙は、一覧表に記載のない者に申請書を開封させ、又は入力端末を操作させてはならない。"
    assert frame(text, "SEC.PERSONNEL_LIMITATION").modality == "must"
    # a confidentiality ban is still a ban
    assert frame(text, "SEC.CONFIDENTIALITY").modality == "must_not"


def test_training_before_assignment_has_its_deadline():
    # regression: training had no deadline among its attributes, so 「着手前に」 before the first
    # of its coordinated duties was lost
    text = "受注者は、作業従事者に対し、着手前に本章の内容について教育を行い、各人から誓約書を徴すること。"
    d = frame(text, "SEC.STAFF_TRAINING_SUPERVISION").deadline
    assert d is not None and d["anchor"] == "before_start"


def test_a_change_that_needs_approval_outranks_the_rosters_notification():
    # regression: 「…届け出た者に限る。…交代させるときは、…了承を得ること」 gave notification
    text = (
        "住民データに触れる作業は、市に届け出た移行担当者に限って行わせること。移行担当者を交代させる"
        "ときは、交代の七日前までに市の了承を得ること。"
    )
    assert frame(text, "SEC.PERSONNEL_LIMITATION").approval == "prior_approval"


def test_an_outright_ban_on_carrying_out_or_in_is_prohibited():
    # regression: 搬出 and 持ち込み were no bannable acts, so the ladder said nothing
    out = "受注者は、受領した申告書を作業室から搬出してはならない。"
    into = "乙は、保全区域に私有の携帯電話その他記録機能を有する機器を持ち込ませてはならない。"
    for text in (out, into):
        assert frame(text, "SEC.TAKEOUT_RESTRICTION").approval == "prohibited"


def test_a_first_stage_sets_the_time_before_a_calendar_date():
    # regression: 「翌開庁日までに」 later in the stretch overrode the 「直ちに」 of the first report
    text = (
        "事故を知ったときは、直ちに電話で知らせ、経緯を記した報告書を翌開庁日までに提出すること。"
    )
    d = slots.deadline(normalize(text).text)
    assert d is not None and d.qualifier == "immediately"


def test_an_issuer_named_by_its_initials_before_the_contractors_topic_has_the_right():
    # regression: 「ＮＰＡは、…検査を行うことができ、受託者は…」 took the later 受託者 as its
    # subject, since the initials are no role word, so the right read as the contractor's must
    text = (
        "受託者は、四半期ごとに本項の実施状況を報告すること。ＮＰＡは、記録を確かめるため受託者の"
        "事業所で実地の検査を行うことができ、受託者はこれに協力しなければならない。"
    )
    f = frames_by_requirement(text, "SEC.COMPLIANCE_REPORTING", "SEC.AUDIT_ACCEPTANCE")
    assert (f["SEC.AUDIT_ACCEPTANCE"].actor, f["SEC.AUDIT_ACCEPTANCE"].modality) == (
        "issuer",
        "may",
    )
    assert f["SEC.COMPLIANCE_REPORTING"].actor == "contractor"


def test_a_change_of_the_listed_staff_is_no_way_out_of_a_ban_on_the_unlisted():
    # regression: 「届け出た名簿に記載した者以外に…させてはならない。入れ替えるときは…承認を得る
    # こと」 read the approval of the change as the way out of a ban, so the limitation was a ban
    text = (
        "受託者は、届け出た名簿に記載した者以外に調査票を扱わせてはならない。名簿の者を入れ替える"
        "ときは、あらかじめ委託者の承認を得なければならない。"
    )
    f = frame(text, "SEC.PERSONNEL_LIMITATION")
    assert (f.modality, f.approval) == ("must", "prior_approval")


def test_a_remediation_plan_drawn_up_is_no_form_but_one_handed_in_is():
    # regression: 「改善計画を作成し、…是正すること」 gave remediation, a duty whose kind has no
    # form, the written form of the plan it drafts on the way
    drafted = (
        "不備が判明したときは、受託者は発注者と協議の上で改善計画を作成し、期限までに是正すること。"
    )
    assert frame(drafted, "SEC.REMEDIATION").form is None
    handed_in = "不備が判明したときは、受託者は改善計画を提出の上、期限までに是正すること。"
    assert frame(handed_in, "SEC.REMEDIATION").form == "written"
    # an incident-response plan is still a document of the kind that has a form
    plan = "受託者は、着手前にインシデント対応計画を作成すること。"
    assert frame(plan, "SEC.INCIDENT_PREPAREDNESS").form == "written"


def test_those_the_issuer_did_not_confirm_are_the_unlisted():
    # regression: 「…名簿を提出し、甲の確認を受けた者以外の者に…取り扱わせてはならない」 read the
    # limitation as a ban, since only 「名簿に記載のない者」 was known as the unlisted
    text = (
        "乙は、取扱者の氏名及び所属を記した名簿を甲に提出し、甲の確認を受けた者以外の者に調査票を"
        "取り扱わせてはならない。"
    )
    f = frame(text, "SEC.PERSONNEL_LIMITATION")
    assert (f.modality, f.form) == ("must", "written")


def test_not_permitted_is_a_ban():
    # regression: 「…以外に用いることも許されない」 was read as a must
    text = "受注者は、業務で知った診療情報を本業務以外に用いることは許されない。"
    assert frame(text, "SEC.PURPOSE_LIMITATION").modality == "must_not"


def test_what_a_service_can_do_is_a_function_it_must_have():
    # regression: 「本サービスは、…を提示できるものとし」 was a permission (may)
    text = "本サービスは、稼働率の保証値を定めたSLAを提示できるものとし、その内容を利用契約に定めること。"
    assert frame(text, "SEC.SERVICE_LEVEL").modality == "must"
    # a party's できる is still its permission
    right = "発注者は、必要に応じて受注者の作業場所を検査することができる。"
    assert frame(right, "SEC.AUDIT_ACCEPTANCE").modality == "may"


def test_the_issuers_officials_are_the_issuer_and_the_contractors_are_staff():
    # regression: 「甲の職員は、…調べることができ、乙は…」 had no role, so the later 乙 took the
    # right and it read as the contractor's must
    text = (
        "履行状況を確かめるため、甲の職員は、乙の作業区画に入って調べることができ、乙はこれに"
        "応じなければならない。"
    )
    f = frame(text, "SEC.AUDIT_ACCEPTANCE")
    assert (f.actor, f.modality) == ("issuer", "may")
    staff = "受託者の職員は、業務で知り得た情報を他に漏らしてはならない。"
    assert frame(staff, "SEC.CONFIDENTIALITY").actor == "staff"


def test_a_retention_period_is_its_days_without_a_time_limit():
    # regression: 「録音日から９０日を経過したものを消去」 read as 'within 90 days'
    d = slots.deadline(
        normalize("通話記録は、録音日から９０日を経過したものを順次消去すること。").text
    )
    assert d is not None and (d.days, d.qualifier, d.anchor) == (90.0, None, "on_event")
    d = slots.deadline(normalize("調査期間の終了から一か月を経過した日に削除すること。").text)
    assert d is not None and (d.days, d.qualifier, d.anchor) == (30.0, None, "on_completion")
    # a limit is still a limit
    d = slots.deadline(normalize("契約の終了から３０日以内に消去すること。").text)
    assert d is not None and (d.days, d.qualifier) == (30.0, "within")


def test_a_vulnerability_fix_is_due_within_its_days_after_publication():
    # regression: the patch time of a system's vulnerability handling was never read, since its
    # requirement listed no deadline (taxonomy 2026.11.7)
    text = (
        "受注者は、本システムを構成するソフトウェアの脆弱性情報を継続的に収集し、緊急度の高いもの"
        "については公表から７日以内に修正を適用すること。"
    )
    d = frame(text, "SEC.SYSTEM_SECURITY_REQUIREMENTS").deadline
    assert d is not None and (d["days"], d["qualifier"], d["anchor"]) == (7.0, "within", "on_event")


def test_an_incident_report_is_not_the_preparation_done_before_the_work_starts():
    # regression: the preparedness sentence (「インシデント発生時の連絡体制を定め、業務開始前に
    # …示すこと」) has more of the report's words, so the report took its time (開始前)
    text = (
        "受託者は、情報セキュリティインシデントを検知したときは、検知から１時間以内に発注者へ"
        "第一報を入れること。また、インシデント発生時の連絡体制及び初動の手順を定め、業務開始前に"
        "発注者へ書面で示すこと。"
    )
    f = frames_by_requirement(text, "SEC.INCIDENT_REPORTING", "SEC.INCIDENT_PREPAREDNESS")
    report = f["SEC.INCIDENT_REPORTING"].deadline
    assert report is not None and (report["qualifier"], report["anchor"]) == ("within", "on_event")
    prepared = f["SEC.INCIDENT_PREPAREDNESS"].deadline
    assert prepared is not None and prepared["anchor"] == "before_start"


def test_a_heading_alone_and_a_manner_word_are_no_duties():
    # regression: the heading 「（指示）」 was the first duty and, with no trigger words anywhere,
    # was chosen for remediation, which then read as the issuer's right to instruct
    text = (
        "（指示）甲は、乙の取扱いが適切でないと認めるときは、乙に対し必要な措置を指示することが"
        "できる。乙は、指示を受けた事項を速やかに改め、その結果を書面で甲に報告しなければならない。"
    )
    f = frame(text, "SEC.REMEDIATION")
    assert (f.actor, f.modality) == ("contractor", "must")
    second = "乙は、指示を受けた事項を速やかに改め、その結果を書面で甲に報告しなければならない。"
    assert not any(s.endswith("速やかに") for s in duty_stretches(second))


def test_the_supply_chain_disclosure_handed_in_as_a_document_is_written():
    # regression: the supplier disclosure listed no form, so 「…を記載した書面を…提出すること」
    # followed by its enumerated items had none (taxonomy 2026.11.8)
    text = (
        "受託者は、次の事項を記載した書面を、契約締結後１週間以内に発注者に提出すること。"
        "(ア) 資本関係及び役員の情報 (イ) 作業を行う場所 (ウ) 従事者の所属、専門性、実績及び国籍"
    )
    assert frame(text, "SEC.SUPPLIER_DISCLOSURE").form == "written"


def test_a_change_of_the_staff_is_part_of_limiting_them():
    # regression: 「要員を変更するときは変更の七日前までに届け出ること」 has no trigger word of the
    # staff limitation, so its notice and time were lost to the limitation
    text = (
        "受託者は、作業に当たる要員を名簿により特定すること。要員を交代させるときは、交代の"
        "七日前までに発注者の了承を得なければならない。"
    )
    f = frames_by_requirement(text, "SEC.PERSONNEL_LIMITATION", "SEC.MGMT_STRUCTURE")[
        "SEC.PERSONNEL_LIMITATION"
    ]
    assert (f.approval, f.conditional) == ("prior_approval", False)
    assert f.deadline is not None and (f.deadline["days"], f.deadline["qualifier"]) == (
        7.0,
        "within",
    )


def test_using_only_for_the_work_is_the_purpose_limitation_itself():
    # regression: 「…のためにのみ用いるものとし、…第三者に知らせてはならない」 gave the purpose
    # limitation the ban beside it, since only the ban has its kind
    text = (
        "受注者は、貸与された調査データを本分析のためにのみ用いるものとし、いかなる形によっても"
        "第三者に知らせてはならない。"
    )
    f = frames_by_requirement(text, "SEC.PURPOSE_LIMITATION", "SEC.CONFIDENTIALITY")
    assert f["SEC.PURPOSE_LIMITATION"].modality == "must"
    assert f["SEC.CONFIDENTIALITY"].modality == "must_not"


def test_a_te_form_completed_by_a_ban_is_part_of_the_ban():
    # regression: 「…私物の端末を当該場所に持ち込んで業務に使用してはならない」 was cut at 「持ち込んで」,
    # which then read as an act and was chosen for the place of work over the ban before it
    text = (
        "受注者は、県が承認した場所以外で情報資産を取り扱ってはならない。また、県の許可なく"
        "情報資産を当該場所の外に持ち出し、又は私物の端末を当該場所に持ち込んで業務に使用して"
        "はならない。"
    )
    f = frames_by_requirement(text, "SEC.WORK_LOCATION_CONTROL", "SEC.TAKEOUT_RESTRICTION")
    assert f["SEC.WORK_LOCATION_CONTROL"].modality == "must_not"


def test_the_occasion_of_a_regular_report_is_no_condition():
    # regression: 「月次の進捗報告の際に…報告すること」 read as conditional through 「際に」
    text = "受託者は、月次の進捗報告の際に、本章の各事項の履行状況を書面で報告すること。"
    assert frame(text, "SEC.COMPLIANCE_REPORTING").conditional is False
    # a duty that arises on an occasion of the work still is
    when = "受託者は、申請者から書類を受け取る際は、受領簿に記録すること。"
    assert frame(when, "SEC.SECURE_TRANSFER").conditional is True


def test_binding_the_subcontractor_is_conditional_on_the_clauses_subcontracting():
    # regression: 「再委託するときは、…承認を得ること。再委託先には…させること。」 read the
    # flow-down as unconditional, since its own sentence names no condition
    text = (
        "受託者は、本業務の一部を再委託するときは、再委託先の名称を記した書面を提出して発注者の承認を"
        "得ること。再委託先には本章と同等の義務を課し、その履行について受託者が責任を負うこと。"
    )
    f = frames_by_requirement(text, "SEC.SUBCONTRACT_APPROVAL", "SEC.SUBCONTRACT_FLOWDOWN")
    assert f["SEC.SUBCONTRACT_FLOWDOWN"].conditional is True
    plain = "受託者は、再委託先に本章と同等の義務を課すこと。"
    assert frame(plain, "SEC.SUBCONTRACT_FLOWDOWN").conditional is False


def test_the_subcontractor_named_as_the_business_concerned_is_bound():
    # regression: 「当該事業者にこの特記仕様書の各号を守らせること」 and 「同等の対策の実施を契約上
    # 義務付け」 were no flow-down, so the flow-down took the approval's application and its form
    for text in (
        "受託者は、業務の一部を他の事業者に行わせようとするときは、申請書を提出して発注者の承認を"
        "受けること。この場合、受託者は当該事業者にこの仕様書の各号を守らせること。",
        "受託者は、業務の一部を第三者に請け負わせるときは、申請書を提出して発注者の承認を得ること。"
        "当該第三者に対しては、本章と同等の対策の実施を契約上義務付けること。",
    ):
        assert slots.flowdown(normalize(text).text)
        f = frames_by_requirement(text, "SEC.SUBCONTRACT_APPROVAL", "SEC.SUBCONTRACT_FLOWDOWN")
        assert f["SEC.SUBCONTRACT_FLOWDOWN"].form is None
        assert f["SEC.SUBCONTRACT_APPROVAL"].form == "written"


@pytest.mark.parametrize(
    "text",
    [
        # regressions: each of these media of transfer read as no form
        "甲と乙との間の個人情報の授受は、甲が指定するﾌｧｲﾙ授受サービスを利用して行うこと。",
        "移行する利用者情報は、暗号化したファイルを閉域の環境で授受するものとする。",
        "帳票データは、県が指定する暗号化ファイル転送の方法により授受すること。",
        "抽出したデータは、暗号化機能付きＵＳＢメモリに格納した上で、受注者の担当者が受け取ること。",
    ],
)
def test_media_of_electronic_transfer(text):
    assert frame(text, "SEC.SECURE_TRANSFER").form == "electronic"


def test_a_transfer_takes_its_medium_from_anywhere_in_its_sentence():
    """Regression: the taxonomy lists no form for SECURE_TRANSFER, so its frame read the medium
    only within the duty's own stretch and missed the system the clause's first sentence names."""
    text = (
        "機構情報を受け渡す場合は、当機構が用意する暗号化ファイル送受信システムを用いるものとし、"
        "復号鍵は送信とは異なる手段で伝達すること。可搬媒体による受渡しが避けられないときは、"
        "媒体を暗号化した上で当機構の担当者に直接手交すること。"
    )
    assert frame(text, "SEC.SECURE_TRANSFER").form == "electronic"


def test_what_a_duty_writes_into_a_document_is_written():
    # regression: 「…連絡体制を運用設計書に記載し、…承認を得ること」 had no form
    text = "受注者は、インシデント発生時の対応手順と連絡体制を運用設計書に記載し、稼働の１か月前までに発注者の承認を得ること。"
    assert frame(text, "SEC.INCIDENT_PREPAREDNESS").form == "written"
    # a document referred to is still no form
    referred = "受注者は、作業計画書に記載した時間帯に限って本番環境に接続すること。"
    assert frame(referred, "SEC.ACCESS_SCOPE").form is None


def test_the_consent_to_another_ban_of_the_sentence_is_not_this_duty_s_approval():
    # regression: 「…目的外に用いてはならず、甲の同意なく第三者に開示してはならない」 gave the
    # purpose limitation the disclosure's way out (prior approval)
    text = (
        "受託者は、貸与された資料を本業務以外の目的に用いてはならず、委託者の同意なく第三者に開示"
        "してはならない。"
    )
    f = frames_by_requirement(text, "SEC.PURPOSE_LIMITATION", "SEC.CONFIDENTIALITY")
    assert f["SEC.PURPOSE_LIMITATION"].approval is None
    assert f["SEC.CONFIDENTIALITY"].approval == "prior_approval"


def test_the_time_of_an_earlier_duty_of_another_requirement_is_not_this_ones():
    # regression: 「…指定する日までに…引き渡し、…確認した後、…消去すること」 gave the erasure the
    # hand-over's time limit; only the event it counts from carries over
    text = (
        "契約の満了により本サービスの利用を終えるときは、事業者は、県が指定する期日までにデータの"
        "全件を汎用的な形式で引き渡し、県が移行の完了を確認した後、本サービス上の県データを"
        "バックアップを含めて消去すること。"
    )
    f = frames_by_requirement(text, "SEC.CLOUD_EXIT", "SEC.RETURN_DISPOSAL")
    erase = f["SEC.RETURN_DISPOSAL"].deadline
    assert erase is not None and (erase["qualifier"], erase["anchor"]) == (None, "on_completion")


def test_an_incident_report_takes_no_form_from_the_preparation_handed_in_beforehand():
    # regression: 「…１時間以内に口頭で伝えること。あわせて、…を定めた書面をあらかじめ提出して
    # おくこと」 gave the report the written form of the preparation
    text = (
        "受託者は、インシデントを覚知したときは、覚知から１時間以内に発注者へ口頭で伝えること。"
        "あわせて、初動を担う者と代替の連絡手段を定めた書面を、あらかじめ発注者に提出しておくこと。"
    )
    f = frames_by_requirement(text, "SEC.INCIDENT_REPORTING", "SEC.INCIDENT_PREPAREDNESS")
    assert f["SEC.INCIDENT_REPORTING"].form is None
    assert f["SEC.INCIDENT_PREPAREDNESS"].form == "written"


def test_obtaining_approval_with_uru_is_a_must_not_a_may():
    # regression: 「…当省の了承を得るものとする」 (obtain approval) read as the may of 「…し得る
    # ものとする」, because 得るものとする was a may pattern whatever came before it
    obtain = (
        "事故が生じたときは、受注者は、発注者の指示の下で原因を究明し、再発防止策を取りまとめて"
        "発注者の了承を得るものとする。"
    )
    assert frame(obtain, "SEC.INCIDENT_RESPONSE_COOPERATION").modality == "must"
    may = "発注者は、必要に応じて、受注者に対し作業の状況について報告を求め得るものとする。"
    assert frame(may, "SEC.COMPLIANCE_REPORTING").modality == "may"


def test_a_question_inside_a_duty_does_not_cut_it():
    # regression: 「事故に当たるか否かの判断を待たず、その日のうちに…知らせること」 was cut at
    # 当たる, and the incident report lost the same-day deadline of the act after it
    text = (
        "照合で不一致が見つかったときは、事故に当たるか否かの判断を待たず、"
        "その日のうちに発注者に知らせること。"
    )
    d = frame(text, "SEC.INCIDENT_REPORTING").deadline
    assert d is not None and (d["text"], d["qualifier"]) == ("その日のうちに", "within")


@pytest.mark.parametrize(
    "text",
    [
        "受託者は、届出書に記載された番号を、住民税システムの照会画面で確かめてはならない。",
        "届出人に個人番号を問い合わせてはならない。",
        "受託者は、届出情報を本業務の目的の範囲を超えて利用してはならない。",
    ],
)
def test_a_filed_notification_handled_as_information_is_no_notification_approval(text):
    # regression: 「届出書」「届出人」「届出情報」 — what a notification brought in — matched
    # 届け出, so the duty was read as needing a notification
    assert slots.approval(normalize(text).text, "must_not", bannable=False) is None


def test_a_notification_form_handed_in_is_still_a_notification():
    text = "受託者は、作業者を変更しようとするときは、事前に変更届出書を提出すること。"
    assert slots.approval(normalize(text).text, "must") == "notification"


def test_imposing_equal_duties_with_owaseru_is_a_flowdown():
    # regression: 「同等の義務を再委託先に負わせる」 was not read as binding the subcontractor,
    # so the approval of subcontracting took the flow-down's duty and lost its written approval
    assert slots.flowdown("乙は、再委託先にこの特記事項と同等の義務を負わせること。")
    text = (
        "受注者は、業務の一部を再委託しようとするときは、あらかじめ発注者の書面による承認を得る"
        "こと。承認を得たときは、本項と同等の義務を再委託先に負わせること。"
    )
    assert frame(text, "SEC.SUBCONTRACT_APPROVAL").approval == "prior_written_approval"


def test_a_duty_sharing_a_sentence_with_a_flowdown_is_not_flowed_down():
    # regression: flow-down was read off the whole sentence, so the damages owed after
    # 「…同等の義務を負わせなければならず、」 were marked as flowed down to the subcontractor
    text = (
        "乙は、再委託先にこの特記事項と同等の義務を課さなければならず、再委託先の違反により甲が"
        "損害を被ったときは、乙がその損害を賠償しなければならない。"
    )
    f = frames_by_requirement(text, "SEC.SUBCONTRACT_FLOWDOWN", "SEC.BREACH_CONSEQUENCES")
    assert f["SEC.SUBCONTRACT_FLOWDOWN"].flowdown is True
    assert f["SEC.BREACH_CONSEQUENCES"].flowdown is False


def test_an_annex_named_in_a_duty_does_not_cut_it():
    # regression: 「別添２」 was parsed as a verb, so 「…及び別添」 ended a duty and the reference
    # was read from the stretch before the annex's name
    text = (
        "受注者は、デジタル社会推進標準ガイドライン群及び別添２「共通電子申請基盤セキュリティ"
        "管理要領」に基づいて作業を行うこと。"
    )
    assert not any(s.endswith("別添") for s in duty_stretches(text))
    reference = frame(text, "SEC.REFERENCED_DOCS").reference
    assert reference is not None and reference["title"] == "共通電子申請基盤セキュリティ管理要領"


@pytest.mark.parametrize(
    ("text", "policy"),
    [
        (
            "受注者は、当機構の情報セキュリティ規程に従うほか、別添３「開発業務における遵守事項」"
            "に定める事項を守ること。",
            "当機構の情報セキュリティ規程",
        ),
        (
            "受注者は、当省情報セキュリティポリシー及び統一基準群（令和７年度版）に従うこと。",
            "統一基準群",
        ),
    ],
)
def test_a_duty_to_comply_with_policy_refers_to_the_policy_not_the_annex_beside_it(text, policy):
    # regression: POLICY_COMPLIANCE took the first quoted title, the annex's, where the duty
    # is to follow the issuer's policy or the national standard named with it
    norm = normalize(text).text
    assert slots.reference(norm, policy_first=True)["title"] == policy
    assert slots.reference(norm)["title"] != policy  # what any other requirement refers to


def test_a_ban_takes_no_reference_from_the_sentence_importing_an_annex_before_it():
    # regression: every frame fell back on the first document named anywhere in its clause, so a
    # copying ban after 「…別添４「…取扱基準」に従って取り扱うこと」 referred to that annex
    text = (
        "受注者は、別添４「撮影データ取扱基準」に従って撮影画像を取り扱うこと。"
        "区分Ａに当たるデータは、発注者の承認なく複製しないこと。"
    )
    f = frames_by_requirement(text, "SEC.REFERENCED_DOCS", "SEC.COPY_RESTRICTION")
    assert f["SEC.REFERENCED_DOCS"].reference["title"] == "撮影データ取扱基準"
    assert f["SEC.COPY_RESTRICTION"].reference is None


@pytest.mark.parametrize(
    "text",
    [
        "受注者は、情報を第三者に開示してはならない。契約期間の満了後であっても同様とする。",
        "乙は、情報を他に漏らしてはならない。本契約の履行を終えた後も、この義務は消滅しない。",
        "前号の情報は、いかなる者にも明かしてはならず、その秘匿は契約の終了後五年を経過するまで続けること。",
        "受注者は、情報を外部へ漏えいさせない責任を負う。この責任は、契約の終了によっても消滅しない。",
    ],
)
def test_survival_worded_as_even_after_or_never_lapsing(text):
    # regression: 「満了後であっても」「終えた後も」「終了後五年を経過するまで」「…によっても消滅
    # しない」 were not read as a duty surviving the contract
    assert slots.survival(normalize(text).text)
    assert frame(text, "SEC.CONFIDENTIALITY").survival


def test_a_proviso_is_not_the_exception_of_the_duty_it_goes_on_to_impose():
    # regression: 「ただし、…承認を受けて再委託することができ、この場合、…同一の義務を課さなければ
    # ならない」 gave the flow-down the proviso as its exception; the proviso lifts the ban before
    text = (
        "請負者は、本業務を再委託してはならない。ただし、画像の品質検査に限っては、あらかじめ"
        "発注者の書面による承認を受けて再委託することができ、この場合、請負者は再委託先に本項と"
        "同一の義務を課さなければならない。"
    )
    f = frames_by_requirement(text, "SEC.SUBCONTRACT_APPROVAL", "SEC.SUBCONTRACT_FLOWDOWN")
    assert f["SEC.SUBCONTRACT_FLOWDOWN"].exceptions == ()
    assert f["SEC.SUBCONTRACT_APPROVAL"].exceptions != ()


@pytest.mark.parametrize(
    "text",
    [
        "受託者は、入力に当たる者として届け出た者のほかに、伝票の仕分け又は入力の作業をさせてはならない。",
        "乙は、甲の確認を受けた者の他に、帳票の照合を行わせてはならない。",
        "受注者は、年度ごとに１回以上、標的型メールに関する研修を実施しなければならない。研修を修了していない者は、技術者名簿に記載することができない。",
    ],
)
def test_staff_limitation_worded_as_who_may_not_work_or_be_listed_is_an_act(text):
    # regression: 「届け出た者のほかに…させてはならない」 and 「…名簿に記載することができない」
    # limit the staff (an act, corpora/frames/README.md) but were read as must_not
    assert frame(text, "SEC.PERSONNEL_LIMITATION").modality == "must"


def test_subcontracting_banned_in_other_words_is_the_ban_not_the_next_tiers_approval():
    # regression: 「…場合を除き、本業務の処理を他の事業者に行わせてはならない。…再委託先が更に
    # 別の者に処理させるときも、…許諾を得させなければならない」 took the second tier's approval
    # for the frame (must), since the ban names no 再委託
    text = (
        "受託者は、委託者が書面で許諾した場合を除き、本業務の処理を他の事業者に行わせてはならない。"
        "許諾を得た再委託先が更に別の者に処理させるときも、受託者は、その前に委託者の許諾を得させなければならない。"
    )
    f = frame(text, "SEC.SUBCONTRACT_APPROVAL")
    assert (f.modality, f.approval) == ("must_not", "prior_written_approval")


def test_use_only_within_the_work_before_a_disclosure_ban_is_the_purpose_limitations_act():
    # regression: 「…必要な範囲でのみ利用し、第三者に開示してはならない」 gave the purpose
    # limitation the confidentiality ban after it (must_not)
    text = (
        "請負者は、貸与された認証情報を本業務に必要な範囲でのみ利用し、第三者に開示してはならない。"
    )
    f = frames_by_requirement(text, "SEC.PURPOSE_LIMITATION", "SEC.CONFIDENTIALITY")
    assert f["SEC.PURPOSE_LIMITATION"].modality == "must"
    assert f["SEC.CONFIDENTIALITY"].modality == "must_not"


def test_handling_only_within_the_work_is_stated_by_its_own_words():
    # regression: 「…の範囲内でのみ取り扱うものとし、…保管してはならない」 took the ban after it
    text = "受託者は、特定個人情報を本業務の範囲内でのみ取り扱うものとし、法令で認められた場合を除き、個人番号を利用し、収集し、又は保管してはならない。"
    f = frames_by_requirement(text, "SEC.PURPOSE_LIMITATION", "SEC.MYNUMBER_HANDLING")
    assert f["SEC.PURPOSE_LIMITATION"].modality == "must"


@pytest.mark.parametrize(
    "text",
    [
        "受託者は、番号法で認められた場合を除き、個人番号を収集し、又は保管してはならない。",
        "受注者は、法令に基づき認められた場合を除き、保有個人情報を提供してはならない。",
        "受注者は、約款同意型の外部サービスに要機密情報を保存してはならない。",
    ],
)
def test_what_a_law_permits_or_a_services_terms_are_no_approval(text):
    # regression: 「番号法で認められた場合を除き」 and 「約款同意型」 gave prior_approval, as if the
    # issuer's consent were asked for
    assert slots.approval(normalize(text).text, "must_not", has_exception=True) is None


def test_use_limited_to_the_purpose_then_a_ban_on_diverting_it_is_the_ban():
    # regression: 「…目的に限って利用されるものとし、…への流用は認められない」 took the first
    # duty (must); the ban on other uses states the purpose limitation (both golds: must_not)
    text = (
        "調査関連情報は本調査の目的に限って利用されるものとし、受注者の営業活動又は他の受託案件への"
        "流用は認められない。"
    )
    assert frame(text, "SEC.PURPOSE_LIMITATION").modality == "must_not"


def test_examples_listed_as_negated_duties_do_not_make_a_ban():
    # regression: 「…離席させないこと、…収めることなど、…管理を徹底しなければならない」 was read
    # as must_not from the first example
    text = (
        "乙は、調査票を机上に広げたまま離席させないこと、作業の終了後は調査票を施錠した保管庫に"
        "収めることなど、調査票が失われることのないよう管理を徹底しなければならない。"
    )
    assert frame(text, "SEC.PD_SAFEGUARDS").modality == "must"


def test_subcontracting_ban_then_how_to_ask_for_approval_is_one_ban():
    # regression: 「…承諾した場合を除き、本業務を他の者に行わせてはならない。承諾を求めるときは、
    # …書類を提出すること」 took the application (must) for the frame
    text = (
        "乙は、甲があらかじめ書面で承諾した場合を除き、本業務を他の者に行わせてはならない。"
        "承諾を求めるときは、再委託先の名称及び作業の範囲を記した書類を甲に提出すること。"
    )
    f = frame(text, "SEC.SUBCONTRACT_APPROVAL")
    assert (f.modality, f.approval) == ("must_not", "prior_written_approval")


def test_the_room_and_its_entry_control_are_the_work_location_not_the_takeout_ban():
    # regression: 「…事業所の外へ持ち出してはならない。また、…入力を行う区画には、…入室管理…の
    # 設備を備えること」 gave the work location the takeout ban
    text = (
        "乙は、甲の許可なく原票を事業所の外へ持ち出してはならない。また、原票の入力を行う区画には、"
        "生体認証による入室管理の設備を備えること。"
    )
    f = frames_by_requirement(text, "SEC.TAKEOUT_RESTRICTION", "SEC.WORK_LOCATION_CONTROL")
    assert f["SEC.WORK_LOCATION_CONTROL"].modality == "must"
    assert f["SEC.TAKEOUT_RESTRICTION"].modality == "must_not"


def test_a_ban_worded_de_hanarazu_is_a_ban():
    # regression: 「…持ち込んではならず、…保管するものとする」: the ban's own ならず after で was
    # missed, so the takeout restriction took the second duty's must
    text = (
        "事務取扱担当者は、私物の記録媒体を管理区域に持ち込んではならず、これらは更衣室の"
        "ロッカーに保管するものとする。"
    )
    assert frame(text, "SEC.TAKEOUT_RESTRICTION").modality == "must_not"


def test_not_objecting_to_the_issuers_act_is_accepting_it():
    # regression: 「…調査に協力するとともに、…公表することについて異議を申し立てないものとする」
    # was read as must_not
    text = (
        "前項の事故が発生したときは、乙は、甲が行う事実関係の調査及び対象者への説明に協力するとともに、"
        "甲が事故の概要を公表することについて異議を申し立てないものとする。"
    )
    assert frame(text, "SEC.INCIDENT_RESPONSE_COOPERATION").modality == "must"


def test_a_first_duty_worded_as_an_effort_is_a_should():
    # regression: 「…記載しないよう努めるとともに、…を用いてはならない」 gave the first duty the
    # must of an act-kind requirement
    text = (
        "受注者は、問合せ対応記録に児童の氏名等を記載しないよう努めるとともに、委員会が認めていない"
        "外部のチャットサービスを用いてはならない。"
    )
    f = frames_by_requirement(text, "SEC.PD_SAFEGUARDS", "SEC.EXTERNAL_SERVICE_RESTRICTION")
    assert f["SEC.PD_SAFEGUARDS"].modality == "should"
    assert f["SEC.EXTERNAL_SERVICE_RESTRICTION"].modality == "must_not"


def test_an_effort_that_ends_the_sentence_is_not_the_duties_joined_before_it():
    # regression: 「…書面で報告するとともに、…復旧に努めなければならない」 made the report a should
    text = (
        "乙は、事故が発生したことを知ったときは、直ちに甲へ電話で連絡し、その内容を24時間以内に書面で"
        "報告するとともに、甲の指示に従い被害の拡大防止に努めなければならない。"
    )
    assert frame(text, "SEC.INCIDENT_REPORTING").modality == "must"
    text = (
        "受注者は、従事者に対し年１回以上の情報セキュリティ教育を行い、受講状況を四半期ごとに報告する"
        "とともに、従事者の意識向上に努めること。"
    )
    assert frame(text, "SEC.STAFF_TRAINING_SUPERVISION").modality == "must"
    # one act the parse cut short keeps its effort
    text = (
        "乙は、異動情報を利用者情報に反映させる作業を正確に行い、利用者情報を最新の状態に保つよう"
        "努めなければならない。"
    )
    assert frame(text, "SEC.PD_SAFEGUARDS").modality == "should"


@pytest.mark.parametrize(
    "text",
    [
        "乙は、貸与するＩＤを照会画面に限って利用しなければならない。当該ＩＤは、名簿に記載された者のうち甲が承認した者以外に使用させてはならない。",
        "乙は、知り得た個人情報を他に漏らしてはならない。また、乙は、委託業務に従事させる者を甲に届け出た者に限らなければならない。",
    ],
)
def test_staff_limited_to_those_approved_or_notified_is_the_act_of_limiting(text):
    # regression: 「甲が承認した者以外に使用させてはならない」 was a ban, and 「従事させる者を…届け出た
    # 者に限らなければならない」 lost to the confidentiality ban before it (no trigger word)
    assert frame(text, "SEC.PERSONNEL_LIMITATION").modality == "must"


def test_handling_it_oneself_and_no_one_else_is_the_subcontracting_ban():
    # regression: 「この事務を自ら処理するものとし、…承諾した場合を除き、他の者に処理させてはならない」
    # took 「自ら処理するものとし」 (must) for the subcontracting frame
    text = (
        "乙は、この事務を自ら処理するものとし、甲があらかじめ書面で承諾した場合を除き、他の者に"
        "処理させてはならない。"
    )
    f = frame(text, "SEC.SUBCONTRACT_APPROVAL")
    assert (f.modality, f.approval) == ("must_not", "prior_written_approval")


def test_my_number_subcontracting_takes_the_subcontracting_frames_modality():
    # regression: in 「…再委託しないこと。やむを得ず再委託する場合は、番号法…に基づき許諾を得ることと
    # し、再委託先が更に委託する場合も…許諾を得させること」 the My Number frame took the per-tier
    # permission (must); both golds read it as the subcontracting ban it is part of
    text = (
        "受託者は、本業務の処理を他の事業者に再委託しないこと。やむを得ず再委託する場合は、番号法"
        "第十条第一項の規定に基づき委託者の許諾を得ることとし、再委託先が更に委託する場合も、その"
        "段階ごとに委託者の許諾を得させること。"
    )
    f = frames_by_requirement(text, "SEC.SUBCONTRACT_APPROVAL", "SEC.MYNUMBER_HANDLING")
    assert f["SEC.SUBCONTRACT_APPROVAL"].modality == "must_not"
    assert f["SEC.MYNUMBER_HANDLING"].modality == "must_not"


def test_ensuring_not_to_do_a_banned_act_is_the_ban():
    # regression: 「…転用することなく、…開示することのないようにしなければならない」 was read as
    # must; an outcome to ensure (「…漏れることのないようにすること」) stays a safeguard's must
    text = (
        "受託者は、業務上取り扱う情報資産を、本業務以外の用途に転用することなく、また、市の承諾を"
        "得ないで外部の者に開示することのないようにしなければならない。"
    )
    f = frames_by_requirement(text, "SEC.PURPOSE_LIMITATION", "SEC.CONFIDENTIALITY")
    assert f["SEC.PURPOSE_LIMITATION"].modality == "must_not"
    assert f["SEC.CONFIDENTIALITY"].modality == "must_not"
    safeguard = (
        "受注者は、のぞき見防止フィルタを装着し、個人情報が外部に漏れることのないようにすること。"
    )
    assert frame(safeguard, "SEC.PD_SAFEGUARDS").modality == "must"


@pytest.mark.parametrize(
    ("text", "form"),
    [
        (
            "受注者は、作業責任者及び作業員の氏名を記した作業体制表を着手の14日前までに提出すること。",
            "written",
        ),
        (
            "事業者は、責任者及び作業場所を記載した業務実施体制書を業務開始前に提出すること。",
            "written",
        ),
        # the table named as where the staff are listed is not handed in by this duty
        ("作業は、体制表に記載した要員のうち市に届け出た者に限って行わせること。", None),
    ],
)
def test_a_staff_table_handed_in_is_a_written_submission(text, form):
    # regression: a 体制表/体制書 handed in (a list of the people and their roles) had no form,
    # against the convention for a roster or list that is handed in (corpora/frames/README.md)
    assert slots.form(normalize(text).text) == form


def test_staff_limitation_worded_as_the_unregistered_or_the_untrained_is_the_act():
    # regression: 「名簿に登載していない者を…関与させてはならない」 and 「研修を修了していない者には、
    # …させないこと」 were read as bans; a staff limitation is an act (corpora/frames/README.md)
    registered = frames_by_requirement(
        "契約相手方は、保護すべき情報を取り扱う者ごとに氏名、所属部署、国籍及び従事歴を記載した名簿を"
        "作成して官に提出し、名簿に登載していない者を取扱いに関与させてはならない。",
        "SEC.PERSONNEL_LIMITATION",
        "SEC.SUPPLIER_DISCLOSURE",
    )
    assert {f.modality for f in registered.values()} == {"must"}
    trained = frames_by_requirement(
        "受注者は、入力要員に対し、個人情報の取扱手順について着手前に研修を行い、受講の記録を"
        "発注者の求めに応じて示すこと。研修を修了していない者には、入力作業を行わせないこと。",
        "SEC.STAFF_TRAINING_SUPERVISION",
        "SEC.PERSONNEL_LIMITATION",
    )
    assert trained["SEC.PERSONNEL_LIMITATION"].modality == "must"


def test_having_another_firm_undertake_the_work_is_subcontracting_in_other_words():
    # regression: 「…自らが行うものとし、…他者に請け負わせることは認めない」 took the approval of
    # the sentence after it as the duty (must); the ban is the subcontracting restriction
    text = (
        "集計作業は受注者自らが行うものとし、その一部であっても他者に請け負わせることは認めない。"
        "受注者の関連会社に集計作業を行わせる場合には、発注者の事前の承認を要するものとする。"
    )
    assert frame(text, "SEC.SUBCONTRACT_APPROVAL").modality == "must_not"


def test_permission_to_subcontract_and_the_way_to_use_it_are_one_may():
    """Regression: 「…に限り再委託することができる。再委託しようとするときは、…承認を受けること」 gave
    must from the approval sentence; like a ban and its way out, the permission and the approval
    it is used under are one obligation (corpora/frames/README.md): a may under that approval."""
    text = (
        "受注者は、印刷及び封入の作業に限り再委託することができる。再委託しようとするときは、"
        "再委託先の名称及び作業の範囲を記した書面により発注者の承認を受けること。"
    )
    (frames,) = extract_obligations([(normalize(text), ["SEC.SUBCONTRACT_APPROVAL"])], [text])
    (frame,) = frames
    assert frame.modality == "may"
    assert frame.approval == "prior_written_approval"


def test_bans_listed_as_the_content_of_a_pledge_are_the_pledge_handed_in():
    """Regression: 「…用いないこと及び…漏らさないことを誓約する書面を差し入れ」 read the first
    「ないこと」 as a ban because 及び, not を, followed it; the bans are what the pledge says, and
    the duty is to hand it in (every such frame of the gold files is a must)."""
    text = (
        "受注者は、契約の締結に際し、業務で知り得た情報を業務以外の目的に用いないこと及び"
        "第三者に漏らさないことを誓約する書面を発注者に提出しなければならない。"
    )
    (frames,) = extract_obligations(
        [(normalize(text), ["SEC.CONFIDENTIALITY", "SEC.PURPOSE_LIMITATION"])], [text]
    )
    assert [f.modality for f in frames] == ["must", "must"]


def test_bans_listed_with_commas_as_the_content_of_a_pledge_are_the_pledge():
    """Regression: 「…用いないこと、…開示しないこと及び…複写しないことを誓約する」 read the
    first 「ないこと」 as a ban because a comma, not 及び, followed it."""
    text = (
        "受注者は、別記様式の誓約書を提出すること。受注者は、同誓約書により、業務で得た情報を"
        "業務以外に用いないこと、発注者以外の者に開示しないこと及び資料を複写しないことを"
        "誓約するものとする。"
    )
    (frames,) = extract_obligations(
        [(normalize(text), ["SEC.CONFIDENTIALITY", "SEC.PURPOSE_LIMITATION"])], [text]
    )
    assert [f.modality for f in frames] == ["must", "must"]


def test_a_pledges_content_is_due_when_the_pledge_is_handed_in():
    # regression: 「…七日以内に、…誓約書を…提出すること。受注者は、同誓約書により、…用いないこと…
    # を誓約するものとする。」 gave the pledged duties no time; they are the pledge, due with it
    text = (
        "受注者は、契約締結の日から七日以内に、別記様式の情報取扱誓約書を代表者名で提出すること。"
        "受注者は、同誓約書により、調査で得た情報を本調査以外に用いないこと及び当省以外の者に"
        "開示しないことを誓約するものとする。"
    )
    (frames,) = extract_obligations(
        [(normalize(text), ["SEC.CONFIDENTIALITY", "SEC.PURPOSE_LIMITATION"])], [text]
    )
    for f in frames:
        assert (f.deadline["days"], f.deadline["qualifier"], f.deadline["anchor"]) == (
            7,
            "within",
            "after_contract",
        )


def test_shredding_printed_paper_is_the_disposal_beside_a_copy_ban():
    """Regression: 「…複写してはならない。…印刷した帳票は、…回収し、…細断すること」 gave disposal
    the copy ban's must_not: no trigger word of the alignment names shredding, so the ban was
    the only duty left to choose."""
    text = (
        "受注者は、貸与資料を発注者の承諾なく複写してはならない。作業のため印刷した帳票は、"
        "作業を終えた日に回収し、事業所で細断すること。"
    )
    (frames,) = extract_obligations(
        [(normalize(text), ["SEC.COPY_RESTRICTION", "SEC.RETURN_DISPOSAL"])], [text]
    )
    modality = {f.requirement_id: f.modality for f in frames}
    assert modality == {"SEC.COPY_RESTRICTION": "must_not", "SEC.RETURN_DISPOSAL": "must"}


def test_carrying_out_of_the_room_in_other_words_is_the_takeout_ban():
    """Regression: 「…作業室の外へ運び出してはならない。…持ち込むときは、…許可を受けること」 gave
    the takeout restriction the bring-in sentence's must: 運び出す is no trigger word, so the ban
    was not seen as the one the approval sentence is the way out of."""
    text = (
        "受注者は、業務で扱う電磁的記録を作業室の外へ運び出してはならない。保守用の端末を"
        "作業室に持ち込むときは、事前に発注者の許可を受けること。"
    )
    (frames,) = extract_obligations([(normalize(text), ["SEC.TAKEOUT_RESTRICTION"])], [text])
    (frame,) = frames
    assert frame.modality == "must_not"


@pytest.mark.parametrize(
    "text",
    [
        "一日の作業を終えるときは、書類を施錠できる書庫に収めること。",
        "三日分の記録をまとめて提出すること。",
    ],
)
def test_a_days_share_of_the_work_is_no_deadline(text):
    """Regression: 「一日の作業を終えるときは」 and 「三日分の記録」 were read as periods of one and
    three days within which the duty falls due."""
    assert slots.deadline(text) is None


def test_staff_not_on_the_notified_form_is_the_staff_limitation_act():
    """Regression: 「届出書に記載していない者に…扱わせてはならない」 was read as a ban; like the
    unlisted of a roster (corpora/frames/README.md), it is the act of limiting who works."""
    text = "乙は、前項の届出書に記載していない者に申請書を扱わせてはならない。"
    (frames,) = extract_obligations([(normalize(text), ["SEC.PERSONNEL_LIMITATION"])], [text])
    (frame,) = frames
    assert frame.modality == "must"


@pytest.mark.parametrize(
    "text",
    [
        # regressions: a change of staff allowed only with approval read as `may`, and a ban on
        # those not trained and listed, after a training duty, as `must_not`
        "作業者の交代は、前日までに本町に申し出て了承を得た場合に限り行うことができる。",
        "受注者は、着任する者に対し教育を実施すること。受講を終えて従事者名簿に登載された者"
        "以外の者には、本業務を行わせないこと。",
    ],
)
def test_a_staff_limitation_is_an_act_however_worded(text):
    assert frame(text, "SEC.PERSONNEL_LIMITATION").modality == "must"


@pytest.mark.parametrize(
    "text",
    [
        "受託者は、本業務に着手する前に、情報セキュリティ対策の実施体制及び責任者を記載した書面を"
        "県に提出すること。",
        "受注者は、運用を開始するまでに、管理体制を記した書面を提出すること。",
    ],
)
def test_start_worded_as_a_verb_before_it_is_the_before_start_anchor(text):
    """Regression (prefecture sample c27): 「着手する前に」 gave no deadline, though 「着手前」 and
    「開始前」 give the anchor before_start; the verb is the same event as the noun."""
    deadline = frame(text, "SEC.MGMT_STRUCTURE").deadline
    assert deadline is not None
    assert (deadline["qualifier"], deadline["days"], deadline["anchor"]) == (
        None,
        None,
        "before_start",
    )


def test_each_function_of_a_sentence_listing_what_must_be_possible_is_a_must():
    """Regression (cloud sample c34): in 「…多要素認証を用いることができ、…接続を制限できること。」
    the first できる was a permission (may) for the requirement it aligns to, while the sentence
    lists functions the system must have (as `_A_THING_AS_TOPIC` reads 「本サービスは、…できる」)."""
    text = "利用者の認証には多要素認証を用いることができ、当庁が管理する端末以外からの接続を制限できること。"
    by_id = frames_by_requirement(
        text, "SEC.SYSTEM_SECURITY_REQUIREMENTS", "SEC.INFO_PROTECTION_MEASURES"
    )
    assert {k: (f.actor, f.modality) for k, f in by_id.items()} == {
        "SEC.SYSTEM_SECURITY_REQUIREMENTS": ("contractor", "must"),
        "SEC.INFO_PROTECTION_MEASURES": ("contractor", "must"),
    }
    # the issuer's own right coordinated into a duty stays the issuer's may
    right = "甲は、必要に応じて作業場所を調査することができ、乙はこれに協力すること。"
    assert frame(right, "SEC.AUDIT_ACCEPTANCE").modality == "may"


@pytest.mark.parametrize(
    ("text", "scope"),
    [
        # regressions: the first kind a list of what was learned names decided its scope
        (
            "受託者は、業務を通じて知った来庁者の氏名、住所、生年月日その他の情報を漏らさないこと。",
            "all",
        ),
        (
            "事業者は、申請者の個人番号、顔写真その他本業務で知り得た情報を外部へ提供しないこと。",
            "all",
        ),
        ("受注者は、本業務で知り得た校務系情報その他の秘密を第三者に漏らしてはならない。", "all"),
        # a list closed by 「その他の個人情報」 is of personal information
        (
            "乙は、業務上知り得た利用者の読書の傾向その他の個人情報を明かしてはならない。",
            "personal",
        ),
    ],
)
def test_a_list_of_what_was_learned_closed_by_the_rest_is_all_of_it(text, scope):
    assert slots.scope(normalize(text).text) == scope


def test_knowing_that_something_happened_is_no_scope_of_information():
    """Regression (prefecture sample c50): 「…おそれがあることを知ったときは、速やかに甲に報告し」
    was given scope `all`, as if 知った were 「業務上知った情報」; knowing that a breach happened
    is the condition of the duty, and the clause names no information."""
    text = (
        "乙は、この特記事項に違反する事態が生じ、又は生ずるおそれがあることを知ったときは、"
        "速やかに甲に報告し、甲の指示に従わなければならない。"
    )
    by_id = frames_by_requirement(
        text, "SEC.INCIDENT_REPORTING", "SEC.INCIDENT_RESPONSE_COOPERATION"
    )
    assert {k: f.scope for k, f in by_id.items()} == {
        "SEC.INCIDENT_REPORTING": None,
        "SEC.INCIDENT_RESPONSE_COOPERATION": None,
    }
    for condition in ("漏えいのおそれがあると知った乙は、", "発生を知った時点で", "知った場合は"):
        assert slots.scope(condition) is None, condition
    # information learned is still all of it
    for learned in ("業務上知った秘密を漏らさないこと。", "職務上知り得た情報を漏らさないこと。"):
        assert slots.scope(learned) == "all", learned


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a notice period counted back from an event the taxonomy has no anchor for
        (
            "サービス提供者がサービスの提供を中止し、又は終了しようとするときは、"
            "少なくとも6か月前までに当庁へ通知すること。",
            ("within", 180.0, None, "6か月前まで"),
        ),
        # … and from the start of the work, which has one
        (
            "受注者は、従事者の名簿を業務開始の７日前までに提出すること。",
            ("within", 7.0, "before_start", "７日前まで"),
        ),
    ],
)
def test_a_notice_period_before_an_event_is_a_time_limit_counted_back(text, expected):
    """The convention (corpora/frames/README.md; cloud sample c42): 「少なくとも6か月前までに
    通知」 is a time limit (`within`) of the period the text states (days), anchored to the event
    only when it is one of the taxonomy's anchors; the printed text (「…前まで」) says it counts
    back. Not null: the document states the limit; not on_completion: the notice is not due
    after the end."""
    requirement = "SEC.CLOUD_EXIT" if "サービス" in text else "SEC.PERSONNEL_LIMITATION"
    d = frame(text, requirement).deadline
    assert d is not None
    assert (d["qualifier"], d["days"], d["anchor"], d["text"]) == expected


def test_an_audit_right_with_the_contractors_duty_to_cooperate_is_the_issuers_may():
    """The convention (corpora/frames/README.md, municipality sample c52): where the clause states
    what the issuer may do, AUDIT_ACCEPTANCE is that right (issuer, may), and the contractor's
    「これに協力しなければならない」 follows from it; not a regression, a record of the reading."""
    text = (
        "市は、必要に応じて受託者の情報セキュリティ対策の実施状況について監査又は検査を行うことが"
        "できる。受託者は、これに協力しなければならない。"
    )
    f = frame(text, "SEC.AUDIT_ACCEPTANCE")
    assert (f.actor, f.modality, f.conditional) == ("issuer", "may", True)


@pytest.mark.parametrize(
    ("text", "requirement"),
    [
        (
            "受注者は、約款による外部サービスを利用する場合には、当該サービスで要機密情報を"
            "取り扱わないことや多要素認証を設定するなど、当機構の定める規程を遵守すること。",
            "SEC.EXTERNAL_SERVICE_RESTRICTION",
        ),
        (
            "受注者は、貸与資料を複製しないこと等、当機構の定める取扱手順を遵守しなければならない。",
            "SEC.COPY_RESTRICTION",
        ),
    ],
)
def test_a_ban_listed_as_an_example_of_the_rules_to_follow_is_not_the_duty(text, requirement):
    # 「…扱わないことや…を実施するなど規程等を遵守すること」 was read as a ban: the ban is an
    # example of the rules to follow, as 「…させないこと、…ことなど」 already was
    ((frame,),) = extract_obligations([(normalize(text), [requirement])], [text])
    assert frame.modality == "must"


def test_a_ban_at_the_end_of_the_sentence_stays_a_ban():
    text = "受注者は、貸与資料を複製しないこと。"
    ((frame,),) = extract_obligations([(normalize(text), ["SEC.COPY_RESTRICTION"])], [text])
    assert frame.modality == "must_not"


@pytest.mark.parametrize(
    "text",
    [
        "受注者は、当庁から受けた資料及びデータを本業務以外の目的に使用してはならない。",
        "契約期間が終わったときは、町から受け取った図面を町へ返すこと。",
        "県から受領する通知書の版下データは、アクセス権を設定したフォルダに保存すること。",
        "乙は、甲から引渡しを受けた調査票の全部を甲に返還しなければならない。",
    ],
)
def test_information_received_from_the_issuer_in_other_words_is_provided(text):
    # the dense gold's commonest scope miss: 「受けた」「受け取った」「受領する」 and 調査票 were
    # not read as the issuer's information handed over (provided), where 「受領した資料」 was
    assert slots.scope(normalize(text).text) == "provided"


@pytest.mark.parametrize(
    ("text", "form"),
    [
        # a document the duty hands over is its form even when 書面 is not said (the held-out and
        # recheck annotators' reading of "documents handed in as such")
        (
            "受注者は、責任者と連絡経路を示した管理体制図を契約締結後十日以内に提出すること。",
            "written",
        ),
        ("受託者は、研修の受講記録を町に提出すること。", "written"),
        ("受注者は、取扱規程を定め、作業開始前に本市へ届け出ること。", "written"),
        ("乙は、消去の結果を記した書面を甲に差し出すこと。", "written"),
        # writing into a report that is handed in
        ("受注者は、対策の実施状況を月次報告書に記載すること。", "written"),
        ("受注者は、再委託先の名称を記した申請書を提出し、承認を得ること。", "written"),
        ("受注者は、変更の内容を変更申請書により県の承認を得てから反映すること。", "written"),
        # an application, or a report, that is the information handled is no form
        ("受託者は、申請書の入力を終えたときは、入力内容を申請書の記載と照合すること。", None),
        (
            "本業務は源泉徴収票等に記載された個人番号を入力する業務であり、申請書を作業台に広げないこと。",
            None,
        ),
        ("受託者は、監視要員に対し、本業務の手順書について教育を行うこと。", None),
    ],
)
def test_documents_handed_in_are_written_and_documents_handled_are_no_form(text, form):
    assert slots.form(normalize(text).text) == form


def test_a_flat_ban_on_services_used_on_their_terms_alone_is_prohibited():
    """The flat ban was read as stating no approval, so it compared as weaker than a ban that
    approval can lift, where it is the top rung of the ladder (prohibited)."""
    ban = (
        "受注者は、本業務の資料を、利用規約に同意するだけで使える翻訳サービスや生成ＡＩサービスに"
        "入力してはならない。"
    )
    assert frame(ban, "SEC.EXTERNAL_SERVICE_RESTRICTION").approval == "prohibited"
    # and, like any outright ban, it hands nothing in: the service it names is no form
    stored = "受注者は、設計書を、約款への同意のみで利用できる外部のファイル共有サービスに保存してはならない。"
    assert frame(stored, "SEC.EXTERNAL_SERVICE_RESTRICTION").form is None
    lifted = (
        "受注者は、本業務の資料を、約款への同意のみで利用できる外部サービスに保存してはならない。"
        "ただし、当庁の承認を得た場合はこの限りでない。"
    )
    assert frame(lifted, "SEC.EXTERNAL_SERVICE_RESTRICTION").approval == "prior_approval"


def test_what_was_received_and_what_the_work_made_of_it_are_provided_and_created():
    """Read as `provided` from its first half, the scope of a duty over both the issuer's
    material and the work's own information was narrower than the duty."""
    text = (
        "受注者は、業務の完了時に、県から提供を受けた資料を返却し、作業端末に残る本業務の情報を"
        "復元できない方法で消去すること。"
    )
    assert frame(text, "SEC.RETURN_DISPOSAL").scope == "provided_and_created"
    text = "貸与データ及びその出力結果を分析室の外へ持ち出してはならない。"
    assert frame(text, "SEC.TAKEOUT_RESTRICTION").scope == "provided_and_created"
    # the issuer's material alone stays provided
    text = "受注者は、業務の完了時に、県から提供を受けた資料を速やかに返却すること。"
    assert frame(text, "SEC.RETURN_DISPOSAL").scope == "provided"


@pytest.mark.parametrize(
    ("text", "scope"),
    [
        # information about people is personal information whatever the tender calls it
        ("受託者は、本業務を通じて知った被保険者の情報を他に漏らしてはならない。", "personal"),
        ("受注者は、患者情報を本業務以外の目的に利用してはならない。", "personal"),
        ("受託者は、児童生徒及び教職員の情報を第三者に開示してはならない。", "personal"),
        # the parties and their people are not whom the information is about
        ("受注者は、発注者の情報を第三者に開示してはならない。", None),
        # a role's title names a person, not information the duty covers
        ("受注者は、個人情報管理責任者を定め、その氏名を県に届け出ること。", None),
        ("乙は、個人情報保護管理責任者を定め、その体制図を甲に提出すること。", None),
        # records that are about people whoever they are
        ("受託者は、予防接種記録を電子メールにより送信してはならない。", "personal"),
        ("乙は、乗車履歴のデータを他の目的に利用してはならない。", "personal"),
        ("名簿データの受渡しは、暗号化した記録媒体の手渡しによるものとする。", "personal"),
        # a system that holds them is not information
        ("受注者は、乗車履歴データベースに許可なくアクセスしてはならない。", None),
    ],
)
def test_information_about_people_is_personal_and_a_roles_title_is_no_scope(text, scope):
    assert slots.scope(normalize(text).text) == scope


@pytest.mark.parametrize(
    ("text", "modality", "approval"),
    [
        # the bound, however worded, is the duty (corpora/frames/README.md, conventions)
        (
            "作業用の管理者アカウントは、区が作業日ごとに発行し、作業の終了時に停止する。"
            "受注者は、発行されたアカウントで作業に必要な操作以外を行ってはならない。",
            "must",
            None,
        ),
        ("受託者は、区の基幹系システムに接続してはならない。", "must", None),
        ("受注者は、区が指定した範囲の情報に限りアクセスするものとする。", "must", None),
        # a permission under conditions stays one
        (
            "保守要員は、障害の切り分けに必要な場合に限り、区の承認を得て本番環境にアクセスすることが"
            "できる。",
            "may",
            "prior_approval",
        ),
    ],
)
def test_an_access_limit_worded_as_a_ban_is_a_must(text, modality, approval):
    got = frame(text, "SEC.ACCESS_SCOPE")
    assert (got.modality, got.approval) == (modality, approval)


@pytest.mark.parametrize(
    ("text", "scope"),
    [
        (
            "受注者は、従事者に対し、着任前に特定個人情報の適正な取扱いに関する研修を行うこと。",
            "mynumber",
        ),
        (
            "受託者は、オペレーターに対し、配置前に個人情報の取扱いに関する研修を行うこと。",
            "personal",
        ),
        (
            "乙は、従事者に対し、利用者情報の保護に関する研修を年２回以上行わなければならない。",
            "personal",
        ),
        # a training in security in general names no information
        ("受注者は、従事者に対し、着任前に情報セキュリティに関する研修を行うこと。", None),
    ],
)
def test_the_subject_of_a_training_is_its_scope(text, scope):
    # an earlier regression test held the opposite (the dense gold then read it null in 30 of
    # 33); the convention settled on 2026-11-27 reads the subject as the training's scope, as
    # the fresh annotators did without one (corpora/frames/README.md)
    assert frame(text, "SEC.STAFF_TRAINING_SUPERVISION").scope == scope


def test_the_subject_of_a_training_is_no_scope_of_another_duty_beside_it():
    text = (
        "受注者は、従事者に対し、個人情報の取扱いに関する研修を行い、研修の実施結果を"
        "書面で報告すること。"
    )
    (frames,) = extract_obligations(
        [(normalize(text), ["SEC.STAFF_TRAINING_SUPERVISION", "SEC.COMPLIANCE_REPORTING"])],
        [text],
    )
    training, reporting = frames
    assert (training.scope, reporting.scope) == ("personal", None)


@pytest.mark.parametrize(
    ("text", "form"),
    [
        ("受託者は、研修を行い、受講の記録を本委員会に提出すること。", "written"),
        ("受託者は、資本関係、役員等及び国籍が分かる資料を提出すること。", "written"),
        (
            "受託者は、遵守状況を月ごとに点検票へ記入し、翌月七日までに本市へ提出すること。",
            "written",
        ),
        ("請負者は、履行状況を月次運用報告書の所定の欄に記載して当機構へ報告すること。", "written"),
        ("請負者は、各号の実施方法を、作業記録の写しを添えて回答しなければならない。", "written"),
        ("受注者は、保守体制を保守業務実施体制届により監督員へ届け出なければならない。", "written"),
        (
            "請負者は、保護の方法と責任者の役割を文書にまとめて、当機構の確認を受けること。",
            "written",
        ),
        ("請負者は、従事者から理解した旨の署名を得ること。", "written"),
        (
            "乙は、事故が生じた場合の連絡体制及び初動対応の手順をあらかじめ定め、着手前に甲に提出"
            "しなければならない。",
            "written",
        ),
        # regressions (eighteenth session): a long list between the sheet and its writing, a
        # receipt sent back, a plan drawn up by a time, procedures set down in a design document
        (
            "受注者は、作業日報に処理件数とともに入退室記録の確認結果、簿冊の受取りと返却の冊数"
            "及び本項の各事項の実施状況を記入し、週ごとに局へ提出すること。",
            "written",
        ),
        ("受注者は、到着後直ちに箱数を確認し、受領書を当省に返送すること。", "written"),
        (
            "受注者は、復旧手順を定めた対処計画を作業開始前に作成し、当省の確認を受けること。",
            "written",
        ),
        ("受注者は、検知から復旧までの手順を運用設計書に定め、省の承認を得ること。", "written"),
        # regressions: a chart named by what it shows, material that shows or lists, a record of
        # who took part and when, a roster attached, what is written into a table
        ("事業者は、運用担当者の体制を示した図を、契約締結後２週間以内に提出すること。", "written"),
        ("請負者は、役員の状況及び国籍を示す資料を提出しなければならない。", "written"),
        ("受託者は、研修を行い、受講者と実施日を記した記録を町に提出すること。", "written"),
        (
            "研修の実施状況は、受講者名簿を添えて実施後１４日以内に局へ報告するものとする。",
            "written",
        ),
        (
            "受注者は、体制図に、国籍を記載した資料を添えて、契約締結後１０営業日以内に当庁へ"
            "提出すること。",
            "written",
        ),
        (
            "拠点は国内に置くものとし、その所在地を体制表に記して県の承認を受けなければならない。",
            "written",
        ),
        # regressions: a document the work follows, by its quoted title, a manual used as teaching
        # material and a certificate that authenticates are no form
        (
            "受注者は、当省が別に定める「情報システム運用保守作業手順書」に従い、各作業を行うこと。",
            None,
        ),
        ("契約相手方は、第３条の手順書を教材として取扱いに関する教育を行うこと。", None),
        (
            "管理機能に接続する際は、個人ごとに発行した証明書と多要素認証による確認を経ること。",
            None,
        ),
        # evidence handed over for an incident's investigation is the information, not a form
        ("受託者は、原因の究明に必要な記録を提出して協力しなければならない。", None),
        # a progress report that covers the records checked names no document
        ("乙は、週ごとの進捗報告において、入室の記録を点検した結果を報告すること。", None),
    ],
)
def test_records_sheets_and_attachments_handed_in_are_written(text, form):
    # regression: records of training, sheets filled in and attachments handed in had no form,
    # against the convention for documents handed in as such (corpora/frames/README.md)
    assert slots.form(normalize(text).text) == form


def test_a_flow_down_after_an_approval_to_subcontract_takes_no_form_from_its_application():
    # regression: 「…を記した書面により本町の承認を得た上で、…同等の義務を委託先に課すこと」 gave the
    # flow-down the application's written form; binding the subcontractor is done by contract
    text = (
        "事業者は、本業務の一部を委託しようとするときは、あらかじめ委託先の名称及び委託する作業を"
        "記した書面により本町の承認を得た上で、本項の各号と同等の義務を委託先に課すこと。"
    )
    (frames,) = extract_obligations(
        [(normalize(text), ["SEC.SUBCONTRACT_APPROVAL", "SEC.SUBCONTRACT_FLOWDOWN"])], [text]
    )
    approval, flowdown = frames
    assert (approval.form, flowdown.form) == ("written", None)
    # a flow-down done in writing keeps its own form
    own = "受注者は、再委託先にも本項を遵守させることを書面で約させること。"
    assert frame(own, "SEC.SUBCONTRACT_FLOWDOWN").form == "written"


@pytest.mark.parametrize(
    ("text", "form"),
    [
        (
            "画像データは、暗号化機能付きの外付け記憶装置に格納し、担当職員へ直接手渡すこと。",
            "electronic",
        ),
        (
            "データの受渡しは、暗号化したＤＶＤ－Ｒを担当者が直接授受する方法により行う。",
            "electronic",
        ),
        (
            "移行データの受渡しは、学内ネットワークに設置した専用の転送サーバを経由して行うこと。",
            "electronic",
        ),
        (
            "乙は、資料等を甲との間で受け渡すときは、職員に手渡しし、受領書を取り交わすものとする。",
            "written",
        ),
        # handing over in person is one of the ways allowed: no form
        (
            "情報資産の受渡しは、担当者との手渡し又は県が指定するファイル交換サービスによるものとする。",
            None,
        ),
        # but an encrypted medium handed over is one of the electronic ways
        (
            "秘密情報は、指定するファイル転送サービスを使用し、又は暗号化した電子媒体を手渡しして"
            "交換すること。",
            "electronic",
        ),
        # a ban on e-mail is no electronic form
        ("受渡しは庁舎において直接行うものとし、郵送又は電子メールによる送付は認めない。", None),
        # regressions: an encrypted medium handed over, beside a transfer service, read as a choice
        # with handing over in person; an encrypted medium without した; encrypted mail
        (
            "データの授受は、暗号化した記録媒体の手渡し又は県が指定するファイル転送サービスにより"
            "行うこと。",
            "electronic",
        ),
        ("資料を受け渡す際は、受渡し用の暗号化媒体を使用すること。", "electronic"),
        ("連絡を電子的に行う場合は、貸与する端末から暗号化メールにより送ること。", "electronic"),
        # an e-mail address is a particular of a person, not a medium
        (
            "受注者は、登録者の氏名及び電子メールアドレスが流出することのないよう管理すること。",
            None,
        ),
    ],
)
def test_media_of_a_hand_over(text, form):
    # regression: encrypted storage devices, discs and transfer servers had no form, a choice
    # with handing over in person and a ban on e-mail were read as electronic, and an exchanged
    # receipt was not read as written (dense SECURE_TRANSFER)
    assert slots.form(normalize(text).text) == form


def test_a_pledge_taken_from_the_staff_is_no_form_of_limiting_who_works():
    # regression: 「…届け出た者に限り、…全員から個別に秘密保持の誓約書を徴すること」 gave the staff
    # limitation the pledge's written form; the pledge is the training's or confidentiality's
    text = (
        "受託者は、作業に就く者に対し、特定個人情報の取扱いに関する研修を業務開始前に行い、受講者"
        "から守秘に関する誓約書を徴すること。研修を修了していない者を作業に就かせてはならない。"
    )
    (frames,) = extract_obligations(
        [(normalize(text), ["SEC.STAFF_TRAINING_SUPERVISION", "SEC.PERSONNEL_LIMITATION"])],
        [text],
    )
    training, limitation = frames
    assert (training.form, limitation.form) == ("written", None)
    roster = "受注者は、従事者の氏名を記した名簿を提出し、名簿に記載のない者を従事させないこと。"
    assert frame(roster, "SEC.PERSONNEL_LIMITATION").form == "written"


def test_the_proof_of_a_certification_handed_in_another_sentence_is_written():
    # regression: 「…の認証を取得していること。…登録証の写しを提出すること」 had no form, the
    # requirement having none in the taxonomy; the proof handed in is its written form
    text = (
        "受注者は、ISO/IEC 27001の認証を取得していること。入札時に認証登録証の写しを提出すること。"
    )
    assert frame(text, "SEC.SECURITY_CERTIFICATION").form == "written"
    held = "受注者は、ISO/IEC 27001の認証を取得していること。"
    assert frame(held, "SEC.SECURITY_CERTIFICATION").form is None


@pytest.mark.parametrize(
    ("text", "scope"),
    [
        (
            "受託者は、相談者の氏名、連絡先及び相談の内容が漏えいすることのないよう、必要な措置を講じ"
            "なければならない。",
            "personal",
        ),
        (
            "動作確認に用いるテストデータは、実在する県民の氏名、住所等を含まない架空のデータとすること。",
            "personal",
        ),
        (
            "乙は、入力データに記録された個人の情報が外部へ流れ出ることのないよう、必要な措置を講じな"
            "ければならない。",
            "personal",
        ),
        # the staff who handle the work are no people the information is about
        ("乙は、取扱者の氏名及び所属を記した名簿を甲に提出しなければならない。", None),
        # particulars that open a list of everything learned are all of it
        (
            "受検者の氏名、連絡先その他問合せ対応を通じて知り得た事項は、第三者に伝えてはならない。",
            "all",
        ),
    ],
)
def test_information_about_people_named_by_their_particulars_is_personal(text, scope):
    # regression: 「相談者の氏名、連絡先…」 had no scope, against the convention that information
    # about people, named by who they are, is personal (corpora/frames/README.md)
    assert slots.scope(normalize(text).text) == scope


def test_returning_what_was_lent_and_erasing_the_works_information_is_provided_and_created():
    # regression: 「貸与を受けた資料を返還し、…機器に保存された保守関係情報を消去」 gave the return
    # provided, read from its first act; its sentence names what the work made as well
    text = (
        "受注者は、業務が完了したときは、県から貸与を受けた資料を返還し、保守用端末に保存された"
        "保守関係情報を消去すること。"
    )
    assert frame(text, "SEC.RETURN_DISPOSAL").scope == "provided_and_created"
    lent = "受注者は、業務が完了したときは、県から貸与を受けた資料を速やかに返還すること。"
    assert frame(lent, "SEC.RETURN_DISPOSAL").scope == "provided"


def test_the_regulators_name_is_no_personal_information():
    # regression: 「個人情報保護委員会への報告…に必要な資料を提出」 gave the cooperation scope
    # personal; the regulator's name names no information the duty covers
    text = (
        "受託者は、委託者が個人情報保護委員会への報告及び本人への通知を行うために必要な情報を"
        "速やかに提供すること。"
    )
    assert slots.scope(normalize(text).text) is None
    held = "受託者は、取り扱う個人情報の漏えいを防ぐため、必要な措置を講じること。"
    assert slots.scope(normalize(held).text) == "personal"


@pytest.mark.parametrize(
    "text",
    [
        # regressions: a utility's or a booking service's customers named by 用者 / 約者, which
        # otherwise name the parties to the work, left their information without scope
        "受託者は、局の承諾なく、使用者情報を複写し、又は複製してはならない。",
        "受託者は、受託者側に残る予約者の情報を記した書類を裁断すること。",
        "受注者は、お客様の情報が漏れることのないよう適切に管理しなければならない。",
    ],
)
def test_the_customers_of_a_service_are_people(text):
    assert slots.scope(normalize(text).text) == "personal"
    # the parties stay parties
    assert slots.scope(normalize("受注者は、運用者の権限を管理すること。").text) is None


def test_the_my_number_guidelines_title_is_no_my_number_information():
    # regression: 「番号法…並びに特定個人情報の適正な取扱いに関するガイドライン（行政機関等編）に従って
    # 本業務を処理」 gave the compliance scope mynumber from the guideline's title alone
    text = (
        "乙は、番号法、個人情報の保護に関する法律並びに特定個人情報の適正な取扱いに関する"
        "ガイドライン（行政機関等編）に従って、本業務を処理しなければならない。"
    )
    assert slots.scope(normalize(text).text) is None
    handled = (
        "乙は、特定個人情報の適正な取扱いに関するガイドラインに従い、特定個人情報を管理すること。"
    )
    assert slots.scope(normalize(handled).text) == "mynumber"


def test_what_is_attached_to_a_document_is_due_with_that_document():
    # regression: 「体制表を契約締結後十日以内に提出すること。体制表には、…国籍に関する情報を添える」
    # gave the supplier disclosure no deadline; it is handed in with the table it is attached to
    text = (
        "受注者は、作業要員を記した実施体制表を契約締結後十日以内に提出すること。体制表には、"
        "受注者の資本関係・役員並びに要員の所属、専門性、実績及び国籍に関する情報を添えるもの"
        "とする。"
    )
    (frames,) = extract_obligations(
        [(normalize(text), ["SEC.MGMT_STRUCTURE", "SEC.SUPPLIER_DISCLOSURE"])], [text]
    )
    disclosure = frames[1].deadline
    assert (disclosure["days"], disclosure["qualifier"], disclosure["anchor"]) == (
        10,
        "within",
        "after_contract",
    )
    # regression: what is attached to a roster (「…書面を名簿に添えるものとする」) had no time
    roster = (
        "作業員を追加し、又は交代させるときは、受託者は、その５日前までに変更後の作業員名簿を提出し、"
        "教育委員会の承認を得なければならない。新たに加わる作業員については、その所属、専門性、実績"
        "及び国籍を記した書面を名簿に添えるものとする。"
    )
    attached = frames_by_requirement(roster, "SEC.PERSONNEL_LIMITATION", "SEC.SUPPLIER_DISCLOSURE")[
        "SEC.SUPPLIER_DISCLOSURE"
    ].deadline
    assert attached is not None and (attached["days"], attached["qualifier"]) == (5, "within")


def test_measures_recorded_in_a_plan_handed_in_are_due_with_the_plan():
    # regression: 「…対策を講ずること。講ずる対策の内容…を計画書に記載し、契約締結日から起算して
    # １０日以内に当省へ提出」 gave the measures no deadline, the requirement having none in the
    # taxonomy; both golds read the plan's time
    text = (
        "請負者は、端末の限定及び記録媒体の暗号化等の対策を講ずること。講ずる対策の内容と管理体制"
        "とを情報セキュリティ管理計画書に記載し、契約締結日から起算して１０日以内に当省へ提出する"
        "こと。"
    )
    d = frame(text, "SEC.INFO_PROTECTION_MEASURES").deadline
    assert (d["days"], d["qualifier"]) == (10, "within")


@pytest.mark.parametrize(
    "text",
    [
        # the first stage in a sentence before the written report
        "受託者は、事故が生じたことを知ったときは、直ちに市の担当課に連絡し、その指示に従って必要な"
        "措置を講じなければならない。事故の原因及び再発防止策については、事故の発生から５日以内に"
        "書面で報告すること。",
        # the moment it is known
        "請負者は、インシデントが発生したことを知ったときは、その時点で当機構の担当者に電話で知ら"
        "せ、二日以内に経過を書面で報告すること。",
        "乙は、事故が生じたと知ったときは、時を移さず甲の担当課に電話で知らせなければならない。",
    ],
)
def test_a_staged_incident_report_is_due_at_its_first_stage(text):
    # regression: the written report's 「５日以内」 in the second sentence was taken for the
    # report's time, and 「その時点で」「時を移さず」 were not read as immediate (conventions)
    d = frame(text, "SEC.INCIDENT_REPORTING").deadline
    assert (d["qualifier"], d["days"], d["anchor"]) == ("immediately", None, "on_event")


def test_the_day_the_work_with_it_ends_is_a_time_limit():
    d = slots.deadline(
        normalize("検針に用いた予定表は、検針を終えた日に回収し、細断すること。").text
    )
    assert (d.qualifier, d.days) == ("within", None)


@pytest.mark.parametrize(
    ("text", "scope"),
    [
        ("受注者は、作業員に個人情報保護に関する研修を受けさせること。", "personal"),
        ("乙は、担当者に対し、個人情報の保護に関する教育を着手前に行うこと。", "personal"),
        ("受託者は、入力担当者に番号法に関する研修を受講させ、記録を残すこと。", "mynumber"),
        # a training in security and personal data together names personal data too (it was
        # read as one in security in general until the twenty-first session: the annotators of
        # every set since read it as personal, 6 of 7 frames of D5)
        (
            "受託者は、従事者に情報セキュリティ及び個人情報保護に関する研修を年一回行うこと。",
            "personal",
        ),
        # a training in security alone names no information
        ("受託者は、従事者に情報セキュリティに関する研修を年一回行うこと。", None),
    ],
)
def test_a_training_in_personal_data_protection_or_the_my_number_act_has_their_scope(text, scope):
    assert frame(text, "SEC.STAFF_TRAINING_SUPERVISION").scope == scope


@pytest.mark.parametrize(
    ("text", "scope"),
    [
        (
            "受託者は、業務の終了時に、市から貸与を受けた検査票を返還し、受託者が作成した"
            "受検者の記録を消去すること。",
            "provided_and_created",
        ),
        (
            "乙は、甲が提供した個人情報及び乙が作成した訪問記録を、業務の完了後に甲へ返還"
            "しなければならない。",
            "provided_and_created",
        ),
        # a copy of what was lent is still what was lent
        (
            "受注者は、作業の完了後、貸与された設計書を返却し、受注者側で作成した作業用の写しを"
            "消去すること。",
            "provided",
        ),
        # personal information received or made is personal information
        (
            "乙は、甲から提供を受け、又は乙が作成した個人情報を、業務の完了後直ちに甲に返還"
            "しなければならない。",
            "personal",
        ),
        # so is a copy made of what was received, named beside it
        (
            "受託者は、反訳を完了したときは、受領した音声データと作業中に作成した複製の一切を"
            "消去すること。",
            "provided",
        ),
    ],
)
def test_what_was_received_and_what_the_contractor_made_is_provided_and_created(text, scope):
    assert frame(text, "SEC.RETURN_DISPOSAL").scope == scope


@pytest.mark.parametrize(
    "text",
    [
        "受注者は、アンケートの記述欄に回答者を特定し得る記載があるときは、これを伏せて集計すること。",
        "受託者は、面談記録を引用するときは、相談者の特定につながる記述を削ること。",
        "試験には、町が個人を識別できないよう加工して提供するデータのみを用いること。",
    ],
)
def test_what_would_identify_people_is_personal_information(text):
    assert frame(text, "SEC.PD_SAFEGUARDS").scope == "personal"


def test_a_disposal_certification_is_the_proof_handed_in_not_the_hand_over_before_it():
    text = (
        "事業者は、利用期間終了の２か月前までに、全データを出力する手段を本県に提供すること。"
        "本県が移行の完了を認めた後は、残る県データを削除し、削除の完了を証する書面を２０日以内に"
        "本県へ提出すること。"
    )
    certification = frame(text, "SEC.DISPOSAL_CERTIFICATION")
    assert certification.form == "written"
    assert certification.deadline is not None
    assert certification.deadline["days"] == 20


@pytest.mark.parametrize(
    ("text", "requirement", "form"),
    [
        (
            "受託者は、従事者に着手前の研修を行い、その記録を本県の求めに応じて提示すること。",
            "SEC.STAFF_TRAINING_SUPERVISION",
            None,
        ),
        (
            "受注者は、町が求めたときは、入退室の記録を提示し、担当者に説明させること。",
            "SEC.COMPLIANCE_REPORTING",
            None,
        ),
        # a plan shown before the work starts is handed in, not shown on request
        (
            "受注者は、事故時の連絡体制を文書にまとめ、業務開始前に本市へ提示すること。",
            "SEC.INCIDENT_PREPAREDNESS",
            "written",
        ),
    ],
)
def test_records_shown_when_the_issuer_asks_are_no_form(text, requirement, form):
    assert frame(text, requirement).form == form


@pytest.mark.parametrize(
    ("text", "requirement", "approval"),
    [
        (
            "受注者は、試験に本番の住民データを用いてはならない。やむを得ず用いる場合は、"
            "項目を伏せたものを本市の了承を得て用いること。",
            "SEC.PD_SAFEGUARDS",
            "prior_approval",
        ),
        (
            "受託者は、本業務の主たる部分を第三者に請け負わせてはならない。その他の部分を"
            "請け負わせる場合は、事前に書面を提出して県の承認を受けること。",
            "SEC.SUBCONTRACT_APPROVAL",
            "prior_approval",
        ),
    ],
)
def test_a_ban_no_approval_lifts_in_its_own_words_takes_the_next_sentences_way_out(
    text, requirement, approval
):
    result = frame(text, requirement)
    assert (result.modality, result.approval) == ("must_not", approval)


@pytest.mark.parametrize(
    "text",
    [
        "受注者は、作業要員を記した体制表を契約後七日以内に提出すること。要員を交代させるときは、"
        "交代の五日前までに本市に申し出ること。",
        "受託者は、取扱担当者の名簿を業務開始前に県へ提出すること。担当者を変更する場合は、"
        "変更前に改めて名簿を提出するものとする。",
    ],
)
def test_a_staff_limitation_whose_changes_are_told_is_a_notification(text):
    assert frame(text, "SEC.PERSONNEL_LIMITATION").approval == "notification"


def test_what_was_lent_and_what_the_work_obtained_is_provided_and_created():
    text = "受託者は、本県から貸与された資料及び本業務で得た情報を、本業務以外に用いてはならない。"
    assert frame(text, "SEC.PURPOSE_LIMITATION").scope == "provided_and_created"


@pytest.mark.parametrize(
    "text",
    [
        "受注者は、作業の完了後、貸与を受けた名簿を返却し、集計に用いた中間データを消去すること。",
        "乙は、甲から提供を受けた申告書及び文字認識の読取結果を、業務終了後に甲へ返還すること。",
        "受託者は、貸与データ及び処理の過程で生じた出力紙を、業務完了後に裁断すること。",
    ],
)
def test_what_was_received_and_what_the_work_left_behind_are_provided_and_created(text):
    # 26 of the 30 disposal frames of D13 that name both read so
    assert frame(text, "SEC.RETURN_DISPOSAL").scope == "provided_and_created"


def test_data_handed_over_and_then_erased_is_not_what_was_received():
    text = "受託者は、受付を終えたときは、回答データを本県に引き渡した後、当該回答データを消去すること。"
    assert frame(text, "SEC.RETURN_DISPOSAL").scope != "provided_and_created"


@pytest.mark.parametrize(
    ("text", "requirement"),
    [
        # a certificate's time counted from the disposal, which is done when the work ends
        (
            "受託者は、県データを消去し、消去を終えた日から七日以内に証明書を提出すること。",
            "SEC.DISPOSAL_CERTIFICATION",
        ),
        # or stated with no event of its own, in a clause about the end of the work
        (
            "契約期間の満了時には、受注者は、貸与資料を返還し、消去証明書を提出すること。",
            "SEC.DISPOSAL_CERTIFICATION",
        ),
        ("業務が終わったら、名簿は本市に返すこと。", "SEC.RETURN_DISPOSAL"),
        ("受託者は、受付を終えたときは、回答データを本県に引き渡すこと。", "SEC.RETURN_DISPOSAL"),
        ("納品後、受注者は帳票を全て町に返還すること。", "SEC.RETURN_DISPOSAL"),
        # the end stated in one sentence, the erasure in another
        (
            "受注者は、契約終了時に、貸与資料を返還すること。返還しないメモ等は細断により廃棄すること。",
            "SEC.RETURN_DISPOSAL",
        ),
    ],
)
def test_returning_what_the_work_held_and_proving_it_are_due_at_the_end_of_the_work(
    text, requirement
):
    result = frame(text, requirement)
    assert result.deadline is not None
    assert result.deadline["anchor"] == "on_completion"


@pytest.mark.parametrize(
    ("text", "at_the_start"),
    [
        ("受注者は、要員の着任時に、本章の内容を教育すること。", True),
        ("乙は、従事者に対し、作業に就く前に個人情報の取扱いに関する研修を行うこと。", True),
        ("受託者は、作業を始める前に、取扱者に守秘義務について説明すること。", True),
        ("請負者は、調査員に対し、従事前に調査票の取扱いに関する研修を行うこと。", True),
        # the hours a system runs
        ("本システムの稼働時間は平日９時から１８時までとし、稼働率は９９％以上とすること。", False),
        # what is done at the start and yearly, which the annotators read both ways
        ("受託者は、作業者に対し、着任時及び毎年度１回、研修を行うこと。", False),
    ],
)
def test_the_start_of_the_work_said_otherwise_is_before_start(text, at_the_start):
    deadline = frame(text, "SEC.STAFF_TRAINING_SUPERVISION").deadline
    assert (deadline is not None and deadline["anchor"] == "before_start") == at_the_start


@pytest.mark.parametrize(
    ("text", "requirement"),
    [
        (
            "事業者は、利用するソフトウェアに重大な欠陥が公表されたときは、十日以内に修正を施すこと。",
            "SEC.SYSTEM_SECURITY_REQUIREMENTS",
        ),
        (
            "受託者は、従事者が異動し、又は退職したときは、当日中にその者のＩＤを停止すること。",
            "SEC.ACCESS_SCOPE",
        ),
        (
            "受注者は、調査票が到着した後、到着後直ちに箱数を確認し、受領書を返送すること。",
            "SEC.SECURE_TRANSFER",
        ),
    ],
)
def test_what_a_duty_answers_is_its_event(text, requirement):
    deadline = frame(text, requirement).deadline
    assert deadline is not None
    assert deadline["anchor"] == "on_event"


def test_a_shortfall_the_issuer_finds_is_no_event_of_the_remedy():
    text = "検査の結果、管理に不備があると県が認めたときは、受注者は直ちに改善の措置を講ずること。"
    deadline = frame(text, "SEC.REMEDIATION").deadline
    assert deadline is not None
    assert deadline["anchor"] is None


def test_a_thing_made_able_to_do_something_is_a_must_not_a_permission():
    text = (
        "受注者がクラウドサービスを利用する場合、当該サービスはISMAPクラウドサービスリストに"
        "登録されたもの又はこれと同等の管理策が確認できるものとすること。"
    )
    result = frame(text, "SEC.CLOUD_ISMAP")
    assert (result.actor, result.modality) == ("contractor", "must")


@pytest.mark.parametrize(
    ("text", "requirement", "anchor"),
    [
        (
            "本サービスは、入札の時点でISMAPクラウドサービスリストに掲載されているものに限る。",
            "SEC.CLOUD_ISMAP",
            "bid",
        ),
        (
            "請負者は、作業要員を記載した体制表を契約後十日以内に提出すること。",
            "SEC.MGMT_STRUCTURE",
            "after_contract",
        ),
        # at the contract's signing, which the annotators read both ways: no event
        (
            "受託者は、認証の登録証の写しを契約締結時に提出すること。",
            "SEC.SECURITY_CERTIFICATION",
            None,
        ),
        (
            "契約の終了に当たっては、受託者は、貸与資料を返還すること。",
            "SEC.RETURN_DISPOSAL",
            "on_completion",
        ),
        (
            "受注者は、全ての簿冊の処理を終えたときは、借り受けた簿冊を局に返すこと。",
            "SEC.RETURN_DISPOSAL",
            "on_completion",
        ),
        (
            "契約の終了又はサービスの提供終了に際しては、受注者は、本市のデータを消去すること。",
            "SEC.RETURN_DISPOSAL",
            "on_completion",
        ),
        # a time counted back from the end of a service has no anchor (conventions)
        (
            "契約の終了に当たっては、事業者は、終了日の３か月前から県データを取り出す手段を提供する"
            "こと。",
            "SEC.CLOUD_EXIT",
            None,
        ),
    ],
)
def test_the_bid_the_contract_and_the_end_of_the_work_said_otherwise(text, requirement, anchor):
    deadline = frame(text, requirement).deadline
    assert (deadline or {}).get("anchor") == anchor


@pytest.mark.parametrize(
    ("text", "requirement", "scope"),
    [
        # a ban on using or disclosing the work's information, named as a whole, covers all of it
        (
            "受託者は、本業務で取り扱う情報を、市の承諾なく本業務以外の目的に利用し、又は第三者へ"
            "提供してはならない。",
            "SEC.CONFIDENTIALITY",
            "all",
        ),
        (
            "契約相手方は、この契約に関する情報を、SNSその他の不特定多数が閲覧できるサービスに"
            "掲載してはならない。",
            "SEC.EXTERNAL_SERVICE_RESTRICTION",
            "all",
        ),
        # a plan of measures for it is no limit on what information a duty covers
        (
            "受注者は、本業務で取り扱う情報を守るための措置と管理体制とを記した計画書を、"
            "契約締結後14日以内に提出すること。",
            "SEC.INFO_PROTECTION_MEASURES",
            None,
        ),
        # a kind the clause names still decides
        (
            "受託者は、本業務で取り扱う情報のうち個人情報を、本業務以外の目的に利用してはならない。",
            "SEC.PURPOSE_LIMITATION",
            "personal",
        ),
    ],
)
def test_a_ban_on_the_works_information_named_as_a_whole_covers_all_of_it(text, requirement, scope):
    assert frame(text, requirement).scope == scope


@pytest.mark.parametrize(
    ("text", "requirement", "modality"),
    [
        # not doing the banned act, on the way to another act, is the ban
        (
            "故障により交換したハードディスクは県庁外に持ち出さず、契約相手方が県職員の立会いの下で"
            "破砕して廃棄すること。",
            "SEC.TAKEOUT_RESTRICTION",
            "must_not",
        ),
        (
            "受託者は、約款への同意のみで利用できるサービスを使う場合、要機密情報を取り扱わず、"
            "不正アクセスを防ぐための設定を行うこと。",
            "SEC.EXTERNAL_SERVICE_RESTRICTION",
            "must_not",
        ),
        # the content of a pledge handed in is the act of handing it in
        (
            "受注者は、調査関連情報を第三者に開示せず、漏えいさせないことを約した誓約書を"
            "契約締結時に差し入れること。",
            "SEC.CONFIDENTIALITY",
            "must",
        ),
    ],
)
def test_not_doing_a_banned_act_on_the_way_to_another_is_the_ban(text, requirement, modality):
    assert frame(text, requirement).modality == modality


def test_a_service_levels_achievement_written_into_a_report_takes_the_reports_form():
    text = (
        "分析環境は、平日の稼働率を月間９９．５パーセント以上とし、障害による停止から四時間以内に"
        "復旧させること。目標を下回った月は、原因と改善策を運用報告書に記載すること。"
    )
    assert frame(text, "SEC.SERVICE_LEVEL").form == "written"
    # a level stated with nothing handed in has no form
    assert (
        frame("本システムの稼働率は月間９９．５％以上とすること。", "SEC.SERVICE_LEVEL").form
        is None
    )


@pytest.mark.parametrize(
    ("text", "requirement", "scope"),
    [
        (
            "請負者は、発送完了後７日以内に宛名データを消去し、その方法を記した報告書を提出すること。",
            "SEC.RETURN_DISPOSAL",
            "personal",
        ),
        (
            "受託者は、健診結果データを納品する際は、暗号化したうえで手渡しにより行うこと。",
            "SEC.SECURE_TRANSFER",
            "personal",
        ),
        (
            "受託者は、機構の承諾を得た場合を除き、調査対象者名簿を複写してはならない。",
            "SEC.COPY_RESTRICTION",
            "personal",
        ),
        # a roster of people received from the issuer is personal information all the same, as
        # received 個人情報 is (the development set of the twentieth session read such records
        # 3 to 3)
        (
            "受注者は、町が提供する調査対象者の名簿を調査票の発送以外の用途に用いてはならない。",
            "SEC.PURPOSE_LIMITATION",
            "personal",
        ),
        # the staff's own roster is not information the duty covers
        (
            "受託者は、研修の実施状況を、受講者名簿を添えて実施後14日以内に報告すること。",
            "SEC.STAFF_TRAINING_SUPERVISION",
            None,
        ),
    ],
)
def test_records_about_people_whoever_they_are_are_personal(text, requirement, scope):
    assert frame(text, requirement).scope == scope


def test_a_cloud_service_outside_the_list_shown_in_writing_gives_the_ismap_duty_that_form():
    text = (
        "本業務で利用するクラウドサービスは、ISMAPクラウドサービスリストに掲載されたものの中から"
        "選定すること。掲載のないサービスを用いる場合は、同等以上の管理策が講じられていることを"
        "当庁に書面で示し、承認を得ること。"
    )
    assert frame(text, "SEC.CLOUD_ISMAP").form == "written"
    listed_only = "本サービスは、ISMAPクラウドサービスリストに登録されたものであること。"
    assert frame(listed_only, "SEC.CLOUD_ISMAP").form is None


@pytest.mark.parametrize(
    ("text", "requirement"),
    [
        ("配布対象世帯一覧は、受信機の設置以外に使わないこと。", "SEC.PURPOSE_LIMITATION"),
        (
            "乙は、対象者台帳を、甲に届け出た見守りセンター内でのみ取り扱うこと。",
            "SEC.WORK_LOCATION_CONTROL",
        ),
        (
            "封入封緘を終えた住民票の写しを運搬するときは、施錠したコンテナに収めること。",
            "SEC.SECURE_TRANSFER",
        ),
        (
            "利用者の貸出履歴は、返却処理の完了をもって自動的に消去される機能を備えること。",
            "SEC.PD_SAFEGUARDS",
        ),
    ],
)
def test_the_papers_that_hold_information_about_people_are_personal(text, requirement):
    assert frame(text, requirement).scope == "personal"


def test_the_issuers_right_to_ask_for_reports_is_the_reporting_frame_when_the_clause_opens_with_it():
    opens_with_the_right = (
        "県は、本項の履行状況を確認するため、受注者に報告を求め、又は職員を派遣して実地に確認する"
        "ことができる。受注者は、求めに応じて記録を提示しなければならない。"
    )
    reporting = frame(opens_with_the_right, "SEC.COMPLIANCE_REPORTING")
    assert (reporting.actor, reporting.modality) == ("issuer", "may")
    # the contractor's own reports first, the right after them: the reports are the frame
    reports_first = (
        "乙は、四半期ごとに個人情報の管理の状況を書面で甲に報告しなければならない。甲は、必要が"
        "あると認めるときは、乙に報告を求めることができる。"
    )
    reporting = frame(reports_first, "SEC.COMPLIANCE_REPORTING")
    assert (reporting.actor, reporting.modality) == ("contractor", "must")


def test_a_period_that_opens_the_sentence_is_the_time_of_each_act_after_it():
    text = (
        "乙は、業務完了の日から十四日以内に、甲から引き渡された課税資料を返還するとともに、乙が"
        "作成した印字用データを消去し、消去の日時及び方法を記載した証明書を甲に提出しなければ"
        "ならない。"
    )
    requirements = ["SEC.RETURN_DISPOSAL", "SEC.DISPOSAL_CERTIFICATION"]
    ((_, certificate),) = extract_obligations([(normalize(text), requirements)], [text])
    assert certificate.deadline is not None
    assert (certificate.deadline["qualifier"], certificate.deadline["days"]) == ("within", 14)
    # time words inside the first act are that act's (「資料を速やかに返却するとともに、…報告」)
    inside = (
        "受注者は、本業務の終了後、貸与資料を速やかに返却するとともに、電子データは抹消し、抹消の"
        "結果を書面で報告すること。"
    )
    requirements = ["SEC.RETURN_DISPOSAL", "SEC.DISPOSAL_CERTIFICATION"]
    ((_, certificate),) = extract_obligations([(normalize(inside), requirements)], [inside])
    assert certificate.deadline is None or certificate.deadline["qualifier"] is None


@pytest.mark.parametrize(
    ("text", "modality", "approval"),
    [
        (
            "受託者は、本業務の一部を再委託しようとするときは、あらかじめ再委託の相手方及び作業の"
            "内容を記した申請書を提出し、本研究所の書面による承認を得ること。設計及びプロジェクト"
            "管理は、再委託の対象とすることができない。",
            "must",
            "prior_written_approval",
        ),
        # the ban first and its way out after it stay one ban
        (
            "受注者は、本業務を再委託してはならない。やむを得ず再委託する場合は、書面による承認を"
            "得ること。",
            "must_not",
            "prior_written_approval",
        ),
    ],
)
def test_a_ban_on_part_of_the_work_after_the_approval_to_ask_for_is_no_ban_that_approval_lifts(
    text, modality, approval
):
    found = frame(text, "SEC.SUBCONTRACT_APPROVAL")
    assert (found.modality, found.approval) == (modality, approval)


@pytest.mark.parametrize(
    ("text", "approval"),
    [
        # the work done at a named place, then a ban on handling it anywhere else
        (
            "受託者は、検針データの照合作業を本局が指定する会議室においてのみ行うものとし、本局の"
            "承諾なく、当該会議室以外の場所で作業を行ってはならない。",
            "prior_approval",
        ),
        (
            "製本作業は、受注者の本社工場内で行うこととし、施錠できない場所に答案を置かないこと。",
            None,
        ),
        # the place of the work told beforehand, then how it is kept
        (
            "受注者は、封入作業を行う場所を、作業着手前に発注者へ届け出ること。当該場所については"
            "入退室の記録を取り、作業に従事しない者を立ち入らせないこと。",
            "notification",
        ),
    ],
)
def test_the_place_the_work_is_done_is_the_work_location_not_the_ban_beside_it(text, approval):
    # regression: 「…においてのみ行うものとし、…以外で取り扱ってはならない」 gave the work location
    # the ban, whose trigger words were stronger than the place's
    found = frame(text, "SEC.WORK_LOCATION_CONTROL")
    assert (found.modality, found.approval) == ("must", approval)


def test_the_way_out_of_a_ban_with_its_own_subject_is_not_the_place_of_works():
    # regression: 「…一室で行うものとし、受託者は、…許可を得た場合を除き、…持ち出してはならない」
    # gave the place of work, once chosen over the ban, the ban's exception and approval
    text = (
        "入力作業は本局が指定する庁舎内の一室で行うものとし、受託者は、本局の許可を得た場合を"
        "除き、申込書及びその画像データを庁舎外に持ち出してはならない。"
    )
    f = frames_by_requirement(text, "SEC.WORK_LOCATION_CONTROL", "SEC.TAKEOUT_RESTRICTION")
    place, ban = f["SEC.WORK_LOCATION_CONTROL"], f["SEC.TAKEOUT_RESTRICTION"]
    assert (place.modality, place.approval, place.exceptions) == ("must", None, ())
    assert (ban.modality, ban.approval) == ("must_not", "prior_approval")
    assert ban.exceptions == ("本局の許可を得た場合を除き",)


def test_the_place_told_with_its_deadline_stays_the_work_locations_duty():
    # the place is preferred over a ban only: of 「…拠点で行うこととし、…十日以内に…届け出ること」
    # the notification, with its time, is the duty (a first version took the place)
    text = (
        "受注者は、本業務を県内にある受注者の拠点で行うこととし、その所在地及び施錠の方法を、"
        "契約締結後十日以内に本県へ届け出ること。"
    )
    found = frame(text, "SEC.WORK_LOCATION_CONTROL")
    assert found.deadline is not None
    assert (found.deadline["days"], found.deadline["anchor"]) == (10, "after_contract")
    assert found.approval == "notification"


@pytest.mark.parametrize(
    "text",
    [
        "受託者がこの特記事項に違反したときは、企業団は、契約の全部又は一部を解除することが"
        "できる。この場合において企業団に損害が生じたときは、受託者はその損害を賠償しなければ"
        "ならない。",
        "乙が前各条の規定に違反した場合には、教育委員会は契約を解除することができる。",
    ],
)
def test_the_issuers_right_named_after_its_condition_is_the_right(text):
    # regression: 「…違反したときは、公社は、…解除することができる」: the issuer named by its own
    # name after the condition was not read as the topic, and the damages the contractor owes
    # became the frame
    found = frame(text, "SEC.BREACH_CONSEQUENCES")
    assert (found.actor, found.modality) == ("issuer", "may")


@pytest.mark.parametrize(
    ("text", "days"),
    [
        (
            "受注者は、管理責任者及び作業従事者を記した実施体制表を提出し、本業務に従事する者を当該"
            "表に記載された者に限定すること。体制を変更する場合は、変更の１週間前までに発注者に申し"
            "出て了承を得ること。",
            7,
        ),
        (
            "本番環境での作業は、本局に事前に氏名を届け出た技術者２名以内が担当するものとし、担当者"
            "を変えるときは、作業予定日の３営業日前までに本局の了解を得ること。",
            3,
        ),
    ],
)
def test_the_time_a_change_of_staff_is_told_by_is_the_limitations(text, days):
    # regression: the staff limited to those named, with their changes told by a time, had no
    # deadline beside a management structure's frame; the annotators give the limitation the
    # change's time
    f = frames_by_requirement(text, "SEC.MGMT_STRUCTURE", "SEC.PERSONNEL_LIMITATION")
    found = f["SEC.PERSONNEL_LIMITATION"].deadline
    assert found is not None
    assert (found["qualifier"], found["days"]) == ("within", days)


@pytest.mark.parametrize(
    ("text", "scope"),
    [
        (
            "申込みの際に取得した氏名、住所、電話番号等は、参加者への連絡に限って使用すること。",
            "personal",
        ),
        ("窓口で聴取した氏名及び連絡先は、受付システム以外に記録しないこと。", "personal"),
        # the staff's particulars, in their roster or after the role they belong to, are not
        (
            "受託者は、従事者の名簿（氏名、生年月日及び担当業務を記載したもの）を提出すること。",
            None,
        ),
        ("受託者は、責任者を定め、その氏名、連絡先及び職務分担を本町に通知すること。", None),
    ],
)
def test_particulars_listed_without_a_person_are_personal(text, scope):
    # regression: 「…取得した氏名、住所、電話番号等は、…に限って使用」 named no person before
    # the particulars and had no scope
    assert frame(text, "SEC.PURPOSE_LIMITATION").scope == scope


def test_the_customers_written_in_kana_are_people():
    # regression: 「お客さま情報」 (the utility's customers, in kana) was no person's information
    text = "受注者は、検針データ又はお客さま情報の漏えいを知ったときは、直ちに局に報告すること。"
    assert frame(text, "SEC.INCIDENT_REPORTING").scope == "personal"


def test_the_secrets_of_the_people_served_are_personal():
    # regression: 「利用者の秘密を他に漏らしてはならない」 read 秘密 as a designated secret
    text = "乙は、本業務で知り得た利用者の秘密を他に漏らしてはならない。"
    assert frame(text, "SEC.CONFIDENTIALITY").scope == "personal"
    # a secret no person is named for is still the issuer's
    assert frame("乙は、甲の秘密を他に漏らしてはならない。", "SEC.CONFIDENTIALITY").scope == (
        "designated"
    )


def test_how_personal_data_will_be_managed_written_in_an_application_is_no_scope():
    # regression: 「…個人情報の管理方法を記載した申請書を提出し、…承諾を得ること」 gave the
    # subcontracting the scope of what the application describes
    text = (
        "受託者は、本業務の一部を再委託しようとするときは、再委託先の名称及び再委託先における"
        "個人情報の管理方法を記載した申請書を提出し、あらかじめ市の書面による承諾を得なければ"
        "ならない。"
    )
    assert frame(text, "SEC.SUBCONTRACT_APPROVAL").scope is None
    # how it is handled, when the issuer checks it, is what the check covers
    check = "甲は、必要があると認めるときは、乙の個人情報の管理状況を調査することができる。"
    assert frame(check, "SEC.AUDIT_ACCEPTANCE").scope == "personal"


@pytest.mark.parametrize(
    ("text", "requirement", "scope"),
    [
        (
            "受託者は、住民の個人情報を取り扱う業務であることを踏まえ、本市情報セキュリティ"
            "ポリシーのうち外部委託に関する規定を遵守すること。",
            "SEC.POLICY_COMPLIANCE",
            None,
        ),
        (
            "利用者の個人情報を保存するクラウドサービスは、ISMAPクラウドサービスリストに登録"
            "されたものから選定すること。",
            "SEC.CLOUD_ISMAP",
            None,
        ),
        # information the issuer designates still is
        (
            "受注者は、要機密情報の取扱いについて、当省情報セキュリティポリシーを遵守すること。",
            "SEC.POLICY_COMPLIANCE",
            "designated",
        ),
    ],
)
def test_a_policy_or_service_that_covers_the_whole_work_has_no_personal_scope(
    text, requirement, scope
):
    # regression: the people's data the sentence names was given as the scope of following the
    # policy or of using a listed cloud service (taxonomy `covers_the_whole_work`)
    assert frame(text, requirement).scope == scope


@pytest.mark.parametrize(
    "heading", ["第12条(資料等の返還及び消去)", "（資料等の返還及び消去）第１２条　", "第十二条（資料の返還）"]
)
def test_an_articles_number_and_heading_are_no_duty(heading):
    # regression: 「第12条(資料等の返還及び消去)」 was a duty of its own, chosen for the return
    # because its heading names it, and it hid the time that opens the article
    text = (
        f"{heading}乙は、業務完了の日から十四日以内に、甲から引き渡された資料を返還するとともに、"
        "乙が作成した印字用データを復元できない方法で消去し、消去の日時及び方法を記載した証明書を"
        "甲に提出しなければならない。"
    )
    f = frames_by_requirement(text, "SEC.RETURN_DISPOSAL", "SEC.DISPOSAL_CERTIFICATION")
    for found in f.values():
        assert found.deadline is not None
        assert (found.deadline["qualifier"], found.deadline["days"]) == ("within", 14)


@pytest.mark.parametrize(
    "text",
    [
        "受託者は、入力対象情報を本業務以外の目的に供してはならず、かつ、センターの書面による同意"
        "なしに第三者へ提供し、又は閲覧させてはならない。",
        "区から提供を受けた資料は、本契約の履行のためにのみ用いるものとし、区の書面による承諾が"
        "ある場合を除き、第三者に開示してはならない。",
        "受託者は、本業務で知り得た情報を、本研究所の書面による同意を得ずに他に漏らさず、本業務の"
        "遂行以外に用いないこと。",
    ],
)
def test_consent_to_disclose_is_confidentialitys_not_the_use_limits(text):
    # regression: the written consent that lifts the ban on disclosure gave the purpose
    # limitation beside it a written approval, its form and its exception
    f = frames_by_requirement(text, "SEC.PURPOSE_LIMITATION", "SEC.CONFIDENTIALITY")
    use, disclosure = f["SEC.PURPOSE_LIMITATION"], f["SEC.CONFIDENTIALITY"]
    assert (use.approval, use.form, use.exceptions) == (None, None, ())
    assert disclosure.approval == "prior_written_approval"


def test_a_ban_cut_before_its_predicate_reads_the_predicate_for_its_approval():
    # regression: 「…情報を第三者に」「提供し、又は…用いてはならない。」: the parser cut the ban
    # before its predicate, which speaks of the use limit too, and the flat ban had no approval
    text = (
        "受注者は、県が提供した資料及び業務上知り得た県民の情報を第三者に提供し、又は本業務以外の"
        "目的に用いてはならない。"
    )
    f = frames_by_requirement(text, "SEC.CONFIDENTIALITY", "SEC.PURPOSE_LIMITATION")
    assert f["SEC.CONFIDENTIALITY"].approval == "prohibited"


@pytest.mark.parametrize(
    ("text", "requirement", "modality", "approval"),
    [
        # the polite register of a notice or a call for proposals
        ("受注者は、本業務で知り得た情報を第三者に漏らさないでください。", "SEC.CONFIDENTIALITY",
         "must_not", "prohibited"),
        ("スタッフは、来館者の情報を会場の外に持ち出してはいけません。",
         "SEC.TAKEOUT_RESTRICTION", "must_not", "prohibited"),
        ("再委託は原則として認めません。", "SEC.SUBCONTRACT_APPROVAL", "must_not", "prohibited"),
        ("事業者は、寄附者の情報を本業務以外に使用しないこととします。", "SEC.PURPOSE_LIMITATION",
         "must_not", None),
        ("事業者は、市の承認を得て再委託することができます。", "SEC.SUBCONTRACT_APPROVAL", "may",
         "prior_approval"),
        ("事故が発生したときは、直ちに市へ報告してください。", "SEC.INCIDENT_REPORTING", "must",
         None),
        # and a terse one
        ("再委託不可。", "SEC.SUBCONTRACT_APPROVAL", "must_not", "prohibited"),
        # what cannot be done is banned; an audit that cannot be refused is accepted
        ("受注者は、個人情報を持ち出すことはできません。", "SEC.TAKEOUT_RESTRICTION", "must_not",
         "prohibited"),
        ("受注者は、市の監査を拒むことはできません。", "SEC.AUDIT_ACCEPTANCE", "must", None),
    ],
)
def test_bans_in_the_polite_and_the_terse_register_are_bans(text, requirement, modality, approval):
    # regression: 「…漏らさないでください」「…してはいけません」「…認めません」「再委託不可。」
    # read as duties to do (must), with no approval
    found = frame(text, requirement)
    assert (found.modality, found.approval) == (modality, approval)


def test_a_terse_ban_ending_in_a_noun_is_chosen_and_read_as_a_ban():
    # regression: 「…の第三者への漏えい禁止（業務終了後も同様）。」: an item ending in a noun
    # was taken for no duty at all (the frame went to the safeguard beside it, a must), the note
    # after 禁止 hid the ban, and 「第三者への提供」 was not an act a flat ban bans
    text = (
        "ア　調査票の回答者の氏名・住所等の個人情報：漏えい・滅失防止の安全管理措置を徹底。"
        "調査で知り得た事項の第三者への漏えい禁止（契約終了後も同様）。"
    )
    f = frames_by_requirement(text, "SEC.CONFIDENTIALITY", "SEC.PD_SAFEGUARDS")
    assert (f["SEC.CONFIDENTIALITY"].modality, f["SEC.CONFIDENTIALITY"].approval) == (
        "must_not",
        "prohibited",
    )
    assert f["SEC.PD_SAFEGUARDS"].modality == "must"
    found = frame("２．測量成果・施設配置図：本業務以外での使用及び第三者への提供禁止。", "SEC.CONFIDENTIALITY")
    assert (found.modality, found.approval) == ("must_not", "prohibited")


def test_a_terse_ban_keeps_its_exception_past_a_note_that_it_holds_on():
    # regression: 「…を禁止。契約終了後も同様。ただし、…この限りでない。」: the proviso two
    # sentences on was lost, and the frame went to the proviso instead of the ban
    text = (
        "３．守秘：本業務で知り得た一切の情報の第三者への開示を禁止。契約終了後も同様。"
        "ただし、本市が既に公表した情報はこの限りでない。"
    )
    found = frame(text, "SEC.CONFIDENTIALITY")
    assert found.modality == "must_not"
    assert found.exceptions == ("ただし、本市が既に公表した情報はこの限りでない。",)


@pytest.mark.parametrize(
    "text",
    [
        "・情報セキュリティ対策の実施状況：四半期ごとに報告書（電磁的記録可）を提出。",
        "受注者は、対策の実施状況を月次報告書にまとめ、翌月１０日までに市に提出すること。"
        "報告書は電磁的記録により提出することができる。",
    ],
)
def test_a_report_that_may_be_handed_in_electronically_is_electronic(text):
    # regression: 「報告書（電磁的記録可）を提出」 and a next sentence allowing 電磁的記録 read as
    # written; a choice of media takes its weaker member (corpora/frames/README.md)
    assert frame(text, "SEC.COMPLIANCE_REPORTING").form == "electronic"


def test_an_e_mail_ban_is_no_electronic_medium_allowed():
    found = frame(
        "(2) 名簿データの電子メール送付不可。受渡しは局が指定する暗号化ファイル転送に限る。",
        "SEC.SECURE_TRANSFER",
    )
    assert found.form == "electronic"  # the file transfer named, not the mail banned
    assert frame("名簿データの電子メール送付不可。", "SEC.SECURE_TRANSFER").form is None


@pytest.mark.parametrize(
    "text",
    [
        "(ウ)通報記録の庁舎外への持出し禁止。障害解析のため持出しを要する場合は、対象データと"
        "返却予定日を記した書面を提出し、事前に本部の承認を受けること。",
        "（オ）車載端末の持出し禁止。修理で搬出する必要がある場合は、搬出日の３日前までに所定様式で"
        "申請し、本市の承認を得ること。",
        "イ　従事者は、帳票をホールの外へ持ち出してはいけません。やむを得ず持ち出す必要がある場合は、"
        "申請書を事前に本市へ提出し、承認を受けてください。",
    ],
)
def test_a_ban_takes_the_form_of_its_way_out_in_the_next_sentence(text):
    # regression: the written application of the way out was read for the approval but not
    # for the form
    found = frame(text, "SEC.TAKEOUT_RESTRICTION")
    assert (found.modality, found.approval, found.form) == ("must_not", "prior_approval", "written")


def test_a_first_stage_period_sets_the_time_before_a_same_day_report():
    # regression: 「覚知後１時間以内に電話、同日中に電子メールで…第一報」 took 同日中 (no days)
    # for the deadline, though the period before it is the first stage
    found = frame(
        "(5) 漏えい又はそのおそれ：覚知後１時間以内に電話、同日中に電子メールで局へ第一報。",
        "SEC.INCIDENT_REPORTING",
    )
    assert found.deadline is not None
    assert (found.deadline["days"], found.deadline["qualifier"]) == (0.0417, "within")


def test_the_day_of_a_named_event_is_no_deadline():
    # regression: 「大会当日に受付で使用した名簿」 says when the roster was used; 当日に took the
    # place of the period after it (「大会終了後１か月以内に…廃棄し」)
    text = (
        "（３）大会当日に受付で使用した参加者名簿は、大会終了後１か月以内に裁断により廃棄し、"
        "廃棄日及び廃棄方法を記載した書面を実行委員会に提出すること。"
    )
    f = frames_by_requirement(text, "SEC.RETURN_DISPOSAL", "SEC.DISPOSAL_CERTIFICATION")
    for requirement in ("SEC.RETURN_DISPOSAL", "SEC.DISPOSAL_CERTIFICATION"):
        assert f[requirement].deadline is not None
        assert f[requirement].deadline["days"] == 30


def test_a_terse_ban_is_due_at_the_time_its_way_out_asks():
    # regression: 「再委託：不可。ただし、…着手の十四日前までに申請書を提出し、…承認を得た場合は
    # …」: the frame went to the ban, but kept the proviso's clause (no time) for its deadline
    found = frame(
        "・再委託：不可。ただし、付帯作業に限り、着手の十四日前までに再委託承認申請書を提出し、"
        "局の書面による承認を得た場合は再委託することができる。",
        "SEC.SUBCONTRACT_APPROVAL",
    )
    assert (found.modality, found.approval) == ("must_not", "prior_written_approval")
    assert found.deadline is not None and found.deadline["days"] == 14


@pytest.mark.parametrize(
    ("text", "approval"),
    [
        ("イ　制御装置のファームウェア更新は県の承認後に実施し、更新前後に改ざんの有無を確認。",
         "prior_approval"),
        ("５．監視装置の設定変更：センターの事前承認制。不正な変更防止のため、変更前後の設定値を記録。",
         "prior_approval"),
        ("受注者は、本システムのプログラム及び設定を変更する場合は、事前に変更内容を申請して発注者の"
         "承認を得ること。", "prior_approval"),
        # an approval procedure set up among the controls is no approval of the issuer's
        ("受注者は、本システムに意図しない変更が加えられないよう、変更の申請、承認及び記録の手順を"
         "定めて運用すること。", None),
        ("受注者は、配布用パッケージへの不正な変更を防ぐため、変更を責任者の承認制とすること。", None),
    ],
)
def test_a_change_made_only_with_the_issuers_approval_is_prior_approval(text, approval):
    # regression: the approval of changes was not read at all for unintended-change prevention
    # (gold: prior_approval on 17 development frames, every one read None)
    assert frame(text, "SEC.UNINTENDED_CHANGE_PREVENTION").approval == approval


def test_a_cloud_service_off_the_list_used_only_with_approval_is_prior_approval():
    # regression: the ISMAP requirement read no approval (gold: prior_approval on 17
    # development frames, every one read None)
    text = (
        "④クラウドサービス：ＩＳＭＡＰクラウドサービスリスト掲載サービスに限る。未掲載の場合は"
        "同等以上の管理策を講じていることを書面で示し、局の承認を得ること。"
    )
    found = frame(text, "SEC.CLOUD_ISMAP")
    assert (found.approval, found.form) == ("prior_approval", "written")
    # … and a lapse told in another sentence is a duty of its own, not its approval
    text = (
        "本サービスは、ISMAPクラウドサービスリストに登録されたものであること。契約期間中に登録が"
        "失効したときは、受注者は失効を知った日から七日以内に発注者へ届け出ること。"
    )
    assert frame(text, "SEC.CLOUD_ISMAP").approval is None


@pytest.mark.parametrize(
    ("text", "requirement"),
    [
        ("ウ 予約者の氏名、連絡先及び決済に関する情報は暗号化した状態で保存すること。",
         "SEC.INFO_PROTECTION_MEASURES"),
        ("(1) 予約者本人の氏名・生年月日・電話番号等を扱うため、安全管理措置を徹底。予約者情報の"
         "目的外利用禁止。", "SEC.PURPOSE_LIMITATION"),
        ("請負者は、被験者に関する情報の漏えいが発生したときは、直ちに本研究所へ報告すること。",
         "SEC.INCIDENT_REPORTING"),
        ("受注者は、ポータル利用者の登録情報を、利用登録の目的以外に利用してはならない。",
         "SEC.PURPOSE_LIMITATION"),
    ],
)
def test_information_about_the_people_a_service_serves_is_personal(text, requirement):
    # regression: 予約者 (約 before 者 marks 契約者, a party) was no person for their particulars,
    # and 「…者に関する情報」「利用者の登録情報」 named no people's information
    assert frame(text, requirement).scope == "personal"


def test_one_kind_of_information_opening_a_designated_list_stays_designated():
    text = (
        "受注者は、未公開の収蔵品情報、寄贈者に関する情報その他当館が要機密情報として指定した情報を、"
        "約款による外部サービスで取り扱ってはならない。"
    )
    assert frame(text, "SEC.EXTERNAL_SERVICE_RESTRICTION").scope == "designated"


def test_a_certification_covers_the_whole_work_not_the_people_beside_it():
    # regression: 「…プライバシーマークを取得していること。受講者に関する情報は、…事業所においての
    # み取り扱うこと。」 gave the certification the people's scope of the sentence after it
    text = (
        "請負者は、ISMS認証又はプライバシーマークを取得していること。受講者に関する情報は、当該認証の"
        "適用範囲に含まれる国内の事業所においてのみ取り扱うこと。"
    )
    f = frames_by_requirement(text, "SEC.SECURITY_CERTIFICATION", "SEC.WORK_LOCATION_CONTROL")
    assert f["SEC.SECURITY_CERTIFICATION"].scope is None
    assert f["SEC.WORK_LOCATION_CONTROL"].scope == "personal"


def test_learned_information_of_the_issuer_and_its_people_is_all():
    text = "受託者は、本業務を通じて知り得た研究所及び回答者に関する情報を第三者に漏らしてはならない。"
    assert frame(text, "SEC.CONFIDENTIALITY").scope == "all"


def test_an_edition_printed_in_full_width_digits_is_the_same_edition():
    # regression: the evaluation compared editions as strings, so 「令和５年度版」 as printed and
    # annotated did not match the value read from the normalised text (「令和5年度版」), nor
    # 「令和 5 年度版」 printed with spaces the older annotations wrote without
    from pipeline.obligations.evaluate import evaluate_frames

    def frames(edition):
        return [{"requirement_id": "SEC.POLICY_COMPLIANCE",
                 "reference": {"title": "統一基準群", "edition": edition}}]

    result = evaluate_frames(
        [(frames("令和５年度版"), frames("令和5年度版")), (frames("令和5年度版"), frames("令和 5 年度版")),
         (frames("令和5年度版"), frames("令和6年度版")), (frames(None), frames("令和5年度版"))]
    )
    assert result["accuracy"]["reference_edition"] == 0.5


def test_the_plain_word_for_at_once_is_immediately_and_electronic_or_written_is_electronic():
    # regression: 「すぐに…電話で連絡し、24時間以内に…報告」 took the 24 hours for the first
    # stage, and 「電磁的記録又は書面により…報告」 (the electronic medium named first) read written
    found = frame(
        "事故を確認したときは、すぐに事務局へ電話で連絡し、24時間以内に概要を電子メールで報告して"
        "ください。",
        "SEC.INCIDENT_REPORTING",
    )
    assert found.deadline is not None and found.deadline["qualifier"] == "immediately"
    found = frame(
        "受注者は、本機構の求めに応じ、対策の履行状況について、電磁的記録又は書面により遅滞なく"
        "報告しなければならない。",
        "SEC.COMPLIANCE_REPORTING",
    )
    assert found.form == "electronic"


@pytest.mark.parametrize(
    ("text", "edition"),
    [
        ("請負者は、「政府機関等のサイバーセキュリティ対策のための統一基準群（令和五年度版）」に即して"
         "本事業の情報を取り扱うこと。", "令和五年度版"),
        ("受託者は、「医療情報システムの安全管理に関するガイドライン第6.0版」に従うこと。", "第6.0版"),
        ("受注者は、「政府機関等のサイバーセキュリティ対策のための統一基準群」（最新版）を遵守すること。",
         "最新版"),
        ("受注者は、「汐見原市教育情報セキュリティポリシー（令和５年４月改定版）」に準拠すること。",
         "令和5年4月改定版"),
    ],
)
def test_editions_in_kanji_numerals_point_numbers_and_revision_words_are_read(text, edition):
    # regression: 令和五年度版, 第6.0版, 最新版 and 改定版 were no editions
    found = frame(text, "SEC.POLICY_COMPLIANCE")
    assert found.reference is not None
    assert unicodedata.normalize("NFKC", found.reference["edition"]) == edition


def test_a_correction_notice_is_read_for_the_text_it_puts_in():
    # a correction issued during a tender (「…中「A」を「B」に改める。」) binds with its new text B;
    # the old text A read first gave the deadline the correction replaced
    text = (
        "仕様書第５章３．（２）中「事故発生後３日以内に書面で報告すること。」を「事故を知った時点から"
        "２４時間以内に電子メールで第一報を行い、７日以内に書面で報告すること。」に改める。"
    )
    found = frame(text, "SEC.INCIDENT_REPORTING")
    assert found.deadline is not None
    assert (found.deadline["text"], found.deadline["days"]) == ("２４時間以内", 1.0)
    text = (
        "仕様書６．（４）の後に次の一文を加える。「受注者は、再委託先の名称及び住所を、再委託の開始前に"
        "書面で発注者に届け出ること。」"
    )
    found = frame(text, "SEC.SUBCONTRACT_APPROVAL")
    assert (found.modality, found.form, found.approval) == ("must", "written", "notification")
    # several pieces corrected at once
    text = "仕様書第３章４．（２）中「遅滞なく」を「直ちに」に、「書面」を「書面又は電子メール」に改める。"
    found = frame(text, "SEC.INCIDENT_REPORTING")
    assert found.deadline is not None and found.deadline["qualifier"] == "immediately"
    assert found.form == "electronic"


def test_a_bidders_question_binds_no_one_and_its_answer_does():
    # regression: the question (「…行わせてもよいですか。」) was taken for the duty, and the
    # answer's 「…ことはできません。」 was no duty stated
    found = frame(
        "質問：再委託先に個人情報の入力作業を行わせてもよいですか。 回答：再委託先に個人情報を"
        "取り扱わせることはできません。",
        "SEC.SUBCONTRACT_APPROVAL",
    )
    assert (found.modality, found.approval) == ("must_not", "prohibited")
    found = frame(
        "【質問】作業を在宅で行うことは可能ですか。【回答】可能です。ただし、事前に市の承認を得て"
        "ください。",
        "SEC.WORK_LOCATION_CONTROL",
    )
    assert (found.modality, found.approval) == ("may", "prior_approval")


def test_a_ban_is_lifted_by_the_approval_the_next_sentences_condition_asks_for():
    # regression: 「…入力することはできません。利用する場合は、…事前に県の承認を得てください。」
    # read as the way out's must, or as a flat ban
    found = frame(
        "A. 参加者の個人情報を無料の翻訳サイトに入力することはできません。利用する場合は、個人が特定"
        "できない形に加工した情報に限り、事前に県の承認を得てください。",
        "SEC.EXTERNAL_SERVICE_RESTRICTION",
    )
    assert (found.modality, found.approval) == ("must_not", "prior_approval")


def test_photographing_and_taking_home_are_acts_a_flat_ban_bans():
    text = (
        "⑤　従事者が登録データを自宅へ持ち帰ることや、登録データを個人のスマートフォンで撮影する"
        "ことは、一切認めません。"
    )
    f = frames_by_requirement(text, "SEC.TAKEOUT_RESTRICTION", "SEC.COPY_RESTRICTION")
    assert f["SEC.TAKEOUT_RESTRICTION"].approval == "prohibited"
    assert f["SEC.COPY_RESTRICTION"].approval == "prohibited"


def test_a_table_row_flattened_into_text_reads_like_a_clause():
    # the leading cells of a row (「15 ｜ 返却・消去 ｜」) name its topic, no act: the time that
    # opens the row's text is the time of each of its acts; and a way out whose condition has no
    # comma after it (「業務上必要な場合は事前に…承認を得ること。」) still lifts the ban before it
    text = (
        "15 ｜ 返却・消去 ｜ 契約終了後３０日以内に貸与資料を返却し、複製データを消去の上、"
        "消去証明書を提出すること。 ｜ 必須"
    )
    f = frames_by_requirement(text, "SEC.RETURN_DISPOSAL", "SEC.DISPOSAL_CERTIFICATION")
    assert f["SEC.DISPOSAL_CERTIFICATION"].deadline is not None
    assert f["SEC.DISPOSAL_CERTIFICATION"].deadline["days"] == 30.0
    found = frame(
        "No.4 区分：持出し 内容：個人情報を含む媒体の持出しは原則禁止。業務上必要な場合は事前に"
        "書面で申請し、承認を得ること。 必須",
        "SEC.TAKEOUT_RESTRICTION",
    )
    assert (found.modality, found.approval, found.form) == ("must_not", "prior_approval", "written")


@pytest.mark.parametrize(
    ("text", "requirement"),
    [
        ("利用者の個人情報を業務以外の目的に使用しないようにしてください。", "SEC.PURPOSE_LIMITATION"),
        ("※個人情報を含むファイルを私物の端末へ送信することはご遠慮ください。", "SEC.TAKEOUT_RESTRICTION"),
        ("※個人情報の持ち出しはできませんのでご注意ください。", "SEC.TAKEOUT_RESTRICTION"),
    ],
)
def test_more_bans_of_the_polite_register_are_bans(text, requirement):
    # regression: 「…しないようにしてください」「…はご遠慮ください」「…持ち出しはできませんので」
    # read as duties to do
    assert frame(text, requirement).modality == "must_not"


def test_a_safeguard_against_an_outcome_in_the_polite_register_is_a_must():
    text = "個人情報の漏えいが生じないよう、必要な措置を講じてください。"
    assert frame(text, "SEC.PD_SAFEGUARDS").modality == "must"


def test_a_time_borrowed_from_another_sentence_counts_from_the_event_that_opens_it():
    # regression: the report's time was read from the second sentence without the event that
    # opens it (「事故が発生した際は…速やかに報告」), so its anchor was lost
    f = frames_by_requirement(
        "受託者は、事故対応の手順と本市との連絡体制をあらかじめ定め、実施計画書に記載すること。"
        "事故が発生した際はこの手順に従い、速やかに本市へ報告すること。",
        "SEC.INCIDENT_PREPAREDNESS",
        "SEC.INCIDENT_REPORTING",
    )
    deadline = f["SEC.INCIDENT_REPORTING"].deadline
    assert (deadline["qualifier"], deadline["anchor"]) == ("promptly", "on_event")


def test_what_a_duty_takes_in_is_no_act_of_its_own():
    # regression: 「再委託先で起きたものを含め、」 was taken for the duty, which has no time
    found = frame(
        "乙は、個人情報の漏えいその他の事故が発生したときは、再委託先で起きたものを含め、直ちに甲に"
        "電話で報告し、５日以内に報告書を提出しなければならない。",
        "SEC.INCIDENT_REPORTING",
    )
    assert (found.deadline["qualifier"], found.deadline["anchor"]) == ("immediately", "on_event")


@pytest.mark.parametrize(
    ("text", "requirement", "conditional"),
    [
        (
            "従事者の交代は、理由の如何を問わず、前日までに本県に申し出て承認を得た場合に限り行う"
            "ことができる。",
            "SEC.PERSONNEL_LIMITATION",
            False,
        ),
        (
            "貸与資料の複写は、業務の遂行上やむを得ない場合に限り、あらかじめ本県の承認を得て行う"
            "ことができる。",
            "SEC.COPY_RESTRICTION",
            True,
        ),
    ],
)
def test_an_act_allowed_only_once_approved_is_no_condition_but_a_need_is(
    text, requirement, conditional
):
    # regression: 「…承認を得た場合に限り行うことができる」 was read as a condition; the approval
    # slot carries it, while 「やむを得ない場合に限り」 names a need and stays one
    assert frame(text, requirement).conditional is conditional


def test_a_concession_before_a_polite_ban_is_no_duty_of_its_own():
    # regression: 「…ことは歓迎しますが、」 was taken for the duty, and the ban after it lost
    found = frame(
        "※広報に動画サイトを使っていただくことは歓迎しますが、参加者の個人情報を、無料のファイル"
        "共有サービスに保存することはできませんのでご注意ください。",
        "SEC.EXTERNAL_SERVICE_RESTRICTION",
    )
    assert (found.modality, found.approval) == ("must_not", "prohibited")


def test_a_note_asked_before_a_polite_ban_is_no_duty_of_its_own():
    # regression: 「…にご留意いただき、」 was the law's duty, a must, beside the ban it leads to
    f = frames_by_requirement(
        "乙は、番号法により個人番号の収集が制限されていることにご留意いただき、受付票に個人番号を"
        "書き写さないでください。",
        "SEC.LEGAL_COMPLIANCE",
        "SEC.MYNUMBER_HANDLING",
    )
    assert f["SEC.LEGAL_COMPLIANCE"].modality == "must_not"


def test_what_is_allowed_only_once_approved_is_a_may_in_a_cell_and_in_an_answer():
    # regression: 「…承認を得た場合に限り可。」 and 「…承認を得た場合に限り、…を認める。」 were
    # read as musts, the first also as the issuer's right (its approval is the issuer's), and
    # the row's closing cell 「｜ 必須」 was taken for the duty
    cell = frame(
        "N-07 ｜ 再委託 ｜ 再委託は、事前に書面で申請し発注者の承認を得た場合に限り可。 ｜ 必須",
        "SEC.SUBCONTRACT_APPROVAL",
    )
    assert (cell.actor, cell.modality) == ("contractor", "may")
    answer = frame(
        "質問：保守用の端末を庁舎に持ち込めるか。　回答：端末名と期間を記した申請書を事前に提出し"
        "、本市の承認を得た場合に限り、庁舎への持込みを認める。",
        "SEC.TAKEOUT_RESTRICTION",
    )
    assert answer.modality == "may"


def test_the_may_of_a_proviso_is_the_way_around_the_duty_before_it():
    # regression: once the issuer's approval no longer made it the issuer's right, the proviso's
    # may (「ただし、甲が認めた場合は、…廃棄し、…返還に代えることができる」) was chosen
    found = frame(
        "乙は、契約が終了したときは、甲が提供した資料を甲の指定する期日までに返還しなければなら"
        "ない。ただし、甲が認めた場合は、復元できない方法により廃棄し、その旨を書面で届け出ること"
        "をもって返還に代えることができる。",
        "SEC.RETURN_DISPOSAL",
    )
    assert found.modality == "must"


@pytest.mark.parametrize(
    ("text", "modality", "approval"),
    [
        (
            "【回答】事前に書面で申請し、市の承認を得た場合に限り可能です。なお、再委託先から更に"
            "再々委託することは認めていません。",
            "may",
            "prior_approval",
        ),
        (
            "回答：再委託先の名称及び業務の範囲を記載した申請書を提出し、発注者の書面による承認を"
            "得ること。なお、本業務の主たる部分を再委託することは認めない。",
            "must",
            "prior_written_approval",
        ),
    ],
)
def test_a_ban_on_subcontracting_further_after_the_approval_narrows_it(text, modality, approval):
    # regression: the ban after the approval, rich in trigger words, was chosen over it
    found = frame(text, "SEC.SUBCONTRACT_APPROVAL")
    assert (found.modality, found.approval) == (modality, approval)


def test_a_ban_pledged_in_a_form_handed_in_is_the_pledge_and_as_flat_as_the_ban():
    # regression: 「…漏らさないことを、秘密保持誓約書により提出すること」 was read as the ban itself,
    # and then with no approval
    found = frame(
        "(5) 業務で知り得た情報を第三者に漏らさないことを、秘密保持誓約書により提出すること。",
        "SEC.CONFIDENTIALITY",
    )
    assert (found.modality, found.approval, found.form) == ("must", "prohibited", "written")


def test_the_start_of_the_subcontracting_is_not_the_start_of_the_work():
    # regression: 「再委託開始の１０日前までに」 was counted back from the start of the work
    found = frame(
        "再委託しようとするときは、申請書を再委託開始の１０日前までに提出し、承認を得ること。",
        "SEC.SUBCONTRACT_APPROVAL",
    )
    assert (found.deadline["days"], found.deadline["anchor"]) == (10, None)


def test_agreeing_only_to_a_services_terms_is_no_approval():
    # regression: 「約款のみに同意して利用する」 kept its 同意 and read as the issuer's approval
    found = frame(
        "B-3 約款のみに同意して利用する外部サービスに申請データを保存しないこと。",
        "SEC.EXTERNAL_SERVICE_RESTRICTION",
    )
    assert (found.modality, found.approval) == ("must_not", "prohibited")


def test_a_first_stage_joined_by_tomo_ni_sets_the_time_of_a_staged_report():
    # regression: in one duty, the later written report's period (「３日以内に」) outranked the
    # first stage's 「直ちに」
    found = frame(
        "受託者は、情報セキュリティインシデントの発生を知ったときは、直ちに当院の情報システム"
        "管理者に電話で連絡するとともに、発生の日から３日以内に事故報告書を提出し、当院の指示に"
        "従って再発防止策を講じた上で、その実施状況を報告しなければならない。",
        "SEC.INCIDENT_REPORTING",
    )
    assert (found.deadline["qualifier"], found.deadline["days"]) == ("immediately", None)
    assert found.form == "written"


def test_a_ban_followed_by_hoka_ends_there_and_the_next_duty_is_its_own():
    # regression: 「…持ち出さないほか、」 ran on into the next act and was read as a must, and a
    # permission after 「…提供してはならないほか、」 was read as the ban
    takeout = frame(
        "受託者は、保守作業に当たっては当院の承認を得た端末のみを使用し、患者情報を院外に持ち出さ"
        "ないほか、作業の記録を作成して当院に提出すること。",
        "SEC.TAKEOUT_RESTRICTION",
    )
    assert takeout.modality == "must_not"
    f = frames_by_requirement(
        "受託者は、当院から提供を受けた診療情報を、本業務の目的以外に利用し、又は第三者に提供して"
        "はならないほか、診療情報の複製は当院の承認を得た場合に限り行うことができるものとする。",
        "SEC.PURPOSE_LIMITATION",
        "SEC.COPY_RESTRICTION",
    )
    assert f["SEC.PURPOSE_LIMITATION"].modality == "must_not"
    assert (f["SEC.COPY_RESTRICTION"].modality, f["SEC.COPY_RESTRICTION"].approval) == (
        "may",
        "prior_approval",
    )


def test_a_ban_as_a_rule_with_its_way_out_in_one_check_sheet_item():
    # regression: 「…使用は原則禁止とし、」 was not read as a ban, so the item was the way out's must
    found = frame(
        "No.17 外部記録媒体の使用は原則禁止とし、やむを得ず使用する場合は市の承認を得ていること。",
        "SEC.TAKEOUT_RESTRICTION",
    )
    assert (found.modality, found.approval) == ("must_not", "prior_approval")


def test_the_copying_ban_outranks_the_register_of_lent_things_beside_it():
    # regression: the register (「管理台帳を備えるものとし」) had more trigger words than the ban
    # after it and was chosen, a must
    found = frame(
        "（貸与資料の管理）乙は、甲から貸与された申請書類及び名簿について、受領日、件数及び返却日を"
        "記した管理台帳を備えるものとし、甲の書面による承諾なくこれらを複写しないこと。",
        "SEC.COPY_RESTRICTION",
    )
    assert (found.modality, found.approval) == ("must_not", "prior_written_approval")


def test_following_the_law_is_the_duty_of_the_law_though_a_ban_follows():
    # regression: 「…ガイドラインに従い、…範囲を超えて取り扱ってはならない」 gave the law's frame
    # the ban's must_not
    found = frame(
        "受託者は、個人番号を含む書類を扱う場合は、番号法及び同法に基づくガイドラインに従い、法で"
        "定める事務の範囲を超えて個人番号を利用してはならない。",
        "SEC.LEGAL_COMPLIANCE",
    )
    assert found.modality == "must"


@pytest.mark.parametrize(
    ("text", "requirement"),
    [
        (
            "受託者は、利用者の個人情報を私物のスマートフォンで撮影することは差し控えてください。",
            "SEC.COPY_RESTRICTION",
        ),
        ("作業室への私物の携帯電話の持込みは厳禁とする。", "SEC.TAKEOUT_RESTRICTION"),
        (
            "受注者は、本業務で知り得た情報を第三者に漏らすことは厳に慎まなければならない。",
            "SEC.CONFIDENTIALITY",
        ),
        (
            "受注者は、業務用端末にフリーソフトウェアをインストールしてはなりません。",
            "SEC.INFO_PROTECTION_MEASURES",
        ),
    ],
)
def test_other_words_of_a_ban_and_a_polite_ban_parsed_in_two_are_bans(text, requirement):
    # regression: 差し控えて, 厳禁 and 慎まなければならない were read as musts, and 「…しては」
    # 「なりません。」, cut in two by the parse, as the act before a ban of another duty
    assert frame(text, requirement).modality == "must_not"


def test_information_obtained_is_the_event_a_time_counts_from():
    # regression: 「脆弱性情報を入手した場合は、四十八時間以内に」 had no anchor
    found = frame(
        "受注者は、脆弱性情報を入手した場合は、四十八時間以内に影響の有無を確認し、本市に報告する"
        "こと。",
        "SEC.SYSTEM_SECURITY_REQUIREMENTS",
    )
    assert (found.deadline["days"], found.deadline["anchor"]) == (2, "on_event")


@pytest.mark.parametrize(
    "text",
    [
        "委託先は、本院の「情報セキュリティ対策基準（2024年4月改定）」を遵守すること。",
        "受注者は、当局の情報セキュリティ対策基準（令和六年十月一日施行）を遵守すること。",
        "過去３年以内に個人情報の漏えいにより行政処分を受けていない者であること。",
        "受注者は、ISO/IEC 27001（2022年版）に基づく認証を取得していること。",
        "受託者は、個人情報の保護に関する法律（平成十五年法律第五十七号）に従うこと。",
    ],
)
def test_a_date_or_a_window_in_the_past_is_no_deadline(text):
    # regression: 「2024年4月改定」 was read as a period of 2,024 years, 「十月一日施行」 as one
    # day, 「過去３年以内に」 as a time limit, and the year of an edition or a law's number
    # (「2022年版」「平成十五年法律」, whose 「五年」 was read alone) as periods too
    assert slots.deadline(normalize(text).text) is None


def test_a_period_in_brackets_bounds_the_word_before_it():
    # regression: 「直ちに（遅くとも1時間以内に）」 was read as within the hour, not at once
    found = slots.deadline(normalize("発生を認知した場合は直ちに（遅くとも1時間以内に）電話で報告").text)
    assert (found.qualifier, found.days) == ("immediately", round(1 / 24, 4))


def test_what_a_figure_leaves_out_is_no_exception_to_the_duty():
    # regression: 「計画停止を除く年間稼働率」 was copied as an exception
    assert slots.exceptions(normalize("計画停止を除く年間稼働率を99.9%以上とすること。").text) == []
    assert slots.exceptions(normalize("土日祝日（年末年始を除く。）に行うこと。").text) != []


def test_a_time_limit_stays_one_when_a_schedule_follows_it():
    # regression: 「契約締結後１箇月以内及び毎年度１回以上」 lost its limit to the 毎 after it
    found = slots.deadline(
        normalize("契約締結後１箇月以内及び毎年度１回以上、研修を実施すること。").text
    )
    assert (found.qualifier, found.days, found.anchor) == ("within", 30, "after_contract")


def test_a_staff_table_handed_in_with_something_else_is_written():
    # regression: 「…管理体制表とともに…届出。」 was no form, as only 「体制表を」 was read
    found = frame(
        "ウ　情報セキュリティ責任者１名を選任し、管理体制表とともに業務着手の７日前までに市へ届出。",
        "SEC.MGMT_STRUCTURE",
    )
    assert found.form == "written"


@pytest.mark.parametrize(
    ("text", "modality"),
    [
        # an item's level, printed as a tag or as a table row's last cell
        ("【推奨】SR-08 受注者は、ISMS認証を取得していること。", "should"),
        ("【任意】受注者は、第三者による脆弱性診断を受けること。", "may"),
        ("12 ｜ 認証 ｜ 受注者はISMS認証を取得していること。 ｜ 推奨", "should"),
        ("【必須】受注者は、ISMS認証を取得していること。", "must"),
        # recommended in so many words
        ("受注者は、ISMS認証を取得することを推奨する。", "should"),
        ("受注者は、ISMS認証を取得していることが望まれる。", "should"),
        # an optional field of a form is no level of the duty
        ("受注者は、申込フォームの項目を氏名、住所及び電話番号（任意）とし、ISMS認証を取得していること。", "must"),
    ],
)
def test_an_items_printed_level_sets_the_strength_of_a_plain_duty(text, modality):
    assert frame(text, "SEC.SECURITY_CERTIFICATION").modality == modality


@pytest.mark.parametrize(
    ("text", "requirement", "actor"),
    [
        # the people of guarding and upkeep are the contractor's staff
        ("警備員は、勤務中に知り得た来庁者の情報を他に漏らしてはならない。", "SEC.CONFIDENTIALITY", "staff"),
        ("保守員は、サーバ室への入退室に当たっては職員の立会いを受けること。", "SEC.WORK_LOCATION_CONTROL", "staff"),
        # but the people limited, named as the topic, are the contractor's act of limiting
        (
            "名簿を扱うスタッフは必要最小限の人数に限り、業務開始前に従事者名簿を県へ提出してください。",
            "SEC.PERSONNEL_LIMITATION",
            "contractor",
        ),
    ],
)
def test_guards_and_upkeep_staff_are_staff_unless_they_are_the_people_limited(
    text, requirement, actor
):
    assert frame(text, requirement).actor == actor


@pytest.mark.parametrize(
    ("text", "requirement"),
    [
        # a ledger drawn up and handed in, a report by the minutes book, a register written into
        (
            "受注者は、下請負人に業務の一部を請け負わせる場合には、施工体制台帳を作成し、監督員に"
            "提出しなければならない。",
            "SEC.SUBCONTRACT_APPROVAL",
        ),
        (
            "事故が発生したときは、受注者は直ちに監督員に口頭で報告し、その後７日以内に打合せ簿により"
            "報告しなければならない。",
            "SEC.INCIDENT_REPORTING",
        ),
        (
            "受託者は、鍵の貸出しの都度、鍵貸出簿に記録し、毎月末に施設管理者に提出すること。",
            "SEC.COMPLIANCE_REPORTING",
        ),
    ],
)
def test_ledgers_and_registers_handed_in_are_written(text, requirement):
    assert frame(text, requirement).form == "written"


def test_a_works_contract_survives_its_completion_and_binds_its_subcontractors():
    text = "受注者は、本工事の完成後も、本工事で知り得た秘密を漏らしてはならない。"
    assert frame(text, "SEC.CONFIDENTIALITY").survival is True
    text = "受注者は、引渡し後においても、図面の内容を第三者に開示してはならない。"
    assert frame(text, "SEC.CONFIDENTIALITY").survival is True
    text = "受注者は、下請負人にも本特記仕様書に定める秘密保持の義務を遵守させること。"
    assert frame(text, "SEC.SUBCONTRACT_FLOWDOWN").flowdown is True


def test_by_the_end_of_the_contracts_term_counts_from_its_completion():
    text = "受託者は、契約期間満了の日までに、貸与した鍵を全て返却すること。"
    assert frame(text, "SEC.RETURN_DISPOSAL").deadline["anchor"] == "on_completion"
    # a stage's end is no end of the work
    text = "受注者は、対処の手順を設計工程の終了までに書面で説明すること。"
    deadline = frame(text, "SEC.INCIDENT_PREPAREDNESS").deadline
    assert deadline is None or deadline["anchor"] is None


@pytest.mark.parametrize(
    ("text", "modality"),
    [
        # a ban on handling the number is the My Number duty, over the handing on after it
        (
            "受託者は、土地所有者等から個人番号の提供を求め、又は個人番号が記載された書類を収集しては"
            "ならず、誤って個人番号を取得した場合は、監督員の指示を受けて適切に処理すること。",
            "must_not",
        ),
        # the acts listed before the ban are its own (「個人番号を書き写し、|複写し、又は保管してはならず」)
        (
            "受注者は、印刷工程に必要な範囲を超えて特定個人情報ファイルを作成し、又は保存してはならない。"
            "差込印刷のために加工したデータは、個人番号の項目を削除したものとすること。",
            "must_not",
        ),
        # but limiting who sees it is the act of limiting
        (
            "個人番号を取り扱う担当者はあらかじめ届け出た者に限るものとし、それ以外の者に個人番号を"
            "閲覧させないこと。",
            "must",
        ),
    ],
)
def test_a_ban_on_handling_the_number_is_the_my_number_duty(text, modality):
    assert frame(text, "SEC.MYNUMBER_HANDLING").modality == modality


def test_the_works_information_listed_and_closed_by_the_rest_is_all_of_it():
    text = "受注者は、本工事に係る図面、工事写真その他の情報を、監督員の承諾なく現場事務所の外へ持ち出してはならない。"
    assert frame(text, "SEC.TAKEOUT_RESTRICTION").scope == "all"


@pytest.mark.parametrize(
    ("text", "scope"),
    [
        # the register of visitors to a building is about them
        ("記入済みの来庁者受付票は、委託者の許可なく庁舎外へ持ち出してはならない。", "personal"),
        ("入退庁者記録簿は、警備室内の施錠できる書庫に保管すること。", "personal"),
        # the log of who entered the work room is the staff's
        ("端末は、入室者を記録し施錠管理している運用室の中に設置すること。", None),
    ],
)
def test_a_register_of_visitors_is_personal(text, scope):
    assert slots.scope(normalize(text).text) == scope


@pytest.mark.parametrize(
    ("text", "requirement", "form"),
    [
        # a staged report: a first word in any way, then the report in writing
        (
            "警備業者は、事故が発生したことを知ったときは、直ちに電話又は電子メールにより庁舎管理者に"
            "第一報を入れ、２４時間以内に経過を記載した事故報告書を提出しなければならない。",
            "SEC.INCIDENT_REPORTING",
            "written",
        ),
        # a report in any of the ways is still no form
        ("受注者は、事故が発生したときは、直ちに書面又は口頭で報告すること。", "SEC.INCIDENT_REPORTING", None),
        # a ledger written into and handed in, a monthly report written into
        (
            "作業の一部を下請負人に行わせようとするときは、あらかじめ施工体制台帳に当該下請負人を記載"
            "して監督員に提出し、その承諾を得なければならない。",
            "SEC.SUBCONTRACT_APPROVAL",
            "written",
        ),
        (
            "システムの稼働率は月間９９．５％以上を確保し、請負者は、月ごとの稼働実績を業務月報に"
            "記載すること。",
            "SEC.SERVICE_LEVEL",
            "written",
        ),
        # a register kept is no document handed in
        (
            "承認を得て複製した場合は、その部数及び保管場所を管理簿に記載すること。",
            "SEC.COPY_RESTRICTION",
            None,
        ),
    ],
)
def test_written_reports_after_a_first_word_and_ledgers_handed_in(text, requirement, form):
    assert frame(text, requirement).form == form


@pytest.mark.parametrize(
    ("text", "requirement", "anchor"),
    [
        # a works contract ends with the work completed and inspected
        ("受注者は、工事完成後速やかに貸与資料を監督員に返却すること。", "SEC.RETURN_DISPOSAL", "on_completion"),
        (
            "削除が完了したことを確認できる書面を、完成検査後３０日以内に監督員に提出しなければならない。",
            "SEC.DISPOSAL_CERTIFICATION",
            "on_completion",
        ),
        # an event's end is the end of its work
        (
            "乙は、大会終了日から九十日を経過する日までに、申込者情報を消去するものとする。",
            "SEC.RETURN_DISPOSAL",
            "on_completion",
        ),
        # a certificate held when applying to bid, or by the proposal's deadline
        (
            "事業者は、入札参加資格確認申請の時点において、ISMSの認証を取得していなければならない。",
            "SEC.SECURITY_CERTIFICATION",
            "bid",
        ),
        (
            "事業者は、ISMSの認証を、企画提案書の提出期限の日において受けていること。",
            "SEC.SECURITY_CERTIFICATION",
            "bid",
        ),
        # the certificate after the disposal is done
        (
            "委託先は、前項の消去及び廃棄を終えたときは、廃棄完了報告書を１０営業日以内に本市に提出し"
            "なければならない。",
            "SEC.DISPOSAL_CERTIFICATION",
            "on_completion",
        ),
    ],
)
def test_the_ends_of_works_events_and_disposals_and_the_bid(text, requirement, anchor):
    assert frame(text, requirement).deadline["anchor"] == anchor


def test_an_event_that_opens_the_duty_waits_for_the_period_its_sentence_states():
    # regression: 「前号の消去を終えたときは、…」 took the event alone as the certificate's deadline
    # and lost its five working days
    text = (
        "前号の消去を終えたときは、消去の対象、方法及び実施日を記した報告書に消去ツールの実行記録を"
        "添えて、業務完了日から５営業日以内に当機構へ提出すること。"
    )
    deadline = frame(text, "SEC.DISPOSAL_CERTIFICATION").deadline
    assert (deadline["days"], deadline["qualifier"], deadline["anchor"]) == (5, "within", "on_completion")


def test_moving_the_place_of_the_work_is_no_condition_on_it():
    text = (
        "受託者は、個人情報を含むデータを、監督員に届け出た事務所内でのみ取り扱うものとし、作業場所を"
        "変更しようとするときは、事前に書面で監督員の承諾を得なければならない。"
    )
    assert frame(text, "SEC.WORK_LOCATION_CONTROL").conditional is False


@pytest.mark.parametrize(
    "text",
    [
        # something found, a sign of it seen, a finding received, an account no longer needed
        "受注者は、個人情報の誤開示その他の事故を発見したときは、発見から２時間以内に市へ報告すること。",
        "不正な接続の兆候を認めたときは、契約相手方は、直ちに官の監督官に通報しなければならない。",
        "乙は、甲から指摘を受けた日から２週間以内に改善計画を作成して甲に提出しなければならない。",
        "受注者は、アカウントが不要となったときは５開庁日以内に本市へ届け出ること。",
    ],
)
def test_what_is_found_or_pointed_out_is_the_event_a_time_counts_from(text):
    assert slots.deadline(normalize(text).text).anchor == "on_event"


def test_a_clause_about_moving_the_place_alone_is_conditional():
    text = "受託者は、作業の拠点を変更しようとするときは、事前に機構の承認を受けること。"
    assert frame(text, "SEC.WORK_LOCATION_CONTROL").conditional is True


@pytest.mark.parametrize(
    ("text", "requirement", "modality"),
    [
        # regression: the ないものとする of 「…しなければならないものとする」 was read as a ban
        ("受託者は、作業終了後、貸与資料を返却しなければならないものとする。", "SEC.RETURN_DISPOSAL", "must"),
        ("受託者は、貸与資料を複製しないものとする。", "SEC.COPY_RESTRICTION", "must_not"),
        # … and so is 「…しなければならないこととする」
        (
            "受託者は、事故が発生した場合には、直ちに報告しなければならないこととする。",
            "SEC.INCIDENT_REPORTING",
            "must",
        ),
        ("受託者は、本業務以外の目的に使用してはならないこととする。", "SEC.PURPOSE_LIMITATION", "must_not"),
        # an act allowed, or not required
        ("受託者は、業務に必要な範囲で資料を複写することを認める。", "SEC.COPY_RESTRICTION", "may"),
        ("受注者は、再委託先の事業所に立ち入ることを要しない。", "SEC.AUDIT_ACCEPTANCE", "may"),
        # but an act not allowed stays a ban
        ("受託者が本業務を第三者に再委託することは、これを認めない。", "SEC.SUBCONTRACT_APPROVAL", "must_not"),
    ],
)
def test_a_must_worded_as_a_rule_and_an_act_allowed(text, requirement, modality):
    assert frame(text, requirement).modality == modality


@pytest.mark.parametrize(
    ("text", "days", "anchor"),
    [
        ("契約締結日の翌日から起算して十日以内に提出すること。", 10, "after_contract"),
        ("事故を知った日から３営業日以内に報告すること。", 3, "on_event"),
        ("事故発生の日から５日以内に文書で報告するものとする。", 5, "on_event"),
        # the end of a period the duty recurs in is no end of the work
        ("四半期終了後３０日以内に報告すること。", 30, None),
        ("契約期間終了後六十日以内に消去すること。", 60, "on_completion"),
        # half a year is six months; half a day half a day
        ("半年以内に見直すこと。", 180, None),
        ("半日以内に報告すること。", 0.5, None),
    ],
)
def test_periods_counted_from_the_day_after_the_contract_the_day_it_was_known_and_halves(
    text, days, anchor
):
    found = slots.deadline(normalize(text).text)
    assert (found.days, found.anchor) == (days, anchor)


def test_a_half_in_other_words_is_no_period():
    assert slots.deadline(normalize("後半日程で実施すること。").text) is None
    assert slots.anchor(normalize("入札書提出時に添付すること。").text) == "bid"


def test_the_issuers_understanding_asked_for_is_an_approval():
    text = "請負者は、受領した資料を、当機構の了解を得ずに本事業以外の業務に流用しないこと。"
    assert frame(text, "SEC.PURPOSE_LIMITATION").approval == "prior_approval"
    text = "受注者は、貸与された設計書を、当庁の了解なく複製しないこと。"
    assert frame(text, "SEC.COPY_RESTRICTION").approval == "prior_approval"


@pytest.mark.parametrize(
    ("text", "scope"),
    [
        # what was provided, named as such, as 「貸与資料」 is
        ("乙は、提供データを本研究の目的以外に利用し、又は第三者に提供してはならない。", "provided"),
        ("受注者は、提供資料を作業場所の外へ持ち出してはならない。", "provided"),
        # providing something is no provided information
        ("乙は、甲に対し、利用状況の提供データを求めてはならない。", None),
    ],
)
def test_provided_data_named_as_such_is_provided(text, scope):
    assert slots.scope(normalize(text).text) == scope


@pytest.mark.parametrize(
    ("text", "requirement", "form"),
    [
        # an agreement on service levels concluded or shown is a document
        (
            "運営者は、障害時の復旧目標を４時間とするサービスレベル合意書を運用開始までに市と"
            "取り交わすこと。",
            "SEC.SERVICE_LEVEL",
            "written",
        ),
        (
            "受託者は、月間稼働率99.5%以上を保証するサービスレベルアグリーメントを提示すること。",
            "SEC.SERVICE_LEVEL",
            "written",
        ),
        # a level kept without an agreement named is no form
        ("受託者は、月間稼働率99.5%以上を維持すること。", "SEC.SERVICE_LEVEL", None),
        # a check-sheet item whose note names what is handed in for it
        (
            "No.4　通信経路が暗号化されていること。【提出物】暗号化方式の設定一覧",
            "SEC.INFO_PROTECTION_MEASURES",
            "written",
        ),
        (
            "項番12　県の情報セキュリティポリシーを遵守していること。確認方法：誓約書の提出により確認する。",
            "SEC.POLICY_COMPLIANCE",
            "written",
        ),
        # a note of what the issuer looks at hands nothing in
        (
            "項番13　保存データが暗号化されていること。確認方法：設計書の確認",
            "SEC.INFO_PROTECTION_MEASURES",
            None,
        ),
    ],
)
def test_agreements_on_service_levels_and_check_sheet_submissions_are_written(
    text, requirement, form
):
    assert frame(text, requirement).form == form


@pytest.mark.parametrize(
    ("text", "scope"),
    [
        # keeping the laws covers no information; the safeguard after it does
        (
            "受託者は、個人情報の保護に関する法律及び市の条例を遵守し、利用者の個人情報の漏えい、"
            "滅失及びき損の防止のために必要な措置を講じること。",
            None,
        ),
        (
            "乙は、個人情報の保護に関する法律を守るとともに、受験者情報の漏えいを防ぐための措置を"
            "講じなければならない。",
            None,
        ),
        # information named before the laws, or handled under them, is the laws'
        (
            "受託者は、利用者情報の取扱いに当たり、個人情報の保護に関する法律を遵守し、その漏えいの"
            "防止に必要な措置を講じること。",
            "personal",
        ),
        (
            "乙は、個人情報の保護に関する法律を遵守し、この契約による業務に係る個人情報を適正に"
            "取り扱わなければならない。",
            "personal",
        ),
    ],
)
def test_keeping_the_laws_and_then_guarding_the_data_leaves_the_law_without_scope(text, scope):
    assert frame(text, "SEC.LEGAL_COMPLIANCE").scope == scope


@pytest.mark.parametrize(
    ("text", "form"),
    [
        # a list in katakana handed in is a roster handed in
        ("受注者は、従事者リストを業務開始前に市に提出すること。", "written"),
        # the ISMAP list a service is registered in is no document of the contractor's
        (
            "受注者は、ISMAPクラウドサービスリストに登録されたサービスを利用し、その旨を市に届け出ること。",
            None,
        ),
    ],
)
def test_a_list_in_katakana_handed_in_is_written(text, form):
    assert frame(text, "SEC.PERSONNEL_LIMITATION").form == form


@pytest.mark.parametrize(
    "text",
    [
        "運営者は、障害発生から６時間以内にサービスを復旧させること。",
        "受託者は、問合せの受付から４時間以内に一次回答を行うこと。",
        "受注者は、市から求めがあったときは、求めがあった日から１か月以内に書面を提出すること。",
        "受注者は、事故の収束後３０日以内に再発防止策を市に提出すること。",
    ],
)
def test_a_period_counted_from_what_the_duty_answers_is_from_an_event(text):
    deadline = slots.deadline(normalize(text).text)
    assert deadline is not None and deadline.anchor == "on_event"


def test_a_period_counted_from_the_contract_is_not_from_an_event():
    deadline = slots.deadline(normalize("受注者は、契約締結日から１０日以内に体制図を提出すること。").text)
    assert deadline is not None and deadline.anchor == "after_contract"


@pytest.mark.parametrize(
    "text",
    [
        "（実地調査）第１５条　委託者は、必要があると認めるときは、受託者の事業所に立ち入り、調査することができる。",
        "第９条（調査）　甲は、必要と認めるときは、乙の作業場所に立ち入り、調査することができる。",
    ],
)
def test_regression_an_articles_number_cut_off_from_its_heading_is_no_issuers_right(text):
    # regression: 「（実地調査）|第15条|委託者は、…」: the number alone was taken for the issuer's
    # right, and the condition after it was lost
    found = frame(text, "SEC.AUDIT_ACCEPTANCE")
    assert (found.actor, found.modality, found.conditional) == ("issuer", "may", True)


@pytest.mark.parametrize(
    ("text", "actor", "modality"),
    [
        # a clause that opens with the issuer's right to ask for a correction is that right
        (
            "甲は、乙の安全管理措置が不十分であると認めるときは、乙に対し改善を求めることができる。"
            "この場合、乙は、甲と協議の上、速やかに是正しなければならない。",
            "issuer",
            "may",
        ),
        (
            "甲は、乙の取扱いが適切でないと認めるときは、乙に対して必要な指示を行うことができ、乙は"
            "指示された事項を甲が定める期限までに改めなければならない。",
            "issuer",
            "may",
        ),
        # one that opens with an inspection and adds the correction is the contractor's
        (
            "本市は、必要と認めるときは、事業者の作業場所に立ち入り、検査することができる。検査の"
            "結果、指摘を受けた事項については、事業者は、指定の期日までに改善しなければならない。",
            "contractor",
            "must",
        ),
    ],
)
def test_a_clause_opening_with_the_issuers_right_to_ask_for_a_correction_is_that_right(
    text, actor, modality
):
    found = frame(text, "SEC.REMEDIATION")
    assert (found.actor, found.modality) == (actor, modality)


def test_documents_deposited_for_keeping_are_provided():
    assert slots.scope(normalize("乙は、預託文書を保管倉庫から持ち出さないこと。").text) == "provided"
    text = "乙は、甲から預託を受けた文書を複写してはならない。"
    assert slots.scope(normalize(text).text) == "provided"


def test_a_weekday_is_a_time_limit():
    deadline = slots.deadline(normalize("返戻郵便物は、毎週金曜日までに当所へ持参すること。").text)
    assert deadline is not None and deadline.qualifier == "within"


def test_a_report_that_includes_its_electronic_form_is_electronic():
    text = "受託者は、対策の実施状況を３か月ごとに報告書（電磁的記録を含む。）にまとめて県に提出すること。"
    assert frame(text, "SEC.COMPLIANCE_REPORTING").form == "electronic"


def test_planned_stops_a_service_level_leaves_out_are_its_exception():
    text = "システムの稼働率は、計画停止の時間を除き月間９９．５％以上とすること。"
    assert slots.exceptions(normalize(text).text) == ["計画停止の時間を除き"]


def test_days_a_period_does_not_count_are_no_exception():
    text = "回収した文書は、回収日の翌日から起算して三日以内（土曜日、日曜日及び休日を除く。）に処理すること。"
    assert slots.exceptions(normalize(text).text) == []
    deadline = slots.deadline(normalize(text).text)
    assert deadline is not None and (deadline.days, deadline.anchor) == (3, "on_event")


@pytest.mark.parametrize(
    "text",
    [
        "一般利用者のIDの発行は、当市からの申請を受けた日から５営業日以内に行うこと。",
        "処理業者は、搬入した文書を回収後7日以内に細断すること。",
    ],
)
def test_an_application_received_or_a_collection_is_the_event_a_period_counts_from(text):
    deadline = slots.deadline(normalize(text).text)
    assert deadline is not None and deadline.anchor == "on_event"


def test_a_proviso_after_the_note_that_the_duty_holds_on_is_the_duties_exception():
    text = (
        "受託者は、本業務の履行に際して知り得た本市の情報を第三者に開示してはならない。"
        "この義務は、本契約の終了後も存続する。ただし、既に公知となっている情報については、"
        "この限りでない。"
    )
    assert frame(text, "SEC.CONFIDENTIALITY").exceptions == (
        "ただし、既に公知となっている情報については、この限りでない。",
    )


def test_the_proviso_lifting_a_ban_on_subcontracting_in_other_words_is_its_exception():
    text = (
        "契約相手方は、保護すべき情報を取り扱う業務の全部又は一部を下請負者に行わせてはならない。"
        "ただし、あらかじめ書面を官に提出し、その承認を得た場合は、この限りでない。"
    )
    found = frame(text, "SEC.SUBCONTRACT_APPROVAL")
    assert found.exceptions == ("ただし、あらかじめ書面を官に提出し、その承認を得た場合は、この限りでない。",)


def test_regression_the_issuer_named_after_the_items_number_is_the_issuer():
    # regression: 「(10)局は、…検査することができる。」: the item's number hid the topic, and the
    # right was given to the contractor
    text = "(10) 局は、必要があると認めるときは、作業場所に職員を立ち入らせ、検査することができる。"
    assert frame(text, "SEC.AUDIT_ACCEPTANCE").actor == "issuer"


@pytest.mark.parametrize(
    "text",
    [
        "３　配送員は、搬送物を指定された施設以外の場所へ持ち出してはならない。",
        "4.2.5 オペレータは、私物の記録媒体を計算機室に持ち込み、又は資料を持ち出してはならない。",
    ],
)
def test_the_people_who_carry_things_and_operators_are_staff(text):
    assert frame(text, "SEC.TAKEOUT_RESTRICTION").actor == "staff"


@pytest.mark.parametrize(
    ("text", "requirement"),
    [
        (
            "研究所は、必要があると認めるときは、受託者に報告を求め、又は職員を派遣して確認することが"
            "できる。",
            "SEC.COMPLIANCE_REPORTING",
        ),
        (
            "企業管理者は、受託者の対策が不十分であると認めるときは、期限を定めて改善を求めることが"
            "できる。受託者は、当該期限までに是正措置を講じるものとする。",
            "SEC.REMEDIATION",
        ),
    ],
)
def test_a_may_of_the_body_the_tender_names_is_the_issuers_right(text, requirement):
    found = frame(text, requirement)
    assert (found.actor, found.modality) == ("issuer", "may")


@pytest.mark.parametrize(
    ("text", "scope"),
    [
        # the information names the work let out
        ("受託者は、住民情報を取り扱う事務を第三者に再委託してはならない。", "personal"),
        ("乙は、甲の承諾を得た場合を除き、個人情報の処理を他の者に委託してはならない。", "personal"),
        ("下請負者に保護すべき情報を取り扱わせるときは、あらかじめ官の承認を受けること。", "designated"),
        # work that never touches it, let out under approval, or an application that describes it
        (
            "受注者は、本業務を第三者に再委託してはならない。ただし、利用者情報に触れない作業について"
            "本市の書面による承認を得たときは、この限りでない。",
            None,
        ),
        (
            "受託者は、再委託先の名称及び受講者情報の管理方法を記した申請書により、県の事前の承認を"
            "得ること。",
            None,
        ),
    ],
)
def test_subcontracting_has_the_scope_of_the_information_only_when_it_names_the_work(text, scope):
    assert frame(text, "SEC.SUBCONTRACT_APPROVAL").scope == scope


@pytest.mark.parametrize(
    ("text", "requirement"),
    [
        (
            "市は、受託者の措置が不十分であると認めるときは、受託者に対し改善を求めることができる。"
            "受託者は、速やかに是正措置を講じ、その結果を書面で報告すること。",
            "SEC.REMEDIATION",
        ),
        (
            "甲は、必要と認めるときは、乙に対して管理状況の報告を求めることができる。乙は、求めを"
            "受けた日から七日以内に書面で回答しなければならない。",
            "SEC.COMPLIANCE_REPORTING",
        ),
    ],
)
def test_the_issuers_right_has_no_time_or_form_of_the_answer_that_follows(text, requirement):
    found = frame(text, requirement)
    assert (found.actor, found.modality) == ("issuer", "may")
    assert found.deadline is None and found.form is None


def test_the_issuers_right_keeps_the_form_it_asks_for():
    text = "委託者は、必要があると認めるときは、受託者に書面での報告を求めることができる。"
    found = frame(text, "SEC.COMPLIANCE_REPORTING")
    assert (found.actor, found.modality, found.form) == ("issuer", "may", "written")


@pytest.mark.parametrize(
    "text",
    [
        "印刷の完了後、受注者は、本県から受領した宛名データを端末から消去し、あわせて刷り損じを"
        "裁断すること。消去及び裁断を終えた日から七日以内に、その日時及び方法を記した完了届を"
        "本県に提出しなければならない。",
        "受託者は、作業の完了後、貸与データを端末から消去し、消去の完了後１４日以内に、その方法を"
        "記した報告書を提出すること。",
    ],
)
def test_the_time_its_record_is_due_after_the_disposal_is_not_the_disposals(text):
    found = frame(text, "SEC.RETURN_DISPOSAL").deadline
    assert found is None or found["days"] is None


@pytest.mark.parametrize(
    "text",
    [
        "受託者は、保守作業で知った利用者の情報及び市のシステム構成に関する情報を、他に漏らしては"
        "ならない。",
        "受注者は、業務を通じて知り得た県の行政情報及び申請者の個人情報を、第三者に開示してはならない。",
    ],
)
def test_the_peoples_information_and_the_issuers_own_learned_together_are_all(text):
    # 10 of the 10 such frames of D13, and 3 of 3 of dense, read so
    assert frame(text, "SEC.CONFIDENTIALITY").scope == "all"


@pytest.mark.parametrize(
    ("text", "requirement", "slot", "value"),
    [
        pytest.param(
            "派遣労働者は、就業中に知り得た住民の情報を第三者に漏らしてはならない。",
            "SEC.CONFIDENTIALITY",
            "actor",
            "staff",
            id="a_dispatched_worker_is_staff",
        ),
        pytest.param(
            "受注者は、課税情報を本業務の目的以外に利用してはならない。",
            "SEC.PURPOSE_LIMITATION",
            "scope",
            "personal",
            id="tax_information_is_about_people",
        ),
        pytest.param(
            "作業用の端末に、許可のないソフトウェアを導入したり、設定を変更したりしないでください。",
            "SEC.UNINTENDED_CHANGE_PREVENTION",
            "modality",
            "must_not",
            id="acts_listed_with_tari_for_one_ban_are_banned",
        ),
        pytest.param(
            "業務が終わった後も、ここで知った情報を友人や家族に話すことはできません。",
            "SEC.CONFIDENTIALITY",
            "approval",
            "prohibited",
            id="a_flat_ban_on_telling_others_is_prohibited",
        ),
        pytest.param(
            "受注者は、通話記録その他本業務において作成した記録を、市の承認なく複製してはならない。",
            "SEC.COPY_RESTRICTION",
            "scope",
            "provided_and_created",
            id="records_the_work_made_are_provided_and_created",
        ),
        pytest.param(
            "受注者は、管理システムの編集権限と承認権限を分け、承認権限は市の職員にのみ付与すること。",
            "SEC.ACCESS_SCOPE",
            "approval",
            None,
            id="an_approving_authority_named_is_no_approval_asked",
        ),
    ],
)
def test_one_slot_of_a_regression(text, requirement, slot, value):
    # the twenty-sixth session's rules, one sentence each
    assert getattr(frame(text, requirement), slot) == value


def test_leaving_a_service_is_timed_by_the_notice_before_its_end():
    text = (
        "受託者は、契約の終了時に、県データを県が指定する形式で引き渡し、移行の完了を県が確認した"
        "後、サービス上の県データを消去すること。なお、移行作業で受付が途切れることのないよう、終了日"
        "の二か月前までに引継ぎの手順を県と協議しておくこと。"
    )
    found = frame(text, "SEC.CLOUD_EXIT").deadline
    assert (found["days"], found["qualifier"]) == (60, "within")


def test_access_is_timed_by_its_removal_when_a_holder_leaves():
    text = (
        "受注者は、管理システムの編集権限と承認権限を分け、承認権限は市の職員にのみ付与されるよう"
        "設定すること。受注者の従事者に付与するアカウントは個人ごとに発行し、異動又は退職の際は即日"
        "無効化するものとする。"
    )
    found = frame(text, "SEC.ACCESS_SCOPE").deadline
    assert found is not None and found["qualifier"] == "within"
