"""Who complained: the complainant, claimant or plaintiff a record names, reduced to a key.

Two records of one event (an IA complaint and the lawsuit that followed it) name the same
person in different styles: "Maria Ramos", "RAMOS, MARIA", "Ramos v. City of Harlan",
"Estate of Luis Ramos". The key is the last name, lower case. A field that names nobody
("Complainant #1", "Anonymous", "[redacted]") has no key, so it can never tell two events
apart or tie them together.
"""

from __future__ import annotations

import re

from monell.resources import load_cues

_VOCABULARY = load_cues("complaints")
CAPTION = re.compile(
    r"^\s*(?P<plaintiff>.+?)\s+(?:" + "|".join(_VOCABULARY["caption_separators"]) + r")\s+"
    r"(?P<defendant>\S.*)$",
    re.I,
)
# A criminal case's caption names the government first: the person is the defendant.
GOVERNMENT = re.compile(
    r"^(the\s+)?(state|people|commonwealth|united states|government)\b(\s+of\s+[\w ]+)?$", re.I
)
NO_ONE = re.compile(r"^(?:" + "|".join(_VOCABULARY["no_one_named"]) + r")$", re.I)
ESTATE = re.compile(r"^\s*(?:the\s+)?estate\s+of\s+", re.I)
SUFFIX = re.compile(r"^(?:jr|sr|ii|iii|iv|et al)\.?$", re.I)
NAME_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]+")
TOO_SHORT = 2  # one letter is an initial, not a name


def complainant_key(name: str | None) -> str:
    """The last name of the person a complainant field or a caption names, lower case;
    "" when it names nobody."""
    if not name:
        return ""
    text = name.strip()
    caption = CAPTION.match(text)
    if caption:
        government = GOVERNMENT.match(caption["plaintiff"].strip())
        text = caption["defendant"] if government else caption["plaintiff"]
    text = ESTATE.sub("", text).split(";")[0].split(" and ")[0].strip(" ,.")
    if not text or NO_ONE.match(text):
        return ""
    if "," in text:  # "RAMOS, MARIA": last name first
        head = text.split(",")[0]
        words = NAME_WORD.findall(head)
        return words[-1].lower() if words and len(words[-1]) > TOO_SHORT else ""
    words = [w for w in NAME_WORD.findall(text) if not SUFFIX.match(w)]
    return words[-1].lower() if words and len(words[-1]) >= TOO_SHORT else ""


def plaintiff_of(case_name: str | None) -> str:
    """The plaintiff's last name from a case's name ("Doe v. City of Riverton" → "doe");
    "" when the name is no caption."""
    if not case_name or not CAPTION.match(case_name):
        return ""
    return complainant_key(case_name)
