"""Native files for tests: workbooks, Word documents, emails, .xls and .msg.

openpyxl, python-docx and the email package write the modern formats. Nothing
installed writes the old OLE formats (.xls, .msg), so ``build_ole`` writes a
minimal OLE compound file (MS-CFB, version 3) and ``build_xls`` / ``build_msg``
fill it with the few records and streams xlrd and extract_msg need.
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path

import docx
import openpyxl

SECTOR = 512
MINI_SECTOR = 64
MINI_CUTOFF = 4096
FREE, END_OF_CHAIN, FAT_SECTOR, NO_STREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
FIXED = datetime(2021, 3, 4, 10, 15, tzinfo=UTC)

Cell = str | int | float | datetime | None


# --- modern formats -------------------------------------------------------------------------


def build_xlsx(
    path: Path,
    sheets: dict[str, Sequence[Sequence[Cell]]],
    *,
    hidden: Sequence[str] = (),
    creator: str | None = None,
) -> Path:
    """A workbook with one sheet per entry, rows written from row 1."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
        if name in hidden:
            sheet.sheet_state = "hidden"
    if creator:
        book.properties.creator = creator
    book.properties.created = FIXED.replace(tzinfo=None)
    book.save(path)
    return path


Block = tuple[str, str | Sequence[Sequence[str]]]  # ("para", text) or ("table", rows)


def build_docx(path: Path, blocks: Sequence[Block], *, author: str = "") -> Path:
    """A Word document from ("heading", text), ("title", text), ("para", text), ("table", rows)."""
    document = docx.Document()
    for kind, value in blocks:
        if isinstance(value, str):
            if kind == "para":
                document.add_paragraph(value)
            else:
                document.add_heading(value, level=0 if kind == "title" else 1)
            continue
        table = document.add_table(rows=len(value), cols=len(value[0]))
        for row, texts in zip(table.rows, value, strict=True):
            for cell, text in zip(row.cells, texts, strict=True):
                cell.text = text
    document.core_properties.author = author
    document.save(str(path))
    return path


def build_eml(
    *,
    subject: str = "Use of force training",
    plain: str | None = None,
    html: str | None = None,
    attachments: Sequence[tuple[str, str, bytes]] = (),
    forwarded: EmailMessage | None = None,
) -> bytes:
    """An email's bytes; attachments are (file name, MIME type, data)."""
    message = EmailMessage()
    message["From"] = "Lt. Ana Ortiz <aortiz@riverton.gov>"
    message["To"] = "Training Unit <training@riverton.gov>"
    message["Cc"] = "Chief Dale Roe <droe@riverton.gov>"
    message["Date"] = "Thu, 04 Mar 2021 10:15:00 -0500"
    message["Subject"] = subject
    if plain is not None:
        message.set_content(plain)
    if html is not None:
        if plain is None:
            message.set_content(html, subtype="html")
        else:
            message.add_alternative(html, subtype="html")
    for name, mime, data in attachments:
        maintype, subtype = mime.split("/")
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    if forwarded is not None:
        message.add_attachment(forwarded)
    return message.as_bytes()


# --- OLE compound files ---------------------------------------------------------------------


@dataclass
class _DirEntry:
    """One directory entry of an OLE file: the root (5), a storage (1) or a stream (2)."""

    name: str
    kind: int
    data: bytes = b""
    start: int = END_OF_CHAIN
    size: int = 0
    child: int = NO_STREAM
    right: int = NO_STREAM

    def pack(self) -> bytes:
        encoded = self.name.encode("utf-16-le") + b"\x00\x00"
        return (
            encoded.ljust(64, b"\x00")
            + struct.pack("<HBB", len(encoded), self.kind, 1)  # 1: a black node
            + struct.pack("<III", NO_STREAM, self.right, self.child)
            + bytes(16 + 4 + 16)  # class id, state bits, creation and modification times
            + struct.pack("<IQ", self.start, self.size)
        )


def build_ole(streams: dict[str, bytes]) -> bytes:
    """An OLE compound file holding ``streams`` ("storage/stream" paths make storages)."""
    entries = _directory_tree(streams)
    mini = bytearray()
    mini_fat: list[int] = []
    for entry in entries:
        if entry.kind == 2 and 0 < len(entry.data) < MINI_CUTOFF:
            entry.start = len(mini) // MINI_SECTOR
            count = -(-len(entry.data) // MINI_SECTOR)
            mini_fat += [entry.start + i + 1 for i in range(count - 1)] + [END_OF_CHAIN]
            mini += _pad(entry.data, MINI_SECTOR)
    body: list[bytes] = []
    fat: list[int] = []

    def place(data: bytes) -> int:
        start = len(fat)
        count = max(1, -(-len(data) // SECTOR))
        fat.extend([start + i + 1 for i in range(count - 1)] + [END_OF_CHAIN])
        body.append(_pad(data, SECTOR))
        return start

    for entry in entries:
        if entry.kind == 2 and len(entry.data) >= MINI_CUTOFF:
            entry.start = place(entry.data)
    entries[0].start = place(bytes(mini)) if mini else END_OF_CHAIN
    entries[0].size = len(mini)
    mini_fat_start = place(b"".join(struct.pack("<I", n) for n in mini_fat)) if mini_fat else None
    directory_start = place(b"".join(entry.pack() for entry in entries))
    fat_count = 1
    while fat_count * (SECTOR // 4) < len(fat) + fat_count:
        fat_count += 1
    fat_start = len(fat)
    fat.extend([FAT_SECTOR] * fat_count)
    fat += [FREE] * (fat_count * (SECTOR // 4) - len(fat))
    difat = [fat_start + i for i in range(fat_count)] + [FREE] * (109 - fat_count)
    header = (
        OLE_MAGIC
        + bytes(16)
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)  # version 3, 512-byte sectors
        + bytes(6)
        + struct.pack("<IIII", 0, fat_count, directory_start, 0)
        + struct.pack("<I", MINI_CUTOFF)
        + struct.pack(
            "<III",
            mini_fat_start if mini_fat_start is not None else END_OF_CHAIN,
            -(-len(mini_fat) * 4 // SECTOR),
            END_OF_CHAIN,  # no DIFAT sectors: 109 FAT sectors are plenty
        )
        + struct.pack("<I", 0)
        + struct.pack("<109I", *difat)
    )
    fat_bytes = b"".join(struct.pack("<I", n) for n in fat)
    return header + b"".join(body) + fat_bytes


def _directory_tree(streams: dict[str, bytes]) -> list[_DirEntry]:
    """Directory entries: the root, then storages and streams, siblings chained right."""
    entries = [_DirEntry("Root Entry", 5)]
    index_of = {"": 0}
    children: dict[int, list[int]] = {0: []}
    for path, data in streams.items():
        parts = path.split("/")
        for depth in range(1, len(parts) + 1):
            key = "/".join(parts[:depth])
            if key in index_of:
                continue
            is_stream = depth == len(parts)
            index_of[key] = len(entries)
            if is_stream:
                entries.append(_DirEntry(parts[-1], 2, data, size=len(data)))
            else:
                entries.append(_DirEntry(parts[depth - 1], 1))
            children.setdefault(index_of[key], [])
            children[index_of["/".join(parts[: depth - 1])]].append(index_of[key])
    for parent, kids in children.items():
        # CFB orders siblings by name length, then upper-cased name; a right-leaning
        # chain is a valid (if unbalanced) search tree that readers walk.
        kids.sort(key=lambda i: (len(entries[i].name), entries[i].name.upper()))
        if kids:
            entries[parent].child = kids[0]
        for left, right in zip(kids, kids[1:], strict=False):
            entries[left].right = right
    return entries


def _pad(data: bytes, size: int) -> bytes:
    return data + b"\x00" * (-len(data) % size)


# --- .xls (BIFF8) ---------------------------------------------------------------------------


def build_xls(
    path: Path, sheets: dict[str, Sequence[Sequence[Cell]]], *, hidden: Sequence[str] = ()
) -> Path:
    """An Excel 97–2003 workbook: text, numbers and dates (XF 1 is the m/d/yyyy format)."""
    bof_globals = _record(0x0809, struct.pack("<HHHHII", 0x0600, 0x0005, 0x0DBB, 0x07CC, 0, 6))
    xfs = _record(0x00E0, _xf(0, style=True)) + _record(0x00E0, _xf(14)) + _record(0x00E0, _xf(0))
    font = _record(
        0x0031, struct.pack("<HHHHHBBBB", 200, 0, 0x7FFF, 400, 0, 0, 0, 0, 0) + b"\x05\x00Arial"
    )
    head = bof_globals + _record(0x0042, struct.pack("<H", 1200)) + _record(0x0022, b"\x00\x00")
    head += font * 5 + xfs
    names = list(sheets)
    sheet_streams = [_xls_sheet(sheets[name]) for name in names]
    bound_sizes = [4 + 8 + len(name) for name in names]
    offset = len(head) + sum(bound_sizes) + 4  # the globals end with an EOF record
    bounds = b""
    for name, stream in zip(names, sheet_streams, strict=True):
        visibility = 1 if name in hidden else 0
        bounds += _record(
            0x0085,
            struct.pack("<IBBBB", offset, visibility, 0, len(name), 0) + name.encode("latin-1"),
        )
        offset += len(stream)
    workbook = head + bounds + _record(0x000A, b"") + b"".join(sheet_streams)
    path.write_bytes(build_ole({"Workbook": workbook.ljust(MINI_CUTOFF, b"\x00")}))
    return path


def _xls_sheet(rows: Sequence[Sequence[Cell]]) -> bytes:
    records = _record(0x0809, struct.pack("<HHHHII", 0x0600, 0x0010, 0x0DBB, 0x07CC, 0, 6))
    width = max((len(row) for row in rows), default=0)
    records += _record(0x0200, struct.pack("<IIHHH", 0, len(rows), 0, width, 0))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, datetime):
                serial = (value - datetime(1899, 12, 30)).total_seconds() / 86400
                records += _record(0x0203, struct.pack("<HHHd", r, c, 1, serial))
            elif isinstance(value, int | float):
                records += _record(0x0203, struct.pack("<HHHd", r, c, 2, float(value)))
            elif value:
                text = value.encode("utf-16-le")
                records += _record(0x0204, struct.pack("<HHHHB", r, c, 2, len(value), 1) + text)
    return records + _record(0x000A, b"")


def _xf(format_index: int, *, style: bool = False) -> bytes:
    kind = 0xFFF5 if style else 0x0001  # a style XF, or a cell XF whose parent is XF 0
    return struct.pack("<HHHBBBBIIH", 0, format_index, kind, 0x20, 0, 0, 0, 0, 0, 0x20C0)


def _record(opcode: int, data: bytes) -> bytes:
    return struct.pack("<HH", opcode, len(data)) + data


# --- .msg (Outlook) -------------------------------------------------------------------------


def build_msg(
    path: Path, *, subject: str, body: str, attachment: tuple[str, bytes] | None = None
) -> Path:
    """An Outlook message: Unicode string streams, transport headers, one attachment."""
    headers = (
        "From: Lt. Ana Ortiz <aortiz@riverton.gov>\r\nTo: Training Unit <training@riverton.gov>\r\n"
        f"Subject: {subject}\r\nDate: Thu, 04 Mar 2021 15:15:00 +0000\r\n\r\n"
    )
    filetime = int((FIXED - datetime(1601, 1, 1, tzinfo=UTC)).total_seconds() * 10_000_000)
    props = bytes(8) + struct.pack("<IIII", 0, 1 if attachment else 0, 0, 1 if attachment else 0)
    props += bytes(8)
    props += struct.pack("<IIQ", 0x00390040, 6, filetime)  # PR_CLIENT_SUBMIT_TIME
    props += struct.pack("<IIQ", 0x340D0003, 6, 0x00040000)  # strings are Unicode
    streams = {
        "__properties_version1.0": props,
        "__substg1.0_001A001F": "IPM.Note".encode("utf-16-le"),
        "__substg1.0_0037001F": subject.encode("utf-16-le"),
        "__substg1.0_1000001F": body.encode("utf-16-le"),
        "__substg1.0_007D001F": headers.encode("utf-16-le"),
    }
    if attachment is not None:
        name, data = attachment
        folder = "__attach_version1.0_#00000000/"
        streams[folder + "__properties_version1.0"] = bytes(8) + struct.pack(
            "<IIQ", 0x37050003, 6, 1
        )
        streams[folder + "__substg1.0_3707001F"] = name.encode("utf-16-le")
        streams[folder + "__substg1.0_37010102"] = data
    path.write_bytes(build_ole(streams))
    return path
