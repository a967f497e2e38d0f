"""Appending with the Merkle tree against appending without it, in the same run.

``python -m bench.tree_append [--events N] [--chunks K] [--db sqlite|postgres]``

Two ledgers on fresh databases, one keeping the tree and one with it turned
off (``recorder.store_tree``, which only benchmarks touch), are given the same
appends in K chunks, interleaved: chunk 1 to the first then the second,
chunk 2 to the second then the first, and so on. On a shared machine the
load drifts; two runs of one chunk, back to back, see nearly the same load,
and each ledger goes first as often as the other. Two ways of appending:

- **import**: the ledger's own path for bulk appends (``portfolio-ledger
  import``): each chunk a file of decisions, checked by the domain, encoded,
  chained, treed and inserted in one transaction. The target applies here:
  with the tree, at least 85% of the rate without it.
- **recorder**: the storage path alone, events already encoded, one
  transaction a chunk: the tree's cost at its most visible.

Prints a markdown table: each ledger's rate over all its chunks, and the
median and range of the chunks' ratios. Asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.persistence import StoredEvent

from bench import generate
from bench.schemas import drop_schema, postgres_url
from portfolio_ledger.application.importer import run_import
from portfolio_ledger.application.ledger import PortfolioLedger
from portfolio_ledger.cli.imports import read_lines
from portfolio_ledger.storage.recorder import LedgerRecorder

TARGET = 0.85
TOPIC = "portfolio_ledger.domain.events:ItemReprioritised"
NAMESPACE = UUID("5d0b7f9e-3c1a-4e55-9a57-3f1c2b8a6d42")
Append = Callable[[PortfolioLedger, Any], int]
"""Appends one chunk to a ledger; how many events it recorded."""


@contextmanager
def two_ledgers(db: str, work: Path, name: str) -> Iterator[dict[bool, PortfolioLedger]]:
    """Two fresh ledgers, by whether they keep the tree; dropped afterwards."""
    urls = {
        tree: postgres_url() if db == "postgres" else f"sqlite:///{work / name}-{tree}.db"
        for tree in (True, False)
    }
    ledgers = {tree: PortfolioLedger(url) for tree, url in urls.items()}
    for tree, ledger in ledgers.items():
        recorder = ledger.recorder
        assert isinstance(recorder, LedgerRecorder)
        recorder.store_tree = tree
    try:
        yield ledgers
    finally:
        for ledger in ledgers.values():
            ledger.close()
        if db == "postgres":
            for url in urls.values():
                drop_schema(url)


def interleaved(
    ledgers: dict[bool, PortfolioLedger], chunks: Sequence[Any], append: Append
) -> dict[str, float]:
    """Give both ledgers every chunk, alternating which goes first; rates and ratios.

    Wall-clock time, and this process's CPU time, which on SQLite includes the
    database's own work and is little disturbed by other processes' load.
    """
    seconds = {True: 0.0, False: 0.0}
    cpu = {True: 0.0, False: 0.0}
    events = {True: 0, False: 0}
    ratios = []
    for number, chunk in enumerate(chunks):
        taken = {}
        for tree in (number % 2 == 0, number % 2 == 1):
            started, started_cpu = time.perf_counter(), time.process_time()
            events[tree] += append(ledgers[tree], chunk)
            taken[tree] = time.perf_counter() - started
            seconds[tree] += taken[tree]
            cpu[tree] += time.process_time() - started_cpu
        ratios.append(taken[False] / taken[True])  # rate with the tree over rate without
    return {
        "with": events[True] / seconds[True],
        "without": events[False] / seconds[False],
        "overall": (events[True] / seconds[True]) / (events[False] / seconds[False]),
        "cpu": (events[True] / cpu[True]) / (events[False] / cpu[False]),
        "ratio": statistics.median(ratios),
        "low": min(ratios),
        "high": max(ratios),
    }


def import_chunk(ledger: PortfolioLedger, file: Path) -> int:
    """Import one file of decisions; the events recorded."""
    result = run_import(ledger, read_lines(file, {}))
    if result.refusals:
        raise SystemExit(f"the generated file was refused: {result.refusals[:3]}")
    return result.recorded


def recorder_chunk(ledger: PortfolioLedger, events: list[StoredEvent]) -> int:
    """Insert encoded events in one transaction; how many."""
    ledger.recorder.insert_events(events)
    return len(events)


def decision_files(work: Path, events: int, chunks: int) -> list[Path]:
    """The generated decisions, split into ``chunks`` files, in order."""
    lines = list(generate.lines(events))
    size = -(-len(lines) // chunks)
    files = []
    for number, start in enumerate(range(0, len(lines), size)):
        path = work / f"decisions-{number:03d}.jsonl"
        path.write_text("\n".join(lines[start : start + size]) + "\n", encoding="utf-8")
        files.append(path)
    return files


def stored_events(count: int, chunks: int) -> list[list[StoredEvent]]:
    """Events of about the ledger's size (300 bytes of state), twenty per aggregate, in chunks."""
    events = []
    for n in range(count):
        aggregate = uuid5(NAMESPACE, f"bench:{n // 20}")
        state = json.dumps(
            {"key": f"PRJ-{n // 20:06d}", "rank": n % 97, "rationale": "x" * 200,
             "timestamp": {"_type_": "datetime_iso", "_data_": "2026-11-30T12:00:00+00:00"}}
        ).encode()  # fmt: skip
        events.append(StoredEvent(aggregate, n % 20 + 1, TOPIC, state))
    size = -(-count // chunks)
    return [events[start : start + size] for start in range(0, count, size)]


def main() -> None:
    """Run both comparisons and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--chunks", type=int, default=20)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    args = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        with two_ledgers(args.db, work, "import") as ledgers:
            files = decision_files(work, args.events, args.chunks)
            results["import (the ledger's bulk append)"] = interleaved(ledgers, files, import_chunk)
        with two_ledgers(args.db, work, "recorder") as ledgers:
            results["recorder (encoded events, one transaction a chunk)"] = interleaved(
                ledgers, stored_events(args.events, args.chunks), recorder_chunk
            )
    print(f"\n{args.events:,} events in {args.chunks} chunks, {args.db}\n")
    print(
        "| append path | with the tree | without | ratio | chunks' ratios: median (range) "
        "| ratio of CPU rates | target |"
    )
    print("| --- | ---: | ---: | ---: | --- | ---: | --- |")
    for name, figures in results.items():
        verdict = "met" if figures["overall"] >= TARGET else "MISSED"
        target = f">= {TARGET:.0%}: {verdict}" if name.startswith("import") else "(for scale)"
        print(
            f"| {name} | {figures['with']:,.0f}/s | {figures['without']:,.0f}/s | "
            f"{figures['overall']:.0%} | {figures['ratio']:.0%} ({figures['low']:.0%} to "
            f"{figures['high']:.0%}) | {figures['cpu']:.0%} | {target} |"
        )


if __name__ == "__main__":
    main()
