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
