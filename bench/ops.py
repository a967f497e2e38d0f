"""The ledger's operations, each run in a process of its own so its peak memory is its own.

``python -m bench.ops OPERATION URL [ARG]`` prints one JSON line:
``{"seconds": ..., "count": ...}``. The parent measures the child's peak RSS.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any


def bulk_append(url: str, file: str) -> dict[str, Any]:
    """Import a file of decisions through the import path, read models not attached."""
    from portfolio_ledger.application.importer import run_import
    from portfolio_ledger.application.ledger import PortfolioLedger
    from portfolio_ledger.cli.imports import is_bulk, read_lines

    ledger = PortfolioLedger(url)
    started, cpu = time.perf_counter(), time.process_time()
    result = run_import(ledger, read_lines(Path(file), {}), bulk=is_bulk(Path(file)))
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    ledger.close()
    if result.refusals:
        raise SystemExit(f"the generated file was refused: {result.refusals[:3]}")
    return {"seconds": seconds, "cpu_seconds": cpu, "count": result.recorded}


def import_caught_up(url: str, file: str) -> dict[str, Any]:
    """Import a file as ``portfolio-ledger import`` does: read models attached, caught up after."""
    from portfolio_ledger.application.importer import run_import
    from portfolio_ledger.bootstrap import open_ledger
    from portfolio_ledger.cli.imports import is_bulk, read_lines

    ledger, models = open_ledger(url)
    started = time.perf_counter()
    result = run_import(ledger, read_lines(Path(file), {}), bulk=is_bulk(Path(file)))
    seconds = time.perf_counter() - started
    lag = max(status.lag for status in models.status())
    ledger.close()
    if result.refusals or lag:
        raise SystemExit(f"refused or not caught up: {result.refusals[:3]}, lag {lag}")
    return {"seconds": seconds, "count": result.recorded}


def rebuild(url: str) -> dict[str, Any]:
    """Rebuild every read model from the first event."""
    from portfolio_ledger.bootstrap import open_ledger

    ledger, models = open_ledger(url)
    started, cpu = time.perf_counter(), time.process_time()
    position = models.rebuild()
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    ledger.close()
    return {"seconds": seconds, "cpu_seconds": cpu, "count": position}


def verify(url: str) -> dict[str, Any]:
    """Recompute the whole hash chain."""
    from portfolio_ledger.application.ledger import PortfolioLedger
    from portfolio_ledger.audit.verify import verify as verify_chain

    ledger = PortfolioLedger(url)
    started, cpu = time.perf_counter(), time.process_time()
    result = verify_chain(ledger.chain)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    ledger.close()
    if not result.ok:
        raise SystemExit(f"verification failed: {result.problem}")
    return {"seconds": seconds, "cpu_seconds": cpu, "count": result.checked}


def export_csv(url: str, out: str) -> dict[str, Any]:
    """Export the whole audit trail as CSV, with its manifest, as ``audit export`` does."""
    from portfolio_ledger.application.selection import TrailFilter
    from portfolio_ledger.audit.exporting import export_trail
    from portfolio_ledger.audit.manifest import Filters
    from portfolio_ledger.bootstrap import open_ledger
    from portfolio_ledger.projections.read_side import ReadSide

    ledger, models = open_ledger(url)
    started, cpu = time.perf_counter(), time.process_time()
    done = export_trail(
        ledger,
        ReadSide(ledger, models),
        where=TrailFilter(),
        filters=Filters.of({}),
        file_format="csv",
        out=Path(out),
    )
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    ledger.close()
    Path(out).unlink()
    done.manifest_file.unlink()
    return {"seconds": seconds, "cpu_seconds": cpu, "count": done.written.rows}


def point_queries(url: str, repeats: str = "7") -> dict[str, Any]:
    """Median milliseconds of portfolio --as-of, item history and item show, in-process."""
    from sqlalchemy import func, select

    from portfolio_ledger.application.selection import Moment
    from portfolio_ledger.bootstrap import open_ledger
    from portfolio_ledger.projections import queries

    ledger, models = open_ledger(url)
    trail = models.audit_trail.table
    with models.reading() as session:
        first, last = session.execute(
            select(func.min(trail.c.recorded_at), func.max(trail.c.recorded_at))
        ).one()
        busiest = session.execute(
            select(trail.c.subject)
            .where(trail.c.subject_kind == "item")
            .group_by(trail.c.subject)
            .order_by(func.count().desc())
            .limit(1)
        ).scalar_one()
        table = models.portfolio_items.table
        active = session.execute(
            select(table.c.key).where(table.c.stage == "in delivery").order_by(table.c.key).limit(1)
        ).scalar_one()
    middle = first + (last - first) / 2
    timings: dict[str, list[float]] = {"portfolio --as-of": [], "item history": [], "item show": []}
    for _ in range(int(repeats)):
        started = time.perf_counter()
        with models.reading() as session:
            at_moment = queries.portfolio(session, models, Moment(as_of=middle))
        timings["portfolio --as-of"].append(time.perf_counter() - started)
        started = time.perf_counter()
        history = ledger.queries.history(busiest)
        timings["item history"].append(time.perf_counter() - started)
        started = time.perf_counter()
        ledger.queries.item(busiest)
        timings["item show"].append(time.perf_counter() - started)
    ledger.close()
    return {
        "milliseconds": {k: statistics.median(v) * 1000 for k, v in timings.items()},
        "items_at_moment": len(at_moment),
        "history_length": len(history),
        "item": busiest,
        "active_item": active,
        "moment": middle.astimezone(UTC).isoformat(),
    }


def board_pack(url: str, out: str) -> dict[str, Any]:
    """The board pack as at today, as HTML, as ``report board-pack`` makes it (imports timed)."""
    started = time.perf_counter()
    from datetime import date

    from portfolio_ledger.bootstrap import open_ledger
    from portfolio_ledger.projections.read_side import ReadSide
    from portfolio_ledger.reports.assemble import PackOptions
    from portfolio_ledger.reports.assemble import board_pack as assemble
    from portfolio_ledger.reports.render import to_html

    ledger, models = open_ledger(url)
    models.catch_up()
    ready = time.perf_counter()
    pack = assemble(ReadSide(ledger, models), PackOptions(as_at=date.today()))  # noqa: DTZ011
    assembled = time.perf_counter()
    html = to_html(pack)
    Path(out).write_text(html, encoding="utf-8")
    seconds = time.perf_counter() - started
    ledger.close()
    Path(out).unlink()
    return {
        "seconds": seconds,
        "assemble_seconds": assembled - ready,
        "render_seconds": time.perf_counter() - assembled,
        "count": pack.summary.items,
        "exceptions": len(pack.exceptions),
        "decisions": len(pack.decisions),
        "html_bytes": len(html.encode("utf-8")),
    }


def peer_append(kind: str, path: str, file: str) -> dict[str, Any]:
    """The peer ``kind`` (see bench.peers) saving one event per line, a thousand at a time."""
    from bench import peers

    return peers.append(kind, path, file)


def peer_replay(kind: str, path: str) -> dict[str, Any]:
    """The peer ``kind`` replaying every event it saved."""
    from bench import peers

    return peers.replay(kind, path)


def portfolio_diff(url: str, repeats: str = "3") -> dict[str, Any]:
    """Median seconds of the ``portfolio diff`` computation: the middle of the history to now."""
    from sqlalchemy import func, select

    from portfolio_ledger.application.selection import Moment
    from portfolio_ledger.bootstrap import open_ledger
    from portfolio_ledger.projections import queries

    ledger, models = open_ledger(url)
    trail = models.audit_trail.table
    timings = []
    with models.reading() as session:
        first, last = session.execute(
            select(func.min(trail.c.recorded_at), func.max(trail.c.recorded_at))
        ).one()
        middle = Moment(as_of=first + (last - first) / 2)
        for _ in range(int(repeats)):
            started = time.perf_counter()
            changes = queries.diff(session, models, middle, Moment())
            timings.append(time.perf_counter() - started)
        items = len(queries.portfolio(session, models, Moment()))
    ledger.close()
    return {
        "seconds": statistics.median(timings),
        "all": timings,
        "changes": len(changes),
        "items": items,
    }


def rebuild_writes(url: str) -> dict[str, Any]:
    """The rebuild's writes alone, by the driver: see ``raw.rebuild_writes`` (SQLite only)."""
    from sqlalchemy.engine import make_url

    from bench import raw

    path = make_url(url).database
    assert path is not None, "an SQLite file's URL"
    return raw.rebuild_writes(path, Path(f"{path}.writes"))


OPERATIONS: dict[str, Callable[..., dict[str, Any]]] = {
    "rebuild_writes": rebuild_writes,
    "portfolio_diff": portfolio_diff,
    "peer_append": peer_append,
    "peer_replay": peer_replay,
    "bulk_append": bulk_append,
    "import_caught_up": import_caught_up,
    "rebuild": rebuild,
    "verify": verify,
    "export_csv": export_csv,
    "point_queries": point_queries,
    "board_pack": board_pack,
}


def peak_rss_mb() -> float:
    """This process's peak resident memory, in MB: VmHWM, which counts this program alone.

    getrusage's figure would also count the parent's memory at the moment it
    forked this process (Linux carries it across exec), which says nothing of
    the operation.
    """
    for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    """Run one operation and print its measurement, with its peak memory, as JSON."""
    operation, *args = sys.argv[1:]
    started = datetime.now(UTC)
    result = OPERATIONS[operation](*args)
    result["started"] = started.isoformat()
    result["peak_rss_mb"] = peak_rss_mb()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
