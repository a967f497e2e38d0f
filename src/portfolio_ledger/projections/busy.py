"""Read models that could not catch up because another session held what they need."""

from __future__ import annotations

from portfolio_ledger.application.ports import ReadModelError


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
