"""Temporary folders the ledger works in: swept when a killed process left them, TMPDIR heeded.

A dry run into a ledger not made yet builds one in a temporary folder; an import
from standard input keeps what it read in one; a read model check replays into
one; a read-only ledger is read through a copy in one. Each may be as large as
the ledger. Before, only the copy's folder was named by its process and swept
once that process was gone (killed with SIGKILL, say), and only it refused a
TMPDIR this user may not write: the others were left behind for good, and went
unsaid to ``/tmp`` (tempfile's choice) when TMPDIR named no folder to write.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from portfolio_ledger.cli import cli
from portfolio_ledger.storage.scratch import PURPOSES
from tests.behaviour.test_import import PREAMBLE, write
from tests.conftest import Cli

KILLED = """
import os, signal, sys
from portfolio_ledger.storage.scratch import scratch_folder
made = scratch_folder(sys.argv[1])
open(os.path.join(made.name, "ledger.db"), "w").write("x")
os.kill(os.getpid(), signal.SIGKILL)
"""


def killed_holding(folder: Path, purpose: str) -> Path:
    """The folder for ``purpose`` a process left in ``folder``, killed before it removed it."""
    before = set(folder.iterdir())
    env = {**os.environ, "TMPDIR": str(folder)}
    ended = subprocess.run([sys.executable, "-c", KILLED, purpose], env=env, check=False)
    assert ended.returncode == -signal.SIGKILL
    (left,) = set(folder.iterdir()) - before
    assert left.name.startswith(f"portfolio-ledger-{purpose}-")
    return left


def test_every_kind_of_folder_a_killed_process_left_is_removed_by_the_next_one(
    tmp_path: Path, own_tmp: Path
) -> None:
    for purpose in PURPOSES:
        killed_holding(own_tmp, purpose)
    host = next(own_tmp.iterdir()).name.split("@", 1)[1].rsplit("-", 1)[0]
    kept = [
        own_tmp / f"portfolio-ledger-dry-run-{os.getpid()}@{host}-live",  # a process running
        own_tmp / "portfolio-ledger-import-1@elsewhere-a",  # another host's
        own_tmp / "portfolio-ledger-check-unnamed",  # named otherwise: not the ledger's
        own_tmp / f"portfolio-ledger-other-1@{host}-b",  # no folder of the ledger's kind
    ]
    for folder in kept:
        folder.mkdir()
    run = Cli(f"sqlite:///{tmp_path / 'new.db'}")

    checked = run("import", str(write(tmp_path / "a.jsonl", PREAMBLE)), "--dry-run")

    assert checked.exit_code == 0, checked.output
    assert sorted(own_tmp.iterdir()) == sorted(kept)
    assert not (tmp_path / "new.db").exists()


def test_a_dry_run_into_a_new_ledger_names_a_tmpdir_it_may_not_write(
    tmp_path: Path, own_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Before: tempfile took /tmp unsaid, where the dry run's whole new ledger was built.
    asked = own_tmp / "not made"
    monkeypatch.setenv("TMPDIR", str(asked))
    run = Cli(f"sqlite:///{tmp_path / 'new.db'}")

    checked = run("import", str(write(tmp_path / "a.jsonl", PREAMBLE)), "--dry-run")

    assert checked.exit_code == 1, checked.output
    said = " ".join(checked.output.split())
    assert (
        f"cannot make a temporary folder in {asked} (TMPDIR names it, but it is no folder this "
        "user may write), where a dry run into a ledger not made yet checks each line on a "
        "new one; make room there, or set TMPDIR to a folder you may write"
    ) in said
    assert "Traceback" not in checked.output
    assert list(own_tmp.iterdir()) == []
    assert not (tmp_path / "new.db").exists()


def test_an_import_from_standard_input_names_a_tmpdir_it_may_not_write(
    tmp_path: Path, own_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = own_tmp / "not made"
    monkeypatch.setenv("TMPDIR", str(asked))
    run = Cli(f"sqlite:///{tmp_path / 'ledger.db'}")
    assert run("init").exit_code == 0
    data = write(tmp_path / "a.jsonl", PREAMBLE).read_bytes()

    result = run.runner.invoke(
        cli, ["import", "-"], input=data, env={"PORTFOLIO_LEDGER_DB": run.url}
    )

    assert result.exit_code == 2, result.output
    said = " ".join(result.output.split())
    assert f"cannot make a temporary folder in {asked} (TMPDIR names it" in said
    assert "what is read from standard input or a pipe is kept first" in said
    assert run.events() == 0
    assert list(own_tmp.iterdir()) == []


def test_no_temporary_folder_anywhere_is_said_not_crashed_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # TMPDIR unset and /tmp, /var/tmp and the working folder read-only: tempfile finds none.
    # Before: "Internal error: FileNotFoundError ... This is a bug", exit 70 (the message
    # asked tempfile for its folder again, which raised again).
    tried = tmp_path / "read-only"
    monkeypatch.delenv("TMPDIR", raising=False)
    monkeypatch.setattr(tempfile, "tempdir", None)
    monkeypatch.setattr(tempfile, "_candidate_tempdir_list", lambda: [str(tried)])
    run = Cli(f"sqlite:///{tmp_path / 'new.db'}")

    checked = run("import", str(write(tmp_path / "a.jsonl", PREAMBLE)), "--dry-run")

    assert checked.exit_code == 1, checked.output
    said = " ".join(checked.output.split())
    assert (
        f"cannot make a temporary folder (No usable temporary directory found in ['{tried}']), "
        "where a dry run into a ledger not made yet checks each line on a new one; set TMPDIR "
        "to a folder you may write with room for it"
    ) in said
    assert not (tmp_path / "new.db").exists()
    data = write(tmp_path / "b.jsonl", PREAMBLE).read_bytes()
    result = run.runner.invoke(
        cli, ["import", "-"], input=data, env={"PORTFOLIO_LEDGER_DB": run.url}
    )
    assert result.exit_code == 2, result.output
    assert "No usable temporary directory found" in result.output
    assert "Internal error" not in result.output


@pytest.mark.parametrize("pid", ["\u00b2", "99999999999999999999"], ids=["superscript", "huge"])
def test_a_folder_named_with_no_process_id_one_may_have_is_left_not_crashed_on(
    tmp_path: Path, own_tmp: Path, pid: str
) -> None:
    # Anyone may make a folder in a shared /tmp. Before, a name whose "id" str.isdigit()
    # takes but int() refuses ('²'), or too large for a process id, failed every command
    # that works in a temporary folder, for every user of the host, as an internal error.
    host = killed_holding(own_tmp, "check").name.split("@", 1)[1].rsplit("-", 1)[0]
    odd = own_tmp / f"portfolio-ledger-copy-{pid}@{host}-odd"
    odd.mkdir()
    run = Cli(f"sqlite:///{tmp_path / 'new.db'}")

    checked = run("import", str(write(tmp_path / "a.jsonl", PREAMBLE)), "--dry-run")

    assert checked.exit_code == 0, checked.output
    assert list(own_tmp.iterdir()) == [odd]  # the killed process's swept; that one left


@pytest.mark.parametrize("setting", ["TEMP", "TMP"])
def test_temp_or_tmp_naming_a_folder_it_may_not_write_is_named_too(
    tmp_path: Path, own_tmp: Path, monkeypatch: pytest.MonkeyPatch, setting: str
) -> None:
    # tempfile heeds TMPDIR, else TEMP, else TMP; before, only TMPDIR was checked, so TEMP
    # naming a folder this user may not write went unsaid to /tmp, as TMPDIR once did.
    asked = own_tmp / "not made"
    for name in ("TMPDIR", "TEMP", "TMP"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv(setting, str(asked))
    run = Cli(f"sqlite:///{tmp_path / 'new.db'}")

    checked = run("import", str(write(tmp_path / "a.jsonl", PREAMBLE)), "--dry-run")

    assert checked.exit_code == 1, checked.output
    said = " ".join(checked.output.split())
    assert f"cannot make a temporary folder in {asked} ({setting} names it, but it is no" in said
    assert not (tmp_path / "new.db").exists()
