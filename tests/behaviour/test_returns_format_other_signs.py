"""A workbook's number formatted in a currency of another sign than £, € or $.

A Swedish or Danish office's sheet formats its money ``#,##0\\ "kr"``, a Japanese one
``[$¥-411]#,##0``, a South African one ``[$R-1C09]#,##0``: each cell shows its currency as
plainly as ``€1,200`` does. Before, only £, €, $ (and ISO codes) were read from a format, so
in a return of dollars 1,200 kronor, yen or rand were recorded as USD 1,200, unsaid. Now the
currency such a sign names is held against the mapping's, as a euro's is; and an escaped
letter alone (``\\P\\R\\J0000000``, an id's format) names none. A cell's text written with
such a sign (``¥1,200``, ``₹12,00,000``), refused as no amount before, is read in a return of
its currency and refused naming it in another.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.behaviour.test_returns_format_currency_locale import MAPPING, _workbook
from tests.behaviour.test_returns_refusals import refused
from tests.conftest import Cli


@pytest.mark.parametrize(
    ("shown", "named"),
    [
        ('#,##0.00\\ "kr"', "a currency its sign may be (SEK, NOK, DKK, ISK)"),
        ("[$¥-411]#,##0", "a currency its sign may be (JPY, CNY)"),
        ("¥#,##0", "a currency its sign may be (JPY, CNY)"),
        ("[$R-1C09]#,##0.00", "ZAR"),
        ('#,##0.00\\ "zł"', "PLN"),
        ("[$₹-4009]#,##0", "INR"),
    ],
)
def test_a_format_in_another_sign_is_refused_in_a_return_of_dollars(
    run: Cli, shown: str, named: str
) -> None:
    Path("mapping.toml").write_text(MAPPING, encoding="utf-8")

    message = " ".join(refused(run, _workbook(shown), "--mapping", "mapping.toml").split())

    assert f"cell D2 holds 1234567.5 formatted in {named} ({shown!r})" in message
    assert "recorded as USD 1234567.5" in message


@pytest.mark.parametrize(("shown", "currency"), [('#,##0\\ "kr"', "SEK"), ("[$¥-411]#,##0", "JPY")])
def test_a_format_in_the_mapping_s_own_sign_is_read(run: Cli, shown: str, currency: str) -> None:
    Path("mapping.toml").write_text(MAPPING.replace('"USD"', f'"{currency}"'), encoding="utf-8")

    result = run("returns", "import", str(_workbook(shown)), "--mapping", "mapping.toml",
                 "--as-at", "2026-03-31", "--authority", "PMO", "--dry-run")  # fmt: skip

    assert result.exit_code == 0, result.output
    assert f"whole-life cost {currency} 1,234,567.50" in result.output


def test_an_escaped_letter_alone_names_no_currency(run: Cli) -> None:
    Path("mapping.toml").write_text(MAPPING, encoding="utf-8")

    result = run("returns", "import", str(_workbook("#,##0.00 \\R")), "--mapping", "mapping.toml",
                 "--as-at", "2026-03-31", "--authority", "PMO", "--dry-run")  # fmt: skip

    assert result.exit_code == 0, result.output
    assert "whole-life cost USD 1,234,567.50" in result.output


def _written(cost: str) -> Path:
    Path("export.csv").write_text(
        f'Project ID,Project Name,Portfolio,Total Cost\nPRJ001,Cloud,Infrastructure,"{cost}"\n',
        encoding="utf-8",
    )
    return Path("export.csv").resolve()


@pytest.mark.parametrize(
    ("cost", "currency", "read"),
    [("¥1,200", "JPY", "JPY 1,200"), ("₹12,00,000", "INR", "INR 1,200,000")],
)
def test_a_cell_written_with_its_own_sign_is_read_in_a_return_of_that_currency(
    run: Cli, cost: str, currency: str, read: str
) -> None:
    # A Japanese or Indian office's amounts were refused as 'not an amount', sign and all.
    Path("mapping.toml").write_text(MAPPING.replace('"USD"', f'"{currency}"'), encoding="utf-8")

    result = run("returns", "import", str(_written(cost)), "--mapping", "mapping.toml",
                 "--as-at", "2026-03-31", "--authority", "PMO", "--dry-run")  # fmt: skip

    assert result.exit_code == 0, result.output
    assert f"whole-life cost {read};" in result.output


def test_a_cell_written_with_another_sign_is_refused_naming_its_currency(run: Cli) -> None:
    Path("mapping.toml").write_text(MAPPING, encoding="utf-8")

    message = " ".join(refused(run, _written("₹12,00,000"), "--mapping", "mapping.toml").split())

    assert "cell D2: '₹12,00,000' is in INR; this return's money is USD" in message
