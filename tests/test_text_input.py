"""Plain-text tenders in the encodings Japanese public files use."""

from __future__ import annotations

import pytest

from pipeline.analysis import analyze_path

TEXT = (
    "情報セキュリティに関する事項\n"
    "(1)　受注者は、本業務で知り得た情報を第三者に漏らしてはならない。\n"
    "(2)　受注者は、ｲﾝｼﾃﾞﾝﾄが発生した場合は、直ちに報告すること。\n"
)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp932", "shift_jis", "euc_jp"])
def test_encodings(tmp_path, encoding):
    p = tmp_path / f"spec_{encoding}.txt"
    p.write_bytes(TEXT.encode(encoding))
    a = analyze_path(p)
    assert a.status == "ok"
    assert [c.label for c in a.structure.security_clauses] == ["(1)", "(2)"]
    assert "インシデント" in a.structure.security_clauses[1].normalized.text


def test_undecodable_text(tmp_path):
    p = tmp_path / "binary.txt"
    p.write_bytes(bytes([0x81, 0x00, 0xFF, 0xFE, 0x80]) * 50)
    a = analyze_path(p)
    assert a.status == "failed" and a.errors[0].code == "text.decode"


def test_empty_text(tmp_path):
    p = tmp_path / "empty.txt"
    p.write_text("\n  \n", encoding="utf-8")
    a = analyze_path(p)
    assert a.status == "failed" and a.errors[0].code == "text.empty"


def test_a_utf16_text_cut_short_was_an_internal_error(tmp_path):
    """Regression: a .txt file with a UTF-16 byte-order mark whose bytes are not whole UTF-16 (a
    Windows "Unicode" text cut short by a download) failed as `internal: UnicodeDecodeError ...;
    please report this`, asking the user to report a bug in TenderLens for a damaged file. It is
    `text.decode`, with the file's SHA-256 kept, as for any text that cannot be decoded."""
    p = tmp_path / "cut.txt"
    p.write_bytes(TEXT.encode("utf-16")[:-1])
    a = analyze_path(p)
    assert a.status == "failed"
    assert [e.code for e in a.errors] == ["text.decode"]
    assert "UTF-16" in a.errors[0].message and "UnicodeDecodeError" not in a.errors[0].message
    assert a.document.sha256 is not None
    # whole UTF-16 is still read
    p.write_bytes(TEXT.encode("utf-16"))
    assert analyze_path(p).status == "ok"
