"""A workbook's number formatted in a currency with a locale's name after it ('[$€-x-euro2]').

Excel writes its euro formats ``[$€-x-euro2] #,##0.00`` (and ``[$$-en-US]`` for dollars):
a currency, then a locale named rather than numbered. Before, only a locale's number was
read past (``[$€-2]``), so ``[$€-x-euro2]`` named no currency and its ``$``, the bracket's
own, was read as a dollar: in a return of USD the euros were recorded as dollars, unsaid.
Now the currency is the one the bracket names, held against the mapping's as ever.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.behaviour.returns_mappings import PPM_EXPORT
from tests.behaviour.test_returns_refusals import refused
from tests.conftest import Cli

MAPPING = PPM_EXPORT


def _workbook(shown: str) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Project ID", "Project Name", "Portfolio", "Total Cost"])
    sheet.append(["PRJ001", "Cloud", "Infrastructure", 1234567.5])
    sheet["D2"].number_format = shown
    book.save("export.xlsx")
    return Path("export.xlsx").resolve()


def test_a_euro_format_naming_its_locale_is_refused_in_a_return_of_dollars(run: Cli) -> None:
    Path("mapping.toml").write_text(MAPPING, encoding="utf-8")

    message = " ".join(refused(run, _workbook("[$€-x-euro2] #,##0.00"), "--mapping",
                               "mapping.toml").split())  # fmt: skip

    assert "cell D2 holds 1234567.5 formatted in EUR ('[$€-x-euro2] #,##0.00')" in message


@pytest.mark.parametrize("shown", ["[$$-en-US]#,##0.00", "[$USD-en-US] #,##0.00"])
def test_a_dollar_format_naming_its_locale_is_read_in_a_return_of_dollars(
    run: Cli, shown: str
) -> None:
    Path("mapping.toml").write_text(MAPPING, encoding="utf-8")

    result = run("returns", "import", str(_workbook(shown)), "--mapping", "mapping.toml",
                 "--as-at", "2026-03-31", "--authority", "PMO", "--dry-run")  # fmt: skip

    assert result.exit_code == 0, result.output
    assert "whole-life cost USD 1,234,567.50" in result.output
