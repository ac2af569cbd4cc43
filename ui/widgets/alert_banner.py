"""What the agent sees the moment assist raises something, in the call area.

* ``AlertBanner``: the latest phrase alert of the call shown, coloured by
  severity, the category in plain words, the words that matched and, for the
  agent's own words, "Say instead: ..." in large type. It never takes focus
  (its buttons do not either), it is not a window, and it stays until the
  agent closes it or a newer alert replaces it. "Wrong alert" asks the window
  to store the feedback; the banner only shows how that went.
* ``PacingLine``: a short, quieter hint about the agent's pace; it fades after
  a while by itself.
* ``RulesWarning``: the phrase rules could not be (re)loaded, naming file:line.

The words shown for categories and severities live here (``category_words``)
so the alert list says the same thing.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from softphone.events import PacingAlert, PhraseAlert, RulePackChanged
from softphone.states import AudioChannel, CallId, PacingKind, RulePackState
from ..engine_text import engine_text

__all__ = ["AlertBanner", "PacingLine", "RulesWarning", "category_words", "severity_words", "SEVERITY_COLOURS"]

# severity -> (background, border/accent, text)
SEVERITY_COLOURS: dict[str, tuple[str, str, str]] = {
    "low": ("#e8f0fe", "#1f5fbf", "#173a73"),
    "medium": ("#fff4d6", "#d99a00", "#5c4100"),
    "high": ("#ffe6d5", "#e0641a", "#6e2a00"),
    "critical": ("#fde0e0", "#c62828", "#6d1010"),
}
PACING_SHOWN_MS = 12000


def category_words(category: str) -> str:
    """The category of a rule in plain words (unknown ones as they are)."""
    words = {
        "threat": QCoreApplication.translate("AlertBanner", "Threat"),
        "third_party": QCoreApplication.translate("AlertBanner", "Pressure on a third party"),
        "false_legal": QCoreApplication.translate("AlertBanner", "False legal threat"),
        "misleading_promise": QCoreApplication.translate("AlertBanner", "Misleading promise"),
        "insult": QCoreApplication.translate("AlertBanner", "Insult"),
        "disclosure": QCoreApplication.translate("AlertBanner", "Disclosing the debt"),
        "harassment": QCoreApplication.translate("AlertBanner", "Harassment"),
        "complaint": QCoreApplication.translate("AlertBanner", "Complaint"),
        "hardship": QCoreApplication.translate("AlertBanner", "Financial hardship"),
    }
    return words.get(category, category.replace("_", " "))


def severity_words(severity: str) -> str:
    words = {"low": QCoreApplication.translate("AlertBanner", "low"),
             "medium": QCoreApplication.translate("AlertBanner", "medium"),
             "high": QCoreApplication.translate("AlertBanner", "high"),
             "critical": QCoreApplication.translate("AlertBanner", "critical")}
    return words.get(severity, severity)


def _customer_hint(category: str, words: str) -> str:
    if category == "complaint":
        return QCoreApplication.translate("AlertBanner", "The customer mentions a complaint: “{0}”").format(words)
    if category == "hardship":
        return QCoreApplication.translate("AlertBanner",
                                          "The customer mentions financial hardship: “{0}”").format(words)
    return QCoreApplication.translate("AlertBanner", "The customer said: “{0}”").format(words)


def _flat_button(text: str, name: str) -> QPushButton:
    b = QPushButton(text)
    b.setObjectName(name)
    b.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a click must not pull focus from the call controls
    b.setCursor(Qt.CursorShape.PointingHandCursor)
    return b


class AlertBanner(QFrame):
    wrong_requested = Signal(str)  # alert id
    dismissed = Signal(str)  # alert id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("alertBanner")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._latest: dict[CallId, PhraseAlert] = {}
        self._wrong: set[str] = set()
        self.current_call: CallId | None = None
        self.alert: PhraseAlert | None = None
        self._build()
        self.hide()

    def _build(self) -> None:
        self.title = QLabel()
        self.title.setObjectName("alertTitle")
        self.words = QLabel()
        self.words.setObjectName("alertWords")
        self.words.setWordWrap(True)
        self.suggestion = QLabel()
        self.suggestion.setObjectName("alertSuggestion")
        self.suggestion.setWordWrap(True)
        self.suggestion.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        for label in (self.title, self.words, self.suggestion):
            label.setTextFormat(Qt.TextFormat.PlainText)  # transcript words are never markup
        self.wrong_b = _flat_button(self.tr("Wrong alert"), "alertWrong")
        self.wrong_b.setToolTip(self.tr("This alert is wrong: store it for the people who tune the rules"))
        self.wrong_b.clicked.connect(lambda _=False: self._ask_wrong())
        self.close_b = _flat_button("×", "alertClose")
        self.close_b.setToolTip(self.tr("Close"))
        self.close_b.setFixedWidth(30)
        self.close_b.clicked.connect(lambda _=False: self.dismiss())
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.wrong_b)
        top.addWidget(self.close_b)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 8, 10)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.words)
        layout.addWidget(self.suggestion)

    # -- which call ---------------------------------------------------------------------------
    def show_call(self, call_id: CallId | None) -> None:
        self.current_call = call_id
        latest = self._latest.get(call_id) if call_id is not None else None
        if latest is None:
            self.alert = None
            self.hide()
        else:
            self._render(latest)

    # -- events -----------------------------------------------------------------------------------
    def on_alert(self, alert: PhraseAlert) -> None:
        """A newer alert of a call replaces the one shown for it."""
        self._latest[alert.call_id] = alert
        if alert.call_id == self.current_call:
            self._render(alert)

    def dismiss(self) -> None:
        alert, self.alert = self.alert, None
        if alert is not None:
            self._latest.pop(alert.call_id, None)
            self.dismissed.emit(alert.alert_id)
        self.hide()

    def set_wrong(self, alert_id: str, stored: bool) -> None:
        """The feedback on ``alert_id`` was stored (or not: the agent can try again)."""
        if stored:
            self._wrong.add(alert_id)
        if self.alert is not None and self.alert.alert_id == alert_id:
            self._show_wrong_state(alert_id)

    # -- drawing ----------------------------------------------------------------------------------
    def _render(self, alert: PhraseAlert) -> None:
        self.alert = alert
        background, accent, text = SEVERITY_COLOURS.get(alert.severity, SEVERITY_COLOURS["medium"])
        self.setStyleSheet(
            f"#alertBanner {{ background: {background}; border: 1px solid {accent}; border-left: 6px solid {accent};"
            f" border-radius: 4px; }} #alertBanner QLabel {{ color: {text}; background: transparent; border: none; }}"
            f" #alertTitle {{ font-weight: 700; }} #alertSuggestion {{ font-size: 15px; font-weight: 700; }}")
        self.title.setText(self.tr("{0}  ·  {1}").format(category_words(alert.category),
                                                         severity_words(alert.severity)))
        if alert.channel is AudioChannel.CUSTOMER:
            self.words.setText(_customer_hint(alert.category, alert.text))
            self.suggestion.setText(self.tr("Suggestion: {0}").format(alert.suggestion) if alert.suggestion else "")
        else:
            self.words.setText(self.tr("You said: “{0}”").format(alert.text))
            self.suggestion.setText(self.tr("Say instead: {0}").format(alert.suggestion) if alert.suggestion else "")
        self.suggestion.setVisible(bool(alert.suggestion))
        self._show_wrong_state(alert.alert_id)
        self.show()

    def _show_wrong_state(self, alert_id: str) -> None:
        wrong = alert_id in self._wrong
        self.wrong_b.setEnabled(not wrong)
        self.wrong_b.setText(self.tr("Marked as wrong") if wrong else self.tr("Wrong alert"))

    def _ask_wrong(self) -> None:
        if self.alert is not None:
            self.wrong_b.setEnabled(False)
            self.wrong_requested.emit(self.alert.alert_id)


class PacingLine(QLabel):
    """One quiet line about the agent's pace; it hides itself after a while."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pacingLine")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setStyleSheet("color: #5f5a4a; background: #f3f1ea; border-radius: 3px; padding: 3px 8px;")
        self.current_call: CallId | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)
        self.hide()

    def show_call(self, call_id: CallId | None) -> None:
        if call_id != self.current_call:
            self.hide()
        self.current_call = call_id

    def on_pacing(self, event: PacingAlert) -> None:
        if event.call_id != self.current_call:
            return
        minutes, seconds = divmod(int(event.audio_time), 60)
        self.setText(f"{minutes:02d}:{seconds:02d}  " + self.text_for(event))
        self.show()
        self._timer.start(PACING_SHOWN_MS)

    def text_for(self, event: PacingAlert) -> str:
        texts = {
            PacingKind.TOO_FAST: self.tr("You are speaking fast ({0:.1f} characters a second): slow down a little."),
            PacingKind.TOO_SLOW: self.tr("You are speaking slowly ({0:.1f} characters a second)."),
            PacingKind.LONG_SILENCE: self.tr("Long silence ({0:.0f} s): say something to the customer."),
            PacingKind.TALK_OVER: self.tr("You are talking over the customer: let them finish."),
        }
        return texts.get(event.kind, event.kind.value).format(event.value)


class RulesWarning(QFrame):
    """The phrase rules could not be loaded: what is wrong and where (file:line); non-modal, closable."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rulesWarning")
        self.setStyleSheet("#rulesWarning { background: #fff3c4; border: 1px solid #d9b100; border-radius: 4px; }"
                           " #rulesWarning QLabel { color: #5c4700; border: none; }")
        self.text = QLabel()
        self.text.setObjectName("rulesWarningText")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        close = _flat_button("×", "rulesWarningClose")
        close.setFixedWidth(30)
        close.clicked.connect(lambda _=False: self.hide())
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 6, 6, 6)
        row.addWidget(self.text, 1)
        row.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        self.hide()

    def on_rule_pack(self, event: RulePackChanged) -> None:
        if event.state is not RulePackState.FAILED:
            self.hide()
            return
        kept = (self.tr("The rules loaded before (version {0}) stay in force.").format(event.version)
                if event.rules else self.tr("No phrase rules are in force: forbidden phrases are not flagged."))
        where = self.tr("The phrase rules could not be loaded: mistake at {0}.").format(event.where or "?")
        details = self.tr("Details: {0}").format(engine_text(event.detail)) if event.detail else ""
        self.text.setText(f"<b>{escape(where)}</b> {escape(kept)}<br><small>{escape(details)}</small>")
        self.show()
