"""The one-time code a customer gives to confirm a plan change, bound to the call that asked for it.

The rules (``OtpRules``; DESIGN.md "OTP"):

* the code is 6 digits from ``secrets`` (never ``random``); only its
  HMAC-SHA256 under a key made for this process is kept, with the call id,
  the case, the plan's hash (``plans.plan_hash``) and the expiry. The key
  never leaves memory, so a stored HMAC cannot be tried offline;
* it expires 5 minutes after it was made and can be used once;
* 5 wrong tries lock the plan change (this call, this plan): no further code
  is checked or sent for it;
* a new code for the same call comes at least 60 s after the last one, and at
  most 3 are sent per call; a new code replaces the one before;
* it confirms only on the call that asked for it, and only the plan it was
  made for: a changed plan needs a new code; a call that ends takes its
  pending code with it.

``OtpBook`` decides; it never sends, logs or stores anything itself. Whoever
sends the code (``plans.desk``) gets it once from ``issue`` and hands it to
the SMS gateway only.
"""

from __future__ import annotations

import enum
import hashlib
import hmac
import secrets
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace

from ..i18n import Msg, N_

__all__ = ["OtpRules", "OtpBook", "Challenge", "ChallengeState", "CheckOutcome", "CheckResult", "OtpRefused",
           "new_code"]


@dataclass(frozen=True)
class OtpRules:
    digits: int = 6
    expiry_s: float = 300.0
    max_tries: int = 5
    resend_gap_s: float = 60.0
    max_sends_per_call: int = 3


class ChallengeState(enum.Enum):
    PENDING = "pending"
    CONFIRMED = "confirmed"
    LOCKED = "locked"
    EXPIRED = "expired"
    REPLACED = "replaced"  # a newer code was sent for this call
    ENDED = "ended"  # the call ended before the code was given


class CheckOutcome(enum.Enum):
    CONFIRMED = "confirmed"
    WRONG = "wrong"
    LOCKED = "locked"
    EXPIRED = "expired"
    USED = "used"  # the code was used already (a replay)
    PLAN_CHANGED = "plan_changed"
    OTHER_CALL = "other_call"
    NO_CODE = "no_code"


@dataclass(frozen=True)
class Challenge:
    """What may be shown of a code: never the code itself."""

    challenge_id: str
    call_id: str
    case_id: str
    plan_hash: str
    code_mac: str
    issued_at: float
    expires_at: float
    tries_left: int
    sends: int  # codes sent on this call so far, this one included
    state: ChallengeState = ChallengeState.PENDING


@dataclass(frozen=True)
class CheckResult:
    outcome: CheckOutcome
    tries_left: int
    challenge: Challenge | None

    @property
    def message(self) -> Msg:
        return _MESSAGES[self.outcome](self.tries_left)


_MESSAGES: dict[CheckOutcome, Callable[[int], Msg]] = {
    CheckOutcome.CONFIRMED: lambda n: N_("The customer confirmed the plan with the code."),
    CheckOutcome.WRONG: lambda n: N_("The code is not right. Tries left: {0}.", n),
    CheckOutcome.LOCKED: lambda n: N_("Too many wrong codes: this plan change is locked."),
    CheckOutcome.EXPIRED: lambda n: N_("The code has expired. Send a new code."),
    CheckOutcome.USED: lambda n: N_("This code was used already. Send a new code."),
    CheckOutcome.PLAN_CHANGED: lambda n: N_("The plan changed after the code was sent. Send a new code."),
    CheckOutcome.OTHER_CALL: lambda n: N_("That code was sent on another call; it cannot confirm this one."),
    CheckOutcome.NO_CODE: lambda n: N_("No code has been sent on this call."),
}


class OtpRefused(Exception):
    """No code is sent now; ``.reason`` says why in plain words."""

    def __init__(self, reason: Msg) -> None:
        super().__init__(str(reason))
        self.reason = reason


def new_code(digits: int = 6) -> str:
    """A code of ``digits`` decimal digits from the operating system's random source."""
    return f"{secrets.randbelow(10 ** digits):0{digits}d}"


class OtpBook:
    """The codes of this process's calls; thread-safe."""

    def __init__(self, rules: OtpRules | None = None, clock: Callable[[], float] = time.time) -> None:
        self.rules = rules or OtpRules()
        self._clock = clock
        self._key = secrets.token_bytes(32)
        self._lock = threading.Lock()
        self._challenges: dict[str, Challenge] = {}  # by challenge id
        self._tries_used: dict[tuple[str, str], int] = {}  # (call id, plan hash) -> wrong tries
        self._locked: set[tuple[str, str]] = set()

    def _mac(self, code: str) -> str:
        return hmac.new(self._key, code.encode("ascii"), hashlib.sha256).hexdigest()

    def issue(self, call_id: str, case_id: str, plan_hash: str) -> tuple[str, Challenge]:
        """A new code and its challenge; :class:`OtpRefused` when the rules allow none now."""
        with self._lock:
            now = self._clock()
            self._refuse_issue(call_id, plan_hash, now)
            sent = self._of_call(call_id)
            for old in sent:
                if old.state is ChallengeState.PENDING:
                    self._challenges[old.challenge_id] = replace(old, state=ChallengeState.REPLACED)
            code = new_code(self.rules.digits)
            challenge = Challenge(uuid.uuid4().hex, call_id, case_id, plan_hash, self._mac(code), now,
                                  now + self.rules.expiry_s, self._tries_left(call_id, plan_hash), len(sent) + 1)
            self._challenges[challenge.challenge_id] = challenge
            return code, challenge

    def _refuse_issue(self, call_id: str, plan_hash: str, now: float) -> None:
        if (call_id, plan_hash) in self._locked:
            raise OtpRefused(N_("This plan change is locked after too many wrong codes."))
        sent = self._of_call(call_id)
        if len(sent) >= self.rules.max_sends_per_call:
            raise OtpRefused(N_("{0} codes were sent on this call already; no more can be sent.",
                                self.rules.max_sends_per_call))
        if sent:
            wait = sent[-1].issued_at + self.rules.resend_gap_s - now
            if wait > 0:
                raise OtpRefused(N_("A new code can be sent in {0} s.", int(wait + 0.999)))

    def _of_call(self, call_id: str) -> list[Challenge]:
        return sorted((c for c in self._challenges.values() if c.call_id == call_id), key=lambda c: c.issued_at)

    def _tries_left(self, call_id: str, plan_hash: str) -> int:
        return max(0, self.rules.max_tries - self._tries_used.get((call_id, plan_hash), 0))

    def pending(self, call_id: str) -> Challenge | None:
        """The call's code that can still confirm (expired ones are marked so first)."""
        with self._lock:
            return self._pending(call_id, self._clock())

    def _pending(self, call_id: str, now: float) -> Challenge | None:
        for c in self._of_call(call_id):
            if c.state is ChallengeState.PENDING:
                if now >= c.expires_at:
                    self._challenges[c.challenge_id] = replace(c, state=ChallengeState.EXPIRED)
                    return None
                return c
        return None

    def check(self, call_id: str, plan_hash: str, entered: str) -> CheckResult:
        """Whether ``entered`` confirms the plan ``plan_hash`` on ``call_id``."""
        with self._lock:
            return self._check(call_id, plan_hash, entered.strip(), self._clock())

    def _check(self, call_id: str, plan_hash: str, entered: str, now: float) -> CheckResult:
        mac = self._mac(entered) if entered.isdigit() and len(entered) == self.rules.digits else ""
        if (call_id, plan_hash) in self._locked:
            return CheckResult(CheckOutcome.LOCKED, 0, None)
        current = self._pending(call_id, now)
        if current is None:
            return self._without_pending(call_id, mac)
        if current.plan_hash != plan_hash:
            return CheckResult(CheckOutcome.PLAN_CHANGED, current.tries_left, current)
        if mac and hmac.compare_digest(mac, current.code_mac):
            done = replace(current, state=ChallengeState.CONFIRMED)
            self._challenges[done.challenge_id] = done
            return CheckResult(CheckOutcome.CONFIRMED, done.tries_left, done)
        return self._wrong(current)

    def _without_pending(self, call_id: str, mac: str) -> CheckResult:
        """No code can confirm on this call now: say why (replayed, expired, another call's, none)."""
        for c in reversed(self._of_call(call_id)):
            if mac and hmac.compare_digest(mac, c.code_mac) and c.state is ChallengeState.CONFIRMED:
                return CheckResult(CheckOutcome.USED, c.tries_left, c)
        if mac and any(hmac.compare_digest(mac, c.code_mac) for c in self._challenges.values()
                       if c.call_id != call_id):
            return CheckResult(CheckOutcome.OTHER_CALL, 0, None)
        sent = self._of_call(call_id)
        if sent and sent[-1].state is ChallengeState.EXPIRED:
            return CheckResult(CheckOutcome.EXPIRED, sent[-1].tries_left, sent[-1])
        if sent and sent[-1].state is ChallengeState.CONFIRMED:
            return CheckResult(CheckOutcome.USED, sent[-1].tries_left, sent[-1])
        return CheckResult(CheckOutcome.NO_CODE, 0, sent[-1] if sent else None)

    def _wrong(self, current: Challenge) -> CheckResult:
        key = (current.call_id, current.plan_hash)
        self._tries_used[key] = self._tries_used.get(key, 0) + 1
        left = self._tries_left(*key)
        if left == 0:
            self._locked.add(key)
            locked = replace(current, tries_left=0, state=ChallengeState.LOCKED)
            self._challenges[locked.challenge_id] = locked
            return CheckResult(CheckOutcome.LOCKED, 0, locked)
        updated = replace(current, tries_left=left)
        self._challenges[updated.challenge_id] = updated
        return CheckResult(CheckOutcome.WRONG, left, updated)

    def discard(self, challenge_id: str) -> None:
        """Forget a code that never reached the customer (the gateway refused it): it counts for nothing."""
        with self._lock:
            self._challenges.pop(challenge_id, None)

    def end_call(self, call_id: str) -> list[Challenge]:
        """The call ended: its pending code can no longer confirm. The challenges that ended."""
        with self._lock:
            ended = []
            for c in self._of_call(call_id):
                if c.state is ChallengeState.PENDING:
                    ended.append(replace(c, state=ChallengeState.ENDED))
                    self._challenges[c.challenge_id] = ended[-1]
            return ended

    def challenges(self, call_id: str) -> list[Challenge]:
        with self._lock:
            return self._of_call(call_id)
