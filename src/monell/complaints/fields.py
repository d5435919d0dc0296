"""Read a record's fields: id, dates, officers, complainant, narrative, disposition, discipline.

Labelled fields come first ("Date Received: 03/05/2019", a table's "Disposition" column),
labels read through OCR damage ("Disp0sition", "Incident Datc"); what no label gives is
looked for in the prose (record_dates.py). A record whose dates cannot be read keeps them
empty: it is marked undated later, never dropped.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from monell.complaints.ocr_words import drop_marks, letters_for_digits
from monell.complaints.officers import find_officers
from monell.complaints.record_dates import DateFinder, dates_in_prose
from monell.nlp.dates import parse_date
from monell.records.cite import cite_text
from monell.records.complaints import ComplaintRecord, Disposition, RecordSpan, SourceKind
from monell.resources import load_cues

# Field labels, label words, section words, finding codes and finding words are data:
# corpora/cues/complaints.yaml.
_VOCABULARY = load_cues("complaints")
LABELS: dict[str, re.Pattern[str]] = {
    name: re.compile("^(" + "|".join(alternatives) + ")$", re.I)
    for name, alternatives in _VOCABULARY["fields"].items()
}
DATE_FIELDS = ("event", "received", "closed")
ADDITIVE = ("narrative", "officers")
PART_JOIN = " | "  # between a narrative's fields (the allegation, the account): read apart too
# A section heading in capitals: "ALLEGATION NARRATIVE", "SUMMARY OF INVESTIGATION".
# It must name a section: an all-caps line of a terse narrative is not a heading.
SECTION = re.compile(
    r"^\s*(?P<title>(?=[A-Z /&()'-]{4,60}\s*(\(CONTINUED\))?\s*$)(?:[A-Z&/()'-]+\s+){0,5}?"
    r"(?:" + "|".join(_VOCABULARY["section_words"]) + r")"
    r"\b[A-Z /&()'-]*?)\s*(\(CONTINUED\))?\s*$"
)
LOWER = re.compile(r"[a-z]")
SECTION_DIGITS = str.maketrans("015", "OIS")  # "C0MPLA1NANT'S ACC0UNT", as OCR reads it
# The separator is a colon not followed by a small letter: OCR's "Dat:e Reported: 08/24"
# is one label with a stray mark in it.
LABEL_LINE = re.compile(
    r"^\s*(?P<label>[A-Za-z][A-Za-z /()#.'`^~|;:-]{1,40}?)\s*[:\u2013](?![a-z])\s*(?P<value>.*)$"
)
# The words labels are made of, for reading a label OCR damaged ("Disp0sition", "Datc").
LABEL_WORDS = _VOCABULARY["label_words"]
BATES_LINE = re.compile(r"^\s*[A-Z]{2,8}[-_ ]?\d{4,10}\s*$")  # a page stamp ends a value
LABEL_CACHE = 4096  # distinct labels remembered
MEMO_DATE = re.compile(r"^\s*DATE\s*:\s*(?P<date>.+)$", re.I | re.M)
# Findings written as codes, as many logs do ("S - 10 DAY SUSP", "NS", "U", "EX").
CODES = {
    code: Disposition(finding)
    for finding, codes in _VOCABULARY["disposition_codes"].items()
    for code in codes
}
# Findings in words, tried in order ("not sustained" before "sustained").
DISPOSITIONS: tuple[tuple[re.Pattern[str], Disposition], ...] = tuple(
    (re.compile("|".join(entry["words"]), re.I), Disposition(entry["finding"]))
    for entry in _VOCABULARY["findings"]
)
NO_NUMBER_WARNING = "a register row without a number: kept as its own record, never merged"
# A court's own date line; "this 12th day of June" reads as "12 June".
COURT_DATE = re.compile(
    r"^\s*(?:dated|entered|filed|signed|decided|(?:it is )?so ordered)\b(?P<rest>[^\n]{4,60})",
    re.I | re.M,
)
ORDINAL_DAY = re.compile(r"(?:this\s+)?(\d{1,2})(?:st|nd|rd|th)\s+day\s+of", re.I)
CAPTION_LINE = re.compile(r"^[A-Z][\w.,'& -]+\s+(?:v\.|vs\.?|versus)\s+[A-Z][\w.,'& -]+$")
CAPTION_LINES = 8  # a caption sits at the head of a pleading or order
CAPTION_WORDS = 14
STATUS = re.compile(r"^(case |complaint )?status\b", re.I)
NEGATION = re.compile(r"\b(not|no|never|without)\b|n't\b", re.I)
FINDING_LINE = re.compile(
    r"^\s*(?:classification\s*/\s*)?(?:final\s+)?(?:finding|disposition|outcome|determination)"
    r"\s+(?P<value>[A-Za-z][^\n]{1,60})$",
    re.I | re.M,
)
CHECKED = re.compile(r"\[\s*[xX\u2713\u2714]\s*\]\s*(?P<text>[A-Za-z][^\[\n]{2,60})")
FINDING_IN_PROSE = re.compile(
    r"\b(finding|disposition|determined|allegations? (?:was|were|is|are)|classified as"
    r"|found to be|result(?:ed)?)\W+(?:\w+\W+){0,4}?(?P<finding>not[\s-]+sustained|sustained"
    r"|unfounded|exonerated|withdrawn|administratively closed)\b",
    re.I,
)


def read_record(span: RecordSpan, find_dates: DateFinder | None = None) -> ComplaintRecord:
    """The record's fields from its labelled lines or cells, then from its prose."""
    fields = _labelled(span)
    narrative = fields.get("narrative") or _prose(span.text, span.header)
    dates = {
        role: parse_date(fields[role]) if fields.get(role) else None
        for role in ("event", "received", "closed")
    }
    if None in dates.values():
        labelled = [value for value in dates.values() if value is not None]
        for role, value in dates_in_prose(span.text, find_dates, labelled):
            if dates.get(role) is None:
                dates[role] = value
    disposition_text = (
        fields.get("disposition")
        or _checked_finding(span.text)
        or _finding_without_colon(span.text)
        or _disposition_in_prose(span.text)
    )
    disposition = read_disposition(disposition_text or "")
    if dates["received"] is None and span.source_kind is SourceKind.COURT_FINDING:
        dates["received"] = _court_date(span.text)  # a finding reaches the city when entered
    if dates["closed"] is None and disposition not in (Disposition.UNKNOWN, Disposition.PENDING):
        dates["closed"] = _memo_date(span.text)  # a memo giving a finding is dated with it
    discipline = fields.get("discipline") or _discipline_after(disposition_text)
    warnings: tuple[str, ...] = ()
    if span.header is None and span.is_row:
        warnings = (NO_NUMBER_WARNING,)
    return ComplaintRecord(
        record_id=span.header or cite_text(span.file, span.page, None, span.cite),
        source_kind=span.source_kind,
        numbered=span.header is not None,
        warnings=warnings,
        document_id=span.document_id,
        file=span.file,
        page=span.page,
        bates=span.bates,
        cite=span.cite,
        doc_type=span.doc_type,
        event_date=dates["event"],
        received_date=dates["received"],
        closed_date=dates["closed"],
        officers=find_officers(fields.get("officers") or "", fallback=span.text),
        complainant=fields.get("complainant") or _caption(span.text),
        narrative=" ".join(narrative.split()),
        disposition=disposition,
        disposition_text=disposition_text or None,
        discipline=discipline,
        text=span.text,
    )


def read_disposition(text: str) -> Disposition:
    """The controlled finding for a printed one; blank or unreadable is `unknown`. Where
    one line gives findings on several allegations ("Force - Sustained; Courtesy - Not
    Sustained"), a sustained one is the record's finding: it is what gave notice. OCR's
    marks inside words, digits for letters and broken words ("N0T SUST.AINED", "Pendi ng")
    are read through."""
    for variant in _as_meant(text):
        found = _finding(variant)
        if found is not Disposition.UNKNOWN:
            return found
    return Disposition.UNKNOWN


def _as_meant(text: str) -> list[str]:
    letters = letters_for_digits(drop_marks(text))
    # the repaired text first: raw "N0T SUST.AINED" would read as "SUST", sustained
    return [letters, letters.replace("l", "i"), text, re.sub(r"\s+", "", letters)]


def _finding(text: str) -> Disposition:
    whole = text.strip().upper().rstrip(".")
    code = re.split(r"\s*[-\u2013(/]\s*", whole, maxsplit=1)[0]
    if whole in CODES or code in CODES:
        return CODES[whole] if whole in CODES else CODES[code]
    found: list[tuple[int, Disposition]] = []
    taken: list[tuple[int, int]] = []
    for pattern, disposition in DISPOSITIONS:
        for match in pattern.finditer(text):
            if any(a < match.end() and match.start() < b for a, b in taken):
                continue  # "sustain" inside "not sustained" was already read
            taken.append(match.span())
            found.append((match.start(), disposition))
    if not found:
        return Disposition.UNKNOWN
    if any(d is Disposition.SUSTAINED for _, d in found):
        return Disposition.SUSTAINED
    return min(found, key=lambda hit: hit[0])[1]


def _court_date(text: str) -> date | None:
    """The day a court's order or opinion was dated, entered or filed ("Dated: June 12,
    2018", "ENTERED 06/12/2018", "SO ORDERED this 12th day of June, 2018")."""
    for match in COURT_DATE.finditer(text):
        day = parse_date(ORDINAL_DAY.sub(r"\1", match["rest"]).strip(" :,."))
        if day is not None:
            return day
    return None


def _caption(text: str) -> str | None:
    """A caption line's parties ("STATE OF OREGON v. DARNELL KEYES", "Ramos v. City of
    Harlan"), when no field names the complainant: the person is read from it."""
    for line in text.splitlines()[:CAPTION_LINES]:
        line = line.strip()
        if len(line.split()) <= CAPTION_WORDS and CAPTION_LINE.match(line):
            return line
    return None


def _memo_date(text: str) -> date | None:
    """A memorandum's own DATE line, among its first lines: when it reports the finding,
    that is the day the finding was made."""
    head = "\n".join(text.splitlines()[:6])
    match = MEMO_DATE.search(head)
    return parse_date(match["date"]) if match and "MEMO" in head.upper() else None


def _disposition_in_prose(text: str) -> str | None:
    """ "The allegation was NOT SUSTAINED": a finding stated in a sentence (never the
    "sustained injuries" of a narrative)."""
    for match in FINDING_IN_PROSE.finditer(text):
        lead = text[max(0, match.start() - 20) : match.start("finding")]
        if not NEGATION.search(lead):  # "did not result in a sustained finding"
            return match["finding"]
    return None


def _finding_without_colon(text: str) -> str | None:
    """A form's "Classification / Finding Pending": the label, no colon, then the finding."""
    for match in FINDING_LINE.finditer(text):
        if read_disposition(match["value"]) is not Disposition.UNKNOWN:
            return match["value"].strip()
    return None


def _checked_finding(text: str) -> str | None:
    """A form's ticked box that is a finding: "[X] Within policy [ ] Not within policy"."""
    for match in CHECKED.finditer(text):
        if read_disposition(match["text"]) is not Disposition.UNKNOWN:
            return match["text"].strip()
    return None


def _discipline_after(disposition: str | None) -> str | None:
    """ "SUSTAINED - 3 day suspension" carries its discipline after the dash."""
    if not disposition:
        return None
    head, sep, tail = disposition.partition(" - ")
    return tail.strip() if sep and "sustain" in head.lower() and tail.strip() else None


def _labelled(span: RecordSpan) -> dict[str, str]:
    """Field → value. The first value wins, except that narratives (an allegation line and
    a NARRATIVE section) and officers (reporting and assisting) add up."""
    fields: dict[str, str] = {}
    findings: list[tuple[str, str]] = []
    pairs = list(span.cells) or [*span.form_cells, *_label_lines(span.text)]
    for label, value in pairs:
        for name in _fields_named(label):
            if name == "disposition" and value.strip():
                findings.append((label, value.strip()))
            if not value.strip() or (name in fields and name not in ADDITIVE):
                continue
            if name in DATE_FIELDS and parse_date(value) is None:
                continue  # "Incident Location": not a date, so not the event date
            join = PART_JOIN if name == "narrative" else "; "
            fields[name] = (
                f"{fields[name]}{join}{value.strip()}" if name in fields else value.strip()
            )
            break
    if findings:
        fields["disposition"] = _best_finding(findings)
    return fields


def _best_finding(findings: list[tuple[str, str]]) -> str:
    """Of a record's finding-like fields, the first that reads as a finding, a "Finding" or
    "Disposition" before a "Status" ("Status: Closed" says only that it ended)."""
    ranked = sorted(findings, key=lambda f: STATUS.match(f[0].strip()) is not None)
    readable = [v for _, v in ranked if read_disposition(v) is not Disposition.UNKNOWN]
    return readable[0] if readable else ranked[0][1]


@lru_cache(maxsize=LABEL_CACHE)
def _fields_named(label: str) -> tuple[str, ...]:
    """The fields a label names: exactly, else by its first words ("Finding / Discipline"),
    else as OCR damaged it ("Disp0sition", "Incident Datc", "Dat:e Reported"). A file
    repeats its labels on every record, so each is read once."""
    found = _fields_named_as_printed(label)
    if found:
        return found
    repaired = repair_label(label)
    return _fields_named_as_printed(repaired) if repaired != label else ()


def repair_label(label: str) -> str:
    """A label's words as they were meant: marks inside words dropped, 0 / 1 / 5 read as
    o / l / s inside words, then each unknown word matched to the label vocabulary."""
    from rapidfuzz import fuzz, process

    words = []
    for word in letters_for_digits(drop_marks(label)).split():
        bare = word.lower().strip("()/.#")
        if len(bare) >= 4 and bare.isalpha() and bare not in LABEL_WORDS:
            best = process.extractOne(bare, LABEL_WORDS, scorer=fuzz.ratio, score_cutoff=75)
            if best and best[0][0] == bare[0]:
                word = best[0]
        words.append(word)
    return " ".join(words)


def _fields_named_as_printed(label: str) -> tuple[str, ...]:
    label = " ".join(label.split()).strip().rstrip(".:")
    exact = tuple(name for name, pattern in LABELS.items() if pattern.match(label))
    if exact:
        return exact
    head = re.split(r"\s*[/&(]\s*|\s+and\s+", label, maxsplit=1)[0]
    return tuple(name for name, pattern in LABELS.items() if head != label and pattern.match(head))


def _label_lines(text: str) -> list[tuple[str, str]]:
    """("Label", "value") per line. A plain line continues the value above it; any other
    "Label: value" line, or a section heading in capitals, ends it. A heading that names a
    field ("ALLEGATION NARRATIVE") opens that field for the lines below."""
    pairs: list[tuple[str, str]] = []
    for line in text.splitlines():
        match = LABEL_LINE.match(line) or _ocr_label_line(line)
        heading = SECTION.match(line) or (
            SECTION.match(line.translate(SECTION_DIGITS)) if not LOWER.search(line) else None
        )
        if BATES_LINE.match(line):
            pairs.append(("", ""))  # a page's stamp: the value above ends there
        elif heading:
            pairs.append((heading["title"], ""))
        elif match:
            pairs.append((match["label"], match["value"]))
        elif pairs and line.strip():
            label, value = pairs[-1]
            pairs[-1] = (label, f"{value} {line.strip()}".strip())
        else:
            pairs.append(("", line))
    return pairs


def _ocr_label_line(line: str) -> re.Match[str] | None:
    """ "C1osed Date: May 15, 2017": a label whose letters OCR read as digits, when the
    repaired label names a field (the value is left as printed)."""
    head, colon, tail = line.partition(":")
    if not colon or not re.search(r"[A-Za-z][015]|[015][A-Za-z]", head):
        return None
    fixed = letters_for_digits(head)
    match = LABEL_LINE.match(fixed + colon + tail)
    return match if match and _fields_named(match["label"]) else None


def _prose(text: str, header: str | None) -> str:
    lines = text.splitlines()
    if header and lines and header in " ".join(lines[0].split()):
        lines = lines[1:]
    return "\n".join(lines)
