"""Document types: is a produced file a policy, lesson plan, roster, IA file, force report...

Coverage reads only the training types, so a wrong guess hides or invents training evidence.
The guess rests on cues a paralegal can check (title, heading, table columns, file name),
weighted by where they sit: a genre shows in the title block and form fields, while body text
merely *mentions* other genres ("officers shall receive annual training" in a policy).
"""

from __future__ import annotations

import math
import re
import textwrap
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from monell.records import DocType, DocTypeGuess
from monell.resources import load_cues

MIN_EVIDENCE = 3.0  # one title cue is enough; a stray "shall" in a parking e-mail is not
EVIDENCE_SCALE = 8.0  # score at which absolute evidence reaches 1 - 1/e
MARGIN_FLOOR = 0.5  # a dead heat between two types keeps half the evidence confidence
OTHER_MAX_CONFIDENCE = 0.9  # for no cue at all: still maybe an image-only page never OCR'd
OTHER_MIN_CONFIDENCE = 0.05
MAX_REASONS = 6
MAX_WEAK_REASONS = 2
QUOTE_MAX_CHARS = 60

# The genre shows on the first pages; later pages of a 600-page manual only repeat it. So the
# rest is sampled evenly under a character cap: the cost per document stays bounded.
FIRST_PAGES = 3
FIRST_PAGE_CHAR_CAP = 20_000  # a garbage text layer can hold megabytes on one page
SAMPLED_PAGES = 9
SAMPLED_PAGE_CHAR_CAP = 5_000
TITLE_LINES = 12  # letterhead, order number and subject fit in a dozen lines
TITLE_CHAR_CAP = 800
TITLE_LINE_MAX_CHARS = 64  # a full-width line (80+ characters) is body text, not a title
HEADING_MAX_CHARS = 70
CITATION_WINDOW = 40  # characters before a cue searched for "see", "per", "Reference:"

# "citation": a cue right after "see", "per", "Reference:" (a lesson plan citing its policy).
KIND_FACTORS = {
    "title": 3.0,
    "in title": 3.0,
    "heading": 1.5,
    "field": 1.5,
    "text": 1.0,
    "citation": 0.3,
}
LATER_PAGE_FACTOR = 0.6
REPEAT_GAIN = 0.25  # each repeat of a cue adds a quarter of its weight...
REPEAT_CAP = 4  # ...up to double: fifty "shall"s do not outvote a title
TABLE_BASE_WEIGHT = 3.0
TABLE_COLUMN_WEIGHT = 1.5  # per telling column beyond the first
TABLE_MAX_EXTRA_COLUMNS = 3
TABLE_ROW_GAIN = 0.05  # a roster of 20 officers is surer than a two-row table
TABLE_ROW_CAP = 20

# Scope says where a cue counts: "heading" cues ("Purpose", "Narrative") say nothing in
# running text; a "title" cue ("Use of Force Report") names a form only in its title block.
_SCOPE_KINDS = {
    "any": frozenset(KIND_FACTORS),
    "heading": frozenset({"title", "heading", "field"}),
    "title": frozenset({"title", "in title"}),
    "file": frozenset(),  # read from the file name only
}
# The vocabulary (phrase cues with their weights and scopes, column roles, table rules,
# citation leads) is data: corpora/cues/doctype.yaml, where each list is explained.
_VOCABULARY = load_cues("doctype")
# Structural patterns, labelled in reasons; only the roster line is case-sensitive.
_PATTERN_CUES: tuple[tuple[DocType, float, str, str], ...] = (
    (
        DocType.POLICY,
        0.5,
        "numbered section",  # 300.3, 1.01.015, 2-52-4
        r"(?m)^[^\S\n]*(?:\d{1,4}(?:\.\d{1,3}){1,2}|\d-\d{1,3}-\d{1,3})(?![\d.])",
    ),
    (
        DocType.TRAINING_CATALOG,
        1.0,
        "course number",  # 18-001, CJ 19-107; not G03-02
        r"(?m)^[^\S\n]*[*#\-]*[^\S\n]*[A-Z]{0,5}[ \-]?\d{2,4}-\d{3,4}\b(?!-\d)",
    ),
    (
        DocType.TRAINING_CATALOG,
        1.5,
        "course length",  # "A three-hour course"
        r"\b(?:\d{1,2}|one|two|three|four|five|six|seven|eight|ten|twelve|sixteen|twenty|forty)"
        r"[\s\-]*hours?\s+(?:course|class|session|program)",
    ),
    (
        DocType.TRAINING_LOG,
        1.5,
        "roster line",  # "SMITH, JOHN   4471   Use of Force   8.0"
        r"(?m)^[^\S\n]*[A-Z][A-Za-z'\-]+,[^\S\n]+[A-Z][A-Za-z.\-]*[^\n]*\b\d{1,2}(?:\.\d{1,2})?"
        r"[^\S\n]*(?:hrs?|hours)?[^\S\n]*$",
    ),
)
# Column roles, tried in order: "Hours Completed" is hours, "Course Date" a date.
_COLUMN_ROLES: tuple[tuple[str, str], ...] = tuple(
    (role, "|".join(alternatives)) for role, alternatives in _VOCABULARY["column_roles"].items()
)
# (type, column roles needed: one of each group, roles that rule it out).
_TABLE_RULES: tuple[tuple[DocType, tuple[str, ...], str], ...] = tuple(
    (DocType(rule["type"]), tuple(rule["needs"]), rule.get("rules_out", ""))
    for rule in _VOCABULARY["table_rules"]
)
_OCR_LOOKALIKES = {"o": "o0", "l": "l1|", "i": "i1l|", "s": "s5", "'": "'’`"}
_OPTIONAL = frozenset("'")  # "officers'" or "officers" (OCR drops apostrophes)
_WORD_GAP = r"[\s\-_/]*"  # "Sign-In", "SIGN IN", "Lesson\nPlan" (OCR line break)
_NUMBERING_ONLY = re.compile(r"[\s\W\d_]*(?:\b(?:[IVXivx]{1,4}|[A-Za-z])[.)][\s\W\d_]*)?")
_CITATION_LEAD = re.compile(
    r"\b(?:" + "|".join(_VOCABULARY["citation_leads"]) + r")\b"
    r"(?:[^.;\n]{0,30}|[^\S\n]*:?[^\S\n]*\n[^\S\n]*)\Z",  # same line, or a label line above
    re.IGNORECASE,
)
_FIELD_COLON = re.compile(r"[^\S\n]*[:#]")
_DOT_LEADER = re.compile(r"[^\S\n]*\.{4,}[^\S\n]*")  # table-of-contents leaders
# File names run words together: "UOFReport_0012", "LessonPlan-DeEscalation", "IA2019-044".
_CAMEL = r"(?-i:(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z]))"
_FILE_BOUNDS = (rf"(?:(?<![a-z0-9])|{_CAMEL})", rf"(?:(?![a-z])|{_CAMEL})")  # re.I
# Text cues are compiled without re.IGNORECASE, each letter's two cases spelled out in an
# ASCII class (with the flag, compiling them took ~0.1 s of every command's start), and
# matched against the text with the only non-ASCII letters the flag folds into ASCII ones
# (checked over every code point: dotted and dotless i, long s, Kelvin sign) folded the
# same way, one character for one, so offsets and quotes are the text's own. The file-name
# cues, few, keep the flag.
_SPELLED_BOUNDS = (r"(?<![a-zA-Z0-9])", r"(?![a-zA-Z0-9])")
_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})


@dataclass(frozen=True)
class _Cue:
    doc_type: DocType
    weight: float
    scope: str  # a key of _SCOPE_KINDS
    pattern: re.Pattern[str]
    label: str | None = None  # for structural patterns; None means "say where it sits"
    spelled: bool = False  # compiled without re.I: matched against the folded text (_FOLD)


@dataclass(frozen=True)
class _Region:  # the scanned part of one page
    page_index: int
    text: str
    title_end: int  # offset where the title block ends; 0 outside the title page
    folded: str  # the text as spelled-out cues read it (_FOLD): same length, same offsets


@dataclass(frozen=True)
class _Hit:
    doc_type: DocType
    points: float
    reason: str


def _character(ch: str, spelled: bool) -> str:
    """One character of a cue phrase (lower case), with its OCR look-alikes; ``spelled``:
    its cases spelled out, for a pattern compiled without re.IGNORECASE."""
    chars = _OCR_LOOKALIKES.get(ch, ch)
    optional = "?" if ch in _OPTIONAL else ""
    if spelled and any(c.isalpha() and not c.isascii() for c in chars):
        return f"(?i:[{re.escape(chars)}]){optional}"  # the flag's own folding, here only
    if spelled:
        chars = "".join(dict.fromkeys(c for x in chars for c in (x, x.upper())))
    if len(chars) == 1:
        return re.escape(chars) + optional
    return "[" + "".join(map(re.escape, chars)) + "]" + optional


def _tolerant(phrase: str, tail: str, spelled: bool) -> str:
    words = phrase.lower().split()
    parts = ["".join(_character(ch, spelled) for ch in word) for word in words]
    plural = "(?:[sS]|[eE][sS])?" if spelled else "(?:s|es)?"
    ending = plural if phrase[-1].isalpha() else ""
    return _WORD_GAP.join(parts) + ending + (tail if phrase[-1].isalnum() else "")


def _build_cues() -> tuple[_Cue, ...]:
    cues: list[_Cue] = []
    for group in _VOCABULARY["phrase_cues"]:
        scope = group["scope"]
        if scope not in _SCOPE_KINDS:
            raise ValueError(f"cue scope {scope!r} is not one of {sorted(_SCOPE_KINDS)}")
        spelled = scope != "file"
        lead, tail = _SPELLED_BOUNDS if spelled else _FILE_BOUNDS
        phrases = (" ".join(p.split()) for p in group["phrases"])
        alternatives = "|".join(_tolerant(p, tail, spelled) for p in phrases)
        # One lead check for all phrases: most positions sit inside a word and fail it at once.
        pattern = re.compile(f"{lead}(?:{alternatives})", 0 if spelled else re.IGNORECASE)
        cues.append(
            _Cue(DocType(group["type"]), float(group["weight"]), scope, pattern, None, spelled)
        )
    for doc_type, weight, label, source in _PATTERN_CUES:
        flags = 0 if label == "roster line" else re.IGNORECASE
        cues.append(_Cue(doc_type, weight, "any", re.compile(source, flags), label))
    return tuple(cues)


_CUES = _build_cues()
_TEXT_CUES = tuple(cue for cue in _CUES if cue.scope != "file")
_FILE_CUES = tuple(cue for cue in _CUES if cue.scope == "file")
_ROLE_PATTERNS = tuple((role, re.compile(source, re.I)) for role, source in _COLUMN_ROLES)


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

    Returns: the best type, a confidence in 0..1 and up to ``MAX_REASONS`` checkable cues,
    strongest first; ``DocType.OTHER`` when no type reaches ``MIN_EVIDENCE``.
    """
    regions = _select_regions(pages)
    hits = [hit for cue in _TEXT_CUES if (hit := _score_cue(cue, regions)) is not None]
    hits += _score_tables(tables) + _score_file_name(file_name)
    scores: dict[DocType, float] = {t: 0.0 for t in DocType if t is not DocType.OTHER}
    for hit in hits:
        scores[hit.doc_type] += hit.points
    # sorted() is stable: ties keep the enum order, so equal inputs give equal guesses.
    (best_type, best), (_, second) = sorted(scores.items(), key=lambda item: -item[1])[:2]
    if best < MIN_EVIDENCE:
        return _guess_other(best, hits)
    # Confidence = evidence x margin. Evidence = 1 - exp(-best / EVIDENCE_SCALE) grows with
    # the absolute weight of the cues found; margin = MARGIN_FLOOR + (1 - MARGIN_FLOOR) x
    # (best - second) / best falls to MARGIN_FLOOR when the runner-up is as well supported.
    evidence = 1.0 - math.exp(-best / EVIDENCE_SCALE)
    margin = MARGIN_FLOOR + (1.0 - MARGIN_FLOOR) * (best - second) / best
    reasons = sorted((h for h in hits if h.doc_type is best_type), key=lambda h: -h.points)
    confidence = round(evidence * margin, 3)
    return DocTypeGuess(best_type, confidence, tuple(h.reason for h in reasons[:MAX_REASONS]))


def _guess_other(best: float, hits: Iterable[_Hit]) -> DocTypeGuess:
    confidence = max(OTHER_MIN_CONFIDENCE, OTHER_MAX_CONFIDENCE * (1.0 - best / MIN_EVIDENCE))
    weak = sorted(hits, key=lambda h: -h.points)[:MAX_WEAK_REASONS]
    reasons = ["no document type reached the evidence threshold"]
    reasons += [f"weak {hit.doc_type.value} cue, {hit.reason}" for hit in weak]
    return DocTypeGuess(DocType.OTHER, round(confidence, 3), tuple(reasons))


def _select_regions(pages: Sequence[str]) -> list[_Region]:
    count = min(FIRST_PAGES, len(pages))
    first = [(i, _clean_text(pages[i][:FIRST_PAGE_CHAR_CAP])) for i in range(count)]
    rest = range(FIRST_PAGES, len(pages))
    step = max(1, math.ceil(len(rest) / SAMPLED_PAGES))
    sampled = [(i, _clean_text(pages[i][:SAMPLED_PAGE_CHAR_CAP])) for i in rest[::step]]
    # A blank cover or slip sheet does not hold the title: the first page with text does.
    title_page = next((i for i, text in first if text.strip()), None)
    return [
        _Region(i, text, _find_title_end(text) if i == title_page else 0, text.translate(_FOLD))
        for i, text in first + sampled
    ]


def _clean_text(text: str) -> str:
    # Only same-line whitespace is rewritten, so quotes stay verbatim.
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    return _DOT_LEADER.sub(" ", text.replace("\t", " ").replace("\u00a0", " "))


def _find_title_end(text: str) -> int:
    ends = [line.end() for line in re.finditer(r"[^\n]*\S[^\n]*", text[:TITLE_CHAR_CAP])]
    return ends[:TITLE_LINES][-1] if ends else 0


def _classify_match(region: _Region, start: int, end: int) -> str:
    """Say where a cue sits: title, heading, form field, body text, or a citation."""
    text = region.text
    if _CITATION_LEAD.search(text, max(0, start - CITATION_WINDOW), start):
        return "citation"
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start : line_end if line_end >= 0 else len(text)].strip()
    prefix = text[line_start:start]
    leads = _NUMBERING_ONLY.fullmatch(prefix) is not None
    if _FIELD_COLON.match(text, end) and (leads or ":" in prefix):
        return "field"  # "Complainant: J. Roe", "Incident No.: 44   Date of Incident: ..."
    if ":" in prefix or line.endswith((".", ":")):
        return "text"  # a field's value, a sentence or a lead-in to a list, even when short
    if start < region.title_end and len(line) <= TITLE_LINE_MAX_CHARS:
        return "title" if leads else "in title"  # generic "Policy" only counts leading a line
    return "heading" if leads and len(line) <= HEADING_MAX_CHARS else "text"


def _score_cue(cue: _Cue, regions: Sequence[_Region]) -> _Hit | None:
    seen: Counter[str] = Counter()  # by matched words, so "seen 3 times" is checkable
    best: tuple[float, str, int, str] | None = None  # factor, kind, page index, matched text
    for region in regions:
        for match in cue.pattern.finditer(region.folded if cue.spelled else region.text):
            kind = _classify_match(region, match.start(), match.end())
            if kind not in _SCOPE_KINDS[cue.scope]:
                continue
            matched = region.text[match.start() : match.end()]
            seen[" ".join(matched.lower().split())] += 1
            later = region.page_index >= FIRST_PAGES  # a sampled page
            factor = KIND_FACTORS[kind] * (LATER_PAGE_FACTOR if later else 1.0)
            if best is None or factor > best[0]:
                best = (factor, kind, region.page_index, matched)
    if best is None:
        return None
    factor, kind, page_index, found = best
    where = (cue.label or kind) + (f", p. {page_index + 1}" if page_index else "")
    # Cut at a word so the quote stays verbatim text a reviewer can search for.
    quote = textwrap.shorten(found, QUOTE_MAX_CHARS, placeholder="") or found.split()[0]
    times = seen[" ".join(found.lower().split())]
    note = f" (seen {times} times)" if times > 1 else ""
    return _Hit(
        cue.doc_type, cue.weight * factor * _repeat(seen.total()), f'{where}: "{quote}"{note}'
    )


def _repeat(count: int) -> float:
    return 1.0 + REPEAT_GAIN * min(max(count - 1, 0), REPEAT_CAP)


def _score_tables(tables: Sequence[Sequence[Sequence[str]]]) -> list[_Hit]:
    # Per type, the best table speaks, and further matching tables add as repeats do.
    hits = sorted((hit for table in tables for hit in _score_table(table)), key=lambda h: h.points)
    best = {hit.doc_type: hit for hit in hits}  # the last, highest, wins
    counts = Counter(hit.doc_type for hit in hits)
    return [_Hit(t, hit.points * _repeat(counts[t]), hit.reason) for t, hit in best.items()]


def _score_table(table: Sequence[Sequence[str]]) -> list[_Hit]:
    # A merged title cell ("TRAINING ROSTER") can sit above the real header row.
    candidates = [_find_column_roles(row) for row in table[:2]]
    if not candidates:
        return []
    header = max(range(len(candidates)), key=lambda i: len(candidates[i]))
    roles = candidates[header]
    rows = sum(1 for row in table[header + 1 :] if any(cell.strip() for cell in row))
    present = set(roles.values())
    hits = []
    for doc_type, needed, excluded in _TABLE_RULES:
        groups = [set(group.split()) for group in needed]
        if all(present & group for group in groups) and not present & set(excluded.split()):
            shown = [name for name, role in roles.items() if any(role in g for g in groups)]
            extra = min(len(shown) - 1, TABLE_MAX_EXTRA_COLUMNS)
            weight = TABLE_BASE_WEIGHT + TABLE_COLUMN_WEIGHT * extra
            points = weight * (1.0 + TABLE_ROW_GAIN * min(rows, TABLE_ROW_CAP))
            columns = ", ".join(f'"{name}"' for name in shown)
            plural = "" if rows == 1 else "s"
            hits.append(_Hit(doc_type, points, f"table columns: {columns} ({rows} row{plural})"))
    return hits


def _find_column_roles(row: Sequence[str]) -> dict[str, str]:
    names = (" ".join(cell.split()) for cell in row)
    found = ((name, next((r for r, p in _ROLE_PATTERNS if p.search(name)), "")) for name in names)
    return {name: role for name, role in found if role}


def _score_file_name(file_name: str) -> list[_Hit]:
    name = re.split(r"[\\/]", file_name)[-1]
    found = ((cue, cue.pattern.search(name)) for cue in _FILE_CUES)  # one cue per type
    return [_Hit(c.doc_type, c.weight, f'file name: "{m.group(0)}"') for c, m in found if m]
