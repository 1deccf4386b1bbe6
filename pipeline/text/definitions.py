"""How a tender defines its terms: the term and the words of its definition, as printed.

Read by the obligation stage (the scope a defined kind of information carries) and by the
alignment's definition gates (a term defined as people's particulars is personal data)."""

from __future__ import annotations

import re
from collections.abc import Iterator

# 「この章で「調査情報」とは、…をいう。」
DEFINED_AS = re.compile(
    r"「(?P<term>[^」]{2,16})」とは、?(?P<meaning>[^。]{4,300}?)(?:をいう|をいい|を指す)"
)
# 「…（以下「業務情報」という。）」
DEFINED_BEFORE = re.compile(
    r"(?P<meaning>[^。（(]{4,200})[（(]以下「(?P<term>[^」]{2,16})」という。?[）)]"
)
# a list of definitions (「次の各号に掲げる用語の意義は…」): the item's term, a space, its meaning,
# 「学務情報　本学の学生…をいう。」; the space is only in the printed text, as normalising joins
# the two
DEFINED_IN_LIST = re.compile(
    r"^(?P<term>[^\s、。「」（）()]{2,16})[ \u3000]+"
    r"(?P<meaning>[^。]{4,300}?)(?:をいう|をいい|を指す)"
)


def definitions(text: str, in_list: bool = False) -> Iterator[tuple[str, str]]:
    """(term, meaning) of each definition in ``text``; ``in_list``: also the list form, for a
    clause's text as printed."""
    patterns = (
        (DEFINED_AS, DEFINED_BEFORE, DEFINED_IN_LIST) if in_list else (DEFINED_AS, DEFINED_BEFORE)
    )
    for pattern in patterns:
        for m in pattern.finditer(text.strip() if in_list else text):
            yield m.group("term"), m.group("meaning")
