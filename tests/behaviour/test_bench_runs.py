"""``python -m bench`` runs from end to end, on both databases, and reports what it wrote.

The benchmark is how docs/performance.md's figures are made; it imports the
ledger's own modules, so a change to them can break it where no other test
looks (``audit export``'s rows moved once and the run stopped at the export
for days). mypy checks ``bench/`` too; this runs it, at a size small enough
for CI. No timing is asserted: only that every operation ran and counted
what it was given.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import Cli
from tests.pg_schemas import POSTGRES_ENV

ROOT = Path(__file__).resolve().parents[2]
SIZE = 100
REPEATS = 2  # rounds of the whole CLI processes' timings (11 by default): two show it is heeded
OPERATIONS = {
    "peers",
    "bulk append",
    "rebuild",
    "verify",
    "export csv",
    "board pack",
    "point queries",
    "portfolio diff",
    "CLI decision",
    "CLI reads",
    "recorded late",
}


def test_the_benchmark_runs_every_operation_and_counts_what_it_wrote(
    db_url: str, tmp_path: Path
) -> None:
    # db_url only chooses the database (and skips as every test does without the server's
    # URL): the benchmark makes a schema of its own from the test server's URL.
    db = "postgres" if db_url.startswith("postgresql") else "sqlite"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PORTFOLIO_LEDGER_")}
    if db == "postgres":
        env[POSTGRES_ENV] = os.environ[POSTGRES_ENV]
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    ran = subprocess.run(
        [
            *(sys.executable, "-m", "bench", "--db", db, "--sizes", str(SIZE)),
            *("--repeat", str(REPEATS), "--out", str(tmp_path)),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert ran.returncode == 0, ran.stderr[-3000:]
    assert "Traceback" not in ran.stderr, ran.stderr[-3000:]
    (figures,) = tmp_path.glob(f"*-{db}.json")
    (row,) = json.loads(figures.read_text(encoding="utf-8"))["rows"]
    assert row["db"] == db
    assert set(row) >= OPERATIONS, f"operations missing: {OPERATIONS - set(row)}"
    # The size it reports is the size it wrote, and each pass saw all of it.
    assert row["asked"] == SIZE
    written = row["size"]
    assert 0 < written <= SIZE
    for operation in ("bulk append", "verify", "export csv"):
        assert row[operation]["count"] == written, operation
    assert row["rebuild"]["count"] == written
    # The late reports' import may raise exceptions too (a forecast beyond a tolerance).
    late = row["recorded late"]
    assert late["import"]["count"] > 0
    assert late["rebuild"]["count"] >= written + late["import"]["count"]
    if db == "sqlite":
        for peer in ("es-sqlite", "es-sqlalchemy"):
            assert row["peers"][peer]["append"] > 0
            assert row["peers"][peer]["replay"] > 0
    # The table printed for docs/performance.md has a line for each measured operation.
    assert len(row["CLI decision"]["all"]) == REPEATS
    table = [line for line in ran.stdout.splitlines() if line.startswith(f"| {written:,} | {db} |")]
    assert len(table) >= 10, ran.stdout[-3000:]
    reads = row["CLI reads"]
    assert len(reads["listing_all"]) == REPEATS
    assert any("raw listing" in line for line in table), ran.stdout[-3000:]


def test_the_raw_listing_prints_the_bytes_portfolio_json_prints(run: Cli) -> None:
    # bench.listing is portfolio --json's floor: the same texts, in the same order, read by
    # the driver alone. A floor that printed less (or other) bytes would flatter the ledger.
    assert run("demo").exit_code == 0
    shown = run("portfolio", "--json").stdout_bytes
    env = {k: v for k, v in os.environ.items() if not k.startswith("PORTFOLIO_LEDGER_")}
    raw = subprocess.run(
        [sys.executable, "-m", "bench.listing", run.url],
        cwd=ROOT,
        env=env,
        capture_output=True,
        timeout=120,
        check=True,
    )
    assert raw.stdout == shown
    assert shown.count(b'"key"') > 10


def test_the_catalog_bench_runs_on_postgresql(postgres_url: str) -> None:
    # docs/performance.md's "Many ledgers in one PostgreSQL database" comes from it.
    env = {k: v for k, v in os.environ.items() if not k.startswith("PORTFOLIO_LEDGER_")}
    env[POSTGRES_ENV] = os.environ[POSTGRES_ENV]
    ran = subprocess.run(
        [sys.executable, "-m", "bench.catalog", "--others", "2", "--repeat", "3"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert ran.returncode == 0, ran.stderr[-3000:]
    lines = ran.stdout.splitlines()
    assert lines[0].startswith("alone: {'by name': ")
    assert lines[1].startswith("beside 2 other ledgers: {'by name': ")
