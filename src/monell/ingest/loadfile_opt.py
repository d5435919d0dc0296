"""Opticon OPT image cross-references: page rows, documents, and their checks against the DAT.

An OPT has one comma-separated line per page image:
``ImageKey,Volume,ImagePath,DocBreak,FolderBreak,BoxBreak,PageCount``. The image key
is the page's Bates number; ``Y`` in DocBreak starts a document, and the break row
carries the document's page count. Consecutive rows naming the same file are pages of
one multi-page TIFF or PDF.

Page counts that disagree (OPT, DAT PAGECOUNT, the Bates range) are warnings, not
failures: the document is still produced, but a lawyer must know that pages may be
missing before citing "the complete document".
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from monell.ingest.bates import parse_bates

OPT_FIELDS = 7  # ImageKey, Volume, ImagePath, DocBreak, FolderBreak, BoxBreak, PageCount
DOC_BREAK = "Y"


@dataclass(frozen=True)
class OptRow:
    """One page image as the OPT lists it."""

    line: int  # 1-based line in the OPT
    key: str
    volume: str
    raw_path: str
    doc_break: bool
    page_count: int | None  # stated on a document's break row
    page_in_file: int  # 0-based page inside a multi-page file


@dataclass(frozen=True)
class OptGroup:
    """The page rows of one document, in order."""

    rows: tuple[OptRow, ...]
    unbroken: bool = False  # split at a DAT row's BEGBATES where the OPT has no DocBreak

    @property
    def first(self) -> str:
        return self.rows[0].key

    @property
    def span(self) -> str:
        """E.g. ``ABC0100–ABC0102`` (or one key)."""
        last = self.rows[-1].key
        return self.first if last == self.first else f"{self.first}–{last}"


def parse_opt(text: str) -> tuple[tuple[OptRow, ...], tuple[tuple[int, str], ...]]:
    """Rows of a decoded OPT, and (line, reason) for lines that are not usable."""
    rows: list[OptRow] = []
    problems: list[tuple[int, str]] = []
    seen: dict[str, int] = {}
    previous_path = None
    page_in_file = 0
    for number, raw in enumerate(re.split(r"\r\n|\r|\n", text.lstrip("\ufeff")), start=1):
        if not raw.strip(" \t\x1a"):
            continue
        fields = [f.strip().strip('"') for f in raw.split(",")]
        if len(fields) > OPT_FIELDS:  # an unquoted comma inside the image path
            tail = len(fields) - (OPT_FIELDS - 3)
            fields = [*fields[:2], ",".join(fields[2:tail]), *fields[tail:]]
        fields += [""] * (OPT_FIELDS - len(fields))
        key, volume, path, brk, _, _, count = fields
        if not key or not path:
            problems.append((number, f"no {'image key' if not key else 'image path'}: {raw!r}"))
            continue
        if key in seen:
            problems.append((number, f"image key {key} repeats line {seen[key]}"))
            continue
        seen[key] = number
        same_file = previous_path == _path_key(path)
        page_in_file = page_in_file + 1 if same_file else 0
        previous_path = _path_key(path)
        pages = int(count) if count.isdigit() else None
        rows.append(
            OptRow(number, key, volume, path, brk.upper() == DOC_BREAK, pages, page_in_file)
        )
    return tuple(rows), tuple(problems)


def _path_key(path: str) -> str:
    return path.replace("\\", "/").casefold()


def group_rows(rows: Sequence[OptRow], begins: Collection[str]) -> list[OptGroup]:
    """Documents by DocBreak; a row whose key begins a DAT row starts one too.

    Vendors drop a DocBreak now and then; splitting at the DAT's own BEGBATES keeps the
    next document's pages from being counted as the previous document's.
    """
    groups: list[list[OptRow]] = []
    unbroken: list[bool] = []
    for row in rows:
        implicit = not row.doc_break and row.key in begins
        if not groups or row.doc_break or implicit:
            groups.append([])
            unbroken.append(implicit and bool(groups[:-1]))
        groups[-1].append(row)
    return [OptGroup(tuple(g), u) for g, u in zip(groups, unbroken, strict=True)]


def match_groups(
    groups: Sequence[OptGroup], spans: Sequence[tuple[str, str | None]]
) -> tuple[dict[int, list[OptGroup]], list[OptGroup], dict[int, list[str]]]:
    """Attach each group to the DAT entry (by index into ``spans``) it belongs to.

    The entry whose BEGBATES equals the group's first key wins; failing that, the entry
    whose Bates range contains it. Returns the groups per entry, the groups no entry
    claims, and warnings per entry about how groups were attached.
    """
    exact = {begin: i for i, (begin, _) in reversed(list(enumerate(spans)))}
    folded = {begin.casefold(): i for begin, i in reversed(list(exact.items()))}
    ranges = _ranges(spans)
    attached: dict[int, list[OptGroup]] = defaultdict(list)
    notes: dict[int, list[str]] = defaultdict(list)
    unmatched: list[OptGroup] = []
    for group in groups:
        index = exact.get(group.first, folded.get(group.first.casefold()))
        if index is None:
            index = _containing(ranges, group.first)
            if index is not None:
                notes[index].append(
                    f"OPT images {group.span} have no DAT row of their own: "
                    f"attached by the Bates range {_range_text(*spans[index])}"
                )
        if index is None:
            unmatched.append(group)
            continue
        if group.unbroken:
            notes[index].append(
                f"the OPT has no document break (Y) at {group.first}: split at the DAT row"
            )
        attached[index].append(group)
    return dict(attached), unmatched, dict(notes)


@dataclass(frozen=True)
class DocumentImages:
    """The page rows one DAT entry receives, with the warnings about them."""

    rows: tuple[OptRow, ...]
    warnings: tuple[str, ...]


def assign_images(
    rows: Sequence[OptRow], entries: Sequence[tuple[str, str | None, str | None]]
) -> tuple[dict[int, DocumentImages], list[tuple[int, str]]]:
    """Page rows per entry (index into ``entries`` of (begin, end, DAT PAGECOUNT)).

    Returns the images per entry and (line, reason) for each group no entry claims.
    """
    groups = group_rows(rows, {begin for begin, _, _ in entries})
    attached, unmatched, notes = match_groups(groups, [(b, e) for b, e, _ in entries])
    problems = [
        (
            group.rows[0].line,
            f"{'image' if len(group.rows) == 1 else 'images'} {group.span} in the OPT "
            f"but no DAT row begins at {group.first}",
        )
        for group in unmatched
    ]
    assigned = {
        index: DocumentImages(
            tuple(row for group in found for row in group.rows),
            tuple(notes.get(index, [])) + tuple(check_page_counts(*entries[index], found)),
        )
        for index, found in attached.items()
    }
    return assigned, problems


def _ranges(spans: Sequence[tuple[str, str | None]]) -> dict[str, list[tuple[int, int, int]]]:
    """Per Bates prefix, sorted (first, last, entry index) for range containment."""
    ranges: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    for index, (begin, end) in enumerate(spans):
        first, last = (
            parse_bates(begin, any_prefix=True),
            parse_bates(end, any_prefix=True) if end else None,
        )
        if first and last and last.prefix == first.prefix and last.number >= first.number:
            ranges[first.prefix].append((first.number, last.number, index))
    for found in ranges.values():
        found.sort()
    return ranges


def _containing(ranges: dict[str, list[tuple[int, int, int]]], key: str) -> int | None:
    bates = parse_bates(key, any_prefix=True)
    if bates is None or bates.prefix not in ranges:
        return None
    found = ranges[bates.prefix]
    at = bisect.bisect_right(found, bates.number, key=lambda r: r[0]) - 1
    if at >= 0 and found[at][0] <= bates.number <= found[at][1]:
        return found[at][2]
    return None


def check_page_counts(
    begin: str, end: str | None, dat_pages: str | None, groups: Sequence[OptGroup]
) -> list[str]:
    """Warnings where the OPT, the DAT's PAGECOUNT and the Bates range disagree."""
    images = sum(len(g.rows) for g in groups)
    warnings = [
        f"OPT PageCount {g.rows[0].page_count} at {g.first} but the OPT lists "
        f"{len(g.rows)} page images"
        for g in groups
        if g.rows[0].page_count is not None and g.rows[0].page_count != len(g.rows)
    ]
    if dat_pages and dat_pages.strip().isdigit() and int(dat_pages) != images:
        warnings.append(f"DAT PAGECOUNT {int(dat_pages)} but OPT lists {images} page images")
    span = bates_span(begin, end)
    if span is not None and span > 0 and span != images:
        warnings.append(
            f"OPT lists {images} page images but the Bates range "
            f"{_range_text(begin, end)} spans {span} pages"
        )
    return warnings


def bates_span(begin: str, end: str | None) -> int | None:
    """Pages from BEGBATES to ENDBATES when both parse with one prefix, else None."""
    first, last = (
        parse_bates(begin, any_prefix=True),
        parse_bates(end, any_prefix=True) if end else None,
    )
    if first is None or last is None or (first.prefix, first.suffix) != (last.prefix, last.suffix):
        return None
    return last.number - first.number + 1


def _range_text(begin: str, end: str | None) -> str:
    return begin if not end or end == begin else f"{begin}–{end}"
