"""Segregation of duties for putting a decision right: not by the item's sponsor.

Whoever proposed or sponsors an item neither approves it, changes its funding
nor sets its tolerances (``domain.governance``), nor records or votes on an
authorisation that names a board's meeting or a delegation (a pause, say).
A correction of such a decision that changes what it decided (its budget
raised, its date moved), or its annulment (a funding cut undone), decides it
again: so the sponsor does not record one either, as a delegate does not put
right their own delegation. The actor of a correction is free text: they are
the sponsor when that text is, or is the key, name or a post of a registered
person who is (compared as for a sponsor). Not the proposer: the proposer is
whoever recorded the proposal (the portfolio office, as a rule), and the
office keeps the record right.

An item onboarded joins with the budget authorised before the ledger: a
correction of that baseline's authorised budget authorises it anew, and is
not the sponsor's either; the rest of a baseline (costs, forecast, rating) is
reported, as a status report is, and the sponsor may put it right.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from functools import partial

from portfolio_ledger.application.governance import GOVERNED
from portfolio_ledger.application.registered import checked_again_when_stored, registered
from portfolio_ledger.application.unit_of_work import UnitOfWork
from portfolio_ledger.domain.clock import utc_today
from portfolio_ledger.domain.decision import Decision, DecisionEvent
from portfolio_ledger.domain.errors import SegregationOfDuties
from portfolio_ledger.domain.events import (
    ItemOnboarded,
)
from portfolio_ledger.domain.interests import Subject
from portfolio_ledger.domain.item import PortfolioItem
from portfolio_ledger.domain.item_event import ItemEvent
from portfolio_ledger.domain.people import Person, PersonRegistered, forms, named_in


def check_not_interested(
    uow: UnitOfWork,
    item: PortfolioItem,
    target: DecisionEvent,
    decision: Decision,
    what: str,
    *,
    changes: Collection[str] = (),
) -> None:
    """Refuse ``decision``'s actor putting right ``target`` (``what``: ``correct position 14``).

    ``target`` as it now stands; ``changes``: the fields a correction changes (none for
    an annulment). The sponsor is taken as on its day, as on the day the correction or
    annulment takes effect, and as today, when it is recorded: a sponsor named after the
    approval (``item amend --sponsor``) does not put it right either, even dated back to
    before they were named.
    """
    governs = _governs(target, changes)
    if governs is None:
        return
    days = sorted({target.decision.effective_date, decision.effective_date, utc_today()})
    then: list[tuple[date, Subject, bool]] = []  # taken now: the item changes once put right
    for day in days:
        subject = (item.as_on(day) or item).as_subject(governs)
        then.append((day, subject, subject.sponsor != item.sponsor))  # a former sponsor?
    # Checked again as it is stored, under the append lock: the sponsor registered (a person's
    # name or posts corrected) at the same moment is found, and refused in the same words.
    checked_again_when_stored(
        uow, partial(_not_interested, uow, then, governs, decision.actor, what)
    )


def _governs(target: DecisionEvent, changes: Collection[str]) -> str | None:
    """What putting ``target`` right decides of the item (``approve it``); None if nothing.

    An authorisation that named a board's meeting or a delegation (a pause, say) was held
    to segregation of duties as an approval is, and so is putting it right; in words, not.
    """
    if isinstance(target, GOVERNED):
        return target.governs
    if isinstance(target, ItemEvent) and target.decision.mandate is not None:
        return target.governs
    if isinstance(target, ItemOnboarded) and "authorised_budget" in changes:
        return "authorise its budget"
    return None


def _not_interested(
    uow: UnitOfWork,
    subjects: list[tuple[date, Subject, bool]],
    governs: str,
    actor: str,
    what: str,
) -> None:
    for day, subject, former in subjects:
        who, why = _interested(uow, subject, actor)
        if why is None:
            continue
        if former:
            why = f"sponsored {subject.key} on {day.isoformat()}"
        raise SegregationOfDuties(
            f"{who} {why} and so may not {what} on it (segregation of duties: "
            f"the sponsor of an item does not {governs}, nor put right what was "
            "decided of it); someone else records it (--actor). "
            "Nothing was written."
        ).naming_fields("actor")


def _interested(uow: UnitOfWork, subject: Subject, actor: str) -> tuple[str, str | None]:
    """Who the actor is, if they sponsor ``subject``: the text itself, or a person it names."""
    if not forms(actor).isdisjoint(forms(subject.sponsor) | named_in(subject.sponsor)):
        return repr(" ".join(actor.split())), f"sponsors {subject.key}"
    people: list[Person] = registered(uow, PersonRegistered)
    for person in people:
        if person.answers_to(actor) and person.named_by(subject.sponsor):
            return person.label(), f"sponsors {subject.key}"
    return "", None
