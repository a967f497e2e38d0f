"""What a catch-up finds when a read model's tracking was changed behind the ledger's back.

A read model's tracking position says how far it has read; the catch-up
trusts it to apply each event once. Moved past the ledger's last event, or
back below rows the read model already holds, it cannot be trusted, and the
read model is refused (never shown half-applied) until it is rebuilt.
"""

from __future__ import annotations

from portfolio_ledger.application.ports import ReadModelError


class ReadModelsAhead(ReadModelError):  # noqa: N818 - a finding, named for what it means
    """Read models whose tracking says they read events the ledger does not hold."""

    def __init__(self, names: list[str], position: int, head: int) -> None:
        self.names = names
        super().__init__(
            f"the read model{'s' if len(names) != 1 else ''} {', '.join(names)} say they "
            f"have read up to position {position:,}, but the ledger's events end at "
            f"{head:,}: either events were removed (check with 'portfolio-ledger audit verify "
            "--digest LINE' and your latest digest) or the read models' tracking was changed "
            "outside portfolio-ledger. Once the events verify, run 'portfolio-ledger "
            "projections rebuild'"
        )


class ReadModelsBehind(ReadModelError):  # noqa: N818 - a finding, named for what it means
    """A read model that already holds rows for events after the position its tracking gives."""

    def __init__(self, name: str, position: int) -> None:
        self.names = [name]
        super().__init__(
            f"the read model {name} says it has read up to position {position:,}, but it "
            "already holds rows for events after it: its tracking (table "
            "portfolio_ledger_tracking) was moved back outside portfolio-ledger, and catching "
            "up would apply those events twice, so nothing was applied. The events are the "
            f"record and are not affected: run 'portfolio-ledger projections rebuild {name}'"
        )


class ReadModelsUntracked(ReadModelError):  # noqa: N818 - a finding, named for what it means
    """Read models whose tracking row went after this process set them up."""

    def __init__(self, names: list[str]) -> None:
        self.names = names
        super().__init__(
            f"the read model{'s' if len(names) != 1 else ''} {', '.join(names)} lost "
            f"{'their tracking rows' if len(names) != 1 else 'its tracking row'} (table "
            "portfolio_ledger_tracking) while this command ran: "
            "another version of portfolio-ledger set the read models up again (an upgrade), "
            "or the row was removed outside portfolio-ledger, so nothing more was applied. "
            "The events are the record and are not affected: run the command again, which "
            "begins those read models again"
        )
