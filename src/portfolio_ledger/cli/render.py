"""How results look: aligned tables for people, JSON for tools."""

from __future__ import annotations

import itertools
import json
import os
import re
import shutil
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import click

WIDTH_WHEN_PIPED = 200
RICH_ROWS = 500
"""Longer tables are printed plain: rich's layout takes seconds for thousands of rows."""
WIDTH_UNBOUNDED = 1_000_000
"""A width no table reaches: a table measured at it gives its own narrowest, not the screen's."""


def console() -> Any:
    """A rich console on stdout; wide and plain when output is not a terminal."""
    from rich.console import Console

    from portfolio_ledger.reports.tabular import controls_escaped

    class Shown(Console):
        """Text with its controls as escapes (rich sends ESC on), a CR as a line break.

        Rich drops a carriage return: ``Pay`` CR ``roll`` showed as *Payroll*.
        """

        def render_str(self, text: str, **options: Any) -> Any:
            if "\r" in text:
                text = text.replace("\r\n", "\n").replace("\r", "\n")
            return super().render_str(controls_escaped(text), **options)

    # What it prints is the record's own text: never markup (a title's "[draft]" or
    # "[/x]") or an emoji code (":smile:"), which rich would otherwise act on.
    if _on_terminal(sys.stdout):
        return Shown(width=terminal_size().columns, markup=False, emoji=False)
    return Shown(
        width=WIDTH_WHEN_PIPED, color_system=None, soft_wrap=False, markup=False, emoji=False
    )


def money(amount: Decimal | None, currency: str) -> str:
    """``GBP 1,200,000`` (pence only when there are any); a dash for none."""
    if amount is None:
        return "-"
    from portfolio_ledger.domain.money import format_amount

    return f"{currency} {format_amount(amount)}"


def figure(amount: Decimal | None, status: str | None, currency: str) -> str:
    """A figure that may be withheld or not known: ``GBP 1,200``, ``withheld``, or a dash."""
    if amount is not None:
        return money(amount, currency)
    return status or "-"


def when(moment: datetime | date | None) -> str:
    """ISO 8601: dates as YYYY-MM-DD, recorded times in UTC to the second."""
    if moment is None:
        return "-"
    if isinstance(moment, datetime):
        from datetime import UTC

        return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%SZ")
    return moment.isoformat()


def text(value: object) -> str:
    """A cell: a dash for nothing."""
    return "-" if value is None or value == "" else str(value)


_ACTED_ON = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""What a terminal acts on rather than shows: control characters but tab and line feed (ESC
starts a command, CR goes back over the line, U+009B is CSI), and the directional
formatting characters, which turn the order of the rest of the line."""


def said(message: str) -> str:
    """A message for people, each character a terminal would act on written as an escape.

    A refusal or report quotes what a file or an option held (a column's name, a field's,
    a path): ESC written ``\\x1b``, a carriage return ``\\r``, U+202E ``\\u202e``, as a
    value's ``repr`` writes them; line feeds and tabs stay.
    """
    if message.isprintable() or _ACTED_ON.search(message) is None:
        return message
    return _ACTED_ON.sub(lambda found: repr(found.group())[1:-1], message)


def positions(first: int, last: int) -> str:
    """``position 9`` or ``positions 9 to 14``: where a run of events is in the ledger."""
    return f"position {first:,}" if first == last else f"positions {first:,} to {last:,}"


def table(
    title: str | None,
    headers: Sequence[str],
    rows: Iterable[Sequence[str]],
    *,
    right: Iterable[str] = (),
    wide: dict[str, int] | None = None,
) -> None:
    """Print an aligned table.

    Columns named in ``right`` (numbers) align right. On a terminal, for up
    to ``RICH_ROWS`` rows, columns named in ``wide`` (free text) wrap at the
    width given and the others keep their values on one line; piped, or
    longer, a plain table with each row on one line (fast at any length). So
    too on a terminal too narrow for the table with its free text wrapped:
    rich cut every column to fit, the keys too (``PGM-0`` for each PGM-00N).
    """
    rows = list(rows)
    if _on_terminal(sys.stdout) and len(rows) <= RICH_ROWS:
        grid = _rich_table(title, headers, rows, set(right), wide or {})
        if _fits(grid):
            _print(grid)
            return
    from portfolio_ledger.reports.tabular import plain

    click.echo("\n".join(plain(title, headers, rows, right)))


def _fits(grid: Any) -> bool:
    """Whether the terminal is wide enough for the table, each column at its narrowest."""
    from rich.measure import Measurement

    out = console()
    unbounded = out.options.update(width=WIDTH_UNBOUNDED)
    return bool(Measurement.get(out, unbounded, grid).minimum <= out.width)


def _rich_table(
    title: str | None,
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    right_aligned: set[str],
    wrapping: dict[str, int],
) -> Any:
    from rich import box
    from rich.table import Table

    grid = Table(title=title, box=box.SIMPLE_HEAVY, title_justify="left", show_lines=False)
    for header in headers:
        grid.add_column(
            header,
            justify="right" if header in right_aligned else "left",
            overflow="fold",
            no_wrap=header not in wrapping,
            max_width=wrapping.get(header),
            min_width=min(12, wrapping[header]) if header in wrapping else None,
        )
    for row in rows:
        grid.add_row(*row)
    return grid


def long_table_hint(rows: int) -> None:
    """On a terminal, under a table longer than the screen: how to see it a page at a time."""
    if not _on_terminal(sys.stdout) or rows <= terminal_size().lines:
        return
    click.echo(
        f"{rows:,} rows: page through them with --limit N --offset N, "
        "or pipe into a pager (| less -S).",
        err=True,
    )


def show(renderable: Any) -> None:
    """Print any rich renderable."""
    _print(renderable)


_EMOJI_LIKE = re.compile(r":([^\s:]*):")


def _plain_cell(text: str) -> bool:
    """Whether rich would print ``text`` unchanged in a cell that fits: then it need not.

    Rich reads ``[...]`` as markup and ``:name:`` as an emoji, expands tabs, and
    counts some characters as two columns wide or none; text free of all
    that (one line, printable, nothing from U+0300 on) it prints as it is, so
    a plain line is the same text without importing rich.
    """
    return (
        "[" not in text
        and text.isprintable()
        and all(ord(c) < 0x300 for c in text)
        and all(not m or (len(m) <= 2 and m.isdigit()) for m in _EMOJI_LIKE.findall(text))
    )


def _print(renderable: Any) -> None:
    """Print; when piped, without the padding rich adds to the end of lines."""
    out = console()
    if _on_terminal(sys.stdout):
        out.print(renderable)
        return
    with out.capture() as captured:
        out.print(renderable)
    click.echo("\n".join(line.rstrip() for line in captured.get().splitlines()))


def plain_blocks(
    title: str, blocks: Sequence[tuple[str, Sequence[tuple[str, str]]]], *, lead: int
) -> list[str] | None:
    """A title, then blocks of a heading and a grid of label/value rows, as rich prints them.

    What ``show_history`` prints with rich (a ``Table.grid(padding=(0, 2))``
    of a blank column ``lead`` wide, the labels, and the values folded
    between words), piped, as plain lines. None on a terminal, or where rich
    might print any of it otherwise (see :func:`_plain_cell`; a value with
    runs of spaces, or a word too long for its column).
    """
    if _on_terminal(sys.stdout) or not _plain_line(title):
        return None
    lines = [title]
    for heading, rows in blocks:
        if not _plain_line(heading):
            return None
        lines += ["", heading]
        width = max((len(label) for label, _ in rows), default=0)
        value_width = WIDTH_WHEN_PIPED - lead - 2 - width - 2
        for label, value in rows:
            wrapped = _wrapped(value, value_width) if _plain_cell(label) else None
            if wrapped is None:
                return None
            first = f"{' ' * (lead + 2)}{label:<{width}}  "
            lines += [
                (first if n == 0 else " " * len(first)) + line for n, line in enumerate(wrapped)
            ]
    return [line.rstrip() for line in lines]


def _plain_line(text: str) -> bool:
    return len(text) <= WIDTH_WHEN_PIPED and _plain_cell(text)


def _wrapped(text: str, width: int) -> list[str] | None:
    """``text`` in lines of at most ``width``, broken between words as rich breaks them."""
    if not _plain_cell(text) or "  " in text or text != text.strip():
        return None
    lines: list[str] = []
    line = None
    for word in text.split(" "):
        if len(word) > width:
            return None  # rich folds it inside the word
        if line is None:
            line = word
        elif len(line) + 1 + len(word) <= width:
            line += " " + word
        else:
            lines.append(line)
            line = word
    return [*lines, line or ""]


def fields(pairs: Iterable[tuple[str, str]]) -> None:
    """Print name: value pairs, aligned."""
    pairs = list(pairs)
    if not _on_terminal(sys.stdout) and pairs and all(map(_plain_cell, itertools.chain(*pairs))):
        width = max(len(name) for name, _ in pairs)
        if width + max(len(value) for _, value in pairs) + 7 <= WIDTH_WHEN_PIPED:
            lines = [f"  {name:<{width}}   {value}".rstrip() for name, value in pairs]
            click.echo("\n".join(["", *lines, ""]))
            return
    from rich import box
    from rich.table import Table

    grid = Table(box=box.SIMPLE, show_header=False, padding=(0, 1))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    for name, value in pairs:
        grid.add_row(name, value)
    _print(grid)


def as_json(data: Any) -> None:
    """Print JSON: exact decimals as text, times in ISO 8601."""
    click.echo(json_text(data))


def json_text(data: Any) -> str:
    """JSON as :func:`as_json` prints it."""
    return json.dumps(data, indent=2, ensure_ascii=False, default=_json_default)


def records_json(records: Any) -> str:
    """:func:`json_text` of a view's records, the same text, written by orjson when it can.

    A listing of 10,000 items is 300,000 values: the json module's indenting
    encoder (pure Python) takes seconds over them, orjson milliseconds. The
    options make orjson hand dates, times and dataclasses to the same
    ``default`` as json's, and write keys that are a subclass of str
    (SQLAlchemy's column names) as json does; anything it refuses (lone
    surrogates, integers beyond 64 bits) goes through json instead. Records
    come from the read models, which hold no floats (json and orjson write
    some floats differently: ``1e-05`` against ``0.00001``).
    """
    import orjson

    options = orjson.OPT_INDENT_2 | orjson.OPT_PASSTHROUGH_DATETIME
    options |= orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_NON_STR_KEYS
    try:
        return orjson.dumps(records, default=_json_default, option=options).decode()
    except orjson.JSONEncodeError:
        return json_text(records)


def _json_default(value: object) -> object:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        from portfolio_ledger.domain.clock import json_time

        return json_time(value)
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    raise TypeError(f"cannot show {type(value).__name__} as JSON")


@contextmanager
def progress(description: str) -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar on a terminal (on stderr); nothing when output is piped."""
    if not _on_terminal(sys.stderr):
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    bar = Progress(
        f"[bold]{description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    task = bar.add_task(description, total=None)

    def advance(done: int, total: int) -> None:
        # Shown from the first step with something to do: with nothing behind, a read
        # flashed "Catching up read models 0/?" on the terminal (``audit authority``). Told
        # the figures first: started first, it drew "0/?" (its first frame is drawn at once).
        bar.update(task, completed=done, total=total)
        if not bar.live.is_started and total > 0:
            bar.start()

    try:
        yield advance
    finally:
        if bar.live.is_started:
            bar.stop()


def terminal_size() -> os.terminal_size:
    """The terminal's size, as ``shutil`` gives it (``COLUMNS`` and ``LINES`` first).

    Asked of stdout's own descriptor: ``shutil`` asks ``sys.__stdout__``, which
    the guarded stdout was made from (``streams.guard_streams``), detached, so
    it always fell back to 80 by 24, and a table on a terminal 200 wide was cut
    to 80 (its keys too: ``PGM-0``). A terminal that gives no size (0 by 0: one not
    yet sized, as ``docker exec -t`` starts, a serial console) is 80 by 24, as before.
    """
    try:
        columns, lines = os.get_terminal_size(sys.stdout.fileno())
    except (AttributeError, ValueError, OSError):  # not a terminal, closed, no descriptor
        columns, lines = 0, 0
    return shutil.get_terminal_size((columns or 80, lines or 24))


def _on_terminal(stream: Any) -> bool:
    """Whether ``stream`` is a terminal; a closed one (None: ``cmd >&-``, cron) is not."""
    return stream is not None and bool(stream.isatty())
