"""``analyze --text``: which line prefixes name a speaker."""

from __future__ import annotations

import pytest

from softphone.assist.transcript_file import LineError, Utterance, parse_lines


@pytest.mark.parametrize(("line", "speaker", "text"), [
    ("agent: 您好", "agent", "您好"), ("Customer：没钱", "customer", "没钱"),
    ("坐席：您好", "agent", "您好"), ("坐席: 您好", "agent", "您好"), ("  坐席 ： 您好", "agent", "您好"),
    ("客服:好的", "agent", "好的"), ("客户：没钱", "customer", "没钱"), ("客户 :没钱 ", "customer", "没钱"),
])
def test_a_prefix_names_the_speaker(line: str, speaker: str, text: str) -> None:
    assert list(parse_lines([line])) == [Utterance(1, speaker, text)]


@pytest.mark.parametrize("line", ["用户: 你好", "坐席 您好", "客户说：没钱", "agent - hi"])
def test_other_lines_are_named_and_skipped(line: str) -> None:
    (item,) = parse_lines(["", line])
    assert isinstance(item, LineError) and item.line == 2 and "坐席:" in item.message
