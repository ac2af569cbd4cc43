"""Widgets of the main window; each talks to the engine only through ``ui.bridge``."""
