"""GiNZA (spaCy) for the obligation stage: loaded once per process, lazily, in its fast setup.

Frames need the parser, the morphologizer and the bunsetsu recogniser, not named entities. The
numpy ops are chosen before loading (thinc's `NumpyOps(use_blis=False)`): the vector layer runs
several times faster on OpenBLAS than on blis on this kind of machine; and BLAS runs on one thread,
so that process-level parallelism is not oversubscribed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

BATCH_SIZE = 64  # peak memory grows with the batch; 64 keeps a worker well under 1 GB


@lru_cache(maxsize=1)
def nlp():  # type: ignore[no-untyped-def]
    from thinc.api import NumpyOps, set_current_ops

    set_current_ops(NumpyOps(use_blis=False))
    import spacy

    return spacy.load("ja_ginza", exclude=["ner"])


def parse(texts: Iterable[str]) -> Iterator:  # type: ignore[type-arg]
    """spaCy Docs of ``texts`` (each well under Sudachi's input limit), in order."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="blas"):
        yield from nlp().pipe(texts, batch_size=BATCH_SIZE)
