"""A ledger whose item texts were written before corrective actions and dependencies is rebuilt.

``item show``'s text of each item is kept in ``portfolio_items_shown``, and
``audit verify --read-models`` holds it against the events. The text gained
``open_corrective_actions`` and ``dependencies``: a ledger made before kept
texts without them, which the check then called changed behind the ledger's
back (exit 1, "the read models are not" intact) though nothing was.
"""

from __future__ import annotations

import json

from sqlalchemy import create_engine, text

from portfolio_ledger.storage.urls import normalise_url
from tests.conftest import Cli

NEW = ("open_corrective_actions", "dependencies")


def as_written_before(url: str) -> None:
    """The texts as the version before wrote them, tracked as it tracked them (v9)."""
    engine = create_engine(normalise_url(url))
    try:
        with engine.begin() as connection:
            for item_id, shown in connection.execute(
                text("SELECT item_id, shown FROM portfolio_items_shown")
            ).all():
                record = {k: v for k, v in json.loads(shown).items() if k not in NEW}
                connection.execute(
                    text("UPDATE portfolio_items_shown SET shown = :shown WHERE item_id = :id"),
                    {"shown": json.dumps(record, separators=(",", ":")), "id": item_id},
                )
            connection.execute(
                text(
                    "UPDATE portfolio_ledger_tracking SET application_name = 'portfolio_items@v9' "
                    "WHERE application_name LIKE 'portfolio_items@v%'"
                )
            )
    finally:
        engine.dispose()


def test_texts_written_before_are_made_afresh_not_called_changed(run: Cli) -> None:
    proposed = run("item", "propose", "PRJ-1", "--kind", "project", "--title", "Payroll",
                   "--owner", "Dana", "--sponsor", "CFO", "--category", "C",
                   "-m", "Needed")  # fmt: skip
    assert proposed.exit_code == 0, proposed.output
    as_written_before(run.url)

    check = run("audit", "verify", "--read-models")
    shown = run("item", "show", "PRJ-1", "--json")

    assert check.exit_code == 0, check.output
    assert json.loads(shown.output)["dependencies"] == {}
