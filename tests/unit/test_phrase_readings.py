"""The phrase parts' pinyin kept between matcher builds and between runs (assist/readings.py)."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

import softphone.assist.readings as readings_mod
import softphone.assist.text as text_mod
from softphone.assist.matcher import PhraseMatcher
from softphone.assist.readings import ReadingCache
from tests.unit.test_assist_matcher import rule

RULES = [
    rule("threat.visit", "agent", "threat", "上门催收"),
    rule("third_party.notify", "agent", "threat", "通知{你|您}[的]{单位|家人|通讯录}"),
    rule("complaint.police", "customer", "complaint", "报警"),
]
SAID = [("我们明天就尚门催收", "agent"), ("再不还就通知你单位", "agent"), ("我要报警", "customer"), ("您好", "agent")]


@pytest.fixture
def fresh_process(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """An empty process memo (as at start-up), and a record of every pinyin look-up made."""
    monkeypatch.setattr(readings_mod, "_MEMO", {})
    looked_up: list[str] = []
    real = text_mod._in_context

    def counting(chars: str) -> list[str]:
        looked_up.append(chars)
        return real(chars)

    monkeypatch.setattr(text_mod, "_in_context", counting)
    return looked_up


def hits(matcher: PhraseMatcher) -> list[tuple[str, str]]:
    return [(m.rule.id, m.text) for said, channel in SAID for m in matcher.find(said, channel)]


def test_a_second_start_reads_the_kept_readings_and_matches_the_same(tmp_path: Path, fresh_process: list[str],
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "cache" / "phrase-readings.json"
    cache = ReadingCache(path)
    first = PhraseMatcher(RULES, cache)
    cache.save()
    assert fresh_process, "the first build works the readings out"
    kept = json.loads(path.read_text(encoding="utf-8"))
    assert "上门催收" in kept["parts"] and kept["parts"]["上门催收"] == ["shang", "men", "cui", "shou"]

    monkeypatch.setattr(readings_mod, "_MEMO", {})  # a new run: only the file is left
    fresh_process.clear()
    second = PhraseMatcher(RULES, ReadingCache(path))
    assert fresh_process == [], "nothing is worked out again"
    assert hits(second) == hits(first) == hits(PhraseMatcher(RULES))
    assert ("threat.visit", "尚门催收") in hits(second)


def test_readings_from_another_pypinyin_or_a_broken_file_are_worked_out_again(
        tmp_path: Path, fresh_process: list[str], monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "phrase-readings.json"
    path.write_text(json.dumps({"format": 1, "pypinyin": "0.0.1", "parts": {"上门催收": ["x", "x", "x", "x"]}}))
    assert hits(PhraseMatcher(RULES, ReadingCache(path))) == hits(PhraseMatcher(RULES))
    assert "上门催收" in fresh_process

    monkeypatch.setattr(readings_mod, "_MEMO", {})
    path.write_text('{"format": 1, "pyp')  # cut off mid-write
    cache = ReadingCache(path)  # the file is read on first use (a pack kept built needs none)
    with caplog.at_level(logging.WARNING):
        assert ("threat.visit", "尚门催收") in hits(PhraseMatcher(RULES, cache))
    assert "not read" in caplog.text
    cache.save()
    assert json.loads(path.read_text(encoding="utf-8"))["parts"]["报警"] == ["bao", "jing"], "the file is mended"


def test_a_cache_that_cannot_be_written_costs_only_speed(tmp_path: Path, fresh_process: list[str],
                                                         caplog: pytest.LogCaptureFixture) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    cache = ReadingCache(blocker / "phrase-readings.json")
    matcher = PhraseMatcher(RULES, cache)
    with caplog.at_level(logging.WARNING):
        cache.save()
    assert "not kept" in caplog.text
    assert ("complaint.police", "报警") in hits(matcher)
