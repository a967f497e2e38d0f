"""The views of an SQLite ledger opened read-only read a copy where its read models need writing.

An auditor given a backup made before an upgrade (its read models made by
an earlier version), or a ledger whose read models are behind its events,
opens it read-only (``mode=ro``, ``immutable=1``, a file they may not write).
Before, every view was refused (*cannot use the read models ... Or back it
up to a file of your own and read that*). Now the view reads a copy taken at
that moment, brings the copy's read models up to date and says so; the
ledger's files are only read. What reports the ledger's own read models
(``projections status``, ``audit verify --read-models``) still reports them,
and a command that records is still refused.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine

from portfolio_ledger.application.ledger import PortfolioLedger
from portfolio_ledger.domain.clock import utc_today
from tests import builders
from tests.behaviour.test_dry_run_read_only import held
from tests.behaviour.test_read_only_ledgers import (
    COPIED,
    as_a_user,
    as_an_earlier_version_left_it,
    read_only,
    recorded,
    recorded_past_the_read_models,
    tracking,
)
from tests.conftest import Cli

VIEWS = (
    ("portfolio",),
    ("portfolio", "--json"),
    ("economics", "--by", "organisation"),
    ("audit", "trail"),
    ("board", "list"),
)
ONE_ITEM = (("item", "show", "PGM-001"), ("item", "history", "PGM-001"))
"""Read from the item's own events where the read models are not current: no copy needed."""


def test_an_earlier_versions_ledger_read_only_answers_as_when_brought_up_to_date(
    sqlite_url: str, own_tmp: Path
) -> None:
    writable = Cli(sqlite_url)
    assert writable("demo").exit_code == 0
    as_an_earlier_version_left_it(sqlite_url)
    ledger = Path(sqlite_url.removeprefix("sqlite:///"))
    before, positions = held(ledger), tracking(sqlite_url)
    reader = Cli(read_only(sqlite_url))

    answers = [reader(*view) for view in VIEWS]
    items = [reader(*view) for view in ONE_ITEM]

    for view, answer in zip(VIEWS, answers, strict=True):
        assert answer.exit_code == 0, (view, answer.output)
        assert COPIED in answer.stderr
        assert f"Note: {ledger} is opened read-only" in answer.stderr
        assert (
            "read model economics was made by an earlier version of portfolio-ledger; it is "
            "being rebuilt from the events in the copy (the ledger's is left as it is)."
        ) in answer.stderr
    for view, answer in zip(ONE_ITEM, items, strict=True):
        assert answer.exit_code == 0, (view, answer.output)
        assert "Note:" not in answer.stderr
    assert list(own_tmp.iterdir()) == []  # each copy removed as its command ended
    assert held(ledger) == before
    assert tracking(sqlite_url) == positions
    # the same answers as the ledger gives once opened with write access, but the note
    for view, answer in zip(VIEWS + ONE_ITEM, answers + items, strict=True):
        assert writable(*view).stdout == answer.stdout, view
    again = reader("economics")
    assert again.exit_code == 0
    assert "Note:" not in again.stderr  # up to date now: read as it is, no copy


def test_read_models_behind_the_events_are_caught_up_in_the_copy(
    sqlite_url: str, own_tmp: Path
) -> None:
    recorded(sqlite_url)
    recorded_past_the_read_models(sqlite_url)
    ledger = Path(sqlite_url.removeprefix("sqlite:///"))
    before = held(ledger)

    listed = Cli(read_only(sqlite_url))("portfolio", "--json")

    assert listed.exit_code == 0, listed.output
    assert [item["key"] for item in json.loads(listed.stdout)] == ["PRJ-1", "PRJ-2", "PRJ-3"]
    assert COPIED in listed.stderr
    assert held(ledger) == before
    assert list(own_tmp.iterdir()) == []


def test_what_reports_the_ledgers_own_read_models_reads_no_copy(
    sqlite_url: str, own_tmp: Path
) -> None:
    recorded(sqlite_url)
    as_an_earlier_version_left_it(sqlite_url)
    reader = Cli(read_only(sqlite_url))

    status = reader("projections", "status")
    checked = reader("audit", "verify", "--read-models")
    rebuilt = reader("projections", "rebuild")

    assert status.exit_code == 0, status.output
    assert "rebuild" in [line.split()[-1] for line in status.stdout.splitlines()]
    assert checked.exit_code == 1, checked.output
    assert "Read models: not checked: cannot use the read models" in checked.stdout
    assert rebuilt.exit_code == 1, rebuilt.output
    for result in (status, checked, rebuilt):
        assert "Note:" not in result.output


def test_a_pack_recorded_on_a_read_only_ledger_is_refused_not_recorded_in_the_copy(
    sqlite_url: str, tmp_path: Path, own_tmp: Path
) -> None:
    writable = Cli(sqlite_url)
    assert writable("demo").exit_code == 0
    as_an_earlier_version_left_it(sqlite_url)
    events = writable.events()
    out = tmp_path / "pack.html"

    recording = Cli(read_only(sqlite_url))(
        "report", "board-pack", "--as-at", utc_today().isoformat(), "--board", "IC",
        "--record", "--ref", "IC item 3", "--out", str(out), actor="praman",
    )  # fmt: skip

    assert recording.exit_code == 1, recording.output
    assert "nothing can be recorded through it" in recording.output
    assert "Recorded" not in recording.output
    assert writable.events() == events


def test_an_export_read_through_a_copy_verifies_against_the_ledger(
    sqlite_url: str, tmp_path: Path, own_tmp: Path
) -> None:
    writable = Cli(sqlite_url)
    assert writable("demo").exit_code == 0
    as_an_earlier_version_left_it(sqlite_url)
    reader = Cli(read_only(sqlite_url))
    out = tmp_path / "trail.csv"

    exported = reader("audit", "export", "--out", str(out))
    verified = reader("audit", "verify-export", str(out))

    assert exported.exit_code == 0, exported.output
    assert COPIED in exported.stderr
    assert verified.exit_code == 0, verified.output
    ledger = str(Path(sqlite_url.removeprefix("sqlite:///")))
    assert ledger in verified.stdout  # the ledger named, not its copy
    assert "portfolio-ledger-copy-" not in verified.output + exported.output
    assert writable("audit", "verify-export", str(out)).exit_code == 0


def test_a_file_this_user_may_not_write_is_read_through_a_copy(
    sqlite_url: str, tmp_path: Path
) -> None:
    recorded(sqlite_url)
    as_an_earlier_version_left_it(sqlite_url)
    path = Path(sqlite_url.removeprefix("sqlite:///"))
    path.chmod(0o444)
    try:
        listed = as_a_user(sqlite_url, "portfolio", "--json")
    finally:
        path.chmod(0o644)

    assert listed.returncode == 0, listed.stderr
    assert [item["key"] for item in json.loads(listed.stdout)] == ["PRJ-1", "PRJ-2"]
    assert COPIED in listed.stderr


def test_no_room_for_the_copy_is_said_and_nothing_is_written(
    sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    recorded(sqlite_url)
    as_an_earlier_version_left_it(sqlite_url)
    ledger = Path(sqlite_url.removeprefix("sqlite:///"))
    before = held(ledger)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "no such folder"))

    refused = Cli(read_only(sqlite_url))("portfolio")

    assert refused.exit_code == 1, refused.output
    assert f"cannot read a copy of the ledger {ledger}" in refused.output
    assert "is read through a copy of it" in refused.output
    assert "set TMPDIR to a folder with room for the copy, and run the command again" in (
        refused.output
    )
    assert "Internal error" not in refused.output
    assert held(ledger) == before


def test_an_export_that_would_sign_a_checkpoint_is_refused_not_signed_in_the_copy(
    sqlite_url: str, tmp_path: Path, own_tmp: Path
) -> None:
    """Before, it signed one in the copy and said 'the ledger keeps it': the copy went, and
    the ledger kept nothing. A checkpoint the ledger kept already is put in the manifest."""
    writable = recorded(sqlite_url)
    key = tmp_path / "keys" / "signing.key"
    made = writable("audit", "keygen", "--name", "ledger.example.org/p", "--out", str(key))
    assert made.exit_code == 0, made.output
    as_an_earlier_version_left_it(sqlite_url)
    ledger = Path(sqlite_url.removeprefix("sqlite:///"))
    before, out, kept = held(ledger), tmp_path / "trail.csv", tmp_path / "kept.csv"
    reader = Cli(read_only(sqlite_url))

    refused = reader("audit", "export", "--out", str(out), "--key", str(key))
    after_refusal = held(ledger)
    assert writable("audit", "checkpoint", "--key", str(key)).exit_code == 0
    as_an_earlier_version_left_it(sqlite_url)
    exported = reader("audit", "export", "--out", str(kept), "--key", str(key))

    assert refused.exit_code == 1, refused.output
    assert f"the ledger file {ledger} is opened read-only" in refused.output
    assert "nothing can be recorded through it" in refused.output
    assert "the ledger keeps it" not in refused.output
    assert not out.exists()
    assert not Path(f"{out}.manifest.json").exists()
    assert after_refusal == before
    assert exported.exit_code == 0, exported.output
    assert COPIED in exported.stderr
    assert "Signed checkpoint at export (in the manifest)" in exported.stdout
    assert "signed for the first time" not in exported.stdout
    assert list(own_tmp.iterdir()) == []


def test_a_key_found_not_given_signs_nothing_and_the_export_is_made(
    sqlite_url: str, tmp_path: Path, own_tmp: Path
) -> None:
    """A key in the configuration folder (or $PORTFOLIO_LEDGER_SIGNING_KEY) is not asked to
    sign: before, an auditor who had one was refused the export of a ledger opened
    read-only, as if they had given --key."""
    writable = recorded(sqlite_url)
    key = tmp_path / "keys" / "signing.key"
    assert (
        writable("audit", "keygen", "--name", "l.example.org/p", "--out", str(key)).exit_code == 0
    )
    ledger = Path(sqlite_url.removeprefix("sqlite:///"))
    before, out = held(ledger), tmp_path / "trail.csv"
    found = {"PORTFOLIO_LEDGER_SIGNING_KEY": str(key)}

    for stale in (False, True):  # read as it is, and through a copy
        if stale:
            as_an_earlier_version_left_it(sqlite_url)
            before = held(ledger)
        exported = Cli(read_only(sqlite_url))("audit", "export", "--out", str(out), "--overwrite",
                                             env=found)  # fmt: skip

        assert exported.exit_code == 0, exported.output
        assert (COPIED in exported.stderr) is stale
        assert (
            f"No signed checkpoint in the manifest: positions 1 to 2 are in no checkpoint, and the "
            f"ledger {ledger} is opened read-only, so the key at hand signed none now"
        ) in exported.stdout
        assert "'portfolio-ledger audit checkpoint'" in exported.stdout
        assert held(ledger) == before
        assert writable("audit", "verify-export", str(out)).exit_code == 0


@pytest.fixture
def full_copies(own_tmp: Path) -> Iterator[None]:
    """Each SQLite database in the temporary folder may not grow: as if its disk were full."""

    def no_room(connection: sqlite3.Connection, _record: object) -> None:
        (_, _, file), *_ = connection.execute("PRAGMA database_list").fetchall()
        if file and Path(file).is_relative_to(own_tmp):
            (pages,) = connection.execute("PRAGMA page_count").fetchone()
            connection.execute(f"PRAGMA max_page_count = {pages}")

    event.listen(Engine, "connect", no_room)
    yield
    event.remove(Engine, "connect", no_room)


@pytest.mark.usefixtures("full_copies")
def test_a_copy_with_no_room_to_bring_its_read_models_up_to_date_names_the_folder(
    sqlite_url: str, own_tmp: Path
) -> None:
    """Before: 'the disk holding the ledger is full ... Free some space there', of a disk
    with room on it: the full one was the temporary folder's."""
    recorded(sqlite_url)
    ledger = PortfolioLedger(sqlite_url)  # no read models attached: they fall behind
    try:
        for number in range(100):
            ledger.handle(builders.propose(f"PRJ-{number + 10}"))
    finally:
        ledger.close()
    file = Path(sqlite_url.removeprefix("sqlite:///"))
    before = held(file)

    refused = Cli(read_only(sqlite_url))("portfolio")

    assert refused.exit_code == 1, refused.output
    assert f"cannot read a copy of the ledger {file}" in refused.output
    assert f"in the temporary folder {own_tmp}" in refused.output
    assert "set TMPDIR to a folder with room for the copy" in refused.output
    assert "the disk holding the ledger" not in refused.output
    assert held(file) == before
    assert list(own_tmp.iterdir()) == []


def killed_holding_a_copy(folder: Path) -> Path:
    """The copy folder a process left in ``folder``, killed (SIGKILL) before it removed it."""
    script = (
        "import os, signal; from portfolio_ledger.storage.read_only_copy import copy_folder\n"
        "made = copy_folder(); open(os.path.join(made.name, 'ledger.db'), 'w').write('x')\n"
        "os.kill(os.getpid(), signal.SIGKILL)"
    )
    env = {**os.environ, "TMPDIR": str(folder)}
    ended = subprocess.run([sys.executable, "-c", script], env=env, check=False)
    assert ended.returncode == -signal.SIGKILL
    (left,) = folder.iterdir()
    return left


def test_a_copy_left_by_a_killed_process_is_removed_by_the_next_one(
    sqlite_url: str, own_tmp: Path
) -> None:
    # Before: a command killed while it read through a copy left the copy (the ledger's
    # size) in the temporary folder for good.
    recorded(sqlite_url)
    recorded_past_the_read_models(sqlite_url)
    left = killed_holding_a_copy(own_tmp)
    host = left.name.split("@", 1)[1].rsplit("-", 1)[0]
    kept = [
        own_tmp / f"portfolio-ledger-copy-{os.getpid()}@{host}-live",  # a process still running
        own_tmp
        / f"portfolio-ledger-copy-{left.name.split('@')[0][22:]}@elsewhere-a",  # another host's
        own_tmp / "portfolio-ledger-copy-unnamed",  # named otherwise: not the ledger's to remove
    ]
    for folder in kept:
        folder.mkdir()

    listed = Cli(read_only(sqlite_url))("portfolio", "--json")

    assert listed.exit_code == 0, listed.output
    assert COPIED in listed.stderr
    assert sorted(own_tmp.iterdir()) == sorted(kept)


def test_a_tmpdir_this_user_may_not_write_is_named_not_passed_over(
    sqlite_url: str, own_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Before: Python's tempfile took another folder unsaid (/tmp), so a copy too large
    # for it was refused as if the folder TMPDIR names had no room.
    recorded(sqlite_url)
    recorded_past_the_read_models(sqlite_url)
    asked = own_tmp / "not made"
    monkeypatch.setenv("TMPDIR", str(asked))

    refused = Cli(read_only(sqlite_url))("portfolio")

    assert refused.exit_code == 1, refused.output
    assert (
        f"could not be written in the temporary folder {asked} (TMPDIR names it, but it is no "
        "folder this user may write)"
    ) in " ".join(refused.output.split())
    assert list(own_tmp.iterdir()) == []


def test_a_copy_of_a_process_counted_in_another_pid_namespace_is_kept(
    sqlite_url: str, own_tmp: Path
) -> None:
    # Before: named by the host alone, a copy a live process of another container (a pod's
    # host name, its own process ids) held in a shared folder was removed, its id not running
    # here. An id counted in another namespace, or one an earlier version named by the host
    # alone, says nothing of whether its process runs.
    recorded(sqlite_url)
    recorded_past_the_read_models(sqlite_url)
    left = killed_holding_a_copy(own_tmp)
    pid = left.name.split("@")[0].removeprefix("portfolio-ledger-copy-")
    kept = [
        own_tmp / f"portfolio-ledger-copy-{pid}@{socket.gethostname()}-a",
        own_tmp / f"portfolio-ledger-copy-{pid}@{socket.gethostname()}~1-b",
    ]
    for folder in kept:
        folder.mkdir()

    listed = Cli(read_only(sqlite_url))("portfolio", "--json")

    assert listed.exit_code == 0, listed.output
    assert COPIED in listed.stderr
    assert sorted(own_tmp.iterdir()) == sorted(kept)
