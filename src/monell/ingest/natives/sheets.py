"""Spreadsheet natives (.xlsx, .xls, .csv): one page-equivalent and one table per sheet.

Rosters, hour logs and complaint logs are produced as spreadsheets. A sheet's
rows are kept with the spreadsheet's own row numbers, so a citation can say
"sheet Roster, row 14" and opposing counsel finds the same row. Cells are the
values the file last showed (cached formula results, not formulas), written as a
reviewer reads them: ISO dates, whole numbers without ``.0``.
"""

from __future__ import annotations

import csv
import io
import math
import operator
import struct
from collections.abc import Iterable, Iterator
from datetime import date, datetime, time, timedelta
from functools import partial
from itertools import takewhile
from pathlib import Path
from typing import Any, BinaryIO

import openpyxl
import xlrd
from openpyxl.utils.exceptions import InvalidFileException

from monell.config import Limits
from monell.ingest.budget import over_budget
from monell.ingest.natives import (
    ZIP_PACKAGE_ERRORS,
    NativeProblem,
    filled_width,
    property_metadata,
    render_row,
)
from monell.ingest.natives.plaintext import decode_text
from monell.records import NativeContent, NativePage, SourceFormat, Table

# The header is the first row with at least this many filled cells; rows above
# it are titles ("Riverton PD — In-Service Training 2019"), kept as page text.
MIN_HEADER_CELLS = 2
MAX_TITLE_ROWS = 10  # past this, a sheet has no header row to find
CSV_DELIMITERS = ",;\t|"
SNIFF_CHARS = 64 * 1024
# Excel shows 15 significant digits; more only prints binary noise (0.30000000000000004).
FLOAT_FORMAT = ".15g"
WHOLE_NUMBER_LIMIT = 1e15
# A row's padding up to its last cell is budgeted at this many times ``sheet_cells``.
SPANNED_CELLS_FACTOR = 10
# What openpyxl and zipfile raise on a damaged package: these, not a broad except,
# so a bug in our own code still surfaces at the per-file boundary.
XLSX_ERRORS: tuple[type[BaseException], ...] = (InvalidFileException, *ZIP_PACKAGE_ERRORS)
# xlrd asserts on malformed records, so AssertionError means a damaged file here.
XLS_ERRORS = (
    xlrd.XLRDError,
    xlrd.compdoc.CompDocError,
    xlrd.formula.FormulaError,
    struct.error,
    ValueError,
    KeyError,
    IndexError,
    TypeError,
    AssertionError,
    OSError,
    EOFError,
)

Rows = Iterable[tuple[int, tuple[str, ...]]]  # (the sheet's 1-based row number, cells)


def read_workbook(
    source: Path | bytes, max_rows: int, limits: Limits | None = None
) -> NativeContent:
    """Every non-empty sheet of a .xlsx/.xlsm workbook.

    Raises:
        NativeProblem: damaged, password-protected, or every sheet is empty.
    """
    unreadable = "not a readable .xlsx workbook (damaged or password-protected?)"
    try:
        # A file object, not a path: openpyxl refuses paths by their suffix, and a
        # workbook produced as "roster.xls" is still a workbook.
        with _open(source) as handle:
            book = openpyxl.load_workbook(handle, read_only=True, data_only=True, keep_links=False)
            try:
                budget = limits or Limits()
                sheets = (
                    (
                        sheet.title,
                        sheet.sheet_state != "visible",
                        _xlsx_rows(sheet, budget.sheet_cells),
                    )
                    for sheet in book.worksheets
                )
                pages, warnings = _read_sheets(sheets, max_rows, budget)
                props = book.properties
                metadata = property_metadata(
                    props.creator, props.created, props.modified, props.title
                )
            finally:
                book.close()
    except XLSX_ERRORS as error:
        raise NativeProblem(unreadable) from error
    return NativeContent(SourceFormat.XLSX, pages, metadata, warnings=warnings)


def read_legacy_workbook(
    source: Path | bytes, max_rows: int, limits: Limits | None = None
) -> NativeContent:
    """Every non-empty sheet of an old-format .xls workbook (Excel 97–2003).

    Raises:
        NativeProblem: damaged, password-protected, or every sheet is empty.
    """
    try:
        book = xlrd.open_workbook(
            filename=str(source) if isinstance(source, Path) else None,
            file_contents=source if isinstance(source, bytes) else None,
            logfile=io.StringIO(),  # xlrd prints its warnings to stdout otherwise
            on_demand=True,
        )
    except XLS_ERRORS as error:
        raise _xls_problem(error) from error
    budget = limits or Limits()
    try:
        sheets = (
            (sheet.name, sheet.visibility != 0, _xls_rows(book, sheet, budget.sheet_cells))
            for sheet in (book.sheet_by_index(index) for index in range(book.nsheets))
        )
        pages, warnings = _read_sheets(sheets, max_rows, budget)
    except XLS_ERRORS as error:
        raise _xls_problem(error) from error
    finally:
        book.release_resources()
    return NativeContent(SourceFormat.XLS, pages, warnings=warnings)


def read_csv(data: bytes, stem: str, max_rows: int, limits: Limits | None = None) -> NativeContent:
    """A delimited text file as one sheet named after the file.

    Raises:
        NativeProblem: binary content, broken quoting, or no text.
        OverBudget: more characters or cells than ``limits`` allow.
    """
    budget = limits or Limits()
    text, warnings = decode_text(data, budget.native_chars, "a .csv file")
    if not text.strip():
        raise NativeProblem("no readable content: the file holds no text")
    # One cell may be as long as the whole file's budget (the csv module stops at 128 KB).
    csv.field_size_limit(max(budget.native_chars, csv.field_size_limit()))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(text))
    rows = ((number, tuple(cell.strip() for cell in row)) for number, row in enumerate(reader, 1))
    try:
        pages, sheet_warnings = _read_sheets([(stem, False, rows)], max_rows, budget)
    except csv.Error as error:
        raise NativeProblem(f"not a readable .csv file ({error})") from error
    return NativeContent(SourceFormat.CSV, pages, warnings=warnings + sheet_warnings)


def cell_text(value: Any) -> str:
    """A cell value as a reviewer reads it: ISO dates, whole numbers without ``.0``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.date().isoformat()
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, timedelta):
        # Durations ([h]:mm cells) are training hours: total hours, not days.
        minutes = round(value.total_seconds() / 60)
        return f"{minutes // 60}:{minutes % 60:02d}"
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer() and abs(value) < WHOLE_NUMBER_LIMIT:
            return str(int(value))
        return format(value, FLOAT_FORMAT)
    return str(value).strip()


def _read_sheets(
    sheets: Iterable[tuple[str, bool, Rows]], max_rows: int, limits: Limits
) -> tuple[tuple[NativePage, ...], tuple[str, ...]]:
    pages: list[NativePage] = []
    warnings: list[str] = []
    chars = 0
    for name, hidden, rows in sheets:
        kept, truncated = _kept_rows(_counted(rows, name, limits.sheet_cells), max_rows)
        if not kept:
            continue
        pages.append(_sheet_page(name, len(pages) + 1, kept, limits.sheet_cells))
        chars += len(pages[-1].text)
        if chars > limits.native_chars:
            raise over_budget(
                f"a workbook of more than {limits.native_chars:,} characters",
                f"{limits.native_chars:,} characters",
                "native_chars",
            )
        if hidden:
            warnings.append(f"sheet {name} is hidden in the workbook; it was read anyway")
        if truncated:
            warnings.append(
                f"sheet {name} has more than {max_rows:,} rows; only the first {max_rows:,} "
                "were read"
            )
    if not pages:
        raise NativeProblem("no readable content: every sheet is empty")
    return tuple(pages), tuple(warnings)


def _kept_rows(rows: Rows, max_rows: int) -> tuple[list[tuple[int, tuple[str, ...]]], bool]:
    """The non-empty rows, at most ``max_rows``, and whether any were left unread."""
    kept: list[tuple[int, tuple[str, ...]]] = []
    for number, cells in rows:
        if not any(cells):
            continue
        if len(kept) >= max_rows:
            return kept, True
        kept.append((number, cells))
    return kept, False


def _counted(rows: Rows, name: str, limit: int) -> Rows:
    """The rows, stopping the sheet once it has read more than ``limit`` cells: a sheet
    whose used range spans every column (A:XFD) holds 16,384 cells a row."""
    cells = 0
    for number, values in rows:
        cells += len(values)
        if cells > limit:
            raise _too_many_cells(name, limit, f"by row {number:,}")
        yield number, values


def _too_many_cells(name: str, limit: int, where: str) -> Exception:
    return over_budget(
        f"sheet {name} holds more than {limit:,} cells {where}, empty ones inside its "
        "used range included",
        f"{limit:,} cells",
        "sheet_cells",
    )


def _sheet_page(
    name: str, ordinal: int, kept: list[tuple[int, tuple[str, ...]]], max_cells: int
) -> NativePage:
    header = _header_index(kept)
    titles = [" ".join(cell for cell in cells if cell) for _, cells in kept[:header]]
    body = kept[header:]
    width = max(filled_width(cells) for _, cells in body)
    if len(body) * width > max_cells:  # every row is padded to the widest one
        raise _too_many_cells(name, max_cells, f"({len(body):,} rows × {width:,} columns)")
    rows = tuple((cells + ("",) * width)[:width] for _, cells in body)
    table = Table(
        page_number=ordinal,
        index=0,
        rows=rows,
        title=name,
        row_numbers=tuple(number for number, _ in body),
    )
    text = "\n".join([*titles, *(render_row(row) for row in rows)])
    return NativePage(f"sheet {name}", text, (table,))


def _header_index(kept: list[tuple[int, tuple[str, ...]]]) -> int:
    for index, (_, cells) in enumerate(kept[: MAX_TITLE_ROWS + 1]):
        if sum(1 for cell in cells if cell) >= MIN_HEADER_CELLS:
            return index
    return 0  # a one-column list: every row is data


def _xlsx_rows(sheet: Any, max_cells: int) -> Iterator[tuple[int, tuple[str, ...]]]:
    # Many exporters write a wrong <dimension> ("A1"); without this, openpyxl's
    # read-only mode would stop there and silently drop the rest of the sheet.
    sheet.reset_dimensions()
    spanned, most = 0, max_cells * SPANNED_CELLS_FACTOR
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        # openpyxl pads a row with empty cells up to its last one; those cost no more than
        # a tuple (C speed), so they are budgeted apart, and generously.
        spanned += len(values)
        if spanned > most:
            raise over_budget(
                f"sheet {sheet.title} spans more than {most:,} cells by row {number:,}, "
                "most of them empty",
                f"{max_cells:,} cells",
                "sheet_cells",
            )
        # Trailing empty cells are never converted (nor stored): counted at C speed.
        trailing = len(list(takewhile(partial(operator.is_, None), reversed(values))))
        yield number, tuple(cell_text(value) for value in values[: len(values) - trailing])


def _xls_rows(book: Any, sheet: Any, max_cells: int) -> Iterator[tuple[int, tuple[str, ...]]]:
    if sheet.nrows * sheet.ncols > max_cells:
        raise _too_many_cells(
            sheet.name, max_cells, f"({sheet.nrows:,} rows × {sheet.ncols:,} columns)"
        )
    for index in range(sheet.nrows):
        yield index + 1, tuple(_xls_cell(book, cell) for cell in sheet.row(index))


def _xls_cell(book: Any, cell: Any) -> str:
    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            moment = xlrd.xldate.xldate_as_datetime(cell.value, book.datemode)
        except (xlrd.xldate.XLDateError, ValueError, OverflowError):
            return cell_text(cell.value)
        return cell_text(moment.time() if cell.value < 1 else moment)
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return cell_text(bool(cell.value))
    if cell.ctype == xlrd.XL_CELL_ERROR:
        return str(xlrd.error_text_from_code.get(cell.value, "#ERROR"))
    return cell_text(cell.value if cell.ctype != xlrd.XL_CELL_BLANK else None)


def _xls_problem(error: Exception) -> NativeProblem:
    if "encrypt" in str(error).lower():
        return NativeProblem("not a readable .xls workbook: it is password-protected (encrypted)")
    return NativeProblem("not a readable .xls workbook (damaged or password-protected?)")


def _sniff_delimiter(text: str) -> str:
    sample = text[:SNIFF_CHARS]
    if len(text) > SNIFF_CHARS and "\n" in sample:
        sample = sample[: sample.rindex("\n")]  # whole lines only: a cut line misleads
    try:
        return csv.Sniffer().sniff(sample, delimiters=CSV_DELIMITERS).delimiter
    except csv.Error:
        return ","


def _open(source: Path | bytes) -> BinaryIO:
    return io.BytesIO(source) if isinstance(source, bytes) else source.open("rb")
