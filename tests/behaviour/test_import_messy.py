"""Import files as other tools write them: another encoding, Windows line endings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Cli

LINE = (
    '{{"command": "onboard", "key": "L-1", "title": "{title}", "category": "Digital", '
    '"rationale": "Baseline", "authority": "PMO", "effective_date": "2026-01-05"}}'
)
FIRST, SECOND = LINE.format(title="Payroll"), LINE.format(title="HR").replace("L-1", "L-2")


def with_fields(fields: str) -> str:
    """The first line with more fields (JSON text) at its end."""
    return f"{FIRST.removesuffix('}')}, {fields}}}\n"


def refused(run: Cli, content: str | bytes, name: str = "lines.jsonl") -> str:
    """Import ``content`` as a file ``name``: refused (exit 2), nothing written; what it said."""
    path = Path(name).resolve()
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    result = run("import", str(path), actor="Sam", role="PMO")
    assert result.exit_code == 2, result.output
    assert run.events() == 0
    return " ".join(result.output.split())


def test_a_line_in_windows_1252_is_refused_saying_to_save_the_file_as_utf_8(run: Cli) -> None:
    # Was 'line 1: not UTF-8 (byte 46)': the place, but not what the byte is or what to do.
    path = Path("cp1252.jsonl").resolve()
    path.write_bytes(LINE.format(title="Café").encode("cp1252") + b"\r\n")

    result = run("import", str(path))

    assert result.exit_code == 2, result.output
    assert "line 1: not UTF-8 text (byte 51 is 0xe9: a character saved in another" in result.output
    assert "save the file as UTF-8" in result.output
    assert run.events() == 0


def test_a_file_with_a_byte_order_mark_and_windows_line_endings_is_read(run: Cli) -> None:
    path = Path("crlf.jsonl").resolve()
    path.write_bytes(b"\xef\xbb\xbf" + LINE.format(title="Café").encode() + b"\r\n\r\n")

    result = run("import", str(path))

    assert result.exit_code == 0, result.output
    assert "Café" in run("item", "show", "L-1").output


def test_a_field_refused_is_named_as_the_line_spells_it(run: Cli) -> None:
    # A line giving "budget" (the option's name, as docs/import.md says to) and
    # "whole-life-cost" was refused naming 'authorised_budget' and 'whole_life_cost',
    # names the line never wrote.
    path = Path("named.jsonl").resolve()
    path.write_text(
        '{"command": "onboard", "key": "L-1", "title": "T", "category": "Digital", '
        '"budget": "1e6", "whole-life-cost": "£1.2m", "rationale": "Baseline", '
        '"authority": "PMO", "effective_date": "2026-01-05"}\n',
        encoding="utf-8",
    )

    result = run("import", str(path), actor="Sam", role="PMO")

    assert result.exit_code == 2, result.output
    assert "budget: '1e6' is not an amount" in result.output
    assert "whole-life-cost: '£1.2m' is not an amount" in result.output
    assert "authorised_budget" not in result.output
    assert "whole_life_cost" not in result.output


@pytest.mark.parametrize(
    ("unseen", "named"),
    [
        ("\u00a0", "U+00A0 NO-BREAK SPACE"),  # pasted from a web page
        ("\x1a", "U+001A (a control character)"),  # Ctrl-Z, DOS tools' end-of-file mark
        ("\u200b", "U+200B ZERO WIDTH SPACE"),
    ],
)
def test_a_character_that_shows_nothing_beside_a_line_is_named(
    run: Cli, unseen: str, named: str
) -> None:
    # Found by fuzzing: a no-break space after a whole line was 'not JSON (Extra data where
    # the text ends: is it cut short?)', though nothing was cut; one before a line's '{' was
    # 'not JSON (Expecting value at column 1)'. Neither named what the reader cannot see.
    path = Path("unseen.jsonl").resolve()
    line = LINE.format(title="Payroll")
    second = line.replace("L-1", "L-2")
    path.write_text(f"{line}{unseen}\n{unseen}{second}\n", encoding="utf-8")

    result = run("import", str(path))

    said = " ".join(result.output.split())
    assert result.exit_code == 2, result.output
    column = len(line) + 1
    assert f"line 1: not JSON (Extra data at column {column}: {named} is there, which" in said
    assert f"line 2: not JSON (Expecting value at column 1: {named} is there, which" in said
    assert "cut short" not in said
    assert run.events() == 0


def test_an_amount_written_as_a_json_number_with_an_exponent_is_read_exactly(run: Cli) -> None:
    # Java's BigDecimal (and so Jackson) writes 1200000 as 1.2E+6: the line was refused as
    # "'1.2E+6' is not an amount", a spelling it never wrote, while a rank of 1e1 was 10.
    path = Path("exponent.jsonl").resolve()
    onboard = LINE.format(title="Payroll").removesuffix("}")
    path.write_text(f'{onboard}, "budget": 1e13}}\n', encoding="utf-8")

    refused = run("import", str(path), actor="Sam", role="PMO")

    assert refused.exit_code == 2, refused.output
    assert "line 1: budget: 10000000000000 is larger than 12 digits allow" in refused.output
    assert run.events() == 0

    path.write_text(f'{onboard}, "budget": 1.2E+6, "forecast_cost": 1.5e2}}\n', encoding="utf-8")
    imported = run("import", str(path), actor="Sam", role="PMO")

    assert imported.exit_code == 0, imported.output
    trail = run("audit", "trail", "--json").output
    assert "budget GBP 1,200,000; forecast GBP 150" in trail


def test_an_empty_text_where_a_field_may_be_left_out_is_not_said_to_be_required(
    run: Cli,
) -> None:
    # An export that writes "" for an empty cell: "description": "" was refused as
    # "description: is required and must not be blank", of a field that is not required.
    path = Path("empty.jsonl").resolve()
    onboard = LINE.format(title="Payroll").removesuffix("}")
    path.write_text(f'{onboard}, "description": "", "source": " "}}\n', encoding="utf-8")
    line = run("import", str(path), actor="Sam", role="PMO")
    typed = run(
        "item", "propose", "L-1", "--kind", "project", "--title", "T", "--owner", "O",
        "--sponsor", "S", "--category", "C", "--description", "", "-m", "Why",
        actor="Sam", role="PMO",
    )  # fmt: skip

    for result, where in [(line, "line 1: description"), (typed, "  --description")]:
        assert result.exit_code == 2, result.output
        assert f"{where}: must not be blank (where there is none, leave it out)" in result.output
        assert "required" not in result.output
    assert "; source: must not be blank (where there is none, leave it out)" in line.output
    assert run.events() == 0


def test_a_field_given_twice_on_a_line_is_refused_saying_to_give_it_once(run: Cli) -> None:
    # It said "the key 'budget' is given twice in one object": the thing and the rule, no fix.
    said = refused(run, with_fields('"budget": "100", "budget": "200"'))

    assert "line 1: the key 'budget' is given twice in one object; give it once" in said


def test_a_file_whose_lines_end_in_a_carriage_return_alone_is_refused_saying_so(
    run: Cli,
) -> None:
    # Lines ended by CR alone (classic Mac tools) were read as one line, refused as
    # 'line 1: not JSON (Extra data at column 132)', with no word of the line ends.
    said = refused(run, f"{FIRST}\r{SECOND}\r", "mac.jsonl")

    assert "mac.jsonl ends its lines in a carriage return alone (\\r, as classic Mac" in said
    assert "tr '\\r' '\\n' < FILE > FILE.jsonl" in said
    assert "Extra data" not in said


def test_an_amount_with_its_currency_code_after_it_is_told_to_put_the_code_first(
    run: Cli,
) -> None:
    # "1,200,000 GBP", as many exports write money, was refused with only the general
    # examples; the refusal now writes the amount as it is read.
    said = refused(run, with_fields('"budget": "1,200,000 GBP"'))

    assert "line 1: budget: '1,200,000 GBP' is not an amount (write e.g." in said
    assert "; write the currency's code before the amount: GBP 1,200,000" in said


def test_a_day_written_year_first_in_another_form_is_refused_with_the_day_to_write(
    run: Cli,
) -> None:
    # 2026/3/9 and 20260309 as a JSON number were refused with the example day alone: they
    # name one day each (the year first), and the refusal now writes it. 09/03/2026, the
    # 9th of March or the 3rd of September, is not read either way.
    path = Path("days.jsonl").resolve()
    lines = [
        LINE.format(title="Payroll").replace('"2026-01-05"', day)
        for day in ('"2026/3/9"', "20260309", '"09/03/2026"')
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    result = run("import", str(path), actor="Sam", role="PMO")

    said = " ".join(result.output.split())
    assert result.exit_code == 2, result.output
    assert 'not the text "2026/3/9" (that is 2026-03-09 written another way: write ' in said
    assert 'not the number 20260309 (that is 2026-03-09 written as a number: write "20' in said
    assert "line 3: effective_date: must be a real calendar day" in said
    assert '"09/03/2026" (' not in said
    assert run.events() == 0


def test_an_unknown_command_is_named_as_the_line_spells_it(run: Cli) -> None:
    # "ReportStatus" was named 'reportstatus', a spelling the line never wrote.
    said = refused(run, FIRST.replace('"onboard"', '"ReportStatus"') + "\n")

    assert (
        "line 1: 'ReportStatus' is not a command that can be imported; did you mean 'item "
        "report-status'?" in said
    )


def test_an_actor_given_as_null_is_told_to_be_left_out_for_the_import_s_own(run: Cli) -> None:
    # An export writing null for an empty cell: "actor": null was "must be text ..., not
    # null", with no word that a line leaving it out takes the import's --actor.
    said = refused(run, with_fields('"actor": null'))

    assert (
        'line 1: actor: must be text, in double quotes, such as "...", not null (leave '
        "it out for the import's --actor)" in said
    )


def test_a_currency_given_as_its_sign_is_told_its_code(run: Cli) -> None:
    # "currency": "£" was "not an ISO 4217 currency code (e.g. GBP, EUR, USD)", where an
    # amount's '£' is told that £ is GBP.
    said = refused(run, with_fields('"currency": "£"'))

    assert (
        "line 1: currency: '£' is not an ISO 4217 currency code (e.g. GBP, EUR, USD): £ is "
        "GBP" in said
    )


def test_a_whole_number_written_as_text_with_a_point_is_refused_as_on_the_command_line(
    run: Cli,
) -> None:
    # "rank": "2.0" was read as 2, where --rank 2.0 is refused: import.md says a whole
    # number is written the same way on the command line and in a line, digits 0 to 9.
    path = Path("point.jsonl").resolve()
    onboard = LINE.format(title="Payroll")
    rank = (
        '{"command": "reprioritise", "key": "L-1", "rank": "2.0", "authority": "IC", '
        '"rationale": "Why", "effective_date": "2026-01-06"}'
    )
    path.write_text(f"{onboard}\n{rank}\n", encoding="utf-8")

    result = run("import", str(path), actor="Sam", role="PMO")
    typed = run("item", "reprioritise", "L-1", "--rank", "2.0", "--authority", "IC", "-m", "Why")

    assert result.exit_code == typed.exit_code == 2, result.output
    assert 'line 2: rank: must be a whole number, such as 3, not the text "2.0"' in result.output
    assert run.events() == 0


def test_a_byte_order_mark_at_a_later_line_s_start_is_said_as_files_joined(run: Cli) -> None:
    # Two files saved 'UTF-8 with BOM', joined by cat: the second line's mark was refused
    # as "it starts with a byte-order mark ...: save it as UTF-8 without one", as if the
    # file began with it (that one is read past).
    mark = b"\xef\xbb\xbf"
    said = refused(run, mark + FIRST.encode() + b"\r\n" + mark + SECOND.encode())

    assert "1 of 2 lines cannot be recorded" in said
    assert (
        "line 2: the line starts with a UTF-8 byte-order mark (U+FEFF), which only the "
        "start of a file may hold, as when files saved as 'UTF-8 with BOM' are joined" in said
    )


def test_carriage_returns_alone_past_the_file_s_first_bytes_are_said_too(run: Cli) -> None:
    # The file's start is looked at for them (512 bytes); a first decision longer than
    # that was refused as 'line 1: not JSON (Extra data ...)', no word of the line ends.
    long = FIRST.replace("Baseline", "Baseline " + "long " * 200)
    said = refused(run, f"{long}\r{SECOND}\r")

    assert "line 1: it holds several decisions, their lines ended by a carriage return" in said
    assert "tr '\\r' '\\n' < FILE > FILE.jsonl" in said
    assert "Extra data" not in said


@pytest.mark.parametrize(("written", "read"), [("2.0", 2), ("7.2e1", 72), ("2.5", None)])
def test_a_whole_number_as_a_json_number_is_read_where_it_is_whole(
    run: Cli, written: str, read: int | None
) -> None:
    # As import.md says: a JSON number that is a whole number (pandas writes 2 as 2.0 in
    # a column with a gap) is that number; one with a fraction is refused.
    path = Path("number.jsonl").resolve()
    rank = (
        f'{{"command": "reprioritise", "key": "L-1", "rank": {written}, "authority": "IC", '
        '"rationale": "Why", "effective_date": "2026-01-06"}'
    )
    path.write_text(f"{LINE.format(title='Payroll')}\n{rank}\n", encoding="utf-8")

    result = run("import", str(path), actor="Sam", role="PMO")

    if read is None:
        assert result.exit_code == 2, result.output
        assert "line 2: rank:" in result.output
        assert run.events() == 0
    else:
        assert result.exit_code == 0, result.output
        assert json.loads(run("item", "show", "L-1", "--json").output)["rank"] == read


def test_an_amount_with_points_grouping_thousands_is_told_the_figure_to_write(
    run: Cli,
) -> None:
    # A German ministry's register, onboarded as lines of JSON, writes 'EUR 1.234.567,89':
    # refused with the general examples alone, where '1234567,89' was told that a decimal
    # comma is not read. The refusal now says so, and writes the figure as it is read.
    said = refused(run, with_fields('"whole_life_cost": "EUR 126.634.853,16"'))

    assert "line 1: whole_life_cost: 'EUR 126.634.853,16' is not an amount (write e.g." in said
    assert (
        "; points grouping thousands and a decimal comma (1.234.567,89) are not read here: "
        "write EUR 126634853.16"
    ) in said
    grouped = refused(run, with_fields('"budget": "1.234.567"'))
    assert "(1.234.567) are not read here: write 1234567" in grouped
