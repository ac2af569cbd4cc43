"""The event bus: order, queue-not-nest, handler errors contained."""

from __future__ import annotations

import logging
import threading

import pytest

from softphone.bus import EventBus
from softphone.events import ALL_EVENTS, DtmfReceived, ErrorRaised, to_json
from softphone.states import CallId


def dtmf(d: str) -> DtmfReceived:
    return DtmfReceived(CallId("c1"), d, "rfc2833")


@pytest.mark.parametrize("threaded", [True, False])
def test_delivery_is_in_order_and_posts_from_handlers_are_queued_not_nested(threaded: bool) -> None:
    bus = EventBus(threaded=threaded)
    seen: list[str] = []

    def first(e: DtmfReceived) -> None:
        seen.append(f"first:{e.digit}")
        if e.digit == "1":
            bus.post(dtmf("2"))  # must be delivered after every handler saw "1"
            seen.append("posted")

    bus.subscribe(first, DtmfReceived)
    bus.subscribe(lambda e: seen.append(f"second:{e.digit}"), DtmfReceived)
    bus.post(dtmf("1"))
    assert bus.flush()
    assert seen == ["first:1", "posted", "second:1", "first:2", "second:2"]
    bus.close()


def test_a_failing_handler_is_logged_and_does_not_reach_the_poster(caplog: pytest.LogCaptureFixture) -> None:
    bus = EventBus(threaded=False)
    got: list[str] = []

    def broken(e: object) -> None:
        raise ValueError("handler bug")

    bus.subscribe(broken)
    bus.subscribe(lambda e: got.append(e.digit), DtmfReceived)
    with caplog.at_level(logging.ERROR):
        bus.post(dtmf("7"))  # no exception here
    assert got == ["7"]
    assert "handler bug" in caplog.text


def test_type_filter_and_unsubscribe() -> None:
    bus = EventBus(threaded=False)
    got: list[object] = []
    unsubscribe = bus.subscribe(got.append, ErrorRaised)
    bus.post(dtmf("1"))
    bus.post(ErrorRaised("sip", "m", "u"))
    unsubscribe()
    bus.post(ErrorRaised("sip", "m2", "u2"))
    assert [type(e).__name__ for e in got] == ["ErrorRaised"]


def test_threaded_bus_delivers_on_its_own_thread() -> None:
    bus = EventBus()
    threads: list[str] = []
    bus.subscribe(lambda e: threads.append(threading.current_thread().name))
    bus.post(dtmf("1"))
    bus.flush()
    assert threads == ["event-bus"]
    bus.close()


def test_every_event_is_a_frozen_dataclass_with_a_json_form() -> None:
    import dataclasses

    for kind in ALL_EVENTS:
        assert dataclasses.is_dataclass(kind) and kind.__dataclass_params__.frozen  # type: ignore[attr-defined]
    assert to_json(dtmf("5"))["event"] == "dtmf_received"
