"""Plain-text natives (.txt, .md): printed pages at form feeds, else runs of whole lines.

A form feed is how text exports from case-management and mainframe systems mark
a printed page, so a reviewer can cite "page 3" as the paper copy shows it.
Without form feeds, page-equivalents are about ``PAGE_CHARS`` characters cut at
line boundaries and labelled by their line numbers, which any editor shows.
"""

from __future__ import annotations

from monell.ingest.budget import check_chars
from monell.ingest.encoding import decode_bytes
from monell.ingest.natives import NativeProblem
from monell.records import NativeContent, NativePage, SourceFormat

PAGE_CHARS = 3_500
FORM_FEED = "\f"
SNIFF_CHARS = 64 * 1024
# Text never holds control characters beyond tab, newline and form feed; a few
# stray ones are tolerated (old exports), more mean a binary file renamed .txt.
MAX_CONTROL_SHARE = 0.01
REPLACEMENT = "\ufffd"


def read_text(
    data: bytes, source_format: SourceFormat = SourceFormat.TXT, max_chars: int | None = None
) -> NativeContent:
    """Page-equivalents of a .txt or .md file.

    Raises:
        NativeProblem: the file is binary or holds no text.
        OverBudget: it holds more than ``max_chars`` characters.
    """
    text, warnings = decode_text(data, max_chars, "a text file")
    if not text.strip():
        raise NativeProblem("no readable content: the file holds no text")
    if FORM_FEED in text:
        pages = [
            NativePage(f"page {number}", page.strip("\n").rstrip())
            for number, page in enumerate(text.split(FORM_FEED), start=1)
            if page.strip()
        ]
    else:
        pages = [NativePage(label, chunk) for label, chunk in labelled_chunks(chunk_lines(text))]
    return NativeContent(source_format, tuple(pages), warnings=warnings)


def decode_text(
    data: bytes, max_chars: int | None = None, what: str = "a text file"
) -> tuple[str, tuple[str, ...]]:
    """Text with ``\\n`` line ends, and warnings about its decoding.

    Raises:
        NativeProblem: the bytes are not text (a binary file with a text name).
        OverBudget: the text is longer than ``max_chars``.
    """
    text, encoding = decode_bytes(data)
    if max_chars is not None:
        check_chars(len(text), max_chars, what)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    sample = text[:SNIFF_CHARS]
    controls = sum(1 for char in sample if char < " " and char not in "\t\n\f")
    if controls > MAX_CONTROL_SHARE * len(sample):
        raise NativeProblem("not a text file: it holds binary data (a renamed image or program?)")
    warnings: tuple[str, ...] = ()
    if REPLACEMENT in text and REPLACEMENT.encode() not in data:
        warnings = (f"some characters could not be decoded (read as {encoding})",)
    return text.lstrip("\ufeff"), warnings


def chunk_lines(text: str, limit: int = PAGE_CHARS) -> list[tuple[int, int, str]]:
    """Runs of whole lines of about ``limit`` characters: (first line, last line, text).

    Line numbers are 1-based and name the first and last lines with text, so a
    label never points at blank lines; runs of only blank lines are dropped. A line
    longer than ``limit`` (a file that is one 20 MB line) is cut at spaces into runs of
    its own, each naming that line. Linear in the text's length.
    """
    chunks: list[tuple[int, int, str]] = []
    run: list[tuple[int, str]] = []
    size, filled = 0, False
    for number, line in enumerate(text.split("\n"), start=1):
        if run and size + len(line) + 1 > limit and filled:
            chunks.extend(_close_run(run))
            run, size, filled = [], 0, False
        if len(line) > limit:
            chunks.extend(_close_run(run))
            chunks.extend((number, number, part) for part in _cut_line(line, limit))
            run, size, filled = [], 0, False
            continue
        run.append((number, line))
        size += len(line) + 1
        filled = filled or bool(line.strip())
    chunks.extend(_close_run(run))
    return chunks


def _cut_line(line: str, limit: int) -> list[str]:
    """A long line in pieces of at most ``limit`` characters, cut at a space if one is near."""
    parts: list[str] = []
    start = 0
    while start < len(line):
        end = min(start + limit, len(line))
        if end < len(line):
            space = line.rfind(" ", start + limit // 2, end)
            end = space + 1 if space > 0 else end
        if line[start:end].strip():
            parts.append(line[start:end].rstrip())
        start = end
    return parts


def labelled_chunks(chunks: list[tuple[int, int, str]]) -> list[tuple[str, str]]:
    """Each run with its label; the pieces of one long line say which part they are."""
    parts: dict[int, int] = {}
    for first, last, _ in chunks:
        if first == last:
            parts[first] = parts.get(first, 0) + 1
    labelled: list[tuple[str, str]] = []
    seen: dict[int, int] = {}
    for first, last, text in chunks:
        label = label_lines(first, last)
        if first == last and parts[first] > 1:
            seen[first] = seen.get(first, 0) + 1
            label += f" (part {seen[first]} of {parts[first]})"
        labelled.append((label, text))
    return labelled


def label_lines(first: int, last: int) -> str:
    """``lines 4–80`` (en dash), or ``line 4`` for a single line."""
    return f"line {first}" if first == last else f"lines {first}\u2013{last}"


def _close_run(run: list[tuple[int, str]]) -> list[tuple[int, int, str]]:
    filled = [index for index, (_, line) in enumerate(run) if line.strip()]
    if not filled:
        return []
    kept = run[filled[0] : filled[-1] + 1]
    return [(kept[0][0], kept[-1][0], "\n".join(line for _, line in kept).rstrip())]
