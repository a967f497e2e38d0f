"""Returns in the standard layout: what each kind of difference records, and the way back out."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from tests.conftest import Cli

HEADER = (
    "key,title,kind,organisation,category,owner,sponsor,stage,whole_life_cost,forecast_cost,rag"
)
FIRST = [
    HEADER,
    "PRJ-1,Payroll,project,DFE,Corporate,Dana Okafor,CFO,in delivery,1200000,1300000,amber",
    'PRJ-2,=HYPERLINK("http://x"),project,DFE,Corporate,,,live,,,',
    "PRJ-3,- phase two,programme,HO,Borders,Ann Lee,COO,approved,5000000,,green",
]


def write(name: str, *lines: str) -> Path:
    path = Path(name).resolve()
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def returns_import(run: Cli, file: Path, as_at: str, *options: str) -> Result:
    return run(
        "returns", "import", str(file), "--as-at", as_at, "--authority", "Portfolio office",
        *options,
    )  # fmt: skip


def imported(run: Cli, file: Path, as_at: str, *options: str) -> dict[str, Any]:
    result = returns_import(run, file, as_at, *options, "--json")
    assert result.exit_code == 0, result.output
    found: dict[str, Any] = json.loads(result.stdout)
    return found


def show(run: Cli, key: str) -> dict[str, Any]:
    result = run("item", "show", key, "--json")
    assert result.exit_code == 0, result.output
    shown: dict[str, Any] = json.loads(result.stdout)
    return shown


def test_a_first_return_onboards_each_item_at_its_stage_with_its_baseline(run: Cli) -> None:
    found = imported(run, write("q1.csv", *FIRST), "2025-03-31")

    assert [row["key"] for row in found["new"]] == ["PRJ-1", "PRJ-2", "PRJ-3"]
    payroll = show(run, "PRJ-1")
    assert (payroll["stage"], payroll["organisation"], payroll["owner"]) == (
        "in delivery",
        "DFE",
        "Dana Okafor",
    )
    assert payroll["whole_life_cost"] == {"amount": "1200000.00", "currency": "GBP"}
    assert payroll["rag"] == "amber"
    unrated = show(run, "PRJ-2")
    assert unrated["title"] == '=HYPERLINK("http://x")'
    assert (unrated["stage"], unrated["whole_life_cost"], unrated["rag"]) == (
        "live",
        "not known",
        "not assessed",
    )
    assert show(run, "PRJ-3")["kind"] == "programme"
    assert payroll["baseline_source"] == "Portfolio return as at 2025-03-31"


def test_a_later_return_records_each_difference_as_its_decision(run: Cli) -> None:
    imported(run, write("q1.csv", *FIRST), "2025-03-31")
    changed = write(
        "q2.csv",
        HEADER,
        "PRJ-1,Payroll replacement,project,HO,Corporate,Dana Okafor,CFO,in delivery,withheld,"
        "1300000,red",
        'PRJ-2,=HYPERLINK("http://x"),project,DFE,Corporate,,,live,,,',
        "PRJ-4,New thing,project,HO,Borders,,,paused,,,",
    )

    found = imported(run, changed, "2025-06-30")

    assert [row["key"] for row in found["new"]] == ["PRJ-4"]
    (payroll,) = found["changed"]
    assert [(c["field"], c["before"], c["after"]) for c in payroll["changes"]] == [
        ("organisation", "DFE", "HO"),
        ("title", "Payroll", "Payroll replacement"),
        ("rag", "amber", "red"),
        ("whole_life_cost", "GBP 1,200,000", "withheld"),
    ]
    assert [row["key"] for row in found["unchanged"]] == ["PRJ-2"]
    assert [(m["key"], m["left"]) for m in found["missing"]] == [("PRJ-3", False)]
    history = [e["event"] for e in json.loads(run("item", "history", "PRJ-1", "--json").stdout)]
    assert history == ["onboarded", "transferred", "details amended", "status reported"]
    payroll_now = show(run, "PRJ-1")
    assert (payroll_now["whole_life_cost"], payroll_now["rag"]) == ("withheld", "red")
    assert show(run, "PRJ-3")["stage"] == "approved"  # reported missing, not left


def test_a_return_recording_items_leaving_says_they_reference_no_row(run: Cli) -> None:
    """Leaving, an item is in no row: 'referencing the file and its row' said each did."""
    first = returns_import(run, write("q1.csv", *FIRST), "2025-03-31")

    left = returns_import(run, write("q2.csv", *FIRST[:3]), "2025-06-30", "--missing", "leave")

    assert "each dated 2025-03-31 and referencing the file and its row." in first.output
    assert left.exit_code == 0, left.output
    assert (
        "each dated 2025-06-30 and referencing the file (and its row, but for 1 item leaving)."
    ) in left.output


def test_a_return_recording_only_items_leaving_says_they_reference_the_file(run: Cli) -> None:
    """Its one event an item leaving, 'each dated ... (and its row, but for 1 item leaving)'."""
    returns_import(run, write("q1.csv", *FIRST), "2025-03-31")
    q2 = write("q2.csv", *FIRST[:3])
    assert returns_import(run, q2, "2025-06-30").exit_code == 0  # --missing report

    left = returns_import(run, q2, "2025-06-30", "--missing", "leave")

    assert left.exit_code == 0, left.output
    assert re.search(
        r"^Recorded 1 event \(position \d+\) in \S+ s, dated 2025-06-30 and referencing the "
        r"file\.$",
        left.output,
        re.MULTILINE,
    ), left.output


def test_an_export_read_back_a_quarter_later_records_only_status_reported_again(
    run: Cli,
) -> None:
    """docs/returns.md, 'The way back out': an export sent out pre-filled, returned unchanged.

    Read back as at the day the return was recorded, it records nothing; as at a later day
    (the next quarter's return), each item it rates is confirmed as at that day: its status
    reported again, nothing else. The page said it recorded nothing whatever the day.
    """
    imported(run, write("q1.csv", *FIRST), "2025-03-31")
    for day in ("2025-03-31", "2025-06-30"):
        out = f"out-{day}.csv"
        written = run("portfolio", "export", "--out", out, "--effective-on", day)
        assert written.exit_code == 0, written.output
    events = run.events()

    same_day = imported(run, Path("out-2025-03-31.csv").resolve(), "2025-03-31")
    later = imported(run, Path("out-2025-06-30.csv").resolve(), "2025-06-30")

    assert (same_day["recorded"], run.events() - events) == (0, later["recorded"])
    assert (later["new"], later["changed"], later["missing"]) == ([], [], [])
    again = [row["key"] for row in later["unchanged"] if row["status_reported"]]
    assert again == ["PRJ-1", "PRJ-3"]  # rated amber and green; PRJ-2's rating not assessed
    assert later["recorded"] == len(again)
    for key in again:
        history = json.loads(run("item", "history", key, "--json").stdout)
        assert (history[-1]["event"], history[-1]["effective_date"]) == (
            "status reported",
            "2025-06-30",
        )


def test_differences_a_return_does_not_record_are_noted(run: Cli) -> None:
    imported(run, write("q1.csv", *FIRST), "2025-03-31")
    live = write("q2.csv", HEADER, FIRST[1].replace("in delivery", "live"))

    found = imported(run, live, "2025-06-30")

    (row,) = found["unchanged"]
    note = (
        "stage in delivery in the ledger, live in the return: not recorded (a change of "
        "stage is a lifecycle decision: record it with 'item go-live PRJ-1')"
    )
    assert row["notes"] == [note]


def test_a_row_without_a_key_is_matched_by_its_exact_name(run: Cli) -> None:
    imported(run, write("q1.csv", *FIRST), "2025-03-31")
    unkeyed = write("q2.csv", HEADER, "," + FIRST[1].split(",", 1)[1].replace("amber", "green"))

    found = imported(run, unkeyed, "2025-06-30")

    assert found["keys_from_names"] == [
        {"row": 2, "name": "Payroll", "key": "PRJ-1", "matched": True}
    ]
    assert [c["after"] for c in found["changed"][0]["changes"]] == ["green"]


def test_units_spellings_and_blanks_come_from_the_mapping_or_the_options(run: Cli) -> None:
    mapping = write(
        "office.toml",
        'source = "Office return"',
        'units = "thousands"',
        "[columns]",
        'key = "Ref"',
        'title = "Project"',
        'category = "Area"',
        'forecast_cost = "Forecast (GBP k)"',
        'rag = "DCA"',
        "[blank]",
        'forecast_cost = "withheld"',
        "[spellings.rag]",
        '"Amber/Red" = "red"',
    )
    sheet = write(
        "office.csv",
        "Ref,Project,Area,Forecast (GBP k),DCA",
        'A-1,One,Digital,"£1,250.5",Amber/Red',
        "A-2,Two,Digital,,GREEN",
    )

    found = imported(run, sheet, "2025-03-31", "--mapping", str(mapping))

    assert len(found["new"]) == 2
    one, two = show(run, "A-1"), show(run, "A-2")
    forecast = {"amount": "1250500.00", "currency": "GBP"}
    assert (one["forecast_cost"], one["rag"]) == (forecast, "red")
    assert (two["forecast_cost"], two["rag"]) == ("withheld", "green")
    again = imported(run, sheet, "2025-03-31", "--mapping", str(mapping), "--units", "units")
    assert [c["after"] for c in again["changed"][0]["changes"]] == ["GBP 1,250.50"]


def test_an_export_in_the_standard_layout_reads_back_as_no_change(run: Cli) -> None:
    imported(run, write("q1.csv", *FIRST), "2025-03-31")
    events = run.events()

    for file_format in ("csv", "xlsx"):
        out = Path(f"back.{file_format}").resolve()
        exported = run("portfolio", "export", "--format", file_format, "--out", str(out))
        assert exported.exit_code == 0, exported.output
        back = imported(run, out, "2025-03-31")
        assert (len(back["unchanged"]), back["recorded"]) == (3, 0), back
    assert run.events() == events


def test_exported_text_never_reads_as_a_formula(run: Cli) -> None:
    from openpyxl import load_workbook

    imported(run, write("q1.csv", *FIRST), "2025-03-31")
    out = Path("out.xlsx").resolve()
    assert run("portfolio", "export", "--format", "xlsx", "--out", str(out)).exit_code == 0
    csv_out = Path("out.csv").resolve()
    assert run("portfolio", "export", "--format", "csv", "--out", str(csv_out)).exit_code == 0

    sheet = load_workbook(out).active
    assert sheet is not None
    titles = {row[0].value: row[1] for row in sheet.iter_rows(min_row=2)}
    assert (titles["PRJ-2"].value, titles["PRJ-2"].data_type) == ('\'=HYPERLINK("http://x")', "s")
    assert titles["PRJ-3"].value == "'- phase two"
    assert "'=HYPERLINK" in csv_out.read_text(encoding="utf-8-sig")
    again = run("portfolio", "export", "--format", "csv", "--out", str(csv_out))
    assert again.exit_code == 2
    assert "exists; choose another --out, or pass --overwrite" in again.output


def test_the_mappings_sheet_is_read_from_a_workbook_and_ignored_for_a_csv(run: Cli) -> None:
    from openpyxl import Workbook

    mapping = write(
        "m.toml", 'sheet = "Projects"', "[columns]", 'key = "key"', 'title = "title"',
        'category = "category"',
    )  # fmt: skip
    book = Workbook()
    notes = book.active
    assert notes is not None
    notes.append(["Read me first"])
    book.create_sheet("Projects").append(["key", "title", "category"])
    book["Projects"].append(["P-1", "One", "Digital"])
    book.save("projects.xlsx")

    from_book = imported(
        run, Path("projects.xlsx").resolve(), "2025-03-31", "--mapping", str(mapping)
    )
    from_csv = imported(
        run, write("p.csv", "key,title,category", "P-2,Two,Digital"), "2025-03-31",
        "--mapping", str(mapping),
    )  # fmt: skip

    assert [row["key"] for row in from_book["new"]] == ["P-1"]
    assert [row["key"] for row in from_csv["new"]] == ["P-2"]


def test_a_long_list_of_missing_items_says_it_shows_only_the_first(run: Cli) -> None:
    """Like the new and changed rows: a table cut at 50 says so, and where the rest are."""
    rows = [f"PRJ-{n:02},Item {n},project,DFE,Corporate,,,in delivery,,," for n in range(1, 53)]
    first = returns_import(run, write("all.csv", HEADER, *rows), "2025-03-31")
    assert first.exit_code == 0, first.output

    result = returns_import(run, write("one.csv", HEADER, rows[0]), "2025-06-30", "--dry-run")

    assert result.exit_code == 0, result.output
    assert (
        "Missing from the return: 51, still in the portfolio; --missing leave records that "
        "they left (the first 50; --json lists all)"
    ) in result.output
    assert "PRJ-51" in result.output
    assert "PRJ-52" not in result.output  # listed in key order


def test_an_export_takes_its_format_from_the_file_name_and_refuses_a_disagreement(
    run: Cli,
) -> None:
    imported(run, write("q1.csv", *FIRST), "2025-03-31")

    by_name = run("portfolio", "export", "--out", "q2.xlsx")
    disagreeing = run("portfolio", "export", "--format", "xlsx", "--out", "q2.csv")
    no_name = run("portfolio", "export", "--format", "csv", "--out", "-")

    assert by_name.exit_code == 0, by_name.output
    assert Path("q2.xlsx").read_bytes()[:2] == b"PK"  # a workbook (a zip), as its name says
    assert disagreeing.exit_code == 2
    assert "q2.csv is a .csv file name but --format is xlsx" in disagreeing.output
    assert no_name.exit_code == 2
    assert "name the file *.csv or *.xlsx" in no_name.output
    assert not Path("q2.csv").exists()
    assert not Path("-").exists()


def test_an_export_into_a_folder_that_does_not_exist_is_refused(run: Cli) -> None:
    imported(run, write("q1.csv", *FIRST), "2025-03-31")

    result = run("portfolio", "export", "--format", "csv", "--out", "no-such-folder/q2.csv")

    assert result.exit_code == 2, result.output  # bad usage of --out (test_out_folder_missing)
    assert "the folder no-such-folder does not exist" in result.output
    assert "Internal error" not in result.output
    assert not Path("no-such-folder").exists()


def test_an_export_that_fails_leaves_the_file_it_would_replace(
    run: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--overwrite replaces the file once the new one is whole, never a half-written one."""
    from portfolio_ledger.returns import exporting

    imported(run, write("q1.csv", *FIRST), "2025-03-31")
    out = Path("q2.csv").resolve()
    out.write_text("last quarter's\n", encoding="utf-8")

    def fail(path: Path, *_: object) -> None:
        path.write_text("key,ti", encoding="utf-8")  # the disk fills part way through
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(exporting, "_write_csv", fail)
    result = run("portfolio", "export", "--format", "csv", "--out", str(out), "--overwrite")

    assert result.exit_code == 1, result.output
    assert f"cannot write {out}: No space left on device" in result.output
    assert out.read_text(encoding="utf-8") == "last quarter's\n"
    assert [p.name for p in out.parent.iterdir() if p.name.endswith(".part")] == []


def test_an_export_of_no_items_says_why(run: Cli) -> None:
    """A mistyped --organisation writes a header alone: the user is told, as 'portfolio' does."""
    imported(run, write("q1.csv", *FIRST), "2025-03-31")

    result = run(
        "portfolio", "export", "--format", "csv", "--out", "dfe.csv", "--organisation", "DEF"
    )

    assert result.exit_code == 0, result.output
    assert "Wrote 0 items to dfe.csv" in result.output
    assert "no item has organisation DEF" in result.output
    assert "DFE" in result.output.split("Wrote 0 items", 1)[1]


def test_a_non_breaking_space_reads_as_the_space_it_looks_like(run: Cli) -> None:
    """Pasted from a web page: the same title is no change, the same name still matches."""
    imported(run, write("q1.csv", *FIRST), "2025-03-31")
    pasted = [
        HEADER,
        FIRST[1].replace("Payroll", "\u00a0Payroll\u00a0"),
        FIRST[2],
        ",- phase\u00a0two,programme,HO,Borders,Ann\u202fLee,COO,approved,5000000,,green",
    ]

    again = imported(run, write("q2.csv", *pasted), "2025-03-31")

    assert (len(again["unchanged"]), again["changed"], again["recorded"]) == (3, [], 0), again
    assert again["keys_from_names"][0]["key"] == "PRJ-3"


def test_an_export_by_a_mapping_with_a_row_filter_reads_back_as_no_change(run: Cli) -> None:
    """The doc's office.toml keeps rows whose 'Reporting round' is Q3: the export says Q3."""
    mapping = write(
        "office.toml",
        "[columns]",
        'key = "Ref"',
        'title = "Project"',
        'category = "Portfolio area"',
        "[where]",
        '"Reporting round" = ["Q3", "Q3 late"]',
    )
    imported(run, write("q1.csv", *FIRST), "2025-03-31")
    events = run.events()

    for file_format in ("csv", "xlsx"):
        out = Path(f"office.{file_format}").resolve()
        exported = run(
            "portfolio", "export", "--format", file_format, "--out", str(out),
            "--mapping", str(mapping),
        )  # fmt: skip
        assert exported.exit_code == 0, exported.output
        back = imported(run, out, "2025-03-31", "--mapping", str(mapping))
        assert (len(back["unchanged"]), back["recorded"]) == (3, 0), back
    assert run.events() == events
    assert Path("office.csv").read_text(encoding="utf-8-sig").splitlines()[:2] == [
        "Ref,Project,Portfolio area,Reporting round",
        "PRJ-1,Payroll,Corporate,Q3",
    ]


def test_text_held_with_a_non_breaking_space_is_no_change_when_read_back(run: Cli) -> None:
    """Held so (typed on the command line, or imported before such spaces were read as
    plain ones), a title read back from its own export is the same title, not a change
    recorded from 'Payroll system' to 'Payroll system', and its name still finds it."""
    imported(run, write("q1.csv", *FIRST), "2025-03-31")
    amended = run(
        "item", "amend", "PRJ-1", "--title", "Payroll\u00a0system", "--owner", "Dana\u202fOkafor",
        "-m", "Renamed", "--effective-date", "2025-03-31",
    )  # fmt: skip
    assert amended.exit_code == 0, amended.output
    events = run.events()

    out = Path("back.csv").resolve()
    assert run("portfolio", "export", "--format", "csv", "--out", str(out)).exit_code == 0
    back = imported(run, out, "2025-03-31")
    assert (len(back["unchanged"]), back["changed"], back["recorded"]) == (3, [], 0), back
    by_name = write("by-name.csv", HEADER, ",Payroll system,project,DFE,Corporate,,,,,,")
    named = imported(run, by_name, "2025-03-31", "--dry-run")
    assert named["keys_from_names"][0]["key"] == "PRJ-1", named["keys_from_names"]
    assert named["keys_from_names"][0]["matched"], named["keys_from_names"]
    assert run.events() == events


def test_an_export_over_a_file_it_may_not_replace_says_so_not_to_free_space(
    run: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On Windows a return open in Excel cannot be replaced (access denied): the fix is to
    close it, not to free disk space."""
    imported(run, write("q1.csv", *FIRST), "2025-03-31")
    out = Path("q2.csv").resolve()
    out.write_text("last quarter's\n", encoding="utf-8")
    replace = Path.replace

    def denied(self: Path, target: Path) -> Path:
        if Path(target) == out:
            raise PermissionError(13, "Permission denied")
        return replace(self, target)

    monkeypatch.setattr(Path, "replace", denied)
    result = run("portfolio", "export", "--format", "csv", "--out", str(out), "--overwrite")

    assert result.exit_code == 1, result.output
    assert f"cannot write {out}: Permission denied" in result.output
    assert "Free some space" not in result.output
    assert "open in another program" in result.output
    assert out.read_text(encoding="utf-8") == "last quarter's\n"


def test_a_mapping_copied_from_a_header_with_a_non_breaking_space_still_reads_it(
    run: Cli,
) -> None:
    """A header's non-breaking spaces read as plain ones: so do the mapping's, written by
    copying that header (its column names, [where] and --where, [spellings])."""
    nbsp = "\u00a0"
    mapping = write(
        "m.toml", "[columns]", 'key = "Project ID"', f'title = "Project{nbsp}name"',
        f'category = "Portfolio{nbsp}category"', f'stage = "Delivery{nbsp}stage"',
        "[spellings.stage]", f'"In{nbsp}flight" = "in delivery"',
        "[where]", f'"Reporting{nbsp}round" = "Q3{nbsp}2025"',
    )  # fmt: skip
    header = f"Project ID,Project{nbsp}name,Portfolio{nbsp}category,Delivery{nbsp}stage,"
    lines = [
        header + f"Reporting{nbsp}round,Office",
        f"P-1,One,Digital,In{nbsp}flight,Q3{nbsp}2025,DFE",
        f"P-2,Two,Digital,In{nbsp}flight,Q2{nbsp}2025,DFE",
    ]

    found = imported(
        run, write("r.csv", *lines), "2025-03-31", "--mapping", str(mapping),
        "--where", f"Office=DFE{nbsp}",
    )  # fmt: skip

    assert [row["key"] for row in found["new"]] == ["P-1"], found
    assert show(run, "P-1")["stage"] == "in delivery"
