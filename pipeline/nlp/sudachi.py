"""Sudachi tokens of normalised text, with the dictionary loaded once per process, lazily.

Matching uses Sudachi's normalised form (`漏えい`/`漏洩` → 漏洩, `受渡し` → 受け渡し, `七` → 7), so
trigger words and features see one spelling for each word.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

# Sudachi refuses input longer than 49,149 bytes; a clause never comes close, a whole page can
MAX_CHARS = 12_000


@dataclass(frozen=True)
class Token:
    surface: str
    norm: str
    pos: str  # the first part-of-speech field: 名詞, 動詞, 助詞 …
    begin: int  # offsets into the text that was tokenised
    end: int


@lru_cache(maxsize=1)
def _tokenizer():  # type: ignore[no-untyped-def]
    from sudachipy import Dictionary, SplitMode

    return Dictionary(dict="core").create(mode=SplitMode.C)


def tokenize(text: str) -> tuple[Token, ...]:
    """Tokens of ``text`` (already NFKC-normalised by `pipeline.text.normalize`)."""
    tok = _tokenizer()
    out: list[Token] = []
    for start in range(0, len(text), MAX_CHARS):
        chunk = text[start : start + MAX_CHARS]
        for m in tok.tokenize(chunk):
            surface = m.surface()
            if surface.isspace():
                continue
            out.append(
                Token(
                    surface,
                    m.normalized_form(),
                    m.part_of_speech()[0],
                    start + m.begin(),
                    start + m.end(),
                )
            )
    return tuple(out)
