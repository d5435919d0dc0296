"""Load-file documents: one DAT row (and its OPT page images) into one document.

Which file speaks for a document, in order: a native spreadsheet (its rows are the
evidence, cited by sheet and row), the producing party's extracted text (split at
form feeds, one page per image), the page images (OCR), then any other native. The
OPT's image keys are the pages' Bates numbers; a slip-sheeted native keeps its one
placeholder number. Pure functions: they run in worker processes.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from pathlib import Path

from monell.config import IngestOptions
from monell.ingest import pdf
from monell.ingest.bates import parse_bates
from monell.ingest.budget import OverBudget
from monell.ingest.encoding import decode_bytes
from monell.ingest.extract import (
    assemble_document,
    extract_page_range,
    failure,
    hash_into,
    quietly,
)
from monell.ingest.images import ImageProblem, read_image_page
from monell.ingest.loadfile import LoadEntry
from monell.ingest.loadfile_opt import bates_span
from monell.ingest.native_doc import native_document
from monell.ingest.natives import NativeProblem, native_format, read_native
from monell.ingest.ocr import OcrEngine
from monell.ingest.pdf_streams import check_stream_budget
from monell.records import (
    BatesNumber,
    Document,
    DocumentMeta,
    ExtractionMethod,
    FailedFile,
    Page,
    SourceFile,
    SourceFormat,
)

SHEETS = frozenset({SourceFormat.XLSX, SourceFormat.XLS, SourceFormat.CSV})
FAMILY_FIELDS = frozenset({"begin_attach", "end_attach", "parent"})


@dataclass(frozen=True)
class VolumeItem:
    """A DAT row that has at least one readable file, with its content hash."""

    entry: LoadEntry
    reference: str  # "VOL003.dat row 4 (RIV000120)": how messages name it
    source: SourceFile
    parent_sha256: str | None = None


def inspect_entry(entry: LoadEntry, dat_name: str) -> VolumeItem | FailedFile:
    """Hash the files a DAT row points at; a row with none is a failure naming them."""
    return quietly(lambda: _inspect_entry(entry, dat_name))[0]


def _inspect_entry(entry: LoadEntry, dat_name: str) -> VolumeItem | FailedFile:
    reference = f"{dat_name} row {entry.row} ({entry.begin})"
    files = _entry_files(entry)
    inline = inline_text(entry)
    if not files and inline is None:
        if not entry.missing:
            return FailedFile(reference, "nothing to read: the row names no text, image or file")
        return FailedFile(reference, f"nothing to read: {'; '.join(entry.missing)} not found")
    # One file is hashed as itself, so a native re-produced loose and in a volume is one
    # document; several files (text and images) are hashed together, names included.
    single = len(files) == 1 and inline is None
    digest = hashlib.sha256() if single else hashlib.sha256(b"monell load-file v1\0")
    size = 0
    if inline is not None:
        digest.update(inline.encode("utf-8") + b"\0")
        size += len(inline)
    try:
        for file in files:
            if not single:
                digest.update(Path(file).name.lower().encode() + b"\0")
            with open(file, "rb") as handle:
                size += hash_into(digest, handle)
    except OSError as error:
        return FailedFile(reference, f"cannot read {file}: {error.strerror or error}")
    primary = entry.native_path or (entry.images[0].path if entry.images else None)
    source = SourceFile(
        path=primary or entry.text_path or (files[0] if files else reference),
        sha256=digest.hexdigest(),
        size_bytes=size,
        page_count=max(1, len(entry.images)),
        source_format=SourceFormat.LOAD_FILE,
    )
    return VolumeItem(entry, reference, source)


def extract_entry(
    item: VolumeItem, options: IngestOptions, ocr: OcrEngine
) -> Document | FailedFile:
    """Read a load-file document from the best file it has (see the module note)."""
    entry = item.entry
    try:
        native = _native_format(entry.native_path)
        document: Document | FailedFile
        if entry.native_path and native in SHEETS:
            document = _from_native(item, native, options)
        elif entry.text_path or inline_text(entry) is not None:
            document = _from_text(item)
        elif any(image.path for image in entry.images):
            document = _from_images(item, options, ocr)
        elif entry.native_path and native is not None:
            document = _from_native(item, native, options)
        elif entry.native_path and Path(entry.native_path).suffix.lower() == ".pdf":
            document = _from_pdf(item, options, ocr)
        elif entry.native_path:
            kind = Path(entry.native_path).suffix.lower() or "without an extension"
            reason = f"native file {Path(entry.native_path).name}: unsupported type {kind}"
            return FailedFile(item.reference, reason + ", and no text file or page images")
        else:
            return FailedFile(item.reference, "nothing to read", item.source.sha256)
    except (NativeProblem, ImageProblem, pdf.PdfProblem, OverBudget) as problem:
        return FailedFile(item.reference, str(problem), item.source.sha256)
    except Exception as error:  # noqa: BLE001 - the per-document boundary
        return failure(item.reference, item.source.sha256, error, "while reading")
    if isinstance(document, FailedFile):
        return document
    document = _with_designation(document, document.meta.confidentiality)
    notes = [f"{item.reference}: {w}" for w in entry.warnings]
    notes += [f"{item.reference}: {m} not found" for m in entry.missing]
    return replace(document, warnings=tuple(notes) + document.warnings)


def entry_meta(item: VolumeItem, source_format: SourceFormat) -> DocumentMeta:
    fields = dict(item.entry.fields)
    name = fields.get("file_name") or (
        Path(item.entry.native_path).name if item.entry.native_path else item.entry.begin
    )
    return DocumentMeta(
        source_format=source_format,
        display_name=name,
        custodian=fields.get("custodian"),
        confidentiality=fields.get("confidentiality"),
        parent_sha256=item.parent_sha256,
        load_reference=item.reference,
        fields=tuple(sorted(fields.items())),
    )


def _from_native(item: VolumeItem, source_format: SourceFormat, options: IngestOptions) -> Document:
    entry = item.entry
    content = read_native(Path(entry.native_path or ""), source_format, limits=options.limits)
    if FAMILY_FIELDS & dict(entry.fields).keys():
        content = replace(content, attachments=())  # the family is produced as its own rows
    return native_document(
        item.source,
        content,
        parse_bates(entry.begin, any_prefix=True),
        entry_meta(item, source_format),
    )


def _from_text(item: VolumeItem) -> Document:
    entry = item.entry
    inline = inline_text(entry)
    text = decode_bytes(Path(entry.text_path).read_bytes())[0] if entry.text_path else inline or ""
    texts = _split_pages(text)
    images = entry.images
    bates = (
        [parse_bates(i.key, any_prefix=True) for i in images]
        if images
        else _range_bates(entry, len(texts))
    )
    count = max(len(texts), len(bates))
    warnings: list[str] = []
    if len(texts) == 1 and count > 1:
        texts += [""] * (count - 1)
        first = f"text of pages 1–{count}, no page breaks"
        labels: list[str | None] = [first, *(["text on page 1, no page breaks"] * (count - 1))]
        warnings.append(
            f"extracted text has no page breaks for {count} pages: its passages cite page 1"
        )
    else:
        labels = [None] * count
        if len(texts) != len(bates) and bates:
            warnings.append(
                f"extracted text has {len(texts)} page(s) but {len(bates)} page image(s)"
            )
    pages = tuple(
        Page(
            number=i + 1,
            text=texts[i] if i < len(texts) else "",
            method=ExtractionMethod.LOAD_TEXT,
            bates=bates[i] if i < len(bates) else None,
            label=labels[i],
            image_path=images[i].path if i < len(images) else None,
            image_frame=images[i].page_in_file if i < len(images) else 0,
        )
        for i in range(count)
    )
    return Document(item.source, pages, tuple(warnings), entry_meta(item, SourceFormat.LOAD_FILE))


def _from_images(item: VolumeItem, options: IngestOptions, ocr: OcrEngine) -> Document:
    entry = item.entry
    pages = []
    for number, image in enumerate(entry.images, start=1):
        bates = parse_bates(image.key, any_prefix=True)
        if image.path is None:
            pages.append(Page(number, "", ExtractionMethod.NEEDS_OCR, bates=bates))
            continue
        pages.append(
            read_image_page(Path(image.path), image.page_in_file, number, options, ocr, bates)
        )
    warnings = []
    if any(m.startswith("text file") for m in entry.missing):
        warnings.append("text file missing: pages read by OCR of the page images")
    unread = sum(1 for image in entry.images if image.path is None)
    if unread:
        warnings.append(f"{unread} page image(s) missing: stored as needs OCR")
    return Document(
        item.source, tuple(pages), tuple(warnings), entry_meta(item, SourceFormat.IMAGE)
    )


def _from_pdf(item: VolumeItem, options: IngestOptions, ocr: OcrEngine) -> Document | FailedFile:
    """A native PDF: its pages, numbered from the DAT's range when they carry no stamp."""
    path = item.entry.native_path or ""
    check_stream_budget(Path(path), options.limits.pdf_stream_bytes)
    with pdf.open_pdf(Path(path)) as opened:
        count, warning = pdf.readable_pages(opened)
    if count == 0:
        return FailedFile(item.reference, "its native PDF's pages cannot be read (damaged)")
    warnings = (warning,) if warning else ()
    source = SourceFile(path, item.source.sha256, item.source.size_bytes, count, warnings=warnings)
    pages = extract_page_range(source, 0, count, options, ocr)
    if isinstance(pages, FailedFile):
        return replace(pages, path=item.reference)
    # A page without a stamp takes its number from the DAT range, as a candidate, so
    # assemble_document (which settles every page's number from the candidates) keeps it.
    numbers = dict(enumerate(_range_bates(item.entry, count)))
    pages = tuple(
        replace(p, bates=number, bates_candidates=(number,))
        if not p.bates_candidates and (number := numbers.get(i)) is not None
        else p
        for i, p in enumerate(pages)
    )
    document = assemble_document(item.source, pages, meta=entry_meta(item, SourceFormat.PDF))
    return replace(document, warnings=warnings + document.warnings)


def _with_designation(document: Document, designation: str | None) -> Document:
    """The DAT's confidentiality designation travels with every page that shows none."""
    if not designation:
        return document
    pages = tuple(
        p if p.confidentiality else replace(p, confidentiality=designation) for p in document.pages
    )
    return replace(document, pages=pages)


def _split_pages(text: str) -> list[str]:
    """Extracted text split at form feeds (a trailing feed does not open a page)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    pages = text.split("\f")
    while len(pages) > 1 and not pages[-1].strip():
        pages.pop()
    return pages


def _range_bates(entry: LoadEntry, count: int) -> list[BatesNumber | None]:
    """Page numbers from the DAT's begin/end when the range spans exactly ``count`` pages."""
    begin = parse_bates(entry.begin, any_prefix=True)
    if begin is None:
        return []
    span = bates_span(entry.begin, entry.end) or 1
    if span != count and count > 1:
        return [begin]
    return [_advance(begin, i) for i in range(max(span, 1))]


def _advance(begin: BatesNumber, step: int) -> BatesNumber:
    """The number ``step`` pages after ``begin``, written like it (prefix, separator, padding)."""
    if step == 0:
        return begin
    head = str(begin)[: len(str(begin)) - len(begin.suffix) - begin.width]
    number = begin.number + step
    text = f"{head}{number:0{begin.width}d}{begin.suffix}"
    return BatesNumber(begin.prefix, number, begin.suffix, begin.width, text)


def inline_text(entry: LoadEntry) -> str | None:
    """Extracted text some exports put in the DAT itself (an EXTRACTEDTEXT column)."""
    value = dict(entry.fields).get("text_path")
    if entry.text_path or not value or any(m.startswith("text file") for m in entry.missing):
        return None
    return value


def _entry_files(entry: LoadEntry) -> list[str]:
    files = [f for f in (entry.text_path, entry.native_path) if f]
    for image in entry.images:
        if image.path and image.path not in files:
            files.append(image.path)
    return files


def _native_format(path: str | None) -> SourceFormat | None:
    if not path:
        return None
    file = Path(path)
    with open(file, "rb") as handle:
        head = handle.read(pdf.HEADER_SEARCH_BYTES)
    return native_format(file, head)
