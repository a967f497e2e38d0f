"""Files a user hands the ledger besides decisions (a return's mapping, a board pack's
rules), made hostile: each is refused naming the file, what is wrong and what to do,
nothing written, never an internal error (exit 70). TOML that ``tomllib`` reads badly, in
either: tests/behaviour/test_hostile_toml.py.
"""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from portfolio_ledger.cli import keyfiles
from portfolio_ledger.reports import rules as pack_rules
from portfolio_ledger.returns import mapping_bytes as return_mapping
from tests.behaviour.test_cli import PROPOSE
from tests.behaviour.test_proof_files import piped
from tests.conftest import Cli


@pytest.fixture
def run(sqlite_url: str) -> Cli:
    return Cli(sqlite_url)


def test_a_signing_key_from_a_pipe_with_no_end_is_refused_unread_past_the_limit(
    run: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--key /dev/zero (or a PORTFOLIO_LEDGER_SIGNING_KEY naming it) was read until the
    system killed the process for its memory: the signer key is read as other keys are."""
    assert run(*PROPOSE).exit_code == 0
    monkeypatch.setattr(keyfiles, "MAX_DOCUMENT", 1000)
    with piped(tmp_path / "endless.pipe", b"P" * 100_000) as endless:
        result = run("audit", "checkpoint", "--key", str(endless))

    said = " ".join(result.output.split())
    # Bad usage of --key, exit 2, as a verifier key's file too large to be one is
    # (test_files_read_named_wrongly.py); it said exit 1 (test_key_mixups.py).
    assert result.exit_code == 2, result.output
    assert f"Invalid value for '--key': {endless} is too large to be a signing key" in said
    assert (
        "give the signing key file itself, not a bigger file, a device or an endless pipe" in said
    )
    assert run.events() == 1


def test_a_rules_file_from_a_pipe_with_no_end_is_refused_unread_past_the_limit(
    run: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--rules /dev/zero was read until the system killed the process for its memory."""
    assert run(*PROPOSE).exit_code == 0
    monkeypatch.setattr(pack_rules, "MAX_DOCUMENT", 1000)
    with piped(tmp_path / "endless.pipe", b"#" * 100_000) as endless:
        result = run(
            "report", "board-pack", "--as-at", "2026-01-05", "--rules", str(endless),
            "--out", str(tmp_path / "pack.html"),
        )  # fmt: skip

    said = " ".join(result.output.split())
    assert result.exit_code == 2, result.output  # as the mapping's, below
    assert f"the rules file {endless} is larger than" in said
    assert "give the TOML file itself, not a device or an endless pipe" in said
    assert not (tmp_path / "pack.html").exists()


def test_a_mapping_from_a_pipe_is_read_and_one_with_no_end_refused_unread_past_the_limit(
    run: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--mapping <(...) was refused as 'no mapping' though it names one, and --mapping
    /dev/zero, a file, would have been read whole: it is read as rules and keys are."""
    ret = tmp_path / "return.csv"
    ret.write_text("key,title\nRX-1,Payroll\n", encoding="utf-8")
    assert run("init").exit_code == 0
    args = ("--as-at", "2026-01-05", "--authority", "PMO", "--dry-run")
    mapping = b'[columns]\nkey = "key"\ntitle = "title"\n[defaults]\ncategory = "Digital"\n'
    with piped(tmp_path / "mapping.pipe", mapping) as pipe:
        read = run("returns", "import", str(ret), "--mapping", str(pipe), *args)
    monkeypatch.setattr(return_mapping, "MAX_DOCUMENT", 1000)
    with piped(tmp_path / "endless.pipe", b"#" * 100_000) as endless:
        refused = run("returns", "import", str(ret), "--mapping", str(endless), *args)

    assert read.exit_code == 0, read.output
    assert "no mapping" not in read.output
    said = " ".join(refused.output.split())
    assert refused.exit_code == 2, refused.output
    assert f"the mapping {endless} is larger than" in said
    assert "give the TOML file itself, not a device or an endless pipe" in said
    assert run.events() == 0


def test_a_binary_pipe_is_refused_by_how_it_starts_not_copied_to_its_end(
    run: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """'import /dev/zero' (or a binary pipe) was copied to $TMPDIR until its disk was full
    (2 GB in 6 s), then refused as binary: now its first 512 bytes say what it is."""
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    fifo = tmp_path / "zeros"
    os.mkfifo(fifo)
    total, written = 8 << 20, []

    def feed() -> None:
        try:
            with fifo.open("wb") as pipe:  # waits for the reader: no timing involved
                for _ in range(total >> 16):
                    pipe.write(bytes(1 << 16))
                    written.append(1 << 16)
        except BrokenPipeError:  # the reader stopped and closed it
            pass

    feeder = threading.Thread(target=feed, daemon=True)
    feeder.start()
    result = run("import", str(fifo))
    feeder.join()

    assert result.exit_code == 2, result.output
    assert f"{fifo} is binary (it holds NUL bytes" in result.output
    assert sum(written) < total  # it stopped reading at the start, and closed the pipe
    assert not Path(run.url.removeprefix("sqlite:///")).exists()  # no ledger made


@pytest.mark.parametrize("options", ["mode=ro", "mode=ro&cache=shared", "immutable=1"])
def test_an_sqlite_url_option_the_driver_drops_is_refused_not_ignored(
    tmp_path: Path, options: str
) -> None:
    """SQLAlchemy's SQLite driver drops what it does not read: ?mode=ro on a plain path was
    ignored, and a decision recorded in the ledger its user had asked to open read-only."""
    ledger = tmp_path / "ledger.db"
    assert Cli(f"sqlite:///{ledger}")(*PROPOSE).exit_code == 0
    before = ledger.read_bytes()

    for args in (("person", "add", "zq", "--name", "Z", "-m", "Registered"), ("items", "list")):
        result = Cli(f"sqlite:///{ledger}?{options}")(*args)

        assert result.exit_code == 2, result.output
        assert "the SQLite URL's " in result.output
        assert "would not be read" in result.output
        assert "sqlite:///file:PATH?mode=ro&uri=true" in result.output
    assert ledger.read_bytes() == before
    # As an SQLite URI the same option is read: the ledger opens read-only, and is read.
    assert Cli(f"sqlite:///file:{ledger}?mode=ro&uri=true")("items", "list").exit_code == 0


@pytest.mark.parametrize("options", ["uri=true&mode=ro", "mode=rwc&uri=1"])
def test_uri_true_on_a_plain_path_is_refused_not_written_into_a_file_named_with_options(
    tmp_path: Path, options: str
) -> None:
    """With uri=true the driver hands SQLite the path and the options as one name: a plain
    path (no file:) made a new ledger in a file called 'ledger.db?mode=rwc', beside the one
    the user named, and every later command without the options missed it."""
    ledger = tmp_path / "ledger.db"
    assert Cli(f"sqlite:///{ledger}")(*PROPOSE).exit_code == 0
    before = ledger.read_bytes()

    for args in (PROPOSE, ("items", "list")):
        result = Cli(f"sqlite:///{ledger}?{options}")(*args)

        assert result.exit_code == 2, result.output
        assert f"says uri=true but {ledger} is a plain path" in result.output
        assert "sqlite:///file:PATH?mode=ro&uri=true" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ledger.db"]
    assert ledger.read_bytes() == before
    # With no option of SQLite's own, the plain path is the file: nothing to refuse.
    assert Cli(f"sqlite:///{ledger}?uri=true")("items", "list").exit_code == 0


def test_a_decision_through_a_read_only_uri_is_refused_saying_so(tmp_path: Path) -> None:
    """README's read-only URI, given to a decision, said 'the folder file:/tmp/... for the
    ledger file does not exist': the URI's text taken for a path. It says it is read-only."""
    ledger = tmp_path / "ledger.db"
    assert Cli(f"sqlite:///{ledger}")(*PROPOSE).exit_code == 0
    before = ledger.read_bytes()

    result = Cli(f"sqlite:///file:{ledger}?mode=ro&uri=true")(
        "person", "add", "zq", "--name", "Z", "-m", "Registered"
    )

    said = " ".join(result.output.split())
    assert result.exit_code == 1, result.output
    assert f"the ledger file {ledger} is opened read-only (mode=ro in its SQLite URI)" in said
    assert "give --db the file's path" in said
    assert "folder file:" not in said
    assert ledger.read_bytes() == before


def test_an_sqlite_uri_in_a_missing_folder_names_the_folder_not_the_uri(tmp_path: Path) -> None:
    """Its message said 'the folder file:/...': the folder is the URI's path's."""
    ledger = tmp_path / "absent" / "ledger.db"

    result = Cli(f"sqlite:///file:{ledger}?mode=rwc&uri=true")(*PROPOSE)

    said = " ".join(result.output.split())
    assert result.exit_code == 1, result.output
    assert f"SQLite file {ledger}:" in said
    assert f"the folder {ledger.parent} for the ledger file does not exist" in said


def test_a_file_that_is_not_a_ledger_named_by_db_says_to_check_db_before_restoring(
    tmp_path: Path,
) -> None:
    """--db naming a return by mistake was told only that 'the SQLite file is damaged' and to
    restore the ledger from a copy: the first thing to check is which file --db names."""
    other = tmp_path / "return.csv"
    other.write_bytes(b"key,title\nPRJ-1,Payroll\n" * 100)
    before = other.read_bytes()

    # Opened read-only (mode=ro), it was said to be read-only: no word of what it is.
    urls = (f"sqlite:///{other}", f"sqlite:///file:{other}?mode=ro&uri=true")
    for url, args in itertools.product(urls, (("items", "list"), PROPOSE, ("audit", "verify"))):
        result = Cli(url)(*args)

        assert result.exit_code == 1, result.output
        assert "file is not a database: check first that --db" in result.output
        assert "names the ledger's file, not another" in result.output
        assert "Traceback" not in result.output
    assert other.read_bytes() == before


def _feed_each_open(fifo: Path, data: bytes, stop: threading.Event) -> None:
    while not stop.is_set():  # each open waits for a reader: no timing involved
        try:
            with fifo.open("wb") as pipe:
                pipe.write(data)
        except BrokenPipeError:
            pass


def test_a_return_given_as_a_pipe_is_refused_as_no_file_on_disk(run: Cli, tmp_path: Path) -> None:
    """A return is read twice (checksum, rows): a pipe was read empty by the second and
    refused as '63 is empty' (fed at each open: read as several returns that may differ);
    /dev/zero was read for its checksum without end."""
    fifo = tmp_path / "return.csv"
    os.mkfifo(fifo)
    stop = threading.Event()
    feeder = threading.Thread(
        target=_feed_each_open, args=(fifo, b"key,title\nRX-1,Payroll\n", stop), daemon=True
    )
    feeder.start()

    result = run(
        "returns", "import", str(fifo), "--as-at", "2026-01-05", "--authority", "PMO",
        "--mapping", "standard",
    )  # fmt: skip
    stop.set()
    while feeder.is_alive():  # the open no reader took: open it, so the writer ends
        os.close(os.open(fifo, os.O_RDONLY | os.O_NONBLOCK))
        feeder.join(timeout=1)

    assert result.exit_code == 2, result.output
    assert f"{fifo} is not a file on disk (a pipe or a device)" in result.output
    assert "save it as a file (CSV or .xlsx) and import that" in result.output
    assert not Path(run.url.removeprefix("sqlite:///")).exists()  # no ledger made


# An empty path ("--out $OUT" with OUT unset) is ".", the current folder, to pathlib:
# 'audit keygen' and 'audit verify-export' stopped there with an internal error.
EMPTY_PATHS = {
    "keygen --out": ["audit", "keygen", "--out", ""],
    "verify-export FILE": ["audit", "verify-export", ""],
    "checkpoint --key": ["audit", "checkpoint", "--key", ""],
    "import FILE": ["import", ""],
    "items list --out": ["items", "list", "--out", ""],
    "audit export --out": ["audit", "export", "--out", ""],
}


@pytest.mark.parametrize("args", EMPTY_PATHS.values(), ids=EMPTY_PATHS.keys())
def test_an_empty_path_is_refused_naming_the_option(run: Cli, args: list[str]) -> None:
    assert run(*PROPOSE).exit_code == 0

    result = run(*args)

    assert result.exit_code == 2, result.output
    named = f"'{args[-2]}'" if args[-2] in ("--out", "--key") else "'FILE'"
    assert f"Invalid value for {named}: an empty path names no file" in result.output
    assert "Internal error" not in result.output
    assert run.events() == 1


def test_every_file_option_refuses_an_empty_path() -> None:
    """Each command's file options and arguments are FilePath, which refuses an empty one."""
    import click

    from portfolio_ledger.cli import cli
    from portfolio_ledger.cli.options import FilePath

    def commands(group: click.Command) -> list[click.Command]:
        if isinstance(group, click.Group):
            return [c for sub in group.commands.values() for c in commands(sub)]
        return [group]

    paths = [
        (command.name, param.name, isinstance(param.type, FilePath))
        for command in commands(cli.loaded())
        for param in command.params
        if isinstance(param.type, click.Path)
    ]
    assert len(paths) >= 14
    assert [(command, name) for command, name, checked in paths if not checked] == []


def test_output_to_a_full_disk_is_said_not_an_internal_error(run: Cli) -> None:
    """'items list > /dev/full' (the disk the output goes to is full) stopped with an
    internal error, exit 70, and so did a decision, after it was recorded."""
    assert run(*PROPOSE).exit_code == 0
    command = [sys.executable, "-m", "portfolio_ledger", "--db", run.url]
    person = ["person", "add", "zz", "--name", "Z", "-m", "Registered", "--authority", "PMO"]
    who = {"PORTFOLIO_LEDGER_ACTOR": "Sam Patel", "PORTFOLIO_LEDGER_ROLE": "PMO"}
    said = {}
    with Path("/dev/full").open("w") as full:
        for args in (["items", "list"], person):
            done = subprocess.run(
                [*command, *args], stdout=full, stderr=subprocess.PIPE, text=True, check=False,
                env={**os.environ, **who},
            )  # fmt: skip
            assert done.returncode == 1, done.stderr
            said[args[0]] = " ".join(done.stderr.split())

    for stderr in said.values():
        assert "Error: cannot write to standard output: No space left on device" in stderr
        assert "Internal error" not in stderr
    assert "a decision it recorded is recorded all the same" in said["person"]
    assert run.events() == 2


CLOSED_STDIN = {
    # The shell starts it with no descriptor 0: Python's sys.stdin is None.
    "at start": ["sh", "-c", 'exec "$0" -m portfolio_ledger import - <&-', sys.executable],
    # Closed after start: reading descriptor 0 fails (EBADF).
    "since": [sys.executable, "-c", ("import os, sys; os.close(0); sys.argv = ['x', 'import', "
              "'-']; from portfolio_ledger.cli import main; main()")],
}  # fmt: skip


@pytest.mark.parametrize("command", CLOSED_STDIN.values(), ids=CLOSED_STDIN.keys())
def test_import_from_a_closed_standard_input_is_refused_saying_so(
    run: Cli, command: list[str]
) -> None:
    """'import - <&-' (a service or cron job started with no input) was an internal error
    (click found no stream to read), or, closed later, said to make room in $TMPDIR."""
    assert run(*PROPOSE).exit_code == 0
    who = {"PORTFOLIO_LEDGER_DB": run.url, "PORTFOLIO_LEDGER_ACTOR": "Sam Patel"}

    done = subprocess.run(
        command, capture_output=True, text=True, check=False,
        env={**os.environ, **who, "PORTFOLIO_LEDGER_ROLE": "PMO"},
    )  # fmt: skip

    assert done.returncode == 2, done.stderr
    said = " ".join(done.stderr.split())
    assert "standard input is closed, so there are no lines to read from '-'" in said
    assert "Internal error" not in said
    assert run.events() == 1
