"""What a requirement's definition needs in a clause before the clause can carry it.

The model scores from words that co-occur with a requirement in the corpus, so it can score a
requirement high on a clause that lacks what the requirement is about: safeguards against leakage
of information no person is named in (SEC.PD_SAFEGUARDS is about personal information), or a
flow-down to a subcontractor with no ban and no approval step (SEC.SUBCONTRACT_APPROVAL is the
approval regime). A gate here keeps such a score from matching; the score itself is kept, but a
gated clause is not named as the near miss of a `missing` finding.

Read on the clause's normalised text (NFKC, spaces inside words removed) and, where a gate says
so, the headings the clause stands under (its section's, its parent sections', its parent
items') and the definitions of the terms it uses: a clause of 「個人情報の取扱い」, or one on
「学務情報」 that the document defines as its students' names and grades, is about personal data
without repeating the words.
The word lists were set on the corpus's train and dev clauses and on a first set of clauses written
blind (`models/README.md`, fifteenth session): they close on 1 of the 256 train+dev clauses
labelled SEC.PD_SAFEGUARDS and on none of the 209 labelled SEC.SUBCONTRACT_APPROVAL, and on none
of the 60 PD_SAFEGUARDS clauses of a second blind set written after them
(`tests/data/gate_blind/`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from pipeline.text.definitions import definitions
from pipeline.text.people import A_PERSON

# personal data named outright, by the people it is about (`pipeline.text.people`), by the
# records kept on them, or by what identifies them
_PERSONAL = (
    rf"{A_PERSON}|本人|個人|特定個人|マイナンバー|番号法"
    # particulars
    r"|氏名|住所|居所|生年月日|性別|年齢|電話番号|連絡先|メールアドレス|顔写真|顔|指紋|生体"
    r"|名簿|宛名|国籍|口座"
    # people named without 者
    r"|児童|生徒|園児|幼児|乳児|学生|世帯|家族|親族|扶養|遺族|配偶|住民|市民|県民|都民|府民|道民"
    r"|町民|村民|区民|国民|会員|顧客|患者|被災|受給|入居|入所|受刑"
    # records kept on people
    r"|戸籍|住民票|(?<!管理)(?<!機器)(?<!資産)(?<!物品)台帳|所得|課税|納税|滞納|税務|給与|人事|健康"
    r"|診断|検診|健診|診療|病歴|病名|カルテ|医療|介護|福祉|保険|年金|児童手当|生活保護"
    r"|障害者|障がい|障害児|障害福祉|成績|出欠|学籍|指導要録|相談(?:記録|内容|票)|ケース記録"
    r"|家族構成|就労|貸出履歴|受診|接種|妊娠|出生|死亡|婚姻|選挙|投票|免許|財産調査|要配慮|信条"
    r"|調査票|身の上|者名"
    # what identifies a person
    r"|特定され|識別さ|特定し得る|特定につながる|特定できない|識別できない"
    r"|(者|員|民|生|児|人)の?(情報|データ|名簿|記録|番号)"
)
_PERSONAL_RE = re.compile(_PERSONAL)
# a heading over safeguards for personal data: 「（安全管理措置）」 captions such an article
_PERSONAL_HEADING = _PERSONAL + r"|安全管理"
# a restriction of subcontracting: a ban, or a step of approval, consent or notice
_RESTRICTION = (
    r"承認|許可|承諾|許諾|同意|禁止|てはならない|ない(こと|もの)|できない|届出|届け出|通知|申請"
    r"|協議|認め|限る|限り|制限|書面|事前"
)


def personal_data_terms(texts: Iterable[str]) -> dict[str, str]:
    """Terms the document defines as personal data, each with its definition: 「学務情報」,
    defined as the students' names and grades, is personal data wherever a clause names it.
    ``texts``: the document's clauses as printed (a list of definitions keeps the space after
    each term)."""
    terms: dict[str, str] = {}
    for text in texts:
        for term, meaning in definitions(text, in_list=True):
            if term not in terms and _PERSONAL_RE.search(meaning):
                terms[term] = meaning
    return terms


@dataclass(frozen=True)
class Gate:
    requirement: str
    clause: re.Pattern[str]
    heading: re.Pattern[str] | None  # None: the clause itself must say it

    def opens(self, text: str, heading: str | None) -> bool:
        if self.clause.search(text):
            return True
        return bool(self.heading is not None and heading and self.heading.search(heading))


GATES: tuple[Gate, ...] = (
    Gate("SEC.PD_SAFEGUARDS", _PERSONAL_RE, re.compile(_PERSONAL_HEADING)),
    Gate("SEC.SUBCONTRACT_APPROVAL", re.compile(_RESTRICTION), None),
)


class LazyGates:
    """The gates of many texts, each read only when asked (and once): a gate matters only where
    its requirement scores over the threshold, or for the best-scoring text of a requirement no
    text matched, and reading every text's gates would cost alignment about a tenth of its time."""

    def __init__(self, texts: Sequence[str], headings: Sequence[str | None] | None = None) -> None:
        self._texts = texts
        self._headings = headings
        self._gates = {gate.requirement: gate for gate in GATES}
        self._read: dict[tuple[int, str], bool] = {}

    def gated(self, requirement: str) -> bool:
        return requirement in self._gates

    def allows(self, k: int, requirement: str) -> bool:
        """Whether text ``k`` may carry ``requirement`` (always, for a requirement without gate)."""
        gate = self._gates.get(requirement)
        if gate is None:
            return True
        key = (k, requirement)
        if key not in self._read:
            heading = self._headings[k] if self._headings is not None else None
            self._read[key] = gate.opens(self._texts[k], heading)
        return self._read[key]

    def row(self, k: int, labels: Sequence[str], candidates: np.ndarray) -> np.ndarray:
        """Text ``k``'s allowed mask over ``labels``, read only where ``candidates`` is True
        (elsewhere True: a score that cannot match needs no gate)."""
        allowed = np.ones(len(labels), dtype=bool)
        for j, rid in enumerate(labels):
            if candidates[j] and rid in self._gates:
                allowed[j] = self.allows(k, rid)
        return allowed


def open_gates(
    texts: Sequence[str], labels: Sequence[str], headings: Sequence[str | None] | None = None
) -> np.ndarray:
    """Per text (normalised) and requirement of ``labels``, whether the requirement may be matched
    there: True unless a gate of the requirement stays closed. ``headings[k]``: the headings text
    ``k`` stands under, joined (None or "" when unknown)."""
    gates = LazyGates(texts, headings)
    every = np.ones(len(labels), dtype=bool)
    allowed = np.ones((len(texts), len(labels)), dtype=bool)
    for k in range(len(texts)):
        allowed[k] = gates.row(k, labels, every)
    return allowed
