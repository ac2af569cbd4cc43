"""Where audio flows.

    headset mic --sounddevice--> RingBuffer --MicPort--> pjsua2 conference --> call
    call --> pjsua2 conference --SpeakerPort--> RingBuffer --sounddevice--> headset
    call --TapPort--> CallTap (customer channel);  MicPort --> CallTap (agent channel)

``devices.py`` owns the sounddevice streams (their own threads); ``ports.py``
owns the pjsua2 ports (created on the engine thread, called back on the media
clock thread). A ring buffer stands between them so neither waits on the other.
"""
