"""A checkpoint row in the ledger's table whose columns do not agree with its note is forged.

The ledger keeps each checkpoint it signs as a row: ``tree_size``,
``key_id``, ``note`` (docs/verification.md, "Signed checkpoints"). A row
changed through SQL so that its ``tree_size`` is not its note's size (a
checkpoint of 18 events filed as one of 25), or whose note is not a
checkpoint at all, is named by ``audit verify`` as a *forged checkpoint*
at the row's size, with or without the verifier key, never taken for the
one the ledger signed at that size, nor for "the checkpoint given"; and
``audit export`` does not put it in a manifest as the checkpoint there. The
signing setting (``portfolio_ledger_settings``) changed to a value no command
writes is named at the next write and by ``audit export``, not read as "never".
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.behaviour.test_proofs import Signed, kept, signed_ledger, size_of
from tests.behaviour.test_tamper import first_part, second_part, tampering
from tests.conftest import Cli


@pytest.fixture
def signed(run: Cli, tmp_path: Path) -> Signed:
    """Eighteen events, a key, a checkpoint; more events, another checkpoint."""
    return signed_ledger(run, tmp_path, first_part, second_part)


def _relabel(signed: Signed) -> tuple[int, int]:
    """Delete the latest kept row, and file the one before under its size."""
    first, latest = (size_of(path) for path in signed.checkpoints)
    assert kept(signed.run.url) == [first, latest]
    with tampering(signed.run.url) as connection:
        connection.execute(
            text("DELETE FROM portfolio_ledger_checkpoints WHERE tree_size = :n"), {"n": latest}
        )
        connection.execute(
            text("UPDATE portfolio_ledger_checkpoints SET tree_size = :n WHERE tree_size = :o"),
            {"n": latest, "o": first},
        )
    return first, latest


def test_a_checkpoint_row_filed_under_another_size_is_a_forged_checkpoint(
    signed: Signed,
) -> None:
    first, latest = _relabel(signed)

    for result in (signed.run("audit", "verify"), signed.verify()):
        assert result.exit_code == 1, result.output
        assert f"FAILED at position {latest}: forged checkpoint" in result.output
        assert f"of {latest} events" in result.output
        assert f"of {first} events" in result.output


def test_an_export_does_not_take_a_relabelled_row_for_the_checkpoint_at_its_position(
    signed: Signed, tmp_path: Path
) -> None:
    _relabel(signed)
    out = tmp_path / "trail.jsonl"

    result = signed.run("audit", "export", "--out", str(out))  # no signing key at hand

    if result.exit_code == 0:  # exported without a checkpoint, and said so
        manifest = json.loads(Path(f"{out}.manifest.json").read_text(encoding="utf-8"))
        assert manifest["checkpoint"] is None
    else:
        assert result.exit_code == 1, result.output
        assert "forged checkpoint" in result.output or "audit verify" in result.output
        assert not out.exists()
    assert "Internal error" not in result.output


def test_a_checkpoint_row_holding_no_checkpoint_is_named_as_the_ledger_s_not_one_given(
    signed: Signed,
) -> None:
    latest = size_of(signed.checkpoints[-1])
    with tampering(signed.run.url) as connection:
        connection.execute(
            text("UPDATE portfolio_ledger_checkpoints SET note = 'garbage' WHERE tree_size = :n"),
            {"n": latest},
        )

    for result in (signed.run("audit", "verify"), signed.verify()):
        assert result.exit_code == 1, result.output
        assert "the checkpoint given" not in result.output
        assert f"FAILED at position {latest}: forged checkpoint" in result.output


def test_a_kept_checkpoint_whose_root_was_edited_is_not_blamed_on_the_events_unchecked(
    signed: Signed,
) -> None:
    """Without the key, a root that no longer matches may be a rewrite or an edited row."""
    latest = size_of(signed.checkpoints[-1])
    with tampering(signed.run.url) as connection:
        (note,) = connection.execute(
            text("SELECT note FROM portfolio_ledger_checkpoints WHERE tree_size = :n"),
            {"n": latest},
        ).one()
        origin, size, root, rest = note.split("\n", 3)
        edited = "\n".join([origin, size, ("B" if root[0] != "B" else "C") + root[1:], rest])
        connection.execute(
            text("UPDATE portfolio_ledger_checkpoints SET note = :note WHERE tree_size = :n"),
            {"n": latest, "note": edited},
        )

    unchecked = signed.run("audit", "verify")
    checked = signed.verify()

    assert unchecked.exit_code == 1, unchecked.output
    assert "rewritten" in unchecked.output
    assert "the checkpoint's row was edited" in unchecked.output
    assert "--key" in unchecked.output
    assert checked.exit_code == 1, checked.output
    assert f"FAILED at position {latest}: forged checkpoint" in checked.output


def test_a_verifier_key_given_as_a_folder_is_refused_saying_it_is_a_folder(
    signed: Signed,
) -> None:
    result = signed.run("audit", "verify", "--key", str(signed.folder))

    assert result.exit_code == 2, result.output
    assert f"{signed.folder} is a folder, not a file holding a verifier key" in result.output
    assert "no file of that name exists" not in result.output


@pytest.mark.parametrize("value", ["abc", "-5", ""])
def test_a_signing_setting_no_command_writes_is_named_at_the_write_not_read_as_never(
    signed: Signed, value: str
) -> None:
    # Read as 0 ("never sign"), such a value turned signing off with no word: the
    # ledger signing every write stopped signing, and said nothing at any write.
    signed.checkpoint("--every", "1")
    head = size_of(signed.checkpoints[-1])
    with tampering(signed.run.url) as connection:
        connection.execute(text("UPDATE portfolio_ledger_settings SET value = :v"), {"v": value})

    written = signed.propose("PRJ-101")
    exported = signed("audit", "export", "--out", str(signed.folder / "trail.csv"))

    assert written.exit_code == 0, written.output
    assert f"position {head + 1} was recorded but not signed" in written.output
    assert f"checkpoint_every (table portfolio_ledger_settings) is {value!r}" in written.output
    assert "changed outside portfolio-ledger" in written.output
    assert "audit checkpoint --every N" in written.output
    assert kept(signed.run.url)[-1] == head
    assert exported.exit_code == 1, exported.output
    assert "Traceback" not in exported.output
    assert "changed outside portfolio-ledger" in exported.output
    assert not (signed.folder / "trail.csv").exists()


def test_a_signing_setting_of_more_digits_than_python_reads_is_named_not_an_internal_error(
    sqlite_url: str, tmp_path: Path
) -> None:
    # 5,000 nines made every write and export fail with 'Internal error: ValueError:
    # Exceeds the limit (4300 digits)'. SQLite only: SQLite keeps them, where a server's
    # VARCHAR(200) refuses such a value outright.
    signed = signed_ledger(Cli(sqlite_url), tmp_path, first_part, second_part)
    signed.checkpoint("--every", "1")
    with tampering(signed.run.url) as connection:
        connection.execute(
            text("UPDATE portfolio_ledger_settings SET value = :v"), {"v": "9" * 5000}
        )

    written = signed.propose("PRJ-101")
    exported = signed("audit", "export", "--out", str(signed.folder / "trail.csv"))

    assert written.exit_code == 0, written.output
    assert "was recorded but not signed" in written.output
    assert "changed outside portfolio-ledger" in written.output
    assert exported.exit_code == 1, exported.output
    assert "changed outside portfolio-ledger" in exported.output
    assert "Internal error" not in written.output + exported.output
