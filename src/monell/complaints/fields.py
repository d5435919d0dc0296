"""Read a record's fields: id, dates, officers, complainant, narrative, disposition, discipline.

Labelled fields come first ("Date Received: 03/05/2019", a table's "Disposition" column);
what no label gives is looked for in the prose: dates found by spaCy's DATE entities (or
the date parser's own patterns), their role read from the words just before them ("on
March 2, 2019 the complainant…" is the event, "received on" the receipt). A record whose
dates cannot be read keeps them empty: it is marked undated later, never dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date

from monell.cite import cite_text
from monell.complaints.findings import ComplaintRecord, Disposition, RecordSpan
from monell.complaints.officers import find_officers
from monell.nlp.dates import find_dates as written_dates
from monell.nlp.dates import parse_date

LABELS: dict[str, re.Pattern[str]] = {
    "event": re.compile(
        r"^(date(/time)? of (the )?(incident|occurrence|event)|incident date(/time)?"
        r"|occurrence date|event date|date(/time)? occurred|incident|date of force|occ\.? date"
        r"|date of occ\.?|occurred( on)?|inc\.? date)$", re.I),
    "received": re.compile(
        r"^(date (received|filed|reported|rec'?d|recv'?d)|received( date| on)?|rec'?d"
        r"|complaint date|report date|date of report"
        r"|date of complaint"
        r"|intake date|filed( on)?|reported( on)?|date opened|opened)$", re.I),
    "closed": re.compile(
        r"^(date (closed|completed)|closed( date| on)?|closure date|date of (finding|closure)"
        r"|completed|finding date|disposition date)$", re.I),
    "officers": re.compile(
        r"^((accused|involved|named|reporting|assisting|primary|secondary)"
        r"( member| officer| employee)?s?(\(s\))?|subject (member|officer|employee)s?(\(s\))?"
        r"|officers?(\(s\))?( involved)?|members?(\(s\))?|employees?(\(s\))?|accused)$", re.I),
    "complainant": re.compile(r"^(complainant|reporting party|r/?p|subject|person)(\(s\))?$", re.I),
    "narrative": re.compile(
        r"^(allegations?(\(s\))?|summary|narrative|details|description|nature of complaint"
        r"|(allegation|complaint|incident) narrative|details of (the )?complaint.*"
        r"|description of (the )?incident|nature of allegation|type of complaint"
        r"|synopsis|complaint|force used|circumstances|incident summary|allegation summary)$",
        re.I),
    "disposition": re.compile(
        r"^(findings?|disposition|outcome|result|determination|status|final finding)$", re.I),
    "discipline": re.compile(
        r"^(action taken|discipline|penalty|corrective action|recommended discipline"
        r"|sanction)$", re.I),
}  # fmt: skip
DATE_FIELDS = ("event", "received", "closed")
ADDITIVE = ("narrative", "officers")
# A section heading in capitals: "ALLEGATION NARRATIVE", "SUMMARY OF INVESTIGATION".
# It must name a section: an all-caps line of a terse narrative is not a heading.
SECTION = re.compile(
    r"^\s*(?P<title>(?=[A-Z /&()-]{4,60}\s*(\(CONTINUED\))?\s*$)(?:[A-Z&/()-]+\s+){0,5}?"
    r"(?:NARRATIVE|SUMMARY|INVESTIGATION|FINDINGS?|DISPOSITION|ALLEGATIONS?|REVIEW|"
    r"RECOMMENDATIONS?|CONCLUSIONS?|BACKGROUND|STATEMENTS?|WITNESS(?:ES)?|EVIDENCE|ACTION"
    r"|APPROVALS?|COMMAND|SUPERVISOR|ANALYSIS)\b[A-Z /&()-]*?)\s*(\(CONTINUED\))?\s*$"
)
LABEL_LINE = re.compile(
    r"^\s*(?P<label>[A-Za-z][A-Za-z /()#.'-]{1,40}?)\s*[:\u2013]\s*(?P<value>.*)$"
)
# Findings written as codes, as many logs do ("S - 10 DAY SUSP", "NS", "U", "EX").
CODES = {
    "S": Disposition.SUSTAINED, "SUS": Disposition.SUSTAINED, "SUST": Disposition.SUSTAINED,
    "NS": Disposition.NOT_SUSTAINED, "N/S": Disposition.NOT_SUSTAINED,
    "U": Disposition.UNFOUNDED, "UNF": Disposition.UNFOUNDED, "UF": Disposition.UNFOUNDED,
    "EX": Disposition.EXONERATED, "EXON": Disposition.EXONERATED, "E": Disposition.EXONERATED,
    "AC": Disposition.ADMINISTRATIVELY_CLOSED, "ADM": Disposition.ADMINISTRATIVELY_CLOSED,
    "P": Disposition.PENDING, "PEND": Disposition.PENDING, "OPEN": Disposition.PENDING,
    "W": Disposition.WITHDRAWN, "WD": Disposition.WITHDRAWN, "WDN": Disposition.WITHDRAWN,
}  # fmt: skip
# Order matters: "not sustained" before "sustained", "not within policy" before "within
# policy", "closed" forms before "pending". A force review's "within policy" / "justified"
# clears the officer (exonerated); "out of policy" is a sustained violation.
NOT_SUSTAINED = re.compile(
    r"not[\s-]*sust|\bnon[\s-]*sust|\bunsust|\bn\.?s\.?\b|insufficient evidence", re.I
)
DISPOSITIONS: tuple[tuple[re.Pattern[str], Disposition], ...] = (
    (NOT_SUSTAINED, Disposition.NOT_SUSTAINED),
    (re.compile(r"not (within|in) policy|out(side)? of policy|not justified|\bunjustified"
                r"|policy violation|violat\w* (of )?policy|not in compliance|non-?compliance",
                re.I), Disposition.SUSTAINED),
    (re.compile(r"within policy|\bin policy|\bjustified|\bin compliance|no violation", re.I),
     Disposition.EXONERATED),
    (re.compile(r"unfound", re.I), Disposition.UNFOUNDED),
    (re.compile(r"exonerat", re.I), Disposition.EXONERATED),
    (re.compile(r"withdr[ae]w|complainant declined|no longer wishes", re.I), Disposition.WITHDRAWN),
    (re.compile(r"admin\w*\.?\s*clos|closed\s*[-\u2013]?\s*no (further )?action|no further action"
                r"|no affidavit|closed\s*[-\u2013]\s*no\b"
                r"|clos\w* (by|without) (investigation|finding)|info(rmation)? only", re.I),
     Disposition.ADMINISTRATIVELY_CLOSED),
    (re.compile(r"sustain|\bsust\b", re.I), Disposition.SUSTAINED),
    (re.compile(r"pending|open\b|under investigation|in progress|active", re.I),
     Disposition.PENDING),
)  # fmt: skip
STATUS = re.compile(r"^(case |complaint )?status\b", re.I)
NEGATION = re.compile(r"\b(not|no|never|without)\b|n't\b", re.I)
CHECKED = re.compile(r"\[\s*[xX\u2713\u2714]\s*\]\s*(?P<text>[A-Za-z][^\[\n]{2,60})")
FINDING_IN_PROSE = re.compile(
    r"\b(finding|disposition|determined|allegations? (?:was|were|is|are)|classified as"
    r"|found to be|result(?:ed)?)\W+(?:\w+\W+){0,4}?(?P<finding>not[\s-]+sustained|sustained"
    r"|unfounded|exonerated|withdrawn|administratively closed)\b",
    re.I,
)
BEFORE_CUES = {  # words before a date on its line; the closest one gives the role
    "received": re.compile(
        r"\b(received|filed|reported|lodged|came to|contacted|intake|rec'?d|recv'?d)(?=\W)", re.I
    ),
    "closed": re.compile(r"\b(closed|concluded|completed|finding|found|finali[sz]ed)\b", re.I),
    "event": re.compile(
        r"\b(incident|occurred|occurrence|happened|took place|event|arrested|occ\.?)(?=\W)", re.I
    ),
}
BEFORE_REACH = 30  # at most this many characters, and no full stop, between cue and date
AFTER_CUES = {  # words just after a date in the same sentence ("On May 2, this office received")
    "received": re.compile(r"^[^.]{0,40}\b(received|filed|lodged)\b", re.I),
    "closed": re.compile(r"^[^.]{0,40}\b(closed|concluded|completed)\b", re.I),
    "event": re.compile(r"^[^.]{0,40}\b(incident|occurred|happened|took place)\b", re.I),
}
# A date of birth, a hire date or an assignment is nobody's event or receipt.
NOT_RECORD_DATE = re.compile(
    r"\b(dob|d\.o\.b\.?|date of birth|birth ?date|born|age|hired?|appointed|assigned"
    r"|printed|due)\b[^.\n]{0,20}$",
    re.I,
)  # fmt: skip
# A memo's own date, a print or production date: never a record's date.
META_LINE = re.compile(
    r"^\s*(date\s*:|dated\b|printed\b|run date|report run|compiled\b|produced\b|page\b|as of\b)",
    re.I,
)
DateFinder = Callable[[str], Sequence[tuple[str, int]]]  # text → (date text, offset) pairs


def read_record(span: RecordSpan, find_dates: DateFinder | None = None) -> ComplaintRecord:
    """The record's fields from its labelled lines or cells, then from its prose."""
    fields = _labelled(span)
    narrative = fields.get("narrative") or _prose(span.text, span.header)
    dates = {
        role: parse_date(fields[role]) if fields.get(role) else None
        for role in ("event", "received", "closed")
    }
    if None in (dates["event"], dates["received"]):
        for role, value in _dates_in_prose(span.text, find_dates):
            if dates.get(role) is None:
                dates[role] = value
    disposition_text = (
        fields.get("disposition") or _checked_finding(span.text) or _disposition_in_prose(span.text)
    )
    discipline = fields.get("discipline") or _discipline_after(disposition_text)
    return ComplaintRecord(
        record_id=span.header or cite_text(span.file, span.page, None, span.cite),
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
        complainant=fields.get("complainant") or None,
        narrative=" ".join(narrative.split()),
        disposition=read_disposition(disposition_text or ""),
        disposition_text=disposition_text or None,
        discipline=discipline,
        text=span.text,
    )


def read_disposition(text: str) -> Disposition:
    """The controlled finding for a printed one; blank or unreadable is `unknown`. Where
    one line gives findings on several allegations ("Force - Sustained; Courtesy - Not
    Sustained"), a sustained one is the record's finding: it is what gave notice."""
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


def _disposition_in_prose(text: str) -> str | None:
    """ "The allegation was NOT SUSTAINED": a finding stated in a sentence (never the
    "sustained injuries" of a narrative)."""
    for match in FINDING_IN_PROSE.finditer(text):
        lead = text[max(0, match.start() - 20) : match.start("finding")]
        if not NEGATION.search(lead):  # "did not result in a sustained finding"
            return match["finding"]
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
    pairs = list(span.cells) or _label_lines(span.text)
    for label, value in pairs:
        for name in _fields_named(label):
            if name == "disposition" and value.strip():
                findings.append((label, value.strip()))
            if not value.strip() or (name in fields and name not in ADDITIVE):
                continue
            if name in DATE_FIELDS and parse_date(value) is None:
                continue  # "Incident Location": not a date, so not the event date
            fields[name] = f"{fields[name]}; {value.strip()}" if name in fields else value.strip()
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


def _fields_named(label: str) -> list[str]:
    """The fields a label names: exactly, else by its first words ("Finding / Discipline")."""
    label = " ".join(label.split()).strip().rstrip(".:")
    exact = [name for name, pattern in LABELS.items() if pattern.match(label)]
    if exact:
        return exact
    head = re.split(r"\s*[/&(]\s*|\s+and\s+", label, maxsplit=1)[0]
    return [name for name, pattern in LABELS.items() if head != label and pattern.match(head)]


def _label_lines(text: str) -> list[tuple[str, str]]:
    """("Label", "value") per line. A plain line continues the value above it; any other
    "Label: value" line, or a section heading in capitals, ends it. A heading that names a
    field ("ALLEGATION NARRATIVE") opens that field for the lines below."""
    pairs: list[tuple[str, str]] = []
    for line in text.splitlines():
        match = LABEL_LINE.match(line)
        heading = SECTION.match(line)
        if heading:
            pairs.append((heading["title"], ""))
        elif match:
            pairs.append((match["label"], match["value"]))
        elif pairs and line.strip():
            label, value = pairs[-1]
            pairs[-1] = (label, f"{value} {line.strip()}".strip())
        else:
            pairs.append(("", line))
    return pairs


def _prose(text: str, header: str | None) -> str:
    lines = text.splitlines()
    if header and lines and header in " ".join(lines[0].split()):
        lines = lines[1:]
    return "\n".join(lines)


def _dates_in_prose(text: str, find_dates: DateFinder | None) -> list[tuple[str, date]]:
    """(role, date) for the dates written in prose, the role read from the words around it:
    "this office received … on March 9" and "On March 9, this office received" are both
    the receipt; "the incident occurred on" the event. A date without a cue counts as the
    event only when no date has one, and never from a memo's own DATE line."""
    cued: list[tuple[str, date]] = []
    plain: list[date] = []
    candidates = (
        find_dates(text) if find_dates else [(text[a:b], a) for _, a, b in written_dates(text)]
    )
    for written, offset in candidates:
        value = parse_date(written)
        if value is None:
            continue
        line_start = text.rfind("\n", 0, offset) + 1
        if META_LINE.match(text[line_start:offset]):
            continue
        before = text[max(line_start, offset - 45) : offset]
        if NOT_RECORD_DATE.search(before):
            continue
        after = text[offset + len(written) : offset + len(written) + 45]
        after = after.split(".")[0].split("\n")[0]
        role = _closest_before(before) or _role(after, AFTER_CUES)
        if role:
            cued.append((role, value))
        else:
            plain.append(value)
    if plain and not any(role == "event" for role, _ in cued):
        cued.append(("event", plain[0]))
    return cued


def _closest_before(before: str) -> str | None:
    """The role of the cue nearest the date: "received 03/05 re incident of 02/20" makes
    the second date the event."""
    best: tuple[int, str] | None = None
    for role, cue in BEFORE_CUES.items():
        for match in cue.finditer(before):
            gap = before[match.end() :]
            if len(gap) <= BEFORE_REACH and "." not in gap and (not best or match.end() > best[0]):
                best = (match.end(), role)
    return best[1] if best else None


def _role(context: str, cues: dict[str, re.Pattern[str]]) -> str | None:
    return next((role for role, cue in cues.items() if cue.search(context)), None)
