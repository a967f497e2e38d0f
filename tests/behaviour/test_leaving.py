"""A finished command leaves without the interpreter's teardown, and loses nothing by it.

``portfolio_ledger.cli.streams.leave`` ends the process with ``os._exit``
after running the exit handlers and flushing stdout and stderr. These tests
run real processes: output written to a file (block-buffered: lost if not
flushed) and to a pipe is whole, exit statuses are the command's own, a
decision made by one process is there for the next, and the exit handlers
ran. The unit tests below check each step of ``leave`` in-process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from portfolio_ledger.cli import streams
from tests.conftest import Cli

HANDLER_RAN = """
import atexit, runpy, sys
sys.argv = ["portfolio-ledger", *sys.argv[1:]]
atexit.register(lambda: print("exit handler ran", file=sys.stderr))
runpy.run_module("portfolio_ledger", run_name="__main__")
"""


def process(url: str, *args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    """The command as ``python -m portfolio_ledger --db URL ARGS`` (a real process)."""
    command = [sys.executable, "-m", "portfolio_ledger", "--db", url, *args]
    env = {**os.environ, "PORTFOLIO_LEDGER_ACTOR": "Sam Patel", "PORTFOLIO_LEDGER_ROLE": "PMO"}
    return subprocess.run(command, text=True, env=env, check=False, **kwargs)  # type: ignore[call-overload, no-any-return]


@pytest.fixture
def demo(shared_demo: Cli) -> Cli:
    """The demo ledger, made once for the module: the tests given it only read it."""
    return shared_demo


@pytest.fixture
def own_demo(run: Cli) -> Cli:
    """A demo ledger of the test's own, for a test that may record a decision in it."""
    result = run("demo")
    assert result.exit_code == 0, result.output
    return run


def test_output_to_a_file_is_whole(demo: Cli, tmp_path: Path) -> None:
    expected = demo("audit", "trail", "--json").output
    assert len(expected) > 100_000  # many times a file's buffer

    out = tmp_path / "trail.json"
    with out.open("w") as file:
        done = process(demo.url, "audit", "trail", "--json", stdout=file)

    assert done.returncode == 0
    assert out.read_text() == expected


def test_output_to_a_pipe_is_whole(demo: Cli) -> None:
    expected = demo("portfolio", "--json").output

    done = process(demo.url, "portfolio", "--json", capture_output=True)

    assert done.returncode == 0, done.stderr
    assert done.stdout == expected
    assert json.loads(done.stdout)


@pytest.mark.parametrize(
    ("args", "status", "said"),
    [
        (("item", "show", "NOPE-1"), 1, "NOPE-1"),
        (("item", "show"), 2, "Missing argument"),
        (("no-such-command",), 2, "No such command"),
        (("--version",), 0, "portfolio-ledger"),
    ],
)
def test_the_exit_status_and_message_are_the_command_s(
    demo: Cli, args: tuple[str, ...], status: int, said: str
) -> None:
    done = process(demo.url, *args, capture_output=True)

    assert done.returncode == status
    assert said in done.stdout + done.stderr
    assert "Traceback" not in done.stderr


def test_a_decision_made_by_one_process_is_there_for_the_next(own_demo: Cli) -> None:
    decided = process(
        own_demo.url,
        *("item", "reprioritise", "PGM-002", "--rank", "7", "--authority", "Portfolio Board"),
        *("-m", "Moved up"),
        capture_output=True,
    )
    assert decided.returncode == 0, decided.stderr

    shown = process(own_demo.url, "item", "history", "PGM-002", "--json", capture_output=True)

    assert shown.returncode == 0, shown.stderr
    assert '"Moved up"' in shown.stdout
    assert own_demo("audit", "verify").exit_code == 0


DECIDE = ("item", "reprioritise", "PGM-002", "--rank", "7", "--authority", "Portfolio Board")


@pytest.mark.parametrize(
    ("closed", "args", "recorded"),
    [
        ("2>&-", ("items", "list", "--json"), 0),
        (">&- 2>&-", (*DECIDE, "-m", "Moved up"), 1),
        (">&-", (*DECIDE, "-m", "Moved up"), 1),
        (">&-", ("init",), 0),  # a write too: the ledger is made (here, there already)
    ],
    ids=["stderr", "both", "a decision, stdout", "init, stdout"],
)
def test_a_command_started_with_stdout_or_stderr_closed_exits_with_its_own_status(
    own_demo: Cli, closed: str, args: tuple[str, ...], recorded: int
) -> None:
    # A closed descriptor (cron, a daemon, 'cmd >&-') makes sys.stdout or sys.stderr
    # None: nothing to flush. A decision recorded must not be reported as failed, or a
    # script would record it again.
    before = own_demo.events()

    done = _run_closed(own_demo, closed, args)

    assert done.returncode == 0, done.stderr
    assert own_demo.events() == before + recorded


@pytest.mark.parametrize(
    "args",
    [
        ("portfolio",),  # a table: rich or plain, by whether stdout is a terminal
        ("item", "show", "PGM-002"),
        ("portfolio", "--json"),  # written straight to the descriptor (streams.write_parts)
        ("audit", "verify"),
        ("--version",),
    ],
    ids=["a table", "fields", "json", "verify", "version"],
)
def test_a_read_with_stdout_closed_says_it_printed_nothing(
    own_demo: Cli, args: tuple[str, ...]
) -> None:
    # Python gives such a process no sys.stdout, and click dropped what the command
    # printed: it exited 0 having shown nothing, as if there were nothing to show.
    before = own_demo.events()

    done = _run_closed(own_demo, ">&-", args)

    assert done.returncode == 1
    assert "cannot write to standard output: it was closed when the command started" in (
        done.stderr
    )
    assert "> /dev/null to discard it" in done.stderr
    assert "Traceback" not in done.stderr
    assert own_demo.events() == before


@pytest.mark.parametrize(
    ("args", "kept"),
    [
        (("audit", "keygen", "--out", "{tmp}/signing.key"),
         ("the signer key it wrote is kept in {tmp}/signing.key, the verifier key to publish "
          "in {tmp}/signing.key.pub")),
        (("audit", "checkpoint", "--key", "{tmp}/key"),
         "the checkpoint it signed is kept in the ledger: run again, it is given again"),
        (("audit", "checkpoint", "--key", "{tmp}/key", "--every", "5"),
         "it is given again; and the ledger's setting --every 5 is kept"),
        (("projections", "rebuild", "audit_trail"), "the read models it rebuilt stand"),
    ],
    ids=["keygen", "checkpoint", "checkpoint --every", "rebuild"],
)  # fmt: skip
def test_a_command_that_did_its_work_with_stdout_closed_says_what_stands(
    own_demo: Cli, tmp_path: Path, args: tuple[str, ...], kept: str
) -> None:
    # Its output lost, the message said "a decision it recorded is recorded all the same"
    # of a key written or a checkpoint signed; it now says what it did, and where.
    own_demo("audit", "keygen", "--out", str(tmp_path / "key"))
    done = _run_closed(own_demo, ">&-", tuple(arg.format(tmp=tmp_path) for arg in args))
    said = " ".join(done.stderr.split())

    assert done.returncode == 1, done.stderr
    assert "What the command printed there is cut short; the " in said
    assert f"{kept.format(tmp=tmp_path)}. Give the command somewhere to write" in said
    assert "a decision it recorded" not in said


def test_a_read_with_stdout_closed_says_nothing_of_what_stands(own_demo: Cli) -> None:
    said = " ".join(_run_closed(own_demo, ">&-", ("items", "list")).stderr.split())
    assert "What the command printed there is cut short. Give the command" in said


def test_what_a_command_did_is_its_own_in_a_process_that_ran_others(own_demo: Cli) -> None:
    # In one process (a test's runner, a script calling main()), a decision recorded by
    # one command made a later read's lost output say it recorded one too.
    from portfolio_ledger.cli.errors import output_error

    assert own_demo(*DECIDE, "-m", "Moved up").exit_code == 0
    assert "a decision it recorded" in output_error(streams.OutputError("x", OSError(9, "y")))
    assert own_demo("items", "list").exit_code == 0
    assert "a decision it recorded" not in output_error(streams.OutputError("x", OSError(9, "y")))


def _run_closed(
    ledger: Cli, closed: str, args: tuple[str, ...]
) -> subprocess.CompletedProcess[str]:
    """The command run as a process, with ``closed`` (``>&-``, ``2>&-``) done by a shell."""
    command = [sys.executable, "-m", "portfolio_ledger", "--db", ledger.url, *args]
    env = {**os.environ, "PORTFOLIO_LEDGER_ACTOR": "Sam Patel", "PORTFOLIO_LEDGER_ROLE": "PMO"}
    shell = ["sh", "-c", f'exec "$@" {closed}', "sh", *command]
    return subprocess.run(shell, env=env, check=False, capture_output=True, text=True)


UNCAUGHT_SAID = """
import os, runpy, sys
sys.argv = ["portfolio-ledger", *sys.argv[1:]]
sys.excepthook = lambda kind, value, tb: os.write(1, f"uncaught {kind.__name__}".encode())
runpy.run_module("portfolio_ledger", run_name="__main__")
"""


@pytest.mark.parametrize(
    ("args", "status"),
    [
        (("item", "show", "NOPE-1"), 1),
        (("item", "show"), 2),
        (("no-such-command",), 2),
        (("--no-such-option",), 2),
        (("item", "report-status", "PGM-002", "--overall", "purple", "-m", "Why"), 2),
        (("item", "report-status", "PGM-002", "--overall", "red", "-m", " "), 2),
    ],
    ids=["not found", "missing argument", "no command", "no option", "bad choice", "blank"],
)
def test_a_refusal_standard_error_cannot_take_exits_with_the_command_s_status(
    demo: Cli, args: tuple[str, ...], status: int
) -> None:
    """Standard error on a full disk ('2> log' there): the refusal cannot be said.

    Writing it failed, and the failure ended in Python's traceback (in the log, once
    the disk had room again) with status 1 for every refusal, usage errors' 2 included.
    """
    command = [sys.executable, "-c", UNCAUGHT_SAID, "--db", demo.url, *args]
    env = {**os.environ, "PORTFOLIO_LEDGER_ACTOR": "Sam Patel", "PORTFOLIO_LEDGER_ROLE": "PMO"}
    before = demo.events()
    with Path("/dev/full").open("w") as full:
        done = subprocess.run(
            command, stdout=subprocess.PIPE, stderr=full, text=True, env=env, check=False
        )

    assert "uncaught" not in done.stdout
    assert done.returncode == status
    assert demo.events() == before


def test_exit_handlers_run(demo: Cli) -> None:
    done = subprocess.run(
        [sys.executable, "-c", HANDLER_RAN, "--db", demo.url, "economics", "--json"],
        capture_output=True,
        text=True,
        check=False,
    )

    assert done.returncode == 0, done.stderr
    assert done.stderr.strip().endswith("exit handler ran")
    assert json.loads(done.stdout)


class ExitCalledError(Exception):
    """os._exit, caught: the status it was given."""


class Stream:
    """A stand-in for stdout or stderr that records what is done to it."""

    def __init__(self, name: str, steps: list[str], broken: bool = False) -> None:
        self.name, self.steps, self.broken = name, steps, broken

    def write(self, text: str) -> int:
        self.steps.append(f"{self.name} {text.strip()}")
        return len(text)

    def flush(self) -> None:
        if self.broken:
            raise OSError(28, "No space left on device")
        self.steps.append(f"flush {self.name}")


@pytest.fixture
def leaving(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """``leave`` with os._exit, the exit handlers and the streams replaced by recorders."""
    steps: list[str] = []

    def exit_(status: int) -> None:
        steps.append(f"exit {status}")
        raise ExitCalledError(status)

    monkeypatch.setattr("os._exit", exit_)
    monkeypatch.setattr("atexit._run_exitfuncs", lambda: steps.append("handlers"))
    monkeypatch.setattr("sys.gettrace", lambda: None)  # as run without coverage or a debugger
    return steps


def leave(code: object, steps: list[str], *, broken: bool = False) -> None:
    """``streams.leave(code)`` with stdout and stderr replaced by recorders (in the test's body:
    pytest puts its own capture back between a fixture and the test)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("sys.stdout", Stream("stdout", steps, broken))
        patch.setattr("sys.stderr", Stream("stderr", steps))
        streams.leave(code)


@pytest.mark.parametrize(("code", "status"), [(None, 0), (0, 0), (3, 3)])
def test_leave_runs_the_handlers_flushes_and_exits_with_the_status(
    leaving: list[str], code: object, status: int
) -> None:
    with pytest.raises(ExitCalledError):
        leave(code, leaving)

    assert leaving == ["handlers", "flush stdout", "flush stderr", f"exit {status}"]


def test_leave_with_a_message_says_it_and_exits_1(leaving: list[str]) -> None:
    with pytest.raises(ExitCalledError):
        leave("stopped", leaving)

    assert leaving[0] == "stderr stopped"
    assert leaving[-1] == "exit 1"


def test_leave_says_120_when_output_cannot_be_flushed(leaving: list[str]) -> None:
    with pytest.raises(ExitCalledError):
        leave(0, leaving, broken=True)

    assert leaving == ["handlers", "flush stderr", "exit 120"]


def test_leave_exits_normally_while_another_thread_runs(leaving: list[str]) -> None:
    release = threading.Event()
    waiting: Callable[[], bool] = release.wait
    thread = threading.Thread(target=waiting)
    thread.start()
    try:
        with pytest.raises(SystemExit) as left:
            leave(4, leaving)
    finally:
        release.set()
        thread.join()

    assert left.value.code == 4
    assert leaving == []  # neither the handlers nor os._exit: the interpreter's own exit does both


def test_leave_exits_normally_under_a_profiler(leaving: list[str]) -> None:
    def profiler(*_: object) -> None:
        return None

    sys.setprofile(profiler)
    try:
        with pytest.raises(SystemExit) as left:
            leave(5, leaving)
    finally:
        sys.setprofile(None)

    assert left.value.code == 5
    assert leaving == []


def test_a_profile_of_a_command_is_written(demo: Cli, tmp_path: Path) -> None:
    profile = tmp_path / "economics.prof"
    command = ["-m", "cProfile", "-o", str(profile), "-m", "portfolio_ledger", "--db", demo.url]
    done = subprocess.run(
        [sys.executable, *command, "economics"],
        capture_output=True,
        text=True,
        check=False,
    )

    assert done.returncode == 0, done.stderr
    assert profile.stat().st_size > 0


@pytest.mark.parametrize("args", [("--help",), ("--version",), ("item", "--help")])
def test_help_or_version_standard_output_cannot_take_is_said(
    demo: Cli, args: tuple[str, ...]
) -> None:
    """'portfolio-ledger --help > /dev/full': the group's own --help and --version are
    written before any command runs. Their failure ended in Python's traceback; then in
    silence with status 1, where a command's own --help says why."""
    command = [sys.executable, "-c", UNCAUGHT_SAID, "--db", demo.url, *args]
    with Path("/dev/full").open("w") as full:
        done = subprocess.run(command, stdout=full, stderr=subprocess.PIPE, text=True, check=False)

    assert done.returncode == 1
    assert done.stderr.startswith("Error: cannot write to standard output: No space left"), (
        done.stderr
    )
    assert "Traceback" not in done.stderr
