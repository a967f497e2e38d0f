"""Faults and hostile input found by a probe: each a clear refusal, a bounded wait, or the answer.

Every case here once gave an internal error, a hang, a raw driver message or
an unclear answer. Now each is refused naming what is wrong (and writing
nothing), or waits a bounded, documented time and says another writer holds
the ledger, or simply works. Database cases run on an SQLite file and on
PostgreSQL.
"""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text

from portfolio_ledger.application.ledger import PortfolioLedger
from portfolio_ledger.domain.clock import utc_today
from portfolio_ledger.storage.datastore import rebuild_lock
from portfolio_ledger.storage.urls import normalise_url
from tests import builders
from tests.conftest import Cli, stored_events
from tests.ledger_copies import copy_of, demo
from tests.time_zones import time_zone

__all__ = ["time_zone"]  # the fixture, used by name

ROOT = Path(__file__).parents[2]
PROPOSE = ("--kind", "project", "--title", "T", "--owner", "O", "--sponsor", "S", "--category", "C")


def cli_process(url: str, *args: str, **env: str) -> list[str]:
    """The command line as a process of its own (``python -m portfolio_ledger``)."""
    return [sys.executable, "-m", "portfolio_ledger", "--db", url, *args]


def no_internal_error(output: str) -> None:
    assert "Traceback" not in output
    assert "Internal error" not in output


# -- moments at the ends of the calendar ----------------------------------------------------

EDGES = ("0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00")


@pytest.mark.parametrize("moment", EDGES)
@pytest.mark.parametrize(
    "command",
    [
        ("portfolio", "--as-of"),
        ("item", "show", "PRJ-001", "--as-of"),
        ("economics", "--as-of"),
        ("board", "show", "IC", "--as-of"),
        ("audit", "trail", "--from"),
        ("audit", "trail", "--to"),
    ],
    ids=" ".join,
)
def test_a_moment_outside_the_calendar_in_utc_is_refused_naming_the_option(
    run: Cli, command: tuple[str, ...], moment: str
) -> None:
    result = run(*command, moment)

    no_internal_error(result.output)
    assert result.exit_code == 2, result.output
    assert "outside the calendar" in result.output


def test_a_time_tolerance_reaching_the_end_of_the_calendar_still_takes_status_reports(
    run: Cli,
) -> None:
    ledger = PortfolioLedger(run.url)
    try:
        builders.approved_item(ledger)
    finally:
        ledger.close()
    meeting = builders.ic_meeting()
    votes = ",".join(f"{k}={v}" for k, v in meeting["votes"].items())
    tolerance = run(
        "item", "set-tolerance", "PRJ-001", "--time", "30d", "--planned-finish", "9999-12-31",
        "--board", "IC", "--present", ",".join(meeting["present"]), "--vote", votes,
        "--actor", "hcarter", "-m", "Far finish",
    )  # fmt: skip
    assert tolerance.exit_code == 0, tolerance.output

    reported = run(
        "item", "report-status", "PRJ-001", "--overall", "green", "--forecast-date", "2027-01-01",
        "-m", "On track",
    )  # fmt: skip

    no_internal_error(reported.output)
    assert reported.exit_code == 0, reported.output


# -- arguments that are not UTF-8 -----------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("item", "propose", "PRJ-1", *PROPOSE, "-m", "Why", "--actor", "\udcff"),
        ("audit", "export", "--format", "csv", "--out", "trail-\udcff.csv"),
    ],
    ids=["actor", "out path"],
)
def test_an_argument_that_is_not_utf8_is_refused_before_anything_is_written(
    run: Cli, args: tuple[str, ...]
) -> None:
    result = run(*args)

    no_internal_error(result.output)
    assert result.exit_code == 2, result.output
    assert "is not valid UTF-8" in result.output
    assert run.events() == 0


def test_non_utf8_bytes_on_a_real_command_line_are_refused(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'ledger.db'}"
    command = [os.fsencode(part) for part in cli_process(url, "item", "propose", "PRJ-1")]
    command += [b"--kind", b"project", b"--title", b"T\xff", b"-m", b"why"]

    result = subprocess.run(command, capture_output=True, cwd=ROOT, check=False)

    assert result.returncode == 2, result.stderr
    assert b"argument" in result.stderr
    assert b"is not valid UTF-8" in result.stderr
    assert b"Traceback" not in result.stderr


# -- import lines -------------------------------------------------------------------------


def _import(run: Cli, tmp_path: Path, *lines: str | bytes) -> tuple[int, str]:
    file = tmp_path / "lines.jsonl"
    file.write_bytes(b"".join((x if isinstance(x, bytes) else x.encode()) + b"\n" for x in lines))
    result = run("import", str(file))
    no_internal_error(result.output)
    return result.exit_code, result.output


def _line(**fields: object) -> str:
    line: dict[str, object] = {
        "command": "item propose", "key": "PRJ-1", "kind": "project", "title": "T",
        "owner": "O", "sponsor": "S", "category": "C", "rationale": "Why",
    }  # fmt: skip
    line.update(fields)
    return json.dumps(line)


@pytest.mark.parametrize(
    ("line", "said"),
    [
        (_line(title=1).replace("1", "9" * 5000), "5,000 digits"),
        ('{"command": "item propose", "x": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested"),
        (_line()[:-1] + ', "rationale": "Forged"}', "'rationale' is given twice"),
        (_line(effective_date="2026-01-05", **{"effective-date": "2026-01-06"}), "given twice"),
        (_line(currency="QQQ"), "not an ISO 4217 currency code"),
        (_line(key="PRE\ufb01X"), "plain ASCII"),
        (_line(key="WA\u0131T"), "plain ASCII"),
        (_line(key="\u017fTOP"), "plain ASCII"),
        ('{"command": "item propose", "budget": NaN}', "NaN is not a JSON number"),
    ],
    ids=[
        "5000 digits", "nested 100000 deep", "duplicate key", "two spellings", "currency QQQ",
        "ligature key", "dotless i key", "long s key", "NaN",
    ],
)  # fmt: skip
def test_an_import_line_that_cannot_mean_one_thing_is_refused_with_its_number(
    run: Cli, tmp_path: Path, line: str, said: str
) -> None:
    code, output = _import(run, tmp_path, _line(key="PRJ-0"), line)

    assert code == 2, output
    assert "line 2:" in output
    assert said in output
    assert run.events() == 0


def test_true_is_not_a_rank(run: Cli, tmp_path: Path) -> None:
    reprioritise = {
        "command": "reprioritise", "key": "PRJ-1", "rank": True, "authority": "PDG",
        "rationale": "Why",
    }  # fmt: skip

    code, output = _import(run, tmp_path, _line(), json.dumps(reprioritise))

    assert code == 2, output
    assert "line 2: rank: must be a whole number, not true" in output
    assert run.events() == 0


# -- a busy ledger ------------------------------------------------------------------------------


@contextmanager
def append_lock_held(url: str) -> Iterator[None]:
    """Another session holding the ledger's append lock (as a long import does)."""
    engine = create_engine(normalise_url(url))
    try:
        with engine.connect() as connection:
            if engine.dialect.name == "postgresql":
                connection.execute(
                    text("SELECT pg_advisory_xact_lock(71610261, hashtext(current_schema()))")
                )
            else:
                connection.exec_driver_sql("BEGIN IMMEDIATE")
            yield
            connection.rollback()
    finally:
        engine.dispose()


def test_a_writer_waits_a_bounded_time_for_another_then_says_so(run: Cli) -> None:
    assert run("item", "propose", "PRJ-1", *PROPOSE, "-m", "Why").exit_code == 0

    with append_lock_held(run.url):
        started = time.monotonic()
        result = run(
            "item", "propose", "PRJ-2", *PROPOSE, "-m", "Why",
            env={"PORTFOLIO_LEDGER_LOCK_TIMEOUT": "1"},
        )  # fmt: skip
        waited = time.monotonic() - started

    no_internal_error(result.output)
    assert result.exit_code == 1, result.output
    if run.url.startswith("postgresql"):  # the session holding it named
        said = " ".join(result.output.split())
        assert "holding the append lock (another writer recording decisions" in said
        assert "SELECT pg_terminate_backend(" in said
    else:
        assert "another writer holds the ledger" in result.output
    assert "nothing was written" in result.output
    assert waited < 20
    assert run.events() == 1


def test_readers_do_not_wait_for_a_writer(run: Cli) -> None:
    assert run("item", "propose", "PRJ-1", *PROPOSE, "-m", "Why").exit_code == 0

    with append_lock_held(run.url):
        started = time.monotonic()
        results = [
            run(*args, env={"PORTFOLIO_LEDGER_LOCK_TIMEOUT": "5"})
            for args in (("items", "list"), ("item", "show", "PRJ-1"), ("audit", "verify"))
        ]
        waited = time.monotonic() - started

    for result in results:
        assert result.exit_code == 0, result.output
    assert waited < 5


# -- the wrong database -------------------------------------------------------------------------


def test_another_application_s_sqlite_file_is_refused_unless_adopted(tmp_path: Path) -> None:
    other = tmp_path / "crm.db"
    engine = create_engine(f"sqlite:///{other}")
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
    engine.dispose()
    run = Cli(f"sqlite:///{other}")

    refused = run("items", "list")
    adopted = run("init", "--force")
    listed = run("items", "list")

    assert refused.exit_code == 1, refused.output
    assert "already holds 1 table (customers) and no ledger" in refused.output
    assert "init --force" in refused.output
    with create_engine(f"sqlite:///{other}").connect() as connection:
        assert adopted.exit_code == 0, adopted.output
        names = {row[0] for row in connection.exec_driver_sql("SELECT name FROM sqlite_master")}
    assert "customers" in names
    assert "portfolio_ledger_events" in names
    assert listed.exit_code == 0, listed.output


@pytest.mark.empty_schema("another application's table where the ledger would make its own")
def test_init_force_never_drops_another_application_s_table_of_a_read_model_s_name(
    db_url: str,
) -> None:
    """Before, the set-up took ``audit_trail`` for an incomplete read model and dropped it."""
    engine = create_engine(normalise_url(db_url))
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE audit_trail (id integer PRIMARY KEY, what text)")
        connection.exec_driver_sql("INSERT INTO audit_trail VALUES (1, 'their row')")
    run = Cli(db_url)

    adopted = run("init", "--force")

    assert adopted.exit_code == 1, adopted.output
    assert "Traceback" not in adopted.output
    assert "holds another application's table audit_trail, under a name" in adopted.output
    assert "nothing was created" in adopted.output
    assert "a schema of its own" in adopted.output
    try:
        assert set(inspect(engine).get_table_names()) == {"audit_trail"}  # nothing made
        with engine.connect() as connection:
            rows = connection.exec_driver_sql("SELECT id, what FROM audit_trail").all()
        assert [tuple(row) for row in rows] == [(1, "their row")]
    finally:
        engine.dispose()


def test_another_application_s_postgresql_schema_is_refused(postgres_url: str) -> None:
    engine = create_engine(normalise_url(postgres_url))
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE invoices (id integer PRIMARY KEY)")
    engine.dispose()

    refused = Cli(postgres_url)("items", "list")

    assert refused.exit_code == 1, refused.output
    assert "(invoices) and no ledger" in refused.output
    assert stored_events(postgres_url) == 0


# -- permissions -----------------------------------------------------------------------------


def _without_root_powers(command: list[str]) -> list[str]:
    """As an ordinary user: root's power to ignore file permissions dropped, if we are root."""
    if os.geteuid() != 0:
        return command
    return ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner", "--", *command]


def _as_user(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        _without_root_powers(cli_process(url, *args)),
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PORTFOLIO_LEDGER_ACTOR": "A", "PORTFOLIO_LEDGER_ROLE": "R"},
        check=False,
    )


def test_a_read_only_ledger_file_is_named_and_mends_once_writable(tmp_path: Path) -> None:
    ledger = tmp_path / "ledger.db"
    url = f"sqlite:///{ledger}"
    assert _as_user(url, "item", "propose", "PRJ-1", *PROPOSE, "-m", "Why").returncode == 0
    ledger.chmod(0o444)

    listed = _as_user(url, "items", "list")
    refused = _as_user(url, "item", "propose", "PRJ-2", *PROPOSE, "-m", "Why")
    ledger.chmod(0o644)
    mended = _as_user(url, "item", "propose", "PRJ-3", *PROPOSE, "-m", "Why")

    assert listed.returncode == 0, listed.stderr
    assert "PRJ-1" in listed.stdout
    no_internal_error(refused.stderr)
    assert refused.returncode == 1, refused.stderr
    assert f"the ledger file {ledger} is read-only for this user" in refused.stderr
    assert "check the URL" not in refused.stderr
    assert mended.returncode == 0, mended.stderr  # -wal and -shm left read-only are mended
    assert stored_events(url) == 2


def test_a_read_only_folder_is_named(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    url = f"sqlite:///{folder / 'ledger.db'}"
    folder.chmod(0o555)
    try:
        result = _as_user(url, "item", "propose", "PRJ-1", *PROPOSE, "-m", "Why")
    finally:
        folder.chmod(0o755)

    no_internal_error(result.stderr)
    assert result.returncode == 1, result.stderr
    assert f"the folder {folder} is not writable" in result.stderr


# -- the demo, killed --------------------------------------------------------------------


def test_a_killed_demo_leaves_nothing_and_the_demo_then_runs(
    tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    reference = f"sqlite:///{tmp_path / 'reference.db'}"
    copy_of(demo, reference, request)  # the module's demo ledger, made once
    whole = stored_events(reference)  # all of the demo: the same on every run of a day
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    PortfolioLedger(url).close()
    for delay in (0.5, 1.0, 1.5, 2.0):
        process = subprocess.Popen(
            cli_process(url, "demo"), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT
        )
        time.sleep(delay)
        process.kill()
        process.wait()
        left = stored_events(url)
        if left:  # it finished before the kill: all of it
            break
    assert left in {0, whole}, left
    if left == 0:
        finished = Cli(url)("demo")
        assert finished.exit_code == 0, finished.output
    assert stored_events(url) == whole


# -- the calendar is UTC's -------------------------------------------------------------------


@pytest.mark.parametrize("zone", ["Pacific/Kiritimati", "Etc/GMT+12"])
def test_not_in_the_future_means_after_today_in_utc_wherever_the_machine_is(
    run: Cli, time_zone: Callable[[str], None], zone: str
) -> None:
    time_zone(zone)
    today = utc_today()

    tomorrow = run(
        "item", "propose", "PRJ-1", *PROPOSE, "-m", "Why",
        "--effective-date", (today + timedelta(days=1)).isoformat(),
    )  # fmt: skip
    on_today = run(
        "item", "propose", "PRJ-2", *PROPOSE, "-m", "Why", "--effective-date", today.isoformat()
    )
    by_default = run("item", "propose", "PRJ-3", *PROPOSE, "-m", "Why", "--json")

    assert tomorrow.exit_code == 2, tomorrow.output
    assert "in the future" in tomorrow.output
    assert "in UTC" in tomorrow.output
    assert on_today.exit_code == 0, on_today.output
    assert by_default.exit_code == 0, by_default.output
    assert run.events() == 2


# -- the process around a command ---------------------------------------------------------------


def test_a_reader_that_leaves_early_does_not_change_the_exit_status(
    tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    url = f"sqlite:///{tmp_path / 'ledger.db'}"
    copy_of(demo, url, request)  # the module's demo ledger, made once
    out = tmp_path / "trail.csv"
    assert Cli(url)("audit", "export", "--format", "csv", "--out", str(out)).exit_code == 0
    many = " ".join(["--db", url, "audit", "trail"])  # long output, cut after one line
    script = (
        f"{sys.executable} -m portfolio_ledger --db {url} audit verify-export {out} | head -1; "
        'echo "status=${PIPESTATUS[0]}"; '
        f"{sys.executable} -m portfolio_ledger {many} | head -1 >/dev/null; "
        'echo "status=${PIPESTATUS[0]}"; '
        # stderr's reader gone before the command says where it wrote: the file is written
        f"{sys.executable} -m portfolio_ledger --db {url} items list --out {tmp_path / 'j.csv'} "
        '2>&1 >/dev/null | true; echo "status=${PIPESTATUS[0]}"'
    )

    result = subprocess.run(
        ["bash", "-c", script], capture_output=True, text=True, cwd=ROOT, check=False
    )

    assert result.stdout.splitlines()[0].startswith("File: ")
    assert result.stdout.splitlines()[1:] == ["status=0", "status=0", "status=0"], result.stdout
    assert (tmp_path / "j.csv").read_text(encoding="utf-8-sig").startswith("Rank,")
    assert result.stderr == "", result.stderr


def test_a_terminated_import_says_so_and_leaves_nothing_not_driver_noise(
    db_url: str, tmp_path: Path
) -> None:
    from bench import generate
    from portfolio_ledger.cli.imports import BULK_BYTES

    # Long enough that a fast machine is still at it after two seconds (8,000 lines were
    # not), short enough (under 16 MiB) for the import's ordinary path, not the bulk one.
    file, lines = tmp_path / "big.jsonl", 30_000
    file.write_text("\n".join(generate.lines(lines)) + "\n", encoding="utf-8")
    assert file.stat().st_size < BULK_BYTES
    PortfolioLedger(db_url).close()
    process = subprocess.Popen(
        cli_process(db_url, "import", str(file)),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    # Once it reads the file, not after a fixed two seconds: on a loaded machine those
    # could end while the command line was still loading, and the import said it was
    # interrupted as it started (nothing read or written), neither of the two below.
    if _reading(process, file):
        process.send_signal(signal.SIGTERM)
    _out, err = process.communicate(timeout=60)

    if process.returncode == 0:  # it finished first: nothing to show
        pytest.skip("the import finished before it could be terminated")
    assert process.returncode == 130, err
    assert "Interrupted" in err
    assert "psycopg" not in err
    assert "Pipeline" not in err
    assert "Traceback" not in err
    # Stopped while appending: nothing; stopped once it was committed (while the read
    # models caught up): all of it, and the message says so.
    if "were recorded" in " ".join(err.split()):
        assert stored_events(db_url) == lines
        assert "Already imported" in Cli(db_url)("import", str(file)).output
    else:
        assert "rolled back" in err
        assert stored_events(db_url) == 0


def _reading(process: subprocess.Popen[str], file: Path) -> bool:
    """Wait until ``process`` has ``file`` open: its command under way. False if it ended first."""
    descriptors = Path(f"/proc/{process.pid}/fd")
    if not Path("/proc/self/fd").is_dir():
        pytest.skip("no /proc here to see which files a process has open")
    deadline = time.monotonic() + 120
    while process.poll() is None:
        try:
            if any(fd.readlink() == file for fd in descriptors.iterdir()):
                return True
        except OSError:  # a descriptor closed while looked at, or the process gone
            pass
        assert time.monotonic() < deadline, "the import never opened its file"
        time.sleep(0.005)
    return False


# -- two rebuilds at once ------------------------------------------------------------------------


def _read_until(process: subprocess.Popen[str], wanted: str, seconds: float) -> str:
    """The process's stderr up to and including the line that says ``wanted``."""
    assert process.stderr is not None
    deadline = time.monotonic() + seconds
    said = ""
    while wanted not in said:
        ready, _, _ = select.select([process.stderr], [], [], max(deadline - time.monotonic(), 0))
        line = process.stderr.readline() if ready else ""
        if not line:
            raise AssertionError(f"{wanted!r} never said; stderr so far: {said!r}")
        said += line
    return said


def test_a_second_rebuild_waits_for_the_first(db_url: str) -> None:
    ledger = PortfolioLedger(db_url)
    try:
        builders.approved_item(ledger)
    finally:
        ledger.close()
    engine = create_engine(normalise_url(db_url))
    try:
        with rebuild_lock(engine):  # a rebuild in progress
            second = subprocess.Popen(
                cli_process(db_url, "projections", "rebuild"),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                cwd=ROOT,
            )
            # Held until the second says it waits: however slowly it starts on a
            # busy machine, it must find the lock taken, not be let in by a timer.
            said = _read_until(second, "Another rebuild is running; waiting", seconds=120)
            assert second.poll() is None  # waiting, not failing
        out, err = second.communicate(timeout=120)
    finally:
        engine.dispose()

    assert second.returncode == 0, said + err
    assert "Another rebuild is running; waiting" in said
    assert "Rebuilt" in out
    assert Cli(db_url)("audit", "verify", "--read-models").exit_code == 0
