"""Human renderings of boards, delegations and the authority audit."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import click

from portfolio_ledger.cli import render
from portfolio_ledger.domain.change_words import names_in_words
from portfolio_ledger.domain.tolerances import TOLERANCE_BEYOND_LIMIT

if TYPE_CHECKING:
    from portfolio_ledger.application.governance_views import (
        AuthorityCheck,
        BoardView,
        DelegationView,
    )
    from portfolio_ledger.application.selection import Moment
    from portfolio_ledger.application.views import MoneyView


def _limit(limit: MoneyView | None) -> str:
    return "no limit" if limit is None else str(limit)


def at_moment(moment: Moment | None) -> str:
    """``, as recorded by ..., in effect on ...`` for a moment asked about; empty for now."""
    return "" if moment is None or moment.is_now else f", {moment.describe()}"


def show_board(view: BoardView, moment: Moment | None = None) -> None:
    """A board's particulars (at the ``moment`` asked about, under ``As at``), then its members."""
    at = [] if moment is None or moment.is_now else [("As at", moment.describe())]
    render.fields(
        [
            ("Key", view.key),
            *at,
            ("Name", view.name),
            ("Terms of reference", view.terms_of_reference),
            ("Limit", _limit(view.limit)),
            ("Escalates to", render.text(view.escalates_to)),
            (
                "Quorum",
                str(view.quorum)
                + (f": {view.quorum_unreachable}" if view.quorum_unreachable else ""),
            ),
            ("Constituted", render.when(view.constituted_on)),
            (
                "Last decision",
                f"{view.last_decision} (effective {render.when(view.last_effective_date)})",
            ),
        ]
    )
    render.table(
        f"Members: {len(view.members)}",
        ["Key", "Name", "Seat", "Since"],
        [[m.person, m.name, m.seat, render.when(m.appointed_on)] for m in view.members],
    )
    _show_packs(view)


def _show_packs(view: BoardView) -> None:
    """The packs put before the board, as each was recorded: then each one's digest line."""
    if not view.packs:
        return
    render.table(
        f"Packs tabled: {len(view.packs)}",
        ["As at", "Since", "Tabled", "Clock", "Organisations", "Document sha256"],
        [
            [
                render.when(p.as_at),
                render.when(p.since),
                render.when(p.tabled_on),
                p.clock,
                names_in_words(p.organisations) or "all",
                p.sha256,
            ]
            for p in view.packs
        ],
        wide={"Organisations": 24},
    )
    for p in view.packs:
        click.echo(f"Digest line of the pack as at {render.when(p.as_at)}: {p.digest}")


def show_boards(views: Sequence[BoardView], moment: Moment | None = None) -> None:
    """Boards as a table (as they stood at the ``moment`` asked about, the title says)."""
    render.table(
        f"{len(views)} board{'s' if len(views) != 1 else ''}{at_moment(moment)}",
        ["Key", "Name", "Limit", "Escalates to", "Quorum", "Members", "Chair"],
        [
            [
                v.key,
                v.name,
                _limit(v.limit),
                render.text(v.escalates_to),
                str(v.quorum),
                str(len(v.members)),
                next((m.person for m in v.members if m.seat == "chair"), "-"),
            ]
            for v in views
        ],
        right=["Quorum", "Members"],
    )
    for v in views:
        if v.quorum_unreachable:
            click.echo(f"{v.key}: its quorum of {v.quorum} {v.quorum_unreachable}.")


def show_delegations(views: Sequence[DelegationView], moment: Moment | None = None) -> None:
    """Delegations as a table, with whether each was valid on the day asked about (or today).

    A ``moment`` on the recorded clock is said in the title: what the ledger said then.
    """
    from portfolio_ledger.domain.clock import utc_today

    day = None if moment is None else moment.effective_on
    on = render.when(views[0].on if views else day or utc_today())
    recorded = at_moment(None if moment is None else replace(moment, effective_on=None))
    render.table(
        f"{len(views)} delegation{'s' if len(views) != 1 else ''} (status on {on}{recorded})",
        ["Key", "Board", "Delegate", "Limit", "Categories", "Valid", "Revoked from", "Status"],
        [
            [
                v.key,
                v.board,
                f"{v.delegate_name} ({v.delegate})",
                _bounded(v),
                names_in_words(v.categories) or "all",
                _window(v),
                render.when(v.revoked_from),
                v.status,
            ]
            for v in views
        ],
        wide={"Categories": 24, "Status": 40},
    )


def _window(view: DelegationView) -> str:
    """``2026-07-01 to 2026-08-15``; ``from 2026-07-01`` where it has no end (not ``to -``)."""
    if view.valid_to is None:
        return f"from {render.when(view.valid_from)}"
    return f"{render.when(view.valid_from)} to {render.when(view.valid_to)}"


def _bounded(view: DelegationView) -> str:
    """``GBP 1,000,000 (IC's GBP 800,000 applies)`` where the board's limit bounds it."""
    board, limit, bound = view.board, view.limit, view.bounded_by
    if bound is None:
        return str(limit)
    if bound.currency != limit.currency:
        return f"{limit} (but {board}'s limit is {bound}: another currency, not converted)"
    return f"{limit} ({board}'s {bound} applies)"


def authority_cell(authority: str | None, mandate: dict[str, Any] | str | None) -> str:
    """The authority in words, and for a board's meeting who was there and how they voted."""
    if isinstance(mandate, dict):
        return _cell(authority, mandate)
    # As the trail stores it: text, the same for each decision of one meeting; said once.
    return _said_once(authority, mandate)


def _cell(authority: str | None, mandate: dict[str, Any] | str | None) -> str:
    from portfolio_ledger.domain.authority import meeting_words

    detail = meeting_words(mandate)
    return render.text(authority) + (f" ({detail})" if detail else "")


_said_once = lru_cache(maxsize=1024)(_cell)


def show_authority_audit(checks: Sequence[AuthorityCheck]) -> None:
    """Each decision on an item (or a delegation) with its authority and verdict, oldest first.

    A key that names both an item and a delegation gives a table for each, titled whose.
    """
    kinds = list(dict.fromkeys(c.subject_kind for c in checks))
    for kind in kinds:
        whose = f"{kind} " if len(kinds) > 1 else ""
        _show_audit([c for c in checks if c.subject_kind == kind], whose)


def _show_audit(checks: Sequence[AuthorityCheck], whose: str) -> None:
    key = checks[0].key if checks else ""
    invalid = sum(1 for c in checks if c.verdict == "invalid")
    flagged = sum(1 for c in checks if c.findings)
    render.table(
        f"Authority of {len(checks)} decision{'s' if len(checks) != 1 else ''} on {whose}{key}: "
        f"{invalid} invalid" + (f", {flagged} flagged" if flagged else ""),
        ["Ver", "Effective", "Decision", "What", "Actor", "Authority", "Verdict", "Why"],
        [
            [
                str(c.version),
                render.when(c.effective_date),
                c.event,
                c.summary,
                c.actor,
                authority_cell(c.authority, c.mandate),
                c.verdict,
                _why(c),
            ]
            for c in checks
        ],
        right=["Ver"],
        wide={"What": 30, "Authority": 36, "Why": 44},
    )


def _why(check: AuthorityCheck) -> str:
    """The verdict's reason, then each finding: ``flagged (KIND): REASON``."""
    limit = f"within the limit of {check.limit}" if check.limit is not None else "-"
    flags = [f.said() for f in check.findings]
    # A tolerance whose ceiling is past the limit is not said to be within it too.
    past = any(f.kind == TOLERANCE_BEYOND_LIMIT for f in check.findings)
    if flags and check.reason is None and (check.limit is None or past):
        return "; ".join(flags)
    return "; ".join([check.reason or limit, *flags])
