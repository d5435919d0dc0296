"""The topic taxonomy: the shipped default, case overrides, and clear errors for bad files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from monell.cli import main
from monell.coverage.taxonomy import (
    DEFAULT_TOPIC_IDS,
    load_taxonomy,
    merge_taxonomies,
    parse_taxonomy,
)
from monell.errors import InputError
from monell.resources import default_taxonomy_path


def topic(topic_id: str = "taser_probes", **changes: Any) -> dict[str, Any]:
    """A minimal valid topic; ``changes`` replace fields (None removes one)."""
    data: dict[str, Any] = {
        "id": topic_id,
        "name": "Taser probe removal",
        "elements": [1, 3],
        "single_incident": False,
        "description": "How officers remove CEW probes and when medical staff must do it.",
        "coverage_exemplars": [f"Probe removal step {i}" for i in range(10)],
        "injury_exemplars": [f"the probe stayed in my back {i}" for i in range(6)],
        "lexical_patterns": ["probe removal", "barbed probe", "dart removal"],
        "authorities": [
            {
                "citation": "Example v. City, 1 F.4th 1 (9th Cir. 2021)",
                "year": 2021,
                "summary": "An example authority.",
                "status": "unverified",
            }
        ],
    }
    for key, value in changes.items():
        if value is None:
            del data[key]
        else:
            data[key] = value
    return data


def write(tmp_path: Path, topics: list[dict[str, Any]], name: str = "topics.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump({"version": 1, "topics": topics}), encoding="utf-8")
    return path


def test_the_shipped_default_has_the_23_topics_in_order() -> None:
    taxonomy = load_taxonomy(default_taxonomy_path(), default=True)
    assert taxonomy.ids == tuple(DEFAULT_TOPIC_IDS) and len(taxonomy.ids) == 23
    for t in taxonomy.topics:
        assert len(t.coverage_exemplars) >= 10 and len(t.injury_exemplars) >= 6


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": None}, "topics[0] is missing name"),
        ({"colour": "red"}, "topics[0] has unknown field(s) colour"),
        ({"id": "Taser-Probes"}, "topics[0].id 'Taser-Probes' must be lowercase letters"),
        ({"lexical_patterns": ["Probe", "dart", "barb"]}, "lexical_patterns must be lowercase"),
        (
            {"coverage_exemplars": ["only one"]},
            "coverage_exemplars needs at least 10 entries, has 1",
        ),
        ({"injury_exemplars": ["same"] * 6}, "injury_exemplars lists the same text twice"),
        ({"elements": [4]}, "elements must be a list drawn from 1, 2, 3"),
        ({"single_incident": "no"}, "single_incident must be true or false"),
        (
            {
                "authorities": [
                    {"citation": "X", "year": "1991", "summary": "s", "status": "verified"}
                ]
            },
            "authorities[0].year must be a whole year or null",
        ),
        (
            {"authorities": [{"citation": "X", "year": 1991, "summary": "s", "status": "maybe"}]},
            "authorities[0].status 'maybe' is not one of: verified, secondary, unverified",
        ),
    ],
)
def test_a_bad_topic_is_named_with_its_place_and_cause(
    tmp_path: Path, changes: dict[str, Any], message: str
) -> None:
    path = write(tmp_path, [topic(**changes)])
    with pytest.raises(InputError) as caught:
        load_taxonomy(path)
    assert message in str(caught.value) and str(path) in str(caught.value)
    assert "\n" not in str(caught.value)


def test_malformed_yaml_gives_the_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("topics:\n  - id: a\n    name: [unclosed\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"broken.yaml: malformed taxonomy YAML at line \d+"):
        load_taxonomy(path)


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"version": 1}, "needs a top-level 'topics' list"),
        ({"version": 2, "topics": [topic()]}, "unsupported taxonomy version 2"),
        ({"topics": []}, "'topics' must be a non-empty list"),
        ({"topics": [topic(), topic()]}, "topic id 'taser_probes' appears twice"),
    ],
)
def test_bad_documents_are_refused(document: dict[str, Any], message: str) -> None:
    with pytest.raises(InputError, match=message):
        parse_taxonomy(document, "topics.yaml")


def test_the_default_must_hold_exactly_the_default_topics(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="missing: use_of_force_policy, de_escalation"):
        load_taxonomy(write(tmp_path, [topic()]), default=True)


def test_a_case_topic_replaces_a_default_one_and_new_ones_are_added(tmp_path: Path) -> None:
    default = load_taxonomy(default_taxonomy_path(), default=True)
    own = load_taxonomy(
        write(tmp_path, [topic("de_escalation", name="Our de-escalation"), topic()])
    )
    merged = merge_taxonomies(default, own)
    assert merged.ids == tuple(DEFAULT_TOPIC_IDS) + ("taser_probes",)
    assert merged.get("de_escalation").name == "Our de-escalation"


def test_an_unknown_topic_id_lists_the_known_ones() -> None:
    taxonomy = load_taxonomy(default_taxonomy_path(), default=True)
    with pytest.raises(
        InputError, match=r"unknown topic id 'chokeholds' \(known: use_of_force_policy, "
    ):
        taxonomy.get("chokeholds")


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_topics_lists_the_default_outside_a_case() -> None:
    code, out, _ = invoke("topics", "--json")
    assert code == 0
    assert [t["id"] for t in json.loads(out)["topics"]] == DEFAULT_TOPIC_IDS


def test_topics_includes_the_cases_own_file(case_dir: Path) -> None:
    write(case_dir, [topic()])
    (case_dir / "case.toml").write_text('[taxonomy]\nfile = "topics.yaml"\n')
    code, out, _ = invoke("topics", "--json", "--case", str(case_dir))
    assert code == 0 and json.loads(out)["topics"][-1]["id"] == "taser_probes"


def test_topics_validate_says_valid_or_names_the_problem(tmp_path: Path) -> None:
    good = write(tmp_path, [topic()])
    code, out, _ = invoke("topics", "validate", str(good))
    assert (code, out.strip()) == (0, f"{good}: valid, 1 topic(s): taser_probes")
    bad = write(tmp_path, [topic(name=None)], name="bad.yaml")
    code, _, err = invoke("topics", "validate", str(bad))
    assert code == 1 and err.strip() == f"Error: {bad}: topics[0] is missing name"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"elements": [True]}, "elements must be a list drawn from 1, 2, 3"),
        ({"elements": [1.0, 3]}, "elements must be a list drawn from 1, 2, 3"),
        ({"elements": [[1]]}, "elements must be a list drawn from 1, 2, 3"),
    ],
)
def test_a_wrong_kind_of_value_is_refused_not_crashed_on(
    tmp_path: Path, changes: dict[str, Any], message: str
) -> None:
    with pytest.raises(InputError, match=message):
        load_taxonomy(write(tmp_path, [topic(**changes)]))


def test_a_key_written_twice_is_refused_not_silently_dropped(tmp_path: Path) -> None:
    path = tmp_path / "twice.yaml"
    text = yaml.safe_dump({"version": 1, "topics": [topic()]})
    path.write_text(text + "topics: []\n", encoding="utf-8")

    with pytest.raises(InputError, match="'topics' is written twice"):
        load_taxonomy(path)


def test_an_unknown_top_level_key_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "extra.yaml"
    path.write_text(
        yaml.safe_dump({"version": 1, "topics": [topic()], "extra_topics": [topic("other")]}),
        encoding="utf-8",
    )

    with pytest.raises(InputError, match="unknown top-level key"):
        load_taxonomy(path)


def test_validating_a_new_topic_says_what_cannot_name_it_yet(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["topics", "validate", str(write(tmp_path, [topic()]))])

    assert result.exit_code == 0
    assert "new topic(s) taser_probes" in result.stderr and "allegation" in result.stderr
