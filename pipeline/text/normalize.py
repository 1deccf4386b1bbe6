"""Normalise a copy of surface text and keep, per normalised character, its surface index.

NFKC (so ＩＰＡ, ﾃﾞｰﾀ and （１） match their plain forms), invisible control characters dropped,
and whitespace that PDF extraction put between Japanese characters removed (`第三 者`, `IPA 担当者
に`, `公 告`). Whitespace between two Latin words or numbers stays, as one space.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from pipeline.model import NormalizedText

# zero-width characters, bidi controls, soft hyphen, BOM: invisible in print, noise for matching
_INVISIBLE = frozenset(
    [
        173,
        8203,
        8204,
        8205,
        8206,
        8207,
        8288,
        65279,
        *list(range(8234, 8239)),
        *list(range(8294, 8298)),
    ]
)


# look-alikes that CID fonts and PDF producers emit for the same printed mark (the JIS tilde comes
# back as ˜ or 〜, the minus as − or ‐); NFKC alone leaves them apart
_LOOKALIKES = str.maketrans(
    {
        "\u02dc": "~",
        "\u301c": "~",
        "\u223c": "~",
        "\u2053": "~",
        "\u2212": "-",
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\ufe63": "-",
    }
)


def is_cjk(ch: str) -> bool:
    """True for characters of Japanese running text: kana, kanji, CJK punctuation, full width."""
    o = ord(ch)
    return (
        0x3000 <= o <= 0x30FF  # CJK punctuation, hiragana, katakana
        or 0x3400 <= o <= 0x4DBF
        or 0x4E00 <= o <= 0x9FFF
        or 0xF900 <= o <= 0xFAFF
        or 0xFF01 <= o <= 0xFF60  # full-width ASCII variants and brackets
        or 0xFF61 <= o <= 0xFF9F  # half-width katakana
        or 0x31F0 <= o <= 0x31FF
        or 0x3200 <= o <= 0x32FF  # enclosed CJK (㈱, ①… live at 0x2460 though)
        or 0x2460 <= o <= 0x24FF  # circled numbers
        or 0x20000 <= o <= 0x2FA1F
        or ch in "・「」『』【】〔〕〈〉《》（）〜～、。"
    )


def _clusters(surface: str) -> list[tuple[int, str]]:
    """Split into (start, text) clusters of a base character and the marks that combine with it,
    so half-width ｶﾞ normalises to ガ rather than カ plus a stray voicing mark."""
    out: list[tuple[int, str]] = []
    for i, ch in enumerate(surface):
        if out and _combines(ch):
            start, text = out[-1]
            out[-1] = (start, text + ch)
        else:
            out.append((i, ch))
    return out


_CHANGED = re.compile(
    "["
    + "".join(re.escape(chr(c)) for c in sorted({*_LOOKALIKES, *_INVISIBLE}) if c < 0x110000)
    + r"\s]"
)
_HAS_COMBINING = re.compile("[\u0300-\u036f\u3099\u309a\uff9e\uff9f\u20d0-\u20ff\ufe20-\ufe2f]")


def _combines(ch: str) -> bool:
    if unicodedata.combining(ch):
        return True
    # half-width voicing marks are not combining themselves, only after NFKC
    return ch in "\uff9e\uff9f\u3099\u309a"


@lru_cache(maxsize=65536)
def _normalize_cluster(cluster: str) -> str:
    """NFKC of one cluster, look-alikes unified, invisibles dropped, whitespace as ' '."""
    if len(cluster) == 1 and ord(cluster) in _INVISIBLE:
        return ""
    norm = unicodedata.normalize("NFKC", cluster.translate(_LOOKALIKES))
    return "".join(" " if ch.isspace() else ch for ch in norm if ord(ch) not in _INVISIBLE)


def _unchanged(surface: str) -> bool:
    """Whether normalising would return ``surface`` itself, offsets included: NFKC-stable, with
    no look-alike, invisible or whitespace character (whose removal depends on neighbours) and no
    combining mark (which shares its base character's offsets)."""
    return (
        unicodedata.is_normalized("NFKC", surface)
        and _CHANGED.search(surface) is None
        and _HAS_COMBINING.search(surface) is None
    )


def normalize(surface: str) -> NormalizedText:
    """Return the normalised copy of ``surface`` with offsets into ``surface``."""
    if _unchanged(surface):
        # most clauses of a born-digital PDF: the copy is the surface, character for character
        n = len(surface)
        return NormalizedText(surface, tuple(range(n)), tuple(range(1, n + 1)), n)
    return _normalize_each(surface)


def _normalize_each(surface: str) -> NormalizedText:
    """`normalize`, cluster by cluster."""
    chars: list[str] = []
    spans: list[tuple[int, int]] = []
    clusters = _clusters(surface) if _HAS_COMBINING.search(surface) else list(enumerate(surface))
    for start, cluster in clusters:
        norm = _normalize_cluster(cluster)
        if len(norm) == 1:
            chars.append(norm)
            spans.append((start, start + len(cluster)))
            continue
        for ch in norm:
            chars.append(ch)
            spans.append((start, start + len(cluster)))

    out_chars: list[str] = []
    out_spans: list[tuple[int, int]] = []
    n = len(chars)
    i = 0
    while i < n:
        ch = chars[i]
        if ch != " ":
            out_chars.append(ch)
            out_spans.append(spans[i])
            i += 1
            continue
        j = i
        while j < n and chars[j] == " ":
            j += 1
        prev = out_chars[-1] if out_chars else None
        nxt = chars[j] if j < n else None
        if prev is not None and nxt is not None and not (is_cjk(prev) or is_cjk(nxt)):
            out_chars.append(" ")
            out_spans.append(spans[i])
        i = j
    return NormalizedText(
        "".join(out_chars),
        tuple(s for s, _ in out_spans),
        tuple(e for _, e in out_spans),
        len(surface),
    )
