"""Errors the application raises for things a user can cause or fix."""

from __future__ import annotations

from portfolio_ledger.domain.errors import LedgerError


class ItemChanged(LedgerError):  # noqa: N818 - a condition the user acts on
    """Another writer recorded a decision on the item between our read and our save."""

    def __init__(self, key: str) -> None:
        self.key = key
        super().__init__(
            f"{key} changed since you read it (another decision was recorded "
            "at the same time); nothing was written. Re-run the command."
        )


class DatabaseURLError(LedgerError):
    """The database URL is malformed or names a database the ledger does not support."""


class DatabaseUnavailable(LedgerError):  # noqa: N818
    """The database could not be opened or reached."""


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
