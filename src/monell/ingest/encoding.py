"""Decode the text files productions carry: load files, extracted text, CSV and .txt natives.

Vendors write UTF-8 (with or without a byte-order mark), UTF-16 (Concordance's
"Unicode" option, usually with a BOM) and Windows-1252. A BOM decides; otherwise
UTF-16 when every other byte is zero (text never holds NUL otherwise), then
strict UTF-8 (it almost never decodes text that is not UTF-8), then Windows-1252,
the legacy encoding of US productions. Only bytes Windows-1252 leaves undefined
send the file to charset-normalizer's guess: on short English samples its guesses
(Windows-1250, UTF-16-BE) are worse than the domain's prior.
"""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: its BOM starts the same way
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
SNIFF_BYTES = 64 * 1024
CP1252_UNDEFINED = frozenset({0x81, 0x8D, 0x8F, 0x90, 0x9D})


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Text and the encoding used; undecodable bytes become U+FFFD rather than an error."""
    encoding, text = _detect(data)
    return (data.decode(encoding, errors="replace") if text is None else text), encoding


def _detect(data: bytes) -> tuple[str, str | None]:
    """The codec name that decodes ``data`` (``utf-8-sig``, ``utf-16``, ``utf-8``,
    ``cp1252``…), and the text when finding it already decoded the whole of it."""
    for bom, name in BOMS:
        if data.startswith(bom):
            return name, None
    sample = data[:SNIFF_BYTES]
    if len(sample) >= 4:
        even_zeros = sample[0::2].count(0) / max(1, len(sample[0::2]))
        odd_zeros = sample[1::2].count(0) / max(1, len(sample[1::2]))
        if odd_zeros > 0.3 and even_zeros < 0.05:
            return "utf-16-le", None
        if even_zeros > 0.3 and odd_zeros < 0.05:
            return "utf-16-be", None
    try:
        return "utf-8", data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if not CP1252_UNDEFINED & set(sample):
        return "cp1252", None
    best = from_bytes(sample).best()
    return (str(best.encoding) if best is not None else "latin-1"), None
