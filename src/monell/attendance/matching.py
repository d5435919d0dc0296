"""Attendance rows → officers: badge first, then name; conflicts shown, never merged.

A badge and a state or POST id are different numbers, so only badges of one kind are
compared: a transcript's commission id and a sign-in sheet's badge meet through the name.
A name matching two officers, or one name under two badges, is a conflict a reviewer sees;
``MatchCorrection``s (``monell officers match``) join or part officers for good.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from monell.attendance.people import PersonName, display_name, fullest, parse_name, same_person
from monell.records.attendance import AttendanceRow, OfficerIdentity


@dataclass(frozen=True)
class MatchCorrection:
    """A reviewer's word on two spellings: the same officer, or two officers."""

    name: str
    other: str
    same: bool


@dataclass
class _Cluster:
    rows: list[AttendanceRow] = field(default_factory=list)
    names: list[PersonName] = field(default_factory=list)
    badges: dict[str, set[str]] = field(default_factory=dict)  # kind -> badges
    how: dict[str, str] = field(default_factory=dict)  # spelling -> how it was matched
    conflicts: list[str] = field(default_factory=list)

    def add(self, row: AttendanceRow, name: PersonName | None, how: str) -> None:
        self.rows.append(row)
        if name is not None and all(n.printed != name.printed for n in self.names):
            self.names.append(name)
            self.how.setdefault(name.printed, how)
        if row.badge:
            self.badges.setdefault(row.badge_kind, set()).add(row.badge)

    def names_person(self, name: PersonName) -> bool:
        return any(same_person(name, known) for known in self.names)

    def badge_differs(self, row: AttendanceRow) -> bool:
        known = self.badges.get(row.badge_kind, set())
        return bool(row.badge and known and row.badge not in known)


def match_officers(
    rows: Sequence[AttendanceRow], corrections: Sequence[MatchCorrection] = ()
) -> tuple[list[tuple[OfficerIdentity, list[AttendanceRow]]], list[AttendanceRow]]:
    """The officers the rows belong to (each with its rows), and the rows whose officer
    cannot be told (no readable name and no badge)."""
    clusters: list[_Cluster] = []
    unmatched: list[AttendanceRow] = []
    ordered = sorted(rows, key=lambda r: (r.badge is None, r.badge_kind != "badge"))
    for row in ordered:
        name = parse_name(row.name) if row.name else None
        if name is None and not row.badge:
            unmatched.append(row)
            continue
        by_badge = [
            c for c in clusters if row.badge and row.badge in c.badges.get(row.badge_kind, set())
        ]
        if by_badge:
            by_badge[0].add(row, name, f"badge {row.badge}")
            continue
        if name is None:
            cluster = _Cluster()
            cluster.add(row, None, "")
            clusters.append(cluster)
            continue
        by_name = [c for c in clusters if c.names_person(name) and not c.badge_differs(row)]
        if len(by_name) == 1:
            by_name[0].add(row, name, "name")
            continue
        cluster = _Cluster()
        cluster.add(row, name, "name")
        if len(by_name) > 1:
            cluster.conflicts.append(
                f"{row.name!r} could be {len(by_name)} officers; kept apart (monell officers match)"
            )
        clusters.append(cluster)
    clusters = _apply(clusters, corrections)
    _note_two_badges(clusters)
    return [(_identity(c), c.rows) for c in clusters], unmatched


def _apply(clusters: list[_Cluster], corrections: Sequence[MatchCorrection]) -> list[_Cluster]:
    for correction in corrections:
        first, second = parse_name(correction.name), parse_name(correction.other)
        if first is None or second is None:
            continue
        if correction.same:
            a = next((c for c in clusters if _spells(c, correction.name, first)), None)
            b = next((c for c in clusters if _spells(c, correction.other, second)), None)
            if a is not None and b is not None and a is not b:
                for row in b.rows:
                    a.add(row, parse_name(row.name) if row.name else None, "set by a reviewer")
                clusters.remove(b)
        else:
            for cluster in list(clusters):
                spelled = [n for n in cluster.names if n.printed == correction.other]
                if spelled and any(n.printed == correction.name for n in cluster.names):
                    clusters.append(_split(cluster, correction.other))
    return clusters


def _spells(cluster: _Cluster, printed: str, name: PersonName) -> bool:
    return any(n.printed == printed for n in cluster.names) or cluster.names_person(name)


def _split(cluster: _Cluster, printed: str) -> _Cluster:
    part = _Cluster()
    for row in [r for r in cluster.rows if r.name == printed]:
        cluster.rows.remove(row)
        part.add(row, parse_name(row.name), "set apart by a reviewer")
    cluster.names = [n for n in cluster.names if n.printed != printed]
    return part


def _note_two_badges(clusters: list[_Cluster]) -> None:
    """The same full name under two badges of one kind: shown on both, never merged."""
    for i, a in enumerate(clusters):
        for b in clusters[i + 1 :]:
            shared = set(a.badges) & set(b.badges)
            if not shared or not any(
                x.first and y.first and len(x.first) > 1 and same_person(x, y)
                for x in a.names
                for y in b.names
            ):
                continue
            kind = sorted(shared)[0]
            note = (
                f"the same name is printed under {kind} {'/'.join(sorted(a.badges[kind]))} and "
                f"{'/'.join(sorted(b.badges[kind]))}: two officers, or one mistyped? "
                "(monell officers match)"
            )
            a.conflicts.append(note)
            b.conflicts.append(note)


def _identity(cluster: _Cluster) -> OfficerIdentity:
    printed = [n.printed for n in cluster.names]
    badges = sorted(cluster.badges.get("badge", set())) + sorted(cluster.badges.get("id", set()))
    first = cluster.names[0] if cluster.names else None
    key = (
        f"badge:{badges[0]}"
        if badges
        else f"name:{first.surname} {first.first[:1]}"
        if first
        else "unknown"
    )
    name = display_name(fullest(printed)) if printed else f"badge {badges[0]}"
    return OfficerIdentity(
        key=key,
        name=name,
        badge=badges[0] if badges else None,
        names=tuple(printed),
        badges=tuple(badges),
        how=tuple(f"{p}: {cluster.how.get(p, 'name')}" for p in printed),
        conflicts=tuple(dict.fromkeys(cluster.conflicts)),
    )
