"""The board pack's options: each bad one refused, naming it, and nothing written."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from portfolio_ledger.domain.errors import LedgerError
from tests.behaviour.board_pack.tools import Pack
from tests.conftest import Cli


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--out", "pack.txt"),
            (
                "pack.txt ends in .txt; a pack is written as HTML (.html), PDF (.pdf) or an "
                "Excel workbook (.xlsx)"
            ),
        ),
        (("--out", "no-such-folder/pack.html"), "the folder no-such-folder does not exist"),
        (("--as-at", "2026-02-30", "--out", "pack.html"), "'2026-02-30' is not a date"),
        (
            ("--since", "2999-01-01", "--out", "pack.html"),
            "--since 2999-01-01 is not before --as-at",
        ),
        (("--organisation", "NOPE", "--out", "pack.html"), "no item has organisation NOPE"),
        (("--organisation", "DDAT,NOPE", "--out", "pack.html"), "no item has organisation NOPE"),
        (
            ("--organisation", "DDAT", "--as-at", "2001-01-01", "--out", "pack.html"),
            "no item of DDAT as at 2001-01-01 on the effective clock; give a later --as-at",
        ),
        # On the recorded clock the day a board took effect is no answer; when it was recorded is.
        (
            ("--board", "IC", "--clock", "recorded", "--as-at", "2001-01-01", "--out", "x.html"),
            "board IC did not exist yet (as recorded at 2001-01-01T23:59:59Z)",
        ),
        (
            ("--board", "IC", "--clock", "recorded", "--as-at", "2001-01-01", "--out", "x.html"),
            " and was recorded 20",
        ),
        (("--rules", "missing.toml", "--out", "pack.html"), "'missing.toml' does not exist"),
        (
            ("--exceptions", "0", "--out", "pack.html"),
            "'0' is not how many to list: give a number from 1, or all",
        ),
        (
            ("--decisions", "many", "--out", "pack.html"),
            "'many' is not how many to list: give a number from 1, or all",
        ),
        ((), "say where to write the pack: --out FILE.html, FILE.pdf or FILE.xlsx"),
    ],
)
def test_a_bad_option_is_refused_and_nothing_is_written(
    pack: Pack, args: tuple[str, ...], message: str
) -> None:
    # --as-at once: given twice with different values it is refused for that alone.
    as_at = () if "--as-at" in args else ("--as-at", pack.today.isoformat())
    result = pack.run("report", "board-pack", *as_at, *args)
    assert result.exit_code in {1, 2}
    assert message in " ".join(result.output.split())
    assert "Traceback" not in result.output
    assert list(Path().iterdir()) == []  # the test's own empty folder: nothing written


def test_a_pack_into_no_folder_is_refused_as_every_out_is(pack: Pack) -> None:
    # Bad usage of --out, exit 2, as --out naming a folder is, on every command with --out
    # (test_out_folder_missing.py); tables and exports said exit 1 for it, found on writing.
    result = pack.run("report", "board-pack", "--as-at", pack.today.isoformat(),
                      "--out", "no-such-folder/pack.html")  # fmt: skip
    assert result.exit_code == 2, result.output
    assert "the folder no-such-folder does not exist" in result.output
    assert not Path("no-such-folder").exists()


def test_an_unwritable_place_is_refused(pack: Pack) -> None:
    # /proc takes no new files, whoever asks (root included, as in CI).
    result = pack.run("report", "board-pack", "--as-at", pack.today.isoformat(),
                      "--out", "/proc/pack.html")  # fmt: skip
    assert result.exit_code == 1, result.output  # the file system's refusal, as on every --out
    said = " ".join(result.output.split())
    assert "cannot write /proc/pack.html" in said
    assert "nothing was written" in said
    assert not Path("/proc/pack.html").exists()


def test_a_folder_this_user_may_not_write_is_the_file_system_s_refusal(
    pack: Pack, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Exit 1, as every --out's (docs/concepts.md, "Errors and exit codes"): the pack's own
    # check before its work said it as bad usage, exit 2, in the wording of no other --out.
    locked = Path("locked")
    locked.mkdir()
    access = os.access  # root may write anywhere: the folder is one this user may not

    def denied(path: Any, mode: int, **kwargs: Any) -> bool:
        return not (Path(path) == locked and mode & os.W_OK) and access(path, mode, **kwargs)

    monkeypatch.setattr(os, "access", denied)
    result = pack.run("report", "board-pack", "--as-at", pack.today.isoformat(),
                      "--out", "locked/pack.html")  # fmt: skip
    assert result.exit_code == 1, result.output
    said = " ".join(result.output.split())
    assert "cannot write locked/pack.html: Permission denied; nothing was written" in said
    assert "check that you may write it, or choose another --out" in said
    assert list(locked.iterdir()) == []


def test_an_organisation_items_had_at_as_at_but_have_left_since_is_not_refused(
    run: Cli, tmp_path: Path
) -> None:
    # A pack as at a day before a transfer is of the organisation the item had then: the
    # same command made (or recorded) before the transfer must still make the same pack.
    for args in (
        ("item", "onboard", "PRJ-1", "--title", "Payroll", "--organisation", "OLD",
         "--category", "Corporate", "--authority", "Baseline", "-m", "Onboarded",
         "--effective-date", "2026-06-01"),
        ("item", "transfer", "PRJ-1", "--to", "NEW", "-m", "Machinery of government",
         "--effective-date", "2026-10-01"),
    ):  # fmt: skip
        assert run(*args).exit_code == 0
    before = ("report", "board-pack", "--as-at", "2026-09-30", "--json")
    made = run(*before, "--organisation", "old")
    assert made.exit_code == 0, made.output
    assert [r["label"] for r in json.loads(made.stdout)["summary"]["by_organisation"]] == ["OLD"]
    # One no item had, then or now, is still refused, naming both.
    refused = run(*before, "--organisation", "OLD,NOPE")
    assert refused.exit_code == 1
    assert "no item has organisation NOPE; organisations in the ledger: NEW, OLD" in refused.output


def test_pack_options_name_the_options_a_period_breaks() -> None:
    # The command line checks --since first; PackOptions, made by a program, says the same.
    from portfolio_ledger.reports.assemble import PackOptions

    with pytest.raises(LedgerError, match="--since 2026-06-30 is not before --as-at 2026-06-30"):
        PackOptions(as_at=date(2026, 6, 30), since=date(2026, 6, 30))


def test_an_out_that_names_a_folder_is_refused_saying_to_name_a_file(pack: Pack) -> None:
    """``--out reports.pdf``, a folder, said only *File 'reports.pdf' is a directory.*"""
    Path("reports.pdf").mkdir()

    result = pack.run("report", "board-pack", "--as-at", pack.today.isoformat(),
                      "--out", "reports.pdf")  # fmt: skip

    assert result.exit_code == 2, result.output
    said = " ".join(result.output.split())
    assert "--out': reports.pdf is a folder, not a file: give the path of a file" in said
    assert list(Path("reports.pdf").iterdir()) == []
