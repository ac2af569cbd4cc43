"""The wallboard's listen / whisper / barge row for the README (staged: a board fed by hand, a lead phone that is
configured but not started).

    QT_QPA_PLATFORM=offscreen .venv/bin/python installer/screenshots_supervise.py en|zh_CN
"""
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PySide6.QtCore import QTimer
from softphone.session import BrokerAddress, LeadPhone, LeadSession
from softphone.settings import Settings
from softphone.team.messages import TeamMessage
from softphone.team.topics import TopicKind
from ui.app import make_app
from ui.bridge import EngineBridge
from ui.i18n import install_translator
from ui.lead.wallboard import Wallboard
import time
lang = sys.argv[1]
app = make_app(); install_translator(app, lang)
lead = LeadSession(BrokerAddress("127.0.0.1", 8883), "team-a", "lead-team-a", "x", None, LeadPhone(Settings(), None, Ed25519PrivateKey.generate()))
b = Wallboard(EngineBridge(), lead); b.show()
now = time.time()
for m in [TeamMessage(TopicKind.STATE, "1001", {"state": "in_call", "since": now - 95, "call_id": "c1", "party": "sip:138****0011@x"}),
          TeamMessage(TopicKind.STATE, "1002", {"state": "idle", "since": now - 30}),
          TeamMessage(TopicKind.CALL, "1001", {"call_id": "c1", "event": "started", "party": "sip:138****0011@x"}),
          TeamMessage(TopicKind.ALERT, "1001", {"call_id": "c1", "alert_id": "a1", "severity": "high", "text": "上门", "suggestion": "请改为：我们会按约定继续联系您。"}),
          TeamMessage(TopicKind.TRANSCRIPT, "1001", {"call_id": "c1", "channel": "agent", "segment": 0, "text": "再不还钱我们就上门了。", "start": 3.0}),
          TeamMessage(TopicKind.TRANSCRIPT, "1001", {"call_id": "c1", "channel": "customer", "segment": 0, "text": "你这是威胁我吗？", "start": 6.0})]:
    b.board_changed(lead.board.apply(m))
def shot():
    b.flagged.setCurrentRow(0)
    b.supervise_state.setText(b.tr("Listening to {0}").format("1001"))
    QTimer.singleShot(300, lambda: (b.grab().save(f"{ROOT}/docs/screenshots/wallboard-supervise{'' if lang == 'en' else '-zh'}.png"), app.quit()))
QTimer.singleShot(500, shot)
app.exec()
