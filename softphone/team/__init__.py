"""What a team lead sees of the agents: published by each softphone, followed by the wallboard (docs/team.md).

``agent_state`` (the agent's state machine: offline, idle, ringing, in call,
wrap-up, paused), ``topics`` (where each kind of message goes), ``messages``
(what is sent: masked, with an id so nothing is counted twice), ``outbox`` (kept
on disk until the broker has it), ``publisher`` (the agent's side),
``follower`` and ``board`` (the lead's side: the read model of the wallboard).
"""
