"""Decisions a governance change takes authority from: said as the change is recorded.

A governance decision may take effect before decisions already recorded under
it: a delegation revoked from a past day, a board's limit lowered or its quorum
raised from one, a member stood down, or a correction or annulment of any of
these (which may reach back to any day). The decisions stay as recorded
(nothing recorded changes), and from then on ``audit authority`` and the board
pack judge them by governance as it is now known: some are no longer within
authority. The command that records the change says which, at once, so that a
change dated wrongly can be put right before anyone relies on it.

A decision is named when it rests on what the change is about (made under the
delegation, by the board or under one of its delegations, or with the person
deciding, present or voting), takes effect on or after the day the change
reaches, was judged valid by the governance known before the change, and is
judged invalid by the governance known after it.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from portfolio_ledger.application.governance_views import AuthorityCheck

GOVERNING = frozenset({"board", "delegation", "person"})
"""The kinds of subject whose decisions may take authority from decisions on others."""

NAMED = 10
"""At most this many decisions are named in the warning; the rest are counted."""


@dataclass(frozen=True)
class Change:
    """A governance decision just recorded, as the audit trail holds it."""

    position: int
    subject: str
    kind: str
    reach: date
    """The earliest day it changes: its own, or any day for a correction or an annulment."""
    recorded_at: datetime
    corrects: int | None
    annuls: int | None

    @classmethod
    def of(cls, row: Mapping[str, Any] | None) -> Change | None:
        """The change a trail row records, if it is a governance decision."""
        if row is None or row["subject_kind"] not in GOVERNING:
            return None
        corrects, annuls = row["corrects"], row["annuls"]
        return cls(
            position=row["position"],
            subject=row["subject"],
            kind=row["subject_kind"],
            reach=date.min if corrects or annuls else row["effective_date"],
            recorded_at=row["recorded_at"],
            corrects=corrects,
            annuls=annuls,
        )

    def put_right(self) -> str:
        """How the change is put right, if it was not meant to reach what it did."""
        if self.corrects is not None:  # a correction is never itself corrected or annulled
            return (
                f"correct position {self.corrects} again (the latest correction of each field "
                f"stands): 'portfolio-ledger decision correct {self.corrects} --set FIELD=VALUE'"
            )
        if self.annuls is not None:
            return f"record the decision it annulled (position {self.annuls}) again, as it was made"
        return (
            f"correct its date: 'portfolio-ledger decision correct {self.position} "
            "--set effective_date=YYYY-MM-DD'"
        )


def mandate(row: Mapping[str, Any]) -> dict[str, Any]:
    """A trail row's mandate (its ``authority_detail``), as a dict."""
    detail = row["authority_detail"]
    return json.loads(detail) if isinstance(detail, str) else dict(detail or {})


def delegations_of(board: str, rows: Sequence[Mapping[str, Any]]) -> set[str]:
    """The keys of the delegations granted by ``board``, from their trail rows."""
    return {
        row["subject"]
        for row in rows
        if row["subject_kind"] == "delegation" and mandate(row).get("board") == board
    }


def rests_on(change: Change, detail: Mapping[str, Any], delegations: Collection[str]) -> bool:
    """Whether a decision made under this mandate rests on what the change is about."""
    if change.kind == "delegation":
        return detail.get("delegation") == change.subject
    if change.kind == "board":
        return detail.get("board") == change.subject or detail.get("delegation") in delegations
    person = change.subject
    return (
        detail.get("actor") == person
        or person in (detail.get("present") or ())
        or person in (detail.get("votes") or {})
    )


def lost(
    before: Sequence[AuthorityCheck], after: Sequence[AuthorityCheck], positions: Collection[int]
) -> list[AuthorityCheck]:
    """The decisions at ``positions`` valid by ``before``'s judgement and invalid by ``after``'s."""
    valid = {c.position for c in before if c.verdict == "valid" and c.position in positions}
    return [c for c in after if c.position in valid and c.verdict == "invalid"]


def warning(change: Change, checks: Sequence[AuthorityCheck]) -> str | None:
    """What the command says of the decisions the change left without authority (if any).

    One line a decision (the first :data:`NAMED`, then how many more); why each is
    invalid is the audit's to say, in full.
    """
    if not checks:
        return None
    ordered = sorted(checks, key=lambda c: c.position or 0)
    lines = [
        f"  {c.key} {c.event}, effective {c.effective_date} (position {c.position})"
        for c in ordered[:NAMED]
    ]
    if len(ordered) > NAMED:
        lines.append(f"  and {len(ordered) - NAMED:,} more")
    one = len(ordered) == 1
    count = "1 decision" if one else f"{len(ordered):,} decisions"
    they, them = ("it stays", "it") if one else ("they stay", "them")
    head = (
        f"this decision leaves {count} recorded before it without authority ({they} as "
        f"recorded; audit authority and the board pack now judge {them} invalid):"
    )
    tail = (
        f"See why with 'portfolio-ledger audit authority {ordered[0].key}'. If this decision "
        f"was not meant to reach {them}, {change.put_right()}."
    )
    return "\n".join([head, *lines, tail])
