"""The budgets a file's content must stay within (``[limits]``), checked where the work happens.

A decoder asked to expand a small file into gigabytes (a 25,000 × 25,000 PNG, a sheet
whose used range spans every column, a flate bomb) is stopped *before* it does, with
one line that says what was too large, the limit, and the setting that raises it:
``too large: a 625-megapixel image on page 3 (limit 100 MP); raise [limits]
image_pixels in case.toml to read it``. The file is recorded as failed, so re-running
with a raised limit reads it.
"""

from __future__ import annotations


class OverBudget(Exception):
    """A file over one of its budgets; the message is the one line a paralegal reads."""


def over_budget(what: str, limit: str, setting: str) -> OverBudget:
    return OverBudget(
        f"too large: {what} (limit {limit}); raise [limits] {setting} in case.toml to read it"
    )


def check_pixels(width: int, height: int, limit: int, where: str = "") -> None:
    """Refuse an image (or a page render) of more than ``limit`` pixels before decoding it.

    Raises:
        OverBudget: naming the image's size, ``where`` it is ("on page 3") and the limit.
    """
    if width * height > limit:
        place = f" {where}" if where else ""
        raise over_budget(
            f"a {megapixels(width * height)}-megapixel image ({width:,} × {height:,} "
            f"pixels){place}",
            f"{megapixels(limit)} MP",
            "image_pixels",
        )


def check_chars(count: int, limit: int, what: str) -> None:
    """Refuse a native document's text of more than ``limit`` characters.

    Raises:
        OverBudget: naming ``what`` ("a text file", "a Word document") and the limit.
    """
    if count > limit:
        raise over_budget(
            f"{what} of more than {_millions(limit)} characters",
            f"{_millions(limit)} characters",
            "native_chars",
        )


def megapixels(pixels: int) -> str:
    return f"{pixels / 1e6:,.0f}" if pixels >= 10e6 else f"{pixels / 1e6:,.1f}"


def _millions(count: int) -> str:
    return f"{count / 1e6:,.0f} million" if count >= 1e6 else f"{count:,}"
