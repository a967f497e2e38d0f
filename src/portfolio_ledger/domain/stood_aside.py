"""Patterns segregation of duties cannot refuse as they happen, for an auditor to see.

The rules judge a decision against the item as it stood just before it: its
sponsor then, its category then. Both are amended by anyone (an amendment's
actor is free text), so a sponsor may step aside for one meeting and come
back, and a delegate may bring an item into their own delegation's categories.
Each step is allowed; the pattern is what ``audit authority`` flags.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from portfolio_ledger.domain.authority import BoardResolution, Mandate, Vote
from portfolio_ledger.domain.change_words import names_in_words
from portfolio_ledger.domain.decision import DecisionEvent
from portfolio_ledger.domain.delegations import Delegation
from portfolio_ledger.domain.events import DetailsAmended
from portfolio_ledger.domain.people import Person
from portfolio_ledger.domain.record_keeping import DecisionAnnulled, DecisionCorrected
from portfolio_ledger.domain.registered_aside import FormerSelf

SPONSOR_ELSEWHEN = "sponsor at another time"
"""The kind of finding: one who took part in a decision sponsored the item at another time."""
CATEGORY_BROUGHT_IN = "category amended into delegation"
"""An item amended into a delegation's categories, by its delegate or lately."""
OWNER_DECIDED = "owner decided"
"""The item's owner decided its approval, funding or tolerances (delegate, voter for, actor)."""
RECENT_DAYS = 30
"""An amendment effective this many days or fewer before a decision is recent."""


@dataclass(frozen=True, slots=True)
class Held:
    """What the item held from a decision on (in effective order): its sponsor and category."""

    event: DecisionEvent
    sponsor: str
    category: str


@dataclass(frozen=True, slots=True)
class Finding:
    """A pattern found around a decision: its kind and the reason, in words."""

    kind: str
    reason: str


@dataclass(frozen=True, slots=True)
class SetAside:
    """A sponsor or category the record held until a correction or an annulment put it right.

    Not in the item's history as it now stands (the item never had it, as corrected), so
    not in :func:`spells` nor :func:`entry`: a sponsor corrected away for a meeting leaves
    no period, and a category corrected into a delegation's leaves no amendment.
    """

    field: str
    """``sponsor`` or ``category``."""
    was: str
    """What the record held until put right."""
    now: object
    """What a correction put instead (None: an annulment)."""
    by: DecisionEvent
    """The correction or annulment: its actor and when it was recorded."""
    said: str
    """``the correction at position 29 (corrects ...; recorded 2026-12-06)``."""


def set_aside(events: Sequence[DecisionEvent], positions: dict[int, int]) -> list[SetAside]:
    """Each sponsor and category the item's record held that a correction or annulment set aside.

    A correction of the sponsor or category a proposal (or an onboarding) named; an
    annulment of an amendment that named a sponsor. ``positions``: each version's place
    in the ledger.
    """
    made = {e.originator_version: e for e in events}
    found = []
    for event in events:
        held: list[tuple[str, object, object, str]] = []
        if isinstance(event, DecisionCorrected):
            held = [
                (name, event.previous.get(name), event.corrected[name], event.describe())
                for name in ("sponsor", "category")
                if name in event.corrected
            ]
        elif isinstance(event, DecisionAnnulled):
            amended = made.get(event.target)
            if isinstance(amended, DetailsAmended) and "sponsor" in amended.changes:
                what = f"{event.describe()}: {amended.describe()}"
                held = [("sponsor", amended.changes["sponsor"], None, what)]
        place = positions.get(event.originator_version)
        where = f"position {place:,}" if place else f"version {event.originator_version}"
        kind = "correction" if isinstance(event, DecisionCorrected) else "annulment"
        recorded = event.timestamp.date().isoformat()
        found += [
            SetAside(name, was, now, event, f"the {kind} at {where} ({what}; recorded {recorded})")
            for name, was, now, what in held
            if isinstance(was, str)
        ]
    return found


def spells(held: list[Held], person: Person) -> list[tuple[date, date | None]]:
    """The periods ``person`` was the item's sponsor: from the day it began to the day it ended.

    None: still the sponsor. A period that began and ended the same day is that day.
    """
    periods: list[tuple[date, date | None]] = []
    start: date | None = None
    for state in held:
        day = state.event.decision.effective_date
        if person.named_by(state.sponsor):
            start = day if start is None else start
        elif start is not None:
            periods.append((start, day))
            start = None
    if start is not None:
        periods.append((start, None))
    return periods


def _periods(periods: list[tuple[date, date | None]]) -> str:
    said = []
    for start, end in periods:
        if end is None:
            said.append(f"from {start.isoformat()} on")
        elif end == start:
            said.append(f"on {start.isoformat()}")
        else:
            said.append(f"from {start.isoformat()} to {end.isoformat()}")
    return " and ".join(said)


def _part(mandate: Mandate, person: Person) -> str:
    """What ``person`` did in the decision, in words."""
    if not isinstance(mandate, BoardResolution):
        return f"decided it under delegation {mandate.delegation}"
    parts = ["recorded it"] if person.key == mandate.actor else []
    vote = dict(mandate.votes).get(person.key)
    if vote is Vote.ABSTAIN:
        parts.append("abstained")
    elif vote is not None:
        parts.append(f"voted {vote.value} it")
    elif person.key in mandate.present:
        parts.append("was present without a vote (counted towards the quorum)")
    return " and ".join(parts)


def sponsors_elsewhen(
    key: str,
    event: DecisionEvent,
    sponsor: str,
    held: list[Held],
    people: list[Person],
    *,
    aside: Sequence[SetAside] = (),
    former: Mapping[str, Sequence[FormerSelf]] | None = None,
) -> list[Finding]:
    """Each of ``people`` (who took part) who sponsored the item, but not at the decision.

    ``sponsor``: the sponsor just before the decision, as the rules judged it.
    Someone who sponsored it then is conflicted, and the rules say so. ``aside``:
    sponsors the record named until put right, which count as another time too; so do
    ``former`` selves (by person key): who a registration said a person was (a name, a
    post) until a correction of it, when that was the sponsor.
    """
    mandate = event.decision.mandate
    if mandate is None:
        return []
    found = []
    for person in people:
        if person.named_by(sponsor):
            continue
        selves = [f.said for f in (former or {}).get(person.key, ()) if f.named_by(sponsor)]
        named = [a.said for a in aside if a.field == "sponsor" and person.named_by(a.was)]
        was = _times(key, spells(held, person), named)
        if selves:
            was.append(
                f"was registered as '{sponsor}', the sponsor of {key}, until "
                f"{' and '.join(selves)} set that aside"
            )
        # The item's record named them at another time, or only their registration did.
        check = _why(key if len(was) > len(selves[:1]) else person.key, key)
        if was:
            found.append(
                Finding(
                    SPONSOR_ELSEWHEN,
                    f"{person.label()} {_part(mandate, person)}, and {', and '.join(was)} "
                    f"(not when it was decided, on "
                    f"{event.decision.effective_date.isoformat()}): a sponsor who steps aside "
                    f"for a decision decides their own item (segregation of duties); check why "
                    f"{check}",
                )
            )
    return found


def _why(changed: str, key: str) -> str:
    """Where to check why: the item's sponsor changed, or (``changed`` a person) who they are."""
    what = f"the sponsor of {key}" if changed == key else f"the registration of {changed}"
    return f"{what} changed ('portfolio-ledger audit trail --item {changed}')"


def _times(key: str, periods: list[tuple[date, date | None]], named: list[str]) -> list[str]:
    """The item's record naming a person its sponsor at other times: ``periods``, ``named``."""
    was = [f"was the sponsor of {key} {_periods(periods)}"] if periods else []
    if named:
        its = "its" if periods else f"the sponsor of {key}"
        was.append(f"was recorded as {its} until {' and '.join(named)} set that aside")
    return was


def owner_decided(
    key: str, event: DecisionEvent, owner: str, people: list[Person]
) -> list[Finding]:
    """Each of ``people`` (who took part) who owned the item when it was decided.

    ``owner``: the item's owner just before the decision (none: nothing). Segregation of
    duties refuses the proposer and the sponsor, not the owner: decisions already recorded
    by owners would be refused when checked again. Flagged: the delegate, the actor, and a
    member present who voted for it; one present without a vote, against or abstaining, not.
    """
    mandate = event.decision.mandate
    if mandate is None or not owner.strip():
        return []
    decided = mandate.deciders()
    return [
        Finding(
            OWNER_DECIDED,
            f"{person.label()} {_part(mandate, person)}, and owned {key} when it was decided, "
            f"on {event.decision.effective_date.isoformat()} (its senior responsible owner "
            f"then: '{owner}'): segregation of duties refuses an item's proposer and sponsor, "
            "not its owner, but an owner who decides their own item's approval, funding or "
            "tolerances is not independent of it; check the decision was meant, or have "
            f"someone who does not own {key} decide it: a board's meeting without their "
            "vote, or another delegate",
        )
        for person in people
        if person.key in decided and person.named_by(owner)
    ]


def brought_in(
    key: str,
    event: DecisionEvent,
    held: list[Held],
    *,
    delegation: Delegation,
    delegate: Person,
    positions: dict[int, int],
) -> Finding | None:
    """A decision under ``delegation`` on an item amended into its categories, if suspect.

    ``held``: the item from each decision before ``event``. The amendment that last
    brought the item's category within the delegation's is suspect when the delegate
    recorded it (by key, name or post, as the ledger matches people) or when it took
    effect within ``RECENT_DAYS`` before the decision. ``positions``: each of the item's
    versions' place in the ledger, by which the amendment is named.
    """
    amendment = entry(held, delegation)
    if amendment is None:
        return None
    on, made = event.decision.effective_date, amendment.decision.effective_date
    why = []
    if delegate.answers_to(amendment.decision.actor):
        why.append(f"recorded by the delegate, {delegate.label()}, as '{amendment.decision.actor}'")
    if on - made <= timedelta(days=RECENT_DAYS):
        days = (on - made).days
        before = f"{days} day{'s' if days != 1 else ''} before" if days else "the same day as"
        why.append(f"effective {before} this decision (within {RECENT_DAYS})")
    if not why:
        return None
    position = positions.get(amendment.originator_version)
    where = f"position {position:,}" if position else f"version {amendment.originator_version}"
    return Finding(
        CATEGORY_BROUGHT_IN,
        f"{key} came within {delegation.label()} ({names_in_words(delegation.categories)}) by the "
        f"amendment at {where} ({amendment.describe()}, effective {made.isoformat()}), "
        f"{' and '.join(why)}: only {delegation.board} widens what it delegated; check the "
        f"category was amended on its merits, not to bring {key} under {delegation.key}",
    )


def entry(held: list[Held], delegation: Delegation) -> DetailsAmended | None:
    """The amendment that last brought the item within the delegation's categories, if any.

    None where the delegation covers every category, where the item was within them
    from its start, or where it is not within them at the end of ``held``.
    """
    if not delegation.categories or not held or not delegation.covers(held[-1].category):
        return None
    for before, after in zip(reversed(held[:-1]), reversed(held), strict=False):
        if not delegation.covers(before.category):
            return after.event if isinstance(after.event, DetailsAmended) else None
    return None


def corrected_in(
    key: str,
    event: DecisionEvent,
    aside: Sequence[SetAside],
    held: list[Held],
    *,
    delegation: Delegation,
    delegate: Person,
) -> Finding | None:
    """A decision under ``delegation`` on an item a correction brought within its categories.

    As corrected, the item was within them from its start, so no amendment brought it
    in (:func:`entry`); the correction, recorded before the decision was, did. ``held``:
    the item from each decision before ``event``; once out of them since its start, an
    amendment brought it in (:func:`brought_in`), not a correction. The last
    such correction is suspect, as an amendment is, when the delegate recorded it or
    when it was recorded ``RECENT_DAYS`` or fewer before the decision was.
    """
    if not delegation.categories or not all(delegation.covers(h.category) for h in held):
        return None  # not within them from its start: an amendment brought it in (entry)
    brought = [
        a
        for a in aside
        if a.field == "category"
        and not delegation.covers(a.was)
        and isinstance(a.now, str)
        and delegation.covers(a.now)
        and a.by.timestamp < event.timestamp
    ]
    if not brought:
        return None
    last = brought[-1]
    actor = last.by.decision.actor
    by_delegate = delegate.answers_to(actor)
    why = [f"by the delegate, {delegate.label()}, as '{actor}'"] if by_delegate else []
    days = (event.timestamp.date() - last.by.timestamp.date()).days
    if days <= RECENT_DAYS:
        before = f"{days} day{'s' if days != 1 else ''} before" if days else "the same day as"
        why.append(f"{before} this decision was (within {RECENT_DAYS})")
    if not why:
        return None
    return Finding(
        CATEGORY_BROUGHT_IN,
        f"{key} came within {delegation.label()} ({names_in_words(delegation.categories)}) by "
        f"{last.said}, recorded {' and '.join(why)}: as corrected, it was within them "
        f"from its start; only {delegation.board} widens what it delegated; check the category "
        f"was corrected on its merits, not to bring {key} under {delegation.key}",
    )
