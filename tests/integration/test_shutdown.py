"""Shutdown is clean in every way a program can end: never SIGABRT.

pjsua2 aborts the whole process when one of its objects outlives
libDestroy() or is touched from a foreign thread; these run a real program
in its own process and look at how it ended.
"""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import MakePeer
from tests.rig.kamailio import Kamailio

pytestmark = pytest.mark.timeout(60)

PROGRAM = """
import sys, time
sys.path.insert(0, {root!r})
from tests.conftest import engine_settings
from tests.rig.kamailio import Kamailio
from softphone.engine import Engine
from softphone.events import CallStateChanged
from softphone.states import CallState
from tests.rig.recorder import EventRecorder

class K:  # the registrar of the test, by port
    port = {port}
engine = Engine(engine_settings(K), password="pw1001")
rec = EventRecorder(engine.bus)
engine.start()
engine.register().result(5)
ids = [engine.dial(u).result(5) for u in ("2001", "2002")]
for cid in ids:
    rec.wait(CallStateChanged, call_id=cid, new=CallState.CONFIRMED, timeout=10)
print("UP", flush=True)
{ending}
"""


def run(kam: Kamailio, ending: str, tmp_path: Path, sig: int | None = None) -> subprocess.CompletedProcess[str]:
    script = tmp_path / "prog.py"
    script.write_text(PROGRAM.format(root=str(Path(__file__).parents[2]), port=kam.port,
                                     ending=textwrap.dedent(ending)))
    proc = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    line = proc.stdout.readline()
    assert line.strip() == "UP", proc.stderr.read() if proc.stderr else ""
    if sig is not None:
        proc.send_signal(sig)
    out, err = proc.communicate(timeout=40)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def test_engine_stop_with_two_calls_up_exits_0(kam: Kamailio, make_peer: MakePeer, tmp_path: Path) -> None:
    a = make_peer(kam, "2001", auto_answer=True)
    b = make_peer(kam, "2002", auto_answer=True)
    done = run(kam, "engine.stop()", tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    for peer in (a, b):
        peer.wait_event("call_state", state="DISCONNECTED")


def test_unhandled_exception_with_calls_up_hangs_up_and_does_not_abort(
        kam: Kamailio, make_peer: MakePeer, tmp_path: Path) -> None:
    peers = [make_peer(kam, "2001", auto_answer=True), make_peer(kam, "2002", auto_answer=True)]
    done = run(kam, "raise RuntimeError('the program broke')", tmp_path)
    assert done.returncode == 1, (done.returncode, done.stderr[-3000:])  # Python's own code, not -6 (SIGABRT)
    assert "the program broke" in done.stderr and "Assertion" not in done.stderr
    for peer in peers:  # the customers were hung up on properly, not left in a dead call
        peer.wait_event("call_state", state="DISCONNECTED", timeout=5)


def test_ctrl_c_in_a_program_with_calls_up_hangs_up_and_does_not_abort(
        kam: Kamailio, make_peer: MakePeer, tmp_path: Path) -> None:
    peers = [make_peer(kam, "2001", auto_answer=True), make_peer(kam, "2002", auto_answer=True)]
    done = run(kam, "time.sleep(30)", tmp_path, sig=signal.SIGINT)
    assert done.returncode in (1, -signal.SIGINT, 130), (done.returncode, done.stderr[-3000:])
    assert done.returncode != -signal.SIGABRT and "Assertion" not in done.stderr
    assert "KeyboardInterrupt" in done.stderr
    for peer in peers:
        peer.wait_event("call_state", state="DISCONNECTED", timeout=5)


LEFTOVERS = """
import gc, sys, time
sys.path.insert(0, {root!r})
import PySide6.QtCore  # with Qt loaded the engine leaves collection to the program (ui/app.py)
from tests.conftest import engine_settings
from softphone.engine import Engine
from softphone.events import CallStateChanged, RegistrationChanged
from softphone.states import CallState, RegState
from tests.rig.recorder import EventRecorder

class K:
    port = {port}
for round_ in range(2):
    engine = Engine(engine_settings(K), password="pw1001")
    rec = EventRecorder(engine.bus)
    engine.start()
    engine.register().result(5)
    rec.wait(RegistrationChanged, new=RegState.REGISTERED)
    cid = engine.dial("2001").result(5)
    rec.wait(CallStateChanged, call_id=cid, new=CallState.CONFIRMED, timeout=10)
    engine.transfer(cid, "2002").result(5)  # leaves a transfer timer behind
    time.sleep(0.5)
    engine.stop()
    del engine, rec
    gc.collect()  # on the main thread, after libDestroy: nothing of pjsua2 may be left in a cycle
print("CLEAN")
"""


def test_nothing_of_pjsua2_is_left_for_the_garbage_collector(kam: Kamailio, make_peer: MakePeer, tmp_path: Path) -> None:
    make_peer(kam, "2001", auto_answer=True)
    make_peer(kam, "2002", auto_answer=True)
    script = tmp_path / "leftovers.py"
    script.write_text(LEFTOVERS.format(root=str(Path(__file__).parents[2]), port=kam.port))
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and "CLEAN" in out.stdout, (out.returncode, out.stderr[-3000:])


TAKEN_PORT = """
import gc, socket, sys, threading
sys.path.insert(0, {root!r})
from tests.conftest import engine_settings
from softphone.engine import Engine
from softphone.errors import SipError

taken = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
taken.bind(("127.0.0.1", 0))
port = taken.getsockname()[1]
errors = []

def start_elsewhere():  # the window starts the engine on a worker thread and shows the error on another
    try:
        Engine(engine_settings(None, sip=dict(local_port=port))).start()
    except SipError as exc:
        errors.append(exc)

worker = threading.Thread(target=start_elsewhere)
worker.start()
worker.join()
print(errors[0].user_message, flush=True)
del errors[:]
gc.collect()  # the error and all it held freed here, on a thread pjsua2 does not know
engine = Engine(engine_settings(None))  # and the next start in this process works
engine.start()
engine.stop()
print("CLEAN", flush=True)
"""


def test_a_taken_sip_port_is_reported_and_the_failed_start_leaves_nothing_behind(tmp_path: Path) -> None:
    script = tmp_path / "taken.py"
    script.write_text(TAKEN_PORT.format(root=str(Path(__file__).parents[2])))
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and "CLEAN" in out.stdout, (out.returncode, out.stderr[-3000:])
    assert re.search(r"The SIP port \d+ is in use or cannot be opened\.", out.stdout), out.stdout
