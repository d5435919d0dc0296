"""Concordance DAT load files: the delimiter dialect, the records, and the field-name table.

A DAT holds a header row of field names, then one row per produced document. Vendors
differ in three ways, and each is detected here rather than configured:

- the delimiters: Concordance's 0x14 separator with the 0xFE (þ) qualifier (or the
  ¶ character when the file was transcoded), the DOJ's pipe with caret, or CSV;
- the field names: BEGBATES, BegDoc, "Begin Bates" and PRODBEG all mean the same
  column, so one table maps every known spelling to a canonical name;
- newlines: a value may span lines inside its qualifiers, and Concordance writes
  ® (0xAE) for a newline inside a value.

A row that cannot be split (a qualifier that never closes, the wrong number of fields)
is reported with its row and line and skipped: the reader re-synchronises at the next
line that starts a record, so one bad row never costs the rest of the volume.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from monell.errors import InputError
from monell.ingest.bates import parse_bates
from monell.ingest.encoding import decode_bytes
from monell.resources import load_cues

THORN = "\u00fe"  # þ, Concordance's default text qualifier (0xFE)
PILCROW = "\u00b6"  # ¶, how 0x14 looks after a transcoding viewer "fixed" it
NEWLINE_MARK = "\u00ae"  # ®, Concordance's stand-in for a newline inside a value
QUALIFIERS = (THORN, "^", '"')
# Single delimiter bytes in a UTF-8 file, as Python's surrogateescape decodes them.
RAW_DELIMITERS = {0xDCFE: THORN, 0xDCAE: NEWLINE_MARK, 0xDCB6: PILCROW}
HEADER_SHOWN = 60  # characters of a bad header quoted in an error
HEADER_NAMES_SHOWN = 12  # field names listed when none holds the begin Bates number


@dataclass(frozen=True)
class Dialect:
    """How a DAT separates and qualifies its values."""

    separator: str
    qualifier: str
    description: str
    newline_mark: str | None = None  # a character that stands for a newline inside a value


# Tried in this order on the header line: a control character or ¶ is never part of a
# field name, while a comma might be (", Jr."), so the rarest separator wins.
DIALECTS = (
    Dialect("\x14", THORN, "Concordance (0x14 / 0xFE)", NEWLINE_MARK),
    Dialect(PILCROW, THORN, "Concordance, transcoded (¶ / þ)", NEWLINE_MARK),
    Dialect("|", "^", "pipe-caret (| / ^)"),
    Dialect("\t", '"', "tab-quote"),
    Dialect(",", '"', "comma-quote"),
)

# Canonical field name -> the spellings vendors use (corpora/cues/loadfile.yaml, where a
# new vendor's header is taught). Matching ignores case, spaces, underscores, hyphens and '#'.
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    field: tuple(spellings) for field, spellings in load_cues("loadfile")["fields"].items()
}
_IGNORED_IN_NAMES = re.compile(r"[\s_\-#]+")


def normalize_field_name(name: str) -> str:
    """The key a header name is matched on: "Begin Bates" and "BEG_BATES#" -> "beginbates"."""
    return _IGNORED_IN_NAMES.sub("", name).casefold()


ALIAS_INDEX: dict[str, str] = {
    normalize_field_name(alias): canonical
    for canonical, aliases in FIELD_ALIASES.items()
    for alias in aliases
}


@dataclass(frozen=True)
class DatColumn:
    """One header field: its name as written, its key in an entry's fields, its role."""

    header: str
    name: str  # canonical when known (and first of its role), else e.g. "doc_type"
    role: str | None  # the canonical role even when ``name`` fell back (a second TEXTPATH)


@dataclass(frozen=True)
class DatRow:
    """A data row that split into the header's number of fields."""

    row: int  # 1-based; the header is row 0
    line: int  # the physical line the row starts on (1-based)
    values: tuple[str, ...]


@dataclass(frozen=True)
class DatTable:
    """A DAT as read: its dialect, columns, good rows, and the rows that could not be split."""

    dialect: Dialect
    columns: tuple[DatColumn, ...]
    begin_column: int  # index of the column that holds the first Bates number
    rows: tuple[DatRow, ...]
    errors: tuple[tuple[int, str], ...]  # (row, one-line reason)


def parse_dat(text: str, source: str) -> DatTable:
    """Split a decoded DAT into columns and rows.

    Raises:
        InputError: when the file as a whole is unusable: no header, a header no known
            delimiter splits, or no column that holds the first Bates number.
    """
    text = re.sub(r"\r\n?", "\n", text.lstrip("\ufeff"))
    start = len(text) - len(text.lstrip("\n \t"))
    first_line = text[start:].split("\n", 1)[0]
    if not first_line.strip():
        raise InputError("the load file is empty: no header row", source)
    dialect = detect_dialect(first_line, source)
    records = _read_records(text, start, dialect)
    _, _, header, header_error = next(records)
    if header is None:
        raise InputError(f"the header row cannot be split: {header_error}", source)
    columns = name_columns(header)
    begin_column = _begin_column(columns, source)
    rows: list[DatRow] = []
    errors: list[tuple[int, str]] = []
    for row, line, values, error in records:
        if values is not None:
            values, error = _fit(values, len(columns), line)
        if values is None:
            errors.append((row, error or f"cannot be split (line {line})"))
        else:
            rows.append(DatRow(row, line, tuple(values)))
    return DatTable(dialect, columns, begin_column, tuple(rows), tuple(errors))


def decode_dat(data: bytes) -> tuple[str, str]:
    """The DAT's text and encoding, including UTF-8 written with raw 0xFE/0xAE delimiter bytes.

    Some exports write UTF-8 values between single-byte þ (0xFE) qualifiers. Such a file is
    not valid UTF-8, so it would be read as Windows-1252 and "Peña" would become "PeÃ±a";
    when the delimiter bytes are its only invalid bytes, it is read as UTF-8 instead.
    """
    text, encoding = decode_bytes(data)
    if encoding != "cp1252" or b"\xfe" not in data:
        return text, encoding
    mixed = data.decode("utf-8", errors="surrogateescape")
    stray = {ord(c) for c in set(re.findall("[\udc80-\udcff]", mixed))}
    if stray - RAW_DELIMITERS.keys() or not re.search("[^\x00-\x7f\udc80-\udcff]", mixed):
        return text, encoding  # other invalid bytes, or nothing but ASCII between delimiters
    return mixed.translate(RAW_DELIMITERS), "utf-8"


def detect_dialect(first_line: str, source: str) -> Dialect:
    """The dialect whose separator the header line uses, with the qualifier it opens with."""
    for dialect in DIALECTS:
        if dialect.separator not in first_line:
            continue
        qualifier = first_line[0] if first_line[0] in QUALIFIERS else dialect.qualifier
        if qualifier == dialect.qualifier:
            return dialect
        name = dialect.description.split(" (")[0].split("-")[0]
        shown = f"{dialect.separator!r}"[1:-1]
        return replace(dialect, qualifier=qualifier, description=f"{name} ({shown} / {qualifier})")
    shown = repr(first_line[:HEADER_SHOWN])
    raise InputError(
        f"wrong delimiter? the header {shown} has no 0x14, ¶, |, tab or comma separators", source
    )


def name_columns(header: list[str]) -> tuple[DatColumn, ...]:
    """Canonical names for the header's fields; a repeated role keeps its own name."""
    columns: list[DatColumn] = []
    taken: set[str] = set()
    for index, raw in enumerate(header):
        written = raw.strip()
        role = ALIAS_INDEX.get(normalize_field_name(written))
        fallback = re.sub(r"\s+", "_", written.casefold()) or f"column_{index + 1}"
        name = role if role is not None and role not in taken else fallback
        while name in taken:  # two columns written the same way keep both values
            name = f"{name}_{index + 1}"
        taken.add(name)
        columns.append(DatColumn(written, name, role))
    return tuple(columns)


def first_value(columns: Sequence[DatColumn], values: Sequence[str], role: str) -> str | None:
    """The first non-empty value among the columns of a role."""
    return next((v for c, v in zip(columns, values, strict=True) if c.role == role and v), None)


def family_parent(columns: Sequence[DatColumn], values: Sequence[str], begin: str) -> str | None:
    """The family parent: PARENT_BATES/PARENTID, else BEGATTACH when the family starts earlier."""
    parent = first_value(columns, values, "parent")
    if parent and parent != begin:
        return parent
    family = first_value(columns, values, "begin_attach")
    if not family or family == begin:
        return None
    first, own = parse_bates(family, any_prefix=True), parse_bates(begin, any_prefix=True)
    # Some vendors' BEGATTACH spans only the attachments: then the parent's own row
    # names its first attachment, which must not make the parent its child's child.
    if first and own and first.prefix == own.prefix and first.number > own.number:
        return None
    return family


def _begin_column(columns: tuple[DatColumn, ...], source: str) -> int:
    """The BEGBATES-like column; DOCID only when nothing better exists."""
    for role in ("begin", "doc_id"):
        for index, column in enumerate(columns):
            if column.role == role:
                return index
    names = ", ".join(c.header for c in columns[:HEADER_NAMES_SHOWN])
    names += ", …" if len(columns) > HEADER_NAMES_SHOWN else ""
    raise InputError(f"no BEGBATES-like column in the header ({names})", source)


def _fit(values: list[str], width: int, line: int) -> tuple[list[str] | None, str | None]:
    """Accept a row with the header's field count (trailing empty extras tolerated)."""
    if len(values) > width and not any(v.strip() for v in values[width:]):
        values = values[:width]
    if len(values) != width:
        return None, f"{len(values)} fields where the header has {width} (line {line})"
    return values, None


_BATES_START = r"[A-Z][A-Z0-9_-]*?[ _-]?\d{4,12}(?:[A-Z]|\.\d{1,4})?"


def _read_records(
    text: str, pos: int, dialect: Dialect
) -> Iterator[tuple[int, int, list[str] | None, str | None]]:
    """(row, line, values or None, error) for every record from ``pos``; the header is row 0.

    A qualified value may span lines, but a line that starts a record ends it: that is
    how one unclosed qualifier is confined to its own row.
    """
    q, s = re.escape(dialect.qualifier), re.escape(dialect.separator)
    starts = [rf"{q}[^{s}{q}\n]"]  # a qualifier then a value: never a value's continuation
    if not text.startswith(dialect.qualifier, pos):
        starts.append(rf"{_BATES_START}{s}")  # unqualified rows start with their Bates number
    newline = rf"\n(?!{'|'.join(starts)})"
    # A qualifier not followed by a separator or line end is literal (unescaped "hi").
    content = rf"(?:[^{q}\n]++|{q}(?![{s}\n]|\Z)|{newline})*+"
    qualified = re.compile(rf"{q}({content}){q}(?=[{s}\n]|\Z)")
    opened = re.compile(rf"{q}{content}")
    bare = re.compile(rf"[^{s}\n]*")
    row, line = 0, 1 + text.count("\n", 0, pos)
    while pos < len(text):
        end_of_line = text.find("\n", pos)
        end_of_line = len(text) if end_of_line < 0 else end_of_line
        if not text[pos:end_of_line].strip(" \t\x1a"):  # blank line, or a DOS end-of-file mark
            line += text.count("\n", pos, end_of_line + 1)
            pos = end_of_line + 1
            continue
        values, error, end = _read_record(text, pos, dialect, qualified, opened, bare)
        if error is not None:
            error = f"{error} (line {line})"
        yield row, line, values, error
        row += 1
        line += text.count("\n", pos, end)
        pos = end


def _read_record(
    text: str,
    pos: int,
    dialect: Dialect,
    qualified: re.Pattern[str],
    opened: re.Pattern[str],
    bare: re.Pattern[str],
) -> tuple[list[str] | None, str | None, int]:
    """One record's values (or an error) and the position after its line end."""
    values: list[str] = []
    q = dialect.qualifier
    while True:
        if text.startswith(q, pos):
            match = qualified.match(text, pos)
            if match is None:
                stop = opened.match(text, pos)
                resume = stop.end() + 1 if stop else len(text)
                return None, f"unbalanced {q} qualifier: a value opens but never closes", resume
            value = match.group(1).replace(q + q, q)
        else:
            match = bare.match(text, pos)
            assert match is not None  # the pattern matches the empty string
            value = match.group(0)
        if dialect.newline_mark:
            value = value.replace(dialect.newline_mark, "\n")
        values.append(value)
        pos = match.end()
        if pos < len(text) and text[pos] == dialect.separator:
            pos += 1
            continue
        return values, None, pos + 1
