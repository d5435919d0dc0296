"""The decompressed-stream budget of a PDF, checked before pdfium reads the file.

A PDF stream compressed with Flate can expand about a thousand-fold: 400 KB on disk can
be 400 MB in memory, and pdfium inflates a stream whole when a page uses it. So each
Flate stream that is large enough to exceed the budget (``pdf_stream_bytes``) once
inflated is inflated here first, in pieces that are counted and thrown away, and a
stream that expands past the budget makes the file a failed file naming the limit.

This is a scan of the raw bytes, not a PDF parser: it finds ``/FlateDecode`` and the
``stream`` keyword after it. Whatever it cannot make sense of (an encrypted stream, a
broken dictionary) it leaves to pdfium, under the worker's memory ceiling.
"""

from __future__ import annotations

import mmap
import re
import zlib
from pathlib import Path

from monell.ingest.budget import over_budget

# Deflate cannot expand data more than about 1032-fold, so a stream whose compressed
# bytes are fewer than budget / MAX_RATIO can never exceed the budget: skipped unread.
MAX_RATIO = 1032
DICTIONARY_REACH = 4096  # bytes from "/FlateDecode" to the "stream" keyword, at most
PIECE = 64 * 1024  # compressed bytes fed to zlib at a time
_FLATE = re.compile(rb"/FlateDecode\b|/Fl\b")
_STREAM = re.compile(rb">>\s*stream(?:\r\n|\n|\r)")


def check_stream_budget(path: Path, limit: int) -> None:
    """Refuse a PDF holding a Flate stream that inflates to more than ``limit`` bytes.

    Raises:
        OverBudget: naming where the stream starts, its size and the limit.
    """
    smallest = max(1, limit // MAX_RATIO)
    with path.open("rb") as handle:
        try:
            data = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        except ValueError:  # an empty file
            return
        with data:
            position = 0
            for match in _FLATE.finditer(data):
                if match.start() < position:
                    continue  # inside a stream already measured
                keyword = _STREAM.search(data, match.end(), match.end() + DICTIONARY_REACH)
                if keyword is None:
                    continue
                start = keyword.end()
                end = data.find(b"endstream", start)
                end = len(data) if end < 0 else end
                position = end
                if end - start >= smallest and _inflates_past(data, start, end, limit):
                    raise over_budget(
                        f"a compressed PDF stream (at byte {start:,}) that expands to more "
                        f"than {limit / 1024**2:,.0f} MB",
                        f"{limit / 1024**2:,.0f} MB",
                        "pdf_stream_bytes",
                    )


def _inflates_past(data: mmap.mmap, start: int, end: int, limit: int) -> bool:
    """Whether data[start:end] inflates to more than ``limit`` bytes (pieces are dropped)."""
    inflater = zlib.decompressobj()
    total = 0
    try:
        for offset in range(start, end, PIECE):
            pending = data[offset : min(offset + PIECE, end)]
            while pending and not inflater.eof:
                total += len(inflater.decompress(pending, PIECE * 16))
                if total > limit:
                    return True
                pending = inflater.unconsumed_tail
            if inflater.eof:
                return False
    except zlib.error:
        return False  # not Flate after all, or encrypted: pdfium decides
    return False
