"""Opening a ledger in a PostgreSQL database that holds many other ledgers, a schema each.

``python -m bench.catalog --others 200`` (needs ``PORTFOLIO_LEDGER_TEST_POSTGRES_URL``)
makes a ledger with the demo in a schema of its own, then times, on one warm
connection, the two ways of asking which of the ledger's tables are there: by name
(``tables_present``, what every open and read asks) and by listing the schema's
tables (``table_names``, what it asked before), and a whole ``portfolio --json``
in this process. Then it makes ``--others`` more ledgers beside it, each in its
own schema, and times the same again. PostgreSQL has no index on a table's
schema, so a listing reads all of ``pg_class``, which holds every table, index and
sequence of every schema; a lookup by name reads its index. Medians of
``--repeat`` calls, in milliseconds. The schemas are dropped afterwards.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

from click.testing import CliRunner
from sqlalchemy import create_engine

from bench.schemas import drop_schema, postgres_url
from portfolio_ledger.bootstrap import open_ledger
from portfolio_ledger.cli import cli
from portfolio_ledger.projections.read_models import ReadModelTables
from portfolio_ledger.storage.search_path import table_names, tables_present


def _median_ms(call: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return round(statistics.median(times) * 1000, 2)


def measure(url: str, repeat: int) -> dict[str, float]:
    """The two lookups on one connection, and a whole read, each a median in ms."""
    names = ReadModelTables().table_names
    engine = create_engine(url)
    runner = CliRunner()
    try:
        with engine.connect() as connection:
            by_name = _median_ms(lambda: tables_present(connection, names), repeat)
            listing = _median_ms(lambda: table_names(connection), repeat)
    finally:
        engine.dispose()
    read = _median_ms(lambda: runner.invoke(cli, ["--db", url, "portfolio", "--json"]), repeat)
    return {"by name": by_name, "listing": listing, "portfolio --json": read}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--others", type=int, default=200, help="ledgers made beside it")
    parser.add_argument("--repeat", type=int, default=51, help="calls timed for each median")
    args = parser.parse_args()
    url = postgres_url()
    others: list[str] = []
    try:
        result = CliRunner().invoke(cli, ["--db", url, "demo"], env={"PORTFOLIO_LEDGER_ACTOR": "b"})
        assert result.exit_code == 0, result.output
        print(f"alone: {measure(url, args.repeat)}")
        for _ in range(args.others):
            others.append(postgres_url())
            open_ledger(others[-1])[0].close()
        print(f"beside {args.others} other ledgers: {measure(url, args.repeat)}")
    finally:
        for schema in [url, *others]:
            drop_schema(schema)


if __name__ == "__main__":
    main()
