"""Relais transcription: speech to text for voicemail and voice commands."""
