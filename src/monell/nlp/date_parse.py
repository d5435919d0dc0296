"""Parsing dates as produced documents write them: dateparser with US settings, behind a
cheap regex that finds candidate spans first (dateparser costs about half a millisecond a
call and most of a page is not a date).

A date is kept only when it is absolute and plausible (1900 up to a year from today). OCR's
O / l / I inside numbers are read as digits. A range ("March 4-6, 2019", "3/4-6/2019") is
its first day: the day a course began. ``dates.py`` builds on this: a document's own date,
spaCy DATE spans.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from functools import cache, lru_cache
from typing import Protocol, cast

EARLIEST_YEAR = 1900  # older "dates" are OCR noise or statute citations, not document dates
FUTURE_YEARS = 1  # orders are signed ahead of their effective date, but not years ahead
PARSE_CACHE_SIZE = 4096  # running headers repeat one date string on every page
DATE_ORDER = "MDY"  # US police documents: 07/09/18 is July 9
PREFER_DAY_OF_MONTH = "first"  # "Jul. 2018" is the earliest day it can mean
REQUIRED_PARTS = ("month", "year")  # a bare day or "2019" alone is not a date
DATEPARSER_PARSERS = ("absolute-time",)  # never relative ("yesterday") or timestamps
DATEPARSER_LANGUAGES = ("en",)  # skips language detection, the slowest step

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?"
)
_GAP = r"(?:,[^\S\n]*|[^\S\n]+)"  # "July 9, 2018", "Sep 5 2019": one line, comma optional
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
DATE_PATTERN = re.compile(
    "|".join(
        [
            # ranges first; each is read as its first day (see _range_start)
            r"(?<![\w/.])\d{1,2}/\d{1,2}[-\u2013]\d{1,2}/(?:\d{4}|\d{2})(?![\d/])",  # 3/4-6/2019
            rf"\b{_MONTH}[^\S\n]*{_DAY}[^\S\n]*[-\u2013][^\S\n]*(?:{_MONTH}[^\S\n]*)?{_DAY}"
            rf"{_GAP}\d{{4}}(?!\d)",  # March 4-6, 2019; Nov 28 - Dec 2, 2019
            rf"(?<![\w/.]){_DAY}[^\S\n]*[-\u2013][^\S\n]*{_DAY}[^\S\n]+{_MONTH}{_GAP}\d{{4}}(?!\d)",
            r"(?<![\w/.-])\d{4}-\d{1,2}-\d{1,2}(?!\d)",  # 2018-07-09
            r"(?<![\w/.])\d{1,2}(?P<sep>[/.-])\d{1,2}(?P=sep)(?:\d{4}|\d{2})(?![\d/])",  # 7/9/18
            rf"(?<![\w/.]){_DAY}[^\S\n]+(?:of[^\S\n]+)?{_MONTH}{_GAP}\d{{4}}(?!\d)",  # 9 July 2018
            rf"(?<![\w/.])\d{{1,2}}[^\S\n]+{_MONTH}[^\S\n]+\d{{2}}(?![\d:/])",  # 26 Aug 17 (logs)
            rf"\b{_MONTH}{_GAP}(?:{_DAY}{_GAP})?\d{{4}}(?!\d)",  # July 9, 2018 / Jul. 2018
            rf"\b{_MONTH}-\d{{1,2}}-(?:\d{{4}}|\d{{2}})(?![\d/])",  # Mar-05-2019
            rf"(?<![\w/.])\d{{1,2}}-{_MONTH}-(?:\d{{4}}|\d{{2}})(?![\d/])",  # 05-MAR-19 (exports)
            r"(?<![\w/.\-\u2013])\d{1,2}[/-]\d{4}(?!\d)",  # 03/2020
        ]
    ),
    re.IGNORECASE,
)
# A bare year dates a document only right after a label ("Revised 2019"); see _year_after_label.
YEAR_PATTERN = re.compile(r"(?<![\w/.-])(?:1[89]|20)\d{2}(?![\w/]|[.-]\d)")
# OCR reads 0 as O and 1 as l or I inside numbers: "O7/O9/2O18". Same length, so spans map back.
_OCR_NUMBER = re.compile(r"(?<![A-Za-z])[0-9OoIl]*[0-9][0-9OoIl]*(?![A-Za-z])")
_OCR_DIGITS = str.maketrans("OoIl", "0011")


class _DateData(Protocol):
    date_obj: datetime | None


class _DateParser(Protocol):
    def get_date_data(self, date_string: str) -> _DateData: ...


def parse_date(text: str, *, today: date | None = None) -> date | None:
    """Return the first absolute, plausible date written in ``text``, or None.

    Plausible means from 1900 up to one year after ``today`` (default: the real today).
    Relative phrases ("yesterday", "in 2 weeks") and bare years ("2019") return None; a bare
    year is accepted only after a date label, by ``find_key_date`` and ``collect_dates``.
    """
    return next((value for value, _, _ in find_dates(text, today=today)), None)


def find_dates(text: str, *, today: date | None = None) -> Iterator[tuple[date, int, int]]:
    """Every plausible full date written in ``text`` with its span (start, end)."""
    for match in DATE_PATTERN.finditer(repair_ocr(text)):
        value = parse_date_span(match.group())
        if value is not None and is_plausible(value, today):
            yield value, match.start(), match.end()


@lru_cache(maxsize=PARSE_CACHE_SIZE)
def parse_date_span(span: str) -> date | None:
    """Parse one candidate span with dateparser; None when it is not a real date (13/45).
    A range ("March 4-6, 2019") is its first day: when a course began."""
    parsed = _date_parser().get_date_data(_range_start(span)).date_obj
    return parsed.date() if parsed is not None else None


_RANGE_NUMERIC = re.compile(r"(\d{1,2}/\d{1,2})[-\u2013]\d{1,2}/(\d{2,4})")
_RANGE_MONTH_FIRST = re.compile(
    rf"({_MONTH})[^\S\n]*({_DAY})[^\S\n]*[-\u2013].*?(\d{{4}})$", re.I | re.S
)
_RANGE_DAY_FIRST = re.compile(
    rf"({_DAY})[^\S\n]*[-\u2013][^\S\n]*{_DAY}[^\S\n]+({_MONTH}).*?(\d{{4}})$", re.I | re.S
)


def _range_start(span: str) -> str:
    """ "3/4-6/2019" → "3/4/2019", "March 4–6, 2019" → "March 4 2019", "4-6 March 2019" →
    "4 March 2019"; anything else unchanged."""
    if match := _RANGE_NUMERIC.fullmatch(span):
        return f"{match[1]}/{match[2]}"
    if match := _RANGE_MONTH_FIRST.fullmatch(span):
        return f"{match[1]} {match[2]} {match[3]}"
    if match := _RANGE_DAY_FIRST.fullmatch(span):
        return f"{match[1]} {match[2]} {match[3]}"
    return span


_END_NUMERIC = re.compile(r"(\d{1,2})/\d{1,2}[-\u2013](\d{1,2})/(\d{2,4})")
_END_MONTH_FIRST = re.compile(
    rf"({_MONTH})[^\S\n]*{_DAY}[^\S\n]*[-\u2013][^\S\n]*(?:({_MONTH})[^\S\n]*)?({_DAY}){_GAP}"
    rf"(\d{{4}})",
    re.I,
)
_END_DAY_FIRST = re.compile(
    rf"{_DAY}[^\S\n]*[-\u2013][^\S\n]*({_DAY})[^\S\n]+({_MONTH}){_GAP}(\d{{4}})", re.I
)
_MONTH_ONLY = re.compile(rf"{_MONTH}{_GAP}\d{{4}}", re.I)
_THROUGH = re.compile(r"[^\S\n]*(?:-|\u2013|\u2014|to|through|thru|until)[^\S\n]*", re.I)


def period_end(text: str, start: int, end: int, today: date | None = None) -> tuple[date, int]:
    """The last day a written date can mean, and where its writing ends: a range's last day
    ("March 4-6, 2019", "06/10/2021 - 06/18/2021", "3/4-6/2019"), a month's last day
    ("June 2021"); else the date itself. A course is complete only on its last day."""
    span = text[start:end]
    value = parse_date_span(span)
    assert value is not None
    written = None
    if match := _END_NUMERIC.fullmatch(span):
        written = f"{match[1]}/{match[2]}/{match[3]}"
    elif match := _END_MONTH_FIRST.fullmatch(span):
        written = f"{match[2] or match[1]} {match[3]} {match[4]}"
    elif match := _END_DAY_FIRST.fullmatch(span):
        written = f"{match[1]} {match[2]} {match[3]}"
    if written and (last := parse_date_span(written)) is not None and last >= value:
        return last, end
    if _MONTH_ONLY.fullmatch(span):
        following = date(value.year + value.month // 12, value.month % 12 + 1, 1)
        return following - timedelta(days=1), end
    through = _THROUGH.match(text, end)
    if through:
        later = DATE_PATTERN.match(text, through.end())
        if (
            later
            and (day := parse_date_span(later.group()))
            and day >= value
            and is_plausible(day, today)
        ):
            return period_end(text, later.start(), later.end(), today)[0], later.end()
    return value, end


@cache
def _date_parser() -> _DateParser:
    # Imported here: dateparser takes ~0.1 s to import and load its English data, and most
    # commands never parse a date.
    from dateparser.date import DateDataParser

    settings = {
        "DATE_ORDER": DATE_ORDER,
        "PREFER_DAY_OF_MONTH": PREFER_DAY_OF_MONTH,
        "REQUIRE_PARTS": list(REQUIRED_PARTS),
        "PARSERS": list(DATEPARSER_PARSERS),
    }
    parser = DateDataParser(languages=list(DATEPARSER_LANGUAGES), settings=settings)
    return cast(_DateParser, parser)


def is_plausible(value: date, today: date | None) -> bool:
    today = today or date.today()
    return date(EARLIEST_YEAR, 1, 1) <= value <= _years_after(today, FUTURE_YEARS)


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # February 29 in a year that has none
        return day.replace(year=day.year + years, day=28)


def repair_ocr(text: str) -> str:
    return _OCR_NUMBER.sub(lambda m: m.group().translate(_OCR_DIGITS), text)
