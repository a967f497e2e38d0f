"""A command's "today", a command interrupted, the board pack's one snapshot: from the docs alone.

From docs/concepts.md, docs/reliability.md and docs/reports.md, what
test_midnight.py, test_interrupted_*.py and test_board_pack_while_recording.py
leave out: a decision, a correction, an import line, a return and a recorded
pack of the new day, begun before midnight (the clock's first reading is
23:59:59.9 of YESTERDAY, every later one past midnight); a real process sent
a real signal with its decision or import in its transaction, once it is
committed, and as its own code loads (the docs promised the started sentence
there, and were made exact); a pack checked against ``audit digest``,
``economics`` and ``portfolio``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from portfolio_ledger.application.commands import ProposeItem
from portfolio_ledger.bootstrap import open_ledger
from portfolio_ledger.domain.clock import utc_today
from portfolio_ledger.projections.read_side import ReadSide
from tests.behaviour.test_returns import HEADER
from tests.behaviour.test_tamper import record_items
from tests.builders import approved_item, propose
from tests.conftest import Cli, stored_events
from tests.reliability.conftest import record_elsewhere, recorded_on_first_call
from tests.reliability.test_midnight import _line

YESTERDAY = utc_today() - timedelta(days=1)
TODAY = YESTERDAY + timedelta(days=1)
_MIDNIGHT = datetime.combine(TODAY, datetime.min.time(), tzinfo=UTC).timestamp()


def begun_before_midnight(monkeypatch: pytest.MonkeyPatch) -> None:
    """The clock's first reading at 23:59:59.9 of YESTERDAY, every later one past midnight."""
    readings: list[int] = []

    def clock() -> int:
        readings.append(1)
        return int((_MIDNIGHT - 0.1 if len(readings) == 1 else _MIDNIGHT + 0.1) * 10**9)

    monkeypatch.setattr(time, "time_ns", clock)


def effective_dates(run: Cli, key: str) -> list[str]:
    history = run("item", "history", key, "--json")
    assert history.exit_code == 0, history.output
    return [entry["effective_date"] for entry in json.loads(history.stdout)]


PROPOSE = ("item", "propose", "PRJ-001", "--kind", "project", "--title", "Payroll",
           "--owner", "Dana", "--sponsor", "CFO", "--category", "Corporate systems",
           "-m", "Contract ends")  # fmt: skip


# -- 1. A command's "today" is the day it began ----------------------------------------------


def test_a_decision_given_no_day_begun_before_midnight_takes_effect_that_day(
    run: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run("init").exit_code == 0
    begun_before_midnight(monkeypatch)

    proposed = run(*PROPOSE)

    assert proposed.exit_code == 0, proposed.output
    assert effective_dates(run, "PRJ-001") == [YESTERDAY.isoformat()]


def test_a_decision_dated_the_next_day_begun_before_midnight_is_in_the_future(
    run: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Never in the future: today is the day it began, so the next day is refused (exit 2)."""
    assert run("init").exit_code == 0
    before = run.events()
    begun_before_midnight(monkeypatch)

    proposed = run(*PROPOSE, "--effective-date", TODAY.isoformat())

    assert proposed.exit_code == 2, proposed.output
    said = " ".join(proposed.output.split())
    assert f"--effective-date: {TODAY.isoformat()} is in the future" in said
    assert f"(today is {YESTERDAY.isoformat()} in UTC" in said
    assert run.events() == before


def test_a_correction_given_no_day_begun_before_midnight_takes_effect_that_day(
    run: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    proposed = run(*PROPOSE, "--effective-date", "2026-01-05", "--json")
    assert proposed.exit_code == 0, proposed.output
    position = str(run.events())
    begun_before_midnight(monkeypatch)

    corrected = run("decision", "correct", position, "--set", "title=Payroll replacement",
                    "--authority", "PMO procedure", "-m", "As minuted")  # fmt: skip

    assert corrected.exit_code == 0, corrected.output
    trail = json.loads(run("audit", "trail", "--json").stdout)
    assert trail[-1]["event"] == "corrected", trail[-1]
    assert trail[-1]["effective_date"] == YESTERDAY.isoformat()


def test_an_import_begun_before_midnight_refuses_a_line_dated_the_next_day(
    run: Cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """It checks every line against the day it began: the whole file is refused, nothing kept."""
    proposal = {"kind": "project", "title": "Payroll", "owner": "Dana", "sponsor": "CFO"}
    proposal["category"] = "Corporate systems"
    appraisal: dict[str, Any] = {"estimated_cost": "1000", "expected_benefits": "2000"}
    appraisal |= {"risk_rating": "low", "alignment_score": 50, "effective_date": TODAY.isoformat()}
    path = tmp_path / "decisions.jsonl"
    lines = [_line("item propose", **proposal), _line("item appraise", **appraisal)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert run("init").exit_code == 0
    before = run.events()
    begun_before_midnight(monkeypatch)

    imported = run("import", str(path))

    assert imported.exit_code == 2, imported.output
    said = " ".join(imported.output.split())
    assert f"line 2: effective_date: {TODAY.isoformat()} is in the future" in said
    assert f"(today is {YESTERDAY.isoformat()} in UTC" in said
    assert run.events() == before


def test_a_return_as_at_the_next_day_begun_before_midnight_is_refused(
    run: Cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """``returns import``: the day it checks --as-at against, and says, is the day it began."""
    command = _an_import("returns", tmp_path, TODAY.isoformat())[0]
    assert run("init").exit_code == 0
    before = run.events()
    begun_before_midnight(monkeypatch)

    returned = run(*command)

    assert returned.exit_code == 2, returned.output
    said = " ".join(returned.output.split())
    assert f"(today is {YESTERDAY.isoformat()} in UTC" in said
    assert run.events() == before


def test_a_pack_recorded_as_at_the_next_day_begun_before_midnight_is_refused(
    run: Cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A board pack's ``--as-at`` to record is a future date refused (exit 2), nothing written."""
    record_items(run.url, approved_item)
    before = run.events()
    begun_before_midnight(monkeypatch)

    tabled = run("report", "board-pack", "--as-at", TODAY.isoformat(), "--board", "IC",
                 "--record", "--out", str(tmp_path / "ic.html"))  # fmt: skip

    assert tabled.exit_code == 2, tabled.output
    said = " ".join(tabled.output.split())
    assert f"--as-at: {TODAY.isoformat()} is in the future" in said
    assert f"(today is {YESTERDAY.isoformat()} in UTC" in said
    assert run.events() == before


# -- 2. Ctrl-C or SIGTERM during a command (real processes, real signals) --------------------

INTERRUPTED = """
import os, signal, sys

# Ctrl-C as a terminal delivers it: a run started in the background (nohup, "&" without job
# control, as CI may be) has SIGINT ignored, and this process would inherit that.
signal.signal(signal.SIGINT, signal.default_int_handler)

STOP, AT = getattr(signal, sys.argv[1]), sys.argv[2]
sys.argv[1:] = sys.argv[3:]
from portfolio_ledger.projections.runner import Projections
from portfolio_ledger.storage.recorder import LedgerRecorder

stored = []
append, catch_up = LedgerRecorder._append, Projections.catch_up

def appended(self, *args, **kwargs):
    found = append(self, *args, **kwargs)
    stored.append(True)
    if AT == "in-transaction":  # the events in the open transaction, not committed
        os.kill(os.getpid(), STOP)
    return found

def caught_up(self, *args, **kwargs):
    if AT == "catching-up" and stored:  # committed; the read models not yet caught up
        stored.clear()
        os.kill(os.getpid(), STOP)
    return catch_up(self, *args, **kwargs)

class SignalOnImport:  # AT a module: as the command's own code loads, once its line is read
    def find_spec(self, name, path=None, target=None):
        if name == AT:
            sys.meta_path.remove(self)
            os.kill(os.getpid(), STOP)

LedgerRecorder._append, Projections.catch_up = appended, caught_up
from portfolio_ledger.__main__ import main
sys.meta_path.insert(0, SignalOnImport())
main()
"""


def _interrupted(db_url: str, stop: str, at: str, *command: str) -> str:
    """What the real process, sent ``stop`` at ``at``, said: exit 130, no traceback."""
    env = {**os.environ, "PORTFOLIO_LEDGER_ACTOR": "Sam Patel", "PORTFOLIO_LEDGER_ROLE": "PMO"}
    args = [sys.executable, "-c", INTERRUPTED, stop, at, "--db", db_url, *command]
    stopped = subprocess.run(
        args, capture_output=True, text=True, timeout=120, check=False, env=env
    )
    assert stopped.returncode == 130, (stopped.returncode, stopped.stderr)
    assert "Traceback" not in stopped.stderr
    return " ".join(stopped.stderr.split())


@pytest.mark.parametrize("stop", ["SIGINT", "SIGTERM"])
def test_a_decision_interrupted_before_its_commit_is_rolled_back(db_url: str, stop: str) -> None:
    run = Cli(db_url)
    assert run("init").exit_code == 0
    before = stored_events(db_url)

    said = _interrupted(db_url, stop, "in-transaction", *PROPOSE)

    assert "Interrupted. Whatever was not yet committed was rolled back" in said
    assert stored_events(db_url) == before  # nothing of it stored
    again = run(*PROPOSE)  # and the same decision is recorded once, when sent again
    assert again.exit_code == 0, again.output
    assert stored_events(db_url) == before + 1


@pytest.mark.parametrize("stop", ["SIGINT", "SIGTERM"])
def test_a_decision_interrupted_after_its_commit_is_kept(db_url: str, stop: str) -> None:
    run = Cli(db_url)
    assert run("init").exit_code == 0
    before = stored_events(db_url)

    said = _interrupted(db_url, stop, "catching-up", *PROPOSE)

    assert "Interrupted after the command's decisions were recorded" in said
    assert stored_events(db_url) == before + 1  # stored
    shown = run("item", "show", "PRJ-001", "--json")  # the next command catches up
    assert shown.exit_code == 0, shown.output
    assert json.loads(shown.stdout)["title"] == "Payroll"


def _an_import(
    what: str, tmp_path: Path, as_at: str = "2026-09-30"
) -> tuple[list[str], tuple[str, ...], set[str]]:
    """``import`` of three people or ``returns import`` of one item: the command, a list, keys."""
    if what == "returns":
        path, row = tmp_path / "q.csv", "PRJ-1,Payroll,project,DFE,Corporate,Dana,CFO,live,5,,"
        path.write_text(f"{HEADER}\n{row}\n", encoding="utf-8")
        asked = ["returns", "import", str(path), "--as-at", as_at, "--authority", "Office"]
        return asked, ("portfolio", "--json"), {"PRJ-1"}
    path = tmp_path / "people.jsonl"
    lines = [json.dumps({"command": "person add", "key": f"p{n}", "name": f"Person {n}",
                         "actor": "praman", "role": "PMO", "rationale": "Set up."})
             for n in range(3)]  # fmt: skip
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return ["import", str(path)], ("person", "list", "--json"), {"p0", "p1", "p2"}


@pytest.mark.parametrize("what", ["import", "returns"])
@pytest.mark.parametrize("stop", ["SIGINT", "SIGTERM"])
def test_an_import_interrupted_before_its_commit_is_rolled_back_and_imports_again(
    db_url: str, stop: str, what: str, tmp_path: Path
) -> None:
    run, (command, listing, keys) = Cli(db_url), _an_import(what, tmp_path)
    assert run("init").exit_code == 0
    before = stored_events(db_url)

    said = _interrupted(db_url, stop, "in-transaction", *command)

    assert "Interrupted. Whatever was not yet committed was rolled back" in said
    assert stored_events(db_url) == before
    again = run(*command)  # not "already imported": none of it was
    assert again.exit_code == 0, again.output
    assert "Already imported" not in again.output
    assert keys <= {row["key"] for row in _json(run(*listing))}


@pytest.mark.parametrize("what", ["import", "returns"])
@pytest.mark.parametrize("stop", ["SIGINT", "SIGTERM"])
def test_an_import_interrupted_after_its_commit_is_kept_and_said_already_imported(
    db_url: str, stop: str, what: str, tmp_path: Path
) -> None:
    run, (command, listing, keys) = Cli(db_url), _an_import(what, tmp_path)
    assert run("init").exit_code == 0
    before = stored_events(db_url)

    said = _interrupted(db_url, stop, "catching-up", *command)

    assert "Interrupted after the command's decisions were recorded" in said
    recorded = stored_events(db_url)
    assert recorded > before
    again = run(*command)
    assert again.exit_code == 0, again.output
    assert "Already imported" in again.output
    assert stored_events(db_url) == recorded
    assert keys <= {row["key"] for row in _json(run(*listing))}  # the next command caught up


@pytest.mark.parametrize("stop", ["SIGINT", "SIGTERM"])
def test_a_command_stopped_as_its_own_code_loads_says_nothing_was_committed(
    stop: str, tmp_path: Path
) -> None:
    """After the command line is read, before the ledger is opened: the first sentence, 130."""
    ledger = tmp_path / "ledger.db"

    said = _interrupted(str(ledger), stop, "portfolio_ledger.cli.item", *PROPOSE)

    assert "Interrupted. Whatever was not yet committed was rolled back" in said
    assert not ledger.exists()  # nothing made, nothing written


def test_a_command_made_before_midnight_handled_after_takes_effect_the_day_it_was_made(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Python API: the model fills its day as it is built (docs/concepts.md, made exact)."""
    ledger, undated = open_ledger(db_url)[0], propose().model_dump(exclude={"effective_date"})
    try:
        begun_before_midnight(monkeypatch)  # the command made before midnight, handled after
        ledger.handle(ProposeItem.model_validate(undated))
        days = [entry.effective_date for entry in ledger.queries.history("PRJ-001")]
    finally:
        ledger.close()
    assert days == [YESTERDAY]


# -- 3. The board pack read in one snapshot --------------------------------------------------


def _pack(run: Cli, clock: str = "effective") -> dict[str, Any]:
    asked = ("report", "board-pack", "--as-at", TODAY.isoformat(), "--clock", clock, "--json")
    pack: dict[str, Any] = _json(run(*asked))
    return pack


def _json(result: Result) -> Any:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


MONEY = ("whole_life_cost", "authorised_budget", "forecast_cost")
FIGURES: tuple[str, ...] = ("items", "currency", *MONEY)
FIGURES += tuple(f"{money}_{what}" for money in MONEY for what in ("withheld", "not_known"))
FIGURES += ("whole_life_cost_earlier", "forecast_cost_earlier")


def _agrees_with_the_ledger(run: Cli, pack: dict[str, Any]) -> None:
    """Its digest is ``audit digest``'s; its figures ``economics``' and ``portfolio``'s."""
    assert pack["digest"] == _json(run("audit", "digest", "--json"))["line"]
    economics = _json(run("economics", "--json"))
    for by in ("category", "organisation"):
        rows = [row for row in economics["totals"] if row["dimension"] == by]
        named = {row["value"] or "no organisation": [row[f] for f in FIGURES] for row in rows}
        assert {r["label"]: [r[f] for f in FIGURES] for r in pack["summary"][f"by_{by}"]} == named
    assert pack["summary"]["committed"] == economics["committed"]
    assert pack["summary"]["items"] == len(_json(run("portfolio", "--json")))


def test_the_demo_s_pack_agrees_with_audit_digest_economics_and_portfolio(
    shared_demo: Cli,
) -> None:
    pack = _pack(shared_demo)
    _agrees_with_the_ledger(shared_demo, pack)
    envelope = _json(shared_demo("economics", "--json"))["envelope"]
    assert pack["summary"]["envelope"]["envelope"] == envelope["amount"]


@pytest.mark.parametrize("clock", ["effective", "recorded"])
def test_a_pack_made_while_a_decision_is_recorded_is_the_pack_of_the_record_before_it(
    run: Cli, monkeypatch: pytest.MonkeyPatch, clock: str
) -> None:
    record_items(run.url, approved_item)  # PRJ-001, with the governance to approve it
    earlier = _pack(run, clock)
    _agrees_with_the_ledger(run, earlier)

    recorded = recorded_on_first_call(
        monkeypatch, ReadSide, "portfolio",
        lambda: record_elsewhere(run.url, propose("PRJ-002")), after=True,
    )  # fmt: skip
    meanwhile = _pack(run, clock)

    assert recorded
    assert meanwhile["digest"] == earlier["digest"]  # PRJ-002 is in none of it
    assert meanwhile["summary"] == earlier["summary"]
    later = _pack(run, clock)
    assert later["summary"]["items"] == earlier["summary"]["items"] + 1
    _agrees_with_the_ledger(run, later)
