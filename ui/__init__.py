"""PySide6 front end. Only ``ui/bridge.py`` (next issue) carries engine events into Qt."""
