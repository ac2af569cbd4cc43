"""Rule packs: validation errors name the file and line; a broken reload keeps the pack in force."""

from __future__ import annotations

from pathlib import Path

import pytest

from softphone.assist.packs import PackHolder
from softphone.assist.rules import expand, load_pack
from softphone.errors import RulePackError
from softphone.events import Event, RulePackChanged

PACK = '[pack]\nlanguage = "zh"\nversion = "1"\nname = "test"\n'
RULES = '''# threats
[[rule]]
id = "threat.visit"
channel = "agent"
category = "threat"
severity = "high"
phrases = ["上门催收", "{派人|找人}上门"]
suggestion = "我们会通过电话与您沟通还款安排"
source = "test"

[[rule]]
id = "complaint.regulator"
channel = "customer"
category = "complaint"
severity = "medium"
phrases = ["投诉你们"]
suggestion = "安抚客户,告知正规投诉渠道"
source = "test"
'''
EMOTION = '''[[cue]]
channel = "any"
label = "negative"
weight = 0.6
phrases = ["烦死了"]
'''


def make_pack(folder: Path, rules: str = RULES, pack: str = PACK, emotion: str = EMOTION) -> Path:
    d = folder / "zh"
    d.mkdir(parents=True, exist_ok=True)
    (d / "pack.toml").write_text(pack, encoding="utf-8")
    (d / "agent.toml").write_text(rules, encoding="utf-8")
    (d / "emotion.toml").write_text(emotion, encoding="utf-8")
    return d


def test_a_valid_pack_loads_with_its_rules_cues_and_expanded_phrases(tmp_path: Path) -> None:
    pack = load_pack(make_pack(tmp_path))
    assert (pack.language, pack.version) == ("zh", "1")
    assert [r.id for r in pack.rules] == ["threat.visit", "complaint.regulator"]
    assert pack.rules[0].where == "agent.toml:2" and pack.rules[1].where == "agent.toml:11"
    assert pack.rules[0].variants == (("上门催收",), ("派人上门",), ("找人上门",))
    assert pack.cues[0].phrases == ("烦死了",) and pack.phrase_count() == 3


def test_phrase_syntax() -> None:
    assert expand("通知{你|您}[的]单位") == [("通知你的单位",), ("通知你单位",), ("通知您的单位",), ("通知您单位",)]
    assert expand("不还款…影响上学") == [("不还款", "影响上学")]
    assert expand("Ａ１２ 上门") == [("a12上门",)]  # full width and spaces normalised
    for bad, what in [("{你|您", "unbalanced"), ("你|您", "unexpected"), ("…上门", "gap"), ("{|您}上门", "empty"),
                      ("上", "shorter")]:
        with pytest.raises(RulePackError, match=what):
            expand(bad, "x.toml:3")


@pytest.mark.parametrize("edit, where, what", [
    (lambda r: r.replace('severity = "high"', 'severity = "huge"'), "agent.toml:2", "severity"),
    (lambda r: r.replace('source = "test"\n\n[[rule]]', '\n[[rule]]'), "agent.toml:2", "'source'"),
    (lambda r: r.replace('id = "complaint.regulator"', 'id = "threat.visit"'), "agent.toml:11", "used twice"),
    (lambda r: r.replace('category = "complaint"', 'category = "threat"'), "agent.toml:11", "category"),
    (lambda r: r.replace('phrases = ["投诉你们"]', 'phrases = []'), "agent.toml:11", "phrases"),
    (lambda r: r.replace('phrases = ["投诉你们"]', 'phrases = ["投诉{你们"]'), "agent.toml:11", "unbalanced"),
    (lambda r: r.replace('source = "test"\n\n[[rule]]', 'source = "test"\ncolour = "red"\n\n[[rule]]'),
     "agent.toml:2", "unknown field 'colour'"),
    (lambda r: r.replace('channel = "customer"', 'channel = "bot"'), "agent.toml:11", "channel"),
    (lambda r: r.replace('severity = "medium"', 'severity = "medium'), "agent.toml:15", "not valid TOML"),
])
def test_mistakes_name_file_line_and_what(tmp_path: Path, edit, where: str, what: str) -> None:  # type: ignore[no-untyped-def]
    folder = make_pack(tmp_path, rules=edit(RULES))
    with pytest.raises(RulePackError) as err:
        load_pack(folder)
    assert err.value.where == where, str(err.value)
    assert what in str(err.value)


def test_pack_level_mistakes(tmp_path: Path) -> None:
    with pytest.raises(RulePackError, match="differs from the folder"):
        load_pack(make_pack(tmp_path, pack=PACK.replace('"zh"', '"ko"')))
    with pytest.raises(RulePackError, match="weight"):
        load_pack(make_pack(tmp_path, pack=PACK, emotion=EMOTION.replace("0.6", "3")))
    (tmp_path / "zh" / "emotion.toml").write_text(EMOTION, encoding="utf-8")
    (tmp_path / "zh" / "agent.toml").write_bytes("[[rule]]\nid = '\xff'".encode("latin-1"))
    with pytest.raises(RulePackError, match="UTF-8"):
        load_pack(tmp_path / "zh")
    with pytest.raises(RulePackError, match="no pack.toml"):
        load_pack(tmp_path / "nowhere")


def test_a_broken_reload_keeps_the_pack_in_force(tmp_path: Path) -> None:
    events: list[Event] = []
    folder = make_pack(tmp_path)
    holder = PackHolder("zh", events.append, folder)
    assert holder.reload()
    before = holder.loaded
    (folder / "agent.toml").write_text(RULES.replace('severity = "high"', 'severity = "extreme"'), encoding="utf-8")
    assert not holder.reload()
    assert holder.loaded is before, "the working pack stays in force"
    assert before is not None and before[1].find("明天上门催收", "agent")
    failed = events[-1]
    assert isinstance(failed, RulePackChanged) and failed.state == "failed" and failed.where == "agent.toml:2"
    assert "agent.toml:2" in failed.user_message and "stay in force" in failed.user_message
    (folder / "agent.toml").write_text(RULES.replace("上门催收", "爆通讯录"), encoding="utf-8")
    assert holder.reload()  # fixed: reloaded without a restart
    assert holder.loaded is not None and holder.loaded[1].find("给你爆通讯录", "agent")
    assert not holder.loaded[1].find("明天上门催收", "agent")
    assert [e.state for e in events if isinstance(e, RulePackChanged)] == ["loaded", "failed", "loaded"]


def test_the_shipped_packs_load() -> None:
    from softphone.assist.rules import pack_dir

    zh, ko = load_pack(pack_dir("zh")), load_pack(pack_dir("ko"))
    assert zh.phrase_count() >= 150 and len({r.category for r in zh.rules}) == 9
    assert ko.language == "ko" and ko.rules and ko.cues
