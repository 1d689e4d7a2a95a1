"""Chinese line breaking: cell widths, kinsoku, Latin words kept whole."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reader.app.wrap import NO_END, NO_START, char_width, wrap_spans, wrap_text
from reader.text import cell_width

PARAGRAPH = "近年来，浙江始终坚持系统谋划，强化顶层设计，探索打造具有浙江特色的“全链条”无障碍环境建设品牌。"


def test_lines_fit_the_width_in_cells() -> None:
    for width in range(4, 40):
        for line in wrap_text(PARAGRAPH, width):
            assert cell_width(line) <= width


def test_no_line_starts_with_closing_punctuation() -> None:
    for width in range(4, 40):
        lines = wrap_text(PARAGRAPH, width)
        assert "".join(lines) == PARAGRAPH
        for line in lines[1:]:
            assert line[0] not in NO_START, (width, lines)


def test_the_character_before_a_comma_moves_down_with_it() -> None:
    # 10 cells hold 近年来，浙 exactly; at 6 cells 近年来 fits but "，" may not start a line.
    assert wrap_text("近年来，浙江", 6) == ["近年", "来，浙", "江"]


def test_no_line_ends_with_an_opening_quote() -> None:
    for width in range(4, 40):
        for line in wrap_text(PARAGRAPH, width)[:-1]:
            assert line[-1] not in NO_END, (width, line)


def test_latin_words_and_numbers_stay_whole() -> None:
    lines = wrap_text("今年GDP增长3.5%，全市2025年目标", 8)
    assert "GDP" in "".join(lines)
    assert any("3.5%" in line for line in lines)
    assert any("2025" in line for line in lines)


def test_spaces_separate_english_words() -> None:
    assert wrap_text("hello world again", 11) == ["hello world ", "again"]
    assert wrap_text("hello world again", 8) == ["hello ", "world ", "again"]


def test_doubled_dashes_and_ellipses_stay_together() -> None:
    for line in wrap_text("他说——我们一定要做好……这件事", 6):
        assert not line.startswith(("—", "…"))


def test_empty_text_is_one_empty_line() -> None:
    assert wrap_spans("", 10) == [(0, 0)]


def test_an_unbreakable_run_is_cut_at_the_width() -> None:
    assert wrap_text("，，，，，，", 4) == ["，，", "，，", "，，"]


def test_char_width() -> None:
    assert char_width("中") == 2 and char_width("，") == 2 and char_width("a") == 1


@given(st.text(alphabet="中文字，。“”（）ab 12", max_size=60), st.integers(min_value=2, max_value=30))
def test_wrapping_loses_nothing_and_fits(text: str, width: int) -> None:
    spans = wrap_spans(text, width)
    assert "".join(text[a:b] for a, b in spans) == text
    for a, b in spans:
        assert cell_width(text[a:b].rstrip(" ")) <= max(width, 2)
