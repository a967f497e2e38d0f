"""A synthetic ledger for proof tests: chain records as leaves, hashes in a dict, a signing key."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from uuid import UUID

from portfolio_ledger.application.chain import record_bytes
from portfolio_ledger.application.tree import hashes_to_append, stored_hash_count, tree_hash
from portfolio_ledger.audit.checkpoint import Checkpoint, sign_checkpoint
from portfolio_ledger.audit.keys import NoteSigner
from portfolio_ledger.audit.receipts import (
    ConsistencyProof,
    Receipt,
    build_consistency_proof,
    build_receipt,
)

ORIGIN = "ledger.example.org/portfolio"
FIRST_RECORDED = datetime(2026, 11, 30, 9, 0, 0, tzinfo=UTC)
TOPIC = "portfolio_ledger.domain.events:ItemProposed"


def synthetic_record(position: int) -> bytes:
    """The chain record of a made-up event at ``position``: one aggregate per ten events."""
    aggregate = UUID(int=0x8269D687807C5F8C986C26BFFFB1FAC4 + position // 10)
    state = json.dumps({"key": f"PRJ-{position:04d}", "n": position}).encode()
    return record_bytes(position, aggregate.bytes, position % 10 + 1, TOPIC, state)


def recorded_at(position: int) -> datetime:
    """When the synthetic event at ``position`` was recorded: one a minute."""
    return FIRST_RECORDED + timedelta(minutes=position)


class HashStore:
    """Stored hashes in a dict, as the ledger's table will hold them: one row per hash."""

    def __init__(self) -> None:
        self.hashes: dict[int, bytes] = {}

    def read_hashes(self, indexes: Sequence[int]) -> list[bytes]:
        return [self.hashes[index] for index in indexes]


class SyntheticLedger:
    """Leaves, their stored hashes and a signer: issues checkpoints, receipts and proofs."""

    def __init__(self, size: int, signer: NoteSigner | None = None) -> None:
        self.signer = signer or NoteSigner.generate(ORIGIN)
        self.store = HashStore()
        self.size = 0
        self.grow_to(size)

    def grow_to(self, size: int) -> None:
        leaves = [synthetic_record(p) for p in range(self.size + 1, size + 1)]
        self.store.hashes.update(hashes_to_append(self.size, leaves, self.store))
        self.size = size
        assert len(self.store.hashes) == stored_hash_count(size)

    def checkpoint(self, size: int) -> str:
        """The signed checkpoint of the first ``size`` events."""
        recorded = recorded_at(size) if size else None
        head = Checkpoint(self.signer.name, size, tree_hash(size, self.store), recorded)
        return sign_checkpoint(head, self.signer)

    def receipt(self, position: int, size: int) -> Receipt:
        return build_receipt(
            leaf_data=synthetic_record(position),
            leaf_index=position - 1,
            checkpoint_note=self.checkpoint(size),
            reader=self.store,
        )

    def consistency(self, old: int, new: int) -> ConsistencyProof:
        return build_consistency_proof(
            old_note=self.checkpoint(old), new_note=self.checkpoint(new), reader=self.store
        )
