"""Property-based fuzzing of ingestion and analysis: mutated sample PDFs and generated text never
escape as an exception; every input ends as a result with a known status (coded errors when it
fails). `make test-slow` runs many more examples."""

from __future__ import annotations

import os
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.analysis import analyze_document, failed
from pipeline.errors import CODES, TenderLensError
from pipeline.ingest import ingest_bytes
from tests.conftest import SAMPLES

# each example is a whole analysis (about 0.09 s for a PDF, 0.03 s for text here, more on a busy
# machine): the default suite runs 500 of each kind (1,000 inputs per CI run, the same ones each
# time: derandomized), `make test-slow` 10,000 of each
EXAMPLES = int(os.environ.get("TENDERLENS_FUZZ_EXAMPLES", "500"))
SEED_PDF = (SAMPLES / "independent_agency.pdf").read_bytes()
STATUSES = {"ok", "no_security_section", "needs_ocr", "failed"}
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def run(data: bytes, name: str):
    try:
        analysis = analyze_document(ingest_bytes(data, name))
    except TenderLensError as exc:
        analysis = failed(name, exc.record())
    assert analysis.status in STATUSES
    assert all(e.code in CODES for e in analysis.errors)
    return analysis


@st.composite
def mutated_pdf(draw) -> bytes:
    data = bytearray(SEED_PDF)
    kind = draw(
        st.sampled_from(["truncate", "flip", "splice", "xref", "size", "nest", "loop", "objstm"])
    )
    if kind == "truncate":
        return bytes(data[: draw(st.integers(0, len(data)))])
    if kind == "flip":
        for _ in range(draw(st.integers(1, 50))):
            i = draw(st.integers(0, len(data) - 1))
            data[i] = draw(st.integers(0, 255))
        return bytes(data)
    if kind == "splice":
        i = draw(st.integers(0, len(data)))
        return bytes(data[:i]) + draw(st.binary(max_size=2000)) + bytes(data[i:])
    if kind == "nest":  # arrays nested thousands deep in a page dictionary
        depth = draw(st.integers(1, 200_000))
        return bytes(data).replace(b"/Contents", b"/Annots " + b"[" * depth + b"]" * depth
                                   + b" /Contents", draw(st.integers(1, 3)))
    if kind == "loop":  # the page tree lists itself, or a page lists the page tree
        kids = re.search(rb"(\d+) 0 obj\s*<<[^>]*?/Kids \[", bytes(data))
        if kids is None:
            return bytes(data)
        own = kids.group(1) + b" 0 R "
        return bytes(data[: kids.end()]) + own * draw(st.integers(1, 3)) + bytes(data[kids.end():])
    if kind == "objstm":  # an object stream that declares far more objects than it holds
        n = draw(st.integers(0, 10**9))
        first = draw(st.integers(-5, 10**6))
        body = draw(st.binary(max_size=200))
        bogus = (b"99 0 obj\n<< /Type /ObjStm /N %d /First %d /Length %d >>\nstream\n"
                 % (n, first, len(body)) + body + b"\nendstream\nendobj\n")
        at = bytes(data).rfind(b"xref")
        return bytes(data[:at]) + bogus + bytes(data[at:])
    if kind == "xref":
        return bytes(data).replace(
            b"xref", draw(st.sampled_from([b"xref", b"xreX", b"", b"trailer"]))
        )
    return bytes(data).replace(
        b"/Length ", b"/Length 9" + str(draw(st.integers(0, 10**9))).encode() + b" ", 1
    )


@SETTINGS
@given(mutated_pdf())
def test_mutated_pdfs(data):
    run(data, "mutated.pdf")


CONTROL = st.sampled_from(["\u200b", "\u200d", "\u202e", "\u2066", "\ufeff", "\x00", "\r", "\f"])
JAPANESE = st.text(alphabet=st.characters(min_codepoint=0x3040, max_codepoint=0x30FF), max_size=40)
KANJI = st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x4FFF), max_size=40)


@st.composite
def tender_text(draw) -> bytes:
    parts = draw(
        st.lists(
            st.one_of(
                st.text(max_size=80),
                JAPANESE,
                KANJI,
                CONTROL,
                st.sampled_from(
                    [
                        "情報セキュリティに関する事項\n",
                        "(1)　",
                        "ア　",
                        "受注者は、第三者に漏らしてはならない。\n",
                        "\n",
                    ]
                ),
            ),
            max_size=60,
        )
    )
    if draw(st.integers(0, 50)) == 0:
        parts.append("あ" * 100_000)  # a 100,000-character line
    text = "".join(parts)
    encoding = draw(st.sampled_from(["utf-8", "utf-16", "cp932"]))
    return text.encode(encoding, errors="ignore")


@SETTINGS
@given(tender_text())
def test_generated_text(data):
    run(data, "generated.txt")
