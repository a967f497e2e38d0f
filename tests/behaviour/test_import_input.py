"""portfolio-ledger import: what it reads, and how it refuses what it cannot take."""

from __future__ import annotations

import json
import os
import threading
import tracemalloc
from contextlib import suppress
from pathlib import Path
from typing import Any

import pytest

from portfolio_ledger.application import unit_of_work
from portfolio_ledger.application.commands import RegisterPerson
from portfolio_ledger.application.ledger import PortfolioLedger
from portfolio_ledger.cli import cli
from portfolio_ledger.cli.imports import MAX_LINE, read_lines
from tests.behaviour.test_import import ITEM, PREAMBLE, said, write
from tests.conftest import Cli


def test_a_line_giving_request_id_is_refused_as_a_field_the_import_never_takes(
    run: Cli, tmp_path: Path
) -> None:
    person: dict[str, Any] = {**PREAMBLE[0]}
    unknown = run("import", str(write(tmp_path / "a.jsonl", [{**person, "ticket": "T-1"}])))
    given = run("import", str(write(tmp_path / "b.jsonl", [{**person, "request_id": "T-1"}])))
    spelt = run("import", str(write(tmp_path / "c.jsonl", [{**person, "request-id": "T-1"}])))

    assert unknown.exit_code == 2, unknown.output
    assert "whose fields are" in unknown.output
    offered = unknown.output.split("whose fields are")[1]
    assert "request_id" not in offered
    for result in (given, spelt):
        assert result.exit_code == 2, result.output  # a usage error of the line
        assert "line 1: request_id: is not a field of an import's line" in result.output
        assert "recorded once per file" in result.output
    assert run.events() == 0


def test_a_long_command_or_field_name_is_quoted_cut_short_not_echoed_whole(
    run: Cli, tmp_path: Path
) -> None:
    # Both came back whole: 100,000 characters of refusal for one line.
    person: dict[str, Any] = {**PREAMBLE[0]}
    command = run(
        "import", str(write(tmp_path / "a.jsonl", [{**person, "command": "x" * 100_000}]))
    )
    field = run("import", str(write(tmp_path / "b.jsonl", [{**person, "y" * 100_000: 1}])))

    assert command.exit_code == 2, command.output[:500]
    assert f"line 1: '{'x' * 76}... is not a command that can be imported" in command.output
    assert field.exit_code == 2, field.output[:500]
    assert f"line 1: '{'y' * 76}...: is not a field of this command" in field.output
    assert len(command.output) < 1_000
    assert len(field.output) < 1_000
    assert run.events() == 0


def test_a_person_voting_twice_under_two_spellings_is_refused_by_import_and_cli(
    run: Cli, tmp_path: Path
) -> None:
    approve = {**ITEM[2], "votes": {"HCARTER": "against", "hcarter": "for", "rdas": "for"}}
    twice_present = {**ITEM[2], "present": ["hcarter", "HCarter", "rdas"]}
    imported = run("import", str(write(tmp_path / "a.jsonl", [*PREAMBLE, *ITEM[:2], approve])))
    present = run("import", str(write(tmp_path / "b.jsonl", [*PREAMBLE, *ITEM[:2], twice_present])))
    assert run("import", str(write(tmp_path / "c.jsonl", [*PREAMBLE, *ITEM[:2]]))).exit_code == 0
    by_cli = run(
        *("item", "approve", "PRJ-1", "--budget", "1200000", "--board", "IC", "-m", "Agreed"),
        *("--present", "hcarter,rdas", "--vote", "HCARTER=against", "--vote", "hcarter=for"),
        *("--vote", "rdas=for"),
    )

    assert imported.exit_code == 2, imported.output
    assert "line 8: votes: hcarter is given 2 votes ('HCARTER', 'hcarter'" in imported.output
    assert "give hcarter one vote" in imported.output
    assert present.exit_code == 2, present.output
    assert (
        "line 8: present: hcarter is listed as present twice (as 'hcarter', 'HCarter': a "
        "person's key ignores case)"
    ) in " ".join(present.output.split())
    assert by_cli.exit_code == 2, by_cli.output
    assert "hcarter is given 2 votes" in by_cli.output
    assert "Traceback" not in by_cli.output
    assert run.events() == 7  # the preamble and the item's first two decisions, no approval


def test_the_summary_gives_the_positions_the_import_wrote_not_another_writers(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = Cli(db_url)
    assert run("import", str(write(tmp_path / "people.jsonl", PREAMBLE[:1]))).exit_code == 0
    real = unit_of_work.catch_up
    done: list[bool] = []

    def another_writer_records_first(ledger: PortfolioLedger) -> str | None:
        # Another process records a decision once the import has committed, before the
        # import's read models catch up and it reports what it did.
        if not done:
            done.append(True)
            other = PortfolioLedger(db_url)
            try:
                other.handle(RegisterPerson(key="dokafor", name="Dana Okafor", **said()))
            finally:
                other.close()
        return real(ledger)

    monkeypatch.setattr(unit_of_work, "catch_up", another_writer_records_first)
    result = run("import", str(write(tmp_path / "decisions.jsonl", [*PREAMBLE[1:], *ITEM])))

    assert result.exit_code == 0, result.output
    assert run.events() == 1 + 7 + 1
    assert "Imported 7 lines" in result.output
    assert "7 events (positions 2 to 8)" in result.output


def _fed(path: str, data: bytes, done: threading.Event) -> threading.Thread:
    """A writer feeding ``data`` into a named FIFO, as ``cat FILE > FIFO &`` would.

    Then, until ``done``, it opens and closes the FIFO whenever a reader waits on it: a
    reader opening it a second time gets an empty file rather than waiting for ever.
    """

    def feed() -> None:
        with Path(path).open("wb") as fifo:
            fifo.write(data)
        while not done.wait(0.1):
            with suppress(OSError):  # no reader: nobody to release
                os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))

    thread = threading.Thread(target=feed, daemon=True)
    thread.start()
    return thread


def _write_and_close(descriptor: int, data: bytes) -> None:
    with os.fdopen(descriptor, "wb") as pipe:
        pipe.write(data)


def test_a_pipe_a_fifo_or_standard_input_is_read_once_and_imported(
    run: Cli, tmp_path: Path
) -> None:
    file = write(tmp_path / "decisions.jsonl", [*PREAMBLE, *ITEM])
    data = file.read_bytes()
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    done = threading.Event()
    feeding = _fed(str(fifo), data, done)

    from_fifo = run("import", str(fifo))
    done.set()
    feeding.join(timeout=10)

    assert from_fifo.exit_code == 0, from_fifo.output
    assert "Imported 8 lines" in from_fifo.output
    assert "8 events (positions 1 to 8)" in from_fifo.output
    assert run.events() == 8
    # The same bytes again, from standard input or a pipe (<(...)): the same file.
    again = run.runner.invoke(
        cli, ["import", "-"], input=data, env={"PORTFOLIO_LEDGER_DB": run.url}
    )
    assert again.exit_code == 0, again.output
    assert "Already imported: standard input" in again.output
    read, written = os.pipe()
    feeding = threading.Thread(target=_write_and_close, args=(written, data))
    feeding.start()
    piped = run("import", f"/dev/fd/{read}")
    feeding.join(timeout=10)
    os.close(read)
    assert piped.exit_code == 0, piped.output
    assert "Already imported" in piped.output
    assert run.events() == 8


def test_lines_from_standard_input_are_checked_as_a_files(run: Cli, tmp_path: Path) -> None:
    data = write(tmp_path / "bad.jsonl", [{**PREAMBLE[0], "colour": "blue"}]).read_bytes()

    dry = run.runner.invoke(
        cli, ["import", "-", "--dry-run"], input=data, env={"PORTFOLIO_LEDGER_DB": run.url}
    )

    assert dry.exit_code == 2, dry.output
    assert "nothing from standard input was written" in dry.output
    assert "line 1: colour: is not a field of this command" in dry.output


def test_standard_input_with_no_room_to_keep_it_is_refused_saying_where(
    run: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = write(tmp_path / "good.jsonl", PREAMBLE).read_bytes()
    real = Path.open

    def full(path: Path, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if path.name == "import.jsonl" and "w" in mode:
            raise OSError(28, "No space left on device")
        return real(path, mode, *args, **kwargs)

    monkeypatch.setattr(Path, "open", full)
    result = run.runner.invoke(
        cli, ["import", "-"], input=data, env={"PORTFOLIO_LEDGER_DB": run.url}
    )

    assert result.exit_code == 2, result.output
    assert "No space left on device" in result.output
    assert "set TMPDIR to a folder with room" in result.output
    assert "Internal error" not in result.output
    assert run.events() == 0


def test_a_file_of_one_long_line_is_refused_without_being_read_whole(
    run: Cli, tmp_path: Path
) -> None:
    # A JSON array of decisions (an export), not JSON Lines: one line of 20 MiB.
    decisions = [{**PREAMBLE[0], "key": f"p{n}", "rationale": "x" * 200} for n in range(80_000)]
    array = tmp_path / "array.json"
    array.write_text(json.dumps(decisions), encoding="utf-8")
    assert array.stat().st_size > 5 * MAX_LINE

    tracemalloc.start()
    try:
        lines = list(read_lines(array, {}))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    result = run("import", str(array))

    assert peak < 3 * MAX_LINE  # the limit and a byte, not the file's 20 MiB
    assert [(line.line, line.usage) for line in lines] == [(1, True)]
    assert result.exit_code == 2, result.output
    assert f"line 1: the line is longer than {MAX_LINE:,} bytes" in result.output
    assert "the file looks like a JSON array" in result.output
    assert "takes JSON Lines: one JSON object per line" in result.output
    assert run.events() == 0


def test_the_lines_after_a_long_one_are_read_as_their_own(tmp_path: Path) -> None:
    long = json.dumps({**PREAMBLE[0], "name": "x" * (MAX_LINE + 10)})
    file = tmp_path / "long.jsonl"
    file.write_text(
        "\n".join([json.dumps(PREAMBLE[0]), long, json.dumps(PREAMBLE[1])]) + "\n", "utf-8"
    )

    lines = list(read_lines(file, {}))

    assert [type(line).__name__ for line in lines] == ["Line", "Refusal", "Line"]
    assert [line[0] if isinstance(line, tuple) else line.line for line in lines] == [1, 2, 3]
    assert "JSON array" not in lines[1].message


def test_a_long_line_that_starts_blank_is_refused_as_long_not_skipped(tmp_path: Path) -> None:
    long = " " * (MAX_LINE + 10) + json.dumps(PREAMBLE[0])
    file = tmp_path / "blank-start.jsonl"
    file.write_text("\n".join([long, json.dumps(PREAMBLE[1]), "   "]) + "\n", "utf-8")

    lines = list(read_lines(file, {}))

    assert [type(line).__name__ for line in lines] == ["Refusal", "Line"]
    assert lines[0].message == (
        f"the line is longer than {MAX_LINE:,} bytes, the most a line may hold: check that "
        "each decision has a line of its own, and shorten its longest texts"
    )
    assert [lines[0].line, lines[1][0]] == [1, 2]


def test_a_utf8_byte_order_mark_is_read_past_and_the_checksum_keeps_it(
    run: Cli, tmp_path: Path
) -> None:
    plain = write(tmp_path / "plain.jsonl", [*PREAMBLE, *ITEM])
    marked = tmp_path / "marked.jsonl"  # as Excel's "CSV UTF-8" or Notepad save it
    marked.write_bytes(b"\xef\xbb\xbf" + plain.read_bytes())

    dry = run("import", str(marked), "--dry-run")
    result = run("import", str(marked))
    again = run("import", str(marked))
    other = run("import", str(plain))  # other bytes: not the same file, so checked again

    assert dry.exit_code == 0, dry.output
    assert result.exit_code == 0, result.output
    assert "Imported 8 lines" in result.output
    assert "Already imported" in again.output
    assert other.exit_code == 1
    assert "line 1: person hcarter already exists" in other.output
    assert run.events() == 8


@pytest.mark.parametrize("mark", [b"\xff\xfe", b"\xfe\xff"])
def test_a_utf16_file_is_refused_saying_to_save_it_as_utf8(
    run: Cli, tmp_path: Path, mark: bytes
) -> None:
    text = json.dumps(PREAMBLE[0]) + "\n"
    file = tmp_path / "utf16.jsonl"
    file.write_bytes(mark + text.encode("utf-16-le" if mark == b"\xff\xfe" else "utf-16-be"))

    result = run("import", str(file))

    assert result.exit_code == 2, result.output
    assert f"{file} is UTF-16 text" in result.output
    assert "save it as UTF-8" in result.output
    assert "Traceback" not in result.output
    assert run.events() == 0


DATA = Path(__file__).parent.parent / "data"


@pytest.mark.parametrize(
    ("given", "said_as"),
    [
        (DATA / "ppm_export.xlsx", "is an Excel workbook (.xlsx) or another zip file"),
        (DATA / "gmpp_2024_2026.csv", "is a CSV (its first line is no JSON object"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "is a PDF"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "is an Excel 97-2003 workbook"),
        (json.dumps(PREAMBLE[0]).encode("utf-16-le"), "is binary (it holds NUL bytes"),
    ],
)
def test_a_file_that_is_no_json_lines_is_said_as_what_it_is(
    run: Cli, tmp_path: Path, given: Path | bytes, said_as: str
) -> None:
    # Each line of a workbook, a PDF or a CSV was refused on its own ("line 1: not JSON",
    # "line 2: not UTF-8 text ..."), hundreds of them, none saying what the file was.
    file = given if isinstance(given, Path) else tmp_path / "given.jsonl"
    if isinstance(given, bytes):
        file.write_bytes(given)

    result = run("import", str(file))

    assert result.exit_code == 2, result.output
    assert f"{file} {said_as}" in result.output
    assert "not JSON Lines" in result.output
    assert "'portfolio-ledger returns import FILE --mapping MAPPING'" in result.output
    assert "line 1" not in result.output
    assert run.events() == 0


def test_a_ledgers_sqlite_file_given_to_import_is_said_to_be_one(run: Cli, tmp_path: Path) -> None:
    # Found by fuzzing (h3): 'import ledger.db' (to bring in another ledger, or a backup) was
    # 'is binary (it holds NUL bytes: ...)', and sent to 'returns import' for a spreadsheet.
    other = tmp_path / "other.db"
    assert Cli(f"sqlite:///{other}")("init").exit_code == 0

    result = run("import", str(other))

    said = " ".join(result.output.split())
    assert result.exit_code == 2, result.output
    assert f"{other} is an SQLite database (a ledger's file, perhaps), not JSON Lines" in said
    assert "--db" in said
    assert "returns import" not in said
    assert run.events() == 0


def test_json_lines_that_start_blank_or_with_an_array_are_read_as_lines(
    run: Cli, tmp_path: Path
) -> None:
    file = tmp_path / "d.jsonl"
    file.write_text("\n  \n" + json.dumps(PREAMBLE[0]) + "\n", encoding="utf-8")
    array = tmp_path / "a.jsonl"
    array.write_text(json.dumps(PREAMBLE[:1]) + "\n", encoding="utf-8")

    assert run("import", str(file)).exit_code == 0
    refused = run("import", str(array))
    assert "line 1: not a JSON object" in refused.output  # refused as a line: the array's own
    assert "the file looks like a JSON array" in refused.output


@pytest.mark.parametrize("mark", [b"", b"\xef\xbb\xbf"], ids=["plain", "with a BOM"])
def test_a_pretty_printed_object_is_said_to_be_one_object_over_several_lines(
    run: Cli, tmp_path: Path, mark: bytes
) -> None:
    # Before, its first line ('{') was refused as 'not JSON (Expecting property name ...:
    # is it cut short?)' and each line after as 'Extra data', none saying what the file was;
    # then the first said so, and each line after it was still listed as 'Extra data'.
    file = tmp_path / "pretty.jsonl"
    file.write_bytes(mark + b"\n" + json.dumps(PREAMBLE[0], indent=2).encode() + b"\n")

    result = run("import", str(file))

    said = " ".join(result.output.split())
    assert result.exit_code == 2, result.output
    assert (
        f"{file} holds JSON written over several lines (it begins with a line of '{{' alone, as "
        "a pretty-printer writes an object), but the import takes JSON Lines: each decision's "
        "object on a line of its own (jq -c . FILE > FILE.jsonl writes them so); nothing was "
        "written" in said
    )
    assert "Extra data" not in said  # no line of it listed
    assert "line 1:" not in said
    assert run.events() == 0


def test_a_pretty_printed_array_from_a_pipe_is_said_to_be_one_over_several_lines(
    run: Cli,
) -> None:
    lines = json.dumps(PREAMBLE[:2], indent=2)

    result = run.runner.invoke(
        cli, ["import", "-", "--dry-run"], input=lines, env={"PORTFOLIO_LEDGER_DB": run.url}
    )

    said = " ".join(result.output.split())
    assert result.exit_code == 2, result.output
    assert (
        "standard input holds JSON written over several lines (it begins with a line of '[' "
        "alone, as a pretty-printer writes an array), but the import takes JSON Lines: each "
        "decision's object on a line of its own (jq -c '.[]' FILE > FILE.jsonl writes them so)"
    ) in said
    assert "Extra data" not in said
    assert "line 1:" not in said


EMPTY = {
    "0 bytes": (b"", "is empty (0 bytes)"),
    "blank lines": (b"\n  \r\n\t\n", "holds only blank lines"),
    # Before, a BOM alone (an empty file saved 'UTF-8 with BOM') 'held only blank lines'.
    "a BOM alone": (b"\xef\xbb\xbf", "is empty (a UTF-8 byte-order mark alone, 3 bytes: no text)"),
    "a BOM and blank lines": (
        b"\xef\xbb\xbf\n \n",
        "is empty (a UTF-8 byte-order mark and blank lines alone: no text)",
    ),
}


@pytest.mark.parametrize(("data", "what"), EMPTY.values(), ids=EMPTY.keys())
def test_a_file_with_no_decision_in_it_is_refused_and_makes_no_ledger(
    tmp_path: Path, data: bytes, what: str
) -> None:
    """Before, it said 'Imported 0 lines', exit 0, and made an empty ledger file."""
    file = tmp_path / "decisions.jsonl"
    file.write_bytes(data)
    ledger = tmp_path / "new.db"
    run = Cli(f"sqlite:///{ledger}")

    for args in (["import", str(file)], ["import", str(file), "--dry-run"]):
        result = run(*args)

        assert result.exit_code == 2, result.output
        said = " ".join(result.output.split())
        assert f"{file} {what}: there is no decision in it to import" in said
        assert "nothing was written" in said
    from_stdin = run.runner.invoke(
        cli, ["import", "-"], input=data, env={"PORTFOLIO_LEDGER_DB": run.url}
    )
    assert from_stdin.exit_code == 2, from_stdin.output
    assert f"standard input {what}" in from_stdin.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["decisions.jsonl"]


def test_an_empty_file_into_a_ledger_records_nothing(run: Cli, tmp_path: Path) -> None:
    assert run("import", str(write(tmp_path / "people.jsonl", PREAMBLE))).exit_code == 0
    events = run.events()
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")

    result = run("import", str(empty))

    assert result.exit_code == 2, result.output
    assert "is empty (0 bytes)" in result.output
    assert run.events() == events
