"""Accused officers as a record names them, and the key two spellings of one officer share.

An accused field comes first ("Accused: Ofc. J. Marsh #4471", "MARSH, JOHN", "John Marsh;
Ana Ruiz"); only a record without one is searched for ranked names ("Officer Marsh
grabbed…"), never on an investigator's, reviewer's or witness's line. A name runs over
initials and words on one line, and stops at a sentence's end.
"""

from __future__ import annotations

import re

from monell.complaints.ocr_words import letters_for_digits
from monell.records.complaints import Officer
from monell.resources import load_cues

# Ranks and the words around names are data: corpora/cues/complaints.yaml.
_VOCABULARY = load_cues("complaints")
_RANKS = "|".join(_VOCABULARY["ranks"])
# As printed in title case, in capitals ("SGT. JOHN MARSH"), or "officer" in a sentence.
RANKS = rf"(?-i:{_RANKS}|{_RANKS.upper()}|officer|police officer)"
BADGE = r"(?:#\s?|(?i:Badge|Star|Serial|ID)\s*(?:No\.?|#)?\s*)(?P<badge>\d{2,6})"
# Words that follow a name in a sentence or a form, never part of it ("Officer Marsh The").
NOT_NAME = r"(?!(?:" + "|".join(_VOCABULARY["not_name_words"]) + r")\b)"
# A name runs over initials ("J.") and words on one line; a word ending a sentence ends it.
OFFICER = re.compile(
    rf"\b{RANKS}[^\S\n]+(?P<name>(?:{NOT_NAME}(?:[A-Z]\.|[A-Z][a-zA-Z'\-]*)[^\S\n]+){{0,2}}"
    rf"{NOT_NAME}[A-Z][a-zA-Z'\-]+)"
    rf"(?:[^\S\n]*,?[^\S\n]*\(?{BADGE}\)?)?"
)
# An accused field without ranks: "John Marsh", "Marsh, John #4471", "J. Marsh; A. Ruiz".
PLAIN_NAME = re.compile(r"(?:[A-Z]\.|[A-Z][a-zA-Z'\-]+)(?:\s+(?:[A-Z]\.|[A-Z][a-zA-Z'\-]+)){0,2}")
LAST_COMMA_FIRST = re.compile(
    r"(?P<last>[A-Z][A-Za-z'\-]+)\s*,\s*(?P<first>[A-Z][A-Za-z'\-]*\.?)(?:\s+[A-Z]\.?)?"
)
NO_ONE = re.compile(r"\b(" + "|".join(_VOCABULARY["no_one"]) + r")\b", re.I)
# Lines naming people who are not the accused: the fallback never reads officers there.
NOT_ACCUSED = re.compile(r"^\s*(" + "|".join(_VOCABULARY["not_accused_lines"]) + ")", re.I)
LAST_FIRST = re.compile(
    r"\b(?P<last>[A-Z][A-Z'\-]{1,})\s*,\s*(?P<first>[A-Z][A-Za-z'\-]*\.?)"
    r"(?:\s+[A-Z]\.?)?(?:\s*\(?#?\s*(?P<badge>\d{2,6})\)?)?"
)


def find_officers(field: str, fallback: str = "") -> tuple[Officer, ...]:
    """Officers named in an accused/involved field; only when the record has no such field,
    ranked names anywhere in it (never on an investigator's, reviewer's or witness's line).
    OCR's digits inside names and ranks are read as letters ("P.0.", "J0HN", "0fc.")."""
    field, fallback = letters_for_digits(field), letters_for_digits(fallback)
    found = [_officer(m.group(0), m["name"], m["badge"]) for m in OFFICER.finditer(field)]
    if field.strip() and not found:
        found = _capital_names(field) or _plain_names(field)
    if not field.strip():
        text = "\n".join(line for line in fallback.splitlines() if not NOT_ACCUSED.match(line))
        found = [_officer(m.group(0), m["name"], m["badge"]) for m in OFFICER.finditer(text)]
    unique: dict[str, Officer] = {}
    for officer in found:
        kept = unique.get(officer.key)
        if kept is None or (officer.badge and not kept.badge):
            unique[officer.key] = officer
    return tuple(unique.values())


def _capital_names(field: str) -> list[Officer]:
    """ "MARSH, JOHN #4471": the roster form, surname in capitals."""
    return [
        _officer(
            f"{m['last'].title()}, {m['first']}", f"{m['first']} {m['last'].title()}", m["badge"]
        )
        for m in LAST_FIRST.finditer(field)
    ]


def _plain_names(field: str) -> list[Officer]:
    """Names without a rank, one per part of the field: "John Marsh", "Marsh, John #4471",
    "J. Marsh #4471; A. Ruiz". A part with one comma between two single names is
    "Last, First"; otherwise commas separate people."""
    found = []
    for part in re.split(r"\s*(?:;|\n|\band\b|&|/)\s*", field):
        badge = re.search(BADGE, part)
        bare = re.sub(rf"[,(\s]*{BADGE}\)?", "", part).strip(" ,.()")
        reverse = LAST_COMMA_FIRST.fullmatch(bare)
        if reverse and bare.count(",") == 1:
            name = f"{reverse['first']} {reverse['last']}"
            found.append(_officer(part, name, badge["badge"] if badge else None))
            continue
        for piece in bare.split(","):
            piece = piece.strip()
            if (
                PLAIN_NAME.fullmatch(piece)
                and len(piece.replace(".", "").split()) >= 2
                and not NO_ONE.search(piece)
            ):
                found.append(_officer(piece, piece, badge["badge"] if badge else None))
    return found


def officer_key(name: str) -> str:
    """ "Ofc. J. Marsh" and "MARSH, JOHN" both → "marsh j": last name and first initial."""
    cleaned = re.sub(rf"^(?:{_RANKS})\s+", "", name.strip(), flags=re.I)
    cleaned = re.sub(r"[,(]?\s*(#|badge|star|serial)\b.*$|\s\d+\)?$", "", cleaned, flags=re.I)
    if "," in cleaned:
        last, first = (p.strip() for p in cleaned.split(",", 1))
    else:
        parts = cleaned.replace(".", " ").split()
        last, first = (parts[-1], parts[0]) if len(parts) > 1 else (cleaned, "")
    return f"{last.lower().strip('.')} {first[:1].lower()}".strip()


def _officer(printed: str, name: str, badge: str | None) -> Officer:
    printed = " ".join(printed.split()).strip(" ,;")
    if printed.count("(") > printed.count(")"):
        printed += ")"
    return Officer(name=printed, badge=badge, key=officer_key(name))
