"""OCR's damage inside words, undone the one way every complaint reader needs it.

"N0T SUST.AINED", "Disp0sition", "C1osed", "P.0. Kowa1czyk": digits read for letters and
stray marks inside words. Numbers ("4471", "2019-0142") are left alone: only a word that
mixes letters and digits is repaired, and a letter keeps its word's case ("J0HN" → "JOHN",
"0fc." → "Ofc.").
"""

from __future__ import annotations

import re

# A word of letters with OCR's digits in it ("J0HN", "P.0.", "Kowa1czyk"); badges stay.
WORD_WITH_DIGITS = re.compile(r"\b(?=[A-Za-z.]*[015])(?=[0-9.]*[A-Za-z])[A-Za-z015.]+")
MARK_IN_WORD = re.compile(r"(?<=[A-Za-z])[`^~|;:,.'](?=[A-Za-z])")  # "SUST.AINED", "Dat:e"


def drop_marks(text: str) -> str:
    return MARK_IN_WORD.sub("", text)


def letters_for_digits(text: str) -> str:
    """0 / 1 / 5 inside a word of letters read as O / l / S, in the case around them."""
    return WORD_WITH_DIGITS.sub(lambda m: _word(m.group(0)), text)


def _word(word: str) -> str:
    letters = []
    for i, ch in enumerate(word):
        if ch == "1":
            letters.append("l")
        elif ch in "05":
            before = next((c for c in reversed(word[:i]) if c.isalpha()), "")
            upper = not before or before.isupper()
            letter = "o" if ch == "0" else "s"
            letters.append(letter.upper() if upper else letter)
        else:
            letters.append(ch)
    return "".join(letters)
