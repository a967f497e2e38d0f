"""Rebuild beside the eventsourcing-sqlalchemy peer's replay, repeated: ``python -m bench.replay``.

The narrow run for issue 18's rebuild targets (``python -m bench`` measures
everything once). For each size: the synthetic history, the peer's append,
the ledger's bulk append; then, ``--repeats`` times, the peer's full replay
and the ledger's ``projections rebuild`` one after the other (each in a
process of its own, so a change in the machine's load touches both alike);
then the import as the command runs it (read models attached and caught up)
on a fresh ledger, beside the bulk append plus one rebuild.

    python -m bench.replay --sizes 10000,100000 --repeats 3
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench import generate
from bench.__main__ import compile_package, timed_child

PEER = "es-sqlalchemy"


def measure(size: int, work: Path, repeats: int) -> dict[str, Any]:
    """The peer's replay and the ledger's rebuild, alternately; and the import's whole cost."""
    file = work / f"decisions-{size}.jsonl"
    generate.write(file, size)
    peer, ledger = work / f"peer-{size}.db", work / f"ledger-{size}.db"
    timed_child("peer_append", PEER, str(peer), str(file))
    append = timed_child("bulk_append", f"sqlite:///{ledger}", str(file))
    pairs = []
    for _ in range(repeats):
        replayed = timed_child("peer_replay", PEER, str(peer))
        rebuilt = timed_child("rebuild", f"sqlite:///{ledger}")
        pairs.append(
            (
                replayed["count"] / replayed["seconds"],
                rebuilt["count"] / rebuilt["seconds"],
                rebuilt["seconds"],
                rebuilt["peak_rss_mb"],
            )
        )
        peer_rate, rate = pairs[-1][:2]
        print(f"  {size:,}: peer {peer_rate:,.0f}/s, rebuild {rate:,.0f}/s", file=sys.stderr)
    imported = timed_child("import_caught_up", f"sqlite:///{work / f'import-{size}.db'}", str(file))
    return {
        "size": append["count"],
        "pairs": pairs,
        "append_seconds": append["seconds"],
        "import_seconds": imported["seconds"],
        "import_rss_mb": imported["peak_rss_mb"],
    }


def table(rows: list[dict[str, Any]]) -> str:
    """A markdown table: each repeat's rates and ratio, and the import beside append + rebuild."""
    lines = [
        "| events | es-sqlalchemy replay | rebuild | ratio | peak RSS |",
        "| ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        for peer, rate, _seconds, rss in row["pairs"]:
            lines.append(
                f"| {row['size']:,} | {peer:,.0f}/s | {rate:,.0f}/s | {rate / peer:.2f}x "
                f"| {rss:.0f} MB |"
            )
    lines += [
        "",
        "| events | import, whole (caught up) | bulk append | + one rebuild (median) | ratio |",
        "| ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        rebuild = statistics.median(seconds for _, _, seconds, _ in row["pairs"])
        both = row["append_seconds"] + rebuild
        lines.append(
            f"| {row['size']:,} | {row['import_seconds']:.2f} s | {row['append_seconds']:.2f} s "
            f"| {both:.2f} s | {row['import_seconds'] / both:.2f}x |"
        )
    return "\n".join(lines)


def main() -> None:
    """Run it."""
    parser = argparse.ArgumentParser(prog="python -m bench.replay", description=__doc__)
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    compile_package()  # as installed: no module compiled inside a timed operation
    with tempfile.TemporaryDirectory(prefix="pl-replay-") as work:
        rows = [
            measure(int(size.replace("_", "")), Path(work), args.repeats)
            for size in args.sizes.split(",")
        ]
    print(table(rows))


if __name__ == "__main__":
    main()
