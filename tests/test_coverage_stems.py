"""Stems come from Snowball's English stemmer; the C build (PyStemmer), when installed,
must give exactly the pure-Python stems the patterns were written against."""

from __future__ import annotations

import pytest

from monell.coverage.phrases import _stemmer, stems

WORDS = (
    (
        "handcuffing handcuffs handcuffed restraint restraining restrained positional asphyxia "
        "de-escalation deescalating escalate escalation tasers tased conducted energy weapons "
        "chokehold chokeholds carotid neck vascular strangulation intervening intervened "
        "intervention bystanders officers officer's trained training trainings taught teaches "
        "lesson plans curriculum curricula instructors qualification qualified requalify "
        "firearms shootings shooting discharged discharging pursuits pursued vehicles "
        "searching searched searches strip seizure seized warrants warrantless probable "
        "identification lineups showups eyewitnesses crisis mentally ill behavioral health "
        "medical aid naloxone tourniquets cardiopulmonary resuscitation cpr aed breathing "
        "kneeling knelt prone prone-position hobble hobbling spit hood hoods canines k9 bites"
    )
    .replace("-", " ")
    .split()
)


def test_the_stems_the_patterns_are_written_against() -> None:
    assert stems(["handcuffing", "handcuffs", "handcuff"]) == ["handcuf", "handcuff", "handcuff"]
    assert stems(["restrained", "restraint"]) == ["restrain", "restraint"]
    assert stems(["aed", "k9"]) == ["aed", "k9"]  # short words stay whole


def test_the_c_stemmer_gives_the_pure_python_stems() -> None:
    pytest.importorskip("Stemmer")
    from snowballstemmer.english_stemmer import EnglishStemmer

    python = EnglishStemmer()
    assert type(_stemmer()).__module__ == "Stemmer"  # the C build is the one in use
    assert [_stemmer().stemWord(w) for w in WORDS] == [python.stemWord(w) for w in WORDS]
