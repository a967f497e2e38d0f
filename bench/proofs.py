"""Merkle proofs at a million events: ``python -m bench.proofs [--leaves N] [--sqlite PATH]``.

Builds the tree's stored hashes over synthetic chain records (in memory, or
in an SQLite table of one row per stored hash), then times, per item:
appending, signing a checkpoint, building receipts and consistency proofs,
and verifying receipts with our verifier and with the standard-library
script of docs/receipt-verifier.md. Prints a markdown table.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import sqlite3
import statistics
import time
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

from portfolio_ledger.application.chain import record_bytes
from portfolio_ledger.application.tree import (
    HashReader,
    StoredHash,
    hashes_to_append,
    stored_hash_count,
    tree_hash,
)
from portfolio_ledger.audit.checkpoint import Checkpoint, sign_checkpoint
from portfolio_ledger.audit.keys import NoteSigner
from portfolio_ledger.audit.receipts import (
    build_consistency_proof,
    build_receipt,
    read_receipt,
    verify_receipt,
)

DOC = Path(__file__).parents[1] / "docs" / "receipt-verifier.md"
ORIGIN = "ledger.example.org/portfolio"
BATCH = 10_000
FIRST = datetime(2026, 1, 1, tzinfo=UTC)
TOPIC = "portfolio_ledger.domain.events:ItemReprioritised"


def record(position: int) -> bytes:
    """A synthetic chain record of event size (about 200 bytes of state)."""
    aggregate = UUID(int=position // 20 + 1).bytes
    state = json.dumps(
        {"key": f"PRJ-{position // 20:06d}", "rank": position % 97, "rationale": "x" * 120}
    ).encode()
    return record_bytes(position, aggregate, position % 20 + 1, TOPIC, state)


class MemoryStore:
    """Stored hashes in a list: stored indexes are dense, so the index is the list's."""

    def __init__(self) -> None:
        self.hashes: list[bytes] = []

    def read_hashes(self, indexes: Sequence[int]) -> list[bytes]:
        """The hashes at ``indexes``."""
        return [self.hashes[index] for index in indexes]

    def append(self, rows: list[StoredHash]) -> None:
        """Store new rows, which must follow the last one."""
        assert rows[0].stored_index == len(self.hashes)
        self.hashes.extend(row.hash for row in rows)


class SQLiteStore:
    """Stored hashes in an SQLite table, one row per hash, as the ledger will keep them."""

    def __init__(self, path: Path) -> None:
        path.unlink(missing_ok=True)
        self.db = sqlite3.connect(path)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute(
            "CREATE TABLE merkle_hashes (stored_index INTEGER PRIMARY KEY, hash BLOB NOT NULL)"
        )

    def read_hashes(self, indexes: Sequence[int]) -> list[bytes]:
        """The hashes at ``indexes``, in one query."""
        marks = ",".join("?" * len(indexes))
        found = dict(
            self.db.execute(
                f"SELECT stored_index, hash FROM merkle_hashes WHERE stored_index IN ({marks})",  # noqa: S608 - placeholders only
                list(indexes),
            )
        )
        return [found[index] for index in indexes]

    def append(self, rows: list[StoredHash]) -> None:
        """Store new rows in one transaction."""
        with self.db:
            self.db.executemany("INSERT INTO merkle_hashes VALUES (?, ?)", rows)


def build(leaves: int, store: MemoryStore | SQLiteStore) -> float:
    """Append ``leaves`` synthetic records; seconds taken."""
    started = time.perf_counter()
    for start in range(0, leaves, BATCH):
        stop = min(start + BATCH, leaves)
        data = [record(p) for p in range(start + 1, stop + 1)]
        store.append(hashes_to_append(start, data, store))
    return time.perf_counter() - started


def checkpoint_note(size: int, reader: HashReader, signer: NoteSigner) -> str:
    """The signed checkpoint of the first ``size`` records."""
    head = Checkpoint(ORIGIN, size, tree_hash(size, reader), FIRST + timedelta(seconds=size))
    return sign_checkpoint(head, signer)


def per_item(work: Callable[[Any], object], items: Iterable[Any]) -> tuple[float, int]:
    """Median seconds per item over ``items``, and how many."""
    times = []
    for item in items:
        started = time.perf_counter()
        work(item)
        times.append(time.perf_counter() - started)
    return statistics.median(times), len(times)


def doc_verifier() -> Callable[[str], str]:
    """The standard-library receipt verifier, from docs/receipt-verifier.md."""
    text = DOC.read_text(encoding="utf-8")
    match = re.search(r"<!-- receipt-verifier -->\n```python\n(.*?)```", text, re.DOTALL)
    assert match, "docs/receipt-verifier.md lost its verifier"
    namespace: dict[str, Any] = {"__name__": "doc_receipt_verifier"}
    exec(compile(match.group(1), str(DOC), "exec"), namespace)  # noqa: S102 - our own docs
    verify: Callable[[str], str] = namespace["verify"]
    return verify


def spread(count: int, low: int, high: int) -> list[int]:
    """``count`` integers spread evenly over [low, high], both ends included."""
    return sorted({low + i * (high - low) // max(count - 1, 1) for i in range(count)})


def main() -> None:
    """Run the benchmark and print its table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--leaves", type=int, default=1_000_000)
    parser.add_argument("--samples", type=int, default=1000)
    parser.add_argument("--sqlite", type=Path, help="keep stored hashes in this SQLite file")
    args = parser.parse_args()
    size: int = args.leaves
    store: MemoryStore | SQLiteStore = SQLiteStore(args.sqlite) if args.sqlite else MemoryStore()
    signer = NoteSigner.generate(ORIGIN)
    verifier = signer.verifier()

    seconds = build(size, store)
    rows: list[tuple[str, float, int, str]] = [
        (
            "append (stored hashes for one event)",
            seconds / size,
            size,
            f"{stored_hash_count(size):,} rows",
        )
    ]

    note = checkpoint_note(size, store, signer)
    head = Checkpoint(ORIGIN, size, tree_hash(size, store), FIRST)
    rows.append(
        (
            "tree root at the head (O(log n) reads)",
            *per_item(lambda _: tree_hash(size, store), range(args.samples)),
            "",
        )
    )
    rows.append(
        (
            "checkpoint: sign (Ed25519)",
            *per_item(lambda _: sign_checkpoint(head, signer), range(args.samples)),
            "",
        )
    )
    rows.append(
        (
            "checkpoint: root + sign",
            *per_item(lambda _: checkpoint_note(size, store, signer), range(args.samples)),
            "",
        )
    )

    positions = spread(args.samples, 1, size)

    def receipt(position: int) -> str:
        return build_receipt(
            leaf_data=record(position), leaf_index=position - 1, checkpoint_note=note, reader=store
        ).to_json()

    rows.append(
        ("receipt: build + JSON", *per_item(receipt, positions), "proof checked before issue")
    )
    documents = [receipt(position) for position in positions]
    proof_hashes = max(len(json.loads(document)["inclusion_proof"]) for document in documents)

    old_notes = {
        old: checkpoint_note(old, store, signer) for old in spread(min(args.samples, 200), 1, size)
    }
    rows.append(
        (
            "consistency proof: build + JSON",
            *per_item(
                lambda old: build_consistency_proof(
                    old_note=old_notes[old], new_note=note, reader=store
                ).to_json(),
                old_notes,
            ),
            "old sizes 1 to n",
        )
    )

    verify_stdlib = doc_verifier()
    rows.append(
        (
            "receipt: verify, stdlib script (no signature)",
            *per_item(verify_stdlib, documents),
            f"up to {proof_hashes} proof hashes",
        )
    )
    rows.append(
        (
            "receipt: verify, ours (strict JSON + Ed25519 + proof)",
            *per_item(lambda document: verify_receipt(read_receipt(document), verifier), documents),
            "",
        )
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    store_kind = f"SQLite file {args.sqlite}" if args.sqlite else "in memory"

    print(f"\n{size:,} leaves, stored hashes {store_kind}; peak RSS {peak:,.0f} MiB\n")
    print("| operation | per item | items | note |")
    print("| --- | ---: | ---: | --- |")
    for name, each, count, note_text in rows:
        print(f"| {name} | {each * 1e3:.3f} ms | {count:,} | {note_text} |")


if __name__ == "__main__":
    main()
