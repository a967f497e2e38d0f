"""Merkle proofs at a million events: ``python -m bench.proofs [--leaves N] [--sqlite PATH]``.

Builds the tree's stored hashes over synthetic chain records (in memory, or
in an SQLite table laid out as the ledger's ``portfolio_ledger_tree``: one
row per position), then times, per item: appending, signing a checkpoint,
building receipts and consistency proofs, and verifying receipts with our
verifier and with the standard-library script of docs/verification.md.
Prints a markdown table with the issue's targets; asserts nothing.
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
    Frontier,
    HashReader,
    hashes_in_row,
    row_of,
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

DOC = Path(__file__).parents[1] / "docs" / "verification.md"
TARGETS_MS = {  # the targets, per item
    "checkpoint: sign (Ed25519)": 5.0,
    "receipt: build + JSON": 20.0,
    "consistency proof: build + JSON": 20.0,
    "receipt: verify, stdlib script (no signature)": 5.0,
}
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
        self.frontier = Frontier()

    def read_hashes(self, indexes: Sequence[int]) -> list[bytes]:
        """The hashes at ``indexes``."""
        return [self.hashes[index] for index in indexes]

    def append(self, leaves: list[bytes]) -> None:
        """Grow the tree by these leaves: each one's hashes follow the last stored."""
        for data in leaves:
            self.hashes.extend(self.frontier.append(data))


class SQLiteStore:
    """Stored hashes in an SQLite table laid out as the ledger's: one row per position."""

    def __init__(self, path: Path) -> None:
        path.unlink(missing_ok=True)
        self.db = sqlite3.connect(path)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute(
            "CREATE TABLE portfolio_ledger_tree"
            " (position INTEGER PRIMARY KEY, hashes BLOB NOT NULL)"
        )
        self.frontier = Frontier()

    def read_hashes(self, indexes: Sequence[int]) -> list[bytes]:
        """The hashes at ``indexes``, from their positions' rows, in one query."""
        places = [row_of(index) for index in indexes]
        positions = sorted({position for position, _ in places})
        marks = ",".join("?" * len(positions))
        found = dict(
            self.db.execute(
                f"SELECT position, hashes FROM portfolio_ledger_tree WHERE position IN ({marks})",  # noqa: S608 - placeholders only
                positions,
            )
        )
        return [found[position][32 * place : 32 * place + 32] for position, place in places]

    def append(self, leaves: list[bytes]) -> None:
        """Grow the tree by these leaves, their rows in one transaction."""
        start = self.frontier.size
        rows = [
            (start + number, b"".join(self.frontier.append(data)))
            for number, data in enumerate(leaves, start=1)
        ]
        assert all(len(blob) == 32 * hashes_in_row(position) for position, blob in rows)
        with self.db:
            self.db.executemany("INSERT INTO portfolio_ledger_tree VALUES (?, ?)", rows)


def build(leaves: int, store: MemoryStore | SQLiteStore) -> float:
    """Append ``leaves`` synthetic records; seconds taken."""
    started = time.perf_counter()
    for start in range(0, leaves, BATCH):
        stop = min(start + BATCH, leaves)
        store.append([record(p) for p in range(start + 1, stop + 1)])
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
    """The standard-library receipt verifier, from docs/verification.md."""
    text = DOC.read_text(encoding="utf-8")
    match = re.search(r"<!-- receipt-verifier -->\n```python\n(.*?)```", text, re.DOTALL)
    assert match, "docs/verification.md lost its receipt verifier"
    namespace: dict[str, Any] = {"__name__": "doc_receipt_verifier"}
    exec(compile(match.group(1), str(DOC), "exec"), namespace)  # noqa: S102 - our own docs
    verify: Callable[[str], str] = namespace["verify"]
    return verify


def through_the_ledger(
    path: Path, size: int, positions: list[int]
) -> list[tuple[str, float, int, str]]:
    """Proofs read through the ledger's own tree adapter (SQLAlchemy) from the same table."""
    from portfolio_ledger.application.ledger import PortfolioLedger
    from portfolio_ledger.audit.merkle import prove_consistency, prove_inclusion

    ledger = PortfolioLedger(f"sqlite:///{path}", adopt=True)  # adds the ledger's other tables
    try:
        tree = ledger.tree
        olds = spread(200, 1, size)
        return [
            (
                "inclusion proof through the ledger's TreeStore",
                *per_item(lambda position: prove_inclusion(position - 1, size, tree), positions),
                "SQLAlchemy, one query",
            ),
            (
                "consistency proof through the ledger's TreeStore",
                *per_item(lambda old: prove_consistency(old, size, tree), olds),
                "SQLAlchemy, one query",
            ),
        ]
    finally:
        ledger.close()


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
            f"{stored_hash_count(size):,} stored hashes",
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
    if args.sqlite:
        store.db.close()  # type: ignore[union-attr]
        rows.extend(through_the_ledger(args.sqlite, size, positions))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    store_kind = f"SQLite file {args.sqlite}" if args.sqlite else "in memory"

    print(f"\n{size:,} leaves, stored hashes {store_kind}; peak RSS {peak:,.0f} MiB\n")
    print("| operation | per item (median) | items | target | note |")
    print("| --- | ---: | ---: | --- | --- |")
    for name, each, count, note_text in rows:
        target = TARGETS_MS.get(name)
        verdict = (
            ""
            if target is None
            else f"< {target:g} ms: {'met' if each * 1e3 < target else 'MISSED'}"
        )
        print(f"| {name} | {each * 1e3:.3f} ms | {count:,} | {verdict} | {note_text} |")


if __name__ == "__main__":
    main()
