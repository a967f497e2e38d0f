"""The ledger digest: the chain's head as one line to paste into board minutes, and back.

A digest looks like::

    portfolio-ledger/v1 position=269 recorded=2026-11-22T04:18:06Z sha256=3f9a...

``position`` is the last event's ledger position, ``recorded`` its recorded
time (UTC), ``sha256`` the chain's link at that position (64 lower-case hex
digits). Given later to ``audit verify --digest``, it proves the ledger still
holds exactly the history it named.

A digest has exactly one way to be written (the grammar is in
docs/verification.md): single spaces, the fields in that order, no leading
zeros, lower-case hex, ``recorded=-`` and the all-zero link only at position
0. Anything else is refused, never read one way or another.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime

from portfolio_ledger.application.chain import GENESIS
from portfolio_ledger.application.errors import ChainBroken
from portfolio_ledger.application.ledger import PortfolioLedger
from portfolio_ledger.domain.calendar_words import no_such_clock, no_such_day
from portfolio_ledger.domain.errors import LedgerError

PREFIX = "portfolio-ledger/v1"
_FORM = f"{PREFIX} position=N recorded=YYYY-MM-DDTHH:MM:SSZ sha256=<64 lower-case hex digits>"
_ORDER = ("position", "recorded", "sha256")
# What may surround a pasted line: stray spaces and tabs, and the line end.
_SURROUNDING = " \t\r\n"
_NAME_VALUE = re.compile(r"([A-Za-z0-9_]+)=(.*)", re.DOTALL)
_POSITION = re.compile(r"0|[1-9][0-9]*")
_TIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z")
_HEX = re.compile(r"[0-9a-f]{64}")
MAX_POSITION = 2**63 - 1
"""The highest position a ledger can store (a signed 64-bit integer)."""


class DigestError(LedgerError):
    """A digest line that cannot be read."""

    def __init__(self, problem: str) -> None:
        self.problem = problem
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
        """Read a digest line, accepting exactly the grammar in docs/verification.md."""
        line = text.strip(_SURROUNDING)
        if not line:
            raise DigestError("it is empty")
        if "\n" in line or "\r" in line:
            raise DigestError("it spans several lines")
        if any(character.isspace() and character != " " for character in line):
            raise DigestError("it holds a tab or other space between its fields; use single spaces")
        _printable(line)
        head, *parts = line.split(" ")
        if head != PREFIX:
            raise DigestError(f"it does not start with {PREFIX!r}")
        if "" in parts:
            raise DigestError("two spaces stand together; fields are separated by single spaces")
        values = _fields(parts)
        position = _position(values["position"])
        recorded_at = _recorded(values["recorded"], position)
        link = _link(values["sha256"])
        if position == 0 and link != GENESIS:
            raise DigestError(
                "a digest at position 0 (a ledger with no events) has the link of 64 zeros; "
                "this one does not, so it is not a digest of any ledger"
            )
        return cls(position=position, link=link, recorded_at=recorded_at)


def _printable(line: str) -> None:
    """Refuse a character no digest holds (all are printable ASCII), naming it.

    A byte-order mark kept from a file saved as 'UTF-8 with BOM' (``--digest "$(cat
    digest.txt)"``) is invisible: the line was said not to start with its prefix.
    """
    at, odd = next(((i, c) for i, c in enumerate(line) if not " " <= c <= "~"), (-1, ""))
    if not odd:
        return
    if at == 0 and odd == "\ufeff":
        raise DigestError(
            "it starts with a byte-order mark (U+FEFF), kept from a file saved as 'UTF-8 with "
            "BOM' (as Notepad and PowerShell save one): give the line without it"
        )
    name = unicodedata.name(odd, "a character with no name")
    raise DigestError(
        f"it holds U+{ord(odd):04X} ({name}) at character {at + 1}; a digest is printable "
        "ASCII alone: copy it again from where it was printed"
    )


def _fields(parts: list[str]) -> dict[str, str]:
    """The name=value fields: each of position, recorded and sha256 once, in that order."""
    names: list[str] = []
    values: dict[str, str] = {}
    for part in parts:
        match = _NAME_VALUE.fullmatch(part)
        if match is None:
            raise DigestError(f"{part[:40]!r} is not a name=value field")
        name, value = match.groups()
        if name in values:
            raise DigestError(f"{name} is given twice")
        names.append(name)
        values[name] = value
    unknown = [name for name in names if name not in _ORDER]
    if unknown:
        raise DigestError(f"unknown field {unknown[0][:40]!r}")
    for name in _ORDER:
        if name not in values:
            raise DigestError(f"{name}= is missing")
    if tuple(names) != _ORDER:
        raise DigestError(
            f"its fields come in the order {', '.join(names)}; a digest gives them as "
            f"{', '.join(_ORDER)}"
        )
    return values


def _position(value: str) -> int:
    if not _POSITION.fullmatch(value):
        if value.isascii() and value.isdigit():
            raise DigestError(
                f"position {value[:40]!r} has a leading zero; write the whole number without "
                "one (a digest's position has exactly one way to be written)"
            )
        raise DigestError(f"position {value[:40]!r} is not a whole number")
    if len(value) > len(str(MAX_POSITION)) or int(value) > MAX_POSITION:
        raise DigestError(
            f"position {value[:40]} is beyond any ledger's last position ({MAX_POSITION:,})"
        )
    return int(value)


def _link(value: str) -> bytes:
    if re.fullmatch(r"[0-9a-fA-F]*", value) is None:
        raise DigestError("sha256 holds characters that are not hex digits")
    if len(value) != 64:
        raise DigestError(f"sha256 has {len(value)} hex digits, not 64 (was the line cut short?)")
    if _HEX.fullmatch(value) is None:
        raise DigestError("sha256 is written with upper-case hex digits; a digest has lower-case")
    return bytes.fromhex(value)


def _recorded(value: str, position: int) -> datetime | None:
    if value == "-":
        if position != 0:
            raise DigestError(
                f"recorded=- stands only at position 0 (a ledger with no events); at position "
                f"{position:,} it is the UTC time the event there was recorded, like "
                "2026-11-22T04:18:06Z"
            )
        return None
    if position == 0:
        raise DigestError(
            "a digest at position 0 (a ledger with no events) has recorded=-: no event was "
            "recorded there"
        )
    if _TIME.fullmatch(value) is None:
        raise DigestError(
            f"recorded {value[:40]!r} is not a UTC time written as YYYY-MM-DDTHH:MM:SSZ, "
            "like 2026-11-22T04:18:06Z"
        )
    try:
        moment = datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ")  # noqa: DTZ007 - Z: UTC, set below
    except ValueError:
        raise DigestError(
            f"recorded {value!r} is not a real UTC time: {_why_no_time(value)}"
        ) from None
    return moment.replace(tzinfo=UTC)


def _why_no_time(value: str) -> str:
    """Which part of a recorded time shaped right is wrong, and the fix: copy the line again."""
    clock = no_such_clock(value)
    reason = no_such_day(value[:10]) if clock is None else clock[0]
    return (
        f"{reason or 'the calendar has no such moment'}; 'portfolio-ledger audit digest' never "
        "prints one, so the line was changed after it was printed: copy it again, whole, from "
        "where it was kept (the board minutes, say)"
    )


def current_digest(ledger: PortfolioLedger) -> Digest:
    """The digest of the ledger's chain head as stored now.

    Refused where the events run past the chain's head (the chain's rows left
    out of a restore, or events appended outside portfolio-ledger): the digest
    of a shorter chain, an empty ledger's even, is not the ledger's.
    """
    last_event = ledger.event_count()  # first: a decision committed meanwhile moves the head on
    head = ledger.chain.chain_head()
    chained = 0 if head is None else head.position
    if last_event > chained:
        raise ChainBroken(
            f"the ledger's hash chain ends at position {chained:,} but its events run to "
            f"{last_event:,}: the chain's rows were left out of a restore, or events were "
            "written outside portfolio-ledger; no digest is given of a record its chain does "
            "not reach. Run 'portfolio-ledger audit verify' to find where, and restore the "
            'whole ledger from a backup (docs/verification.md, "Backing up and restoring a '
            'ledger").'
        )
    if head is None:
        return Digest.of_empty_ledger()
    return Digest(head.position, head.link, ledger.recorded_at(head.position))


def digest_at(ledger: PortfolioLedger, moment: datetime | None) -> Digest:
    """The digest of the chain as it stood at ``moment`` (recorded clock); now if None.

    Recorded times never go back along the chain, so the last event recorded
    by the moment is found by halving the positions: a few reads, not a scan.
    """
    head = current_digest(ledger)
    if moment is None or head.recorded_at is None or head.recorded_at <= moment:
        return head
    low, high = 0, head.position  # the event at low was recorded by then; at high, after
    while high - low > 1:
        middle = (low + high) // 2
        recorded = ledger.recorded_at(middle)
        if recorded is not None and recorded <= moment:
            low = middle
        else:
            high = middle
    if low == 0:
        return Digest.of_empty_ledger()
    (link,) = ledger.chain.select_links(low, low)
    return Digest(low, link.link, ledger.recorded_at(low))


def hex_apart(first: str, second: str, *, shown: int = 16) -> tuple[str, str]:
    """Two checksums, each cut to ``shown`` hex digits, or as far as they differ.

    A link or checksum copied by hand with one digit wrong differs only at its end: cut
    to the same 16 digits, a refusal said the two were ``c474dbe8...`` and
    ``c474dbe8...``, and showed no difference.
    """
    while shown < max(len(first), len(second)) and first[:shown] == second[:shown]:
        shown += 8

    def cut(text: str) -> str:
        return text if len(text) <= shown else f"{text[:shown]}..."

    return cut(first), cut(second)
