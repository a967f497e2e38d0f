"""Reconciling a return with the ledger: each row against its item as it stood on the date.

A row whose item is not in the ledger onboards it (at its stage, with its
baseline: nothing it did not report is invented). A row whose item is there
records what changed, with effect from the return's date: a transfer for a
new organisation, an amendment for new details, one status report for a new
rating or figure (a figure now withheld is a change, never "unchanged"); a row
that rates a funded item as the ledger has it is its status reported again (one
status report on the return's date, unless the item has one of that date).
Items in the portfolio on that date but not in the return are reported, or
leave it ("no longer reported"). Every decision goes through its command's
own handler and rules, all in one batch: the return is recorded whole, or,
if any row is refused, not at all; a dry run rolls it back.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from eventsourcing.application import AggregateNotFoundError
from pydantic import ValidationError

from portfolio_ledger.application import commands as c
from portfolio_ledger.application.batch import Batch
from portfolio_ledger.application.commands.fields import Amount
from portfolio_ledger.application.handlers.authority import organisation
from portfolio_ledger.application.invalid_rows import invalid_row
from portfolio_ledger.application.ledger import PortfolioLedger
from portfolio_ledger.application.missing_rows import (
    by_number,
    key_number,
    left_out_of,
    replaced_on,
    too_many_leaving,
)
from portfolio_ledger.application.return_keys import keyed_rows
from portfolio_ledger.application.return_status import (
    kept,
    not_recorded,
    reported_again,
    reported_changes,
)
from portfolio_ledger.application.returns import (
    FIGURES,
    LABELS,
    Change,
    Missing,
    Namesake,
    Progress,
    Reconciliation,
    Recording,
    Refusal,
    ReturnRow,
    ReturnSource,
    RowResult,
    by_name,
    compared,
    unchanged,
    worded,
)
from portfolio_ledger.domain.errors import LedgerError
from portfolio_ledger.domain.events_control import ToleranceBreached
from portfolio_ledger.domain.figures import Unstated
from portfolio_ledger.domain.item import PortfolioItem
from portfolio_ledger.domain.keys import item_id
from portfolio_ledger.domain.lifecycle import OPEN_VIEWS, LeaveReason, Stage
from portfolio_ledger.domain.ratings import RAG

DETAILS = ("title", "category", "owner", "sponsor", "description")
"""Details an amendment records."""


ATTEMPTS = 5
"""How many times a return is compared again when other processes record meanwhile."""


def reconcile(
    ledger: PortfolioLedger,
    rows: Sequence[ReturnRow],
    known: Callable[[], Sequence[Mapping[str, Any]]],
    *,
    source: ReturnSource,
    recording: Recording,
    progress: Progress | None = None,
) -> Reconciliation:
    """Compare every row with the ledger as at the return's date; record the differences.

    ``known`` reads the portfolio as it stood on that date (every item's key,
    title, view and organisation) from the read models, caught up: for
    matching rows without an id by name and finding the items the return
    leaves out. It is read before the batch takes the append lock, so if
    another process recorded in between (an item joined or left), the batch
    is let go and the return compared again with the portfolio read again.
    """
    for _ in range(ATTEMPTS):
        seen = ledger.event_count()
        result = _reconciled(
            ledger, rows, known(), seen=seen, source=source, recording=recording, progress=progress
        )
        if result is not None:
            return result
    raise LedgerError(
        f"the ledger changed each of the {ATTEMPTS} times this return was compared with it "
        "(other processes are recording decisions): import it again when they are done"
    )


def _reconciled(
    ledger: PortfolioLedger,
    rows: Sequence[ReturnRow],
    known: Sequence[Mapping[str, Any]],
    *,
    seen: int,
    source: ReturnSource,
    recording: Recording,
    progress: Progress | None,
) -> Reconciliation | None:
    """The reconciliation, or None if the ledger had moved on from ``seen`` (nothing written)."""
    result = Reconciliation()
    with ledger.batch(write=recording.write, request=recording.request) as batch:
        if batch.already is not None:
            result.already = batch.already
            return result
        if batch.head != seen:
            batch.undo()
            return None
        run = _Run(batch, source, recording, result)
        keyed, present = keyed_rows(rows, known, result)
        for done, (row, key) in enumerate(keyed, start=1):
            _reconcile_row(_Row(run, row, key))
            if progress is not None:
                progress(done, len(keyed))
        _missing(run, known, present)
        result.namesakes = _namesakes(result.rows)
        if result.refusals:
            batch.undo()  # keep checking the rest; write none of it
            # In the return's order, a row's own in the order found, the return's last: rows
            # refused as they are keyed came first, those the ledger refused after them.
            result.refusals.sort(key=lambda refusal: (refusal.row is None, refusal.row or 0))
        result.recorded = 0 if result.refusals else batch.recorded  # a refused return records none
    result.positions, result.warning = batch.positions, batch.warning
    return result


@dataclass
class _Run:
    """A return being reconciled: the batch it records in, the return, how, and what it found."""

    batch: Batch
    source: ReturnSource
    recording: Recording
    result: Reconciliation

    def decision(self, what: str, row: int | None = None) -> dict[str, Any]:
        """The governance metadata of a decision recorded from the return (or one row of it)."""
        rationale = self.recording.rationale or f"{what} the {self.source.describe()}"
        return {
            "actor": self.recording.actor,
            "role": self.recording.role,
            "authority": self.recording.authority,
            "rationale": rationale,
            "effective_date": self.source.as_at,
            "references": (self.source.reference(row),),
        }


@dataclass
class _Row:
    """One row being reconciled, under its key."""

    run: _Run
    row: ReturnRow
    key: str

    @property
    def batch(self) -> Batch:
        """The batch the return records in."""
        return self.run.batch

    @property
    def source(self) -> ReturnSource:
        """The return."""
        return self.run.source

    def decision(self, what: str, figures: Iterable[str] = ()) -> dict[str, Any]:
        """The governance metadata of a decision this row records (with ``figures``, if any).

        A figure rounded to the penny (the mapping's round_amounts) is referenced as given.
        """
        decision = self.run.decision(what, self.row.number)
        currency, given = self.source.currency, set(figures)
        said = [f"{LABELS[n]} {r.said(currency)}" for n, r in self.row.rounded if n in given]
        return {**decision, "references": (*decision["references"], *said)}

    def amount(self, name: str) -> Amount | Unstated:
        """A figure of the row, as a command takes it."""
        value = self.row.values[name]
        return value if isinstance(value, Unstated) else Amount(value, self.source.currency)


def _reconcile_row(row: _Row) -> None:
    try:
        found = _record_row(row)
    except ValidationError as error:
        refusal = invalid_row(error, row.row.number, row.source.headers)
    except LedgerError as error:
        refusal = Refusal(row.row.number, None, str(error), usage=False)
    else:
        row.run.result.rows.append(found)
        return
    row.batch.undo()
    row.run.result.refusals.append(refusal)


def _record_row(row: _Row) -> RowResult:
    try:
        item: PortfolioItem = row.batch.get(item_id(row.key))
    except AggregateNotFoundError:
        return _onboard(row)
    then = item.as_on(row.source.as_at)
    if then is None:
        joined = item.joined_on()
        raise LedgerError(
            f"{row.key} joined the ledger with effect from {joined.isoformat()}, after this "
            f"return's date ({row.source.as_at.isoformat()}), so the ledger cannot say what it "
            "was then; returns are imported in date order, the earliest first, and what is "
            "recorded stays: to bring in this return after a later one, import them all in "
            "date order into a new ledger (--db NEW.db)"
        )
    if then.stage is Stage.LEFT:
        reason = then.left_reason.value if then.left_reason else "left"
        when = "on" if item.left_on(row.source.as_at) == row.source.as_at else "before"
        raise LedgerError(
            f"{row.key} left the portfolio ({reason}) {when} "
            f"{row.source.as_at.isoformat()}; a return does not bring an item back: if it left "
            "by mistake (left out of an earlier return), annul its leaving, 'decision annul "
            f"POSITION' at the position 'item history {row.key}' shows for it, then import this "
            "return again; else onboard it again under a new key ('item onboard')"
        )
    return _record_changes(row, then)


def _onboard(row: _Row) -> RowResult:
    values = row.row.values
    given = {name: value for name, value in values.items() if name not in FIGURES}
    figures: dict[str, Any] = {name: row.amount(name) for name in FIGURES if name in values}
    defaults = {k: v for k, v in row.run.recording.defaults.items() if k not in given}
    if given.get("stage", defaults.get("stage")) is not Stage.PAUSED:
        defaults.pop("paused_from", None)  # what the items that join paused were paused from
    command = c.OnboardItem(
        key=row.key,
        currency=row.source.currency,
        source=row.source.describe(),
        **defaults,
        **given,
        **figures,
        **row.decision("Joined the portfolio in", figures),
    )
    joins = row.batch.handle(command).summary  # its forecast date too, as its cell was read
    return RowResult(row.row.number, row.key, command.title, "new", joins_as=joins)


def _record_changes(row: _Row, then: PortfolioItem) -> RowResult:
    result = RowResult(row.row.number, row.key, then.title, "unchanged")
    values = row.row.values
    moved = values.get("organisation")
    # Written as the ledger has it, it is the same; else it may still name the same one.
    if (
        moved is not None
        and not unchanged("organisation", moved, then.organisation)
        and organisation(row.batch, moved) != then.organisation
    ):
        result.changes.append(Change("organisation", worded(then.organisation), moved))
        row.batch.handle(
            c.TransferItem(key=row.key, organisation=moved, **row.decision("As given in"))
        )
    details = {
        name: values[name]
        for name in DETAILS
        if values.get(name) is not None and not unchanged(name, values[name], getattr(then, name))
    }
    if details:
        result.changes += [Change(n, worded(getattr(then, n)), v) for n, v in details.items()]
        row.batch.handle(c.AmendItem(key=row.key, **details, **row.decision("As given in")))
    reported = reported_changes(values, then, row.source.currency)
    if reported or reported_again(values, then, row.source.as_at):
        result.changes += reported
        result.status_reported = True
        recorded = row.batch.handle(_status_report(row, then, again=not reported))
        # A report beyond a tolerance records the breach and its escalation too: said, not silent.
        breached = [e for e in recorded.earlier if e.event == ToleranceBreached.label]
        result.breaches = [event.summary for event in breached]
    result.notes = not_recorded(values, then, row.source.currency)
    result.kept = kept(values, then, row.source.fields, reported=result.status_reported)
    if result.changes:
        result.outcome = "changed"
    return result


def _status_report(row: _Row, then: PortfolioItem, *, again: bool) -> c.ReportStatus:
    """One status report with everything the row reports (its rating, or the item's).

    Reported ``again`` (nothing new in the row), it keeps the item's ratings by
    dimension (cost, schedule, scope, benefits), which a return does not give:
    else the report would rate them none, and the item lose them unasked.
    """
    values = row.row.values
    overall = values.get("rag") or then.rag or RAG.NOT_ASSESSED
    figures: dict[str, Any] = {
        name: row.amount(name) for name in ("whole_life_cost", "forecast_cost") if name in values
    }
    dimensions: dict[str, Any] = dict(then.rag_dimensions) if again else {}
    return c.ReportStatus(
        key=row.key,
        overall=overall,
        forecast_date=values.get("forecast_date"),
        **figures,
        **dimensions,
        **row.decision("As reported in", figures),
    )


def _namesakes(rows: Sequence[RowResult]) -> list[Namesake]:
    """Rows joining with the name of an item in the portfolio the return also has.

    That item's name as its row gives it: a row renaming it (``Website refresh`` to
    ``Website refresh phase 1``) no longer has the old name, and one renaming it to a
    row joining's name has that name.
    """
    held: dict[str, str] = {}
    for row in rows:
        if row.outcome != "new":
            titled = [change.after for change in row.changes if change.field == "title"]
            name = (titled[0] if titled else None) or row.title
            held.setdefault(compared(name).casefold(), row.key)
    return [
        Namesake(row.row, row.key, row.title, also)
        for row in rows
        if row.outcome == "new"
        and (also := held.get(compared(row.title).casefold())) not in (None, row.key)
    ]


def _paired(
    rows: Sequence[RowResult], gone: Sequence[Mapping[str, Any]]
) -> dict[str, tuple[RowResult, str]]:
    """Each missing item's row under another key, by its name, else by its key's number.

    By number only where one missing item and one row joining have it, that row not paired
    by name with another (``HR-5`` and ``FIN-5`` both missing beside ``PRJ-0005``: neither).
    """
    named, numbered = by_name(rows), by_number(rows)
    found = {s["key"]: (row, "name") for s in gone
             if (row := named.get(compared(s["title"]).casefold())) is not None}  # fmt: skip
    taken = {row.key for row, _ in found.values()}
    numbers = Counter(key_number(s["key"], s["title"]) for s in gone if s["key"] not in found)
    for state in gone:
        number = key_number(state["key"], state["title"])
        row = numbered.get(number) if number and numbers[number] == 1 else None
        if state["key"] not in found and row is not None and row.key not in taken:
            found[state["key"]] = (row, "number")
    return found


def _missing(run: _Run, known: Sequence[Mapping[str, Any]], present: set[str]) -> None:
    """Items in the portfolio on the date but not in the return: reported, or leaving."""
    leave = run.recording.missing == "leave"
    gone = [s for s in known if s["view"] in OPEN_VIEWS and s["key"] not in present]
    paired = _paired(run.result.rows, gone)
    for state in gone:
        same, by = paired.get(state["key"], (None, None))
        missing = Missing(
            state["key"], state["title"], state["organisation"], leave,
            new_key=same.key if same else None, new_row=same.row if same else None,
            new_by=by if same else None,
            new_joins=same is not None and same.outcome == "new",
            open_escalations=int(state.get("open_escalations") or 0),
            **replaced_on(run.batch, state["key"], same, run.source.as_at),
            **left_out_of(run.batch, run.source, state["key"], state["title"]),
        )  # fmt: skip
        run.result.missing.append(missing)
        if not leave:
            continue
        try:
            why = LeaveReason.NO_LONGER_REPORTED
            run.batch.handle(c.LeaveItem(key=missing.key, reason=why, **run.decision("Not in")))
        except LedgerError as error:  # its day is the return's: to leave later is the fix
            run.batch.undo()
            later = f"(import with --missing report, then 'item leave {missing.key}' later)"
            said = str(error).replace("(--effective-date)", later)
            run.result.refusals.append(Refusal(None, None, said, usage=False))
    if leave and (too_many := too_many_leaving(len(gone), run.recording.max_leaving)):
        run.result.refusals.append(Refusal(None, None, too_many, usage=False))
