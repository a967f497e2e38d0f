"""The ledger digest: the chain's head as one line to paste into board minutes, and back.

A digest looks like::

    portfolio-ledger/v1 position=269 recorded=2026-11-22T04:18:06Z sha256=3f9a...

``position`` is the last event's ledger position, ``recorded`` its recorded
time (UTC), ``sha256`` the chain's link at that position (64 hex digits).
Given later to ``audit verify --digest``, it proves the ledger still holds
exactly the history it named.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from portfolio_ledger.application.chain import GENESIS
from portfolio_ledger.application.ledger import PortfolioLedger
from portfolio_ledger.domain.errors import LedgerError

PREFIX = "portfolio-ledger/v1"
_FORM = f"{PREFIX} position=N recorded=YYYY-MM-DDTHH:MM:SSZ sha256=<64 hex digits>"
_FIELD = re.compile(r"(\w+)=(\S*)")


class DigestError(LedgerError):
    """A digest line that cannot be read."""

    def __init__(self, problem: str) -> None:
        super().__init__(
            f"the digest given is not a ledger digest: {problem}. A digest is one line, "
            f"as 'portfolio-ledger audit digest' prints it: {_FORM}"
        )


@dataclass(frozen=True, slots=True)
class Digest:
    """The chain's head: position, link, and when the event there was recorded."""

    position: int
    link: bytes
    recorded_at: datetime | None = None

    @classmethod
    def of_empty_ledger(cls) -> Digest:
        """The digest of a ledger with no events."""
        return cls(position=0, link=GENESIS)

    @property
    def sha256(self) -> str:
        """The link as 64 hex digits."""
        return self.link.hex()

    @property
    def recorded(self) -> str:
        """The recorded time in ISO 8601 UTC to the second, or ``-``."""
        if self.recorded_at is None:
            return "-"
        return self.recorded_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

    def line(self) -> str:
        """The one-line form."""
        return f"{PREFIX} position={self.position} recorded={self.recorded} sha256={self.sha256}"

    def as_dict(self) -> dict[str, object]:
        """The digest's fields, for JSON."""
        return {
            "position": self.position,
            "recorded": None if self.recorded_at is None else self.recorded,
            "sha256": self.sha256,
            "line": self.line(),
        }

    @classmethod
    def parse(cls, text: str) -> Digest:
        """Read a digest line, refusing anything malformed, truncated or ambiguous."""
        line = text.strip()
        if not line:
            raise DigestError("it is empty")
        if "\n" in line or "\r" in line:
            raise DigestError("it spans several lines")
        head, _, rest = line.partition(" ")
        if head != PREFIX:
            raise DigestError(f"it does not start with {PREFIX!r}")
        fields: dict[str, str] = {}
        for part in rest.split():
            match = _FIELD.fullmatch(part)
            if match is None:
                raise DigestError(f"{part[:40]!r} is not a name=value field")
            name, value = match.groups()
            if name in fields:
                raise DigestError(f"{name} is given twice")
            fields[name] = value
        unknown = set(fields) - {"position", "recorded", "sha256"}
        if unknown:
            raise DigestError(f"unknown field {min(unknown)!r}")
        return cls(
            position=_position(fields.get("position")),
            link=_link(fields.get("sha256")),
            recorded_at=_recorded(fields.get("recorded", "-")),
        )


def _position(value: str | None) -> int:
    if value is None:
        raise DigestError("position= is missing")
    if not value.isascii() or not value.isdigit() or len(value) > 19:
        raise DigestError(f"position {value[:40]!r} is not a whole number")
    return int(value)


def _link(value: str | None) -> bytes:
    if value is None:
        raise DigestError("sha256= is missing")
    if not re.fullmatch(r"[0-9a-fA-F]*", value):
        raise DigestError("sha256 holds characters that are not hex digits")
    if len(value) != 64:
        raise DigestError(f"sha256 has {len(value)} hex digits, not 64 (was the line cut short?)")
    return bytes.fromhex(value)


def _recorded(value: str) -> datetime | None:
    if value == "-":
        return None
    try:
        moment = datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ")  # noqa: DTZ007 - Z: UTC, set below
    except ValueError:
        raise DigestError(
            f"recorded {value[:40]!r} is not a UTC time like 2026-11-22T04:18:06Z"
        ) from None
    return moment.replace(tzinfo=UTC)


def current_digest(ledger: PortfolioLedger) -> Digest:
    """The digest of the ledger's chain head as stored now."""
    head = ledger.chain.chain_head()
    if head is None:
        return Digest.of_empty_ledger()
    return Digest(head.position, head.link, ledger.recorded_at(head.position))
