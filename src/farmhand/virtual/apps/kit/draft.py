"""What a post is made of while the person edits it: the media picked, the sound, the volumes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from farmhand.virtual.app import MediaItem


@dataclass
class Draft:
    media: list[MediaItem]
    via: str  # share | gallery | sound
    sound: dict[str, Any] | None = None
    volumes: dict[str, int] = field(default_factory=lambda: {"original": 50, "added": 50})

    @property
    def kind(self) -> str:
        """``images`` when every item is a photo, else ``video`` (photos with a clip make a video)."""
        return "images" if self.media and all(item.kind == "image" for item in self.media) else "video"
