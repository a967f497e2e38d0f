"""``portfolio-ledger report board-pack``: the governance board's pack, as HTML, PDF or xlsx."""

from __future__ import annotations

import errno
import hashlib
import os
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from portfolio_ledger.cli import render
from portfolio_ledger.cli.context import LedgerContext, pass_context
from portfolio_ledger.cli.filters import (
    NONE_YET,
    ORGANISATION_HELP,
    explain_empty,
    item_filter,
    named_apart,
    unknown_values,
)
from portfolio_ledger.cli.listed import listed_options
from portfolio_ledger.cli.moments import DAY, DAY_AS_WRITTEN
from portfolio_ledger.cli.options import FilePath, Spoken, decision_fields, refuse_blank_filter
from portfolio_ledger.cli.output import cannot_write
from portfolio_ledger.cli.pack_document import pack_document
from portfolio_ledger.cli.streams import hold_interruptions
from portfolio_ledger.domain.caseless import caseless_order
from portfolio_ledger.domain.change_words import names_in_words
from portfolio_ledger.domain.lines import one_line

if TYPE_CHECKING:
    from portfolio_ledger.reports.model import BoardPack

FORMATS = {".html": "html", ".htm": "html", ".pdf": "pdf", ".xlsx": "xlsx"}


@click.group()
def report() -> None:
    """Reports for portfolio governance, made from the ledger as at a date."""


@report.command("board-pack")
@click.option("--as-at", type=DAY, required=True, help="The pack's date (YYYY-MM-DD).")
@click.option(
    "--since",
    type=DAY,
    help="The last pack's date: changes and decisions after it. Default: the day of the last "
    "pack recorded (--record) for --board, or for any board, before --as-at; else 90 days "
    "before --as-at.",
)
@click.option(
    "--board",
    metavar="KEY",
    callback=refuse_blank_filter,
    help="The board the pack is for, e.g. IC.",
)
@click.option(
    "--record",
    is_flag=True,
    help="Record in the ledger that this pack was put before --board (its day, period, "
    "digest and the document's SHA-256): the next pack's --since defaults to its day.",
)
@click.option(
    "--actor",
    envvar="PORTFOLIO_LEDGER_ACTOR",
    metavar="NAME",
    help="With --record: who tables the pack, by name, as recorded (not a person key: "
    "audit trail --actor finds the name). Default: $PORTFOLIO_LEDGER_ACTOR.",
)
@click.option(
    "--role",
    envvar="PORTFOLIO_LEDGER_ROLE",
    metavar="ROLE",
    help="With --record: in what role. Default: $PORTFOLIO_LEDGER_ROLE.",
)
@click.option(
    "--rationale",
    "-m",
    metavar="TEXT",
    help="With --record: why. Default: which pack was put before which board.",
)
@click.option(
    "--effective-date",
    type=DAY_AS_WRITTEN,
    help="With --record: the day the pack was put before the board (its meeting). Default: today.",
)
@click.option(
    "--ref",
    "references",
    multiple=True,
    metavar="REF",
    help="With --record: a reference (the meeting, its agenda item). Repeatable.",
)
@click.option(
    "--organisation",
    "organisations",
    multiple=True,
    metavar="NAME",
    callback=refuse_blank_filter,
    help=ORGANISATION_HELP,
)
@click.option(
    "--clock",
    type=Spoken(["effective", "recorded"], case_sensitive=False),
    default="effective",
    show_default=True,
    help="effective: decisions in effect by --as-at; recorded: as recorded by its end (UTC).",
)
@click.option(
    "--rules",
    type=FilePath(exists=True),
    help="A TOML file changing the rules' thresholds and wording (docs/reports.md).",
)
@click.option(
    "--reproducible", is_flag=True, help="Leave out the 'generated at' line: same bytes each run."
)
@click.option(
    "--out",
    type=FilePath(),
    metavar="FILE.html|FILE.pdf|FILE.xlsx",
    help="Write the pack here: HTML (one self-contained file), PDF or an Excel workbook (a "
    "sheet per table), by the extension.",
)
@click.option(
    "--json", "as_json", is_flag=True, help="Print the pack's content as JSON (what it draws)."
)
@listed_options
@pass_context
def board_pack(  # noqa: PLR0917 - click passes every option by position
    ctx: LedgerContext,
    /,
    as_at: date,
    since: date | None,
    board: str | None,
    organisations: tuple[str, ...],
    clock: str,
    rules: Path | None,
    reproducible: bool,
    out: Path | None,
    as_json: bool,
    listed: dict[str, int | None],
    **tabling: Any,
) -> None:
    """The board pack: summary, charts, decisions, exceptions, recommendations, digest.

    From the ledger alone as at --as-at, ending with its digest line for the minutes; the
    page lists the most pressing --exceptions, --decisions and --changes; --json, xlsx all.

    \b
    Examples:
      portfolio-ledger report board-pack --as-at 2026-11-30 --out pack.html
      portfolio-ledger report board-pack --as-at 2026-11-30 --board IC --record \\
        --actor "Priya Raman" --role "Portfolio office" --ref "IC 2026-12-07 item 3" \\
        --out ic.pdf
      portfolio-ledger report board-pack --as-at 2026-06-30 --since 2026-03-31 \\
        --organisation DDAT --reproducible --json
    """
    kind = _output_kind(out, as_json)
    _check_days(since, as_at, clock)
    who = _who_tables(board, out, **tabling)
    from portfolio_ledger.reports.assemble import PackOptions, board_pack
    from portfolio_ledger.reports.rules import load_rules

    options = PackOptions(
        as_at=as_at,
        since=since,
        board=_board_key(ctx, board),
        organisations=_organisations(ctx, organisations),
        clock=clock,
        rules=load_rules(rules),
        generated_at=None if reproducible else datetime.now(UTC).replace(microsecond=0),
    )
    pack = board_pack(ctx.reader, options)
    _check_scope(ctx, pack, options.organisations, warn=out is not None)
    if as_json:
        render.as_json(pack.model_dump(mode="json"))
    if out is not None and kind is not None:
        _deliver(ctx, pack, (out, kind, listed), who, as_json)


def _deliver(
    ctx: LedgerContext,
    pack: BoardPack,
    target: tuple[Path, str, dict[str, int | None]],
    who: dict[str, Any] | None,
    as_json: bool,
) -> None:
    """Write the pack's document; with --record, record it as put before the board first.

    ``target``: where, in which format, and how many of each long table it lists.
    """
    out, kind, listed = target
    document = pack_document(pack, kind, listed, out)
    table = None
    if who is not None:
        table = _table(ctx, pack, hashlib.sha256(document).hexdigest(), who, as_json)
    _write(out, document, then=table)
    written = f"Board pack as at {pack.as_at.isoformat()} written to {out}"
    click.echo(render.said(written), err=as_json)  # a file's name is any text


def _organisations(ctx: LedgerContext, given: tuple[str, ...]) -> tuple[str, ...]:
    """The organisations ``--organisation`` names: ``DDAT,HMRC`` as two, where each is one."""
    return named_apart(given, ctx.reader.values("organisation")) if given else ()


def _board_key(ctx: LedgerContext, board: str | None) -> str | None:
    """The board's key as the ledger spells it; refused if there is no such board."""
    from portfolio_ledger.application.views import Moment

    return ctx.reader.board(board, Moment()).key if board else None


def _who_tables(
    board: str | None,
    out: Path | None,
    *,
    record: bool,
    effective_date: str | None,
    references: tuple[str, ...],
    **decision: str | None,
) -> dict[str, Any] | None:
    """With --record: who tables the pack, when and why; checked before anything is read."""
    if not record:
        return None
    if board is None or out is None:
        raise click.UsageError(
            "--record records that a pack was put before a board: name the board with "
            "--board KEY and the document with --out FILE.html|FILE.pdf|FILE.xlsx"
        )
    fields = decision_fields(references=references, effective_date=effective_date, **decision)
    # Given blank (--effective-date "", -m ""), checked as given: only left out is defaulted.
    unsaid = {"rationale": None} if decision.get("rationale") is None else {}  # made later
    return {"board": board} | {k: v for k, v in (fields | unsaid).items() if v is not None}


def _table(
    ctx: LedgerContext, pack: BoardPack, sha256: str, fields: dict[str, Any], as_json: bool
) -> Callable[[], None]:
    """What records the pack as put before the board, validated now, run once it is in place."""
    from portfolio_ledger.application.commands import TablePack

    fields.setdefault(
        "rationale",
        f"Board pack as at {pack.as_at.isoformat()} (changes since {pack.since.isoformat()}) "
        f"put before {pack.board}",
    )
    command = TablePack.model_validate(
        {
            "as_at": pack.as_at,
            "since": pack.since,
            "clock": pack.clock,
            "organisations": tuple(pack.organisations),
            "digest": pack.digest,
            "sha256": sha256,
            **fields,
        }
    )

    def table() -> None:
        recorded = ctx.writing().handle(command)
        hold_interruptions(recorded=True)  # what follows says so (as ``recording.record``)
        click.echo(f"Recorded {recorded.key}: {one_line(recorded.summary)}", err=as_json)

    return table


def _check_days(since: date | None, as_at: date, clock: str) -> None:
    """The period's rule; on the recorded clock, no day after today (as ``--as-of``)."""
    from portfolio_ledger.domain.clock import utc_today

    _check_since(since, as_at)

    today = utc_today()
    if clock == "recorded" and as_at > today:
        raise click.BadParameter(
            f"{as_at.isoformat()!r} is in the future: on the recorded clock the pack is what "
            "the ledger said at the end of that day, and it cannot say what it will have "
            f"recorded by then. Give a day up to today ({today.isoformat()} in UTC), or "
            "--clock effective (what is in effect by that day, as known now)",
            param_hint="'--as-at'",
        )


def _check_since(since: date | None, as_at: date) -> None:
    """The period's rule, before anything is read: a usage error (exit 2)."""
    from portfolio_ledger.domain.board_packs import pack_period_problem
    from portfolio_ledger.reports.assemble import OPTION_NAMES

    if since is not None and (problem := pack_period_problem(as_at, since, OPTION_NAMES)):
        raise click.BadParameter(problem, param_hint="'--since'")


def _output_kind(out: Path | None, as_json: bool) -> str | None:
    """Html, pdf or xlsx, by --out's extension; checked before anything is read."""
    if out is None:
        if not as_json:
            raise click.UsageError(
                "say where to write the pack: --out FILE.html, FILE.pdf or FILE.xlsx"
            )
        return None
    kind = FORMATS.get(out.suffix.lower())
    if kind is None:
        raise click.BadParameter(
            f"{out.name} ends in {out.suffix or 'no extension'}; a pack is written as HTML "
            "(.html), PDF (.pdf) or an Excel workbook (.xlsx): name the file so",
            param_hint="'--out'",
        )
    # A missing folder was refused as --out was read (FilePath: bad usage, exit 2). One
    # this user may not write is the file system's refusal, exit 1, as on every --out:
    # said here, before the pack's work, in the words writing it would say.
    folder = out.parent if str(out.parent) else Path()
    if not os.access(folder, os.W_OK) or (out.exists() and not os.access(out, os.W_OK)):
        denied = errno.EACCES
        raise cannot_write(out, PermissionError(denied, os.strerror(denied), str(out)))
    return kind


def _check_scope(
    ctx: LedgerContext, pack: BoardPack, organisations: tuple[str, ...], *, warn: bool
) -> None:
    """Refuse an organisation no item has, and a pack of organisations with no item then.

    An organisation is known if an item has it now or had it at the pack's moment: an
    item transferred since --as-at is in the pack under the organisation it had then.
    """
    if not organisations:
        if warn and pack.summary.items == 0:  # for people: --json alone prints data only
            _warn_before_any_item(ctx, pack)
        return
    then = {row.label for row in pack.summary.by_organisation}  # only those asked for

    def held(column: str) -> list[str]:
        return sorted(set(ctx.reader.values(column)) | then, key=caseless_order)

    where = item_filter(organisations=organisations)
    if unknown_values(where, held, columns=("organisation",)):
        raise click.ClickException(explain_empty(ctx.reader, where, held=held))
    if pack.summary.items == 0:
        raise click.ClickException(
            f"no item of {names_in_words(organisations)} as at {pack.as_at.isoformat()} on the "
            f"{pack.clock} clock; give a later --as-at, or leave out --organisation"
        )


def _warn_before_any_item(ctx: LedgerContext, pack: BoardPack) -> None:
    if before := _before_any_item(ctx, pack):
        click.echo(f"Warning: {before}", err=True)


def _before_any_item(ctx: LedgerContext, pack: BoardPack) -> str | None:
    """Why a pack holds no item: the ledger holds none, or its day is before them all.

    A pack of the day a return describes, on the recorded clock, asks what the ledger
    had recorded by then: nothing, where the return was imported later. The pack is
    still made (the record as it stood then, an empty chain's digest included).
    """
    first, earliest = ctx.reader.item_span()
    if first is None or earliest is None:  # empty, or governance alone: its pack is of that
        return f"the pack holds no item: {NONE_YET}."
    day = pack.as_at.isoformat()
    if pack.clock == "recorded" and pack.as_at < first.astimezone(UTC).date():
        hint = (
            f", or --clock effective (decisions in effect by {day}, as known now)"
            if earliest <= pack.as_at
            else ""
        )
        return (
            f"the pack holds no item as at {day} on the recorded clock: nothing about an "
            "item had been recorded by the end of that day (UTC); the first decision on an "
            f"item was recorded {render.when(first)}. For the portfolio, give a later "
            f"--as-at{hint}"
        )
    if pack.clock == "effective" and pack.as_at < earliest:
        return (
            f"the pack holds no item as at {day} on the effective clock: the earliest "
            f"decision on an item takes effect {earliest.isoformat()}. For the portfolio, "
            "give a later --as-at"
        )
    return None


def _write(out: Path, content: bytes, then: Callable[[], None] | None = None) -> None:
    """Write whole or not at all: a hidden file beside it, then renamed over it.

    ``then`` (the pack's record) runs once the file is in place: a file that
    cannot be written is never recorded, and if the record fails, the earlier
    file is put back.
    """
    from portfolio_ledger.cli.output import replacing

    with replacing(out, then) as part:  # refuses a file it cannot write, saying why
        part.write_bytes(content)
