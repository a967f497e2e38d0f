"""How a return's reconciliation reads: for people (tables), and for tools (``--json``)."""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Any

import click

from portfolio_ledger.cli import render
from portfolio_ledger.cli.returns_left_out import (
    leaving_recorded,
    left_out_said,
    missing_advice,
    missing_data,
    missing_row,
)
from portfolio_ledger.cli.returns_refused import show_refused
from portfolio_ledger.cli.returns_rounded import rounded_data, rounded_said
from portfolio_ledger.domain.change_words import names_in_words
from portfolio_ledger.reports.tabular import counted
from portfolio_ledger.returns.parents import parent_unread

if TYPE_CHECKING:
    from portfolio_ledger.application.returns import Missing, Reconciliation, RowResult
    from portfolio_ledger.returns.importing import ReturnImport

MAX_SHOWN = 50


def as_data(found: ReturnImport) -> dict[str, Any]:
    """The reconciliation as JSON-ready data: every row, by what it is."""
    done = found.reconciliation
    source = found.source

    def rows(outcome: str) -> list[dict[str, Any]]:
        return [
            {
                "row": r.row,
                "key": r.key,
                "title": r.title,
                "changes": [{**asdict(c), "said": str(c)} for c in r.changes],
                "status_reported": r.status_reported,
                "notes": r.notes,
                "tolerance_breaches": r.breaches,
                "kept": [{**asdict(k), "said": str(k)} for k in r.kept],
                **({"joins_as": r.joins_as} if outcome == "new" else {}),
            }
            for r in done.of(outcome)
        ]

    return {
        "file": source.file_name,
        "sha256": source.sha256,
        "mapping": found.mapping,
        "sheet": found.sheet,
        "where": {column: list(values) for column, values in found.where.items()},
        "as_at": source.as_at.isoformat(),
        "dry_run": found.dry_run,
        "missing_policy": found.missing,
        "rows_read": found.rows_read,
        "rows": found.rows_kept,
        "unread_columns": found.unread,
        "hidden_rows": found.hidden,
        "hidden_columns": [{"column": name, "letter": at} for name, at in found.hidden_columns],
        "unseen_cells": [{"cell": ref, "format": shown} for ref, shown in found.unseen],
        "left_out": [{"column": c, "value": v, "rows": n} for c, v, n in found.left_out.values],
        "rounded_amounts": rounded_data(found),
        "new": rows("new"),
        "changed": rows("changed"),
        "unchanged": rows("unchanged"),
        "keys_from_names": [asdict(named) for named in done.named],
        "missing": [missing_data(missing) for missing in done.missing],
        "namesakes": [asdict(namesake) for namesake in done.namesakes],
        "refused": [asdict(refusal) for refusal in done.refusals],
        "recorded": 0 if done.already is not None else done.recorded,
        "already_recorded_at": None if done.already is None else done.already.position,
    }


def show_import(found: ReturnImport) -> None:
    """The reconciliation as people read it, then what was recorded (or why not)."""
    done, source = found.reconciliation, found.source
    sheet = "" if found.sheet is None else f", sheet {found.sheet!r}"
    where = "".join(f"; rows where {c} is {' or '.join(v)}" for c, v in found.where.items())
    click.echo(
        render.said(
            f"Return {source.file_name}{sheet} (sha256 {source.sha256[:16]}...), read with the "
            f"{found.mapping} mapping{where}: {found.rows_kept:,} of {found.rows_read:,} rows."
        )
    )
    if done.already is not None:
        click.echo(
            f"Already imported: this return, as at {source.as_at.isoformat()} with these "
            f"options, was recorded before, ending at ledger position {done.already.position:,}; "
            + (
                "importing it again would write nothing (dry run)."
                if found.dry_run
                else "nothing new was written."
            )
        )
        return
    if found.left_out.values:
        click.echo(render.said(left_out_said(found.left_out)))
    if found.unread:  # the return's own headers, any text: said as escapes where a terminal
        hint = parent_unread(found.unread)  # a programme's sums otherwise counted twice
        click.echo(
            render.said(
                f"Columns not read: {names_in_words(found.unread)} (not in the mapping){hint}."
            )
        )
    if found.hidden:
        click.echo(_hidden(found.hidden))
    if found.hidden_columns:
        click.echo(render.said(_hidden_columns(found.hidden_columns)))
    if found.unseen:
        click.echo(render.said(_unseen(found.unseen)))
    if (rounded := rounded_said(found)) is not None:
        click.echo(rounded)
    click.echo(_counts(found))
    _show_rows(done)
    _show_missing(found)
    _show_namesakes(found)
    show_refused(done)
    _say_recorded(found)


def _hidden(rows: list[int]) -> str:
    """The rows the workbook hides, read as any other: said, so none is read unawares."""
    shown = ", ".join(str(row) for row in rows[:MAX_SHOWN])
    more = f" and {len(rows) - MAX_SHOWN:,} more" if len(rows) > MAX_SHOWN else ""
    return (
        f"Hidden rows read: {len(rows):,}. The sheet hides {'row' if len(rows) == 1 else 'rows'} "
        f"{shown}{more} (by hand or by a filter), read as any other; to leave rows out, "
        "choose the rows to read with --where COLUMN=VALUE (or [where] in the mapping), or "
        "delete them from the return."
    )


def _hidden_columns(columns: list[tuple[str, str]]) -> str:
    """The hidden columns the mapping reads, each with its letter: said, as hidden rows are."""
    named = ", ".join(f"{name} ({at})" for name, at in columns)
    one = len(columns) == 1
    return (
        f"Hidden {'column' if one else 'columns'} read: {named}. The sheet hides "
        f"{'it' if one else 'them'}, read as any other, as the mapping names "
        f"{'it' if one else 'them'}; check {'it is the column' if one else 'they are the columns'} "
        "meant (a figure kept out of sight may be last quarter's), or map the column meant."
    )


def _unseen(cells: list[tuple[str, str]]) -> str:
    """The cells read that their number format shows blank: said, as hidden rows are."""
    named = ", ".join(f"{ref} ({shown})" for ref, shown in cells[:MAX_SHOWN])
    more = f" and {len(cells) - MAX_SHOWN:,} more" if len(cells) > MAX_SHOWN else ""
    one = len(cells) == 1
    return (
        f"Cells read that show blank: {len(cells):,}. {'This cell holds' if one else 'These hold'} "
        f"a value {'its' if one else 'their'} number format shows as nothing (the format in "
        f"brackets): {named}{more}, read as any other; check each is a figure meant to be "
        "reported (to leave one out, clear the cell in the return)."
    )


def _counts(found: ReturnImport) -> str:
    done = found.reconciliation
    leaving = "left the portfolio: no longer reported" if found.missing == "leave" else "reported"
    unchanged = done.of("unchanged")
    again = sum(r.status_reported for r in unchanged)
    # An unchanged row that rates a funded item is its status reported again on the date.
    reported = f" ({again:,} of them status reported again)" if again else ""
    return (
        f"As at {found.source.as_at.isoformat()}: {len(done.of('new')):,} new, "
        f"{len(done.of('changed')):,} changed, {len(unchanged):,} unchanged{reported}, "
        f"{len(done.missing):,} missing from the return ({leaving}), "
        f"{len({r.row for r in done.refusals}):,} refused."
    )


def _show_rows(done: Reconciliation) -> None:
    new, changed = done.of("new"), done.of("changed")
    if new:
        joins = "joins" if len(new) == 1 else "join"
        title = f"New: {len(new)} {joins} the portfolio, as read"
        _table(title, ["Row", "Key", "Joins as"], new, _joining)
    if changed:
        _table(f"Changed: {len(changed)}", ["Row", "Key", "Changes"], changed, _changes)
    breached = [r for r in done.rows if r.breaches]
    if breached:
        count = sum(len(r.breaches) for r in breached)
        title = f"Tolerances breached: {count}, each escalated to the body that set it"
        _table(title, ["Row", "Key", "Breach"], breached, _breaches)
    noted = [r for r in done.rows if r.notes]
    if noted:
        _table("Differences a return does not record", ["Row", "Key", "Note"], noted, _notes)
    kept = [r for r in done.rows if r.kept]
    if kept:
        title = f"Left out, so kept as an earlier report gave it: {len(kept)}"
        _table(title, ["Row", "Key", "Kept"], kept, _kept)
    if done.named:
        render.table(
            f"Rows with no id: {len(done.named)}",
            ["Row", "Name", "Key"],
            [
                [
                    str(n.row),
                    n.name,
                    f"{n.key} ({'matched by name' if n.matched else 'made from its name'})",
                ]
                for n in done.named
            ],
            wide={"Name": 50},
        )


def _table(title: str, headers: list[str], rows: list[RowResult], cells: Any) -> None:
    shown = rows[:MAX_SHOWN]
    more = f" (the first {MAX_SHOWN}; --json lists all)" if len(rows) > MAX_SHOWN else ""
    render.table(title + more, headers, [cells(r) for r in shown], wide={headers[-1]: 70})


def _joining(row: RowResult) -> list[str]:
    return [str(row.row), row.key, row.joins_as or row.title]


def _changes(row: RowResult) -> list[str]:
    return [str(row.row), row.key, "; ".join(str(change) for change in row.changes)]


def _breaches(row: RowResult) -> list[str]:
    return [str(row.row), row.key, "; ".join(row.breaches)]


def _kept(row: RowResult) -> list[str]:
    return [str(row.row), row.key, "; ".join(str(kept) for kept in row.kept)]


def _notes(row: RowResult) -> list[str]:
    return [str(row.row), row.key, "; ".join(row.notes)]


def _show_missing(found: ReturnImport) -> None:
    missing = found.reconciliation.missing
    if not missing:
        return
    what = (
        "left the portfolio (no longer reported)"
        if found.missing == "leave"
        else "still in the portfolio; --missing leave records that they left"
    )
    more = f" (the first {MAX_SHOWN}; --json lists all)" if len(missing) > MAX_SHOWN else ""
    advice = missing_advice(found)
    headers = ["Key", "Title", "Organisation"] + (["In the return"] if advice else [])
    rows = [[m.key, m.title, render.text(m.organisation)] for m in missing[:MAX_SHOWN]]
    if advice:
        rows = [[*row, missing_row(m)] for row, m in zip(rows, missing, strict=False)]
    render.table(
        f"Missing from the return: {len(missing)}, {what}{more}", headers, rows, wide={"Title": 50}
    )
    if advice:
        click.echo(advice)
    escalated = [m for m in missing if m.open_escalations] if found.missing == "leave" else []
    if escalated:
        named = ", ".join(f"{m.key} ({m.open_escalations})" for m in escalated[:MAX_SHOWN])
        click.echo(
            f"Leaving with escalations open: {named}. An escalation stays open after its item "
            "leaves, and the board pack lists it, until it is resolved ('item resolve KEY "
            "--escalation N')."
        )
    _show_new_ids(found)


def _show_new_ids(found: ReturnImport) -> None:
    """Items missing whose name a row under another key has: perhaps one item under a new id."""
    _show_renumbered(found)
    same = [m for m in found.reconciliation.missing if m.new_by == "name"]
    if not same:
        return
    both = (
        " Both stay in the portfolio until one leaves: if they are one item, its money is "
        "counted twice."
        if found.missing == "report"
        else ""
    )
    render.table(
        f"Missing, and a row under another key has the name: {len(same)}.{both} "
        f"{_one_item(found, ' under a new id')}",
        ["Key", "Title", "Row", "New key", "Leave on"],
        [[m.key, m.title, str(m.new_row), _new_key(m), _leave_on(m, found)] for m in same],
        wide={"Title": 50},
    )


def _show_namesakes(found: ReturnImport) -> None:
    """Rows joining with the name of an item the return also has: perhaps one item twice."""
    same = found.reconciliation.namesakes
    if same:
        render.table(
            f"Joining with the name of an item the return also has: {len(same)}. Both are "
            "counted in the portfolio: if they are one item, its row under its old id and "
            "again under its new one, delete one of the two rows from the return; if two "
            "items share the name, nothing is wrong",
            ["Row", "Key", "Title", "Also as"],
            [[str(n.row), n.key, n.title, n.also] for n in same],
            wide={"Title": 50},
        )


def _show_renumbered(found: ReturnImport) -> None:
    """Items missing whose key's number a row joining has: perhaps one item renumbered."""
    same = [m for m in found.reconciliation.missing if m.new_by == "number"]
    if not same:
        return
    render.table(
        f"Missing, and a row joining under another key has its number: {len(same)}. A "
        "register renumbering its ids (P12 to PRJ-0012) sends an item so, perhaps renamed "
        "too, or merged; nothing here tells it from an item that ended and another that "
        f"began. {_one_item(found, '')}",
        ["Key", "Title", "Row", "New key", "Leave on"],
        [[m.key, m.title, str(m.new_row), _new_key(m), _leave_on(m, found)] for m in same],
        wide={"Title": 50},
    )


def _one_item(found: ReturnImport, same: str) -> str:
    """What to do if OLD and NEW are one item: before its leaving is recorded, or once it is."""
    if leaving_recorded(found):  # 'item leave OLD' is refused now: OLD has left
        return (
            "This import recorded each as leaving, no longer reported: if one is the same "
            f"item{same}, correct its leaving to a merger ('decision correct POSITION --set "
            "reason=merged --set merged_into=NEW', POSITION its leaving's in 'item history "
            "OLD'; and --set effective_date=DAY where Leave on is a day before this return's)"
        )
    return (
        f"If one is the same item{same}, give its row the old id, so it is read as that item; "
        "or, to keep the new id, import the return with --missing report, record 'item leave "
        "OLD --reason merged --merged-into NEW --effective-date DAY', DAY as under Leave on "
        "(the day NEW joined, when it replaced OLD), then import it with --missing leave"
    )


def _new_key(missing: Missing) -> str:
    """``K-9 (joins now)``, or ``K-9 (in the ledger already)``: joined with an earlier return."""
    return f"{missing.new_key} ({'joins now' if missing.new_joins else 'in the ledger already'})"


def _leave_on(missing: Missing, found: ReturnImport) -> str:
    """The day to record OLD leaving, merged into NEW; why, if not the day NEW joined."""
    day = (missing.leave_on or found.source.as_at).isoformat()
    if missing.new_joins or missing.new_joined is None or missing.leave_on == missing.new_joined:
        return day
    return (
        f"{day} (this return's date: {missing.key} has decisions after {missing.new_key} joined "
        f"on {missing.new_joined.isoformat()}, so the ledger cannot say when it was replaced)"
    )


def _say_recorded(found: ReturnImport) -> None:
    done = found.reconciliation
    if done.refusals:
        return
    if found.dry_run:
        click.echo(
            f"Checked in {found.seconds:.1f} s: {counted(done.recorded, 'event')} would be "
            "recorded. Nothing was written (dry run)."
        )
        return
    if done.positions is None:
        click.echo(
            f"Nothing to record ({found.seconds:.1f} s): the ledger already says what the "
            "return says."
        )
        return
    left = sum(missing.left for missing in done.missing)  # an item leaving is in no row
    click.echo(
        f"Recorded {counted(done.recorded, 'event')} ({render.positions(*done.positions)}) in "
        f"{found.seconds:.1f} s, {'each ' if done.recorded > 1 else ''}dated "
        f"{found.source.as_at.isoformat()} and referencing "
        + ("the file." if left == done.recorded  # every one an item leaving
           else f"the file (and its row, but for {counted(left, 'item')} leaving)." if left
           else "the file and its row.")
    )  # fmt: skip
