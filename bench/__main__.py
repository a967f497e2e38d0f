"""Benchmarks beside raw baselines measured in the same run: ``python -m bench``.

For each size, a synthetic ledger is built through the import path, then
each operation runs in a process of its own (so its peak memory is its own)
beside the raw baseline for the same work. Prints a markdown table and
writes it, with the JSON of every figure, to ``--out``. See
docs/performance.md for what the figures mean and one full run.

    python -m bench                                  # 10,000 and 100,000 events, SQLite
    python -m bench --sizes 1000000                  # the documented million
    python -m bench --db postgres --sizes 100000     # at PORTFOLIO_LEDGER_TEST_POSTGRES_URL
    python -m bench --only append --repeat 3         # bulk append, its peers and raw, 3 times
    python -m bench --only startup --repeat 21       # whole CLI processes beside their floors
    python -m bench --sizes 300 --repeat 3           # a quick check that every operation runs
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any

from bench import generate, raw
from bench.report import table
from bench.schemas import drop_schema, postgres_url

ROOT = Path(__file__).parents[1]
CLI_REPEATS = 11
PACKAGES = (
    "portfolio-ledger",
    "eventsourcing",
    "eventsourcing-sqlalchemy",
    "SQLAlchemy",
    "pydantic",
)


def timed_child(operation: str, *args: str) -> dict[str, Any]:
    """Run ``bench.ops OPERATION`` in a process of its own; its result and peak RSS (MB)."""
    finished = subprocess.run(
        [sys.executable, "-m", "bench.ops", operation, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    if finished.returncode != 0:
        raise SystemExit(f"bench.ops {operation} failed:\n{finished.stderr}")
    result: dict[str, Any] = json.loads(finished.stdout.strip().splitlines()[-1])
    return result


def compile_package() -> None:
    """Compile the ledger's modules to bytecode first, as an installed package has them.

    The floors and the peers import SQLAlchemy and eventsourcing from compiled
    files (pip compiles what it installs); a source checkout run with
    PYTHONDONTWRITEBYTECODE=1 (or from a read-only tree) would otherwise
    compile the ledger's modules in every process, inside timed operations
    too (an import loads its commands' handlers as it meets them: 0.06-0.09 s
    of CPU at 10,000 lines), which an installed ledger does not pay.
    """
    import compileall

    import portfolio_ledger

    compileall.compile_dir(Path(portfolio_ledger.__file__).parent, quiet=1)


def cli_decision(url: str, item: str, repeats: int) -> dict[str, Any]:
    """Whole decision processes, start to exit, beside the write stack's import floor.

    The two are run alternately, so a machine that slows down or speeds up
    during the run affects both alike. Medians of wall and of CPU seconds.
    """
    compile_package()
    decisions, floors = [], []
    for attempt in range(repeats):
        command = [
            sys.executable, "-m", "portfolio_ledger", "--db", url, "item", "reprioritise", item,
            "--rank", str(900 + attempt), "--authority", "Portfolio Direction Group",
            "--actor", "praman", "--role", "Head of Portfolio Office", "-m", "Benchmark.",
        ]  # fmt: skip
        decisions.append(raw.process(command))
        floors.append(raw.import_floor())
    return {
        "seconds": statistics.median(wall for wall, _ in decisions),
        "baseline": statistics.median(wall for wall, _ in floors),
        "cpu": statistics.median(cpu for _, cpu in decisions),
        "baseline_cpu": statistics.median(cpu for _, cpu in floors),
        "all": decisions,
        "floor_all": floors,
    }


READS = {  # whole read commands, for their start-up: each prints little or JSON
    "item show": ("item", "show", "{item}"),
    "item history": ("item", "history", "{item}"),
    "portfolio --json": ("portfolio", "--json"),
    "economics": ("economics",),
    "audit trail --item": ("audit", "trail", "--item", "{item}"),
}


def cli_reads(url: str, item: str, repeats: int) -> dict[str, Any]:
    """Each read command as a whole process, and the Core import floor: medians, wall and CPU.

    Each command runs once per round, then the floor once, so the machine's
    changing load affects both alike.
    """
    compile_package()
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in READS}
    floors: list[tuple[float, float]] = []
    listings: list[tuple[float, float]] = []
    for _ in range(repeats):
        for name, words in READS.items():
            command = [sys.executable, "-m", "portfolio_ledger", "--db", url]
            command += [word.format(item=item) for word in words]
            times[name].append(raw.process(command))
        floors.append(raw.import_floor("sqlalchemy"))
        listings.append(raw.process([sys.executable, "-m", "bench.listing", url]))
    reads: dict[str, Any] = {
        "commands": {name: statistics.median(w for w, _ in all_) for name, all_ in times.items()},
        "cpu": {name: statistics.median(c for _, c in all_) for name, all_ in times.items()},
        "floor": statistics.median(wall for wall, _ in floors),
        "floor_cpu": statistics.median(cpu for _, cpu in floors),
        "all": times,
        "floor_all": floors,
        # portfolio --json's own floor: the import floor, its texts read raw and written.
        "listing": statistics.median(wall for wall, _ in listings),
        "listing_cpu": statistics.median(cpu for _, cpu in listings),
        "listing_all": listings,
    }
    for name, seconds in reads["commands"].items():
        ratio, cpu = seconds / reads["floor"], reads["cpu"][name] / reads["floor_cpu"]
        print(f"  {name}: {seconds:.2f} s = {ratio:.2f}x (CPU {cpu:.2f}x)", file=sys.stderr)
    ratio = reads["listing"] / reads["floor"]
    print(f"  raw listing: {reads['listing']:.2f} s = {ratio:.2f}x", file=sys.stderr)
    return reads


def _rate(
    result: dict[str, Any], baseline: float, baseline_cpu: float | None = None, **extra: Any
) -> dict[str, Any]:
    return {
        "rate": result["count"] / result["seconds"],
        "baseline": baseline,
        "seconds": result["seconds"],
        "count": result["count"],
        "peak_rss_mb": result["peak_rss_mb"],
        **({"cpu_seconds": result["cpu_seconds"]} if "cpu_seconds" in result else {}),
        **({"baseline_cpu_seconds": baseline_cpu} if baseline_cpu is not None else {}),
        **extra,
    }


def measure_peers(
    file: Path, work: Path, size: int, *, replay: bool = True
) -> dict[str, dict[str, Any]]:
    """Plain eventsourcing (its SQLite module, and eventsourcing-sqlalchemy) on the same file."""
    peers: dict[str, dict[str, Any]] = {}
    for kind in ("es-sqlite", "es-sqlalchemy"):
        path = work / f"{kind}-{size}.db"
        saved = timed_child("peer_append", kind, str(path), str(file))
        peers[kind] = {
            "append": saved["count"] / saved["seconds"],
            "append_rss_mb": saved["peak_rss_mb"],
            "append_cpu_seconds": saved["cpu_seconds"],
        }
        if replay:
            replayed = timed_child("peer_replay", kind, str(path))
            peers[kind]["replay"] = replayed["count"] / replayed["seconds"]
            peers[kind]["replay_rss_mb"] = replayed["peak_rss_mb"]
        print(
            f"  {kind}: append {peers[kind]['append']:,.0f}/s"
            + (f", replay {peers[kind]['replay']:,.0f}/s" if replay else ""),
            file=sys.stderr,
        )
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    return peers


def measure_append(size: int, work: Path, repeats: int) -> list[dict[str, Any]]:
    """Bulk append alone beside its peers and raw baseline, ``repeats`` times (``--only append``).

    Each repeat runs the peers, the ledger's import and the raw baseline one
    after another on a fresh database, so the ratios of one repeat are of
    one moment's load.
    """
    print(f"\n== {size:,} events asked for (sqlite, append only) ==", file=sys.stderr)
    file = work / f"decisions-{size}.jsonl"
    generate.write(file, size)
    rows = []
    for attempt in range(repeats):
        database = work / f"ledger-{size}-{attempt}.db"
        peers = measure_peers(file, work, size, replay=False)
        append = timed_child("bulk_append", f"sqlite:///{database}", str(file))
        row: dict[str, Any] = {"size": append["count"], "asked": size, "db": "sqlite"}
        row["peers"] = peers
        sample = raw.sample_rows(f"sqlite:///{database}", 20_000)
        row["bulk append"] = _rate(append, raw.executemany_rate(work / "raw.db", sample))
        _say(row, "bulk append")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{database}{suffix}").unlink(missing_ok=True)
        rows.append(row)
    return rows


def measure_startup(size: int, work: Path, repeats: int) -> dict[str, Any]:
    """A decision and the read commands as whole processes beside their import floors.

    ``--only startup``: the ledger is imported and caught up first, then
    each process runs ``repeats`` times, alternating with its floor.
    """
    print(f"\n== {size:,} events asked for (sqlite, start-up only) ==", file=sys.stderr)
    file = work / f"decisions-{size}.jsonl"
    generate.write(file, size)
    url = f"sqlite:///{work / f'ledger-{size}.db'}"
    imported = timed_child("import_caught_up", url, str(file))
    queries = timed_child("point_queries", url, "1")
    row: dict[str, Any] = {"size": imported["count"], "asked": size, "db": "sqlite"}
    row["point queries"] = queries
    row["CLI decision"] = cli_decision(url, queries["active_item"], repeats)
    _say(row, "CLI decision")
    row["CLI reads"] = cli_reads(url, queries["item"], repeats)
    return row


def measure(size: int, db: str, work: Path, repeats: int = CLI_REPEATS) -> dict[str, Any]:
    """Every operation and its baselines at one size; each whole CLI process ``repeats`` times."""
    print(f"\n== {size:,} events asked for ({db}) ==", file=sys.stderr)
    file = work / f"decisions-{size}.jsonl"
    generate.write(file, size)
    url = f"sqlite:///{work / f'ledger-{size}.db'}" if db == "sqlite" else postgres_url()
    # The peers run on SQLite files: beside a PostgreSQL ledger they would not be peers.
    peers = measure_peers(file, work, size) if db == "sqlite" else {}
    append = timed_child("bulk_append", url, str(file))
    # The size reported is the number of events written (the generator caps items).
    row: dict[str, Any] = {"size": append["count"], "asked": size, "db": db, "peers": peers}
    sample = raw.sample_rows(url, 20_000)
    row["bulk append"] = _rate(append, raw.executemany_rate(work / "raw.db", sample))
    _say(row, "bulk append")
    row["rebuild"] = _rate(timed_child("rebuild", url), raw.read_rate(url))
    _say(row, "rebuild")
    verified = timed_child("verify", url)
    row["verify"] = _rate(verified, *raw.with_cpu(raw.read_rate, url, hashed=True))
    _say(row, "verify")
    exported = timed_child("export_csv", url, str(work / "export.csv"))
    row["export csv"] = _rate(exported, *raw.with_cpu(raw.csv_rate, url, work / "raw.csv"))
    _say(row, "export csv")

    row["board pack"] = board_pack(url, work)

    queries = timed_child("point_queries", url)
    row["point queries"] = queries
    print(f"  point queries: {queries['milliseconds']}", file=sys.stderr)
    row["portfolio diff"] = timed_child("portfolio_diff", url)
    print(f"  portfolio diff: {row['portfolio diff']['seconds']:.2f} s", file=sys.stderr)
    row["CLI decision"] = cli_decision(url, queries["active_item"], repeats)
    _say(row, "CLI decision")
    row["CLI reads"] = cli_reads(url, queries["item"], repeats)
    row["recorded late"] = measure_late(file, url, work, row["size"])
    if db == "postgres":
        drop_schema(url)
    return row


def measure_late(history: Path, url: str, work: Path, size: int) -> dict[str, Any]:
    """Decisions recorded late, imported into the ledger as it stands, then a rebuild.

    One status report in twenty of the history's size, sent again at its own
    past date (``generate.recorded_late``): an import that updates items
    already in the ledger, each refolding; then every read model rebuilt,
    each late decision closing the states it replaced. Last, as it changes
    the ledger the other operations measured.
    """
    late = work / f"recorded-late-{size}.jsonl"
    with late.open("w", encoding="utf-8") as handle:
        handle.writelines(f"{line}\n" for line in generate.recorded_late(history, size // 20))
    imported = timed_child("bulk_append", url, str(late))
    rebuilt = timed_child("rebuild", url)
    for name, figures in (("import into the ledger", imported), ("rebuild after", rebuilt)):
        print(
            f"  recorded late, {name}: {figures['count'] / figures['seconds']:,.0f}/s "
            f"({figures['count']:,} events); peak RSS {figures['peak_rss_mb']:.0f} MB",
            file=sys.stderr,
        )
    return {"import": imported, "rebuild": rebuilt}


def board_pack(url: str, work: Path) -> dict[str, Any]:
    """The HTML board pack as at today, beside a raw read of the rows it reads."""
    pack = timed_child("board_pack", url, str(work / "pack.html"))
    pack["baseline"] = raw.pack_read_seconds(url)
    print(
        f"  board pack: {pack['seconds']:.2f} s (HTML, {pack['count']:,} items) vs raw read "
        f"{pack['baseline']:.2f} s; peak RSS {pack['peak_rss_mb']:.0f} MB",
        file=sys.stderr,
    )
    return pack


def _say(row: dict[str, Any], name: str) -> None:
    figures = row[name]
    if "rate" in figures:
        ratio = figures["rate"] / figures["baseline"]
        print(
            f"  {name}: {figures['rate']:,.0f}/s vs raw {figures['baseline']:,.0f}/s "
            f"= {ratio:.0%}; peak RSS {figures['peak_rss_mb']:.0f} MB",
            file=sys.stderr,
        )
    else:
        ratio = figures["seconds"] / figures["baseline"]
        cpu = f" (CPU {figures['cpu'] / figures['baseline_cpu']:.2f}x)" if "cpu" in figures else ""
        print(
            f"  {name}: {figures['seconds']:.2f} s vs floor {figures['baseline']:.2f} s"
            f" = {ratio:.2f}x{cpu}",
            file=sys.stderr,
        )


def main() -> None:
    """Run the benchmark."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,100000", help="event counts, comma-separated")
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    parser.add_argument(
        "--only",
        choices=("append", "startup"),
        help="measure only this operation (with its peers and raw baseline), on SQLite",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        help="times per size: with --only append, the append (1); else each whole CLI process (11)",
    )
    args = parser.parse_args()
    sizes = [int(size.replace("_", "")) for size in args.sizes.split(",")]
    started = datetime.now(UTC)
    compile_package()  # every operation as an installed ledger runs it (see compile_package)
    with tempfile.TemporaryDirectory(prefix="pl-bench-") as work:
        if args.only == "append":
            rows = [row for s in sizes for row in measure_append(s, Path(work), args.repeat or 1)]
        elif args.only == "startup":
            repeats = args.repeat or CLI_REPEATS
            rows = [measure_startup(size, Path(work), repeats) for size in sizes]
        else:
            repeats = args.repeat or CLI_REPEATS
            rows = [measure(size, args.db, Path(work), repeats) for size in sizes]
    report = {
        "started": started.isoformat(),
        "seconds": (datetime.now(UTC) - started).total_seconds(),
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "processor": platform.machine(),
            "cpus": os.cpu_count(),
        },
        "versions": {name: version(name) for name in PACKAGES},
        "rows": rows,
    }
    args.out.mkdir(parents=True, exist_ok=True)
    stem = f"{started:%Y%m%dT%H%M%S}-{args.db}"
    (args.out / f"{stem}.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    markdown = table(rows)
    (args.out / f"{stem}.md").write_text(markdown + "\n", encoding="utf-8")
    print(markdown)
    print(f"\n({report['seconds']:.0f} s; figures in {args.out / stem}.json)")


if __name__ == "__main__":
    main()
