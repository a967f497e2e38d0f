"""Big tables as users wait for them: ``python -m bench.tables``.

Builds (once, in ``--work``) a ledger of 100,000 decisions on 10,000 items
through ``portfolio-ledger import``, then times each listing as a whole
process, output piped to a file as a script or a pager would take it: the
table, JSON, CSV and xlsx at 10,000 rows, beside ``--limit 0`` (the same
command without the rendering) and the interpreter's floors
(``python -c pass``, ``python -c "import sqlalchemy"``). Prints a markdown
table of the median and best of ``--repeats`` runs.

    python -m bench.tables --work /tmp/pl-tables
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench import generate
from bench.__main__ import compile_package

EVENTS = 100_000
"""Gives 10,000 items (the generator's cap) with ten decisions each."""
TRAIL_ROWS = "10000"
LIMIT = 1.0
"""Issue 18's target for a table of 10,000 rows, as a whole process, in seconds."""


def commands(work: Path) -> dict[str, list[str]]:
    """What is timed: a name and its command line (``PL`` is the ledger's CLI)."""
    out = str(work / "out")
    return {
        "python -c pass": [sys.executable, "-c", "pass"],
        "python -c 'import sqlalchemy'": [sys.executable, "-c", "import sqlalchemy"],
        "portfolio --limit 0": ["PL", "portfolio", "--limit", "0"],
        "portfolio (table)": ["PL", "portfolio"],
        "portfolio --json": ["PL", "portfolio", "--json"],
        "portfolio --format csv": ["PL", "portfolio", "--format", "csv"],
        "portfolio --out FILE.xlsx": ["PL", "portfolio", "--out", f"{out}.xlsx"],
        "items list (table)": ["PL", "items", "list"],
        "audit trail --limit 10000 (table)": ["PL", "audit", "trail", "--limit", TRAIL_ROWS],
        "portfolio diff --effective (table)": [
            "PL", "portfolio", "diff", "2000-01-01", "2100-01-01", "--effective",
        ],
        "economics": ["PL", "economics"],
    }  # fmt: skip


def build(work: Path) -> Path:
    """The ledger of 10,000 items, made once and kept for later runs."""
    ledger = work / "ledger.db"
    if ledger.exists():
        return ledger
    work.mkdir(parents=True, exist_ok=True)
    decisions = work / "decisions.jsonl"
    generate.write(decisions, EVENTS)
    for args in (["init"], ["import", str(decisions)]):
        subprocess.run([cli(), "--db", str(ledger), *args], check=True, stdout=subprocess.DEVNULL)
    return ledger


def cli() -> str:
    """The ``portfolio-ledger`` script beside this interpreter."""
    found = shutil.which("portfolio-ledger", path=str(Path(sys.executable).parent))
    if found is None:
        raise SystemExit("portfolio-ledger is not installed beside this Python")
    return found


def timed(argv: list[str], ledger: Path, repeats: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU (user + system) seconds of each run, output to a file.

    CPU time is given too because the machine is shared: under load, wall
    time includes waiting for a core.
    """
    argv = [cli(), "--db", str(ledger), *argv[1:]] if argv[0] == "PL" else argv
    wall, cpu = [], []
    with (ledger.parent / "stdout").open("wb") as sink:
        for _ in range(repeats):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.perf_counter()
            subprocess.run(argv, check=True, stdout=sink, stderr=subprocess.DEVNULL)
            wall.append(time.perf_counter() - started)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return wall, cpu


def main() -> None:
    """Build the ledger if need be, time each command, print the table."""
    parser = argparse.ArgumentParser(prog="python -m bench.tables", description=__doc__)
    parser.add_argument("--work", type=Path, required=True, help="a folder for the ledger")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    ledger = build(args.work)
    compile_package()  # the ledger's modules as bytecode, as installed (see bench.__main__)
    timed(["PL", "portfolio", "--limit", "0"], ledger, 1)  # read models caught up, caches warm
    print("| command (10,000 items) | wall, median | wall, best | CPU, median | target |")
    print("| --- | ---: | ---: | ---: | --- |")
    for name, argv in commands(args.work).items():
        wall, cpu = timed(argv, ledger, args.repeats)
        median, best = statistics.median(wall), min(wall)
        target = ""
        if "(table)" in name:
            target = f"< {LIMIT:.0f} s ({'met' if median < LIMIT else '**missed**'})"
        print(
            f"| `{name}` | {median:.2f} s | {best:.2f} s | {statistics.median(cpu):.2f} s "
            f"| {target} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
