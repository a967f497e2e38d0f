"""Signed checkpoints: the tree head as a C2SP tlog-checkpoint, in a signed note Go can open.

The checkpoint body (https://c2sp.org/tlog-checkpoint) is the note text::

    <origin>
    <tree size, decimal>
    <root hash, base64>
    recorded 2026-11-30T12:00:00Z

The fourth line is an extension line: when the event at the tree's last
position was recorded (UTC, to the second, as the ledger digest gives it).
It is signed as a note (:mod:`portfolio_ledger.audit.notes`) with an Ed25519
key (:mod:`portfolio_ledger.audit.keys`). The checkpoint's origin is the
key's name, as C2SP recommends, and opening a checkpoint requires it.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from portfolio_ledger.application.ports import IssuedCheckpoint
from portfolio_ledger.application.proof_errors import (
    CheckpointFormatError,
    ForgedCheckpoint,
    ProofError,
)
from portfolio_ledger.application.tree import HASH_SIZE
from portfolio_ledger.audit.keys import NoteSigner, NoteVerifier, decode_base64
from portfolio_ledger.audit.notes import open_note, sign_note, split_note
from portfolio_ledger.domain.counts import events

MAX_TREE_SIZE = 2**63 - 1
"""The largest tree size a checkpoint may state (Go parses sizes as int64)."""

RECORDED = "recorded"
"""The extension line's keyword for when the tree's last event was recorded."""

_TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")
_SIZE = re.compile(r"0|[1-9][0-9]*")


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """A tree head: origin, size and root hash, and when its last event was recorded."""

    origin: str
    size: int
    root: bytes
    recorded_at: datetime | None = None
    extensions: tuple[str, ...] = ()
    """Other extension lines (opaque, as C2SP allows), kept so the body reads back the same."""

    def __post_init__(self) -> None:
        if not self.origin or any(character < " " for character in self.origin):
            raise CheckpointFormatError(
                "a checkpoint's origin must be non-empty text without control characters"
            )
        if not 0 <= self.size <= MAX_TREE_SIZE:
            raise CheckpointFormatError(f"a checkpoint cannot state a tree of {self.size} leaves")
        if len(self.root) != HASH_SIZE:
            raise CheckpointFormatError(
                f"a checkpoint's root hash is {HASH_SIZE} bytes, not {len(self.root)}"
            )
        for line in self.extensions:
            if not line or "\n" in line or line.startswith(f"{RECORDED} "):
                raise CheckpointFormatError(f"{line!r} cannot be an extension line here")
        if self.recorded_at is not None:
            if self.recorded_at.tzinfo is None:
                raise CheckpointFormatError("a checkpoint's recorded time must carry its zone")
            # Seconds, in UTC, as the ledger digest states its recorded time.
            exact = self.recorded_at.astimezone(UTC).replace(microsecond=0)
            object.__setattr__(self, "recorded_at", exact)

    def body(self) -> str:
        """The note text: origin, size, base64 root, then the extension lines."""
        lines = [self.origin, str(self.size), base64.b64encode(self.root).decode("ascii")]
        if self.recorded_at is not None:
            # isoformat pads the year to 4 digits, where strftime's %Y may not.
            stamp = self.recorded_at.replace(tzinfo=None).isoformat(timespec="seconds")
            lines.append(f"{RECORDED} {stamp}Z")
        lines.extend(self.extensions)
        return "\n".join(lines) + "\n"

    @classmethod
    def parse(cls, text: str) -> Checkpoint:
        """Read a checkpoint body, refusing anything C2SP tlog-checkpoint does not allow."""
        if not text.endswith("\n"):
            raise CheckpointFormatError("a checkpoint body ends with a newline")
        lines = text[:-1].split("\n")
        if len(lines) < 3:
            raise CheckpointFormatError(
                "a checkpoint body has at least 3 lines (origin, size, root hash), "
                f"not {len(lines)}"
            )
        origin, size_text, root_text, *extra = lines
        if not _SIZE.fullmatch(size_text) or len(size_text) > 19:
            raise CheckpointFormatError(
                f"the checkpoint's tree size {size_text!r} is not a decimal number "
                "without leading zeros"
            )
        root = decode_base64(root_text, "the checkpoint's root hash", CheckpointFormatError)
        if len(root) != HASH_SIZE:
            raise CheckpointFormatError(
                f"the checkpoint's root hash is {len(root)} bytes, not {HASH_SIZE}"
            )
        recorded_at, extensions = _extension_lines(extra)
        return cls(origin, int(size_text), root, recorded_at, extensions)


def sign_checkpoint(checkpoint: Checkpoint, signer: NoteSigner) -> str:
    """The checkpoint as a note signed by ``signer``, whose name must be its origin."""
    if checkpoint.origin != signer.name:
        raise ProofError(
            f"the checkpoint's origin {checkpoint.origin!r} is not the signer key's name "
            f"{signer.name!r}; sign a log's checkpoints with a key named after its origin"
        )
    return sign_note(checkpoint.body(), signer)


def open_checkpoint(note: str | bytes, verifier: NoteVerifier) -> Checkpoint:
    """The checkpoint a signed note states, once signature and origin are checked."""
    checkpoint = Checkpoint.parse(open_note(note, verifier))
    if checkpoint.origin != verifier.name:
        raise CheckpointFormatError(
            f"the checkpoint is of the log {checkpoint.origin!r}, not {verifier.name!r}, the "
            "log the verifier key names"
        )
    return checkpoint


def read_checkpoint_unverified(note: str | bytes) -> Checkpoint:
    """The checkpoint a signed note states, without checking any signature (for the issuer)."""
    text, _ = split_note(note)
    return Checkpoint.parse(text)


def kept_checkpoint(issued: IssuedCheckpoint, verifier: NoteVerifier | None = None) -> Checkpoint:
    """A row of the ledger's checkpoints, held to its columns (and, with a verifier, signed).

    Its note must be a checkpoint of ``tree_size`` events. Raises
    :class:`ForgedCheckpoint` naming the row otherwise: it was written or
    changed outside portfolio-ledger, which files each checkpoint under its size.
    """
    row = f"the ledger keeps a checkpoint of {events(issued.tree_size)} under {issued.key_id}"
    try:
        if verifier is None:
            checkpoint = read_checkpoint_unverified(issued.note)
        else:
            checkpoint = open_checkpoint(issued.note, verifier)
    except ProofError as error:
        why = "is not a signed checkpoint" if verifier is None else "does not verify with it"
        raise ForgedCheckpoint(
            f"{row} that {why} ({error}): whoever wrote it did not hold the key"
        ) from None
    if checkpoint.size != issued.tree_size:
        raise ForgedCheckpoint(
            f"{row} whose note is a checkpoint of {events(checkpoint.size)}: the row was "
            "changed outside portfolio-ledger, which files each checkpoint under its own size"
        )
    return checkpoint


def kept_note(issued: IssuedCheckpoint) -> str:
    """The note of a checkpoint row, to hand on (in a manifest, a receipt) as the one of its size.

    Raises :class:`ForgedCheckpoint`, saying what to do, for a row that is not
    what the ledger kept: nothing is handed on over it.
    """
    try:
        kept_checkpoint(issued)
    except ForgedCheckpoint as error:
        raise ForgedCheckpoint(
            f"{error}. Nothing was written: check the ledger with 'portfolio-ledger audit "
            "verify --checkpoint FILE --key KEY' against the last checkpoint you trust"
        ) from None
    return issued.note


def _extension_lines(lines: list[str]) -> tuple[datetime | None, tuple[str, ...]]:
    recorded_at: datetime | None = None
    others: list[str] = []
    for line in lines:
        if not line:
            raise CheckpointFormatError("a checkpoint's extension lines must not be empty")
        keyword, _, value = line.partition(" ")
        if keyword != RECORDED:
            others.append(line)
            continue
        if recorded_at is not None:
            raise CheckpointFormatError("the checkpoint states its recorded time twice")
        if not _TIME.fullmatch(value):
            raise CheckpointFormatError(
                f"the checkpoint's recorded time {value!r} is not YYYY-MM-DDTHH:MM:SSZ"
            )
        try:
            recorded_at = datetime.strptime(value, _TIME_FORMAT).replace(tzinfo=UTC)
        except ValueError:
            raise CheckpointFormatError(
                f"the checkpoint's recorded time {value!r} is not a real time"
            ) from None
    return recorded_at, tuple(others)


def time_unlike(
    checkpoint: Checkpoint, recorded_at: Callable[[int], datetime | None]
) -> datetime | None:
    """When its last event was recorded, where the checkpoint's recorded line says otherwise.

    None where they agree (to the second, in UTC), or either is unknown: a checkpoint of
    no events, or one with no recorded line. docs/verification.md, *The recorded line*.
    """
    said, size = checkpoint.recorded_at, checkpoint.size
    recorded = recorded_at(size) if said is not None and size else None
    if recorded is None or recorded.astimezone(UTC).replace(microsecond=0) == said:
        return None
    return recorded.astimezone(UTC)
