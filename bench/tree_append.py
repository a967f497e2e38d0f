"""Appending with the Merkle tree against appending without it, in the same run.

``python -m bench.tree_append [--events N] [--rounds R] [--db sqlite|postgres]``

Two ways of appending, each timed with the tree kept and with it turned off
(``recorder.store_tree``, which only benchmarks touch), alternating rounds on
fresh databases so that drift in the machine's load falls on both alike:

- **import**: the ledger's own path for bulk appends (``portfolio-ledger
  import``): commands checked by the domain, events encoded, chained, treed
  and inserted in one transaction. The target applies here: with the tree,
  at least 85% of the rate without it.
- **recorder**: the storage path alone, events already encoded, a thousand
  per transaction: the tree's cost at its most visible.

Prints a markdown table of median rates; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from uuid import UUID, uuid5

from eventsourcing.persistence import StoredEvent

from bench import generate
from bench.__main__ import drop_schema, postgres_url
from portfolio_ledger.application.importer import run_import
from portfolio_ledger.application.ledger import PortfolioLedger
from portfolio_ledger.cli.imports import read_lines
from portfolio_ledger.storage.recorder import LedgerRecorder

TARGET = 0.85
BATCH = 1000
TOPIC = "portfolio_ledger.domain.events:ItemReprioritised"
NAMESPACE = UUID("5d0b7f9e-3c1a-4e55-9a57-3f1c2b8a6d42")


def fresh_url(db: str, work: Path, name: str) -> str:
    """A new, empty database for one round."""
    if db == "postgres":
        return postgres_url()
    return f"sqlite:///{work / name}.db"


def import_round(url: str, file: Path, *, tree: bool) -> float:
    """Import the file with the tree on or off; events per second."""
    ledger = PortfolioLedger(url)
    ledger.recorder.store_tree = tree  # type: ignore[attr-defined]
    started = time.perf_counter()
    result = run_import(ledger, read_lines(file, {}))
    seconds = time.perf_counter() - started
    ledger.close()
    if result.refusals:
        raise SystemExit(f"the generated file was refused: {result.refusals[:3]}")
    return result.recorded / seconds


def recorder_round(url: str, events: list[StoredEvent], *, tree: bool) -> float:
    """Insert pre-encoded events a thousand per transaction; events per second."""
    ledger = PortfolioLedger(url)
    recorder = ledger.recorder
    assert isinstance(recorder, LedgerRecorder)
    recorder.store_tree = tree
    started = time.perf_counter()
    for start in range(0, len(events), BATCH):
        recorder.insert_events(events[start : start + BATCH])
    seconds = time.perf_counter() - started
    ledger.close()
    return len(events) / seconds


def stored_events(count: int) -> list[StoredEvent]:
    """Events of about the ledger's size (300 bytes of state), twenty per aggregate."""
    events = []
    for n in range(count):
        aggregate = uuid5(NAMESPACE, f"bench:{n // 20}")
        state = json.dumps(
            {"key": f"PRJ-{n // 20:06d}", "rank": n % 97, "rationale": "x" * 200,
             "timestamp": {"_type_": "datetime_iso", "_data_": "2026-11-30T12:00:00+00:00"}}
        ).encode()  # fmt: skip
        events.append(StoredEvent(aggregate, n % 20 + 1, TOPIC, state))
    return events


def compare(
    name: str, rounds: int, db: str, work: Path, timed: Callable[[str, bool], float]
) -> dict[str, float]:
    """Median rates with and without the tree, rounds alternating; drop each database after."""
    rates: dict[bool, list[float]] = {True: [], False: []}
    for number in range(rounds):
        for tree in (number % 2 == 0, number % 2 == 1):  # alternate which goes first
            url = fresh_url(db, work, f"{name}-{number}-{tree}")
            try:
                rates[tree].append(timed(url, tree))
            finally:
                if db == "postgres":
                    drop_schema(url)
    with_tree, without = statistics.median(rates[True]), statistics.median(rates[False])
    return {"with": with_tree, "without": without, "ratio": with_tree / without}


def main() -> None:
    """Run both comparisons and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        file = work / "decisions.jsonl"
        generate.write(file, args.events)
        events = stored_events(args.events)
        results = {
            "import (the ledger's bulk append)": compare(
                "import", args.rounds, args.db, work,
                lambda url, tree: import_round(url, file, tree=tree),
            ),
            "recorder (encoded events, 1,000 a transaction)": compare(
                "recorder", args.rounds, args.db, work,
                lambda url, tree: recorder_round(url, events, tree=tree),
            ),
        }  # fmt: skip
    print(f"\n{args.events:,} events, {args.db}, median of {args.rounds} rounds each\n")
    print("| append path | with the tree | without | ratio | target |")
    print("| --- | ---: | ---: | ---: | --- |")
    for name, figures in results.items():
        verdict = "met" if figures["ratio"] >= TARGET else "MISSED"
        target = f">= {TARGET:.0%}: {verdict}" if name.startswith("import") else "(for scale)"
        print(
            f"| {name} | {figures['with']:,.0f}/s | {figures['without']:,.0f}/s | "
            f"{figures['ratio']:.0%} | {target} |"
        )


if __name__ == "__main__":
    main()
