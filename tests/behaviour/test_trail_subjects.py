"""``--item KEY`` finds every subject's events by its key: people's (lower case) as boards'."""

from __future__ import annotations

import json
from pathlib import Path

from portfolio_ledger.application.ledger import PortfolioLedger
from tests.builders import governance
from tests.conftest import Cli


def positions(run: Cli, *args: str) -> list[int]:
    result = run("audit", "trail", *args, "--json")
    assert result.exit_code == 0, result.output
    return [row["position"] for row in json.loads(result.stdout)]


def test_a_persons_key_in_any_case_finds_their_records(
    ledger: PortfolioLedger, run: Cli, tmp_path: Path
) -> None:
    governance(ledger)
    everything = json.loads(run("audit", "trail", "--json").stdout)
    registered = [row["position"] for row in everything if row["subject"] == "hcarter"]
    board = [row["position"] for row in everything if row["subject"] == "IC"]

    assert registered
    for key in ("hcarter", "HCARTER", "HCarter"):
        assert positions(run, "--item", key) == registered, key
    assert positions(run, "--item", "ic") == board

    out = tmp_path / "hcarter.csv"
    exported = run("audit", "export", "--item", "hcarter", "--out", str(out))
    assert exported.exit_code == 0, exported.output
    manifest = json.loads(Path(f"{out}.manifest.json").read_text(encoding="utf-8"))
    assert manifest["rows"] == len(registered)
    checked = run("audit", "verify-export", str(out))
    assert checked.exit_code == 0, checked.output


def test_a_key_two_subjects_share_in_any_case_finds_the_one_spelt_so_and_never_both(
    ledger: PortfolioLedger, run: Cli
) -> None:
    """A person 'ic' beside the board IC: 'ic' is the person, 'IC' the board, 'Ic' is asked."""
    governance(ledger)
    added = run("person", "add", "ic", "--name", "Ian Cole", "-m", "Registered", "--json")
    assert added.exit_code == 0, added.output
    everything = json.loads(run("audit", "trail", "--json").stdout)
    person = [row["position"] for row in everything if row["subject"] == "ic"]
    board = [row["position"] for row in everything if row["subject"] == "IC"]

    assert positions(run, "--item", "ic") == person
    assert positions(run, "--item", "IC") == board
    asked = run("audit", "trail", "--item", "Ic")
    assert asked.exit_code == 1, asked.output
    assert "Ic is the key of the board IC and the person ic" in asked.output
    assert "Traceback" not in asked.output
