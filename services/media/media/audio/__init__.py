"""Audio of the media service: storage, upload checks and conversion, system prompts, announcements and music
on hold (MED-02, MED-03), call recordings (MED-05)."""

from media.audio.prompts import CATALOGUE, ensure_system_prompts, prompt_path

__all__ = ["CATALOGUE", "ensure_system_prompts", "prompt_path"]
