"""Normalisation works on a copy and maps every character back to the printed surface."""

from __future__ import annotations

import pytest

from pipeline.text import normalize


@pytest.mark.parametrize(
    ("surface", "expected"),
    [
        ("第三 者に漏らしてはならない", "第三者に漏らしてはならない"),  # space inside a word
        ("IPA 担当者 に連絡するこ と。", "IPA担当者に連絡すること。"),  # Latin next to kana
        ("公 告", "公告"),  # justified heading
        ("静岡市長 難 波 喬 司", "静岡市長難波喬司"),
        ("平成 20 年 3 月 31 日", "平成20年3月31日"),
        ("ＩＳＯ／ＩＥＣ　２７００１", "ISO/IEC 27001"),  # full-width Latin and digits
        ("ﾃﾞｰﾀの受け渡し", "データの受け渡し"),  # half-width katakana with voicing mark
        ("（１）　受注者は", "(1)受注者は"),
        ("上記(1)˜(9)の措置", "上記(1)~(9)の措置"),  # CID-font tilde look-alike
        ("情報\u200bセキュリティ\u202e", "情報セキュリティ"),  # zero-width and bidi controls
        ("  前後の空白  ", "前後の空白"),
        ("Microsoft  Windows 11", "Microsoft Windows 11"),
    ],
)
def test_normalize(surface, expected):
    assert normalize(surface).text == expected


def test_offsets_point_back_to_the_surface():
    surface = "本事業の IPA 担当者 に、速やかに連絡するこ と。"
    norm = normalize(surface)
    start = norm.text.index("担当者")
    s, e = norm.surface_span(start, start + 3)
    assert surface[s:e] == "担当者"
    start = norm.text.index("すること")
    s, e = norm.surface_span(start, start + 4)
    assert surface[s:e] == "するこ と"
    assert len(norm.offsets) == len(norm.text)


def test_expanding_characters_map_to_their_source():
    surface = "㈱東海データ"
    norm = normalize(surface)
    assert norm.text == "(株)東海データ"
    assert norm.surface_span(0, 3) == (0, 1)


def test_surface_is_never_changed():
    surface = "第三 者"
    normalize(surface)
    assert surface == "第三 者"


def test_unchanged_fast_path_equals_the_cluster_by_cluster_normalisation():
    """The shortcut for text normalisation leaves as it is must give exactly what the full
    normalisation gives, on every corpus clause and on text built to tempt it."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from pipeline.align.corpus import load_corpus
    from pipeline.text.normalize import _normalize_each, _unchanged

    texts = [c.text for split in load_corpus().values() for c in split]
    assert any(_unchanged(t) for t in texts) and not all(_unchanged(t) for t in texts)
    for t in texts:
        assert normalize(t) == _normalize_each(t), t

    tempting = st.text(
        alphabet=st.sampled_from([*"受注者は、ｶﾞ１（）～〜 \u3000\u200b\ufeffAa。ー－―‐", "\u3099"]),
        max_size=40,
    )

    @settings(max_examples=500, derandomize=True, deadline=None)
    @given(tempting)
    def check(text):
        assert normalize(text) == _normalize_each(text)

    check()
