"""Decisions recorded at once under a role's serializable default are all recorded.

A role or database may make every transaction serializable
(``default_transaction_isolation='serializable'``). The ledger already puts appends
one after the other (its append lock), but two commands recording at once then
failed, one or the other, with *the database failed: could not serialize access due
to read/write dependencies among transactions*: four of six decisions made at once,
on 2026-12-07. Each connection now asks for read committed
(``storage/date_style.py``), as on a server left as installed, and the ledger's own
snapshot reads ask for more where they need it.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from portfolio_ledger.bootstrap import open_ledger
from tests.conftest import released_together

WRITER = textwrap.dedent(
    """
    import os, sys, time
    from pathlib import Path
    from portfolio_ledger.bootstrap import open_ledger
    from tests.builders import propose

    url, prefix, start_file = sys.argv[1], sys.argv[2], Path(sys.argv[3])
    ledger, projections = open_ledger(url)
    start_file.with_name(f"ready-{os.getpid()}").touch()
    while not start_file.exists():
        time.sleep(0.001)
    for number in range(15):
        ledger.handle(propose(f"{prefix}-{number}"))
        projections.catch_up()
    ledger.close()
    """
)


def _serializable(url: str) -> str:
    parsed = make_url(url)
    options = f"{parsed.query['options']} -cdefault_transaction_isolation=serializable"
    return parsed.update_query_dict({"options": options}).render_as_string(False)


@pytest.mark.postgres
def test_decisions_recorded_at_once_under_a_serializable_default_are_all_recorded(
    postgres_ledger_url: str, tmp_path: Path
) -> None:
    url = _serializable(postgres_ledger_url)
    start = tmp_path / "go"
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, url, prefix, str(start)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=Path(__file__).parents[2],
        )
        for prefix in ("A", "B", "C")
    ]
    released_together(writers, tmp_path, start)  # each exits 0, or its error fails here

    ledger, projections = open_ledger(url)
    try:
        assert ledger.event_count() == 45
        with projections.engine.connect() as connection:
            said = connection.execute(text("SHOW transaction_isolation")).scalar()
        assert said == "read committed"
    finally:
        ledger.close()
