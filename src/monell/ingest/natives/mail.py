"""Email natives (.eml, .msg): the message as page-equivalents, its attachments as children.

A complaint, a supervisor's reply or a training notice often exists only as an
email. The first page-equivalent is the header block (From, To, Cc, Date,
Subject) and the body, as a printed email shows them; a long body continues in
page-equivalents of about ``PAGE_CHARS`` characters. Attachments (and forwarded
messages) are returned as bytes so they are ingested as child documents.
Inline images (signature logos, pasted pictures) belong to the body and are not
returned.
"""

from __future__ import annotations

import email
import email.policy
import re
import struct
from collections.abc import Iterator
from email.errors import MessageError
from email.message import EmailMessage
from email.utils import format_datetime
from html.parser import HTMLParser
from pathlib import Path

import extract_msg
from extract_msg.attachments import AttachmentBase, SignedAttachment
from extract_msg.enums import AttachmentType, ErrorBehavior
from extract_msg.exceptions import ExMsgBaseException
from extract_msg.msg_classes import MessageBase

from monell.ingest.encoding import decode_bytes
from monell.ingest.natives import CELL_SEPARATOR, NativeProblem
from monell.ingest.natives.plaintext import PAGE_CHARS, chunk_lines
from monell.records import Attachment, NativeContent, NativePage, SourceFormat
from monell.records.names import shorten_name

HEADER_FIELDS = ("From", "To", "Cc", "Date", "Subject")
METADATA_FIELDS = (("from", "From"), ("to", "To"), ("cc", "Cc"), ("subject", "Subject"))
FIRST_LABEL = "message"
SKIPPED_HTML = frozenset({"script", "style", "head", "title"})
# Paragraph-like elements stand apart (a blank line); line-like ones start a new line.
PARAGRAPH_HTML = frozenset("p div ul ol table h1 h2 h3 h4 h5 h6 blockquote pre section".split())
LINE_HTML = frozenset("br tr li dt dd hr".split())
CELL_HTML = frozenset({"td", "th"})
UNSAFE_NAME = re.compile(r'[\x00-\x1f<>:"/\\|?*]+')
MAX_NAME_CHARS = 120
# extract_msg should hand back broken or exotic attachments and RTF bodies as data
# we can report, rather than refuse the whole message over one of them.
MSG_TOLERANCE = (
    ErrorBehavior.ATTACH_NOT_IMPLEMENTED
    | ErrorBehavior.ATTACH_BROKEN
    | ErrorBehavior.RTFDE_MALFORMED
    | ErrorBehavior.RTFDE_UNKNOWN_ERROR
    | ErrorBehavior.STANDARDS_VIOLATION
)
# The email package's header parser can fail on mangled headers with these.
EML_ERRORS = (
    MessageError,
    LookupError,
    UnicodeError,
    ValueError,
    TypeError,
    IndexError,
    AttributeError,
)
MSG_ERRORS = (
    ExMsgBaseException,
    OSError,  # olefile: "not an OLE2 structured storage file"
    EOFError,
    struct.error,
    ValueError,
    KeyError,
    IndexError,
    TypeError,
    AttributeError,
    UnicodeError,
)


def read_eml(data: bytes) -> NativeContent:
    """A MIME email (.eml): header block and body, metadata, attachments.

    Raises:
        NativeProblem: the bytes are not an email, or it cannot be parsed.
    """
    try:
        message = email.message_from_bytes(data, policy=email.policy.default)
        if not isinstance(message, EmailMessage) or not any(
            field in message for field in ("From", "To", "Subject", "Date")
        ):
            raise NativeProblem("not an email message: it has no From, To, Subject or Date line")
        fields = [(field, " ".join(str(message.get(field, "")).split())) for field in HEADER_FIELDS]
        moment = getattr(message.get("Date"), "datetime", None)
        body_part = message.get_body(preferencelist=("plain", "html"))
        body = _part_text(body_part) if isinstance(body_part, EmailMessage) else ""
        attachments, warnings = _eml_attachments(message, body_part)
    except EML_ERRORS as error:
        raise NativeProblem("not a readable .eml email (damaged?)") from error
    date_sent = moment.isoformat() if moment is not None else None
    return _content(SourceFormat.EML, fields, date_sent, body, attachments, warnings)


def read_msg(source: Path | bytes) -> NativeContent:
    """An Outlook message (.msg): header block and body, metadata, attachments.

    Raises:
        NativeProblem: damaged, not an Outlook file, or an Outlook item that is not mail.
    """
    unreadable = "not a readable .msg Outlook message (damaged, or not saved from Outlook?)"
    try:
        message = extract_msg.openMsg(
            source if isinstance(source, bytes) else str(source),
            delayAttachments=True,
            errorBehavior=MSG_TOLERANCE,
        )
    except MSG_ERRORS as error:
        raise NativeProblem(unreadable) from error
    try:
        if not isinstance(message, MessageBase):
            kind = message.classType or "unknown"
            raise NativeProblem(f"not an email message: the .msg file is an Outlook {kind} item")
        return _msg_content(message)
    except MSG_ERRORS as error:
        raise NativeProblem(unreadable) from error
    finally:
        message.close()  # extract_msg holds the file open until closed


def html_to_text(html: str) -> str:
    """Readable text of an HTML email body: blocks on their own lines, cells with ``|``."""
    parser = _TextCollector()
    parser.feed(html)
    parser.close()
    lines: list[str] = []
    for raw in "".join(parser.parts).split("\n"):
        line = " ".join(raw.split()).strip("| ")  # no separator before a row's first cell
        if line or (lines and lines[-1]):
            lines.append(line)  # at most one blank line in a row
    return "\n".join(lines).strip()


def _content(
    source_format: SourceFormat,
    fields: list[tuple[str, str]],
    date_sent: str | None,
    body: str,
    attachments: list[Attachment],
    warnings: list[str],
) -> NativeContent:
    header = "\n".join(f"{field}: {value}" for field, value in fields if value)
    body = body.replace("\r\n", "\n").replace("\r", "\n").strip()
    full = f"{header}\n\n{body}" if header and body else header or body
    if not full:
        raise NativeProblem("no readable content: the message has no header and no text")
    pages = tuple(
        NativePage(FIRST_LABEL if number == 1 else f"{FIRST_LABEL} (continued {number})", text)
        for number, (_, _, text) in enumerate(chunk_lines(full, PAGE_CHARS), start=1)
    )
    values = dict(fields)
    metadata = [(key, values.get(field, "")) for key, field in METADATA_FIELDS]
    metadata.append(("date_sent", date_sent or ""))
    return NativeContent(
        source_format,
        pages,
        metadata=tuple((key, value) for key, value in metadata if value),
        attachments=tuple(attachments),
        warnings=tuple(warnings),
    )


def _part_text(part: EmailMessage) -> str:
    try:
        content = part.get_content()
    except (LookupError, UnicodeError, ValueError):
        # An unknown or wrong charset label: decode the bytes as a production's text.
        payload = part.get_payload(decode=True)
        content = decode_bytes(payload)[0] if isinstance(payload, bytes) else ""
    if not isinstance(content, str):
        return ""
    return html_to_text(content) if part.get_content_subtype() == "html" else content


def _eml_attachments(
    message: EmailMessage, body_part: object
) -> tuple[list[Attachment], list[str]]:
    attachments: list[Attachment] = []
    warnings: list[str] = []
    for part in _leaf_parts(message):
        if part is body_part:
            continue
        if part.get_content_type() == "message/rfc822":
            forwarded = _forwarded_message(part, len(attachments) + 1)
            if forwarded is None:
                warnings.append("an attached message could not be read")
            else:
                attachments.append(forwarded)
            continue
        filename = part.get_filename()
        if not filename or _is_inline_image(part):
            continue  # an alternative body, or a logo drawn inside the HTML body
        payload = part.get_payload(decode=True)
        if isinstance(payload, bytes):
            attachments.append(_attachment(filename, len(attachments) + 1, payload))
        else:
            warnings.append(f"attachment {filename} could not be decoded")
    return attachments, warnings


def _leaf_parts(part: EmailMessage) -> Iterator[EmailMessage]:
    """Every non-multipart part, without descending into attached messages."""
    if part.is_multipart() and part.get_content_type() != "message/rfc822":
        for child in part.iter_parts():
            if isinstance(child, EmailMessage):
                yield from _leaf_parts(child)
    else:
        yield part


def _forwarded_message(part: EmailMessage, ordinal: int) -> Attachment | None:
    inner = part.get_payload(0)
    if not isinstance(inner, EmailMessage):
        return None
    subject = " ".join(str(inner.get("Subject", "")).split())
    name = part.get_filename() or f"{subject or 'attached message'}.eml"
    # compat32 writes the attached message back as it came, without refolding headers.
    return _attachment(name, ordinal, inner.as_bytes(policy=email.policy.compat32))


def _is_inline_image(part: EmailMessage) -> bool:
    return part.get_content_disposition() == "inline" and part.get_content_maintype() == "image"


def _msg_content(message: MessageBase) -> NativeContent:
    moment = message.date
    fields = [
        ("From", message.sender or ""),
        ("To", message.to or ""),
        ("Cc", message.cc or ""),
        ("Date", format_datetime(moment) if moment is not None else ""),
        ("Subject", message.subject or ""),
    ]
    fields = [(field, " ".join(value.split())) for field, value in fields]
    body = message.body or ""
    if not body.strip() and message.htmlBody:
        body = html_to_text(decode_bytes(message.htmlBody)[0])
    attachments, warnings = _msg_attachments(message)
    date_sent = moment.isoformat() if moment is not None else None
    return _content(SourceFormat.MSG, fields, date_sent, body, attachments, warnings)


def _msg_attachments(message: MessageBase) -> tuple[list[Attachment], list[str]]:
    attachments: list[Attachment] = []
    warnings: list[str] = []
    try:
        parts: list[AttachmentBase | SignedAttachment] = list(message.attachments)
    except MSG_ERRORS:
        return [], ["the message's attachments could not be read"]
    for part in parts:
        found = _msg_attachment(part, len(attachments) + 1)
        if isinstance(found, Attachment):
            attachments.append(found)
        elif found:
            warnings.append(found)
    return attachments, warnings


def _msg_attachment(part: AttachmentBase | SignedAttachment, ordinal: int) -> Attachment | str:
    """The attachment, a warning saying why it could not be read, or "" to skip it."""
    if isinstance(part, SignedAttachment):
        if isinstance(part.data, bytes):
            return _attachment(part.name or "", ordinal, part.data)
        return f"signed attachment {part.name} could not be read"
    name = part.longFilename or part.shortFilename or part.displayName or ""
    data = part.data if part.type in (AttachmentType.DATA, AttachmentType.MSG) else None
    if isinstance(data, bytes):
        if part.hidden and (part.mimetype or "").startswith("image/"):
            return ""  # a logo or picture drawn inside the body
        return _attachment(name, ordinal, data)
    if isinstance(data, MessageBase):
        try:
            embedded = data.exportBytes()
        except MSG_ERRORS:
            return f"attached message {name or data.subject} could not be read"
        subject = " ".join((data.subject or "").split())
        return _attachment(f"{subject or 'attached message'}.msg", ordinal, embedded)
    return f"attachment {name or '(unnamed)'} could not be read"


def _attachment(name: str, ordinal: int, data: bytes) -> Attachment:
    """An attachment under a safe file name, keeping the name it was sent under (its last
    part only: a name with folders in it never reaches outside the case's folder)."""
    safe = _safe_name(name, ordinal)
    given = name.replace("\\", "/").rsplit("/", 1)[-1]
    return Attachment(safe, data, original=given if given and given != safe else None)


def _safe_name(name: str, ordinal: int) -> str:
    """A file name without folders or characters a file system refuses."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = shorten_name(UNSAFE_NAME.sub("_", base).strip(" ."), MAX_NAME_CHARS)
    return cleaned or f"attachment {ordinal}"


class _TextCollector(HTMLParser):
    """Collects an HTML body's text with line breaks at block elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIPPED_HTML:
            self._skipping += 1
        elif tag in PARAGRAPH_HTML:
            self.parts.append("\n\n")
        elif tag in LINE_HTML:
            self.parts.append("\n")
        elif tag in CELL_HTML:
            self.parts.append(CELL_SEPARATOR)

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED_HTML:
            self._skipping = max(0, self._skipping - 1)
        elif tag in PARAGRAPH_HTML:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)
