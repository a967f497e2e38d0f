"""The auditors' question, per item (or delegation): was each decision within its authority.

Every decision on the item is checked again with the same rules the ledger
applied before recording it (``domain/governance.py``), against governance
as it stood on the decision's effective date, twice: as recorded by the
time the decision was recorded, and as the ledger knows it now. They differ
only when a governance change was recorded later with an earlier effect (a
revocation minuted after the fact, say); the answer says so.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING, Any

from portfolio_ledger.application.taken_away import (
    check_grant,
    recorded_after,
    taken_away_at,
    widened_since,
)
from portfolio_ledger.application.views import MoneyView
from portfolio_ledger.domain.authority import DelegatedAuthority, Mandate
from portfolio_ledger.domain.decision import DecisionEvent
from portfolio_ledger.domain.delegations import AuthorityDelegated, Delegation, DelegationRevoked
from portfolio_ledger.domain.errors import LedgerError
from portfolio_ledger.domain.events import (
    DeliveryStarted,
    FundingChanged,
    ItemApproved,
    ItemCancelled,
    ItemDeferred,
    ItemLeft,
    ItemOnboarded,
    ItemPaused,
    ItemRejected,
    ItemReprioritised,
    ItemResumed,
    ItemRetired,
    ItemWentLive,
    StageGateReviewed,
    ToleranceSet,
)
from portfolio_ledger.domain.figures import known
from portfolio_ledger.domain.governance import (
    Authorised,
    Governance,
    History,
    authorise,
    check_sets_tolerances,
)
from portfolio_ledger.domain.governance_facts import CachedHistory
from portfolio_ledger.domain.item import PortfolioItem
from portfolio_ledger.domain.item_event import ItemEvent
from portfolio_ledger.domain.record_keeping import DecisionCorrected, RecordKeeping
from portfolio_ledger.domain.resolutions import judge_resolution
from portfolio_ledger.domain.widening import (
    WIDENED_DATED_BACK,
    PuttingRight,
    dated_back,
    not_the_boards,
)

if TYPE_CHECKING:  # the audit's rows: imported where made, as recording a decision needs none
    from portfolio_ledger.application.governance_views import AuthorityCheck, FindingView
    from portfolio_ledger.domain.stood_aside import Finding

AUTHORISATIONS = (
    ItemApproved,
    ItemRejected,
    ItemDeferred,
    ItemReprioritised,
    FundingChanged,
    DeliveryStarted,
    ItemPaused,
    ItemResumed,
    ItemWentLive,
    ItemRetired,
    ItemCancelled,
    ToleranceSet,
    StageGateReviewed,
    ItemOnboarded,
    ItemLeft,
)
"""Decisions that need an authority (the others need none)."""
GOVERNED = (ItemApproved, FundingChanged, ToleranceSet)
"""The decisions that must name a board's meeting or a delegation, held to its limit."""


def audit_item(
    key: str,
    events: Sequence[DecisionEvent],
    history: History,
    positions: dict[int, int],
    only: Collection[int] | None = None,
) -> list[AuthorityCheck]:
    """Every decision on the item, as recorded, with the authority it used and the verdict.

    A decision is judged as it now stands: as corrected, against the item
    just before it in effective order (so a decision recorded late is judged
    where it takes effect). An annulled decision is not judged; its row says
    which position annulled it. Corrections and annulments are rows of their
    own. ``only``: the rows of the decisions at these ledger positions alone.
    """
    from portfolio_ledger.application.stood_aside import findings, held_by
    from portfolio_ledger.domain.stood_aside import set_aside

    cached = CachedHistory(history)
    # When each decision was last corrected in what it decided (an amount, a date), not words.
    corrected = {
        e.target: e.timestamp
        for e in events
        if isinstance(e, DecisionCorrected) and not e.words_only
    }
    record = _folded(events)
    held = held_by(record)  # the item from each decision on: whom the findings look back at
    aside = set_aside(events, positions)  # and the sponsors it named until put right

    def check(event: DecisionEvent, before: Any) -> AuthorityCheck:
        row = _check(key, event, before, cached, corrected.get(event.originator_version))
        found = findings(key, event, before, held, history=cached, positions=positions, aside=aside)
        found_too = [*row.findings, *map(_finding, found)]
        return row.model_copy(update={"findings": found_too}) if found else row

    return _audit(key, events, record, positions, check, only=only)


def _folded(events: Sequence[DecisionEvent]) -> Any:
    record: Any = None
    for event in events:
        record = event.mutate(record)
    return record


def _finding(found: Finding) -> FindingView:
    from portfolio_ledger.application.governance_views import FindingView

    return FindingView(kind=found.kind, reason=found.reason)


def audit_delegation(
    key: str,
    events: Sequence[DecisionEvent],
    history: History,
    positions: dict[int, int],
    only: Collection[int] | None = None,
) -> list[AuthorityCheck]:
    """Every record of a delegation, its board's resolutions judged as an item's decisions are.

    The grant and the revocation are checked again (membership, quorum without
    the delegate, votes; the grant's limit within its board's), as recorded then
    and as known now.
    """
    cached = CachedHistory(history)
    check = partial(_resolution, key, history=cached)
    put_right = partial(_delegation_put_right, key, events, cached)
    return _audit(key, events, _folded(events), positions, check, put_right=put_right, only=only)


def _delegation_put_right(
    key: str, events: Sequence[DecisionEvent], history: History, event: RecordKeeping
) -> AuthorityCheck:
    """A correction or annulment of a delegation's record, judged: not required, or invalid.

    Invalid if it widened the grant and its actor was no member of the granting
    board (``domain/widening.py``): the ledger refuses such a one now, and one
    recorded before it did is found here.
    """
    row = _record_keeping(key, event)
    at = next(i for i, e in enumerate(events) if e is event)
    before, after = _folded(events[:at]), _folded(events[: at + 1])
    if not isinstance(before, Delegation) or not isinstance(after, Delegation):
        return row
    decision = event.decision
    what = f"{'correct' if isinstance(event, DecisionCorrected) else 'annul'} {event.where()}"
    put = PuttingRight(decision.actor, what, decision.effective_date)
    why = not_the_boards(history, put, (before, after))
    if why is None:
        from portfolio_ledger.domain.stood_aside import Finding

        back = dated_back(history, put, (before, after), event.timestamp.date())
        found = [_finding(Finding(WIDENED_DATED_BACK, back))] if back else []
        return row.model_copy(update={"findings": found}) if found else row
    since = widened_since(history, put, (before, after), event.timestamp)
    reason = f"{row.reason}; it widened {why}{since}"
    return row.model_copy(update={"verdict": "invalid", "reason": reason})


def _audit(
    key: str,
    events: Sequence[DecisionEvent],
    record: Any,
    positions: dict[int, int],
    check: Callable[[DecisionEvent, Any], AuthorityCheck],
    *,
    put_right: Callable[[RecordKeeping], AuthorityCheck] | None = None,
    only: Collection[int] | None = None,
) -> list[AuthorityCheck]:
    """A row for each event, judged by ``check`` if in effect, else why it is not.

    ``only``: a row for each event at a ledger position it holds, no other.
    ``record``: the subject the events fold into (:func:`_folded`), read, not changed;
    ``put_right`` judges a correction or annulment (else: not required, words alone).
    """
    wanted = None if only is None else {v for v, p in positions.items() if p in only}
    judged = {
        decision.originator_version: check(decision, before)
        for decision, before in record.befores()
        if wanted is None or decision.originator_version in wanted
    }
    checks = []
    for event in events:
        version = event.originator_version
        if wanted is not None and version not in wanted:
            continue
        if isinstance(event, RecordKeeping):
            row = put_right(event) if put_right else _record_keeping(key, event)
        elif version in judged:
            row = judged[version]
        else:
            annulment = record.annulment_of(version)
            annulled_at = positions.get(annulment.originator_version) if annulment else None
            row = _not_judged(key, event, annulled_at)
        checks.append(row.model_copy(update={"position": positions.get(version)}))
    return checks


def _check(
    key: str,
    event: DecisionEvent,
    before: PortfolioItem | None,
    history: History,
    corrected: datetime | None = None,
) -> AuthorityCheck:
    mandate = event.decision.mandate
    if mandate is None and isinstance(event, AUTHORISATIONS):
        words = "the authority is recorded only in words"
        if isinstance(event, GOVERNED):
            words += " (recorded before the ledger checked authority)"
        return _row(key, event, "unchecked", words)
    if mandate is not None and before is not None:
        rules = partial(check_authority, event, mandate, before)
        verdict, reason, authorised = _judge(event, rules, history)
        # Another authorisation (a pause) names a board or delegation, but no limit holds it.
        limit = authorised.limit if authorised and isinstance(event, GOVERNED) else None
        late = _after_revocation(event, mandate, history, corrected) if verdict == "valid" else None
        why = "; ".join(filter(None, (reason, late))) or None
        row = _row(key, event, verdict, why, MoneyView.of(limit))
        from portfolio_ledger.application.stood_aside import past_limit

        found = past_limit(key, event, before, limit) if authorised else []
        return row.model_copy(update={"findings": [_finding(f) for f in found]}) if found else row
    return _row(key, event, "not required", None)


def _after_revocation(
    event: DecisionEvent, mandate: Mandate, history: History, corrected: datetime | None = None
) -> str | None:
    """Said of a decision dated before its delegation's revocation but recorded after it.

    Valid, as its date says (a decision minuted late stands), but an auditor is told:
    it is also how a delegate would use a delegation already taken away. So is one
    ``corrected`` (as it now stands: a budget raised, say) after the revocation was.
    """
    if not isinstance(mandate, DelegatedAuthority):
        return None
    recorded = max(event.timestamp, corrected or event.timestamp)
    how = "recorded" if recorded == event.timestamp else "last corrected"
    try:  # the delegation as recorded when the decision was, on the day it was
        delegation = Governance(history, recorded.date(), recorded).delegation(mandate.delegation)
    except LedgerError:
        return None
    revoked = delegation.revoked_from
    if revoked is None or revoked > recorded.date():
        return None
    return (
        f"dated {event.decision.effective_date.isoformat()}, before {delegation.label()} was "
        f"revoked (with effect from {revoked.isoformat()}), but {how} on "
        f"{recorded.date().isoformat()}, after the revocation was: a decision under a "
        "revoked delegation, dated back; check it was taken when its date says"
    )


def _resolution(key: str, event: DecisionEvent, before: Any, history: History) -> AuthorityCheck:
    """A board's resolution on a delegation, judged as the ledger judges it; words only: unchecked.

    ``before``: the delegation just before the event (a revocation's names its delegate).
    """
    mandate = event.decision.mandate
    if mandate is None:
        return _row(key, event, "unchecked", "the authority is recorded only in words")
    if not isinstance(event, AuthorityDelegated | DelegationRevoked):
        return _row(key, event, "not required", None)

    def rules(governance: Governance) -> Authorised:
        return judge_resolution(event, mandate, governance, before)

    verdict, reason, _ = _judge(event, rules, history)
    return _row(key, event, verdict, reason)


def _record_keeping(key: str, event: RecordKeeping) -> AuthorityCheck:
    what = "corrects" if isinstance(event, DecisionCorrected) else "annuls"
    return _row(
        key,
        event,
        "not required",
        f"{what} {event.where()}; the decision put right is judged as it now stands",
    )


def _not_judged(key: str, event: DecisionEvent, annulled_at: int | None) -> AuthorityCheck:
    where = f"position {annulled_at:,}" if annulled_at else "a later decision"
    return _row(key, event, "annulled", f"annulled by {where}: not in effect, not judged")


def _row(
    key: str,
    event: DecisionEvent,
    verdict: str,
    reason: str | None,
    limit: MoneyView | None = None,
) -> AuthorityCheck:
    from portfolio_ledger.application.governance_views import AuthorityCheck

    decision = event.decision
    mandate = decision.mandate
    return AuthorityCheck(
        key=key,
        version=event.originator_version,
        event=event.label,
        summary=event.describe(),
        effective_date=decision.effective_date,
        recorded_at=event.timestamp,
        actor=decision.actor,
        role=decision.role,
        authority=decision.authority,
        mandate=mandate.as_dict() if mandate is not None else None,
        verdict=verdict,
        reason=reason,
        limit=limit,
    )


def _judge(
    event: DecisionEvent, rules: Callable[[Governance], Authorised], history: History
) -> tuple[str, str | None, Authorised | None]:
    on = event.decision.effective_date
    states = history.states if isinstance(history, CachedHistory) else None
    then, then_refusal = _apply_rules(
        rules, Governance(history, on, event.timestamp, states=states)
    )
    now, now_refusal = _apply_rules(rules, Governance(history, on, states=states))
    if now is not None and then is not None:
        return "valid", None, now
    if now is None and then is not None:
        when = recorded_after(taken_away_at(event, rules, history))
        return "invalid", f"{now_refusal} ({when})", None
    if now is not None:
        return (
            "valid",
            (
                "valid by governance as now recorded; when the decision was recorded, "
                f"the record then said: {then_refusal}"
            ),
            now,
        )
    return "invalid", now_refusal, None


def _apply_rules(
    rules: Callable[[Governance], Authorised], governance: Governance
) -> tuple[Authorised | None, str | None]:
    try:
        authorised = rules(governance)
    except LedgerError as refusal:
        return None, str(refusal)
    return authorised, None


def check_authority(
    event: DecisionEvent, mandate: Mandate, before: PortfolioItem, governance: Governance
) -> Authorised:
    """The rules the ledger applied when it recorded ``event``; raises if they refuse it now.

    For a delegated decision, the grant it rests on too (``check_grant``): an audit,
    and a correction or late record that moves the decision, judge it as a new one is.
    """
    amount = event.authorised_budget if isinstance(event, ItemApproved | FundingChanged) else None
    governs = event.governs if isinstance(event, ItemEvent) else "decide on it"
    subject = before.as_subject(governs, capacity=event.decision.role)
    authorised = authorise(mandate, governance, subject, known(amount))
    if isinstance(event, ToleranceSet):
        check_sets_tolerances(mandate, before.authorised_under, governance, before.key)
    check_grant(mandate, governance)
    return authorised
