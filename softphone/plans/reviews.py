"""A reviewer's decision on a plan over the caps: recorded in the queue, and in the audit log."""

from __future__ import annotations

from ..compliance.audit import AuditAction, AuditLog
from ..privacy import redact
from .store import PlanStore, ReviewRecord

__all__ = ["decide_review"]


def decide_review(store: PlanStore, audit: AuditLog, review_id: str, approve: bool, reviewer: str,
                  note: str = "") -> ReviewRecord | None:
    """Approve or reject a pending review (audited as ``review.decided``); None when it is not pending."""
    record = store.decide(review_id, approve, reviewer, note)
    if record is not None:
        audit.append(AuditAction.REVIEW_DECIDED, actor=reviewer, call_id=record.call_id, case_id=record.case_id,
                     details={"review": record.review_id, "decision": record.state, "plan": record.plan_hash[:16],
                              "note": redact(note)[:200]})
    return record
