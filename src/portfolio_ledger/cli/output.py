"""Where a view goes, in what form, which rows: --format, --out, --json, --limit, --offset.

One decorator, :func:`output_options`, gives a command these options and
hands it one :class:`Output`; the command builds its records and its
declared table (``reports/tabular.py``) and calls :meth:`Output.emit`.

The format: ``--format`` if given; else the extension of ``--out``
(``.txt`` table, ``.json``, ``.csv``, ``.xlsx``); else a table. Given both,
they must agree. ``--json`` is ``--format json``. An xlsx workbook is a file,
never sent to the terminal: it needs ``--out``. A file is written whole or
not at all (to a temporary file beside it, then renamed).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

import click

from portfolio_ledger.cli import render
from portfolio_ledger.cli.options import FilePath, Spoken, WholeNumber
from portfolio_ledger.cli.streams import write_parts

if TYPE_CHECKING:
    from portfolio_ledger.application.workbook_limits import Cut
    from portfolio_ledger.reports.tabular import Table

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")
FORMATS = ("table", "json", "csv", "xlsx")
EXTENSIONS = {".txt": "table", ".json": "json", ".csv": "csv", ".xlsx": "xlsx"}


@dataclass(frozen=True)
class Output:
    """The form a view takes (table, json, csv, xlsx), where it goes, and which rows."""

    format: str = "table"
    out: Path | None = None
    limit: int | None = None
    offset: int = 0

    def page(self, rows: Sequence[T]) -> list[T]:
        """The rows ``--offset`` and ``--limit`` choose (all of them by default)."""
        end = None if self.limit is None else self.offset + self.limit
        return list(rows[self.offset : end])

    def window(self, total: int, shown: int) -> str:
        """``, rows 51-100 of 10,000`` when only some rows are shown; else nothing."""
        if shown == total:
            return ""
        if shown == 0:
            return f", no rows (--offset {self.offset:,} of {total:,})"
        return f", rows {self.offset + 1:,}-{self.offset + shown:,} of {total:,}"

    def emit(
        self, records: Any, table: Callable[[], Table], screen: Callable[[], None] | None = None
    ) -> None:
        """Print or write the view: records as JSON; the table as a table, CSV or workbook.

        ``screen`` prints the view for people where the declared table alone
        would not do (several tables, say); by default the table is printed.
        """
        if self.format == "json":
            rows = 0 if self.out is None else _rows(records, table)  # said only of a file
            self._send(render.records_json(records) + "\n", "JSON", rows)
        elif self.format == "table" and self.out is None:
            (screen or (lambda: show(table())))()
        elif self.format == "table" and screen is not None:  # as a pipe gets it: > FILE
            self._send(_printed(screen), "table", len(table().rows))
        elif self.format == "xlsx" and self.out is not None:
            from portfolio_ledger.reports.xlsx import TABLE_WHOLE, write_xlsx

            built = table()
            with replacing(self.out) as part:
                cuts = write_xlsx(built, part)
            _say_written(self.out, len(built.rows), "workbook")
            warn_cut(self.out, cuts, TABLE_WHOLE)
        else:
            self._send_table(table())

    def emit_json(self, parts: Sequence[bytes], rows: int) -> None:
        """Print or write JSON already written as UTF-8, in parts, with its newline: ``rows`` rows.

        Plain ASCII (nearly always) goes to stdout as it is: the same bytes in
        any encoding, without decoding and encoding megabytes of text again,
        and without joining the parts first where stdout can take them apart.
        """
        if self.out is None and all(map(bytes.isascii, parts)):
            write_parts(parts)
            return
        self._send(b"".join(parts).decode(), "JSON", rows)

    def _send_table(self, built: Table) -> None:
        from portfolio_ledger.reports.tabular import csv_lines, plain_table

        if self.format == "csv":
            self._send("".join(csv_lines(built)), "CSV", len(built.rows))
        else:
            self._send("\n".join(plain_table(built)) + "\n", "table", len(built.rows))

    def _send(self, text: str, what: str, rows: int) -> None:
        """To stdout, or whole to ``--out`` (UTF-8; CSV with a byte-order mark for spreadsheets)."""
        if self.out is None:  # as written: click would take what looks like a colour code out
            click.echo(text, nl=False, color=True)
            return
        encoding = "utf-8-sig" if self.format == "csv" else "utf-8"
        with replacing(self.out) as part:
            part.write_text(text, encoding=encoding, newline="")
        _say_written(self.out, rows, what)


def show(table: Table) -> None:
    """The table for people on stdout; on a terminal, a hint when it is longer than the screen."""
    from portfolio_ledger.reports.tabular import NUMBERS, screen_cells

    columns, cells = screen_cells(table)
    render.table(
        table.title,
        [c.header for c in columns],
        cells,
        right=[c.header for c in columns if c.kind in NUMBERS],
        wide={c.header: c.wrap for c in columns if c.wrap},
    )
    render.long_table_hint(len(cells))


def _printed(screen: Callable[[], None]) -> str:
    """What ``screen`` prints to a pipe: groups, several tables and notes, not one flat table."""
    import contextlib
    import io

    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        screen()
    return printed.getvalue()


def _rows(records: Any, table: Callable[[], Table]) -> int:
    """The rows JSON holds, as its table counts them: a listing's records, else the table's."""
    return len(records) if isinstance(records, list) else len(table().rows)


def _say_written(out: Path, rows: int, what: str) -> None:
    # A file's name is any text: what a terminal acts on in it is written as its escape.
    said = render.said(f"Wrote {rows:,} row{'s' if rows != 1 else ''} to {out} ({what}).")
    click.echo(said, err=True)


CUTS_NAMED = 10
"""Cells a warning of texts cut names one by one; the rest are counted."""


def warn_cut(out: Path, cuts: Sequence[Cut], whole: str) -> None:
    """Say on stderr which cells of the workbook ``out`` hold only the start of their text."""
    from portfolio_ledger.application.workbook_limits import MAX_CELL

    if not cuts:
        return
    named = "; ".join(
        f"sheet '{c.sheet}' cell {c.cell} ({c.column}, {c.length:,} characters)"
        for c in cuts[:CUTS_NAMED]
    )
    more = f"; and {len(cuts) - CUTS_NAMED:,} more" if len(cuts) > CUTS_NAMED else ""
    texts = f"{len(cuts):,} text{'s' if len(cuts) != 1 else ''}"
    said = (
        f"Warning: {texts} longer than an Excel cell holds ({MAX_CELL:,} characters) "
        f"{'are' if len(cuts) != 1 else 'is'} cut in {out}, a marker at the end saying how "
        f"many characters were left out: {named}{more}. The whole text is in {whole}."
    )
    click.echo(render.said(said), err=True)


def refuse_missing_folder(out: Path) -> None:
    """Refuse an --out whose folder is not there (or is a file), before anything is made."""
    folder = out.parent
    if folder.is_dir():
        return
    if folder.exists():
        why = f"the folder {folder} is not a folder but a file. Choose another --out."
    else:
        why = f"the folder {folder} does not exist. Create it, or choose another --out."
    raise click.ClickException(f"cannot write {out}: {why}")


def cannot_write(out: Path, error: OSError) -> click.ClickException:
    """The refusal of an --out that could not be written: why, and what to do about it."""
    from portfolio_ledger.application.files import not_written

    return click.ClickException(not_written(out, error))


@contextmanager
def replacing(
    out: Path, then: Callable[[], object] | None = None, *, overwrite: bool = True
) -> Iterator[Path]:
    """A hidden file beside ``out``, renamed over it when the writing succeeded; then ``then``.

    A file that cannot be made, written, flushed or renamed (a full disk, a
    file held open) is refused saying why, and nothing is left behind; if
    ``then`` raises, the earlier file is put back (``written_whole``). Unless
    ``overwrite``, a file another process put at ``out`` meanwhile is refused
    too, and left as it is.
    """
    from portfolio_ledger.application.files import written_whole
    from portfolio_ledger.cli.context import refuse_the_ledger_file

    refuse_the_ledger_file(out)
    refuse_missing_folder(out)
    try:
        with written_whole(out, then=then, replace=overwrite) as part:
            yield part
    except FileExistsError:
        raise click.ClickException(
            f"{out} appeared while it was being written (another command writing the same "
            "--out at the same moment?); nothing was replaced, and the file there is the "
            "other's. Choose another --out, or pass --overwrite to replace it."
        ) from None
    except OSError as error:
        raise cannot_write(out, error) from None


def resolve(
    fmt: str | None, out: Path | None, as_json: bool, limit: int | None, offset: int
) -> Output:
    """The output the options ask for; a usage error for a combination that cannot be."""
    if as_json:
        if fmt not in {None, "json"}:
            raise click.UsageError(
                f"--json and --format {fmt} disagree: --json is --format json. Pass one of them."
            )
        fmt = "json"
    implied = EXTENSIONS.get(out.suffix.lower()) if out is not None else None
    if out is not None and implied is None:
        known = ", ".join(EXTENSIONS)
        raise click.UsageError(
            f"--out {out}: the file name must end in one of {known} (the format it holds)."
        )
    if fmt is not None and out is not None and implied is not None and fmt != implied:
        raise click.UsageError(
            f"--out {out} is a {out.suffix} file name but --format is {fmt}: name the file "
            f"*{_extension(fmt)}, or leave --format out and let the name choose."
        )
    chosen = fmt or implied or "table"
    if chosen == "xlsx" and out is None:
        raise click.UsageError(
            "--format xlsx writes a workbook, which a terminal cannot show: pass --out FILE.xlsx."
        )
    return Output(chosen, out, limit, offset)


def _extension(fmt: str) -> str:
    return next(suffix for suffix, name in EXTENSIONS.items() if name == fmt)


def output_options(*, listing: bool) -> Callable[[F], F]:
    """Add --format, --out and --json (and for a listing --limit and --offset).

    The command receives them as one ``output: Output``.
    """

    def decorate(function: F) -> F:
        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            kwargs["output"] = resolve(
                kwargs.pop("fmt"),
                kwargs.pop("out"),
                kwargs.pop("as_json"),
                kwargs.pop("limit", None),
                kwargs.pop("offset", 0),
            )
            return function(*args, **kwargs)

        options = [*_format_options(), *(_page_options() if listing else [])]
        decorated: Callable[..., Any] = wrapper
        for option in reversed(options):
            decorated = option(decorated)
        # functools.wraps keeps the command's own signature and options; mypy sees Callable.
        return cast(F, decorated)

    return decorate


def _format_options() -> list[Callable[[F], F]]:
    return [
        click.option(
            "--format",
            "fmt",
            type=Spoken(FORMATS, case_sensitive=False),
            help="An aligned table for people, JSON, CSV or an Excel workbook (xlsx, with "
            "--out). Default: the --out file's extension, else table.",
        ),
        click.option(
            "--out",
            type=FilePath(writable=True),
            metavar="FILE",
            help="Write to FILE (.txt, .json, .csv or .xlsx) instead of the terminal.",
        ),
        click.option("--json", "as_json", is_flag=True, help="The same as --format json."),
    ]


ROWS_AT_MOST = 2**63 - 1
"""The largest --limit or --offset: a page is cut in SQL, whose integers are 64 bits."""


def _page_options() -> list[Callable[[F], F]]:
    return [
        click.option(
            "--limit",
            type=WholeNumber(min=0, max=ROWS_AT_MOST),
            metavar="N",
            help="Show at most N rows (with --offset: a page of a long listing). Default: all.",
        ),
        click.option(
            "--offset",
            type=WholeNumber(min=0, max=ROWS_AT_MOST),
            default=0,
            metavar="N",
            help="Skip the first N rows. Default: 0.",
        ),
    ]
