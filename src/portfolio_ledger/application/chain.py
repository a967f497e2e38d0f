"""The hash chain over every stored event: how one link is computed, exactly.

Each event stored at ledger position ``p`` gets a link::

    link(0) = 32 zero bytes
    link(p) = SHA-256( link(p-1) || record(p) )
    record(p) = u64(p) || originator_id (16 bytes) || u64(version)
                || u32(len(topic)) || topic (UTF-8) || u64(len(state)) || state

where ``u32``/``u64`` are big-endian unsigned integers and ``state`` is the
event's bytes exactly as stored (so checking needs no decryption key if the
store ever encrypts them). Positions run 1, 2, 3, ... without gaps. The
ledger writes each link in the same transaction as its event; docs/
verification.md describes the algorithm with a worked example, for anyone
writing an independent verifier.

Pure functions and values: no I/O here.
"""

from __future__ import annotations

import hashlib
import struct
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple
from uuid import UUID

GENESIS = bytes(32)
"""The link before the first event."""
LARGEST_POSITION = 2**63 - 1
"""The largest position or version either database stores (a signed 64-bit integer).

A larger one names nothing the ledger can hold: it is looked for nowhere, and
answered as not held, never sent to the database (SQLite's driver refuses it
with an OverflowError, PostgreSQL with 'bigint out of range').
"""

_U32 = struct.Struct(">I")
_U64 = struct.Struct(">Q")
_HEAD = struct.Struct(">Q16sQI")
"""u64(position) || originator_id (exactly 16 bytes) || u64(version) || u32(len(topic))."""


def record_bytes(
    position: int, originator_id: bytes, version: int, topic: str, state: bytes
) -> bytes:
    """The canonical encoding of one stored event, as the chain hashes it.

    ``originator_id`` is the aggregate's UUID as its 16 bytes.
    """
    encoded_topic = topic.encode("utf-8")
    if len(originator_id) == 16:  # as stored by the ledger: its head packed in one call
        head = _HEAD.pack(position, originator_id, version, len(encoded_topic))
        return b"".join((head, encoded_topic, _U64.pack(len(state)), state))
    return b"".join(  # an id of another length (a row forged or damaged): joined as it is
        (
            _U64.pack(position),
            originator_id,
            _U64.pack(version),
            _U32.pack(len(encoded_topic)),
            encoded_topic,
            _U64.pack(len(state)),
            state,
        )
    )


def next_link(previous: bytes, record: bytes) -> bytes:
    """The link of an event, given the link before it and the event's :func:`record_bytes`."""
    return hashlib.sha256(previous + record).digest()


class ChainedEvent(NamedTuple):
    """A stored event beside the chain's record of it (None where the chain has none).

    Kept as plain values, as the database gives them, because verification
    reads millions: ids are 16 raw bytes (the event's) and hex text (the
    chain's), the link is hex text.
    """

    position: int
    originator_id: bytes
    version: int
    topic: str
    state: bytes | str
    link: str | None
    linked_id: str | None
    linked_version: int | None
    recorded_at: datetime | None = None
    """When the event says it was recorded, read from its stored bytes (None if they don't)."""

    tree_row: bytes | None = None
    """The Merkle tree's row at this position (None where the tree has none)."""

    def record(self) -> bytes:
        """This event's chain record, ``record(p)``: also its leaf data in the Merkle tree."""
        state = self.state
        if isinstance(state, str):  # text written over the state column, never by the ledger
            state = state.encode("utf-8")
        return record_bytes(self.position, self.originator_id, self.version, self.topic, state)

    def link_from(self, previous: bytes) -> bytes:
        """This event's link, recomputed from the link before it."""
        return next_link(previous, self.record())

    @property
    def is_linked_here(self) -> bool:
        """Whether the chain's record at this position names this very event."""
        return self.linked_id == self.originator_id.hex() and self.linked_version == self.version


@dataclass(frozen=True, slots=True)
class ChainLink:
    """The chain's record at one position: which event it linked, and the link."""

    position: int
    originator_id: UUID
    version: int
    link: bytes
