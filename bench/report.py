"""The benchmark's table: each operation, its baselines and peers, its ratios, its targets."""

from __future__ import annotations

from typing import Any

RAW_SHARE = {  # SQLite: at least this share of the raw baseline's rate
    "bulk append": (0.25, 0.10),  # the first round's target, then issue 18's floor
    "rebuild": (0.25,),
    "verify": (0.25,),
    "export csv": (0.50,),
}
PEER = {  # SQLite: at least the rate of this peer (bench/peers.py) in the same run
    "bulk append": ("es-sqlite", "append"),
    "rebuild": ("es-sqlalchemy", "replay"),
}
DECISION = 1.5  # a CLI decision, at most this times the write stack's import floor
READ = 1.2  # a read command, at most this times `python -c "import sqlalchemy"`
POINT_MS = 50
HEADER = [
    (
        "| events | db | operation | ledger | raw baseline | ratio | es-sqlite | es-sqlalchemy "
        "| target | peak RSS |"
    ),
    "| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | --- | ---: |",
]


def _mark(ok: bool) -> str:
    return "met" if ok else "**missed**"


def _targets(name: str, figures: dict[str, Any], peers: dict[str, Any]) -> str:
    ratio = figures["rate"] / figures["baseline"]
    said = [f">= {share:.0%} raw ({_mark(ratio >= share)})" for share in RAW_SHARE[name]]
    if name in PEER:
        kind, what = PEER[name]
        said.append(f">= {kind} ({_mark(figures['rate'] >= peers[kind][what])})")
    return "; ".join(said)


def _peer_cells(name: str, figures: dict[str, Any], peers: dict[str, Any]) -> list[str]:
    what = {"bulk append": "append", "rebuild": "replay"}.get(name)
    if what is None or not peers:
        return ["", ""]
    return [
        f"{peers[kind][what]:,.0f}/s ({figures['rate'] / peers[kind][what]:.2f}x"
        f"{_by_cpu(figures, peers[kind].get(f'{what}_cpu_seconds'))})"
        if what in peers[kind]
        else ""
        for kind in ("es-sqlite", "es-sqlalchemy")
    ]


def _by_cpu(figures: dict[str, Any], peer_cpu: float | None) -> str:
    """The same ratio by CPU seconds, where both report them: steadier on a shared machine."""
    cpu = figures.get("cpu_seconds")
    return "" if cpu is None or peer_cpu is None else f"; CPU {peer_cpu / cpu:.2f}x"


def _rate_lines(row: dict[str, Any], size: str, db: str) -> list[str]:
    lines = []
    peers = row.get("peers", {})
    for name in ("bulk append", "rebuild", "verify", "export csv"):
        if name not in row:
            continue  # measured alone (--only)
        f = row[name]
        ratio = f["rate"] / f["baseline"]
        if db == "postgres" and name == "bulk append":
            target = f">= 5,000/s ({_mark(f['rate'] >= 5000)})"
        elif db == "postgres":
            target = "(targets are for SQLite)"
        else:
            target = _targets(name, f, peers)
        cells = _peer_cells(name, f, peers)
        if "cpu_seconds" in f and "baseline_cpu_seconds" in f:  # by CPU: the raw's own over ours
            by_cpu = f" (CPU {f['baseline_cpu_seconds'] / f['cpu_seconds']:.1%})"
        else:
            by_cpu = ""
        lines.append(
            f"| {size} | {db} | {name} | {f['rate']:,.0f}/s | {f['baseline']:,.0f}/s | "
            f"{ratio:.1%}{by_cpu} | {cells[0]} | {cells[1]} | {target} | "
            f"{f['peak_rss_mb']:.0f} MB |"
        )
    return lines


def _process_lines(row: dict[str, Any], size: str, db: str) -> list[str]:
    lines: list[str] = []
    if "CLI decision" not in row:
        return lines  # an operation measured alone (--only)
    f = row["CLI decision"]
    ratio = f["seconds"] / f["baseline"]
    target = f"<= {DECISION}x ({_mark(ratio <= DECISION)})" if db == "sqlite" else ""
    cpu = _cpu(f.get("cpu"), f.get("baseline_cpu"))
    lines.append(
        f"| {size} | {db} | CLI decision | {f['seconds']:.2f} s | {f['baseline']:.2f} s "
        f"(import eventsourcing_sqlalchemy) | {ratio:.2f}x{cpu} | | | {target} | |"
    )
    if "board pack" in row:
        lines.append(_pack_line(size, db, row["board pack"]))
    reads = row.get("CLI reads", {})
    floor = reads.get("floor")
    for name, seconds in reads.get("commands", {}).items():
        ratio = seconds / floor
        target = f"<= {READ}x ({_mark(ratio <= READ)})" if db == "sqlite" else ""
        cpu = _cpu(reads.get("cpu", {}).get(name), reads.get("floor_cpu"))
        lines.append(
            f"| {size} | {db} | `{name}` | {seconds:.2f} s | {floor:.2f} s "
            f"(import sqlalchemy) | {ratio:.2f}x{cpu} | | | {target} | |"
        )
    if "listing" in reads:
        lines.append(_listing_line(size, db, reads))
    if "portfolio diff" in row:
        f = row["portfolio diff"]
        target = f"<= 1 s ({_mark(f['seconds'] <= 1)})" if db == "sqlite" else ""
        lines.append(
            f"| {size} | {db} | portfolio diff ({f['items']:,} items, computed) "
            f"| {f['seconds']:.2f} s | | | | | {target} | |"
        )
    for name, ms in row["point queries"]["milliseconds"].items():
        target = f"<= {POINT_MS} ms ({_mark(ms <= POINT_MS)})" if db == "sqlite" else ""
        lines.append(f"| {size} | {db} | {name} | {ms:.1f} ms | | | | | {target} | |")
    return lines + _late_lines(row, size, db)


def _listing_line(size: str, db: str, reads: dict[str, Any]) -> str:
    """``portfolio --json`` beside its raw floor: the import floor plus its texts read and written.

    No target of its own: it says how much of the command's ratio to the
    import floor no program printing the same bytes could avoid.
    """
    listing, floor = reads["listing"], reads["floor"]
    command = reads["commands"]["portfolio --json"]
    cpu = _cpu(reads.get("listing_cpu"), reads.get("floor_cpu"))
    return (
        f"| {size} | {db} | raw listing (`python -m bench.listing`: import sqlalchemy, "
        f"the same texts read and written) | {listing:.2f} s | {floor:.2f} s (import "
        f"sqlalchemy) | {ratio(listing, floor)}{cpu} | | | (none; `portfolio --json` "
        f"{ratio(command, listing)} of it) | |"
    )


def ratio(seconds: float, beside: float) -> str:
    """``seconds`` as a multiple of ``beside``, as the tables write it."""
    return f"{seconds / beside:.2f}x"


def _late_lines(row: dict[str, Any], size: str, db: str) -> list[str]:
    """Decisions recorded late: their import into the ledger, and the rebuild after (no target).

    Beside each, the same operation's rate on the history alone (bulk append
    into an empty ledger, the rebuild before): what updating items already
    there, and closing the states they replaced, costs.
    """
    late = row.get("recorded late")
    if late is None:
        return []
    lines = []
    for name, figures, plain in (
        (f"import of {late['import']['count']:,} recorded late", late["import"], "bulk append"),
        ("rebuild, with them", late["rebuild"], "rebuild"),
    ):
        rate = figures["count"] / figures["seconds"]
        beside = row[plain]["rate"]
        lines.append(
            f"| {size} | {db} | {name} | {rate:,.0f}/s | {beside:,.0f}/s ({plain}) | "
            f"{rate / beside:.2f}x | | | (none) | {figures['peak_rss_mb']:.0f} MB |"
        )
    return lines


def _cpu(seconds: float | None, floor: float | None) -> str:
    """The CPU-time ratio beside the wall-time one (steadier on a shared machine), if measured."""
    return "" if seconds is None or not floor else f" (CPU {seconds / floor:.2f}x)"


def _pack_line(size: str, db: str, f: dict[str, Any]) -> str:
    """The board pack's row: seconds against the raw read, and the 10 s / 400 MB target."""
    met = f["seconds"] < 10 and f["peak_rss_mb"] < 400
    return (
        f"| {size} | {db} | board pack (HTML, {f['count']:,} items) | {f['seconds']:.2f} s | "
        f"{f['baseline']:.2f} s | {f['seconds'] / f['baseline']:.0f}x | | | < 10 s, < 400 MB "
        f"({'met' if met else '**missed**'}) | {f['peak_rss_mb']:.0f} MB |"
    )


def table(rows: list[dict[str, Any]]) -> str:
    """The results as a markdown table; sizes are the events each run actually wrote."""
    lines = list(HEADER)
    for row in rows:
        size, db = f"{row['size']:,}", row["db"]
        lines += _rate_lines(row, size, db)
        lines += _process_lines(row, size, db)
    return "\n".join(lines)
