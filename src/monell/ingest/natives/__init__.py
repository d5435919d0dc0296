"""Native files (spreadsheets, Word, plain text, email) read into page-equivalents.

Productions carry natives beside PDFs: rosters and hour logs as spreadsheets,
policies as Word files, complaints as emails. Each reader returns a
``NativeContent`` whose pages are page-equivalents a reviewer can cite ("sheet
Roster", "paragraphs 1–38", "message"). Every failure is a ``NativeProblem``
whose text is one plain-English line a paralegal can act on.

The suffix says what a file should be; its first bytes say what it is.
Producing parties rename files, so the bytes win where we can read the real
type (a ``.xls`` that is really a ``.xlsx`` is read as one, with a warning), and
a file we cannot read is refused naming what it really is. The readers import
their libraries lazily, so importing this package stays cheap.
"""

from __future__ import annotations

import codecs
import dataclasses
import io
import zipfile
import zlib
from datetime import date, datetime
from pathlib import Path
from typing import NoReturn

from monell.config import Limits
from monell.ingest.budget import check_chars, over_budget
from monell.ingest.pdf import PDF_HEADER
from monell.records import NativeContent, SourceFormat

NATIVE_SUFFIXES: dict[str, SourceFormat] = {
    ".xlsx": SourceFormat.XLSX,
    ".xlsm": SourceFormat.XLSX,
    ".xls": SourceFormat.XLS,
    ".csv": SourceFormat.CSV,
    ".docx": SourceFormat.DOCX,
    ".txt": SourceFormat.TXT,
    ".md": SourceFormat.MD,
    ".eml": SourceFormat.EML,
    ".msg": SourceFormat.MSG,
}
DEFAULT_MAX_ROWS = 200_000
HEAD_BYTES = 8 * 1024
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
CELL_SEPARATOR = " | "  # how a table row's cells are joined in page-equivalent text
# An encrypted .xlsx/.docx is an OLE container holding these streams (MS-OFFCRYPTO).
ENCRYPTED_STREAMS = ("EncryptionInfo".encode("utf-16-le"), "EncryptedPackage".encode("utf-16-le"))
# The part that tells which Office application wrote a ZIP package.
OFFICE_PARTS = {
    "word/document.xml": SourceFormat.DOCX,
    "xl/workbook.xml": SourceFormat.XLSX,
}
ZIP_FORMATS = frozenset({SourceFormat.XLSX, SourceFormat.DOCX})
# What zipfile, zlib and the XML parsers raise on a damaged Office package: named, not a
# broad except, so a bug in our own code still surfaces at the per-file boundary.
ZIP_PACKAGE_ERRORS: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile,
    zlib.error,
    KeyError,
    ValueError,
    TypeError,
    IndexError,
    AttributeError,
    OSError,
    EOFError,
    SyntaxError,  # XML parse errors from ElementTree and lxml
    NotImplementedError,  # zipfile: an unknown compression method or zip version
    RuntimeError,  # zipfile: an encrypted member
)
# How a refusal names what the file should have been: "not a readable .xlsx workbook".
KIND_NAMES = {
    SourceFormat.XLSX: "workbook",
    SourceFormat.XLS: "workbook",
    SourceFormat.CSV: "file",
    SourceFormat.DOCX: "Word document",
    SourceFormat.TXT: "text file",
    SourceFormat.MD: "text file",
    SourceFormat.EML: "email",
    SourceFormat.MSG: "Outlook message",
}
# How a warning names what a misnamed file really held.
CONTENT_NAMES = {
    SourceFormat.XLSX: "a .xlsx workbook",
    SourceFormat.XLS: "an old-format .xls workbook",
    SourceFormat.CSV: "delimited text (.csv)",
    SourceFormat.DOCX: "a .docx Word document",
    SourceFormat.TXT: "plain text",
    SourceFormat.MD: "plain text",
    SourceFormat.EML: "a MIME email (.eml)",
    SourceFormat.MSG: "an Outlook .msg message",
}


class NativeProblem(Exception):
    """Why a native file could not be read, as one line a paralegal can act on."""


def native_format(path: Path, head: bytes) -> SourceFormat | None:
    """The native format to read ``path`` as, or None when it is not a native we read.

    The suffix proposes and the first bytes confirm or correct: a ``.xls`` holding
    a ZIP package is an ``.xlsx``, a ``.msg`` holding text is an ``.eml``. A file
    whose bytes are a PDF is None (the PDF reader takes it). Any other mismatch
    keeps the suffix's format so that ``read_native`` can say what went wrong.

    Args:
        path: the file (only its suffix is used).
        head: the file's first bytes (1 KB or more).
    """
    declared = NATIVE_SUFFIXES.get(path.suffix.lower())
    if declared is None or _is_pdf(head):
        return None
    return _format_by_head(declared, head)


def read_native(
    path: Path,
    source_format: SourceFormat,
    *,
    max_rows: int = DEFAULT_MAX_ROWS,
    limits: Limits | None = None,
) -> NativeContent:
    """Read a native file into page-equivalents, metadata, attachments and warnings.

    Raises:
        NativeProblem: the file is empty, damaged, password-protected, not what its
            name says, or holds no readable content.
        OverBudget: the file holds more than ``limits`` allow.
    """
    try:
        with path.open("rb") as handle:
            head = handle.read(HEAD_BYTES)
    except OSError as error:
        raise NativeProblem(f"cannot be read: {error.strerror or error}") from error
    return _read(path, path.name, head, source_format, max_rows, limits or Limits())


def read_native_bytes(
    name: str, data: bytes, *, max_rows: int = DEFAULT_MAX_ROWS, limits: Limits | None = None
) -> NativeContent | None:
    """Read an attachment held in memory; None when ``name`` is not a native format.

    Raises:
        NativeProblem: as ``read_native``.
    """
    source_format = native_format(Path(name), data[:HEAD_BYTES])
    if source_format is None:
        return None
    return _read(data, name, data[:HEAD_BYTES], source_format, max_rows, limits or Limits())


def _read(
    source: Path | bytes,
    name: str,
    head: bytes,
    declared: SourceFormat,
    max_rows: int,
    limits: Limits,
) -> NativeContent:
    if not head:
        raise NativeProblem("no readable content: the file is empty")
    actual = _actual_format(source, name, head, declared)
    content = _dispatch(source, name, actual, max_rows, limits)
    suffix = Path(name).suffix.lower()
    if actual == NATIVE_SUFFIXES.get(suffix, declared):
        return content
    suffix = suffix or f".{declared.value}"
    note = f"the file is named {suffix} but holds {CONTENT_NAMES[actual]}, and was read as such"
    return dataclasses.replace(content, warnings=(note, *content.warnings))


def _dispatch(
    source: Path | bytes, name: str, fmt: SourceFormat, max_rows: int, limits: Limits
) -> NativeContent:
    # Lazy imports: openpyxl, python-docx and extract_msg cost time to import.
    if fmt is SourceFormat.XLSX:
        from monell.ingest.natives.sheets import read_workbook

        return read_workbook(source, max_rows, limits)
    if fmt is SourceFormat.XLS:
        from monell.ingest.natives.sheets import read_legacy_workbook

        return read_legacy_workbook(source, max_rows, limits)
    if fmt is SourceFormat.DOCX:
        from monell.ingest.natives.wordproc import read_word

        return read_word(source, limits.native_chars)
    if fmt is SourceFormat.MSG:
        from monell.ingest.natives.mail import read_msg

        return _within(read_msg(source), limits, "an Outlook message")
    if fmt is not SourceFormat.EML:  # an email's size is mostly its attachments
        _check_size(source, fmt, limits)
    data = source if isinstance(source, bytes) else _read_all(source)
    if fmt is SourceFormat.CSV:
        from monell.ingest.natives.sheets import read_csv

        return read_csv(data, Path(name).stem, max_rows, limits)
    if fmt is SourceFormat.EML:
        from monell.ingest.natives.mail import read_eml

        return _within(read_eml(data), limits, "an email")
    from monell.ingest.natives.plaintext import read_text

    return read_text(data, fmt, limits.native_chars)


def _check_size(source: Path | bytes, fmt: SourceFormat, limits: Limits) -> None:
    """Refuse a text file that cannot fit the character budget before reading it: a
    character takes at most 4 bytes in every encoding we read."""
    size = len(source) if isinstance(source, bytes) else _size(source)
    if size > 4 * limits.native_chars:
        kind = "a .csv file" if fmt is SourceFormat.CSV else "a text file"
        raise over_budget(
            f"{kind} of {size / 1e6:,.0f} MB",
            f"{limits.native_chars / 1e6:,.0f} million characters",
            "native_chars",
        )


def _within(content: NativeContent, limits: Limits, what: str) -> NativeContent:
    check_chars(sum(len(page.text) for page in content.pages), limits.native_chars, what)
    return content


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError as error:
        raise NativeProblem(f"cannot be read: {error.strerror or error}") from error


def _actual_format(
    source: Path | bytes, name: str, head: bytes, declared: SourceFormat
) -> SourceFormat:
    """What the bytes are, when we can read them; otherwise a NativeProblem naming them."""
    kind = f"{Path(name).suffix.lower() or '.' + declared.value} {KIND_NAMES[declared]}"
    if _is_pdf(head):
        _refuse(kind, "a PDF (rename it to .pdf)")
    by_head = _format_by_head(declared, head)
    if head.startswith(ZIP_MAGIC):
        if by_head not in ZIP_FORMATS:
            _refuse(kind, "a ZIP archive")
        return _zip_format(source, kind)
    if head.startswith(OLE_MAGIC):
        if by_head in ZIP_FORMATS:
            return _ole_office_format(source, head, by_head, kind)
        if by_head not in (SourceFormat.XLS, SourceFormat.MSG):
            _refuse(kind, "an old-format Office file (Word .doc, Excel .xls or Outlook .msg)")
        return by_head
    if _is_html(head) and by_head is not SourceFormat.EML:
        if declared in (SourceFormat.TXT, SourceFormat.MD):
            return by_head  # saved web pages are text too; read them as written
        _refuse(kind, "a web page (HTML); open it in a browser and save it as PDF")
    if by_head is SourceFormat.MSG:
        raise NativeProblem(f"not a readable {kind} (damaged, or not saved from Outlook?)")
    if by_head in ZIP_FORMATS or by_head is SourceFormat.XLS:
        raise NativeProblem(f"not a readable {kind} (damaged or password-protected?)")
    return by_head


def _ole_office_format(
    source: Path | bytes, head: bytes, by_head: SourceFormat, kind: str
) -> SourceFormat:
    """An OLE container named .xlsx/.docx: encrypted, or an old-format file renamed."""
    if any(stream in _ole_directory(source, head) for stream in ENCRYPTED_STREAMS):
        raise NativeProblem(f"not a readable {kind}: it is password-protected (encrypted)")
    if by_head is SourceFormat.DOCX:
        _refuse(kind, "an old-format Word .doc file, not supported (save it as .docx or PDF)")
    return SourceFormat.XLS


def _format_by_head(declared: SourceFormat, head: bytes) -> SourceFormat:
    """The format the first bytes show, where they correct the suffix."""
    if declared is SourceFormat.XLS and head.startswith(ZIP_MAGIC):
        return SourceFormat.XLSX
    if declared is SourceFormat.XLS and _looks_like_text(head) and not _is_html(head):
        return SourceFormat.CSV  # tab- or comma-separated text exported with an .xls name
    if declared is SourceFormat.EML and head.startswith(OLE_MAGIC):
        return SourceFormat.MSG
    if declared is SourceFormat.MSG and _looks_like_email(head):
        return SourceFormat.EML
    return declared


def _zip_format(source: Path | bytes, kind: str) -> SourceFormat:
    """Which Office package a ZIP file is (a .docx renamed .xlsx is read as Word)."""
    try:
        with zipfile.ZipFile(source if isinstance(source, Path) else io.BytesIO(source)) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as error:
        raise NativeProblem(f"not a readable {kind} (damaged or password-protected?)") from error
    for part, fmt in OFFICE_PARTS.items():
        if part in names:
            return fmt
    if "ppt/presentation.xml" in names:
        _refuse(kind, "a PowerPoint presentation, which is not supported (save it as PDF)")
    _refuse(kind, "a ZIP archive; unzip it and ingest the files inside")


def _refuse(kind: str, real: str) -> NoReturn:
    raise NativeProblem(f"not a {kind}: the file is {real}")


def _ole_directory(source: Path | bytes, head: bytes) -> bytes:
    """The first sector of an OLE container's directory, where the stream names are."""
    if len(head) < 512:
        return b""
    sector_size = 1 << min(int.from_bytes(head[30:32], "little"), 16)
    offset = (int.from_bytes(head[48:52], "little") + 1) * sector_size
    if isinstance(source, bytes):
        return source[offset : offset + sector_size]
    try:
        with source.open("rb") as handle:
            handle.seek(offset)
            return handle.read(sector_size)
    except (OSError, ValueError, OverflowError):
        return b""


def _is_pdf(head: bytes) -> bool:
    return head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(PDF_HEADER)


def _is_html(head: bytes) -> bool:
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:200].lower()
    return start.startswith((b"<html", b"<!doctype html", b"<table")) or (
        start.startswith(b"<?xml") and b"<html" in head.lower()
    )


def _looks_like_text(head: bytes) -> bool:
    """No NUL bytes and no control characters but whitespace: text, not a binary file."""
    sample = head[:1024]
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True  # "Unicode text" exports
    if not sample or b"\x00" in sample:
        return False
    return not any(byte < 32 and byte not in b"\t\n\r\f" for byte in sample)


def _looks_like_email(head: bytes) -> bool:
    first = head.lstrip()[:200].lower()
    starts = (b"from:", b"received:", b"return-path:", b"message-id:", b"date:", b"mime-version:")
    return _looks_like_text(head) and first.startswith(starts)


def _read_all(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise NativeProblem(f"cannot be read: {error.strerror or error}") from error


def render_row(row: tuple[str, ...]) -> str:
    """A table row as one line: cells up to the last filled one, whitespace collapsed."""
    return CELL_SEPARATOR.join(" ".join(cell.split()) for cell in row[: filled_width(row)])


def filled_width(cells: tuple[str, ...]) -> int:
    """The number of cells up to the last filled one (trailing empty columns trimmed)."""
    return max((index + 1 for index, cell in enumerate(cells) if cell), default=0)


def property_metadata(
    author: str | None, created: object, modified: object, title: str | None
) -> tuple[tuple[str, str], ...]:
    """An Office file's document properties as metadata pairs, skipping empty ones."""
    pairs = [
        ("author", author),
        ("date_created", _iso_datetime(created)),
        ("date_modified", _iso_datetime(modified)),
        ("title", title),
    ]
    return tuple((key, value.strip()) for key, value in pairs if value and value.strip())


def _iso_datetime(value: object) -> str | None:
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    return None
