"""The role of each clause: officer conduct, the plaintiff's condition, outcome, background.

The parse says whose act a clause is (clauses.py); that settles most roles and bounds the
rest:

- an officer, "nobody", an officer's tool: conduct when negated (an omission), else
  conduct or background;
- the plaintiff: when acted on ("was tased", "was taken to the hospital") conduct, outcome
  or background, and conduct when negated ("was not checked"); else condition, outcome or
  background;
- medics, the hospital: outcome (treatment);
- witnesses, the court, the agency: background;
- the plaintiff's body or harm: outcome ("his shoulder was dislocated");
- a thing: negated, conduct ("No ambulance was called"); else any role;
- a pronoun the story does not settle: any role.

Where more than one role is allowed, the clause takes the role of its nearest exemplars
(corpora/injury/role_exemplars.yaml): the mean cosine similarity of its three nearest
exemplars per role, in the embedding space of the case's embedder, the best allowed role
winning. The reason is kept with the clause, naming the exemplar that decided it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from monell.errors import ModelMissing
from monell.records.flags import Actor, FactRole

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

NEAREST = 3  # exemplars per role whose similarities are averaged
# How much nearer routine background must be than conduct for an officer's act to be read
# as background (chosen on the team's labelled narratives, corpora/eval/injury/).
ROUTINE_MARGIN = 0.05
ANY_ROLE = tuple(FactRole)
ACTING = (FactRole.CONDUCT, FactRole.BACKGROUND)
DONE_TO_PLAINTIFF = (FactRole.CONDUCT, FactRole.OUTCOME, FactRole.BACKGROUND)
PLAINTIFF_OWN = (FactRole.CONDITION, FactRole.OUTCOME, FactRole.BACKGROUND)


@dataclass(frozen=True)
class RoleExemplars:
    """Labelled exemplar clauses per role, embedded once."""

    texts: dict[FactRole, tuple[str, ...]]
    vectors: dict[FactRole, Any]  # role → unit vectors (exemplars × dimension)

    @classmethod
    def build(cls, data: Any, embedder: Any, source: str = "role exemplars") -> RoleExemplars:
        """From the exemplar file's mapping (``roles: {role: [clause, …]}``)."""
        roles = data.get("roles") if hasattr(data, "get") else None
        if not roles or set(roles) != {r.value for r in FactRole}:
            raise ModelMissing(
                f"the {source} must list exemplars for each role: "
                f"{', '.join(r.value for r in FactRole)}"
            )
        texts = {FactRole(r): tuple(str(x) for x in roles[r.value]) for r in FactRole}
        flat = [t for role in FactRole for t in texts[role]]
        matrix = embedder.embed(flat)
        vectors, start = {}, 0
        for role in FactRole:
            vectors[role] = matrix[start : start + len(texts[role])]
            start += len(texts[role])
        return cls(texts, vectors)

    def nearest(
        self, vector: NDArray[np.float32], allowed: Sequence[FactRole]
    ) -> tuple[FactRole, str, float]:
        """The allowed role whose nearest exemplars are most similar, with the nearest one
        and the role's mean similarity."""
        import numpy as np

        best: tuple[FactRole, str, float] | None = None
        for role in allowed:
            sims = np.asarray(self.vectors[role] @ vector, dtype=np.float64)
            top = np.sort(sims)[-NEAREST:]
            score = float(top.mean())
            if best is None or score > best[2]:
                best = (role, self.texts[role][int(np.argmax(sims))], score)
        assert best is not None
        return best


def allowed_roles(actor: Actor, passive: bool, negated: bool) -> tuple[FactRole, ...]:
    """The roles the parse leaves open for a clause (the table in the module docstring)."""
    if actor in {Actor.OFFICER, Actor.TOOL}:
        return (FactRole.CONDUCT,) if negated else ACTING
    if actor is Actor.NOBODY:
        return (FactRole.CONDUCT,)
    if actor is Actor.PLAINTIFF and passive and negated:
        return (FactRole.CONDUCT,)  # "he was not checked for three hours": an omission
    if actor is Actor.PLAINTIFF:
        return DONE_TO_PLAINTIFF if passive else PLAINTIFF_OWN
    if actor is Actor.MEDICAL:
        return (FactRole.OUTCOME,)
    if actor is Actor.OTHER:
        return (FactRole.BACKGROUND,)
    if actor is Actor.BODY:
        return (FactRole.OUTCOME,)  # "his shoulder was dislocated", "her hands went purple"
    if actor is Actor.THING and negated:
        return (FactRole.CONDUCT,)
    return ANY_ROLE


def decide_role(
    actor: Actor,
    passive: bool,
    negated: bool,
    vector: NDArray[np.float32],
    exemplars: RoleExemplars,
    sign: str | None = None,
) -> tuple[FactRole, str]:
    """The clause's role and why. ``sign`` is what the clause shows of a topic by itself
    (a tool, a body position, an omitted act: conduct.py), which makes it conduct wherever
    conduct is allowed."""
    allowed = allowed_roles(actor, passive, negated)
    if len(allowed) == 1:
        omission = " (an omission)" if negated and allowed[0] is FactRole.CONDUCT else ""
        return allowed[0], f"{actor.value}{omission}"
    if sign and FactRole.CONDUCT in allowed:
        return FactRole.CONDUCT, f"{actor.value}; shows {sign}"
    role, nearest, score = exemplars.nearest(vector, allowed)
    if role is FactRole.BACKGROUND and actor in {Actor.OFFICER, Actor.TOOL} and not passive:
        # An officer's act is conduct unless it reads clearly as routine (an arrival, the
        # dispatch, an earlier routine stop); "the officer was called to the classroom" is
        # not the officer's act, so the nearest exemplars decide it plainly.
        _, conduct, versus = exemplars.nearest(vector, (FactRole.CONDUCT,))
        if score - versus < ROUTINE_MARGIN:
            return FactRole.CONDUCT, f"{actor.value}; nearest conduct exemplar: '{conduct}'"
    return role, f"{actor.value}; nearest {role.value} exemplar: '{nearest}'"
