"""Render the labelled complaint eval set (corpora/eval/complaints/*.yaml) as Bates-stamped PDFs.

Each YAML file describes one fictional agency's production of complaint records: the
plaintiff's incident date, the look-back window, and one or more documents, each laid out
one way (``header_blocks``, ``table``, ``intake_forms``, ``memo``, ``uof_reports``) and
holding its records with their truth (dates, officers, disposition, topics). This script
writes one folder per file with the PDFs under ``production/`` and a ``truth.json`` that
gives, per record, the page where it starts and its derived timing (prior / post /
undated) and staleness, so that record splitting and field reading can be scored.

Besides the schema's required keys, a document may set ``style`` (the label set of its
layout: header_blocks ia/cr/ops/log, table a/b/c, intake_forms lines/grid, uof_reports
uof/r2r), ``officer_format`` (full_hash "Ofc. Dale Brandt #4471", initial_hash "Ofc. D.
Brandt #4471", star "(Star 12034)", badge_comma ", Badge 552", last_first "BRANDT, DALE
4471", serial "Brandt, Dale (Serial 4471)"), ``preamble`` / ``trailer`` / ``cover_lines``
(text around the records; a cover page pushes the records to page 2), ``font_size`` (tables),
``word_style`` (memo dates in words: mdy or dmy), ``one_per_page`` (memo), ``memo_to``,
``memo_from``, ``reviewer`` and ``investigator``. A record may set ``category``,
``force_used``, ``injury``, ``time``, ``location`` and ``memo_date`` (a memo's DATE line
when it is not the closing date). None of these change the truth.

truth.json records also carry ``layout`` and ``ocr_noise`` so scores can be broken down.

Usage:
    python -m scripts.build_complaints_eval OUT_DIR [--only file_01]
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from fixturekit.datafiles import read_yaml
from fixturekit.stamped_pdf import RunningHead, StampedPDF, to_latin

ROOT = Path(__file__).resolve().parents[1]
EVAL_DIR = ROOT / "corpora" / "eval" / "complaints"
BOTTOM_MM = 255.0  # text stops above the Bates stamp band
PAGE_HEIGHT_MM = 279.4
DOC_TYPES = {"complaint_file", "use_of_force_report"}
LAYOUTS = {"header_blocks", "table", "intake_forms", "memo", "uof_reports"}
DISPOSITIONS = {
    "sustained",
    "not_sustained",
    "unfounded",
    "exonerated",
    "administratively_closed",
    "pending",
    "withdrawn",
    "unknown",
}
OFFICER_FORMATS = {"full_hash", "initial_hash", "star", "badge_comma", "last_first", "serial"}
RANKS = {
    "ofc",
    "officer",
    "p.o",
    "po",
    "sgt",
    "sergeant",
    "det",
    "detective",
    "lt",
    "lieutenant",
    "cpl",
    "corporal",
    "dep",
    "deputy",
    "capt",
    "cpt",
    "captain",
    "tpr",
    "trooper",
    "inv",
    "investigator",
    "sr",
}


# --------------------------------------------------------------------------- PDF


class FormPDF(StampedPDF):
    """The eval productions' stamped pages (``StampedPDF``), breaking automatically above
    the stamp band, with the few ways a complaint form prints text.

    ``running_head`` (``continued``) is printed at the top of every page after the first,
    the way a printed log repeats its title on continuation pages.
    """

    def __init__(self, prefix: str, first: int) -> None:
        super().__init__(prefix, first)
        self.set_auto_page_break(auto=True, margin=PAGE_HEIGHT_MM - BOTTOM_MM)

    def line_text(self, text: str, size: float = 10, style: str = "", h: float = 5) -> None:
        self.set_font("Helvetica", style, size)
        self.multi_cell(w=0, h=h, text=to_latin(text), new_x="LMARGIN", new_y="NEXT")

    def labelled(self, label: str, value: str, size: float = 10, label_w: float = 0) -> None:
        """``Label: value`` with a bold label; the value wraps under itself."""
        label = to_latin(label)
        value = to_latin(value)
        self.set_font("Helvetica", "B", size)
        width = label_w or (self.get_string_width(label) + 2)
        if self.get_y() + 5 > BOTTOM_MM:
            self.add_page()
        self.cell(w=width, h=5, text=label)
        self.set_font("Helvetica", "", size)
        self.multi_cell(w=0, h=5, text=value, new_x="LMARGIN", new_y="NEXT")

    def space_left(self) -> float:
        return BOTTOM_MM - self.get_y()

    def rule(self) -> None:
        y = self.get_y() + 1
        self.line(20, y, 195.9, y)
        self.set_y(y + 2)


def continued(text: str) -> RunningHead:
    """The running head of a log's continuation pages."""
    return RunningHead(to_latin(text), y=12, from_page=2)


# --------------------------------------------------------------------------- OCR noise


_STRAY = list(".,'`~^:;|")


def _damage_word(word: str, rng: random.Random) -> str:
    """One realistic OCR confusion in a word (or the word unchanged if none applies)."""
    ops: list[str] = []
    letters = any(c.isalpha() for c in word)
    if letters and re.search(r"[oO]", word):
        ops += ["o0"] * 3
    if re.search(r"\d", word) and letters and "0" in word:
        ops.append("0o")
    if letters and "l" in word:
        ops += ["l1"] * 2
    if letters and re.search(r"[iI]", word):
        ops.append("i1")
    if "rn" in word:
        ops += ["rnm"] * 2
    if "m" in word:
        ops.append("mrn")
    if "e" in word:
        ops.append("ec")
    if "h" in word:
        ops.append("hb")
    if len(word) > 5:
        ops.append("split")
    if len(word) > 2:
        ops.append("stray")
    if not ops:
        return word
    op = rng.choice(ops)

    def sub(pattern: str, repl: str) -> str:
        spots = [m.start() for m in re.finditer(pattern, word)]
        at = rng.choice(spots)
        matched = re.match(pattern, word[at:])
        assert matched
        return word[:at] + repl + word[at + len(matched.group(0)) :]

    if op == "o0":
        return sub(r"[oO]", "0")
    if op == "0o":
        return sub("0", "O")
    if op == "l1":
        return sub("l", "1")
    if op == "i1":
        return sub(r"[iI]", rng.choice(["1", "l"]))
    if op == "rnm":
        return sub("rn", "m")
    if op == "mrn":
        return sub("m", "rn")
    if op == "ec":
        return sub("e", "c")
    if op == "hb":
        return sub("h", "b")
    if op == "split":
        at = rng.randint(2, len(word) - 2)
        return word[:at] + " " + word[at:]
    at = rng.randint(1, len(word) - 1)
    return word[:at] + rng.choice(_STRAY) + word[at:]


def ocr_text(text: str, rng: random.Random, rate: float = 0.22) -> str:
    """Bad-OCR damage over running text: confusions, broken words, dropped spaces, specks."""
    words = text.split(" ")
    out: list[str] = []
    for word in words:
        if word and rng.random() < rate:
            word = _damage_word(word, rng)
        if out and word and rng.random() < rate / 4:
            out[-1] = out[-1] + word  # dropped space
            continue
        out.append(word)
    result = " ".join(out)
    if len(result) > 20 and rng.random() < 0.3:
        at = rng.randint(1, len(result) - 1)
        result = result[:at] + rng.choice(_STRAY) + result[at:]
    return result


def ocr_light(text: str, rng: random.Random, chance: float = 0.35) -> str:
    """At most one confusion in a short string (a label, a name, a disposition)."""
    if not text or rng.random() >= chance:
        return text
    words = text.split(" ")
    candidates = [i for i, w in enumerate(words) if len(w) > 2 and any(c.isalpha() for c in w)]
    if not candidates:
        return text
    i = rng.choice(candidates)
    words[i] = _damage_word(words[i], rng)
    return " ".join(words)


_READABLE_SWAPS = {"0": "O", "1": "l", "5": "S"}


_ID_SWAPS = {"0": "O", "1": "l"}


def ocr_glyph(
    text: str, rng: random.Random, chance: float, swaps: dict[str, str] | None = None
) -> str:
    """At most one digit read as a look-alike letter (2O19, l0/14): still readable by a human."""
    swaps = swaps or _READABLE_SWAPS
    if not text or rng.random() >= chance:
        return text
    spots = [i for i, c in enumerate(text) if c in swaps]
    if not spots:
        return text
    i = rng.choice(spots)
    return text[:i] + swaps[text[i]] + text[i + 1 :]


# --------------------------------------------------------------------------- fields


def parse_date(value: Any, where: str) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise SystemExit(f"{where}: bad ISO date {value!r}") from exc


def _is_rank(token: str) -> bool:
    return token.lower().rstrip(".") in RANKS


def split_name(name: str) -> tuple[str, str, str]:
    """("Ofc.", "Dale", "Brandt") from "Ofc. Dale Brandt"; rank and first name may be empty."""
    tokens = name.split()
    rank: list[str] = []
    while len(tokens) > 1 and _is_rank(tokens[0]):
        rank.append(tokens.pop(0))
    return " ".join(rank), " ".join(tokens[:-1]), tokens[-1]


def format_officer(officer: dict[str, Any], style: str) -> str:
    rank, first, last = split_name(str(officer["name"]))
    badge = officer.get("badge")
    badge = None if badge in (None, "") else str(badge)

    def join(*parts: str) -> str:
        return " ".join(p for p in parts if p)

    if style == "full_hash":
        return join(rank, first, last, f"#{badge}" if badge else "")
    if style == "initial_hash":
        return join(rank, f"{first[0]}." if first else "", last, f"#{badge}" if badge else "")
    if style == "star":
        return join(rank, first, last, f"(Star {badge})" if badge else "")
    if style == "badge_comma":
        return join(rank, first, last) + (f", Badge {badge}" if badge else "")
    if style == "last_first":
        return join(f"{last.upper()}," if first else last.upper(), first.upper(), badge or "")
    if style == "serial":
        return join(
            rank, f"{last}," if first else last, first, f"(Serial {badge})" if badge else ""
        )
    raise SystemExit(f"unknown officer_format {style!r}")


def words_date(day: date, style: str) -> str:
    if style == "dmy":
        return f"{day.day} {day:%B} {day.year}"
    return f"{day:%B} {day.day}, {day.year}"


class Printed:
    """A record's printed strings (noise applied when the record is flagged ocr_noise)."""

    def __init__(
        self, rec: dict[str, Any], doc: dict[str, Any], labels: dict[str, str], seed: str
    ) -> None:
        self.rng = random.Random(seed)
        rng = self.rng
        noisy = bool(rec.get("ocr_noise"))
        fmt = doc.get("date_format", "%m/%d/%Y")

        def dt(key: str) -> str:
            day = rec["_dates"][key]
            if day is None:
                return ""
            text = day.strftime(fmt)
            return ocr_glyph(text, rng, 0.25) if noisy else text

        self.noisy = noisy
        self.id = ocr_glyph(str(rec["id"]), rng, 0.6, _ID_SWAPS) if noisy else str(rec["id"])
        self.event = dt("event")
        self.received = dt("received")
        self.closed = dt("closed")
        style = rec.get("officer_format") or doc.get("officer_format", "full_hash")
        officers = [format_officer(o, style) for o in rec.get("officers") or []]
        if noisy:
            officers = [ocr_light(o, rng, 0.3) for o in officers]
        self.officer_list = officers
        self.complainant = str(rec.get("complainant") or "")
        allegation = str(rec.get("allegation") or "")
        self.allegation = ocr_text(allegation, rng) if noisy else allegation
        disp = str(rec.get("disposition_text") or "")
        self.disposition = ocr_light(disp, rng, 0.3) if noisy else disp
        self.discipline = str(rec.get("discipline") or "")
        self.category = str(rec.get("category") or "")
        self.force = str(rec.get("force_used") or "")
        if noisy and self.force:
            self.force = ocr_light(self.force, rng, 0.5)
        self.time = str(rec.get("time") or "")
        if (
            not self.time
            and rec["_dates"]["event"]
            and doc["layout"] in ("intake_forms", "uof_reports")
        ):
            self.time = f"{rng.randint(0, 23):02d}{rng.choice(['05', '15', '30', '40', '50'])} hrs"
        self.location = str(rec.get("location") or "")
        if not self.location:
            self.location = f"{rng.randint(1, 48) * 100} block of {rng.choice(STREETS)}"
        self.injury = str(rec.get("injury") or "")
        self.labels = {k: (ocr_light(v, rng, 0.35) if noisy else v) for k, v in labels.items()}

    def officers(self, sep: str = "; ") -> str:
        return sep.join(self.officer_list)


# --------------------------------------------------------------------------- layouts

# The layouts' printed labels: fixturekit/data/complaint_forms.yaml.
FORMS: dict[str, Any] = read_yaml("complaint_forms")
HEADER_STYLES: dict[str, dict[str, Any]] = FORMS["header_styles"]
# (heading, field, width in mm); widths sum to the 175.9 mm text width
TABLE_STYLES: dict[str, list[tuple[str, str, float]]] = FORMS["table_styles"]
INTAKE_STYLES: dict[str, dict[str, Any]] = FORMS["intake_styles"]
UOF_STYLES: dict[str, dict[str, Any]] = FORMS["uof_styles"]
MEMO_LABELS: dict[str, str] = FORMS["memo_labels"]
STREETS: list[str] = FORMS["streets"]  # made-up locations for records that name none


def _field(printed: Printed, key: str) -> str:
    if key == "officers":
        return printed.officers("\n")
    if key == "disp_disc":
        parts = [p for p in (printed.disposition, printed.discipline) if p]
        return " - ".join(parts)
    return str(getattr(printed, key))


def _title(pdf: FormPDF, doc: dict[str, Any], with_preamble: bool = True) -> None:
    for line in doc.get("title_lines") or []:
        pdf.line_text(str(line), size=11, style="B", h=5.5)
    if with_preamble:
        pdf.ln(1)
        for line in doc.get("preamble") or []:
            pdf.line_text(str(line), size=9, h=4.5)
    pdf.ln(3)


def _cover(pdf: FormPDF, doc: dict[str, Any]) -> None:
    """Optional transmittal cover page: title lines and the cover text, no records."""
    pdf.add_page()
    _title(pdf, doc, with_preamble=False)
    for line in doc["cover_lines"]:
        pdf.line_text(str(line), size=10)
        pdf.ln(1.5)


def render_header_blocks(pdf: FormPDF, doc: dict[str, Any], records: list[dict[str, Any]]) -> None:
    style = HEADER_STYLES[doc.get("style", "ia")]
    titles = doc.get("title_lines") or []
    pdf.running_head = None  # the first log page carries the full title instead
    pdf.add_page()
    _title(pdf, doc)
    pdf.running_head = continued((" - ".join(titles[-2:]) if titles else "") + " (continued)")
    for rec in records:
        p: Printed = rec["_printed"]
        if pdf.space_left() < 22:  # keep a header with at least a few of its lines
            pdf.add_page()
        rec["_page"] = pdf.page_no()
        head = p.id + (f"    {p.category.upper()}" if p.category else "")
        pdf.line_text(head, size=10, style="B")
        for key in style["order"]:
            if key in ("event", "received", "closed"):
                value = getattr(p, key)
                if not value and not doc.get("print_blank_dates"):
                    continue
            elif key == "officers":
                value = p.officers()
            elif key == "complainant":
                value = p.complainant
                if not value:
                    continue
            elif key == "discipline":
                value = p.discipline
                if not value:
                    continue
            else:
                value = getattr(p, key)
            pdf.labelled(p.labels[key], value, size=9.5)
        pdf.ln(1)
        pdf.rule()
    for line in doc.get("trailer") or []:
        pdf.line_text(str(line), size=9)


def _table_page(
    pdf: FormPDF, doc: dict[str, Any], rows: list[list[str]], top: str, widths: tuple[float, ...]
) -> None:
    """One page of the log; ``top`` is "title" (title lines and preamble) or "continued"."""
    pdf.add_page()
    titles = doc.get("title_lines") or []
    if top == "title":
        _title(pdf, doc)
    else:
        suffix = " (continued)" if top == "continued" else ""
        pdf.line_text((titles[-1] if titles else "") + suffix, size=10, style="B")
        pdf.ln(2)
    size = float(doc.get("font_size", 7.5))
    pdf.set_font("Helvetica", size=size)
    with pdf.table(
        text_align="LEFT",
        first_row_as_headings=True,
        line_height=size * 0.5,
        col_widths=widths,
        width=pdf.epw,
    ) as grid:
        for row in rows:
            grid.row([to_latin(cell) for cell in row])


def _table_fits(
    doc: dict[str, Any],
    header: list[str],
    rows: list[list[str]],
    top: str,
    widths: tuple[float, ...],
) -> bool:
    scratch = FormPDF("X", 1)
    scratch.set_auto_page_break(auto=False)
    _table_page(scratch, doc, [header, *rows], top, widths)
    return scratch.page_no() == 1 and scratch.get_y() <= BOTTOM_MM - 4


def _column_widths(
    doc: dict[str, Any],
    columns: list[tuple[str, str, float]],
    header: list[str],
    rows: list[list[str]],
) -> tuple[float, ...]:
    """Nominal widths, widened so that no id, date or heading word is ever broken mid-token
    (a wrapped "VV17-001 / 2" would destroy the id); the text columns give up the room."""
    probe = FormPDF("X", 1)
    probe.add_page()
    size = float(doc.get("font_size", 7.5))
    pad = 3.0
    need: list[float] = []
    for i, (_, field, _) in enumerate(columns):
        probe.set_font("Helvetica", "B", size)
        widest = max(probe.get_string_width(to_latin(word)) for word in header[i].split())
        probe.set_font("Helvetica", "", size)
        if field in ("id", "event", "received", "closed"):
            widest = max([widest] + [probe.get_string_width(to_latin(row[i])) for row in rows])
        else:
            words = [w for row in rows for line in row[i].split("\n") for w in line.split()]
            widest = max([widest] + [probe.get_string_width(to_latin(w)) for w in words])
        need.append(widest + pad)
    nominal = [c[2] for c in columns]
    widths = [max(n, w) for n, w in zip(need, nominal, strict=True)]
    flexible = [
        i
        for i, (_, field, _) in enumerate(columns)
        if field not in ("id", "event", "received", "closed")
    ]
    excess = sum(widths) - 175.9
    if excess > 0:
        spare = {i: widths[i] - need[i] for i in flexible}
        total = sum(spare.values())
        if total < excess:
            raise SystemExit(f"{doc['file']}: table too wide at font size {size}")
        for i in flexible:
            widths[i] -= excess * spare[i] / total
    else:
        for i in flexible:
            widths[i] += -excess / len(flexible)
    return tuple(widths)


def render_table(pdf: FormPDF, doc: dict[str, Any], records: list[dict[str, Any]]) -> None:
    columns = TABLE_STYLES[doc.get("style", "a")]
    header = [c[0] for c in columns]
    rows = [[_field(rec["_printed"], c[1]) for c in columns] for rec in records]
    widths = _column_widths(doc, columns, header, rows)
    pages: list[list[int]] = []
    start = 0

    def top_of(page_index: int) -> str:
        return "continued" if page_index else "title"

    while start < len(rows):
        top = top_of(len(pages))
        end = start + 1
        while end < len(rows) and _table_fits(doc, header, rows[start : end + 1], top, widths):
            end += 1
        if not _table_fits(doc, header, rows[start:end], top, widths):
            raise SystemExit(f"{doc['file']}: row {records[start]['id']} does not fit on a page")
        pages.append(list(range(start, end)))
        start = end
    pdf.set_auto_page_break(auto=False)
    for number, chunk in enumerate(pages):
        _table_page(pdf, doc, [header, *(rows[i] for i in chunk)], top_of(number), widths)
        for i in chunk:
            records[i]["_page"] = pdf.page_no()
    trailer = doc.get("trailer") or []
    if trailer:
        if pdf.get_y() + 5 * len(trailer) + 4 > BOTTOM_MM:
            pdf.add_page()
        pdf.ln(3)
        for line in trailer:
            pdf.line_text(str(line), size=9)
    pdf.set_auto_page_break(auto=True, margin=PAGE_HEIGHT_MM - BOTTOM_MM)


def _grid(pdf: FormPDF, cells: list[tuple[str, str]]) -> None:
    """Form boxes: label | value | label | value, ruled."""
    pdf.set_font("Helvetica", size=8.5)
    with pdf.table(
        text_align="LEFT",
        first_row_as_headings=False,
        line_height=4.5,
        col_widths=(34, 54, 34, 53.9),
        width=pdf.epw,
    ) as grid:
        for i in range(0, len(cells), 2):
            pair = cells[i : i + 2]
            row: list[str] = []
            for label, value in pair:
                row += [to_latin(label), to_latin(value)]
            while len(row) < 4:
                row.append("")
            grid.row(row)


def render_intake_forms(pdf: FormPDF, doc: dict[str, Any], records: list[dict[str, Any]]) -> None:
    kind = doc.get("style", "lines")
    form = INTAKE_STYLES[kind]
    for rec in records:
        p: Printed = rec["_printed"]
        L = p.labels
        pdf.add_page()
        rec["_page"] = pdf.page_no()
        for line in doc.get("title_lines") or []:
            pdf.line_text(str(line), size=10, style="B")
        pdf.ln(1)
        pdf.line_text(form["form"], size=12, style="B", h=6)
        pdf.ln(2)
        if kind == "grid":
            cells = [
                (L["id"], p.id),
                (L["received"], p.received),
                (L["event"], p.event),
                (L["time"], p.time),
                (L["location"], p.location),
                (L["complainant"], p.complainant),
                (L["officers"], p.officers("\n")),
                (L["category"], p.category),
            ]
            _grid(pdf, cells)
            pdf.ln(3)
        else:
            pdf.labelled(L["id"], p.id)
            pdf.labelled(L["received"], p.received)
            pdf.labelled(L["event"], p.event)
            pdf.labelled(L["time"], p.time)
            pdf.labelled(L["location"], p.location)
            pdf.labelled(L["complainant"], p.complainant)
            pdf.labelled(L["officers"], p.officers())
            pdf.labelled(L["category"], p.category)
            pdf.ln(2)
        pdf.line_text(L["allegation"], size=10, style="B")
        pdf.line_text(p.allegation, size=10)
        pdf.ln(4)
        pdf.rule()
        pdf.line_text(L["office"], size=10, style="B")
        if kind == "grid":
            _grid(
                pdf,
                [
                    (L["disposition"], p.disposition),
                    (L["closed"], p.closed),
                    (L["discipline"], p.discipline),
                    ("Investigator", str(doc.get("investigator", ""))),
                ],
            )
        else:
            pdf.labelled(L["disposition"], p.disposition)
            pdf.labelled(L["closed"], p.closed)
            pdf.labelled(L["discipline"], p.discipline)
            if doc.get("investigator"):
                pdf.labelled("Assigned Investigator:", str(doc["investigator"]))


def render_memo(pdf: FormPDF, doc: dict[str, Any], records: list[dict[str, Any]]) -> None:
    style = doc.get("word_style", "mdy")
    fmt = doc.get("date_format", "%m/%d/%Y")
    titles = doc.get("title_lines") or []
    pdf.running_head = None
    pdf.add_page()
    _title(pdf, doc)
    pdf.running_head = continued((titles[-1] if titles else "") + " (continued)")
    first = True
    for rec in records:
        p: Printed = rec["_printed"]
        rng = p.rng
        d = rec["_dates"]
        if not first and (doc.get("one_per_page") or pdf.space_left() < 60):
            pdf.add_page()
        first = False
        rec["_page"] = pdf.page_no()
        memo_date = parse_date(rec.get("memo_date"), rec["id"]) or d["closed"]
        pdf.line_text("MEMORANDUM", size=11, style="B")
        pdf.labelled("TO:", str(doc.get("memo_to", "Chief of Police")))
        pdf.labelled("FROM:", str(doc.get("memo_from", "Commander, Internal Affairs")))
        if memo_date:
            text = memo_date.strftime(fmt)
            pdf.labelled("DATE:", ocr_glyph(text, rng, 0.25) if p.noisy else text)
        re_line = p.id + (f" - {p.category}" if p.category else "")
        pdf.labelled("RE:", re_line)
        pdf.ln(1)

        def w(day: date | None, rng: random.Random = rng, noisy: bool = p.noisy) -> str:
            if day is None:
                return ""
            text = words_date(day, style)
            return ocr_glyph(text, rng, 0.2) if noisy else text

        who = p.complainant or "the complainant"
        sentences: list[str] = []
        if d["received"]:
            sentences.append(f"On {w(d['received'])}, this office received a complaint from {who}.")
        else:
            sentences.append(f"This office received a complaint from {who}.")
        if d["event"]:
            sentences.append(
                rng.choice(
                    [
                        f"According to the complainant, the incident occurred on {w(d['event'])}.",
                        f"The complainant stated that the events took place on {w(d['event'])}.",
                    ]
                )
            )
        sentences.append(p.allegation)
        if p.officer_list:
            who_o = p.officers(" and ")
            sentences.append(
                f"The accused {'members are' if len(p.officer_list) > 1 else 'member is'} {who_o}."
            )
        if d["closed"]:
            sentences.append(f"The investigation was completed on {w(d['closed'])}.")
        paragraph = " ".join(s for s in sentences if s)
        pdf.line_text(paragraph, size=10)
        pdf.ln(1)
        if p.disposition:
            pdf.labelled(p.labels["disposition"], p.disposition)
        if p.discipline:
            pdf.labelled(p.labels["discipline"], p.discipline)
        pdf.ln(2)
        pdf.rule()
    for line in doc.get("trailer") or []:
        pdf.line_text(str(line), size=9)


def render_uof_reports(pdf: FormPDF, doc: dict[str, Any], records: list[dict[str, Any]]) -> None:
    form = UOF_STYLES[doc.get("style", "uof")]
    for rec in records:
        p: Printed = rec["_printed"]
        L = p.labels
        pdf.add_page()
        rec["_page"] = pdf.page_no()
        for line in doc.get("title_lines") or []:
            pdf.line_text(str(line), size=10, style="B")
        pdf.ln(1)
        pdf.line_text(form["form"], size=12, style="B", h=6)
        pdf.ln(2)
        event = p.event + (f" {p.time}" if p.event and p.time else "")
        pdf.labelled(L["id"], p.id)
        pdf.labelled(L["event"], event)
        pdf.labelled(L["received"], p.received)
        pdf.labelled(L["location"], p.location)
        pdf.labelled(L["officers"], p.officers())
        pdf.labelled(L["complainant"], p.complainant)
        pdf.labelled(L["injury"], p.injury or "None reported")
        pdf.labelled(L["force"], p.force)
        pdf.ln(2)
        pdf.line_text(L["allegation"], size=10, style="B")
        pdf.line_text(p.allegation, size=10)
        pdf.ln(4)
        pdf.rule()
        pdf.line_text(L["review"], size=10, style="B")
        if doc.get("reviewer"):
            pdf.labelled("Reviewed by:", str(doc["reviewer"]))
        pdf.labelled(L["closed"], p.closed)
        pdf.labelled(L["disposition"], p.disposition)
        if p.discipline:
            pdf.labelled(L["discipline"], p.discipline)


RENDERERS = {
    "header_blocks": render_header_blocks,
    "table": render_table,
    "intake_forms": render_intake_forms,
    "memo": render_memo,
    "uof_reports": render_uof_reports,
}


def _labels_for(doc: dict[str, Any]) -> dict[str, str]:
    layout = doc["layout"]
    if layout == "header_blocks":
        return dict(HEADER_STYLES[doc.get("style", "ia")]["labels"])
    if layout == "intake_forms":
        return dict(INTAKE_STYLES[doc.get("style", "lines")]["labels"])
    if layout == "uof_reports":
        return dict(UOF_STYLES[doc.get("style", "uof")]["labels"])
    if layout == "memo":
        return dict(MEMO_LABELS)
    return {}


# --------------------------------------------------------------------------- truth


def _prints_closed(doc: dict[str, Any], labels: dict[str, str], rec: dict[str, Any]) -> bool:
    """Whether the record's page prints its closing date at all: a table style without the
    column does not; a memo's DATE line is its closing date unless it carries another."""
    if doc["layout"] == "table":
        return any(field == "closed" for _, field, _ in TABLE_STYLES[doc.get("style", "a")])
    if doc["layout"] == "memo":
        return not rec.get("memo_date")
    return "closed" in labels


def lookback_cutoff(incident: date, years: int) -> date:
    try:
        return incident.replace(year=incident.year - years)
    except ValueError:  # 29 February
        return incident.replace(year=incident.year - years, day=28)


def derive_timing(
    event: date | None, received: date | None, incident: date, years: int
) -> tuple[str, bool]:
    known = [d for d in (event, received) if d is not None]
    if not known:
        return "undated", False
    if any(d >= incident for d in known):
        return "post", False
    ref = event or received
    assert ref is not None
    return "prior", ref < lookback_cutoff(incident, years)


def validate(name: str, spec: dict[str, Any], topic_ids: set[str]) -> None:
    def fail(msg: str) -> None:
        raise SystemExit(f"{name}: {msg}")

    for key in ("agency", "incident_date", "bates_prefix", "lookback_years", "documents"):
        if key not in spec:
            fail(f"missing {key}")
    if not re.fullmatch(r"[A-Z]{2,5}", str(spec["bates_prefix"])):
        fail("bates_prefix must be 2-5 capitals")
    parse_date(spec["incident_date"], f"{name}: incident_date")
    seen: set[str] = set()
    names: set[str] = set()
    for doc in spec["documents"]:
        where = f"{doc.get('file')}"
        if doc.get("doc_type") not in DOC_TYPES:
            fail(f"{where}: doc_type {doc.get('doc_type')!r}")
        if doc.get("layout") not in LAYOUTS:
            fail(f"{where}: layout {doc.get('layout')!r}")
        if (doc["layout"] == "uof_reports") != (doc["doc_type"] == "use_of_force_report"):
            fail(f"{where}: uof_reports layout goes with doc_type use_of_force_report")
        if doc.get("officer_format", "full_hash") not in OFFICER_FORMATS:
            fail(f"{where}: officer_format {doc.get('officer_format')!r}")
        if not doc.get("records"):
            fail(f"{where}: no records")
        for rec in doc["records"]:
            rid = str(rec.get("id") or "")
            if not rid:
                fail(f"{where}: record without id")
            if rid in seen:
                fail(f"{where}: duplicate id {rid}")
            seen.add(rid)
            if rec.get("disposition") not in DISPOSITIONS:
                fail(f"{rid}: disposition {rec.get('disposition')!r}")
            if (
                not str(rec.get("disposition_text") or "").strip()
                and rec["disposition"] != "unknown"
            ):
                fail(f"{rid}: blank disposition_text must be labelled unknown")
            bad = [t for t in rec.get("topics") or [] if t not in topic_ids]
            if bad:
                fail(f"{rid}: unknown topics {bad}")
            if not rec.get("officers"):
                fail(f"{rid}: no officers")
            if rec.get("officer_format", "full_hash") not in OFFICER_FORMATS:
                fail(f"{rid}: officer_format")
            for key in ("event_date", "received_date", "closed_date", "memo_date"):
                parse_date(rec.get(key), f"{name}: {rid}: {key}")
            names.update(str(o["name"]) for o in rec["officers"])
    for defendant in spec.get("defendants") or []:
        if defendant not in names:
            fail(f"defendant {defendant!r} appears in no record")


def build_file(source: Path, out_dir: Path, topic_ids: set[str]) -> tuple[Path, dict[str, Any]]:
    spec = yaml.safe_load(source.read_text(encoding="utf-8"))
    validate(source.name, spec, topic_ids)
    incident = parse_date(spec["incident_date"], source.name)
    assert incident is not None
    years = int(spec["lookback_years"])
    prefix = str(spec["bates_prefix"])
    folder = out_dir / source.stem
    production = folder / "production"
    production.mkdir(parents=True, exist_ok=True)
    bates = 1
    truth_records: list[dict[str, Any]] = []
    for doc in spec["documents"]:
        labels = _labels_for(doc)
        records = doc["records"]
        for rec in records:
            rec["_dates"] = {
                "event": parse_date(rec.get("event_date"), rec["id"]),
                "received": parse_date(rec.get("received_date"), rec["id"]),
                "closed": parse_date(rec.get("closed_date"), rec["id"]),
            }
            rec["_printed"] = Printed(rec, doc, labels, f"{prefix}|{doc['file']}|{rec['id']}")
        pdf = FormPDF(prefix, bates)
        if doc.get("cover_lines"):
            _cover(pdf, doc)
        RENDERERS[doc["layout"]](pdf, doc, records)
        path = production / doc["file"]
        pdf.output(str(path))
        bates += pdf.page_no()
        for rec in records:
            d = rec["_dates"]
            timing, stale = derive_timing(d["event"], d["received"], incident, years)
            truth_records.append(
                {
                    "file": doc["file"],
                    "id": str(rec["id"]),
                    "page": rec["_page"],
                    "event_date": d["event"].isoformat() if d["event"] else None,
                    "received_date": d["received"].isoformat() if d["received"] else None,
                    # what the page says: a layout without a closing date prints none
                    "closed_date": (
                        d["closed"].isoformat()
                        if d["closed"] and _prints_closed(doc, labels, rec)
                        else None
                    ),
                    "officers": [
                        {
                            "name": str(o["name"]),
                            "badge": None if o.get("badge") in (None, "") else str(o["badge"]),
                        }
                        for o in rec["officers"]
                    ],
                    "disposition": rec["disposition"],
                    "topics": list(rec.get("topics") or []),
                    "timing": timing,
                    "stale": stale,
                    "layout": doc["layout"],
                    "ocr_noise": bool(rec.get("ocr_noise")),
                }
            )
    truth = {
        "agency": spec["agency"],
        "incident_date": incident.isoformat(),
        "lookback_years": years,
        "defendants": list(spec.get("defendants") or []),
        "documents": {d["file"]: d["doc_type"] for d in spec["documents"]},
        "records": truth_records,
    }
    (folder / "truth.json").write_text(json.dumps(truth, indent=2), encoding="utf-8")
    return folder, truth


def summary(truth: dict[str, Any]) -> str:
    recs = truth["records"]
    timing = Counter(r["timing"] for r in recs)
    stale = sum(r["stale"] for r in recs)
    noisy = sum(r["ocr_noise"] for r in recs)
    return (
        f"{len(recs)} records (prior {timing['prior']} incl. {stale} stale, post {timing['post']}, "
        f"undated {timing['undated']}; {noisy} OCR-noisy)"
    )


def default_topic_ids() -> set[str]:
    taxonomy = ROOT / "corpora" / "taxonomy" / "default.yaml"
    return {t["id"] for t in yaml.safe_load(taxonomy.read_text(encoding="utf-8"))["topics"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--only", action="append", default=[], help="file stem(s), e.g. file_01")
    args = parser.parse_args()
    topic_ids = default_topic_ids()
    sources = sorted(EVAL_DIR.glob("*.yaml"))
    prefixes = Counter(
        str(yaml.safe_load(s.read_text(encoding="utf-8"))["bates_prefix"]) for s in sources
    )
    clashes = [p for p, n in prefixes.items() if n > 1]
    if clashes:
        raise SystemExit(f"bates_prefix used by more than one file: {clashes}")
    for source in sources:
        if args.only and source.stem not in args.only:
            continue
        folder, truth = build_file(source, args.out_dir, topic_ids)
        print(f"{source.stem}: {summary(truth)} -> {folder}")


if __name__ == "__main__":
    main()
