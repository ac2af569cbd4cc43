"""Command-line entry points: ``agent-softphone headless | doctor``."""
