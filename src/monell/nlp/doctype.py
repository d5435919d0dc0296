"""Document types: guess whether a produced file is a policy, lesson plan, roster, IA file...

Coverage analysis reads only the training types, so a wrong guess hides or invents training
evidence. The guess is therefore built from cues a paralegal can check (a title, a heading,
table columns, the file name), weighted by where they sit: a genre shows in the title block
and the form fields, while body text merely *mentions* other genres ("officers shall receive
annual training" in a policy; "see General Order 300" in a lesson plan).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from monell.records import DocType, DocTypeGuess

# Below this summed weight no type is claimed: one title cue (weight >= 1 x TITLE_FACTOR)
# is enough, a stray "shall" or "Academy" in a parking e-mail is not.
MIN_EVIDENCE = 3.0
EVIDENCE_SCALE = 8.0  # score at which absolute evidence reaches 1 - 1/e of full confidence
MARGIN_FLOOR = 0.5  # a dead heat between two types still keeps half the evidence confidence
OTHER_MAX_CONFIDENCE = 0.9  # "no cue at all" may still be an image-only page never OCR'd
OTHER_MIN_CONFIDENCE = 0.05
MAX_REASONS = 6
MAX_WEAK_REASONS = 2
QUOTE_MAX_CHARS = 60

# The genre shows on the first pages (title block, headings, form fields); later pages of a
# 600-page manual only repeat it. So the first pages are read fully and the rest sampled
# evenly under a character cap, keeping the cost per document bounded whatever its length.
FIRST_PAGES = 3
FIRST_PAGE_CHAR_CAP = 20_000  # a garbage text layer can hold megabytes on one page
SAMPLED_PAGES = 9
SAMPLED_PAGE_CHAR_CAP = 5_000
TITLE_LINES = 12  # department letterhead, order number and subject fit in a dozen lines
TITLE_CHAR_CAP = 800
TITLE_LINE_MAX_CHARS = 64  # a full-width line (80+ characters) is body text, not a title
HEADING_MAX_CHARS = 70
CITATION_WINDOW = 40  # characters before a cue searched for "see", "per", "Reference:"

# Where a cue sits decides how much it says about the genre (see module docstring).
KIND_FACTORS = {"title": 3.0, "heading": 1.5, "field": 1.5, "text": 1.0, "citation": 0.3}
LATER_PAGE_FACTOR = 0.6
REPEAT_GAIN = 0.25  # each repeat of a cue adds a quarter of its weight...
REPEAT_CAP = 4  # ...up to double: fifty "shall"s do not outvote a title
TABLE_BASE_WEIGHT = 3.0
TABLE_COLUMN_WEIGHT = 1.5  # per telling column beyond the first
TABLE_MAX_EXTRA_COLUMNS = 3
TABLE_ROW_GAIN = 0.05  # a roster of 20 officers is surer than a two-row table
TABLE_ROW_CAP = 20

# A cue's scope says where it counts: "heading" cues ("Purpose", "Narrative") say nothing in
# running text, and a "title" cue ("Use of Force Report") only names a form in its title block.
_SCOPE_KINDS = {
    "any": frozenset(KIND_FACTORS),
    "heading": frozenset({"title", "heading", "field"}),
    "title": frozenset({"title"}),
    "file": frozenset(),  # matched against the file name only
}

# One line per (type, weight, scope): "type weight scope: phrase; phrase; ...", continued on
# indented lines; a text table keeps the vocabulary reviewable by a lawyer on one screen.
# Phrases are case-insensitive; the matcher tolerates OCR line breaks, hyphens, look-alike
# characters (LESS0N, C0MPLAINANT) and a plural "s". Scope "file" cues read the file name
# (FILE_NAME_WEIGHT: vendors and paralegals name files, often with only a Bates range).
_PHRASE_CUES = """
policy 3.0 any: general order; special order; standing order; procedural order; administrative
    order; division directive; department directive; policy and procedure; policies and procedures;
    policy manual; standard operating procedure; sop; rules and regulations; it is the policy of
policy 2.0 any: effective date; date effective; rescinds; supersedes; superseding; replaces;
    amends; cancels; cancellation
policy 1.5 any: directive; department policy; order number; directive number; policy number;
    procedure number; index category; by order of
policy 1.0 any: review date; review due; issue date; date issued; approval authority; applicable
    to; applies to; distribution; chief of police; police commissioner
policy 1.5 heading: manual; regulations
policy 1.0 heading: purpose; policy; purpose and scope; scope; definitions; procedure;
    responsibilities; applicability
policy 0.5 any: accreditation; calea; hereby
policy 0.4 any: shall; shall not
lesson_plan 4.0 any: lesson plan; lesson outline
lesson_plan 3.0 any: instructor guide; instructor's guide; instructor manual; instructor notes;
    note to instructor; learning objective; performance objective; enabling objective; terminal
    objective; lesson objective; behavioral objective; training objective
lesson_plan 2.5 any: instructional method; method of instruction; methods of instruction;
    instructional strategy; method of presentation; lesson block; block of instruction; lesson
    title; lesson number; lesson goal; lesson purpose
lesson_plan 2.0 any: time allotted; time allocated; time required; estimated time; instructional
    time; training aids; instructional aids; equipment needed; materials needed; evaluation
    strategy; the student will; students will be able to; the trainee will; trainees will be able
    to; participants will be able to
lesson_plan 1.5 any: target audience; practical exercise; role play; student handout; scenario
    based; course objective
lesson_plan 1.5 heading: evaluation; testing; assessment; objectives
lesson_plan 1.0 any: prepared by; developed by; subject matter expert; powerpoint; lecture;
    discussion; demonstration; upon completion
lesson_plan 0.5 heading: introduction; summary; conclusion; review
training_curriculum 3.0 any: curriculum; curricula; syllabus; syllabi
training_curriculum 2.5 any: program of instruction; scope and sequence; course outline; training
    outline; basic recruit; recruit training; recruit academy; basic academy; basic law
    enforcement; basic course; learning domain
training_curriculum 1.5 any: module; course hours; total hours; instructional hours; contact hours;
    minimum hours; required hours; classroom hours
training_curriculum 1.0 any: academy; recruit; cadet; graduation; core course; elective; minimum
    standards; training standards; mandated
training_curriculum 0.5 heading: topic; subject area
training_catalog 3.0 any: course catalog; course catalogue; training catalog; catalog of courses;
    course listing; course offerings; course descriptions; training calendar; training schedule;
    course schedule; class schedule
training_catalog 2.0 any: in service training; inservice; course description; tuition; registration
    fee; course fee; no charge; who should attend
training_catalog 1.5 any: register; registration; enroll; enrollment; course number; course no.;
    course #; course id; course code; class number; seats; class size; maximum participants;
    required courses; optional courses; approved courses; act 180; mpoetc; clee; dates offered;
    class dates; session dates
training_catalog 1.0 any: training center; training facility; for more information
training_catalog 0.5 any: location; instructor
training_log 4.0 any: sign in sheet; sign in log; sign in roster; signin sheet
training_log 3.0 any: roster
training_log 2.5 any: training record; training history; training transcript; transcript; employee
    training report; training hours report
training_log 2.0 any: attendance; hours completed; hours earned; credit hours; hours credited;
    hours attended; completion date; date completed; date of completion; officer name; employee
    name; member name; student name; trainee name; attendee name
training_log 1.5 any: pass fail; pass/fail; qualification score
training_log 1.0 any: signature; initials; badge; employee id; employee number; payroll; star no;
    certification date; expiration date; qualification; training hours; in service hours;
    attendees; total hours
training_log 0.5 any: certification; certified; completed; score; present; absent
complaint_file 3.0 any: citizen complaint; citizen's complaint; civilian complaint; personnel
    complaint; complaint against; complaint register; complaint form; complaint investigation;
    public complaint
complaint_file 2.5 any: complainant; accused officer; accused member; accused employee
complaint_file 2.0 any: internal affairs; professional standards; professional responsibility;
    internal investigation; police accountability; civilian review board; complaint review board;
    copa; ipra; allegation; complaint no; complaint number; complaint #; ia #; ia no; ia number; cr
    #; cr no; cr number; log no; log #; sustained; not sustained; unfounded; exonerated; summary of
    investigation; investigative summary; report of investigation; summary of allegation
complaint_file 1.5 any: disposition; subject officer; rule violated; rules violated
complaint_file 1.5 heading: finding
complaint_file 1.0 any: investigator; witness statement; interview of; misconduct; date received;
    complaint received; disciplinary action; recommended discipline; reprimand
use_of_force_report 4.0 title: use of force report; use of force form; use of force incident
    report; response to resistance report; resistance response report; subject resistance report;
    force report; blue team report; control of persons report
use_of_force_report 2.0 any: type of force; types of force used; force used; force type; force
    applied; force option used; reason for force; reason for use of force; injuries to subject;
    subject injured; subject injury; subject injuries; officer injured; officer injury; injuries to
    officer; cew deployment; taser deployment; cartridge serial; probe deployment; drive stun;
    number of cycles; subject information; subject name; subject description; officer information
use_of_force_report 1.5 any: subject resistance; level of resistance; resistance level; supervisor
    review; supervisor's review; reviewing supervisor; supervisory review; supervisor notified
use_of_force_report 1.0 any: incident number; incident #; report number; cad #; event number; date
    of incident; incident date; location of incident; involved officer; officers involved; incident
    description; description of incident
use_of_force_report 1.0 heading: narrative
use_of_force_report 0.5 any: use of force report; medical treatment
training_log 2.0 file: roster; sign in; attendance; transcript; training record; training log
lesson_plan 2.0 file: lesson plan; lp; instructor guide
training_curriculum 2.0 file: curriculum; syllabus; academy; recruit; course outline
training_catalog 2.0 file: catalog; catalogue; course schedule; training schedule; in service
policy 2.0 file: policy; policies; general order; go; sop; directive; procedure; manual
complaint_file 2.0 file: complaint; ia; internal affairs; cr; ops; investigation
use_of_force_report 2.0 file: uof; r2r; force report; response to resistance; blue team
"""
# Structural patterns (case-insensitive but for the roster line, which needs its capitals);
# the label names the structure in reasons instead of where it sits.
# fmt: off
_PATTERN_CUES: tuple[tuple[DocType, float, str, str], ...] = (
    (DocType.POLICY, 0.5, "numbered section",  # 300.3, 1.01.015, 2-52-4
     r"(?m)^[^\S\n]*(?:\d{1,4}(?:\.\d{1,3}){1,2}|\d{1,2}-\d{1,3}-\d{1,3})(?![\d.])"),
    (DocType.TRAINING_CATALOG, 1.0, "course number",  # 18-001, LE-204, CJ 2019-07
     r"(?m)^[^\S\n]*[*#\-]*[^\S\n]*[A-Z]{0,5}[ \-]?\d{2,4}-\d{2,4}\b"),
    (DocType.TRAINING_CATALOG, 1.5, "course length",  # "A three-hour course"
     r"\b(?:\d{1,2}|one|two|three|four|five|six|seven|eight|ten|twelve|sixteen|twenty|forty)"
     r"[\s\-]*hours?\s+(?:course|class|session|program)"),
    (DocType.TRAINING_LOG, 1.5, "roster line",  # "SMITH, JOHN   4471   Use of Force   8.0"
     r"(?m)^[^\S\n]*[A-Z][A-Za-z'\-]+,[^\S\n]+[A-Z][A-Za-z.\-]*[^\n]*\b\d{1,2}(?:\.\d{1,2})?"
     r"[^\S\n]*(?:hrs?|hours)?[^\S\n]*$"),
    (DocType.TRAINING_CURRICULUM, 1.0, "course unit",  # "Module 3", "Block IV", "Week 2"
     r"\b(?:module|block|unit|week|phase|domain)[^\S\n]+(?:\d{1,3}|[ivx]{1,4})\b"),
)
# Column roles, tried in this order: "Hours Completed" is hours, "Course Date" a date.
_COLUMN_ROLES: tuple[tuple[str, str], ...] = (
    ("hours", r"\bhours?\b|\bhrs?\b|credit|\bceus?\b|duration"),
    ("date", r"date|completed|completion|attended|\bsession|expir"),
    ("signature", r"sign|initial"),
    ("score", r"score|grade|pass|result|qualif"),
    ("complaint", r"complain|allegation|finding|disposition|accused|\bia\b|\bcr\b"),
    ("force", r"force|resist|injur|weapon|\bcew\b|\becw\b|taser|\boc\b"),
    ("venue", r"location|instructor|tuition|\bfees?\b|cost|seats|regist|descript|prereq|provider"),
    ("course", r"course|class|training|subject|topic|program|lesson|title|curricul"),
    ("unit", r"module|block|unit|domain|week|phase"),
    ("person", r"officer|name|employee|member|trainee|student|attendee|participant|badge|payroll"
               r"|\bstar\b|serial|\brank\b|\bid\b"),
)
# fmt: on
_OCR_LOOKALIKES = {"o": "[o0]", "l": "[l1|]", "i": "[i1l|]", "s": "[s5]", "'": "['’`]?"}
_WORD_GAP = r"[\s\-_/]*"  # "Sign-In", "SIGN IN", "Lesson\nPlan" (OCR line break)
_NUMBERING_ONLY = re.compile(r"[\s\W\d_]*(?:\b(?:[IVXivx]{1,4}|[A-Za-z])[.)][\s\W\d_]*)?")
_CITATION_LEAD = re.compile(
    r"\b(?:references?|refs?|see|per|pursuant to|accordance with|as (?:outlined|set forth|"
    r"defined|described) in|according to|under|governed by|consistent with|required by)\b"
    r"(?:[^.;\n]{0,30}|[^\S\n]*:?[^\S\n]*\n[^\S\n]*)\Z",  # same line, or a label line above
    re.IGNORECASE,
)
_FIELD_COLON = re.compile(r"[^\S\n]*[:#]")
_DOT_LEADER = re.compile(r"[^\S\n]*\.{4,}[^\S\n]*")  # table-of-contents leaders
# File names run words together: "UOFReport_0012", "LessonPlan-DeEscalation", "IA2019-044".
_CAMEL = r"(?-i:(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z]))"
_TEXT_BOUNDS = (r"(?<![a-z0-9])", r"(?![a-z0-9])")
_FILE_BOUNDS = (rf"(?:(?<![a-z0-9])|{_CAMEL})", rf"(?:(?![a-z])|{_CAMEL})")


@dataclass(frozen=True)
class _Cue:
    doc_type: DocType
    weight: float
    scope: str  # a key of _SCOPE_KINDS
    pattern: re.Pattern[str]
    label: str | None = None  # for structural patterns; None means "say where it sits"


@dataclass(frozen=True)
class _Region:
    """A scanned stretch of one page."""

    page_index: int
    text: str
    title_end: int  # offset where the title block ends; 0 outside the title page
    later: bool  # a sampled page past FIRST_PAGES


@dataclass(frozen=True)
class _Hit:
    doc_type: DocType
    points: float
    reason: str


def _tolerant(phrase: str, bounds: tuple[str, str]) -> str:
    words = phrase.lower().split()
    parts = ["".join(_OCR_LOOKALIKES.get(ch, re.escape(ch)) for ch in word) for word in words]
    lead = bounds[0] if phrase[0].isalnum() else ""
    tail = r"(?:s|es)?" + bounds[1] if phrase[-1].isalpha() else ""
    return lead + _WORD_GAP.join(parts) + tail


def _build_cues() -> tuple[_Cue, ...]:
    cues: list[_Cue] = []
    for spec in re.split(r"\n(?=\S)", _PHRASE_CUES.strip()):
        head, _, body = spec.partition(":")
        type_name, weight, scope = head.split()
        if scope not in _SCOPE_KINDS:
            raise ValueError(f"cue scope {scope!r} is not one of {sorted(_SCOPE_KINDS)}")
        bounds = _FILE_BOUNDS if scope == "file" else _TEXT_BOUNDS
        alternatives = (_tolerant(" ".join(p.split()), bounds) for p in body.split(";"))
        pattern = re.compile("|".join(alternatives), re.IGNORECASE)
        cues.append(_Cue(DocType(type_name), float(weight), scope, pattern))
    for doc_type, weight, label, source in _PATTERN_CUES:
        flags = 0 if label == "roster line" else re.IGNORECASE
        cues.append(_Cue(doc_type, weight, "any", re.compile(source, flags), label))
    return tuple(cues)


_TEXT_CUES = tuple(cue for cue in _build_cues() if cue.scope != "file")
_FILE_CUES = tuple(cue for cue in _build_cues() if cue.scope == "file")
_ROLE_PATTERNS = tuple((role, re.compile(s, re.I)) for role, s in _COLUMN_ROLES)


def classify_document(
    file_name: str,
    pages: Sequence[str],
    tables: Sequence[Sequence[Sequence[str]]] = (),
) -> DocTypeGuess:
    """Guess a document's type from weighted title, heading, body, table and file-name cues.

    Args:
        file_name: the produced file's name (a path is fine; only the last part is read).
        pages: each page's text, OCR'd or not.
        tables: ruled tables found in the document, each as rows of cells, header first.

    Returns:
        The best type, a confidence in 0..1 and up to ``MAX_REASONS`` checkable cues;
        ``DocType.OTHER`` when no type reaches ``MIN_EVIDENCE``.
    """
    regions = _select_regions(pages)
    hits = [hit for cue in _TEXT_CUES if (hit := _score_cue(cue, regions)) is not None]
    hits += _score_tables(tables)
    hits += _score_file_name(file_name)
    scores: dict[DocType, float] = {t: 0.0 for t in DocType if t is not DocType.OTHER}
    for hit in hits:
        scores[hit.doc_type] += hit.points
    ranked = sorted(scores.items(), key=lambda item: -item[1])  # stable: ties keep enum order
    (best_type, best), (_, second) = ranked[0], ranked[1]
    if best < MIN_EVIDENCE:
        return _guess_other(best, hits)
    # Confidence = evidence x margin. Evidence = 1 - exp(-best / EVIDENCE_SCALE) grows with the
    # absolute weight of cues found; margin = MARGIN_FLOOR + (1 - MARGIN_FLOOR) x (best -
    # second) / best falls to MARGIN_FLOOR when the runner-up type is as well supported.
    evidence = 1.0 - math.exp(-best / EVIDENCE_SCALE)
    margin = MARGIN_FLOOR + (1.0 - MARGIN_FLOOR) * (best - second) / best
    reasons = sorted((h for h in hits if h.doc_type is best_type), key=lambda h: -h.points)
    return DocTypeGuess(
        best_type, round(evidence * margin, 3), tuple(h.reason for h in reasons[:MAX_REASONS])
    )


def _guess_other(best: float, hits: Iterable[_Hit]) -> DocTypeGuess:
    # Sure of "other" only when nothing at all pointed elsewhere.
    confidence = max(OTHER_MIN_CONFIDENCE, OTHER_MAX_CONFIDENCE * (1.0 - best / MIN_EVIDENCE))
    weak = sorted(hits, key=lambda h: -h.points)[:MAX_WEAK_REASONS]
    reasons = ["no document type reached the evidence threshold"]
    reasons += [f"weak {hit.doc_type.value} cue, {hit.reason}" for hit in weak]
    return DocTypeGuess(DocType.OTHER, round(confidence, 3), tuple(reasons))


def _select_regions(pages: Sequence[str]) -> list[_Region]:
    first = [(i, pages[i][:FIRST_PAGE_CHAR_CAP]) for i in range(min(FIRST_PAGES, len(pages)))]
    rest = range(FIRST_PAGES, len(pages))
    step = max(1, math.ceil(len(rest) / SAMPLED_PAGES))
    sampled = [(i, pages[i][:SAMPLED_PAGE_CHAR_CAP]) for i in rest[::step]]
    regions: list[_Region] = []
    title_page = next((i for i, text in first if text.strip()), None)
    for index, raw in first + sampled:
        text = _clean_text(raw)
        title_end = _find_title_end(text) if index == title_page else 0
        regions.append(_Region(index, text, title_end, later=index >= FIRST_PAGES))
    return regions


def _clean_text(text: str) -> str:
    # Offsets must stay meaningful for quoting, so only same-line whitespace is rewritten.
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = text.replace("\t", " ").replace("\u00a0", " ")
    return _DOT_LEADER.sub(" ", text)


def _find_title_end(text: str) -> int:
    for seen, match in enumerate(re.finditer(r"[^\n]*\S[^\n]*", text), start=1):
        if seen >= TITLE_LINES or match.end() >= TITLE_CHAR_CAP:
            return min(match.end(), TITLE_CHAR_CAP)
    return len(text)


def _classify_match(region: _Region, start: int, end: int) -> str:
    """Say where a cue sits: title, heading, form field, body text, or a citation."""
    text = region.text
    if _CITATION_LEAD.search(text, max(0, start - CITATION_WINDOW), start):
        return "citation"
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_length = len(text[line_start : line_end if line_end >= 0 else len(text)].strip())
    if start < region.title_end and line_length <= TITLE_LINE_MAX_CHARS:
        return "title"
    if not _NUMBERING_ONLY.fullmatch(text, line_start, start):
        return "text"
    if _FIELD_COLON.match(text, end):
        return "field"
    return "heading" if line_length <= HEADING_MAX_CHARS else "text"


def _score_cue(cue: _Cue, regions: Sequence[_Region]) -> _Hit | None:
    count = 0
    best: tuple[float, str, int, str] | None = None  # factor, kind, page index, matched text
    for region in regions:
        for match in cue.pattern.finditer(region.text):
            kind = _classify_match(region, match.start(), match.end())
            if kind not in _SCOPE_KINDS[cue.scope]:
                continue
            count += 1
            factor = KIND_FACTORS[kind] * (LATER_PAGE_FACTOR if region.later else 1.0)
            if best is None or factor > best[0]:
                best = (factor, kind, region.page_index, match.group(0))
    if best is None:
        return None
    factor, kind, page_index, found = best
    where = cue.label or kind
    if page_index > 0:
        where += f", p. {page_index + 1}"
    times = f" (seen {count} times)" if count > 1 else ""
    reason = f'{where}: "{_quote(found)}"{times}'
    return _Hit(cue.doc_type, cue.weight * factor * _repeat_factor(count), reason)


def _repeat_factor(count: int) -> float:
    return 1.0 + REPEAT_GAIN * min(max(count - 1, 0), REPEAT_CAP)


def _quote(text: str) -> str:
    words = text.split()
    quote = words[0] if words else ""
    for word in words[1:]:
        if len(quote) + 1 + len(word) > QUOTE_MAX_CHARS:
            break  # cut at a word so the quote is still verbatim text
        quote += " " + word
    return quote


def _score_tables(tables: Sequence[Sequence[Sequence[str]]]) -> list[_Hit]:
    best: dict[DocType, _Hit] = {}
    counts: dict[DocType, int] = {}
    for table in tables:
        for hit in _score_table(table):
            counts[hit.doc_type] = counts.get(hit.doc_type, 0) + 1
            if hit.doc_type not in best or hit.points > best[hit.doc_type].points:
                best[hit.doc_type] = hit
    return [
        _Hit(doc_type, hit.points * _repeat_factor(counts[doc_type]), hit.reason)
        for doc_type, hit in best.items()
    ]


def _score_table(table: Sequence[Sequence[str]]) -> list[_Hit]:
    # A merged title cell ("TRAINING ROSTER") can sit above the real header row.
    candidates = [_find_column_roles(row) for row in table[:2]]
    if not candidates:
        return []
    header = max(range(len(candidates)), key=lambda i: len(candidates[i]))
    roles = candidates[header]
    rows = sum(1 for row in table[header + 1 :] if any(cell.strip() for cell in row))
    has = set(roles.values())
    training = {"course", "date", "hours", "signature", "score"} & has
    verdicts: list[tuple[DocType, set[str]]] = []
    if has & {"complaint"}:
        verdicts.append((DocType.COMPLAINT_FILE, {"complaint", "person", "date"}))
    if "force" in has:
        verdicts.append((DocType.USE_OF_FORCE_REPORT, {"force", "person", "date"}))
    if "person" in has and training and not has & {"complaint", "force"}:
        verdicts.append((DocType.TRAINING_LOG, {"person"} | training))
    if "course" in has and "person" not in has and has & {"venue", "date"}:
        verdicts.append((DocType.TRAINING_CATALOG, {"course", "venue", "date"}))
    if has & {"course", "unit"} and "hours" in has and not has & {"person", "venue"}:
        verdicts.append((DocType.TRAINING_CURRICULUM, {"course", "unit", "hours"}))
    return [_describe_table(doc_type, roles, used, rows) for doc_type, used in verdicts]


def _find_column_roles(row: Sequence[str]) -> dict[str, str]:
    roles: dict[str, str] = {}
    for cell in row:
        name = " ".join(cell.split())
        role = next((r for r, pattern in _ROLE_PATTERNS if pattern.search(name)), None)
        if name and role is not None:
            roles[name] = role
    return roles


def _describe_table(doc_type: DocType, roles: dict[str, str], used: set[str], rows: int) -> _Hit:
    cells = [name for name, role in roles.items() if role in used]
    # A training log needs the person plus what they took; only the extra columns add weight.
    extra = min(len({roles[c] for c in cells}) - 1, TABLE_MAX_EXTRA_COLUMNS)
    weight = TABLE_BASE_WEIGHT + TABLE_COLUMN_WEIGHT * max(extra, 0)
    points = weight * (1.0 + TABLE_ROW_GAIN * min(rows, TABLE_ROW_CAP))
    columns = ", ".join(f'"{cell}"' for cell in cells)
    return _Hit(doc_type, points, f"table columns: {columns} ({rows} rows)")


def _score_file_name(file_name: str) -> list[_Hit]:
    name = re.split(r"[\\/]", file_name)[-1]
    hits: dict[DocType, _Hit] = {}
    for cue in _FILE_CUES:
        match = cue.pattern.search(name)
        if match is not None and cue.doc_type not in hits:
            hits[cue.doc_type] = _Hit(cue.doc_type, cue.weight, f'file name: "{match.group(0)}"')
    return list(hits.values())
