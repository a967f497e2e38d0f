"""``portfolio-ledger audit ...``: the audit trail, filtered."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, time
from typing import TYPE_CHECKING, Any

import click

from portfolio_ledger.cli import render
from portfolio_ledger.cli.actor_names import warn_of_key
from portfolio_ledger.cli.context import LedgerContext, pass_context
from portfolio_ledger.cli.errors import REFUSED
from portfolio_ledger.cli.filters import item_filter, item_filter_options
from portfolio_ledger.cli.lazy import LazyGroup
from portfolio_ledger.cli.moments import DAY, FROM, MOMENT, UNTIL, named_day
from portfolio_ledger.cli.options import Spoken, json_option, quoted_given, refuse_blank_filter
from portfolio_ledger.cli.output import Output, output_options
from portfolio_ledger.domain.change_words import names_in_words

if TYPE_CHECKING:
    from portfolio_ledger.application.selection import TrailFilter
    from portfolio_ledger.projections.read_side import ReadSide


@click.group(
    cls=LazyGroup,
    modules={
        "audit_chain": ("digest", "verify"),
        "audit_export": ("export", "verify-export"),
        "audit_keys": ("keygen", "checkpoint", "tree"),
        "audit_proofs": ("prove", "consistency", "verify-receipt", "verify-consistency"),
    },
)
def audit() -> None:
    """The audit trail, and the evidence that the record is complete and unaltered.

    The trail (every decision, in ledger order) and each decision's authority; the
    digest for the minutes and verification of the hash chain and the Merkle tree;
    signed checkpoints, receipts and consistency proofs; self-checking exports
    (docs/verification.md).
    """


_IN_UTC = "time or day (inclusive; UTC unless written with an offset, Z or -05:00)."
"""What ``--from`` and ``--to`` take: a time with no offset is UTC, as the trail shows times."""


def trail_options(function: click.decorators.FC) -> click.decorators.FC:
    """The trail's filters, shared with exports."""
    for option in reversed(
        [
            click.option(
                "--item",
                metavar="KEY",
                callback=refuse_blank_filter,
                help="Only this subject: an item, person, board or delegation by its key (any "
                "case; spelt as kept where a person and another share it: ic, IC), or PORTFOLIO.",
            ),
            click.option(
                "--actor",
                metavar="NAME",
                callback=refuse_blank_filter,
                help="Only decisions by this person.",
            ),
            click.option(
                "--type",
                "event_type",
                metavar="EVENT",
                callback=refuse_blank_filter,
                help="Only this kind of decision, e.g. approved or ItemApproved.",
            ),
            click.option("--from", "start", metavar="TIME", help=f"From this {_IN_UTC}"),
            click.option("--to", "end", metavar="TIME", help=f"To this {_IN_UTC}"),
            click.option(
                "--clock",
                type=Spoken(["recorded", "effective"], case_sensitive=False),
                default="recorded",
                show_default=True,
                help="Which clock --from and --to are on (effective: days).",
            ),
        ]
    ):
        function = option(function)
    return item_filter_options(function)


def trail_filter(
    *,
    item: str | None,
    actor: str | None,
    event_type: str | None,
    start: str | None,
    end: str | None,
    clock: str,
    through: bool = True,
    **items: Sequence[str],
) -> TrailFilter:
    """Build the filter; a bare date covers the whole day.

    ``through``: ``--to`` a time to the second means the end of that second (False: that
    instant, as before 2026-12-02; ``audit verify-export`` of an earlier export).
    """
    from portfolio_ledger.application.selection import TrailFilter
    from portfolio_ledger.domain.keys import normalise_key

    first = _bound(start, clock, last=False, through=through)
    final = _bound(end, clock, last=True, through=through)
    if first is not None and final is not None and first > final:
        raise click.BadParameter(
            f"{start!r} is later than --to {end!r}: a range runs from --from forward to --to. "
            f"Swap them: '--from {end} --to {start}'",
            param_hint="'--from'",
        )
    return TrailFilter(
        subject=normalise_key(item) and item.strip() if item else None,  # checked, as spelt
        actor=actor,
        event_type=event_type,
        start=first,
        end=final,
        clock=clock,
        items=item_filter(**items),
    )


def _bound(value: str | None, clock: str, *, last: bool, through: bool) -> datetime | date | None:
    """``--from`` (a day's or second's start) or ``--to`` (its end); a refusal names which."""
    if value is None:
        return None
    try:
        if clock == "effective":
            return DAY.convert(value, None, None)
        bound = (UNTIL if through else MOMENT) if last else FROM
        moment = bound.convert(value, None, None)
    except click.BadParameter as problem:
        problem.param_hint = "'--to'" if last else "'--from'"
        raise
    if not last and named_day(value) is not None:
        return datetime.combine(moment.date(), time.min, tzinfo=UTC)
    return moment


@audit.command()
@trail_options
@output_options(listing=True)
@pass_context
def trail(ctx: LedgerContext, /, *, output: Output, **filters: Any) -> None:
    """Every decision in ledger order: who, role, authority, why, when, and what changed.

    For a board's meeting the authority shows who was present and how each
    voted; items, people, boards and delegations are all subjects. The item
    filters (--organisation, --category, --stage, --rag, --kind) keep the
    events on items that matched them just after the event was recorded.

    \b
    Examples:
      portfolio-ledger audit trail --item PRJ-042
      portfolio-ledger audit trail --actor "Helen Carter" --from 2026-01-01 --to 2026-06-30
      portfolio-ledger audit trail --type approved --clock effective --from 2026-04-01 --json
      portfolio-ledger audit trail --organisation DFE --type corrected
      portfolio-ledger audit trail --from 2026-01-01 --out trail.xlsx
      portfolio-ledger audit trail --limit 50 --offset 100
    """
    from portfolio_ledger.cli.tables import trail_table

    where = trail_filter(**filters)
    with ctx.reader.one_read():  # the rows and, if none, why: one record
        rows, total = ctx.reader.trail_page(where, output.offset, output.limit)
        if total == 0:
            refuse_unknown(ctx.reader, where)
            other_clock_hint(ctx.reader, where, given=(filters["start"], filters["end"]))
    if total and where.actor:
        warn_of_key(ctx.reader, where.actor)
    title = f"Audit trail: {total:,} event{'s' if total != 1 else ''}"
    title += output.window(total, len(rows))
    records = _json_values(ctx, rows) if output.format == "json" else rows
    output.emit(records, lambda: trail_table(title, rows))


def other_clock_hint(
    reader: ReadSide,
    where: TrailFilter,
    doing: str = "see",
    *,
    given: tuple[str | None, str | None] = (None, None),
) -> None:
    """An empty range on one clock that holds events on the other: said, on standard error.

    ``doing``: what adding the other ``--clock`` would do with them (see, export);
    ``given``: --from and --to as given (a time among them: the hint names the days).

    "What was decided in June" asked on the recorded clock (the default) of a
    ledger whose June minutes were typed in later reads as "nothing in June".
    """
    if where.start is None and where.end is None:
        return
    days = [None if d is None else d.date() if isinstance(d, datetime) else d
            for d in (where.start, where.end)]  # fmt: skip
    if where.clock == "recorded":
        other = replace(where, start=days[0], end=days[1], clock="effective")
    else:
        other = replace(
            where,
            start=days[0] and datetime.combine(days[0], time.min, tzinfo=UTC),
            end=days[1] and datetime.combine(days[1], time.max, tzinfo=UTC),
            clock="recorded",
        )
    _, found = reader.trail_page(other, 0, 1)
    if found:
        said = "took effect" if other.clock == "effective" else "were recorded"
        click.echo(
            f"No event matches on the {where.clock} clock (--clock {where.clock}); {found:,} "
            f"matching event{'s' if found != 1 else ''} {said} in those days: add "
            f"--clock {other.clock}{_as_days(where, days, given)} to {doing} "
            f"{'them' if found != 1 else 'it'}.",
            err=True,
        )


def _as_days(
    where: TrailFilter, days: list[date | None], given: tuple[str | None, str | None]
) -> str:
    """``, with the days (--from D --to D),`` where a bound is a time --clock effective refuses.

    On the effective clock --from and --to are days: the hint after times
    (``--from 2026-06-01T10:00Z``) said to add --clock effective, which then refused them.
    """
    if where.clock != "recorded" or all(text is None or named_day(text) for text in given):
        return ""
    named = zip(("--from", "--to"), days, strict=True)
    bounds = [f"{name} {day.isoformat()}" for name, day in named if day is not None]
    return f", with the days ({' '.join(bounds)}),"


def _json_values(ctx: LedgerContext, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows with their JSON columns (refs, authority_detail) as JSON values, not text.

    The table keeps them as text (cells, and the exports' stable bytes);
    ``--json`` gives the list and the object, as ``item history --json`` does.
    """
    import json

    names = [name for name, kind in ctx.reader.trail_columns() if kind == "json"]
    return [
        {**row, **{name: None if row[name] is None else json.loads(row[name]) for name in names}}
        for row in rows
    ]


def refuse_unknown(reader: ReadSide, where: TrailFilter, outcome: str = "shown") -> None:
    """Refuse a filter naming a value the ledger has never held, saying which and what to do.

    An empty trail reads as "no record"; a typo must not read so. A value the
    ledger knows that matches nothing (in the range asked) is an empty trail.
    Exit 1, but 2 where ``--type`` names no kind of decision: the kinds are the
    ledger's own words, not the record's, so that is typed wrong, as an unknown
    ``--stage`` is (the message still names every problem).
    """
    from portfolio_ledger.cli.errors import TypedWrong
    from portfolio_ledger.cli.filters import organisation_names, unknown_values
    from portfolio_ledger.domain.event_kinds import decision_kinds, is_decision_kind

    problems = []
    if where.subject and not reader.trail_values("subject", [where.subject]):
        problems.append(
            f"nothing has been recorded on {where.subject}: no item, person, board or "
            "delegation has that key (check it with 'portfolio-ledger items list', "
            "'person list', 'board list' or 'authority list')"
        )
    if where.actor and not reader.trail_values("actor", [where.actor]):
        problems.append(_unknown_actor(reader, where.actor))
    no_such_kind = False
    if where.event_type and not is_decision_kind(where.event_type):
        no_such_kind = True
        labels = sorted(set(decision_kinds().values()))
        called = quoted_given(where.event_type)
        problems.append(
            f"no kind of decision is called {called}{_close(where.event_type, labels)}"
            f"; give a label ({', '.join(labels)}) or its class name (ItemApproved)"
        )
    problems += unknown_values(
        where.items, reader.trail_values, ("organisation", "category"), "has ever had",
        names=organisation_names(reader),
    )  # fmt: skip
    if problems:
        said = "; ".join(problems) + f". Nothing was {outcome}."
        raise TypedWrong(said) if no_such_kind else click.ClickException(said)
    if where.actor:  # known as typed: a person's key too is warned of, once nothing is refused
        warn_of_key(reader, where.actor)


def _unknown_actor(reader: ReadSide, actor: str) -> str:
    """No decision was recorded by ``actor``: a person's key says whose name to give instead."""
    from portfolio_ledger.cli.actor_names import (
        also_as,
        earlier_names,
        keyed_person,
        renamed_refusal,
    )

    said = f"no decision was recorded by {quoted_given(actor)}"
    renamed = renamed_refusal(reader, actor)
    if renamed is not None:
        return f"{said}: {renamed}"
    keyed = keyed_person(reader, actor)
    if keyed is not None:
        key, name = keyed
        return (
            f"{said}: {key} is the key of {name}, and the trail keeps the "
            f'name each decision was recorded with; give --actor "{name}"'
            f"{also_as(earlier_names(reader, key, name))}"
        )
    actors = reader.trail_values("actor")
    listed = (names_in_words(actors[:20]) or "") + (
        f" and {len(actors) - 20:,} more" if len(actors) > 20 else ""
    )
    return f"{said}{_close(actor, actors)}; actors in the trail: {listed or 'none'}"


def _close(value: str, known: Sequence[str]) -> str:
    """`` (did you mean approved?)`` where a known value is close to the one given."""
    from difflib import get_close_matches

    folded = {name.casefold(): name for name in known}
    near = get_close_matches(value.casefold(), list(folded), n=3)
    return f" (did you mean {' or '.join(folded[n] for n in near)}?)" if near else ""


@audit.command("authority")
@click.argument("key")
@json_option
@pass_context
def authority(ctx: LedgerContext, /, key: str, *, as_json: bool) -> None:
    """Every decision on KEY with the authority used and whether it held on its effective date.

    Each approval, funding change and tolerance is checked again against
    governance as it stood on its effective date (membership, quorum, votes,
    limits, delegations and their revocations), by the same rules the ledger
    applied when recording it; a governance change recorded later with an
    earlier effect is reported. KEY may be a delegation's (DEL-001): its
    board's resolutions granting and revoking it are checked the same way
    (a key that is both an item's and a delegation's: both, a table each).
    Patterns each step of which was allowed are flagged beside the verdict
    (findings: a sponsor who stepped aside for a decision, an item amended
    into a delegation's categories by its delegate or just before its use).

    \b
    Examples:
      portfolio-ledger audit authority PRJ-042
      portfolio-ledger audit authority PRJ-042 --json
      portfolio-ledger audit authority DEL-001

    Exit status 0 when no decision listed is invalid; 1 when any is (the
    list, or the JSON, is written in full either way), as 'audit verify'
    exits 1 when its check finds a problem.
    """
    checks = ctx.reader.authority_audit(key)
    if as_json:
        render.as_json([check.model_dump(mode="json") for check in checks])
    else:
        from portfolio_ledger.cli.governance_views import show_authority_audit

        show_authority_audit(checks)
    if any(check.verdict == "invalid" for check in checks):
        raise click.exceptions.Exit(REFUSED)
