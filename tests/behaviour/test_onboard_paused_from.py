"""An item that joins paused says what it was paused from, and resumes to that stage.

A PPM tool's *On Hold* in a planning phase is an item paused before its delivery
began: onboarded paused, it was taken as paused from in delivery (the only choice
before ``paused_from``), shown so, and resumed into delivery. Now ``item onboard
--paused-from approved``, an import line's ``paused_from`` and a return's column (a
tool's *Phase*, read only in the rows that are paused) say it; one that says none is
recorded as paused from in delivery, said. An onboarding recorded before the field was
added holds no ``paused_from`` and is read as in delivery, as then.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from tests.behaviour.test_returns import show
from tests.conftest import Cli

BASELINE = ("--authority", "PMO baseline", "-m", "Baseline from the register")
ON = ("--effective-date", "2026-01-05")


def _onboard(run: Cli, key: str, *options: str) -> str:
    result = run("item", "onboard", key, "--title", f"Item {key}", "--category", "ICT",
                 *ON, *BASELINE, *options)  # fmt: skip
    return result.output if result.exit_code == 0 else f"exit {result.exit_code}: {result.output}"


def _digest(run: Cli) -> str:
    run("init")  # a new ledger's digest, where nothing is recorded yet
    result = run("audit", "digest")
    assert result.exit_code == 0, result.output
    return result.output


def test_an_item_onboarded_paused_from_approved_resumes_to_approved(run: Cli) -> None:
    said = _onboard(run, "HOLD-1", "--stage", "paused", "--paused-from", "approved")
    assert "project onboarded paused (from approved): Item HOLD-1" in said
    assert show(run, "HOLD-1")["paused_from"] == "approved"
    resumed = run("item", "resume", "HOLD-1", "--authority", "PMO", "-m", "Funding found",
                  "--effective-date", "2026-02-02")  # fmt: skip
    assert resumed.exit_code == 0, resumed.output
    assert "resumed (approved)" in resumed.output
    assert (show(run, "HOLD-1")["stage"], show(run, "HOLD-1")["paused_from"]) == (
        "approved",
        None,
    )


def test_an_item_onboarded_paused_without_saying_from_what_is_paused_from_delivery(
    run: Cli,
) -> None:
    said = _onboard(run, "HOLD-2", "--stage", "paused")
    assert "project onboarded paused (from in delivery): Item HOLD-2" in said
    assert show(run, "HOLD-2")["paused_from"] == "in delivery"


def test_paused_from_is_refused_for_an_item_that_does_not_join_paused(run: Cli) -> None:
    before = _digest(run)
    said = _onboard(run, "LIVE-1", "--stage", "live", "--paused-from", "approved")
    assert said.startswith("exit 2: ")
    assert (
        "--paused-from: LIVE-1 joins live, not paused, so it was paused from nothing: leave it "
        "out, or give the stage as paused"
    ) in " ".join(said.split())
    refused = _onboard(run, "LIVE-1", "--stage", "paused", "--paused-from", "live")
    assert refused.startswith("exit 2: ")
    assert "'live' is not one of" in refused
    assert _digest(run) == before


def test_an_import_line_says_what_it_was_paused_from(run: Cli, tmp_path: Path) -> None:
    line = {"command": "item onboard", "title": "Held", "category": "ICT", "stage": "paused",
            "actor": "pmo", "role": "PMO", "authority": "PMO baseline",
            "rationale": "Baseline", "effective_date": "2026-01-05"}  # fmt: skip
    lines = [
        {**line, "key": "L-1", "paused_from": "approved"},
        {**line, "key": "L-2", "stage": "in delivery", "paused_from": "approved"},
        {**line, "key": "L-3", "paused_from": "live"},
    ]
    path = tmp_path / "onboard.jsonl"
    path.write_text("".join(json.dumps(one) + "\n" for one in lines), encoding="utf-8")
    before = _digest(run)
    refused = run("import", str(path))
    assert refused.exit_code == 2, refused.output
    assert (
        "line 2: paused_from: L-2 joins in delivery, not paused, so it was paused from nothing: "
        "leave it out, or give the stage as paused"
    ) in refused.output
    assert (
        "line 3: paused_from: an item is paused from approved or in delivery, the stage it "
        "resumes to, not live: give approved (on hold before its delivery began) or in delivery"
    ) in refused.output
    assert _digest(run) == before
    path.write_text(json.dumps(lines[0]) + "\n", encoding="utf-8")
    assert run("import", str(path)).exit_code == 0
    assert show(run, "L-1")["paused_from"] == "approved"


def test_a_correction_says_what_it_was_paused_from_unless_a_resume_said_otherwise(
    run: Cli,
) -> None:
    _onboard(run, "FIX-1", "--stage", "paused")
    position = 1  # the onboarding: the ledger's first event
    corrected = run("decision", "correct", str(position), "--set", "paused_from=approved",
                    "--authority", "PMO", "-m", "It was on hold before delivery")  # fmt: skip
    assert corrected.exit_code == 0, corrected.output
    assert (
        "corrects position 1 (onboarded): paused from in delivery -> approved" in corrected.output
    )
    assert show(run, "FIX-1")["paused_from"] == "approved"
    wrong = run("decision", "correct", str(position), "--set", "paused_from=live",
                "--authority", "PMO", "-m", "x")  # fmt: skip
    assert wrong.exit_code == 1
    assert "cannot have joined paused from live" in wrong.output
    assert "correct paused_from to approved or in delivery" in wrong.output
    resumed = run("item", "resume", "FIX-1", "--authority", "PMO", "-m", "Back",
                  "--effective-date", "2026-02-02")  # fmt: skip
    assert "resumed (approved)" in resumed.output
    before = _digest(run)
    late = run("decision", "correct", str(position), "--set", "paused_from=in-delivery",
               "--authority", "PMO", "-m", "x")  # fmt: skip
    assert late.exit_code == 1
    assert "would make a later decision invalid: 'resumed'" in late.output
    assert _digest(run) == before


def test_an_item_onboarded_at_another_stage_is_not_corrected_to_have_been_paused(
    run: Cli,
) -> None:
    _onboard(run, "LIVE-2", "--stage", "live")
    refused = run("decision", "correct", "1", "--set", "paused_from=approved",
                  "--authority", "PMO", "-m", "x")  # fmt: skip
    assert refused.exit_code == 1
    assert "LIVE-2 joins live, not paused, so it was paused from nothing" in refused.output
    assert "only an item that joined paused says what it was paused from" in refused.output


PHASES = """source = "PPM tool export"
currency = "USD"

[columns]
key = "Number"
title = "Short description"
category = "Portfolio"
stage = "State"
paused_from = "Phase"

[spellings.stage]
"Work in Progress" = "in delivery"
"On Hold" = "paused"
"Pending" = "approved"

[spellings.paused_from]
"Planning" = "approved"
"Execution" = "in delivery"
"""
ROWS = [
    "Number,Short description,Portfolio,State,Phase",
    "PRJ0010001,Cloud Migration,Infrastructure,Work in Progress,Execution",
    "PRJ0010002,ERP Upgrade,Corporate,On Hold,Planning",
    "PRJ0010003,Portal Redesign,Digital,On Hold,Execution",
    "PRJ0010004,Data Centre Exit,Infrastructure,Pending,Initiating",  # not paused: not read
    "PRJ0010005,Payroll,Corporate,On Hold,",  # paused, no phase: from in delivery
]


def _return(tmp_path: Path, rows: list[str], mapping: str = PHASES) -> tuple[Path, Path]:
    (tmp_path / "tool.toml").write_text(mapping, encoding="utf-8")
    (tmp_path / "q1.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return tmp_path / "q1.csv", tmp_path / "tool.toml"


def _returns_import(run: Cli, file: Path, mapping: Path) -> tuple[int, str]:
    result = run("returns", "import", str(file), "--mapping", str(mapping),
                 "--as-at", "2026-03-31", "--authority", "PMO")  # fmt: skip
    return result.exit_code, result.output


def test_a_return_reads_what_its_paused_rows_were_paused_from(run: Cli, tmp_path: Path) -> None:
    code, output = _returns_import(run, *_return(tmp_path, ROWS))
    assert code == 0, output
    shown = {key: show(run, key) for key in (f"PRJ001000{n}" for n in range(1, 6))}
    found = {key: (item["stage"], item["paused_from"]) for key, item in shown.items()}
    assert found == {
        "PRJ0010001": ("in delivery", None),
        "PRJ0010002": ("paused", "approved"),
        "PRJ0010003": ("paused", "in delivery"),
        "PRJ0010004": ("approved", None),
        "PRJ0010005": ("paused", "in delivery"),
    }


def test_a_paused_row_whose_phase_is_no_stage_is_refused_by_its_cell(
    run: Cli, tmp_path: Path
) -> None:
    rows = [ROWS[0], "PRJ0010002,ERP Upgrade,Corporate,On Hold,Initiating"]
    code, output = _returns_import(run, *_return(tmp_path, rows))
    assert code == 2, output
    assert (
        "cell E2: 'Initiating' is not a stage (write one of: approved, in delivery, or spell "
        "it in the mapping's [spellings.paused_from])"
    ) in " ".join(output.split())
    rows = [ROWS[0], "PRJ0010002,ERP Upgrade,Corporate,On Hold,live"]
    code, output = _returns_import(run, *_return(tmp_path, rows))
    assert code == 2, output
    said = " ".join(output.split())
    assert (  # by its cell, not as item onboard's option
        "row 2, column Phase: cell E2 reads as live, and an item is paused only from approved "
        "or in delivery (the stage it resumes to): write approved or in delivery there, or "
        'spell its text so in the mapping ([spellings.paused_from] "..." = "approved")'
    ) in said
    assert "--paused-from" not in said
    closing = PHASES + '"Closing" = "live"\n'  # refused as the mapping is read, for every row
    code, output = _returns_import(run, *_return(tmp_path, rows, closing))
    assert code == 2, output
    assert (
        '[spellings.paused_from] "Closing" = "live": \'live\' is not a stage an item is '
        "paused from (write one of: approved, in delivery)"
    ) in " ".join(output.split())
    assert run.events() == 0


def test_a_hostile_phase_cell_is_quoted_cut_short(run: Cli, tmp_path: Path) -> None:
    rows = [ROWS[0], f"PRJ0010002,ERP Upgrade,Corporate,On Hold,{'x' * 5000}\x07"]
    code, output = _returns_import(run, *_return(tmp_path, rows))
    assert code == 2, output
    assert f"cell E2: '{'x' * 76}... is not a stage" in output
    assert "x" * 100 not in output
    assert run.events() == 0


def test_a_mapping_may_say_what_every_paused_item_was_paused_from(run: Cli, tmp_path: Path) -> None:
    mapping = (
        PHASES.replace('paused_from = "Phase"\n', "") + '\n[defaults]\npaused_from = "approved"\n'
    )
    rows = [line.rsplit(",", 1)[0] for line in ROWS]
    code, output = _returns_import(run, *_return(tmp_path, rows, mapping))
    assert code == 0, output
    assert show(run, "PRJ0010003")["paused_from"] == "approved"
    assert show(run, "PRJ0010001")["paused_from"] is None  # in delivery: the default not used
    bad = PHASES + '\n[defaults]\npaused_from = "live"\n'
    code, output = _returns_import(run, *_return(tmp_path, ROWS, bad))
    assert code == 2
    assert (
        "defaults.paused_from must be a stage an item is paused from: approved, in delivery"
        in output
    )


def test_a_return_exported_writes_what_paused_items_were_paused_from(
    run: Cli, tmp_path: Path
) -> None:
    file, mapping = _return(tmp_path, ROWS)
    assert _returns_import(run, file, mapping)[0] == 0
    out = tmp_path / "back.csv"
    exported = run("portfolio", "export", "--format", "csv", "--out", str(out),
                   "--mapping", str(mapping))  # fmt: skip
    assert exported.exit_code == 0, exported.output
    rows = out.read_text(encoding="utf-8-sig").splitlines()
    assert rows[0] == "Number,Short description,Portfolio,State,Phase"
    phases = {line.split(",")[0]: line.split(",")[-1] for line in rows[1:]}
    assert phases == {"PRJ0010001": "", "PRJ0010002": "Planning", "PRJ0010003": "Execution",
                      "PRJ0010004": "", "PRJ0010005": "Execution"}  # fmt: skip
    again = run("returns", "import", str(out), "--mapping", str(mapping), "--as-at",
                "2026-06-30", "--authority", "PMO", "--dry-run")  # fmt: skip
    assert "0 new, 0 changed, 5 unchanged" in again.output, again.output


def _older(path: Path) -> Cli:
    """A ledger of OLD-1, onboarded paused as stored before paused_from was added."""
    run = Cli(f"sqlite:///{path}")
    _onboard(run, "OLD-1", "--stage", "paused")
    with sqlite3.connect(path) as db:
        ((state,),) = db.execute("select state from portfolio_ledger_events").fetchall()
        said = b',"paused_from":{"_type_":"stage","_data_":"in delivery"}}'
        assert state.endswith(said)
        older = state.removesuffix(said) + b"}"
        db.execute("update portfolio_ledger_events set state = ?", (older,))
    db.close()
    assert run("projections", "rebuild").exit_code == 0
    return run


def test_an_onboarding_stored_before_the_field_is_corrected_from_what_it_was_read_as(
    tmp_path: Path,
) -> None:
    run = _older(tmp_path / "older.db")
    corrected = run("decision", "correct", "1", "--set", "paused_from=approved",
                    "--authority", "PMO", "-m", "It was on hold in planning")  # fmt: skip
    assert corrected.exit_code == 0, corrected.output
    said = "corrects position 1 (onboarded): paused from in delivery (not said) -> approved"
    assert said in corrected.output
    history = json.loads(run("item", "history", "OLD-1", "--json").output)
    assert history[-1]["summary"] == said
    assert show(run, "OLD-1")["paused_from"] == "approved"


def test_an_onboarding_stored_before_the_field_is_read_as_paused_from_delivery(
    tmp_path: Path,
) -> None:
    # The bytes an onboarding was stored as before the field: the same, without its key
    # (the last). Read back by the read models (rebuilt) and by the item deciding.
    run = _older(tmp_path / "older.db")
    assert show(run, "OLD-1")["paused_from"] == "in delivery"
    history = run("item", "history", "OLD-1")
    assert "project onboarded paused: Item OLD-1" in history.output
    resumed = run("item", "resume", "OLD-1", "--authority", "PMO", "-m", "Back",
                  "--effective-date", "2026-02-02")  # fmt: skip
    assert "resumed (in delivery)" in resumed.output, resumed.output


def _notes_of_a_later_return(run: Cli, file: Path, mapping: Path) -> str:
    """What a dry run of ``file`` a quarter later says, on one line."""
    result = run("returns", "import", str(file), "--mapping", str(mapping),
                 "--as-at", "2026-06-30", "--authority", "PMO", "--dry-run")  # fmt: skip
    assert result.exit_code == 0, result.output
    return " ".join(result.output.split())


def test_a_later_return_paused_from_another_stage_is_said_not_recorded(
    run: Cli, tmp_path: Path
) -> None:
    file, mapping = _return(tmp_path, ROWS)
    assert _returns_import(run, file, mapping)[0] == 0
    later = [line.replace("On Hold,Execution", "On Hold,Planning") for line in ROWS]
    later[1] = "PRJ0010001,Cloud Migration,Infrastructure,On Hold,Planning"
    before = _digest(run)
    (tmp_path / "q2.csv").write_text("\n".join(later) + "\n", encoding="utf-8")
    notes = _notes_of_a_later_return(run, tmp_path / "q2.csv", mapping)
    assert (
        "PRJ0010003 paused from in delivery in the ledger, approved in the return: not recorded "
        "(a paused item was paused from the stage it was in when paused, or, if it joined "
        "paused, from what its onboarding says: put right the decision that set that stage, or "
        "the onboarding ('decision correct POSITION --set paused_from=approved', its position "
        "in 'item history'))"
    ) in notes
    assert "PRJ0010001 stage in delivery in the ledger, paused in the return" in notes
    assert "PRJ0010001 paused from" not in notes  # its stage's note says it
    assert _digest(run) == before


def test_a_later_return_says_how_to_put_right_an_item_paused_by_a_decision(
    run: Cli, tmp_path: Path
) -> None:
    # Paused by 'item pause' from in delivery: no correction of the pause says otherwise, so
    # the note names the decision that set the stage it was paused from, or the onboarding.
    file, mapping = _return(tmp_path, ROWS[:2])
    assert _returns_import(run, file, mapping)[0] == 0
    paused = run("item", "pause", "PRJ0010001", "--authority", "PMO", "-m", "On hold",
                 "--effective-date", "2026-04-15")  # fmt: skip
    assert paused.exit_code == 0, paused.output
    later = tmp_path / "q2.csv"
    later.write_text(f"{ROWS[0]}\nPRJ0010001,Cloud Migration,Infrastructure,On Hold,Planning\n")
    notes = _notes_of_a_later_return(run, later, mapping)
    assert (
        "PRJ0010001 paused from in delivery in the ledger, approved in the return: not recorded "
        "(a paused item was paused from the stage it was in when paused"
    ) in notes
    assert "said by the decision that paused it" not in notes


def test_a_paused_onboarding_is_not_corrected_to_say_nothing(run: Cli) -> None:
    # None would be read as in delivery while the correction said 'approved -> no paused from'.
    _onboard(run, "FIX-2", "--stage", "paused", "--paused-from", "approved")
    before = _digest(run)
    for empty in ("paused_from=", "paused_from=null"):
        refused = run("decision", "correct", "1", "--set", empty,
                      "--authority", "PMO", "-m", "x")  # fmt: skip
        assert refused.exit_code == 1, refused.output
        assert (
            "FIX-2 joined paused, so it was paused from approved or in delivery, not from nothing "
            "(position 1); correct paused_from to approved or in delivery"
        ) in " ".join(refused.output.split())
    assert _digest(run) == before
    assert show(run, "FIX-2")["paused_from"] == "approved"


def test_a_mapping_whose_rows_are_never_paused_is_refused_its_paused_from(
    run: Cli, tmp_path: Path
) -> None:
    # No stage column and no [defaults] stage = "paused": a Phase column, or a default,
    # would never be read, and every item would join in delivery without a word.
    rows = [",".join(line.split(",")[:3] + line.split(",")[4:]) for line in ROWS]
    unstaged = PHASES.replace('stage = "State"\n', "")
    for mapping, where in ((unstaged, "[columns]"), (
        unstaged.replace('paused_from = "Phase"\n', "") + '[defaults]\npaused_from = "approved"\n',
        "[defaults]",
    )):  # fmt: skip
        code, output = _returns_import(run, *_return(tmp_path, rows, mapping))
        assert code == 2, output
        assert (
            f"{where} paused_from is read only in paused rows, and no row is paused: the "
            '[columns] map no stage, and [defaults] stage is not "paused"; map the stage column '
            '([columns] stage = "...") or give [defaults] stage = "paused"'
        ) in " ".join(output.split())
    paused = unstaged + '\n[defaults]\nstage = "paused"\n'
    rows.remove("PRJ0010004,Data Centre Exit,Infrastructure,Initiating")  # no stage to it
    code, output = _returns_import(run, *_return(tmp_path, rows, paused))
    assert code == 0, output
    assert show(run, "PRJ0010002")["paused_from"] == "approved"
    assert show(run, "PRJ0010001")["paused_from"] == "in delivery"  # 'Execution'
