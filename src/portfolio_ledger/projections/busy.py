"""Read models that could not catch up for a while: held by another session, or no room."""

from __future__ import annotations

from typing import TYPE_CHECKING

from portfolio_ledger.application.ports import ReadModelError

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine


class ReadModelsBusy(ReadModelError):  # noqa: N818 - a condition the user acts on
    """Read models behind the ledger, kept from catching up by another process's write lock."""

    def __init__(self, waited: float, who: str = "") -> None:
        holder = (
            f"a lock they need is held by {who}, which"
            if who
            else "another process holds the ledger (an import or a rebuild, say) and"
        )
        super().__init__(
            "the read models are behind the ledger's latest decisions and could not catch "
            f"up: {holder} did not let go within {waited:g} s. They catch up once it has "
            "finished, at the next command (PORTFOLIO_LEDGER_LOCK_TIMEOUT sets how long to wait)"
        )


class ReadModelsNoRoom(ReadModelError):  # noqa: N818 - a condition the user acts on
    """Read models behind the ledger, kept from catching up by a full disk: none of them wrong."""

    def __init__(self, reason: str) -> None:
        super().__init__(
            "the read models are behind the ledger's latest decisions and could not catch "
            f"up: the disk holding the ledger is full ({reason}). They catch up at the next "
            "command once there is room: free some space there"
        )


def no_room(error: BaseException, engine: Engine) -> ReadModelsNoRoom | None:
    """A catch-up's failure as :class:`ReadModelsNoRoom` if the disk was full; else None."""
    from portfolio_ledger.storage.errors import disk_full, first_line

    url = engine.url.render_as_string(hide_password=False)
    return ReadModelsNoRoom(first_line(error)) if disk_full(error, url) else None
