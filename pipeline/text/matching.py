"""The matching form of a clause: Sudachi normalised forms, role words as roles, numbers as digits.

Issuers name the parties in many ways (甲/乙, 発注者/受注者, 委託者/受託者, 当機構/請負者, IPA, 県,
市, 官側 …); features and triggers should see the role, not the issuer's word for it. Each token
keeps its span in the normalised text, which maps back to the printed surface.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.model import NormalizedText
from pipeline.nlp import Token, tokenize
from pipeline.structure.numbering import to_int

CONTRACTOR = "〈受注者〉"
ISSUER = "〈発注者〉"
SUBCONTRACTOR = "〈再委託先〉"
STAFF = "〈従事者〉"

ROLE_WORDS = {
    CONTRACTOR: {
        "受注者",
        "請負者",
        "受託者",
        "乙",
        "契約相手方",
        "受注業者",
        "委託先",
        "事業者",
        "受注事業者",
        "受託事業者",
        "請負人",
        "受任者",
    },
    ISSUER: {
        "発注者",
        "委託者",
        "甲",
        "当機構",
        "機構",
        "当省",
        "当庁",
        "本市",
        "本県",
        "本町",
        "本村",
        "県",
        "市",
        "町",
        "村",
        "区",
        "官側",
        "IPA",
        "ipa",
        "国",
        "当局",
        "当社団",
        "発注機関",
        "当法人",
        "本学",
        "当センター",
        "センター",
    },
    SUBCONTRACTOR: {"再委託先", "再請負先", "再受託者", "再委託先等", "下請負人", "再々委託先"},
    STAFF: {"従事者", "従業者", "作業者", "業務従事者", "作業従事者"},
}
_SINGLE_CHAR_ROLES = {w: role for role, words in ROLE_WORDS.items() for w in words if len(w) == 1}
# multi-character role words are found in the text (Sudachi splits 受注者 into 受注 + 者);
# longest first, so that 再委託先 is never read as 再 + 委託先
_ROLE_PATTERN = re.compile(
    "|".join(
        re.escape(w)
        for w in sorted(
            (w for words in ROLE_WORDS.values() for w in words if len(w) > 1), key=len, reverse=True
        )
    )
)
_ROLE_OF = {word: role for role, words in ROLE_WORDS.items() for word in words}
_KANJI_NUMBER = re.compile(r"^[〇一二三四五六七八九十百千]+$")
_COUNTERS = (
    "日",
    "週間",
    "週",
    "時間",
    "か月",
    "ヶ月",
    "箇月",
    "カ月",
    "月",
    "年",
    "営業日",
    "年間",
)


@dataclass(frozen=True)
class MatchingForm:
    normalized: NormalizedText
    tokens: tuple[Token, ...]
    units: tuple[str, ...]  # per unit: a role, digits, or a Sudachi normalised form
    unit_tokens: tuple[tuple[int, int], ...]  # per unit: the [first, last) tokens it stands for

    @property
    def text(self) -> str:
        """The units joined: what character n-grams and trigger expressions are matched on."""
        return "".join(self.units)

    def surface_span(self, unit_index: int) -> tuple[int, int]:
        first, last = self.unit_tokens[unit_index]
        return self.normalized.surface_span(self.tokens[first].begin, self.tokens[last - 1].end)


def matching_form(normalized: NormalizedText) -> MatchingForm:
    text = normalized.text
    tokens = tokenize(text)
    role_at: dict[int, tuple[int, str]] = {}  # start offset -> (end offset, role)
    for m in _ROLE_PATTERN.finditer(text):
        role_at[m.start()] = (m.end(), _ROLE_OF[m.group(0)])
    units: list[str] = []
    spans: list[tuple[int, int]] = []
    k = 0
    while k < len(tokens):
        t = tokens[k]
        if t.begin in role_at:
            end, role = role_at[t.begin]
            j = k
            while j < len(tokens) and tokens[j].end <= end:
                j += 1
            if j > k and tokens[j - 1].end == end:
                units.append(role)
                spans.append((k, j))
                k = j
                continue
        role = _SINGLE_CHAR_ROLES.get(t.surface)
        if role is not None and t.pos in ("名詞", "接尾辞"):
            units.append(role)
        elif (
            _KANJI_NUMBER.match(t.surface)
            and k + 1 < len(tokens)
            and tokens[k + 1].surface.startswith(_COUNTERS)
            and to_int(t.surface) is not None
        ):
            units.append(str(to_int(t.surface)))
        else:
            units.append(t.norm)
        spans.append((k, k + 1))
        k += 1
    return MatchingForm(normalized, tokens, tuple(units), tuple(spans))
