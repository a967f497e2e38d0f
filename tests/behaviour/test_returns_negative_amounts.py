"""A negative amount as PPM tools and accounting systems write one, refused saying it is negative.

An export's money columns write a negative with a minus before a currency's sign
(``-$12,000``, ``-USD 12,000``, 12,000 after the minus sign U+2212), after the number
(``12,000-``, ``$12,000-``, as SAP and other ledgers write one) or in brackets around a sign
(``($12,000)``). Before, each was refused as "not an amount", saying to write a number, as
if it were a word; and ``(12,000)``, named as an accountant's negative, said no fix. Now each
is named as negative, with what to do: a column of differences is mapped to no figure.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.behaviour.returns_mappings import PPM_EXPORT
from tests.behaviour.test_returns_refusals import refused, write
from tests.conftest import Cli

MAPPING = PPM_EXPORT
FIX = (
    "an amount of money is zero or more: give the figure as an amount of zero or more, or, if "
    "the column holds differences (a variance or a saving, which may be negative), map no "
    "money figure to it (list it in the mapping's ignore)"
)


@pytest.mark.parametrize(
    ("cell", "how"),
    [
        ('"-$12,000"', "negative, its minus before it"),
        ("-USD 12000", "negative, its minus before it"),
        ("\u221212000", "negative, its minus before it"),
        ("-1.2M", "negative, its minus before it"),
        ('"12,000-"', "negative, its minus after it, as an accounting system writes one"),
        ('"$12,000-"', "negative, its minus after it, as an accounting system writes one"),
        ('"($12,000)"', "in brackets, an accountant's negative"),
        ('"$(12,000.00)"', "in brackets, an accountant's negative"),
    ],
)
def test_a_negative_amount_is_refused_as_negative_saying_what_to_do(
    run: Cli, cell: str, how: str
) -> None:
    Path("mapping.toml").write_text(MAPPING, encoding="utf-8")
    path = write("export.csv", "Project ID,Project Name,Portfolio,Total Cost",
                 f"PRJ001,Cloud,Infrastructure,{cell}")  # fmt: skip

    message = " ".join(refused(run, path, "--mapping", "mapping.toml").split())

    assert f"cell D2: '{cell.strip(chr(34))}' is {how}; {FIX}" in message


def test_a_zero_written_with_a_minus_is_zero(run: Cli) -> None:
    Path("mapping.toml").write_text(MAPPING, encoding="utf-8")
    path = write("export.csv", "Project ID,Project Name,Portfolio,Total Cost",
                 "PRJ001,Cloud,Infrastructure,-0.00")  # fmt: skip

    result = run("returns", "import", str(path), "--mapping", "mapping.toml",
                 "--as-at", "2026-03-31", "--authority", "PMO")  # fmt: skip

    assert result.exit_code == 0, result.output
    assert "whole-life cost USD 0" in result.output


@pytest.mark.parametrize("cell", ["TBC (2027)", "(note 3)", "TBC - 2026", "est. (1000)"])
def test_a_word_with_a_number_in_brackets_or_after_a_dash_is_not_called_negative(
    run: Cli, cell: str
) -> None:
    Path("mapping.toml").write_text(MAPPING, encoding="utf-8")
    path = write("export.csv", "Project ID,Project Name,Portfolio,Total Cost",
                 f"PRJ001,Cloud,Infrastructure,{cell}")  # fmt: skip

    message = " ".join(refused(run, path, "--mapping", "mapping.toml").split())

    assert f"cell D2: '{cell}' is not an amount" in message
    assert "negative" not in message


@pytest.mark.parametrize("cell", ["(0.00)", '"$(0.00)"', "\u22120", "-USD 0"])
def test_a_zero_in_brackets_or_after_a_minus_sign_is_zero(run: Cli, cell: str) -> None:
    # Before: e231fc5 passed a zero so written over as no negative, then refused it as
    # 'not an amount' (and '(0.00)', a small negative rounded, as an accountant's negative).
    Path("mapping.toml").write_text(MAPPING, encoding="utf-8")
    path = write("export.csv", "Project ID,Project Name,Portfolio,Total Cost",
                 f"PRJ001,Cloud,Infrastructure,{cell}")  # fmt: skip

    result = run("returns", "import", str(path), "--mapping", "mapping.toml",
                 "--as-at", "2026-03-31", "--authority", "PMO")  # fmt: skip

    assert result.exit_code == 0, result.output
    assert "whole-life cost USD 0" in result.output
