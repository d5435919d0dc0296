"""Frozen records passed between pipeline stages, and the controlled vocabularies.

Every record is picklable, so worker processes can return them to the single
writer process. Every ``StrEnum`` value is the string that appears in JSON output.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class ExtractionMethod(StrEnum):
    """How a page's text was obtained; a reviewer needs this to judge its reliability."""

    TEXT = "text"  # the PDF's own text layer
    OCR = "ocr"  # Tesseract on the rendered page image
    NEEDS_OCR = "needs_ocr"  # image-only page that could not be OCR'd (yet): never silently empty
    BLANK = "blank"  # no text and no image: an intentionally blank or slip page
    LOAD_TEXT = "load_text"  # the producing party's extracted-text file (a load-file volume)
    NATIVE = "native"  # read from a native file (spreadsheet, Word, email, plain text)


class OcrMode(StrEnum):
    """When to run OCR: only where the text layer is unusable, never, or on every page."""

    AUTO = "auto"
    OFF = "off"
    FORCE = "force"


class SourceFormat(StrEnum):
    """What a document was produced as; ``monell docs`` shows it."""

    PDF = "pdf"
    IMAGE = "image"  # TIFF / JPEG / PNG page images (OCR)
    LOAD_FILE = "load_file"  # a load-file document: extracted text and/or page images
    XLSX = "xlsx"
    XLS = "xls"
    CSV = "csv"
    DOCX = "docx"
    TXT = "txt"
    MD = "md"
    EML = "eml"
    MSG = "msg"


@dataclass(frozen=True, order=True)
class BatesNumber:
    """One Bates number, parsed so that it sorts and ranges correctly.

    ``text`` keeps the number exactly as stamped (padding and separator), because
    that is what a lawyer cites; ``prefix``/``number``/``suffix`` drive sorting,
    gap and duplicate detection.
    """

    prefix: str
    number: int
    suffix: str = ""
    width: int = field(default=0, compare=False)
    text: str = field(default="", compare=False)

    def __str__(self) -> str:
        return self.text or f"{self.prefix}{self.number:0{self.width}d}{self.suffix}"


@dataclass(frozen=True)
class Word:
    """A positioned word on a page, in PDF points from the top-left corner."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float


@dataclass(frozen=True)
class Table:
    """A table found on a page, kept as rows of cell strings (hour logs, rosters).

    A native spreadsheet's sheet is a table too: ``title`` is the sheet name and
    ``row_numbers`` the spreadsheet's own row number of each row (``rows[0]``, the
    header, included), so a citation can say "sheet Roster, row 14".
    """

    page_number: int
    index: int
    rows: tuple[tuple[str, ...], ...]
    title: str | None = None
    row_numbers: tuple[int, ...] = ()


@dataclass(frozen=True)
class Page:
    """One page of a produced document, as extracted."""

    number: int  # 1-based, as a reviewer counts pages
    text: str
    method: ExtractionMethod
    ocr_confidence: float | None = None  # mean Tesseract word confidence, 0..1
    bates: BatesNumber | None = None
    confidentiality: str | None = None
    tables: tuple[Table, ...] = ()
    bates_candidates: tuple[BatesNumber, ...] = ()  # all stamp-region candidates, best first
    bates_from_ocr: bool = False  # the stamp was read from pixels, not from the text layer
    label: str | None = None  # a page-equivalent's name in a native: "sheet Roster", "message"
    image_path: str | None = None  # a load-file page image (TIFF/JPEG/PDF) to show a reviewer
    image_frame: int = 0  # the page inside a multi-page image file
    damaged: bool = False  # the page could not be loaded at all: kept as an unread page


@dataclass(frozen=True)
class SourceFile:
    """A file that opened cleanly: identity and size, known before page extraction."""

    path: str
    sha256: str
    size_bytes: int
    page_count: int
    source_format: SourceFormat = SourceFormat.PDF
    warnings: tuple[str, ...] = ()  # found on opening it (a page tree that claims too much)


@dataclass(frozen=True)
class DocumentMeta:
    """What a production says about a document beyond its pages (mostly from a DAT row).

    ``fields`` keeps the load file's own values under canonical names (custodian,
    date_sent, file_name, …) so nothing the producing party stated is lost.
    """

    source_format: SourceFormat = SourceFormat.PDF
    display_name: str | None = None  # the produced file name (DAT FILENAME), else the path's
    custodian: str | None = None
    confidentiality: str | None = None
    placeholder_bates: bool = False  # a slip-sheeted native: one Bates number for the file
    parent_sha256: str | None = None  # an attachment's parent (email, or DAT family)
    load_reference: str | None = None  # e.g. "VOL003.dat row 4"
    fields: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class NativePage:
    """One page-equivalent read from a native file (a sheet, an email, a run of paragraphs)."""

    label: str
    text: str
    tables: tuple[Table, ...] = ()


@dataclass(frozen=True)
class Attachment:
    """A file embedded in a native (an email attachment), ingested as a child document."""

    name: str  # safe for a file system: no folders, no control characters
    data: bytes
    original: str | None = None  # the name the message gave it, when that differs


@dataclass(frozen=True)
class NativeContent:
    """Everything read from one native file, before Bates numbers are settled."""

    source_format: SourceFormat
    pages: tuple[NativePage, ...]
    metadata: tuple[tuple[str, str], ...] = ()  # e.g. ("from", "..."), ("date_sent", "...")
    attachments: tuple[Attachment, ...] = ()
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Document:
    """A fully extracted document, ready to be stored in one transaction."""

    source: SourceFile
    pages: tuple[Page, ...]
    warnings: tuple[str, ...] = ()
    meta: DocumentMeta = DocumentMeta()
    attachments: tuple[Attachment, ...] = ()  # to be ingested as children after this document

    @property
    def bates_begin(self) -> BatesNumber | None:
        stamped = [p.bates for p in self.pages if p.bates is not None]
        return min(stamped) if stamped else None

    @property
    def bates_end(self) -> BatesNumber | None:
        stamped = [p.bates for p in self.pages if p.bates is not None]
        return max(stamped) if stamped else None


@dataclass(frozen=True)
class FailedFile:
    """A file that could not be ingested, with a one-line reason a paralegal can act on."""

    path: str
    reason: str
    sha256: str | None = None


@dataclass(frozen=True)
class CaseInfo:
    """The case a folder holds."""

    path: str
    name: str
    agency: str
    incident_date: date
    created_at: str
    schema_version: int


@dataclass(frozen=True)
class StoredDocument:
    """A document as listed back from the case store."""

    id: int
    sha256: str
    path: str
    file_name: str
    production: str
    page_count: int
    bates_begin: str | None
    bates_end: str | None
    ingested_at: str
    method_counts: dict[str, int]
    doc_type: str | None = None  # the override when a user set one, else the classifier's
    doc_type_confidence: float | None = None
    doc_type_reasons: tuple[str, ...] = ()
    doc_type_overridden: bool = False
    key_date: str | None = None
    key_date_role: str | None = None
    source_format: str = "pdf"
    custodian: str | None = None
    parent_id: int | None = None
    placeholder_bates: bool = False
    load_reference: str | None = None
    fields: tuple[tuple[str, str], ...] = ()  # the producer's metadata (DAT row, native)

    @property
    def method_summary(self) -> str:
        """E.g. ``text 10, ocr 2``: how this document's pages were read."""
        order = [m.value for m in ExtractionMethod]
        counts = Counter(self.method_counts)
        return ", ".join(f"{m} {counts[m]}" for m in order if counts[m])


@dataclass(frozen=True)
class IngestedDocument:
    """A one-line account of a document stored by an ingest run."""

    path: str
    pages: int
    ocr_pages: int
    needs_ocr_pages: int
    bates_begin: str | None
    bates_end: str | None
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class IngestResult:
    """The outcome of one ``ingest`` run, for the CLI to render."""

    production: str
    added: tuple[IngestedDocument, ...]
    already_present: tuple[str, ...]  # paths whose exact content the case already holds
    failed: tuple[FailedFile, ...]
    notes: tuple[str, ...] = ()  # about a volume as a whole (files its load file never names)

    @property
    def ok(self) -> bool:
        return not self.failed


class DocType(StrEnum):
    """What kind of document this is; coverage reads only the training types."""

    TRAINING_CURRICULUM = "training_curriculum"
    LESSON_PLAN = "lesson_plan"
    TRAINING_LOG = "training_log"  # rosters, transcripts, hour logs, sign-in sheets
    TRAINING_CATALOG = "training_catalog"
    POLICY = "policy"
    COMPLAINT_FILE = "complaint_file"
    USE_OF_FORCE_REPORT = "use_of_force_report"
    OTHER = "other"


@dataclass(frozen=True)
class DocTypeGuess:
    """A document type with how sure we are and the cues that decided it."""

    doc_type: DocType
    confidence: float  # 0..1
    reasons: tuple[str, ...]  # e.g. ('title says "Lesson Plan"', '"Learning Objectives" heading')


class DateRole(StrEnum):
    """What a date means for the document: only some roles date the document itself."""

    EFFECTIVE = "effective"
    ISSUED = "issued"
    REVISED = "revised"
    COURSE = "course"  # the date a course was given or attended
    MENTION = "mention"  # any other date in the text


@dataclass(frozen=True)
class FoundDate:
    """A date read from a document, with the words around it so a reviewer can check it."""

    value: date
    role: DateRole
    text: str  # the date as written ("07/09/18", "Revised 2019")
    page_number: int
    context: str  # up to ~120 characters around it, on one line


class PassageKind(StrEnum):
    TEXT = "text"  # sentences from a page's text
    TABLE = "table"  # rows of a ruled table, each row with its header


@dataclass(frozen=True)
class PageText:
    """A stored page as analysis needs it."""

    number: int
    text: str
    bates: str | None
    label: str | None = None  # a native's page-equivalent ("sheet Roster", "message")


@dataclass(frozen=True)
class DocumentText:
    """A stored document as analysis needs it: the input of the analysis stages."""

    document_id: int
    file_name: str
    pages: tuple[PageText, ...]
    tables: tuple[Table, ...] = ()
    stated_fields: tuple[tuple[str, str], ...] = ()  # a load file's or native's own metadata


@dataclass(frozen=True)
class Passage:
    """A retrievable stretch of one page (never two pages, never two documents).

    Offsets are into the page's stored text, so a reviewer's viewer can highlight it;
    table passages cite the table and rows instead.
    """

    ordinal: int
    page_number: int
    bates: str | None
    kind: PassageKind
    heading: str | None
    text: str
    char_start: int | None = None
    char_end: int | None = None
    table_index: int | None = None
    row_start: int | None = None  # 1-based data rows, the header excluded
    row_end: int | None = None
    cite: str | None = None  # within a native: "sheet Roster, row 14", "paragraphs 1–38"


@dataclass(frozen=True)
class Entity:
    """A named entity spaCy found on a page (DATE, PERSON, ORG, CARDINAL)."""

    page_number: int
    label: str
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class AnnotationDraft:
    """Everything analysis derives from one document but the vectors (cheap to build)."""

    document_id: int
    doc_type: DocTypeGuess
    key_date: FoundDate | None
    dates: tuple[FoundDate, ...]
    entities: tuple[Entity, ...]
    passages: tuple[Passage, ...]


@dataclass(frozen=True)
class DocumentAnnotation:
    """A draft with its passage vectors: what is stored for a document, in one transaction."""

    draft: AnnotationDraft
    vectors: bytes  # float32, row-major, one row per passage, L2-normalised
    dimension: int
    model: str
