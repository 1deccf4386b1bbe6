"""Numbering labels as printed in Japanese specifications, parsed from the surface text.

Structure is found before normalisation because NFKC destroys list markers (① becomes 1). A label
has a kind (the numbering scheme) and an ordinal, so an outline can check that `(3)` follows
`(2)` and that `イ` follows `ア`, and reject a wrapped line that merely begins with `(3)に記載の`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

KATAKANA_AIUEO = (
    "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン"
)
KATAKANA_IROHA = (
    "イロハニホヘトチリヌルヲワカヨタレソツネナラムウヰノオクヤマケフコエテアサキユメミシヱヒモセス"
)
KANJI_DIGITS = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳㉑㉒㉓㉔㉕㉖㉗㉘㉙㉚㉛㉜㉝㉞㉟㊱㊲㊳㊴㊵㊶㊷㊸㊹㊺㊻㊼㊽㊾㊿"
FIRST_ORDINAL = 1

D = r"[0-9０-９]+"
K = r"[一二三四五六七八九十百〇]+"
SEP = r"[ \u3000\t]"
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("dai", re.compile(rf"^第(?P<n>{D}|{K})(?P<unit>[章節条款項部編])?(?={SEP}|[（(「【]|$)")),
    ("dai", re.compile(rf"^第(?P<n>{D}|{K})(?P<unit>[章節条])")),
    (
        "appendix",
        re.compile(
            rf"^[（(【\[]?(?P<unit>別紙|別添|別記|別表|付録|附属資料)(?P<n>{D}|{K})?[）)】\]]?(?={SEP}|$|[「『])"
        ),
    ),
    ("dotted", re.compile(rf"^(?P<n>{D}(?:[.．\-－‐]{D})+)[.．]?(?={SEP}|[^0-9０-９.．])")),
    ("num_dot", re.compile(rf"^(?P<n>{D})[.．](?![0-9０-９])")),
    ("num_comma", re.compile(rf"^(?P<n>{D})、")),
    # `２　入札参加資格`: a bare number and a space, common for top-level items
    ("num_space", re.compile(rf"^(?P<n>{D}){SEP}+(?=[^\s\u30000-9０-９年月日時分])")),
    ("num_paren", re.compile(rf"^[(（](?P<n>{D})[)）]")),
    ("num_rparen", re.compile(rf"^(?P<n>{D})[)）]")),
    ("circled", re.compile(rf"^(?P<n>[{CIRCLED}])")),
    ("kata_paren", re.compile(r"^[(（](?P<n>[ア-ン])[)）]")),
    ("kata", re.compile(rf"^(?P<n>[ア-ン])(?:{SEP}|[.．、](?!\S*[ア-ン]{{2}}))")),
    ("alpha_paren", re.compile(r"^[(（](?P<n>[a-zａ-ｚ])[)）]")),
    ("alpha", re.compile(r"^(?P<n>[a-zａ-ｚ])[.．)）]")),
    ("kanji_paren", re.compile(rf"^[(（](?P<n>{K})[)）]")),
    ("kanji", re.compile(rf"^(?P<n>{K})(?:、|{SEP}|[.．])")),
    # a note mark keeps its number: 「※１」 is the label of footnote 1, not a bullet before 「１」
    ("bullet", re.compile(r"^(?P<n>[・●○■□◆◇▪•]|※[0-9０-９]*)")),
]
_LEADING = re.compile(rf"^{SEP}*")
_AFTER = re.compile(rf"^{SEP}*")


@dataclass(frozen=True)
class Label:
    kind: str  # the scheme; dotted labels carry their depth, e.g. "dotted2"
    ordinal: int | None  # None for bullets and appendices without a number
    text: str  # the label exactly as printed, e.g. "（１）"
    start: int  # where the label starts in the line
    end: int  # where the content after the label and its spaces starts

    @property
    def is_first(self) -> bool:
        return self.ordinal in (None, FIRST_ORDINAL)


def to_int(text: str) -> int | None:
    """Half-width, full-width and kanji numerals (一, 十二, 二十三, 百) to int."""
    t = text.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    if t.isdigit():
        return int(t)
    total, current = 0, 0
    for ch in t:
        if ch in KANJI_DIGITS:
            current = current * 10 + KANJI_DIGITS[ch] if current else KANJI_DIGITS[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current


def parse_label(line: str) -> Label | None:
    """The numbering label at the start of ``line``, if any."""
    lead = _LEADING.match(line).end()  # type: ignore[union-attr]
    body = line[lead:]
    if not body:
        return None
    for kind, pattern in _PATTERNS:
        m = pattern.match(body)
        if not m:
            continue
        raw = m.group("n") if "n" in pattern.groupindex else None
        ordinal: int | None
        if kind == "dai":
            unit = m.group("unit") or ""
            kind = f"dai{unit}"
            ordinal = to_int(raw or "")
        elif kind == "appendix":
            kind = f"appendix{m.group('unit')}"
            ordinal = to_int(raw) if raw else None
        elif kind == "dotted":
            parts = re.split(r"[.．\-－‐]", raw or "")
            kind = f"dotted{len(parts)}"
            ordinal = to_int(parts[-1])
        elif kind == "circled":
            ordinal = CIRCLED.index(raw) + 1 if raw else None
        elif kind in ("kata", "kata_paren"):
            ordinal = KATAKANA_AIUEO.index(raw) + 1 if raw else None
        elif kind in ("alpha", "alpha_paren"):
            ordinal = (
                ord(
                    raw.translate(
                        str.maketrans(
                            "ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ",
                            "abcdefghijklmnopqrstuvwxyz",
                        )
                    )
                )
                - 96
                if raw
                else None
            )
        elif kind == "bullet":
            kind = f"bullet{(raw or ' ')[0]}"
            ordinal = None
        else:
            ordinal = to_int(raw or "")
        end = lead + m.end()
        end += _AFTER.match(line[end:]).end()  # type: ignore[union-attr]
        if end >= len(line) and kind.startswith(("kata", "kanji", "alpha", "bullet")):
            # a lone ア or 一 on a line is more likely a stray glyph than an empty item
            return None
        return Label(kind, ordinal, line[lead : lead + m.end()].rstrip(), lead, end)
    return None


def iroha_ordinal(label: Label) -> int | None:
    """The ordinal of a katakana label read in いろは order (イ, ロ, ハ …)."""
    ch = label.text.strip("()（）")
    return KATAKANA_IROHA.index(ch) + 1 if ch in KATAKANA_IROHA else None
