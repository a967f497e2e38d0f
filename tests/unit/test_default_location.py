"""Tests keep away from the user's own ledger: the default location is the test's own."""

from __future__ import annotations

from pathlib import Path

from portfolio_ledger.cli.context import default_database_path
from portfolio_ledger.cli.keyfiles import default_signing_key
from tests.conftest import Cli


def test_the_default_ledger_and_key_of_a_test_are_in_its_own_folder(tmp_path: Path) -> None:
    assert default_database_path().is_relative_to(tmp_path)
    assert default_signing_key().is_relative_to(tmp_path)


def test_an_empty_database_setting_writes_the_tests_own_default_ledger(tmp_path: Path) -> None:
    result = Cli("")("init")

    assert result.exit_code == 0, result.output
    assert default_database_path().is_file()
    assert default_database_path().is_relative_to(tmp_path)
