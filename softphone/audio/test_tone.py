"""The settings dialog's "Test tone": a short beep on a chosen output device."""

from __future__ import annotations

import math

from ..errors import AudioDeviceError
from ..i18n import N_
from .devices import find_device, load_sounddevice
from ..states import DeviceRole

__all__ = ["play_test_tone"]


def play_test_tone(device_name: str, seconds: float = 0.6, freq: float = 880.0, rate: int = 16000) -> None:
    """Blocking: play a tone on ``device_name`` ("" = system default). Run it off the GUI thread."""
    sd = load_sounddevice()
    n = int(seconds * rate)
    fade = rate // 50
    samples = [int(0.3 * 32767 * math.sin(2 * math.pi * freq * i / rate) * min(1.0, i / fade, (n - i) / fade))
               for i in range(n)]
    import array

    data = array.array("h", samples)
    try:
        sd.play(data, samplerate=rate, device=find_device(device_name, DeviceRole.OUTPUT), blocking=True)
    except (sd.PortAudioError, ValueError) as exc:
        raise AudioDeviceError(str(exc), user_message=N_("The test tone could not be played on “{0}”.",
                                                         device_name or "default")) from exc
