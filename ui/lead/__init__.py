"""The team lead's wallboard window (``agent-softphone lead``): PySide6 only, fed by ``LeadSession``."""
