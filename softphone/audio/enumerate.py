"""Print the sound devices as JSON, from a fresh PortAudio (run as a subprocess).

PortAudio reads the device list once per process; a device that appears or
disappears later is only seen by a new process. ``presence.py`` runs this
module every few seconds while a named device is selected (about 0.11 s of
CPU per run, measured) to learn that a headset was unplugged even when the
sound server quietly moved our stream elsewhere.
"""

from __future__ import annotations

import json
import sys


def main() -> int:
    try:
        import sounddevice as sd

        devices = sd.query_devices()
    except Exception as exc:  # noqa: BLE001 - reported to the parent as JSON
        print(json.dumps({"error": str(exc)}))
        return 1
    print(json.dumps({"devices": [
        {"name": d["name"], "inputs": d["max_input_channels"], "outputs": d["max_output_channels"]} for d in devices
    ]}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
