"""An item whose text reads as a formula's error (``#N/A``), or as characters lost or misread
(``Bia?ystok``, ``CafÃ©``), exports and reads back unchanged.

The ledger takes ``#N/A`` as a title, an owner or an organisation (a register's lookup that
found nothing, imported as text). ``portfolio export`` wrote it as it is, and reading the
export back refused every such cell as a formula's error saved as text (*cell B2 holds the
error #N/A, a formula's, saved as text; put right the formula ...*), so the pre-filled return
of that portfolio could never be read back, nor sent out; so with a title ``Bia?ystok`` (as
Excel's CSV (Comma delimited) loses ``ł``) or ``CafÃ©`` (UTF-8 read as Windows-1252), which
the ledger holds as written, refused as characters lost, in a workbook too. Found by a
hypothesis round trip of hostile texts (tests/reliability/test_hostile_round_trip.py): the
export now marks such text as it marks a formula, one ``'`` in front, and reading the return
takes it off again (and holds no text it marked to be misread).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Cli

TEXTS = {"title": "#N/A", "owner": "#REF!", "category": "#VALUE!", "organisation": "Err:502",
         "sponsor": " #NAME? "}  # fmt: skip
LOOKALIKES = {"title": "Bia?ystok", "owner": "?tautahi", "category": "Corporate",
              "organisation": "CafÃ© Society", "sponsor": "Veteransâ€™ Affairs"}  # fmt: skip


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
@pytest.mark.parametrize("texts", [TEXTS, LOOKALIKES], ids=["errors", "lost"])
def test_text_spelt_as_a_formula_s_error_reads_back_as_no_change(
    run: Cli, suffix: str, texts: dict[str, str]
) -> None:
    onboarded = run(
        "item", "onboard", "NA-1", "--kind", "project", "--stage", "in delivery",
        *(arg for field, text in texts.items() for arg in (f"--{field}", text)),
        "--authority", "PMO", "-m", "Imported.", "--effective-date", "2026-09-30",
    )  # fmt: skip
    assert onboarded.exit_code == 0, onboarded.output
    exported = run("portfolio", "export", "--out", f"out.{suffix}", "--effective-on", "2026-09-30")
    assert exported.exit_code == 0, exported.output

    again = run("returns", "import", f"out.{suffix}", "--as-at", "2026-09-30",
                "--authority", "PMO", "--dry-run")  # fmt: skip

    assert again.exit_code == 0, again.output
    assert "0 new, 0 changed, 1 unchanged" in again.output


def test_a_return_s_own_error_text_or_lost_character_is_still_refused(run: Cli) -> None:
    Path("typed.csv").write_text(
        "key,title,kind,organisation,category,owner,sponsor,stage,whole_life_cost,"
        "forecast_cost,rag\nNA-2,#N/A,project,CORP,Corporate,Bia?ystok,Bo,in delivery,,,\n",
        encoding="utf-8",
    )

    refused = run("returns", "import", "typed.csv", "--as-at", "2026-09-30",
                  "--authority", "PMO", "--dry-run")  # fmt: skip

    assert refused.exit_code == 2, refused.output
    assert "cell B2 holds the error #N/A, a formula's, saved as text" in refused.output
    assert "cell F2: 'Bia?ystok' has a '?' where a name or a status has none" in refused.output


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_a_rating_the_mapping_spells_as_an_error_reads_back_as_no_change(
    run: Cli, suffix: str
) -> None:
    mapping = Path("lookups.toml")
    mapping.write_text(
        '[columns]\nkey = "Ref"\ntitle = "Project"\nrag = "DCA"\n'
        '[spellings.rag]\n"#N/A" = "not assessed"\n'
        '[defaults]\nkind = "project"\nstage = "in delivery"\ncategory = "Corporate"\n',
        encoding="utf-8",
    )
    Path("q3.csv").write_text("Ref,Project,DCA\nP-1,Alpha,Green\nP-2,#N/A,#N/A\n", "utf-8")
    options = ("--mapping", str(mapping), "--as-at", "2026-09-30", "--authority", "PMO")
    first = run("returns", "import", "q3.csv", *options)
    assert first.exit_code == 2, first.output  # the title #N/A is the return's own error
    Path("q3.csv").write_text("Ref,Project,DCA\nP-1,Alpha,Green\nP-2,Beta,#N/A\n", "utf-8")
    assert run("returns", "import", "q3.csv", *options).exit_code == 0
    amended = run("item", "amend", "P-2", "--title", "#N/A", "-m", "As the register names it.",
                  "--effective-date", "2026-09-30")  # fmt: skip
    assert amended.exit_code == 0, amended.output
    exported = run("portfolio", "export", "--out", f"out.{suffix}", "--mapping", str(mapping),
                   "--effective-on", "2026-09-30")  # fmt: skip
    assert exported.exit_code == 0, exported.output

    again = run("returns", "import", f"out.{suffix}", *options, "--dry-run")

    assert again.exit_code == 0, again.output
    assert "0 new, 0 changed, 2 unchanged" in again.output
