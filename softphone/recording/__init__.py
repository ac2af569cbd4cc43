"""Call recordings: every call, both channels, encrypted while written, chained and signed (docs/recordings.md).

``recorder`` (where audio is written), ``container`` (the file: chunks, chain,
manifest), ``codec`` (a chunk's audio), ``keys`` (the recordings key and each
call's own key), ``reader`` (verify, decrypt in memory, WAV).
"""

from .keys import KEY_ENTRY, RecordingKeys, RecordingKeyUnavailable
from .reader import Opened, Verdict, open_recording, stereo_wav, verify
from .recorder import Recorder, recording_path

__all__ = ["KEY_ENTRY", "RecordingKeys", "RecordingKeyUnavailable", "Opened", "Verdict", "open_recording",
           "stereo_wav", "verify", "Recorder", "recording_path"]
