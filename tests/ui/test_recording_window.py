"""Recordings in the window: the call panel says the call is recorded, and a full disk stops the recording
with a clear word to the agent while the call goes on.

Real parts: Kamailio, a pjsua2 peer playing a tone, the window offscreen, a file keyring backend. The full
disk is a real one: a 256 KiB tmpfs mounted (as root) on the recordings folder for the test.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from softphone.recording import RecordingKeys, verify
from softphone.states import CallState
from tests.conftest import MakePeer
from tests.rig.kamailio import Kamailio

pytestmark = pytest.mark.timeout(120)


def only_panel(s):  # type: ignore[no-untyped-def]
    [panel] = s.window.panels.values()
    return panel


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root (the suite runs as root)")
    folder = tmp_path / "data" / "recordings"
    folder.mkdir(parents=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k,mode=0700", "tmpfs", str(folder)], check=True)
    yield folder
    subprocess.run(["umount", "-l", str(folder)], check=False)


def test_the_call_panel_shows_the_call_is_recorded(qtbot, kam: Kamailio, make_session,  # type: ignore[no-untyped-def]
                                                   make_peer: MakePeer) -> None:
    s = make_session(kam)
    qtbot.waitUntil(lambda: s.window.status.state.text() == "Registered", timeout=10000)
    make_peer(kam, "2001", auto_answer=True, tone=800)
    s.window.dial("2001")
    qtbot.waitUntil(lambda: bool(s.window.panels) and only_panel(s).state is CallState.CONFIRMED, timeout=8000)
    panel = only_panel(s)
    qtbot.waitUntil(lambda: panel.rec_label.isVisible() and panel.rec_label.text() == "● REC", timeout=5000)
    assert "encrypted" in panel.rec_label.toolTip()


def test_a_full_disk_stops_the_recording_the_agent_is_told_and_the_call_goes_on(
        qtbot, kam: Kamailio, make_session, make_peer: MakePeer, tiny_disk: Path) -> None:  # type: ignore[no-untyped-def]
    s = make_session(kam, extra=f'[storage]\ndata_dir = "{tiny_disk.parent}"\n')
    qtbot.waitUntil(lambda: s.window.status.state.text() == "Registered", timeout=10000)
    peer = make_peer(kam, "2001", auto_answer=True, tone=800)
    s.window.dial("2001")
    qtbot.waitUntil(lambda: bool(s.window.panels) and only_panel(s).state is CallState.CONFIRMED, timeout=8000)
    panel = only_panel(s)
    qtbot.waitUntil(lambda: panel.rec_label.text() == "Not recorded", timeout=30000)  # 256 KiB: a few seconds
    assert "disk is full" in panel.rec_label.toolTip() and "call goes on" in panel.rec_label.toolTip()
    assert "disk is full" in s.window.statusBar().currentMessage()
    qtbot.wait(1500)
    assert panel.state is CallState.CONFIRMED, "the call goes on"
    pc = peer.wait_event("incoming_call")["call"]
    assert peer.cmd("recv_stats", call=pc, seconds=1.0)["frames"] > 0
    keys = RecordingKeys.load(s.host.session.secrets, create=False)
    [path] = list(tiny_disk.glob("*/*.rec"))
    verdict = verify(path, keys)
    assert not verdict.complete and verdict.duration_s >= 1.0, f"what was recorded is kept: {verdict}"
    # compliance and the team lead find it in the audit log (the wallboard will carry the event live)
    qtbot.waitUntil(lambda: any(e.action == "recording.failed" for e in s.host.session._audit_log().entries()),
                    timeout=5000)
    [failed] = [e for e in s.host.session._audit_log().entries() if e.action == "recording.failed"]
    assert (failed.call_id, dict(failed.details)) == (str(panel.call_id), {"problem": "disk_full"})


def admin_policy(folder: Path, body: str) -> Path:
    folder.mkdir(mode=0o755)
    (folder / "policy.toml").write_text(body)
    return folder / "policy.toml"


def test_playback_only_where_the_policy_allows_it_audited_and_an_unplugged_headset_is_said(
        qtbot, kam: Kamailio, make_session, make_peer: MakePeer, tmp_path: Path,  # type: ignore[no-untyped-def]
        monkeypatch: pytest.MonkeyPatch) -> None:
    if os.geteuid() != 0:
        pytest.skip("the policy file must be root's (the suite runs as root)")
    from softphone.compliance.audit import AuditAction
    from softphone.errors import RecordingUnavailable
    from ui.widgets.recording_player import RecordingPlayerDialog

    s = make_session(kam, extra=f'[storage]\ndata_dir = "{tmp_path / "data"}"\n',
                     audio='output_device = "no-such-headset"')
    qtbot.waitUntil(lambda: s.window.status.state.text() == "Registered", timeout=10000)
    qtbot.waitUntil(lambda: hasattr(s.window, "history_view"), timeout=5000)
    history = s.window.history_view
    assert history.play.isHidden(), "the built-in policy: agents do not play recordings back"
    make_peer(kam, "2001", auto_answer=True, tone=800)
    s.window.dial("2001")
    qtbot.waitUntil(lambda: bool(s.window.panels) and only_panel(s).state is CallState.CONFIRMED, timeout=8000)
    qtbot.wait(2500)
    only_panel(s).hangup_b.click()
    qtbot.waitUntil(lambda: history.row_count() == 1 and history.model.record(0).ended_at is not None, timeout=8000)
    call_id = str(history.model.record(0).call_id)
    refused = s.host.session.play_recording(call_id)
    with pytest.raises(RecordingUnavailable, match="not allowed"):
        refused.result(10)

    monkeypatch.setenv("AGENT_SOFTPHONE_POLICY", str(admin_policy(tmp_path / "etc", "[recordings]\n"
                                                                   "agents_may_play = true\nnotice = \"none\"\n")))
    history.set_playback_allowed(s.host.session.may_play_recordings())
    history.table.selectRow(0)
    assert not history.play.isHidden() and history.play.isEnabled()
    history.play.click()
    qtbot.waitUntil(lambda: isinstance(s._player_dialog, RecordingPlayerDialog)
                    and s._player_dialog.player is not None, timeout=10000)
    dialog = s._player_dialog
    assert 1.5 < dialog.player.duration_s < 4.5, dialog.player.duration_s
    assert "0:0" in dialog.time.text()
    qtbot.waitUntil(lambda: "not connected" in dialog.status.text(), timeout=5000)  # the headset is missing
    assert "no-such-headset" in dialog.status.text() and dialog.isVisible()
    entries = [e for e in s.host.session._audit_log().entries() if e.action == AuditAction.RECORDING_PLAYED.value]
    assert [(e.call_id, e.actor) for e in entries] == [(call_id, "1001")]
    dialog.close()
    assert dialog.player is None, "the decrypted audio is dropped with the dialog"
