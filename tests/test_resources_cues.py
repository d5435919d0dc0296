"""The cue vocabularies in corpora/cues/: every file loads, holds the keys its module reads, and
each entry is usable (a word or a regular expression that compiles)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

import pytest
import yaml

from monell.errors import ModelMissing
from monell.records import DocType
from monell.records.complaints import Disposition
from monell.resources import corpora_dir, load_cues

# file -> the top-level keys its modules read
CUE_FILES = {
    "doctype": {"phrase_cues", "column_roles", "table_rules", "citation_leads"},
    "coverage": {
        "termination",
        "exclusion",
        "planning",
        "reference_words",
        "acknowledgment",
        "awareness",
        "instruction",
        "column_headers",
        "duration_leads",
        "course_nouns",
        "length_labels",
        "passing",
        "production_markers",
    },
    "complaints": {
        "record_labels",
        "report_labels",
        "generic_labels",
        "field_labels",
        "memo_heads",
        "complaint_columns",
        "id_columns",
        "not_id_columns",
        "fields",
        "label_words",
        "section_words",
        "disposition_codes",
        "findings",
        "date_cues",
        "not_record_dates",
        "meta_lines",
        "ranks",
        "not_name_words",
        "no_one",
        "not_accused_lines",
        "source_kinds",
        "notice_labels",
        "caption_separators",
        "no_one_named",
        "force_tools",
        "negations",
        "negation_stops",
    },
    "passages": {"section_labels", "furniture"},
    "dates": {"labels", "period", "cited"},
    "injury": {
        "abbreviations",
        "parties",
        "officer_titles",
        "officer_nouns",
        "plaintiff_titles",
        "plaintiff_nouns",
        "kin_nouns",
        "medical_nouns",
        "other_nouns",
        "tool_nouns",
        "body_nouns",
        "report_verbs",
        "police_voice",
        "omission_verbs",
        "withholding_verbs",
        "leaving_verbs",
        "intervene_verbs",
        "idle_verbs",
        "idle_particles",
        "situation_topics",
        "notice_verbs",
        "conduct_signs",
        "contact_words",
        "situation_signs",
    },
    "loadfile": {"fields"},
    "courses": {
        "code_headers",
        "part_words",
        "status",
        "delivered",
        "attendance_outcomes",
        "clause_breaks",
        "teach_verbs",
        "training_nouns",
        "delegation",
        "no_instruction",
        "session_labels",
        "course_headers",
        "unit_nouns",
        "holding_verbs",
        "title_filler",
        "generic_title_words",
        "title_levels",
        "plan_words",
        "not_title_words",
        "objectives",
        "practice",
        "practice_negations",
        "location_labels",
        "attendee_headers",
    },
    "attendance": {
        "columns",
        "sign_columns",
        "expiry_columns",
        "not_roster_columns",
        "statuses",
        "codes",
        "legend_pair",
        "officer_heads",
        "officer_fields",
        "not_session_heads",
        "session_words",
        "blank",
    },
}
TRIGGERS = ["pseudo", "preceding", "following"]
FINDINGS = [d.value for d in Disposition if d is not Disposition.UNKNOWN]
# (file, key) -> the keys of the mapping under it, in the order the code relies on
NESTED = {
    ("coverage", "exclusion"): TRIGGERS,
    ("coverage", "planning"): TRIGGERS,
    ("coverage", "column_headers"): ["hours", "minutes", "date", "course", "non_content"],
    ("complaints", "fields"): [
        "event",
        "received",
        "closed",
        "officers",
        "complainant",
        "narrative",
        "disposition",
        "discipline",
    ],
    ("complaints", "disposition_codes"): FINDINGS,
    ("complaints", "date_cues"): ["received", "closed", "event"],
    # tried in this order: a make-up first, "not completed" before "completed"
    ("attendance", "statuses"): [
        "made_up",
        "cancelled",
        "no_show",
        "excused",
        "absent",
        "failed",
        "incomplete",
        "waived",
        "enrolled",
        "instructed",
        "attended",
    ],
    ("attendance", "columns"): [
        "number",
        "badge",
        "name",
        "rank",
        "date",
        "code",
        "course",
        "hours",
        "status",
    ],
    # the alternation tries the roles in this order
    ("dates", "labels"): ["effective", "issued", "revised", "course"],
    ("doctype", "column_roles"): [
        "hours",
        "date",
        "attest",
        "complaint",
        "force",
        "venue",
        "course",
        "person",
    ],
    ("loadfile", "fields"): [
        "begin",
        "end",
        "doc_id",
        "begin_attach",
        "end_attach",
        "parent",
        "custodian",
        "confidentiality",
        "file_name",
        "file_extension",
        "title",
        "subject",
        "date_sent",
        "date_received",
        "date_created",
        "date_modified",
        "doc_date",
        "author",
        "from",
        "to",
        "cc",
        "bcc",
        "page_count",
        "text_path",
        "native_path",
        "md5",
        "sha1",
    ],
}


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, Mapping):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, tuple):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, str):
        yield value


def test_every_cue_file_is_listed_here() -> None:
    on_disk = {path.stem for path in (corpora_dir() / "cues").glob("*.yaml")}
    assert on_disk == set(CUE_FILES)


@pytest.mark.parametrize("name", sorted(CUE_FILES))
def test_cue_file_holds_the_keys_its_modules_read(name: str) -> None:
    assert set(load_cues(name)) == CUE_FILES[name]


@pytest.mark.parametrize("place", sorted(NESTED), ids="/".join)
def test_nested_cue_mapping_has_the_expected_keys_in_order(place: tuple[str, str]) -> None:
    name, key = place
    assert list(load_cues(name)[key]) == NESTED[place]


@pytest.mark.parametrize("name", sorted(CUE_FILES))
def test_every_cue_is_a_trimmed_word_or_a_pattern_that_compiles(name: str) -> None:
    entries = list(_strings(load_cues(name)))
    assert entries
    for entry in entries:
        assert entry and entry == entry.strip(), repr(entry)
        re.compile(entry)


@pytest.mark.parametrize("name", sorted(CUE_FILES))
def test_no_key_is_written_twice_in_a_cue_file(name: str) -> None:
    # YAML silently keeps the last of two equal keys; an edit must not lose a list that way.
    text = (corpora_dir() / "cues" / f"{name}.yaml").read_text(encoding="utf-8")
    nodes = [yaml.compose(text)]
    while nodes:
        node = nodes.pop()
        if isinstance(node, yaml.MappingNode):
            keys = [key.value for key, _ in node.value]
            assert len(keys) == len(set(keys)), f"{name}: a key written twice in {keys}"
            nodes += [value for _, value in node.value]
        elif isinstance(node, yaml.SequenceNode):
            nodes += node.value


def test_document_type_cues_name_known_types_scopes_and_roles() -> None:
    cues = load_cues("doctype")
    types = {t.value for t in DocType}
    for group in cues["phrase_cues"]:
        assert set(group) == {"type", "weight", "scope", "phrases"}
        assert group["type"] in types and group["scope"] in {"any", "heading", "title", "file"}
        assert float(group["weight"]) > 0 and group["phrases"]
    roles = set(cues["column_roles"])
    for rule in cues["table_rules"]:
        assert rule["type"] in types and set(rule) <= {"type", "needs", "rules_out"}
        named = " ".join(rule["needs"]).split() + rule.get("rules_out", "").split()
        assert set(named) <= roles


def test_findings_name_known_dispositions() -> None:
    for entry in load_cues("complaints")["findings"]:
        assert set(entry) == {"finding", "words"} and entry["finding"] in FINDINGS


def test_date_cues_give_each_role_words_before_and_after() -> None:
    for role, cues in load_cues("complaints")["date_cues"].items():
        assert set(cues) == {"before", "after"}, role


def test_cues_are_read_once_and_cannot_be_changed() -> None:
    cues = load_cues("injury")
    assert load_cues("injury") is cues
    with pytest.raises(TypeError):
        cues["parties"] = ()  # type: ignore[index]
    assert isinstance(cues["parties"], tuple)


def test_a_missing_cue_file_names_the_path_searched() -> None:
    with pytest.raises(ModelMissing, match=r"cues/no_such_area\.yaml"):
        load_cues("no_such_area")
