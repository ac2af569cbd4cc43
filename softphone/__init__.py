"""agent-softphone engine: SIP, audio, storage and rules, with no Qt.

Where things live:

- ``sip/``      where a SIP event enters (pjsua2 account and call callbacks)
- ``engine/``   the one thread that owns pjsua2, and the command API
- ``audio/``    where audio flows (sounddevice <-> ring buffers <-> pjsua2 ports, taps)
- ``events.py`` / ``bus.py``  the closed set of events and the bus that carries them
- ``storage/``  call history in SQLite
- ``cli/``      ``agent-softphone headless`` / ``doctor``
"""

__version__ = "0.1.0"
