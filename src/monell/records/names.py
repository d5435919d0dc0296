"""File names and outside text made safe to store and to show, without losing what they were.

A production's file names are the other side's bytes: names made on another system may
not be valid UTF-8 (Python hands them over as lone surrogates, which SQLite refuses),
and a name may hold a newline, an escape sequence or a right-to-left override. Shown
raw, such a name splits a ``FAILED`` line (or forges one), recolours a terminal, or
reads backwards. So every name is stored and shown in an escaped form that keeps each
printable character as itself and spells every other one out (``\\n``, ``\\x1b``,
``\\u202e``, and ``\\xff`` for a byte that is not UTF-8), and the raw bytes are kept
beside it for the audit whenever the two differ.
"""

from __future__ import annotations

import os
import re
import unicodedata

# Unicode categories that never print as themselves: controls, format characters (the
# bidirectional overrides and marks among them), line and paragraph separators, and the
# surrogates Python uses for bytes that are not UTF-8.
HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"})
SHORT_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
ESCAPED_BYTE_FIRST, ESCAPED_BYTE_LAST = 0xDC80, 0xDCFF  # os.fsdecode's stand-ins for bytes
# In document text: C0 controls but tab, newline, carriage return and form feed; DEL; C1;
# surrogates.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def shown(text: str) -> str:
    """``text`` with every character that does not print as itself spelled out.

    Printable characters (accents, CJK, emoji) stay as they are; the result is one line
    and encodes to UTF-8.
    """
    if text.isprintable() and text.isascii():
        return text  # the common case, at C speed
    return "".join(_escape(char) for char in text)


def raw_bytes(path: str) -> bytes | None:
    """The name's bytes on disk, when its shown form differs from it (else None)."""
    return os.fsencode(path) if shown(path) != path else None


def storable(text: str) -> str:
    """Document text that SQLite can hold and any terminal can show: surrogates (bytes
    that were not text) become U+FFFD, and control characters other than tab, newline,
    carriage return and form feed (an escape sequence, a NUL, the C1 controls) are spelled
    out as ``shown`` does. Lines and page breaks are content, so they stay.
    """
    if text.isascii() and text.isprintable():
        return text
    return _CONTROLS.sub(_spell, text)


def _spell(match: re.Match[str]) -> str:
    char = match.group()
    return "\ufffd" if "\ud800" <= char <= "\udfff" else _escape(char)


def shorten_name(name: str, limit: int) -> str:
    """At most ``limit`` characters, keeping the extension that says how to read the file."""
    if len(name) <= limit:
        return name
    stem, dot, suffix = name.rpartition(".")
    if not dot or len(suffix) > 10:
        return name[:limit]
    return f"{stem[: limit - len(suffix) - 1]}.{suffix}"


def _escape(char: str) -> str:
    if char in SHORT_ESCAPES:
        return SHORT_ESCAPES[char]
    if char == " " or unicodedata.category(char) not in HIDDEN_CATEGORIES:
        return char
    code = ord(char)
    if ESCAPED_BYTE_FIRST <= code <= ESCAPED_BYTE_LAST:
        return f"\\x{code - 0xDC00:02x}"  # a byte of a name that is not UTF-8
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"
