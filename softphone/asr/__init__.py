"""Speech recognition with Vosk: models on disk and, later, the recognizers."""
