"""The TrueType faces generated page images are drawn with, with Pillow's font as fallback."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PIL import ImageFont

SANS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
)

AnyFont = ImageFont.FreeTypeFont | ImageFont.ImageFont


def load_font(size_px: int, candidates: Sequence[str] = SANS) -> AnyFont:
    """The first candidate face that exists, at ``size_px``; else Pillow's default font."""
    for candidate in candidates:
        if Path(candidate).is_file():
            return ImageFont.truetype(candidate, size_px)
    return ImageFont.load_default(size=size_px)
