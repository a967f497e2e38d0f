"""A zero as Excel's accounting format saves it to CSV (' $ -   '), and what the refusal offers.

A PPM export's money columns formatted *Accounting* show a zero as a dash, and a CSV saved
from them holds ``$-`` or ``$ -``. It is refused, as a dash may mean no figure; before, the
refusal offered only to spell it "withheld" or "not known", so an office that followed it
recorded its zero costs as figures not known. Now it offers "0" too, which reads it so.
"""

from __future__ import annotations

from pathlib import Path

from tests.behaviour.returns_mappings import PPM_EXPORT
from tests.behaviour.test_returns_refusals import refused, write
from tests.conftest import Cli

MAPPING = PPM_EXPORT


def _export() -> Path:
    header = "Project ID,Project Name,Portfolio,Total Cost"
    return write("export.csv", header, "PRJ001,Cloud,Infrastructure, $-   ",
                 'PRJ002,HR,Corporate," $1,250.00 "')  # fmt: skip


def test_a_dash_for_zero_is_refused_offering_zero_as_its_spelling(run: Cli) -> None:
    Path("mapping.toml").write_text(MAPPING, encoding="utf-8")

    message = " ".join(refused(run, _export(), "--mapping", "mapping.toml").split())

    assert (
        """[spellings.whole_life_cost] "$-" = "withheld" (a figure not published) or "not """
        """known" (none yet), or "0" if it is a zero, as an accounting format shows one"""
    ) in message


def test_a_dash_spelt_as_zero_is_read_as_zero(run: Cli) -> None:
    Path("mapping.toml").write_text(
        MAPPING + '\n[spellings.whole_life_cost]\n"$-" = "0"\n', encoding="utf-8"
    )

    result = run("returns", "import", str(_export()), "--mapping", "mapping.toml",
                 "--as-at", "2026-03-31", "--authority", "PMO", "--dry-run")  # fmt: skip

    assert result.exit_code == 0, result.output
    assert "whole-life cost USD 0;" in result.output
    assert "whole-life cost USD 1,250;" in result.output
