"""``organisation list`` while another process records: the list and the counts of one record.

``organisation list`` reads the ledger's list of organisations from its events,
then the items each organisation has from the read models. Each was a read of
its own: an organisation added to the list, then an item proposed in it, both
recorded between the two, showed the item counted under an organisation not on
the list, which the ledger never held (the item was proposed after it was
added). The interleaving is forced: another ledger records the moment the list
has been read.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from portfolio_ledger.application import commands as c
from portfolio_ledger.application.queries import EventQueries
from portfolio_ledger.storage.snapshot import hold_snapshot
from tests.builders import propose, who
from tests.conftest import Cli
from tests.reliability.conftest import record_elsewhere, recorded_on_first_call


def _listed(key: str, name: str) -> c.AddOrganisation:
    return c.AddOrganisation(key=key, name=name, **who(authority=None))


@pytest.mark.parametrize("caught_up", [True, False], ids=["caught up", "left behind"])
def test_an_organisation_added_and_an_item_proposed_in_it_meanwhile_are_both_listed_or_neither(
    run: Cli, monkeypatch: pytest.MonkeyPatch, caught_up: bool
) -> None:
    record_elsewhere(
        run.url,
        _listed("DFE", "Department for Education"),
        propose("PRJ-001", organisation="DFE"),
    )
    meanwhile: list[c.Command | c.AddOrganisation] = [
        _listed("DWP", "Department for Work and Pensions"),
        propose("PRJ-002", organisation="DWP"),
    ]
    asked = recorded_on_first_call(
        monkeypatch,
        EventQueries,
        "organisations",
        lambda: record_elsewhere(run.url, *meanwhile, caught_up=caught_up),
        after=True,
    )

    result = run("organisation", "list", "--json")
    everything = run("organisation", "list", "--json")

    assert result.exit_code == 0, result.output
    assert asked  # the other process recorded between the list and the counts
    rows = [(r["key"], r["listed"], r["items"]) for r in json.loads(result.stdout)]
    before = [("DFE", True, 1)]
    after = [*before, ("DWP", True, 1)]
    assert rows in (before, after)  # not DWP's item counted under no listed organisation
    assert [(r["key"], r["listed"], r["items"]) for r in json.loads(everything.stdout)] == after


def test_decisions_recorded_as_the_read_models_are_caught_up_are_read_with_them_or_not_at_all(
    run: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Recorded between the reader's catch-up and its snapshot, the other's read models behind.

    The snapshot then held the events (the list) but not the read models' rows for them
    (the counts): DWP, added after PRJ-002 was proposed in DFE, listed while PRJ-002 was
    not counted. The read models are caught up again and the snapshot taken again.
    """
    record_elsewhere(
        run.url,
        _listed("DFE", "Department for Education"),
        propose("PRJ-001", organisation="DFE"),
    )
    meanwhile: list[c.Command | c.AddOrganisation] = [
        propose("PRJ-002", organisation="DFE"),
        _listed("DWP", "Department for Work and Pensions"),
    ]
    asked = list[bool]()

    def recorded_first(connection: Any, tables: Any = ()) -> None:
        if not asked:
            asked.append(True)
            record_elsewhere(run.url, *meanwhile, caught_up=False)
        hold_snapshot(connection, tables)

    # The read models' snapshot, taken once they are caught up (projections/runner.py).
    monkeypatch.setattr("portfolio_ledger.projections.runner.hold_snapshot", recorded_first)

    result = run("organisation", "list", "--json")

    assert result.exit_code == 0, result.output
    assert asked
    rows = [(r["key"], r["listed"], r["items"]) for r in json.loads(result.stdout)]
    assert rows in ([("DFE", True, 1)], [("DFE", True, 2), ("DWP", True, 0)])
