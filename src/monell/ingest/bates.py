"""Bates numbers: find them in a page's stamp margins, parse, and audit ranges.

Stamps sit in the page margins (usually bottom-right, legend bottom-left), so only
words in the top and bottom bands are considered: a number in the body text
("Form 10052") must never be taken for a Bates number. Separators vary between
producing parties: ``ABC000123``, ``ABC-000123``, ``ABC_0000123``, ``ABC 000123``;
inserted pages carry suffixes such as ``ABC000123A`` or ``ABC000123.001``.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from monell.records import BatesNumber, Word
from monell.records.audit import BatesDuplicate, BatesGap, StampedPage

TOP_BAND = 0.10  # fraction of page height searched for a stamp at the top
BOTTOM_BAND = 0.14  # ... and at the bottom, where stamps usually are
LINE_TOLERANCE = 3.0  # points: words this close vertically are on one stamp line
MIN_DIGITS, MAX_DIGITS = 4, 12
# Footer words that precede numbers but are never Bates prefixes.
_STOP_WORDS = (
    "PAGE PG P NO NUM NUMBER DATE REV REVISED VERSION VER FORM GO SOP POLICY ORDER CASE "
    "FILE REPORT RPT YEAR TEL PHONE FAX PH ZIP ID REF EXT BADGE STAR UNIT DIST BEAT IA CR "
    "CB RD JAN FEB MAR APR MAY JUN JUL AUG SEP SEPT OCT NOV DEC JANUARY FEBRUARY MARCH "
    "APRIL JUNE JULY AUGUST SEPTEMBER OCTOBER NOVEMBER DECEMBER"
)
STOP_PREFIXES = frozenset(_STOP_WORDS.split())

_BATES = re.compile(
    r"(?P<prefix>[A-Z](?:[A-Z0-9_-]*[A-Z])?)(?P<sep>[ _-]?)"
    rf"(?P<digits>\d{{{MIN_DIGITS},{MAX_DIGITS}}})(?P<suffix>[A-Z]|\.\d{{1,4}})?"
)
# Characters Tesseract confuses with digits inside a stamp's counter.
_OCR_DIGITS = str.maketrans(
    {"O": "0", "Q": "0", "D": "0", "I": "1", "L": "1", "|": "1", "S": "5", "B": "8", "Z": "2"}
)
_OCR_COUNTER = re.compile(rf"[0-9OQDILSBZ|]{{{MIN_DIGITS},{MAX_DIGITS}}}")
# Zero-padding misread as letters, then a real zero (Tesseract reads RIV0000031 as
# RIVO000031 or RIVOO00031). D is not among them: it ends real prefixes (RPD, NYPD). A
# prefix that really ends in O (CCSAO) is settled by the prefixes the case's text layers
# show (choose_document_bates).
_PADDING = re.compile(r"[OQ]+0")
_SUFFIX_DOT = re.compile(r"\.\d{1,4}$")  # an insert's ".001"
YEARS = range(1900, 2100)  # "BULLETIN 2019" in a header is a year, not a counter
_ZIP = re.compile(r"\d{5}(-\d{4})?")


def parse_bates(text: str, *, any_prefix: bool = False) -> BatesNumber | None:
    """Parse one complete Bates number, or return None.

    ``any_prefix``: the value can only be a Bates number (a load file's BEGBATES, an image
    key, a file named by its number), so prefixes that a page's footer words would make
    doubtful ("IA", "CR", "P") are accepted.

    >>> parse_bates("ABC-000123A").number
    123
    """
    token = text.strip().strip(",;:()[]")
    token = token if _SUFFIX_DOT.search(token) else token.strip(".")
    match = _BATES.fullmatch(token)
    if match is None or (match["prefix"] in STOP_PREFIXES and not any_prefix):
        return None
    return BatesNumber(
        prefix=match["prefix"],
        number=int(match["digits"]),
        suffix=match["suffix"] or "",
        width=len(match["digits"]),
        text=token,
    )


def _ocr_readings(token: str) -> list[BatesNumber]:
    """All plausible readings of an OCR'd stamp token, repairing O/0, I/1 and the like.

    Tesseract systematically reads the first padding zeros after a letter prefix as
    the letter O (``RIV0000031`` → ``RIVOO00031``), so readings that turn a run of
    O-like letters before a real zero into padding come first, longest counter first;
    then the remaining readings, fewest repairs first. The document- and case-level
    pass (``choose_document_bates``) overrides this with prefixes seen in text layers.
    """
    token = token.strip().strip(",;:()[]").upper()
    dot = _SUFFIX_DOT.search(token)
    token, dot_suffix = (token[: dot.start()], dot.group()) if dot else (token.strip("."), "")
    ranked: list[tuple[tuple[int, int], BatesNumber]] = []
    for split in range(1, len(token) - MIN_DIGITS + 1):
        head, whole = token[:split], token[split:]
        if not head[-1].isalpha() and head[-1] not in " _-":
            continue
        for counter, suffix in _counter_and_suffix(whole, dot_suffix):
            padding = len(counter) - len(counter.lstrip("OQ"))  # "OOOOOO1": six zeros
            if not _OCR_COUNTER.fullmatch(counter) or (
                sum(c.isdigit() for c in counter) + padding < 3
            ):
                continue
            reading = parse_bates(head + counter.translate(_OCR_DIGITS) + suffix)
            if reading is None:
                continue
            repairs = sum(not c.isdigit() for c in counter)
            if _PADDING.match(counter) or counter.strip("OQ") == counter[padding:] and padding > 1:
                ranked.append(((0, -len(counter)), reading))
            else:
                ranked.append(((1, repairs), reading))
    return [reading for _, reading in sorted(ranked, key=lambda item: item[0])]


def _counter_and_suffix(whole: str, dot_suffix: str) -> list[tuple[str, str]]:
    """The counter read whole, and (when it ends in a letter) with that letter as an
    insert's suffix ("CITY0000123B"): the reading with fewer repairs ranks first."""
    if dot_suffix:
        return [(whole, dot_suffix)]
    if whole[-1:].isalpha():
        split = [(whole[:-1], whole[-1])]
        return split if whole[-1] not in "OQDILSBZ" else [(whole, ""), *split]
    return [(whole, "")]


def _band_lines(words: Sequence[Word], height: float) -> list[list[Word]]:
    """Group the words in the top and bottom bands into lines, left to right."""
    band = [
        w for w in words if w.bottom <= height * TOP_BAND or w.top >= height * (1 - BOTTOM_BAND)
    ]
    lines: list[list[Word]] = []
    for word in sorted(band, key=lambda w: (round(w.top), w.x0)):
        if lines and abs(lines[-1][0].top - word.top) <= LINE_TOLERANCE:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [sorted(line, key=lambda w: w.x0) for line in lines]


def _score(word: Word, bates: BatesNumber, width: float, height: float) -> float:
    """Prefer the usual stamp position (bottom-right) and full-width counters."""
    score = 2.0 if word.top >= height * (1 - BOTTOM_BAND) else 1.0
    score += word.x1 / max(width, 1.0)
    score += 0.5 if bates.width >= 6 else 0.0
    return score


def find_bates_candidates(
    words: Sequence[Word], width: float, height: float, *, from_ocr: bool = False
) -> tuple[BatesNumber, ...]:
    """Every Bates number in the page's stamp bands, best first.

    Adjacent words are tried joined by a space so ``ABC 000123`` is found too.
    """
    scored: list[tuple[float, BatesNumber]] = []
    for line in _band_lines(words, height):
        for i, word in enumerate(line):
            tokens = [(word.text, word, False)]
            if i + 1 < len(line) and not _is_address(line, i):
                tokens.append((f"{word.text} {line[i + 1].text}", line[i + 1], True))
            for token, anchor, joined in tokens:
                exact = parse_bates(token)
                readings = _ocr_readings(token) if from_ocr else ([exact] if exact else [])
                for bates in readings:
                    if joined and bates.width == 4 and bates.number in YEARS:
                        continue  # "TRAINING BULLETIN 2019": a title's year
                    scored.append((_score(anchor, bates, width, height), bates))
    scored.sort(key=lambda item: -item[0])
    unique: dict[tuple[str, int, str], BatesNumber] = {}
    for _, bates in scored:
        unique.setdefault((bates.prefix, bates.number, bates.suffix), bates)
    return tuple(unique.values())


def _is_address(line: Sequence[Word], i: int) -> bool:
    """A state and ZIP code after a comma ("Ambler, PA 19002"), not a Bates stamp."""
    state, zip_code = line[i].text, line[i + 1].text
    return (
        i > 0
        and line[i - 1].text.endswith(",")
        and len(state) == 2
        and state.isalpha()
        and _ZIP.fullmatch(zip_code) is not None
    )


def choose_document_bates(
    candidates_per_page: Sequence[Sequence[BatesNumber]],
    known_prefixes: Iterable[str] = (),
) -> list[BatesNumber | None]:
    """Pick one Bates number per page, preferring prefixes the case already trusts.

    ``known_prefixes`` are prefixes read from text layers (exact, not OCR'd). A
    document is stamped by one producing party, so otherwise the prefix most pages
    agree on wins over a stray reading (an OCR slip, a form number).
    """
    known = set(known_prefixes)
    votes = Counter(c[0].prefix for c in candidates_per_page if c)
    dominant = votes.most_common(1)[0][0] if votes else None
    chosen: list[BatesNumber | None] = []
    for candidates in candidates_per_page:
        trusted = [c for c in candidates if c.prefix in known]
        agreeing = [c for c in candidates if c.prefix == dominant]
        best = trusted or agreeing or list(candidates)
        chosen.append(best[0] if best else None)
    return chosen


def find_gaps(stamped: Iterable[StampedPage]) -> list[BatesGap]:
    """Missing counters between consecutive stamped pages of the same prefix.

    Suffixed pages (``…123A``) are inserts, not part of the sequence. A gap may be
    a withheld (privileged) range or a lost page: either way the paralegal must ask.
    """
    by_prefix: dict[str, dict[int, StampedPage]] = defaultdict(dict)
    for page in stamped:
        if not page.bates.suffix:
            by_prefix[page.bates.prefix].setdefault(page.bates.number, page)
    gaps: list[BatesGap] = []
    for prefix in sorted(by_prefix):
        numbers = sorted(by_prefix[prefix])
        for low, high in zip(numbers, numbers[1:], strict=False):
            if high - low > 1:
                left, right = by_prefix[prefix][low], by_prefix[prefix][high]
                gaps.append(
                    BatesGap(
                        prefix,
                        str(left.bates),
                        str(right.bates),
                        high - low - 1,
                        left.production,
                        right.production,
                    )
                )
    return gaps


def find_duplicates(stamped: Iterable[StampedPage]) -> list[BatesDuplicate]:
    """Bates numbers stamped on more than one stored page (within or across volumes)."""
    groups: dict[tuple[str, int, str], list[StampedPage]] = defaultdict(list)
    for page in stamped:
        groups[(page.bates.prefix, page.bates.number, page.bates.suffix)].append(page)
    return [
        BatesDuplicate(str(pages[0].bates), tuple(pages))
        for key, pages in sorted(groups.items())
        if len(pages) > 1
    ]
