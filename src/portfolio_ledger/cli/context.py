"""What every command shares: the database it works on, opened only when first needed."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import click

from portfolio_ledger.cli.app_folder import app_folder

if TYPE_CHECKING:
    from portfolio_ledger.application.errors import LedgerAppeared
    from portfolio_ledger.application.ledger import PortfolioLedger
    from portfolio_ledger.application.ports import Head, Request, RequestRecorded
    from portfolio_ledger.audit.signing import AutoSigner
    from portfolio_ledger.projections.read_models import CurrentReadModels
    from portfolio_ledger.projections.read_side import ReadSide
    from portfolio_ledger.projections.runner import Projections


def default_database_path() -> Path:
    """Where the embedded SQLite ledger lives unless --db or PORTFOLIO_LEDGER_DB says otherwise.

    The per-user application directory (``app_folder``): ~/.config/portfolio-ledger on
    Linux, ~/Library/Application Support/portfolio-ledger on macOS,
    %APPDATA%\\portfolio-ledger on Windows.
    """
    return app_folder() / "ledger.db"


@dataclass
class LedgerContext:
    """The database URL from the command line, and the ledger once opened."""

    db: str | None
    adopt: bool = False
    """Put the ledger in a database that holds other tables (``init --force``)."""
    creates: bool = False
    """The command may create the ledger where there is none: it records (see ``writing``)."""
    copy_of: Path | None = None
    """The SQLite ledger opened read-only this context's database is a copy of (cli/copies.py)."""
    _opened: tuple[PortfolioLedger, Projections] | None = field(default=None, repr=False)
    _reader: ReadSide | None = field(default=None, repr=False)
    _current: CurrentReadModels | None = field(default=None, repr=False)
    _signer: AutoSigner | None = field(default=None, repr=False)
    _copy: LedgerContext | None = field(default=None, repr=False)  # a view's: _opened_for_views
    _copied: ExitStack | None = field(default=None, repr=False)
    _made: Path | None = field(default=None, repr=False)  # an SQLite file it made (close)

    @property
    def url(self) -> str:
        """The URL to open: --db / PORTFOLIO_LEDGER_DB, else the default SQLite file."""
        if self.db is not None:
            return self.db
        from portfolio_ledger.cli.paths import make_default_folder

        path = default_database_path()
        make_default_folder(path.parent)
        return f"sqlite:///{path}"

    def named_url(self) -> str:
        """The URL named (or the default file's), without creating anything."""
        return self.db if self.db is not None else f"sqlite:///{default_database_path()}"

    def configured(self) -> bool:
        """Whether a ledger is at hand: named by --db or PORTFOLIO_LEDGER_DB, or the default."""
        return self.db is not None or default_database_path().exists()

    def writing(self) -> PortfolioLedger:
        """The ledger, to record in: made first where the database holds none yet."""
        self.creates = True
        return self.ledger

    def _refuse_if_absent(self) -> None:
        """A command that only reads makes no ledger: an SQLite file not there is refused.

        A mistyped --db would otherwise leave an empty ledger file behind and
        answer "no items" as if the ledger named were empty.
        """
        from portfolio_ledger.application.errors import NoLedgerYet
        from portfolio_ledger.storage.urls import describe_url, missing_file

        missing = None if self.creates else missing_file(self.named_url())
        if missing is not None:
            raise NoLedgerYet(
                f"cannot open the ledger at {describe_url(self.named_url())}: there is no "
                "such file, and "
                "a command that only reads creates none. Check the path (--db or "
                "PORTFOLIO_LEDGER_DB); to start a ledger there, record a decision, or run "
                "'portfolio-ledger init' (or 'portfolio-ledger demo')"
            )

    def _refuse_if_empty(self) -> None:
        """A command that only reads makes no ledger in an empty database either.

        A PostgreSQL database (or an SQLite file) with no tables would otherwise
        be given the ledger's, and the command would answer "no items". One
        holding another application's tables is refused as it is opened.
        """
        from portfolio_ledger.application.errors import NoLedgerYet
        from portfolio_ledger.storage.held import held_tables
        from portfolio_ledger.storage.no_schema import no_schema, schema_missing
        from portfolio_ledger.storage.urls import describe_url, sqlite_file

        if self.creates:
            return
        file = sqlite_file(self.named_url())
        try:
            if file is not None and not file.is_file():
                return  # a folder, say: opening it says what it is
        except OSError:
            return  # a name too long, say: opening it says why
        if held_tables(self.named_url()) == set():
            if schema_missing(self.named_url()):
                raise NoLedgerYet(no_schema(self.named_url()))
            raise NoLedgerYet(
                f"cannot open the ledger at {describe_url(self.named_url())}: the database "
                "holds no ledger, and this command creates none. Check --db (or "
                "PORTFOLIO_LEDGER_DB); to start a ledger there, record a decision, or run "
                "'portfolio-ledger init'"
            )

    def open(self) -> tuple[PortfolioLedger, Projections]:
        """Open the ledger and its read models (once per command).

        A view's copy's, if it has one (``_opened_for_views``); never for a command that records.
        """
        if self._copy is not None and not self.creates:
            return self._copy.open()
        if self._opened is None:
            self._refuse_if_absent()
            self._refuse_if_empty()
            from portfolio_ledger.bootstrap import open_ledger
            from portfolio_ledger.storage.urls import missing_file

            self._made = self._made or missing_file(self.url)
            self._opened = open_ledger(self.url, adopt=self.adopt)
            self._opened[0].checkpoints.when_appended(self._sign_as_appended)
            where = "" if self.copy_of is None else " in the copy (the ledger's is left as it is)"
            from portfolio_ledger.projections.setting_up import rebuilt_warning

            for name in self._opened[1].reset:
                click.echo(rebuilt_warning(name, where), err=True)
        return self._opened

    @property
    def reset_at_open(self) -> list[str]:
        """The read models this command found and emptied as it opened the ledger, to rebuild."""
        from portfolio_ledger.projections.setting_up import EARLIER, LATER

        found = [] if self._opened is None else self._opened[1].reset
        return [name.removesuffix(EARLIER).removesuffix(LATER) for name in found]

    @property
    def ledger(self) -> PortfolioLedger:
        """The ledger application."""
        return self.open()[0]

    @property
    def reader(self) -> ReadSide:
        """The read side for a view; the read models catch up (with a progress bar) when first read.

        The ledger is not opened for it: read models found current are read
        with SQLAlchemy Core alone, so a read command starts without the
        write stack (see docs/performance.md); anything else opens it. On an
        SQLite ledger opened read-only whose read models must first be written,
        it opens a copy instead (``_opened_for_views``): a command that reads the
        ledger too takes it from here (``reader.ledger``), so both are of one copy.
        What reports the ledger's own read models (their status, their check, a
        rebuild) uses ``own_reader``.
        """
        return self._read_side(self._opened_for_views)

    @property
    def own_reader(self) -> ReadSide:
        """The read side on this database's own read models, never a copy of them."""
        return self._read_side(self.open)

    def _read_side(self, opener: Callable[[], tuple[PortfolioLedger, Projections]]) -> ReadSide:
        if self._reader is None:
            from portfolio_ledger.cli.render import progress
            from portfolio_ledger.projections.read_models import CurrentReadModels
            from portfolio_ledger.projections.read_side import ReadSide

            if self._opened is not None:
                self._reader = ReadSide(*self._opened, catching_up=progress)
            else:
                self._refuse_if_absent()
                self._current = CurrentReadModels.at(self.url)
                self._reader = ReadSide.deferred(opener, self._current, catching_up=progress)
        return self._reader

    def _opened_for_views(self) -> tuple[PortfolioLedger, Projections]:
        """The ledger opened for a view's question: a copy's, where the views need one.

        They do where it is an SQLite file opened read-only and its read models
        must first be written (cli/copies.py). The copy is kept until ``close``;
        a command that records never reads one.
        """
        if self._copied is None and self._opened is None and not self.creates:
            from portfolio_ledger.cli.copies import copy_for_views

            self._copied = ExitStack()
            self._copy = copy_for_views(self, self._copied)
        return self.open()

    def said_of_its_copy(self, error: Exception) -> Exception:
        """``error``; or, where a view's copy of a read-only ledger had no room, that, said so."""
        if self._copy is None:
            return error
        from portfolio_ledger.cli.copies import no_room_in_the_copy

        return no_room_in_the_copy(self._copy, error) or error

    def _sign_as_appended(self, before: int, head: Head) -> None:
        """Sign a checkpoint in the appending transaction if the ledger's setting says so."""
        if self._signer is None:
            from portfolio_ledger.audit.signing import AutoSigner
            from portfolio_ledger.cli.keyfiles import load_signer

            self._signer = AutoSigner(self.ledger, lambda: load_signer(None))
        self._signer(before, head)

    @contextmanager
    def unless_absent(self, dry_run: bool) -> Iterator[LedgerContext]:
        """This context; for a dry run where no ledger exists yet, an empty scratch one.

        A dry run creates nothing: against a database that holds no ledger
        (an SQLite file not there yet, an empty schema), it works on an empty
        ledger in a temporary folder, removed afterwards. A real run into an
        SQLite file not there yet builds the ledger beside it and puts it there
        only when the body ends without an exception (a refusal raises one). A real
        run first clears what killed imports into the same file left beside it
        (storage/staging.py, ``clear_leftovers``).
        """
        from portfolio_ledger.storage.held import holds_ledger
        from portfolio_ledger.storage.staging import clear_leftovers, stage_beside

        for warning in [] if dry_run else clear_leftovers(self.url):
            click.echo(f"Warning: {warning}", err=True)
        target = None if dry_run or self._opened is not None else self._new_file()
        staged = None if target is None else stage_beside(target)
        if target is not None and staged is not None:
            with self._built_beside(staged, target) as scratch:
                yield scratch
            return
        if dry_run and self._opened is None and (copied := self._copied_read_only()) is not None:
            with copied as scratch:
                yield scratch
            return
        if not dry_run:
            self.creates = True  # a real run records
            yield self
            return
        if holds_ledger(self.named_url()):
            with self._dry_run_said():
                yield self
            return
        with self._dry_run_folder() as folder:
            scratch = LedgerContext(db=f"sqlite:///{Path(folder) / 'ledger.db'}", creates=True)
            try:
                yield scratch
            finally:
                scratch.close()

    @staticmethod
    def _dry_run_folder() -> tempfile.TemporaryDirectory[str]:
        """Where a dry run into a ledger not made yet makes one (storage/scratch.py)."""
        from portfolio_ledger.domain.errors import LedgerError
        from portfolio_ledger.storage.scratch import scratch_folder, unmade

        try:
            return scratch_folder("dry-run")
        except OSError as error:
            raise LedgerError(
                unmade(error, "a dry run into a ledger not made yet checks each line on a new one")
            ) from None

    @contextmanager
    def _dry_run_said(self) -> Iterator[None]:
        """A dry run on a connection that may only read: why a dry run needs to write too."""
        from portfolio_ledger.domain.errors import LedgerError
        from portfolio_ledger.storage.errors import explain_database_error, may_not_write

        try:
            yield
        except Exception as error:
            said = explain_database_error(error, self.named_url()) if may_not_write(error) else None
            if said is None:
                raise
            raise LedgerError(
                f"{said} A dry run needs that too: it checks each line by recording it in a "
                "transaction it then rolls back. (On an SQLite ledger opened read-only, a dry "
                "run checks against a copy of it instead.)"
            ) from None

    def recorded_meanwhile(self, request: Request, appeared: LedgerAppeared) -> RequestRecorded:
        """Where the ledger that appeared as :meth:`unless_absent` built one recorded ``request``.

        Two imports of one file (or one return) into a new SQLite file at once: the one put
        in place second finds its very record there, as it would in a ledger already there
        (*Already imported*). A ledger holding anything else is still refused: ``appeared``.
        """
        try:
            found = self.ledger.event_log.select_request(request.request_id)
        except Exception:  # noqa: BLE001 - what appeared cannot be read: refused, as it says
            found = None
        if found is None:
            raise appeared
        return found

    def _copied_read_only(self) -> AbstractContextManager[LedgerContext] | None:
        """A dry run's context on a private copy of an SQLite ledger opened read-only, if it is."""
        from portfolio_ledger.cli.copies import copy_for_dry_run

        return copy_for_dry_run(self)

    def _new_file(self) -> Path | None:
        """The SQLite file a real import would make (a plain path whose folder exists), if any."""
        from portfolio_ledger.storage.staging import new_file

        return new_file(self.url)  # (the default file's folder is made here, as always)

    @contextmanager
    def _built_beside(self, staged: Path, target: Path) -> Iterator[LedgerContext]:
        """A context on a new ledger in ``staged`` beside ``target``, put there if all goes well.

        Refused or failed before anything was committed, the hidden file goes
        and ``target`` is never made; once something is committed (the body
        succeeded, or failed or was interrupted after the commit), the file is
        linked to ``target`` unless another process made one there meanwhile
        (then that one is left as it is, and this is refused).
        See storage/staging.py.
        """
        from portfolio_ledger.storage.staging import discard, holds_recorded, publish

        scratch = LedgerContext(db=f"sqlite:///{staged}", creates=True)
        try:
            yield scratch
        except BaseException:
            scratch.close()
            # A refusal records nothing; anything after the commit (Ctrl-C while the read
            # models catch up, a bug) must not throw away what was recorded: it goes in place.
            if holds_recorded(staged):
                publish(staged, target)
            else:
                discard(staged)
            raise
        scratch.close()
        publish(staged, target)

    def close(self, *, refused: bool = False) -> None:
        """Release connections; say what could not be signed; refused, remove a file it made."""
        if self._signer is not None:
            for warning in self._signer.warnings:
                click.echo(f"Warning: {warning}", err=True)
            self._signer = None
        if self._current is not None:
            self._current.close()
            self._current = None
        if self._opened is not None:
            self._opened[0].close()
            self._opened = None
        if self._copied is not None:
            self._copied.close()  # the copy's context closed, its folder removed
            self._copied = self._copy = None
        self._reader = None
        if refused and self._made is not None:  # and holding nothing: as things were
            from portfolio_ledger.storage.staging import remove_unrecorded

            remove_unrecorded(self._made)


pass_context = click.make_pass_decorator(LedgerContext)


def refuse_the_ledger_file(*paths: Path) -> None:
    """Refuse to write over the command's SQLite ledger, or a file SQLite keeps beside it.

    Whatever --overwrite says, and by whatever name or link it is given: an
    output file never replaces the record.
    """
    from portfolio_ledger.storage.urls import is_ledger_file

    context = click.get_current_context(silent=True)
    ledger = None if context is None else context.find_object(LedgerContext)
    if ledger is None:
        return
    for path in paths:
        if is_ledger_file(path, ledger.named_url()):
            raise click.UsageError(
                f"{path} is the ledger's own database file (or one SQLite keeps beside it): "
                "nothing written by portfolio-ledger replaces the record, even with "
                "--overwrite. Choose another --out."
            )
