"""Where a supervising lead's audio goes in the agent's conference bridge (engine thread only).

The lead's call (``sup``) is joined to the agent's current call (``customer``)
and the agent's microphone (``mic``) and headset (``speaker``):

=========  =================================================  ==========================
mode       the lead hears                                     who hears the lead
=========  =================================================  ==========================
listen     the customer and the agent                          nobody
whisper    the customer and the agent                          the agent
barge      the customer and the agent                          the agent and the customer
=========  =================================================  ==========================

Every change (a mode switch, the agent's call going on hold or ending, another
call coming up) tears the links down and builds them again from the state; a
lead with no agent call to join hears silence until there is one.
"""

from __future__ import annotations

from dataclasses import dataclass

import pjsua2 as pj

from ..states import CallId, SupervisionMode

__all__ = ["SupervisionRoutes"]


@dataclass
class _Lead:
    media: pj.AudioMedia | None
    mode: SupervisionMode


class SupervisionRoutes:
    def __init__(self, mic: pj.AudioMedia, speaker: pj.AudioMedia) -> None:
        self._mic: pj.AudioMedia | None = mic
        self._speaker: pj.AudioMedia | None = speaker
        self._leads: dict[CallId, _Lead] = {}
        self._customer: pj.AudioMedia | None = None
        self._links: list[tuple[pj.AudioMedia, pj.AudioMedia]] = []

    def set_lead(self, call_id: CallId, media: pj.AudioMedia | None, mode: SupervisionMode) -> None:
        self._leads[call_id] = _Lead(media, mode)
        self._rebuild()

    def set_mode(self, call_id: CallId, mode: SupervisionMode) -> None:
        lead = self._leads.get(call_id)
        if lead is not None:
            lead.mode = mode
            self._rebuild()

    def remove_lead(self, call_id: CallId) -> None:
        if self._leads.pop(call_id, None) is not None:
            self._rebuild()

    def follow(self, customer: pj.AudioMedia | None) -> None:
        """The agent's current call's media (None: no call with media up)."""
        if customer is not self._customer:
            self._customer = customer
            self._rebuild()

    def close(self) -> None:
        """Disconnect, and let go of the ports (they must be freed before libDestroy, or it aborts)."""
        self._leads.clear()
        self._customer = None
        self._teardown()
        self._mic = self._speaker = None

    @property
    def active(self) -> bool:
        return bool(self._links)

    def _rebuild(self) -> None:
        self._teardown()
        customer, mic, speaker = self._customer, self._mic, self._speaker
        for lead in self._leads.values():
            if lead.media is None or customer is None or mic is None or speaker is None:
                continue
            wanted = [(customer, lead.media), (mic, lead.media)]
            if lead.mode is not SupervisionMode.LISTEN:
                wanted.append((lead.media, speaker))
            if lead.mode is SupervisionMode.BARGE:
                wanted.append((lead.media, customer))
            for source, sink in wanted:
                source.startTransmit(sink)
                self._links.append((source, sink))

    def _teardown(self) -> None:
        links, self._links = self._links, []
        for source, sink in links:
            try:
                source.stopTransmit(sink)
            except pj.Error:
                pass  # a call's conference slot is already gone
