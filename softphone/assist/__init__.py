"""Real-time assist: forbidden phrases, emotion and pacing, decided on transcripts and audio.

``rules`` loads and validates a rule pack, ``matcher`` finds its phrases in
recognised speech (robust to recognition errors), ``context`` decides when a
match is not a violation (negation, the agent quoting the customer),
``emotion`` and ``pacing`` score each side, and ``service`` turns transcript
events into alert events on the bus.
"""
