"""Importing a return: read the file by its mapping, then reconcile it with the ledger.

The use case behind ``portfolio-ledger returns import``. The whole return is
one request, named by the file's SHA-256, the date and the options that
change what it records: importing it again records nothing.
"""

from __future__ import annotations

import hashlib
import os
import stat
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from portfolio_ledger.application.commands.days import before_any_decision
from portfolio_ledger.application.errors import InvalidInput
from portfolio_ledger.application.files import not_read
from portfolio_ledger.application.ledger import PortfolioLedger
from portfolio_ledger.application.ports import Request
from portfolio_ledger.application.reconcile import reconcile
from portfolio_ledger.application.returns import (
    PortfolioSource,
    Progress,
    Reconciliation,
    Recording,
    ReturnRow,
    ReturnSource,
    plain_spaces,
)
from portfolio_ledger.application.selection import Moment
from portfolio_ledger.domain.clock import utc_today
from portfolio_ledger.domain.rounding import Rounded
from portfolio_ledger.returns.cut_short import cut_short
from portfolio_ledger.returns.headers import find_columns, lowest_name, stacked
from portfolio_ledger.returns.left_out import LeftOut, left_out
from portfolio_ledger.returns.mapping import ReturnMapping, load_mapping
from portfolio_ledger.returns.rows import map_rows
from portfolio_ledger.returns.sheets import Sheet, column_letter, read_sheet

MISSING = ("report", "leave")


@dataclass(frozen=True)
class ReturnAsked:
    """What the command line asks: the file, its date, how to read it, who records it."""

    file: Path
    as_at: date
    actor: str
    role: str
    authority: str
    rationale: str | None = None
    mapping: str | None = None
    sheet: str | None = None
    units: str | None = None
    missing: str = "report"
    max_leaving: int | None = None
    where: tuple[tuple[str, str], ...] = ()
    dry_run: bool = False


@dataclass
class ReturnImport:
    """What importing a return found and did (or, dry or refused, would have done)."""

    source: ReturnSource
    mapping: str
    sheet: str | None
    where: dict[str, tuple[str, ...]]
    missing: str
    dry_run: bool
    rows_read: int
    rows_kept: int
    unread: list[str]
    hidden: list[int] = field(default_factory=list)
    """Rows read that the workbook hides (a filter's, or by hand): read, and said to be."""
    hidden_columns: list[tuple[str, str]] = field(default_factory=list)
    """Columns read (mapped, or filtered on) that the workbook hides: name and letter."""
    unseen: list[tuple[str, str]] = field(default_factory=list)
    """Cells read that their number format shows as nothing (``;;;``): reference and format."""
    left_out: LeftOut = field(default_factory=lambda: LeftOut([], 0))
    """What the filter's columns hold in the rows it leaves out (column, value, rows), and
    how many rows it leaves out: a row two of its columns leave out is one."""
    rounding: str | None = None
    """How the mapping has amounts finer than the penny rounded (round_amounts); None: refused."""
    rounded: list[tuple[int, str, Rounded]] = field(default_factory=list)
    """The amounts rounded to the penny, in the rows kept: row, figure, as given and recorded."""
    reconciliation: Reconciliation = field(default_factory=Reconciliation)
    seconds: float = 0.0


@dataclass
class ReadReturn:
    """A return read by its mapping, before the ledger is opened: what it gives, and how."""

    found: ReturnImport
    rows: list[ReturnRow]
    recording: Recording
    started: float


def import_return(
    ledger: PortfolioLedger,
    portfolio: PortfolioSource,
    asked: ReturnAsked,
    progress: Progress | None = None,
) -> ReturnImport:
    """Read the return, reconcile it with the ledger as at its date, record the differences."""
    return reconcile_return(ledger, portfolio, read_return(asked), progress)


def _a_day_to_record_on(as_at: date) -> None:
    """Refuse an ``--as-at`` no decision can take effect on: in the future, or before 1900."""
    today = utc_today()  # one day, as the refusal says it
    if as_at > today:
        raise InvalidInput(
            f"--as-at {as_at.isoformat()} is in the future; a return records the "
            f"portfolio as it stood on a day that has come (today is {today.isoformat()} "
            "in UTC, the ledger's calendar)"
        )
    too_early = before_any_decision(as_at)  # its decisions take effect on it
    if too_early is not None:
        raise InvalidInput(f"--as-at {too_early}")


def read_return(asked: ReturnAsked) -> ReadReturn:
    """The return read by its mapping; a file that cannot be read is refused, as a whole.

    Needs no ledger, so a return refused here opens (and creates) none.
    """
    started = time.perf_counter()
    _a_day_to_record_on(asked.as_at)
    mapping = load_mapping(asked.mapping)
    checksum = sha256_of(asked.file)
    sheet = read_sheet(
        asked.file, asked.sheet, preferred=mapping.sheet, separator=mapping.separator
    )
    sheet = sheet.headed_at(mapping.header_row, asked.file.name)
    if (cut := cut_short(sheet, asked.file)) is not None:
        raise InvalidInput(cut)
    if mapping.header_rows > 1:
        sheet = stacked(sheet, mapping.header_rows, asked.file.name)
    where = _where(mapping, asked)
    mapped = map_rows(sheet, mapping, asked.file.name, where, asked.units)
    columns = find_columns(sheet, mapping, asked.file.name, where)
    source = ReturnSource(
        asked.file.name, checksum, mapping.source, asked.as_at, mapping.currency,
        fields=tuple(mapping.columns), headers=dict(mapping.columns),
    )  # fmt: skip
    asking = [
        checksum, asked.as_at.isoformat(), mapping.digest, asked.units or mapping.units,
        asked.missing, repr(sorted(where.items())), sheet.name or "",
    ]  # fmt: skip
    found = ReturnImport(
        source=source,
        mapping=mapping.name,
        sheet=sheet.name,
        where=where,
        missing=asked.missing,
        dry_run=asked.dry_run,
        rows_read=mapped.read,
        rows_kept=len(mapped.rows),
        unread=mapped.unread,
        hidden=mapped.hidden,
        hidden_columns=_hidden_read(sheet, mapping, mapped.unread),
        unseen=mapped.unseen,
        left_out=left_out(sheet, columns, where, {row.number for row in mapped.rows}, mapping),
        rounding=mapping.round_amounts,
        rounded=[(row.number, name, r) for row in mapped.rows for name, r in row.rounded],
    )
    recording = _recording(asked, mapping.defaults, asking)
    return ReadReturn(found, mapped.rows, recording, started)


def _where(mapping: ReturnMapping, asked: ReturnAsked) -> dict[str, tuple[str, ...]]:
    """The mapping's filter, each column ``--where`` names replaced by the values it gives."""
    where = dict(mapping.where)
    asked_where = [(plain_spaces(c), plain_spaces(v)) for c, v in asked.where]  # as cells read
    for column in dict.fromkeys(column for column, _ in asked_where):
        where[column] = tuple(value for c, value in asked_where if c == column)
    return where


def _hidden_read(sheet: Sheet, mapping: ReturnMapping, unread: list[str]) -> list[tuple[str, str]]:
    """The hidden columns the return is read by, each with its letter: said, not read unawares.

    Those the mapping leaves unread or lists in ``ignore`` are not (as its header names them,
    or by the name under a group heading, as reading them does).
    """
    left = {*unread, *mapping.ignore}
    return [
        (header, column_letter(number - 1))
        for number, header in enumerate(sheet.headers, 1)
        if header
        and number in sheet.hidden_columns
        and left.isdisjoint({header, lowest_name(sheet, header)})
    ]


def reconcile_return(
    ledger: PortfolioLedger,
    portfolio: PortfolioSource,
    read: ReadReturn,
    progress: Progress | None = None,
) -> ReturnImport:
    """Reconcile a return read with the ledger as at its date; record the differences."""
    found = read.found
    moment = Moment(effective_on=found.source.as_at)
    rows_left_out = {key: (row.row, row.holding) for key, row in found.left_out.keyed.items()}
    found.source = replace(found.source, left_out=rows_left_out)

    def known() -> Sequence[Mapping[str, Any]]:
        # Each read catches the read models up first (read again, they take in what another
        # process recorded meanwhile). Nothing of the return is recorded yet: Ctrl-C in that
        # catch-up is a plain interruption, and a catch-up that fails refuses the return.
        return portfolio.portfolio(moment)

    found.reconciliation = reconcile(
        ledger, read.rows, known, source=found.source, recording=read.recording, progress=progress
    )
    found.seconds = time.perf_counter() - read.started
    return found


def _recording(asked: ReturnAsked, defaults: dict[str, Any], asking: list[str]) -> Recording:
    """Who records the return, and the request it is recorded once under.

    A dry run looks the request up too (it records nothing): of a return imported
    already, it says so, as the import would.
    """
    digest = hashlib.sha256("|".join(asking).encode()).hexdigest()
    return Recording(
        actor=asked.actor,
        role=asked.role,
        authority=asked.authority,
        rationale=asked.rationale,
        missing=asked.missing,
        max_leaving=asked.max_leaving,
        defaults=defaults,
        write=not asked.dry_run,
        request=Request(f"return:{digest}", digest, "return"),
    )


def sha256_of(file: Path) -> str:
    """The file's SHA-256, hex; a pipe or a device, which cannot be read again, refused.

    A return is read twice, for its checksum and then for its rows: a pipe
    (``<(...)``) was read to its end by the first, and refused as empty by the
    second; ``/dev/zero`` was read for its checksum without end. It is told by its name
    before it is opened too: opening a named pipe no program writes to waits for one,
    and the command hung.
    """
    if not stat.S_ISREG(file.stat().st_mode):
        raise _not_on_disk(file)
    with file.open("rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):  # swapped since
            raise _not_on_disk(file)
        try:
            return hashlib.file_digest(handle, "sha256").hexdigest()
        except OSError as error:
            raise InvalidInput(not_read(file, error, "the return")) from None


def _not_on_disk(file: Path) -> InvalidInput:
    return InvalidInput(
        f"{file} is not a file on disk (a pipe or a device), and a return is read "
        "twice, for its checksum and for its rows: save it as a file (CSV or .xlsx) "
        "and import that"
    )
