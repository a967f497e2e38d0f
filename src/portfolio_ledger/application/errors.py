"""Errors the application raises for things a user can cause or fix."""

from __future__ import annotations

import sys

from portfolio_ledger.domain.errors import EventsDoNotFollow, LedgerError, folded_in_turn

__all__ = ["EventsDoNotFollow", "folded_in_turn"]  # folding stored events, said (domain)


class ItemChanged(LedgerError):  # noqa: N818 - a condition the user acts on
    """Another writer recorded a decision on the item between our read and our save."""

    def __init__(self, key: str, times: int = 1) -> None:
        self.key = key
        self.times = times
        if times == 1:
            said = (
                f"{key} changed since you read it (another decision was recorded at the same time)"
            )
        else:  # run again each time (conflicts.py), and each time another came first
            said = (
                f"{key} changed since it was read, each of the {times} times this decision "
                "was checked (other decisions on it were being recorded at the same time)"
            )
        super().__init__(f"{said}; nothing was written. Re-run the command.")

    def after(self, times: int) -> ItemChanged:
        """The same conflict, met ``times`` times running by one command run again each time."""
        return ItemChanged(self.key, times)


class DatabaseURLError(LedgerError):
    """The database URL is malformed or names a database the ledger does not support."""

    usage = True


class DatabaseUnavailable(LedgerError):  # noqa: N818
    """The database could not be opened or reached."""


class NotALedger(LedgerError):  # noqa: N818 - a condition the user acts on
    """The database named holds another application's tables, not a ledger."""


class LedgerIncomplete(LedgerError):  # noqa: N818 - a condition the user acts on
    """The database holds part of a ledger: its events without their chain, or the reverse."""


class NoLedgerYet(LedgerError):  # noqa: N818 - a condition the user acts on
    """A command that only reads named an SQLite file that does not exist (and made none)."""


class LedgerAppeared(LedgerError):  # noqa: N818 - a condition the user acts on
    """An import building a new SQLite ledger found one made at its place meanwhile."""


class ChainBroken(LedgerError):  # noqa: N818
    """The stored events and their hash chain disagree, so nothing more can be appended."""


class LeastPrivilegeError(LedgerError):
    """The grants for a least-privileged role cannot be made as asked."""


class RequestReused(LedgerError):  # noqa: N818 - a condition the user acts on
    """A request id sent again with a different request."""

    def __init__(self, request_id: str, position: int) -> None:
        super().__init__(
            f"request id {request_id!r} was already used for a different decision (ledger "
            f"position {position:,}); nothing was written. Give each new request an id of "
            "its own; send the same request again only to retry it."
        )


class RequestRecordAltered(LedgerError):  # noqa: N818 - a condition the user acts on
    """A request id on record at a position that holds no event of its subject."""

    def __init__(self, request_id: str, subject: str, position: int, found: str) -> None:
        super().__init__(
            f"request id {request_id!r} is on record as recorded for {subject} at ledger "
            f"position {position:,}, but {found}: the ledger's record of requests "
            "(portfolio_ledger_requests) was changed outside portfolio-ledger, so whether "
            "this request was recorded cannot be told. Nothing was written. Check the "
            f"ledger with 'portfolio-ledger audit verify', look for the decision on {subject} "
            "in 'portfolio-ledger audit trail', and send it again only under a new request "
            "id if it is not there."
        )


class LedgerBusy(LedgerError):  # noqa: N818 - a condition the user acts on
    """Another writer held the ledger longer than a writer waits.

    ``said``: who held it, where that can be told (a PostgreSQL server names the sessions).
    """

    def __init__(self, waited: float, said: str | None = None) -> None:
        super().__init__(
            said
            or f"another writer holds the ledger (an import or a long command, say) and did "
            f"not let go within {waited:g} s; nothing was written. Run the command again "
            "when it has finished (PORTFOLIO_LEDGER_LOCK_TIMEOUT sets how long to wait)."
        )


class SetupBlocked(LedgerError):  # noqa: N818 - a condition the user acts on
    """Setting up the ledger's tables waited its time for a lock another session holds."""


class ReadBlocked(LedgerError):  # noqa: N818 - a condition the user acts on
    """A read waited its time for a read model's table another session holds exclusively."""


class InvalidInput(LedgerError):  # noqa: N818 - a condition the user acts on
    """Input that cannot be read as asked (a file, a mapping, an option): nothing was recorded.

    Bad usage, as a malformed option is: the command line exits 2.
    """

    usage = True


class InvalidSetting(InvalidInput):
    """A ``PORTFOLIO_LEDGER_*`` variable set to a value the ledger cannot take (see settings)."""


class InterruptedAfterRecording(KeyboardInterrupt):
    """Ctrl-C or SIGTERM once the decisions were committed, while the read models caught up.

    What was recorded stays recorded, whole; only the derived views lag, and
    they catch up on the next command. Saying "rolled back" here would invite
    a duplicate re-run.
    """


class UnreadableEvent(LedgerError):  # noqa: N818 - a condition the user acts on
    """A stored event whose bytes portfolio-ledger cannot read: written or edited outside it."""

    def __init__(self, what: str, *, unknown_kind: bool = False) -> None:
        if unknown_kind:  # a later version's new kind of event reads so too: say both
            super().__init__(
                f"{what}: this version of portfolio-ledger knows no such kind of event. Either "
                "a later version recorded it (read the ledger with that version), or the record "
                "was altered outside portfolio-ledger. Nothing was written. If no later version "
                "has written to this ledger, run 'portfolio-ledger audit verify' to find every "
                "change (docs/verification.md, 'When verification fails')."
            )
            return
        super().__init__(
            f"{what}: it is not what portfolio-ledger wrote, so the record was altered outside "
            "portfolio-ledger. Nothing was written. Run 'portfolio-ledger audit verify' to find "
            "every change, keep its output, and restore the database from a copy that verifies "
            "(docs/verification.md, 'When verification fails')."
        )


def unreadable_event(error: BaseException) -> UnreadableEvent | None:
    """The library's failure to make a stored event into its domain event, worded; else None.

    A state that is not JSON, or a topic naming no event class, is not
    something the ledger writes: it was stored behind the ledger's back. The
    library wraps whatever decoding raised, running out of memory too: that
    is no sign of the record altered, and is left as it came (None).
    """
    if isinstance(error, UnreadableEvent):
        return error
    if isinstance(error.__cause__, MemoryError):  # this process's want, not the record's
        return None
    if raised_by(error, "eventsourcing.persistence", "MapperDeserialisationError"):
        return UnreadableEvent(f"a stored event cannot be read ({error})")
    if raised_by(error, "eventsourcing.utils", "TopicError"):
        return UnreadableEvent(
            f"a stored event names no kind of event of the ledger's ({error})", unknown_kind=True
        )
    return None


def raised_by(error: BaseException, module: str, name: str) -> bool:
    """Whether ``error`` is ``module``'s exception class ``name``, without importing ``module``.

    A module this process never loaded raised nothing: a refusal on a read
    command's path (an unknown item) is worded without loading the library.
    """
    loaded = sys.modules.get(module)
    return loaded is not None and isinstance(error, getattr(loaded, name))
