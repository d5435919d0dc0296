"""The topic taxonomy: the training topics a Monell failure-to-train analysis checks.

The default taxonomy ships in ``corpora/taxonomy/default.yaml`` (the 23 topics of the
domain brief). A case may add topics or override default ones with its own YAML file in
the same schema (``case.toml``: ``[taxonomy] file = "topics.yaml"``). Every file is
validated on load; a problem is reported as one line naming the file, the place in it,
and what is wrong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from monell.errors import InputError

SCHEMA_VERSION = 1
MIN_COVERAGE_EXEMPLARS = 10
MIN_INJURY_EXEMPLARS = 6
MIN_LEXICAL_PATTERNS = 3
TOPIC_ID = re.compile(r"^[a-z][a-z0-9_]*$")
# The 23 default topic ids, in ship order (domain brief, Appendix A). The default file must
# hold exactly these; a case file may add others.
DEFAULT_TOPIC_IDS = (
    "use_of_force_policy de_escalation deadly_force_firearms neck_restraints_chokeholds "
    "handcuffing_restraints prone_restraint_positional_asphyxia conducted_energy_weapons "
    "oc_chemical_agents k9_deployment medical_aid_detainees crisis_intervention_mental_health "
    "custody_suicide_prevention duty_to_intervene vehicle_pursuits_emergency_driving "
    "search_seizure_strip_searches arrest_probable_cause evidence_disclosure_brady "
    "interrogation_identification severe_agitation_excited_delirium juvenile_youth_contacts "
    "domestic_violence_response body_worn_camera force_reporting_supervision_eis"
).split()
_TOPIC_KEYS = {
    "id",
    "name",
    "elements",
    "single_incident",
    "description",
    "coverage_exemplars",
    "injury_exemplars",
    "lexical_patterns",
    "authorities",
}
_OPTIONAL_TOPIC_KEYS = frozenset({"allegation_patterns"})
_AUTHORITY_KEYS = {"citation", "year", "summary", "status"}


class AuthorityStatus(StrEnum):
    """How far an authority was checked; only `verified` may be shown without a lawyer's check."""

    VERIFIED = "verified"  # seen in the opinion or the document itself
    SECONDARY = "secondary"  # seen only in a summary, or the pin cite unconfirmed
    UNVERIFIED = "unverified"  # general knowledge: a lawyer must verify before use


@dataclass(frozen=True)
class Authority:
    citation: str
    year: int | None
    summary: str
    status: AuthorityStatus


@dataclass(frozen=True)
class Topic:
    """One training topic, with the language that signals it in training and in injuries."""

    id: str
    name: str
    elements: tuple[int, ...]
    single_incident: bool
    description: str
    coverage_exemplars: tuple[str, ...]
    injury_exemplars: tuple[str, ...]
    lexical_patterns: tuple[str, ...]
    authorities: tuple[Authority, ...]
    # The file the topic was read from; not in the repr, which versions kept analyses
    # (coverage/hit_cache.py): a case or an install that moves keeps them.
    source: str = field(repr=False)
    allegation_patterns: tuple[str, ...] = ()  # plain words of complaints, matched like patterns


@dataclass(frozen=True)
class Taxonomy:
    topics: tuple[Topic, ...]

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(t.id for t in self.topics)

    def get(self, topic_id: str) -> Topic:
        """The topic with this id, or an error that lists the known ids."""
        for topic in self.topics:
            if topic.id == topic_id:
                return topic
        raise InputError(f"unknown topic id {topic_id!r} (known: {', '.join(self.ids)})")


def load_taxonomy(path: Path, *, default: bool = False) -> Taxonomy:
    """Read and validate a taxonomy file; ``default`` requires exactly the 23 default topics."""
    import yaml

    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_unique_keys_loader())
    except DuplicateKey as error:
        raise InputError(str(error), path) from None
    except OSError as error:
        raise InputError(f"cannot read taxonomy: {error.strerror or error}", path) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(error, "problem", None) or "invalid YAML"
        raise InputError(f"malformed taxonomy YAML{where}: {problem}", path) from None
    except UnicodeDecodeError:
        raise InputError("taxonomy file is not UTF-8 text", path) from None
    taxonomy = parse_taxonomy(data, str(path))
    if default and taxonomy.ids != tuple(DEFAULT_TOPIC_IDS):
        missing = [t for t in DEFAULT_TOPIC_IDS if t not in taxonomy.ids]
        extra = [t for t in taxonomy.ids if t not in DEFAULT_TOPIC_IDS]
        raise InputError(
            f"the default taxonomy must list the 23 default topics in order "
            f"(missing: {', '.join(missing) or 'none'}; unexpected: {', '.join(extra) or 'none'})",
            path,
        )
    return taxonomy


class DuplicateKey(Exception):
    """A key written twice in one mapping: YAML would silently keep only the last."""


def _unique_keys_loader() -> Any:
    """PyYAML's safe loader (its C parser when built: the default taxonomy parses in ~0.05 s
    instead of ~0.2), refusing a key written twice in one mapping."""
    import yaml

    class UniqueKeyLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
        def construct_mapping(self, node: Any, deep: bool = False) -> Any:
            seen: set[Any] = set()
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=deep)
                if key in seen:
                    line = key_node.start_mark.line + 1
                    raise DuplicateKey(f"{key!r} is written twice (line {line}); keep one")
                seen.add(key)
            return super().construct_mapping(node, deep=deep)

    return UniqueKeyLoader


def parse_taxonomy(data: Any, source: str) -> Taxonomy:
    """Validate parsed YAML into a taxonomy; errors name the place, e.g. ``topics[3].name``."""
    if not isinstance(data, dict) or "topics" not in data:
        raise InputError("a taxonomy file needs a top-level 'topics' list", source)
    unknown = sorted(str(key) for key in data if key not in ("version", "topics"))
    if unknown:
        raise InputError(
            f"unknown top-level key(s) {', '.join(unknown)} (a taxonomy file holds 'version' "
            "and 'topics')",
            source,
        )
    version = data.get("version", SCHEMA_VERSION)
    if isinstance(version, bool) or version != SCHEMA_VERSION:
        raise InputError(
            f"unsupported taxonomy version {version!r} (expected {SCHEMA_VERSION})", source
        )
    if not isinstance(data["topics"], list) or not data["topics"]:
        raise InputError("'topics' must be a non-empty list", source)
    topics = [_topic(raw, f"topics[{i}]", source) for i, raw in enumerate(data["topics"])]
    seen: set[str] = set()
    for topic in topics:
        if topic.id in seen:
            raise InputError(f"topic id {topic.id!r} appears twice", source)
        seen.add(topic.id)
    return Taxonomy(tuple(topics))


def load_case_taxonomy(case_file: Path | None) -> Taxonomy:
    """The default taxonomy, with the case's own file (``[taxonomy] file``) laid over it."""
    from monell.resources import default_taxonomy_path

    taxonomy = load_taxonomy(default_taxonomy_path(), default=True)
    if case_file is not None:
        taxonomy = merge_taxonomies(taxonomy, load_taxonomy(case_file))
    return taxonomy


def merge_taxonomies(base: Taxonomy, override: Taxonomy) -> Taxonomy:
    """A case's own topics replace default topics of the same id; new ids are appended."""
    replaced = {t.id: t for t in override.topics}
    merged = [replaced.pop(t.id, t) for t in base.topics]
    return Taxonomy(tuple(merged + [t for t in override.topics if t.id in replaced]))


def _topic(raw: Any, where: str, source: str) -> Topic:
    if not isinstance(raw, dict):
        raise InputError(f"{where} must be a mapping of topic fields", source)
    _check_keys(raw, _TOPIC_KEYS, where, source, optional=_OPTIONAL_TOPIC_KEYS)
    topic_id = _text(raw, "id", where, source)
    if not TOPIC_ID.match(topic_id):
        raise InputError(f"{where}.id {topic_id!r} must be lowercase letters, digits and _", source)
    elements = raw["elements"]
    if (
        not isinstance(elements, list)
        or not elements
        or not all(type(e) is int and e in (1, 2, 3) for e in elements)
    ):
        raise InputError(f"{where}.elements must be a list drawn from 1, 2, 3", source)
    if not isinstance(raw["single_incident"], bool):
        raise InputError(f"{where}.single_incident must be true or false", source)
    patterns = _texts(raw, "lexical_patterns", MIN_LEXICAL_PATTERNS, where, source)
    if any(p != p.lower() for p in patterns):
        raise InputError(f"{where}.lexical_patterns must be lowercase (they match lemmas)", source)
    allegations = (
        _texts(raw, "allegation_patterns", 0, where, source) if "allegation_patterns" in raw else ()
    )
    if any(p != p.lower() for p in allegations):
        raise InputError(f"{where}.allegation_patterns must be lowercase", source)
    authorities = raw["authorities"]
    if not isinstance(authorities, list):
        raise InputError(f"{where}.authorities must be a list (it may be empty)", source)
    return Topic(
        id=topic_id,
        name=_text(raw, "name", where, source),
        elements=tuple(int(e) for e in elements),
        single_incident=raw["single_incident"],
        description=_text(raw, "description", where, source),
        coverage_exemplars=_texts(raw, "coverage_exemplars", MIN_COVERAGE_EXEMPLARS, where, source),
        injury_exemplars=_texts(raw, "injury_exemplars", MIN_INJURY_EXEMPLARS, where, source),
        lexical_patterns=patterns,
        allegation_patterns=allegations,
        authorities=tuple(
            _authority(a, f"{where}.authorities[{i}]", source) for i, a in enumerate(authorities)
        ),
        source=source,
    )


def _authority(raw: Any, where: str, source: str) -> Authority:
    if not isinstance(raw, dict):
        raise InputError(f"{where} must be a mapping", source)
    _check_keys(raw, _AUTHORITY_KEYS, where, source)
    year = raw["year"]
    if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
        raise InputError(f"{where}.year must be a whole year or null", source)
    try:
        status = AuthorityStatus(raw["status"])
    except ValueError:
        allowed = ", ".join(s.value for s in AuthorityStatus)
        raise InputError(
            f"{where}.status {raw['status']!r} is not one of: {allowed}", source
        ) from None
    return Authority(
        _text(raw, "citation", where, source), year, _text(raw, "summary", where, source), status
    )


def _check_keys(
    raw: dict[str, Any],
    expected: set[str],
    where: str,
    source: str,
    optional: frozenset[str] = frozenset(),
) -> None:
    keys = {str(key) for key in raw}  # a YAML key may be a number: "1: x"
    missing, unknown = sorted(expected - keys), sorted(keys - expected - optional)
    if missing:
        raise InputError(f"{where} is missing {', '.join(missing)}", source)
    if unknown:
        raise InputError(f"{where} has unknown field(s) {', '.join(unknown)}", source)


def _text(raw: dict[str, Any], key: str, where: str, source: str) -> str:
    value = raw[key]
    if not isinstance(value, str) or not value.strip():
        raise InputError(f"{where}.{key} must be non-empty text", source)
    return " ".join(value.split())


def _texts(raw: dict[str, Any], key: str, minimum: int, where: str, source: str) -> tuple[str, ...]:
    values = raw[key]
    if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
        raise InputError(f"{where}.{key} must be a list of non-empty texts", source)
    cleaned = tuple(" ".join(v.split()) for v in values)
    if len(set(cleaned)) != len(cleaned):
        raise InputError(f"{where}.{key} lists the same text twice", source)
    if len(cleaned) < minimum:
        raise InputError(
            f"{where}.{key} needs at least {minimum} entries, has {len(cleaned)}", source
        )
    return cleaned
