"""The built rule pack kept in the cache folder: used when nothing changed, built again when anything did."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

import softphone.assist.built as built
from softphone.assist.built import build_key, load_or_build
from softphone.assist.readings import ReadingCache
from softphone.errors import RulePackError
from tests.unit.test_assist_rules import PACK, RULES, make_pack

SAID = "你再不还钱我们就上门催收"


def kept(tmp_path: Path) -> ReadingCache:
    return ReadingCache(tmp_path / "cache" / "phrase-readings.json")


def builds(tmp_path: Path) -> list[str]:
    return sorted(p.name for p in (tmp_path / "cache").glob("built-pack-*.pickle"))


def test_the_second_start_loads_the_kept_build_and_matches_the_same(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    folder = make_pack(tmp_path / "rules")
    pack, matcher = load_or_build(folder, kept(tmp_path))
    assert builds(tmp_path) == [f"built-pack-{build_key(folder)}.pickle"]
    fresh = [(m.rule.id, m.start, m.end) for m in matcher.find(SAID, "agent")]
    assert fresh and fresh[0][0] == "threat.visit"

    def no_building(*_: object) -> None:
        raise AssertionError("built again although nothing changed")

    monkeypatch.setattr(built, "load_pack", no_building)
    pack2, matcher2 = load_or_build(folder, kept(tmp_path))
    assert [(m.rule.id, m.start, m.end) for m in matcher2.find(SAID, "agent")] == fresh
    assert (pack2.version, [r.id for r in pack2.rules]) == (pack.version, [r.id for r in pack.rules])


def test_an_edited_pack_is_built_again_never_the_stale_build(tmp_path: Path) -> None:
    folder = make_pack(tmp_path / "rules")
    load_or_build(folder, kept(tmp_path))
    make_pack(tmp_path / "rules", rules=RULES.replace("上门催收", "上门讨债"))
    _, matcher = load_or_build(folder, kept(tmp_path))
    assert not matcher.find("我们就上门催收", "agent") and matcher.find("我们就上门讨债", "agent")
    assert len(builds(tmp_path)) == 2


def test_a_damaged_build_is_built_again(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    folder = make_pack(tmp_path / "rules")
    load_or_build(folder, kept(tmp_path))
    (tmp_path / "cache" / builds(tmp_path)[0]).write_bytes(b"not a pickle")
    with caplog.at_level(logging.WARNING):
        _, matcher = load_or_build(folder, kept(tmp_path))
    assert matcher.find(SAID, "agent") and "built again" in caplog.text


def test_a_broken_pack_is_refused_and_nothing_is_kept(tmp_path: Path) -> None:
    folder = make_pack(tmp_path / "rules", rules=RULES.replace("上门催收", "{上门催收"))
    with pytest.raises(RulePackError):
        load_or_build(folder, kept(tmp_path))
    assert not (tmp_path / "cache").exists() or builds(tmp_path) == []


def test_without_a_cache_folder_nothing_is_written(tmp_path: Path) -> None:
    folder = make_pack(tmp_path / "rules")
    _, matcher = load_or_build(folder, ReadingCache())
    assert matcher.find(SAID, "agent") and not (tmp_path / "cache").exists()


def test_only_the_four_newest_builds_stay(tmp_path: Path) -> None:
    for n in range(6):  # six versions of a pack (the same files anywhere are one build)
        load_or_build(make_pack(tmp_path / f"rules{n}", pack=PACK + f"# edit {n}\n"), kept(tmp_path))
    assert len(builds(tmp_path)) == 4
