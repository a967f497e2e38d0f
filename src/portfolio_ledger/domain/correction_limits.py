"""What a correction cannot change, and what to do instead: annul, record again, or end.

A correction changes a decision's amounts, dates, ratings or text (its
event's ``correctable`` fields and its own effective date, rationale and
references). Who decided, in what role and under what authority, and the
fields its event does not let a correction change, are put right by annulling
the decision and recording it again; the decision that made a subject is never
annulled. A name the decision has no field of is said as such, and one its
command gives a field (``--to`` for a grant's ``delegate``) is told the field's.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from portfolio_ledger.domain.decision import Decision, DecisionEvent
from portfolio_ledger.domain.ending import how_to_end

DECISION_FIELDS = frozenset({"effective_date", "rationale", "references"})
"""The fields of a decision itself that a correction may change; who decided, in what
role and under what authority are put right by annulling and recording again."""

DECISION_CALLED = (("ref", "references"),)
"""The names every command gives a decision's own fields (``--ref``), as an event's ``called``."""


def beyond_correction(
    key: str, version: int, wrong: Sequence[str] = (), target: DecisionEvent | None = None
) -> str:
    """What to do about the fields (``wrong``) a correction cannot change, at ``version``.

    A name ``target`` (the decision) has no field of is said as such: annulling
    would not put right what the decision never said; what to do about the rest follows.
    A name its command gives a field is told the field's: to correct it, or, where a
    correction does not change that field (a grant's ``--to``, its ``delegate``), that it
    is put right as the rest are.
    """
    unknown = [name for name in wrong if target is not None and name not in said_by(target)]
    called = dict(DECISION_CALLED + target.called) if target is not None else {}
    fixed = set() if target is None else target.correctable | DECISION_FIELDS
    never = ", which no correction changes"
    told = "".join(  # the name its command gives a field: say the field's
        f". '{target.label}' records {name} as {called[name]}"
        + (f": correct {called[name]}" if called[name] in fixed else never)
        for name in unknown if target is not None and name in called
    )  # fmt: skip
    unsaid = [name for name in unknown if name not in called]
    told += "" if target is None or not unsaid else (
        f". '{target.label}' says nothing of {', '.join(unsaid)}: check the field's "
        "name, or correct the decision that says it"
    )  # fmt: skip
    beyond = [called.get(name, name) for name in wrong if name not in unsaid]
    beyond = [name for name in dict.fromkeys(beyond) if name not in fixed]
    if not beyond:
        return told + "."
    kind = "" if target is None else target.kind_of_subject()
    return told + _beyond(key, version, beyond, kind)


def _beyond(key: str, version: int, wrong: Sequence[str], kind: str = "") -> str:
    if version == 1:  # the decision that made the subject is never annulled
        again = (  # how this kind of subject ends: a board or a person never leaves
            f" To record it again under a new key, first {how_to_end(kind)}"
            if kind not in {"portfolio", "organisations"}
            else ""
        )
        stays = f". The decision that made {key} is never annulled, so what it says beyond these"
        return f"{stays} stays.{again}"
    said = [field for field in wrong if field not in WHO_DECIDED]
    if said:  # a field of its own (a pack's as_at, a rank's previous_rank), not who decided
        return (
            f". What it says of {', '.join(said)} is put right by annulling the decision "
            "and recording it again, as who decided, in what role and under what authority are."
        )
    return (
        ". Who decided, in what role and under what authority are put right by "
        "annulling the decision and recording it again."
    )


MANDATE_PARTS = frozenset({"board", "present", "votes", "vote", "delegation"})
"""What a governed decision's mandate says (the meeting or the delegation): under what
authority it was decided, so put right by annulling, as its ``authority`` is."""

WHO_DECIDED = frozenset({"actor", "role", "authority"}) | MANDATE_PARTS
"""The decision's fields a correction never changes, and annulling puts right."""


def said_by(event: DecisionEvent) -> set[str]:
    """The fields the decision ``event`` says: its own and its :class:`Decision`'s.

    An amendment (``DetailsAmended``) says the details its ``changes`` set, too, and a
    governed decision the parts of its mandate (its board, who was present and how they
    voted, or its delegation).
    """
    own = {field.name for field in dataclasses.fields(event)}
    base = {field.name for field in dataclasses.fields(DecisionEvent)}
    changes = getattr(event, "changes", None)
    details = set(changes) if isinstance(changes, dict) else set()
    mandate = set(MANDATE_PARTS) if event.decision.mandate is not None else set()
    return own - base | {field.name for field in dataclasses.fields(Decision)} | details | mandate
