"""A workbook's number formatted in a currency of another sign than £, € or $.

A Swedish or Danish office's sheet formats its money ``#,##0\\ "kr"``, a Japanese one
``[$¥-411]#,##0``, a South African one ``[$R-1C09]#,##0``: each cell shows its currency as
plainly as ``€1,200`` does. Before, only £, €, $ (and ISO codes) were read from a format, so
in a return of dollars 1,200 kronor, yen or rand were recorded as USD 1,200, unsaid. Now the
currency such a sign names is held against the mapping's, as a euro's is; and an escaped
letter alone (``\\P\\R\\J0000000``, an id's format) names none.
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
