"""Number settings from PORTFOLIO_LEDGER_* variables: taken as plain numbers, or refused."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from portfolio_ledger.application.errors import InvalidSetting
from portfolio_ledger.application.settings import (
    BULK_IMPORT_BYTES,
    LOCK_TIMEOUT,
    NumberSetting,
)
from portfolio_ledger.cli import cli
from portfolio_ledger.storage.datastore import lock_timeout


@pytest.mark.parametrize(
    ("setting", "raw", "value"),
    [
        (LOCK_TIMEOUT, "", 30.0),
        (LOCK_TIMEOUT, " 5 ", 5.0),
        (LOCK_TIMEOUT, "2.5", 2.5),
        (LOCK_TIMEOUT, ".5", 0.5),
        (BULK_IMPORT_BYTES, "0", 0),
        (BULK_IMPORT_BYTES, "1000", 1000),
        (BULK_IMPORT_BYTES, "", 16 * 1024 * 1024),
    ],
)
def test_a_plain_number_is_taken(
    monkeypatch: pytest.MonkeyPatch, setting: NumberSetting, raw: str, value: float
) -> None:
    monkeypatch.setenv(setting.variable, raw)
    assert setting.value() == value


@pytest.mark.parametrize(
    ("variable", "raw"),
    [
        ("PORTFOLIO_LEDGER_LOCK_TIMEOUT", "5s"),
        ("PORTFOLIO_LEDGER_LOCK_TIMEOUT", "-1"),
        ("PORTFOLIO_LEDGER_LOCK_TIMEOUT", "0"),
        ("PORTFOLIO_LEDGER_LOCK_TIMEOUT", "1e3"),
        ("PORTFOLIO_LEDGER_LOCK_TIMEOUT", "86400"),
        ("PORTFOLIO_LEDGER_LOCK_TIMEOUT", "nan"),
        ("PORTFOLIO_LEDGER_BULK_IMPORT_BYTES", "1e3"),
        ("PORTFOLIO_LEDGER_BULK_IMPORT_BYTES", "16MiB"),
        ("PORTFOLIO_LEDGER_BULK_IMPORT_BYTES", "-1"),
        ("PORTFOLIO_LEDGER_BULK_IMPORT_BYTES", "1000.5"),
        ("PORTFOLIO_LEDGER_BULK_IMPORT_BYTES", "\u0661\u0662"),  # Arabic-Indic digits
    ],
)
def test_anything_else_is_refused_before_the_command_starts(
    monkeypatch: pytest.MonkeyPatch, variable: str, raw: str
) -> None:
    _refused_before_the_command_starts(monkeypatch, variable, raw)


def test_a_number_of_thousands_of_digits_is_refused_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    raw = "1" * 5000  # past what Python reads as an int: a ValueError of its own
    result = CliRunner().invoke(cli, ["--version"], env={"PORTFOLIO_LEDGER_BULK_IMPORT_BYTES": raw})

    assert result.exit_code == 2, result.output
    assert "PORTFOLIO_LEDGER_BULK_IMPORT_BYTES='1111" in result.output
    assert "...' is not a setting the ledger can take" in result.output
    assert len(result.output) < 500


def _refused_before_the_command_starts(
    monkeypatch: pytest.MonkeyPatch, variable: str, raw: str
) -> None:
    result = CliRunner().invoke(
        cli, ["--db", "never.db", "items", "list"], env={variable: raw}, catch_exceptions=False
    )

    assert result.exit_code == 2, result.output
    assert f"{variable}={raw!r} is not a setting the ledger can take" in result.output
    assert "written as plain digits (e.g. " in result.output
    assert "Traceback" not in result.output
    monkeypatch.setenv(variable, raw)
    with pytest.raises(InvalidSetting, match=variable):
        (LOCK_TIMEOUT if "LOCK" in variable else BULK_IMPORT_BYTES).value()


def test_the_writer_waits_as_long_as_the_setting_says(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PORTFOLIO_LEDGER_LOCK_TIMEOUT", "2.5")
    assert lock_timeout() == 2.5
    monkeypatch.setenv("PORTFOLIO_LEDGER_LOCK_TIMEOUT", "2s")
    with pytest.raises(InvalidSetting):
        lock_timeout()
