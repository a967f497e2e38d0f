"""A ledger, or a file, named so that nothing could be kept there: refused before it is opened.

A NUL character in a path or in ``--db`` (the system would read the name only up to
it), an SQLite URI that opens no file (in memory, or SQLite's temporary database),
and a pipe, a device or a socket named as the ledger: each is refused as bad usage
(exit 2), naming what is wrong and what to give instead, and nothing is written.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from portfolio_ledger.cli import cli
from portfolio_ledger.cli.options import FilePath
from tests.behaviour.test_cli import PROPOSE
from tests.conftest import Cli


def _named(args: tuple[str, ...]) -> str:
    """A test's id: the command's words, up to its first option."""
    return " ".join(a for a in args[:3] if not a.startswith("-")) if args else ""


def _commands(group: click.Command, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    if isinstance(group, click.Group):
        return [c for name, sub in group.commands.items() for c in _commands(sub, (*path, name))]
    return [path]


def _file_parameters() -> list[tuple[str, ...]]:
    """Every command's file option or argument, given a name with a NUL in it."""
    found = []
    for path in _commands(cli.loaded()):
        command: click.Command = cli
        for name in path:
            assert isinstance(command, click.Group)
            command = command.commands[name]
        for param in command.params:
            if isinstance(param.type, FilePath):
                named = [param.opts[0]] if isinstance(param, click.Option) else []
                found.append((*path, *named, "ledger\x00.jsonl"))
    return found


FILE_PARAMETERS = _file_parameters()


def test_every_file_parameter_is_tried() -> None:
    assert len(FILE_PARAMETERS) >= 20


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A ledger of one item, which none of these commands may change."""
    file = tmp_path_factory.mktemp("nul") / "ledger.db"
    assert Cli(f"sqlite:///{file}")(*PROPOSE).exit_code == 0
    return file


@pytest.mark.parametrize("args", FILE_PARAMETERS, ids=_named)
def test_a_nul_in_a_path_is_refused_naming_the_parameter(
    ledger: Path, args: tuple[str, ...]
) -> None:
    """Before, about forty commands stopped with an internal error (exit 70) on
    'embedded null byte', some after opening the ledger."""
    before = ledger.read_bytes()

    result = Cli(f"sqlite:///{ledger}")(*args)

    assert result.exit_code == 2, result.output
    said = " ".join(result.output.split())
    assert "Invalid value for " in said
    assert "'ledger\\x00.jsonl' holds a NUL character (\\x00), which no file's name can" in said
    assert "retype the path" in said
    assert ledger.read_bytes() == before


@pytest.mark.parametrize(
    "args", [("items", "list"), ("init",), PROPOSE, ("audit", "verify")], ids=_named
)
@pytest.mark.parametrize("where", ["before", "after"])
def test_a_nul_in_db_is_refused_before_anything_is_opened(
    tmp_path: Path, args: tuple[str, ...], where: str
) -> None:
    """Before the command or after it. (No environment variable can hold a NUL.)"""
    given = f"{tmp_path}/ledger\x00.db"
    env = {"PORTFOLIO_LEDGER_ACTOR": "Sam Patel", "PORTFOLIO_LEDGER_ROLE": "PMO"}
    argv = ["--db", given, *args] if where == "before" else [*args, "--db", given]

    result = CliRunner().invoke(cli, argv, env=env, catch_exceptions=False)

    assert result.exit_code == 2, result.output
    said = " ".join(result.output.split())
    assert "Invalid value for '--db': the database URL or path given holds a NUL" in said
    assert "(--db or PORTFOLIO_LEDGER_DB)" in said
    assert list(tmp_path.iterdir()) == []


VANISHING = {
    "file::memory:": ("sqlite:///file::memory:", "it is SQLite's in-memory database"),
    "file::memory: as a URI": (
        "sqlite:///file::memory:?cache=shared&uri=true",
        "it is SQLite's in-memory database",
    ),
    "mode=memory": ("sqlite:///file:ledger.db?mode=memory&uri=true", "in-memory database"),
    "memdb": ("sqlite:///file:/ledger.db?vfs=memdb&uri=true", "the memdb VFS keeps it in memory"),
    "file: with no name": ("sqlite:///file:?uri=true", "SQLite opens a temporary database"),
    "file: alone": ("sqlite:///file:", "SQLite opens a temporary database"),
}


@pytest.mark.parametrize("args", [("init",), ("demo",), PROPOSE, ("items", "list")], ids=_named)
@pytest.mark.parametrize(("url", "why"), VANISHING.values(), ids=VANISHING.keys())
def test_an_sqlite_uri_that_opens_no_file_is_refused(
    tmp_path: Path, args: tuple[str, ...], url: str, why: str
) -> None:
    """Before, 'init' said 'Ledger ready' and 'demo' recorded its whole story into each,
    and it was gone when the command ended."""
    result = Cli(url)(*args)

    assert result.exit_code == 2, result.output
    said = " ".join(result.output.split())
    assert "opens no file (" in said
    assert why in said
    assert "would vanish when the command ends" in said
    assert "give a file, e.g. sqlite:///ledger.db" in said
    assert list(tmp_path.iterdir()) == []


def test_an_sqlite_uri_naming_a_file_still_opens_it(tmp_path: Path) -> None:
    file = tmp_path / "ledger.db"

    assert Cli(f"sqlite:///file:{file}?uri=true")(*PROPOSE).exit_code == 0
    assert Cli(f"sqlite:///{file}")("items", "list").output.startswith("1 item")


def _fifo(folder: Path) -> Path:
    fifo = folder / "pipe.db"
    os.mkfifo(fifo)
    return fifo


def _socket(folder: Path) -> Path:
    path = folder / "s.db"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
    return path


def _link_to_null(folder: Path) -> Path:
    link = folder / "null.db"
    link.symlink_to(os.devnull)
    return link


NOT_FILES = {
    "a FIFO": (_fifo, "a named pipe (FIFO)"),
    "a socket": (_socket, "a socket"),
    "a link to /dev/null": (_link_to_null, "a device"),
}


@pytest.mark.parametrize("args", [("init",), PROPOSE, ("items", "list")], ids=_named)
@pytest.mark.parametrize(("made", "kind"), NOT_FILES.values(), ids=NOT_FILES.keys())
@pytest.mark.parametrize("spelt", ["{}", "sqlite:///{}", "sqlite:///file:{}?uri=true"])
def test_a_pipe_a_socket_or_a_device_named_as_the_ledger_is_refused_as_not_a_file(
    tmp_path: Path, args: tuple[str, ...], made: object, kind: str, spelt: str
) -> None:
    """Before, SQLite tried it: 'disk I/O error' (exit 1) for /dev/null or a FIFO, and,
    run as root, /dev/null-journal left behind."""
    assert callable(made)
    path = made(tmp_path)

    result = Cli(spelt.format(path))(*args)

    assert result.exit_code == 2, result.output
    said = " ".join(result.output.split())
    assert f"{path} is {kind}, not a file" in said
    assert "give the path of the ledger's file (or of a new one)" in said
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


def test_dev_null_as_the_ledger_is_refused_and_nothing_made_beside_it() -> None:
    beside = [Path(f"{os.devnull}{end}") for end in ("-journal", "-wal", "-shm")]
    there = [path.exists() for path in beside]  # (left by some other run, say)

    result = Cli(os.devnull)("init")

    assert result.exit_code == 2, result.output
    assert f"{os.devnull} is a device, not a file" in result.output
    assert [path.exists() for path in beside] == there


UNREADABLE = {
    "a ? in a plain path": ("{}/ledger.db?x=1", "a ledger file's path cannot hold '?'"),
    "a ? before a device": ("/dev/null?cache=shared", "a ledger file's path cannot hold '?'"),
    "a host of no name": ("postgresql://../test", "host '..' is not a host name"),
    "timeout=abc": ("sqlite:///{}/ledger.db?timeout=abc", "timeout=abc cannot be read"),
    "uri=maybe": (
        "sqlite:///file:{}/ledger.db?uri=maybe",
        "uri=maybe cannot be read: uri takes true or false",
    ),
}


@pytest.mark.parametrize(("given", "why"), UNREADABLE.values(), ids=UNREADABLE.keys())
def test_a_ledger_url_the_driver_would_misread_is_refused(
    tmp_path: Path, given: str, why: str
) -> None:
    """Found by fuzzing --db: '/dev/null?x' opened /dev/null (as root leaving
    /dev/null-journal), and an option's value the driver cannot read was an internal error."""
    beside = [Path(f"{os.devnull}{end}") for end in ("-journal", "-wal", "-shm")]
    there = [path.exists() for path in beside]

    result = Cli(given.format(tmp_path))("init")

    assert result.exit_code == 2, result.output
    assert why in " ".join(result.output.split())
    assert list(tmp_path.iterdir()) == []
    assert [path.exists() for path in beside] == there


def test_a_path_of_a_user_there_is_none_of_is_a_file_named_so(tmp_path: Path) -> None:
    """'~nosuchuser/x.db' stopped with 'Could not determine home directory' (exit 70)."""
    result = Cli("~nosuchuser-h4")("init")

    assert result.exit_code == 0, result.output
    assert (tmp_path / "~nosuchuser-h4").is_file()
