"""The screen that spares the search outside the security sections most matching forms
(`pipeline.align.screen`) lets through every text whose matching form holds a strong trigger, so
that `score_where_triggered` gives what scoring every text would."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from pipeline.align import default_model, score_where_triggered
from pipeline.align.corpus import load_corpus
from pipeline.align.features import TriggerFeatures, feature_text, needle_sets
from pipeline.align.gates import open_gates
from pipeline.align.screen import TriggerScreen
from pipeline.ingest import ingest
from pipeline.nlp.sudachi import normalized_forms, tokenize
from pipeline.structure import build_structure
from pipeline.text import normalize
from pipeline.text.matching import matching_form

ROOT = Path(__file__).resolve().parents[1]
REAL_TEXTS = ROOT.parent / "shared" / "data" / "real" / "texts"


@pytest.fixture(scope="module")
def corpus_texts() -> list[str]:
    return [c.text for split in load_corpus().values() for c in split]


@pytest.fixture(scope="module")
def sample_clauses() -> list:
    """Every clause of the samples, with whether it is in a security section."""
    out = []
    for pdf in sorted((ROOT / "corpora" / "samples").glob("*.pdf")):
        structure = build_structure(ingest(pdf))
        security = {s.id for s in structure.security_sections}
        out += [(c, c.section_id in security) for c in structure.clauses]
    return out


def _strong_hits(triggers: TriggerFeatures, text: str) -> set[str]:
    hits = triggers.hits(feature_text(matching_form(normalize(text))))
    return {rid for rid, (strong, _weak) in hits.items() if strong}


def test_normalized_forms_are_the_tokens_norms_joined(corpus_texts):
    odd = ["", " ", "\u3000再\u3000委託\n", "甲\tは\u00a0乙に", "七日以内に報告", "x" * 30_000]
    for text in [normalize(t).text for t in corpus_texts[::5]] + odd:
        joined = "".join(t.norm.replace(" ", "") for t in tokenize(text))
        assert normalized_forms(text) == "".join(joined.split()), text[:40]


def test_screen_lets_through_every_text_holding_a_strong_trigger(corpus_texts, sample_clauses):
    model = default_model()
    triggers = model.trigger_features()
    screen = TriggerScreen(triggers.triggers, model.labels)
    texts = corpus_texts + [c.normalized.text for c, _ in sample_clauses]
    if REAL_TEXTS.is_dir():  # the construction notices: real text from outside the corpus
        texts += [
            line for p in sorted(REAL_TEXTS.glob("*.txt")) for line in p.read_text().splitlines()
        ]
    held = let_through = 0
    for text in texts:
        norm = normalize(text)
        strong = _strong_hits(triggers, text)
        may = set(screen.may_hold(normalized_forms(norm.text), norm.text))
        assert strong <= may, (strong - may, text[:60])
        held += len(strong)
        let_through += len(may)
    # and it screens: without that, the search would build every matching form again
    assert screen.always == []
    assert let_through < 1.5 * held, (let_through, held)


@pytest.mark.parametrize(
    ("triggers", "text"),
    [
        # a role marker in a strong word stands for any of its role words as printed
        (["〈受注者〉は報告"], "乙は報告すること。"),
        (["〈受注者〉は報告"], "請負人は報告すること。"),
        # a pattern's literal that lies inside a role marker's name: 再委託 in 〈再委託先〉
        ([r"再委託.{0,30}承認"], "下請負人に行わせるときは承認を得ること。"),
        # kanji numerals before a counter become digits in the matching form
        ([r"7日以内"], "七日以内に報告すること。"),
        ([r"(対応|初動|対処).{0,6}(手順|計画|体制)"], "事故の初動体制を定めること。"),
    ],
)
def test_screen_lets_through_triggers_written_with_role_words_and_numerals(triggers, text):
    made_up = {"X.ONE": ([], [], triggers)}
    features = TriggerFeatures(made_up).fit([])
    assert _strong_hits(features, text) == {"X.ONE"}
    norm = normalize(text)
    assert TriggerScreen(made_up, ["X.ONE"]).may_hold(normalized_forms(norm.text), norm.text) == [
        "X.ONE"
    ]


def test_screen_stops_a_text_without_the_words():
    made_up = {"X.ONE": (["是正"], [], [r"(対応|対処).{0,6}(手順|体制)"])}
    norm = normalize("事故への対応を速やかに行うこと。")  # 対応 without 手順 or 体制
    assert TriggerScreen(made_up, ["X.ONE"]).may_hold(normalized_forms(norm.text), norm.text) == []


def test_score_where_triggered_equals_scoring_every_text(corpus_texts, sample_clauses):
    model = default_model()
    triggers = model.trigger_features()
    texts = [c.normalized for c, security in sample_clauses if not security] + [
        normalize(t) for t in corpus_texts[::7]
    ]
    wanted = list(model.labels)
    screened = score_where_triggered(texts, wanted)
    # the reference: every text's matching form, its strong triggers, and its scores
    # (a requirement its definition gate keeps closed on a text is not scored there)
    features = [feature_text(matching_form(n)) for n in texts]
    allowed = open_gates([n.text for n in texts], model.labels)
    named = {}
    for k, f in enumerate(features):
        hits = triggers.hits(f)
        found = [
            rid
            for rid in wanted
            if hits.get(rid, ((), ()))[0] and allowed[k, model.labels.index(rid)]
        ]
        if found:
            named[k] = found
    assert {k for k, row in enumerate(screened) if row} == set(named)
    order = sorted(named)
    scores = model.scores([features[k] for k in order])
    for k, row in zip(order, scores, strict=True):
        chosen = set(model.chosen(row, allowed[k]).tolist())
        for rid in named[k]:
            j = model.labels.index(rid)
            got = screened[k][rid]
            assert got.score == round(float(row[j]), 4)
            assert got.chosen == (j in chosen)
    assert len(named) > 100  # the comparison covers texts that are scored


@pytest.mark.parametrize(
    ("pattern", "sets"),
    [
        ("abc", [{"abc"}]),
        ("(?i)abc", None),
        ("(対応|対処).{0,6}(手順|体制)", [{"対応", "対処"}, {"手順", "体制"}]),
        ("a.{0,3}bcd", [{"a"}, {"bcd"}]),
        ("x*y", [{"y"}]),
    ],
)
def test_needle_sets_of_patterns(pattern, sets):
    got = needle_sets(re.compile(pattern))
    assert (None if got is None else sorted(map(sorted, got))) == (
        None if sets is None else sorted(map(sorted, sets))
    )


def test_needle_sets_never_miss_a_match():
    # random patterns and strings over a small alphabet: every set has a member in every match
    rng = random.Random(20261127)
    pieces = ["a", "b", "c", "ab", "[ab]", "[^a]", ".", "(a|bc)", "(?:b|)", "a?", "b*", "c+"]
    pieces += ["(ab|c)?", "a{2}", "(?:ca|b){1,2}", "(?=a)", "(?!b)", r"\b", "^", "$", "d"]
    strings = ["".join(rng.choice("abcdA ") for _ in range(rng.randrange(12))) for _ in range(400)]
    checked = 0
    for _ in range(300):
        body = "".join(rng.choice(pieces) for _ in range(rng.randrange(1, 5)))
        if rng.random() < 0.2:
            body += "|" + "".join(rng.choice(pieces) for _ in range(rng.randrange(1, 4)))
        pattern = re.compile(body)
        for needles in needle_sets(pattern) or []:
            assert "" not in needles
            for s in strings:
                if m := pattern.search(s):
                    assert any(n in m.group(0) for n in needles), (body, s, needles)
                    checked += 1
    assert checked > 1000


def test_a_clause_whose_heading_alone_names_the_requirement_was_never_scored():
    """Regression: outside the security sections a clause was scored only when its own text held
    a strong trigger, so 「５　業務の実施場所」 over 「…町役場庁舎内の電算室で行うものとする」
    (the blind town tender) left WORK_LOCATION_CONTROL missing; its heading names it."""
    rid = "SEC.WORK_LOCATION_CONTROL"
    text = normalize(
        "本業務は、町役場庁舎内の電算室で行い、町が指定する執務室以外で行ってはならない。"
    )
    assert score_where_triggered([text], [rid]) == [{}]
    [row] = score_where_triggered([text], [rid], headings=["業務の実施場所"])
    assert row[rid].chosen, row
    # a heading that names nothing leaves the clause unscored
    assert score_where_triggered([text], [rid], headings=["業務の概要"]) == [{}]
