"""Returns shaped as other countries' registers and tools export them.

A US IT Dashboard export (JSON, dates month first), an Australian register
(dates day first), a ServiceNow SPM export (dates with a time of day): each
read exactly where its mapping says how, or refused naming the file or cell,
what is wrong and what to do, with nothing written.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.behaviour.test_returns_refusals import refused
from tests.conftest import Cli

INVESTMENTS = [
    {"UII": "005-000001234", "investmentTitle": "Farm Loan Modernization", "lifecycleCost": 1234.5},
    {"UII": "007-000009876", "investmentTitle": "Enterprise Cloud Migration", "lifecycleCost": 98},
]


@pytest.mark.parametrize(
    ("name", "text", "jq"),
    [
        ("itdash.json", json.dumps(INVESTMENTS, indent=2), "an array of objects: jq -r '"),
        ("itdash.jsonl", "\n".join(json.dumps(r) for r in INVESTMENTS), "objects a line: jq -rs '"),
        ("export.csv", json.dumps({"result": INVESTMENTS}), "jq -rs '"),
    ],
    ids=["json-array", "json-lines", "json-named-csv"],
)
def test_a_json_export_is_refused_as_json_not_read_as_a_csv_header(
    run: Cli, name: str, text: str, jq: str
) -> None:
    # An IT Dashboard's JSON export given as a return was read as a CSV: 'has no column
    # gmpp_id ...; the columns in its header (row 1) are: '['', naming neither the file's
    # kind nor what to do with it.
    path = Path(name).resolve()
    path.write_text(text, encoding="utf-8")

    message = refused(run, path)

    assert f"{name} holds JSON, not a table" in message
    assert "a return is a CSV file (UTF-8) or an .xlsx workbook" in message
    assert "Save it as CSV from the tool that made it" in message
    assert jq in message
    assert "portfolio-ledger import" in message
    assert "the columns in its header" not in message


def test_a_json_object_holding_its_rows_under_a_name_is_refused_with_the_jq_that_reads_it(
    run: Cli,
) -> None:
    # An API's export, {"result": [...]}, was told only jq -rs '(.[0] | keys_unsorted) ...',
    # which fails on it ('array is not valid in a csv row'): its rows are under 'result'.
    path = Path("export.json").resolve()
    path.write_text(json.dumps({"result": INVESTMENTS}, indent=2), encoding="utf-8")

    message = refused(run, path)

    assert "an object holding them under 'result': jq -r '.result | (.[0] | keys_unsorted)" in (
        message
    )


SPM = """
source = "ServiceNow SPM"
currency = "USD"
[columns]
key = "sys_id"
title = "short_description"
category = "portfolio"
forecast_date = "planned_end_date"
"""


def import_return(run: Cli, path: Path, mapping: str) -> str:
    """Import the return with this mapping (TOML text), expect it recorded; the output."""
    Path("mapping.toml").write_text(mapping, encoding="utf-8")
    result = run("returns", "import", str(path), "--mapping", "mapping.toml",
                 "--as-at", "2026-03-31", "--authority", "PMO")  # fmt: skip
    assert result.exit_code == 0, result.output
    return result.output


def forecast_date(run: Cli, key: str) -> str:
    shown = json.loads(run("item", "show", key, "--json").output)
    return str(shown["forecast_date"])


def test_a_date_written_with_a_time_of_day_is_read_as_its_day(run: Cli) -> None:
    # A ServiceNow export writes its dates with a time ('2026-09-30 17:00:00'). In a
    # workbook's date cell that time was read as its day; written as text it refused
    # every row: "is not a date (YYYY-MM-DD)".
    path = Path("spm.csv").resolve()
    path.write_text(
        "sys_id,short_description,portfolio,planned_end_date\n"
        "6816f79cc0a8016401c5a33be04be441,CRM Consolidation,Customer,2026-09-30 17:00:00\n"
        "a9c8e7f60b2c4d1e8f3a2b1c0d9e8f7a,Data Centre Exit,Infra,2026-12-31T23:59:59Z\n"
        "b1c2d3e4f5a60718293a4b5c6d7e8f90,HR Portal,Corporate,2027-01-15 08:30\n",
        encoding="utf-8",
    )

    import_return(run, path, SPM)

    assert forecast_date(run, "6816f79cc0a8016401c5a33be04be441") == "2026-09-30"
    assert forecast_date(run, "a9c8e7f60b2c4d1e8f3a2b1c0d9e8f7a") == "2026-12-31"
    assert forecast_date(run, "b1c2d3e4f5a60718293a4b5c6d7e8f90") == "2027-01-15"


def test_a_date_with_a_time_that_is_no_time_is_still_refused(run: Cli) -> None:
    path = Path("spm.csv").resolve()
    path.write_text(
        "sys_id,short_description,portfolio,planned_end_date\n"
        "6816f79cc0a8016401c5a33be04be441,CRM Consolidation,Customer,2026-09-30 soon\n",
        encoding="utf-8",
    )
    Path("mapping.toml").write_text(SPM, encoding="utf-8")

    message = refused(run, path, "--mapping", "mapping.toml")

    assert "cell D2: '2026-09-30 soon' is not a date" in message


def dated_return(*finishes: str) -> Path:
    """A register of one item a finish date, keyed R-1, R-2, ..."""
    path = Path("dated.csv").resolve()
    rows = [f"R-{n},Item {n},Digital,{finish}" for n, finish in enumerate(finishes, start=1)]
    path.write_text("\n".join(["ID,Name,Area,Finish", *rows]) + "\n", encoding="utf-8")
    return path


DATED = '[columns]\nkey = "ID"\ntitle = "Name"\ncategory = "Area"\nforecast_date = "Finish"\n'


@pytest.mark.parametrize(
    ("dates", "written", "read"),
    [
        ("MM/DD/YYYY", ["09/30/2027", "6/1/2030", "12/31/2028 5:00:00 PM", "2029-01-31"],
         ["2027-09-30", "2030-06-01", "2028-12-31", "2029-01-31"]),
        ("DD/MM/YYYY", ["31/12/2027", "01/07/2026", "1.2.2028", "2029-01-31"],
         ["2027-12-31", "2026-07-01", "2028-02-01", "2029-01-31"]),
    ],
    ids=["us-month-first", "au-day-first"],
)  # fmt: skip
def test_dates_written_day_or_month_first_are_read_in_the_order_the_mapping_gives(
    run: Cli, dates: str, written: list[str], read: list[str]
) -> None:
    # The US writes 09/30/2027, Australia 31/12/2027, and 01/07/2026 is 7 January to one
    # and 1 July to the other: no mapping could say which, so every such row was refused.
    import_return(run, dated_return(*written), f'dates = "{dates}"\n{DATED}')

    assert [forecast_date(run, f"R-{n}") for n in range(1, len(read) + 1)] == read


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        ("09/30/2027", "(30 is no month, so it is written MM/DD/YYYY)"),
        ("31/12/2027", "(31 is no month, so it is written DD/MM/YYYY)"),
        ("01/07/2026", ""),
    ],
)
def test_a_date_day_or_month_first_with_no_order_in_the_mapping_is_refused_naming_the_key(
    run: Cli, written: str, hint: str
) -> None:
    Path("mapping.toml").write_text(DATED, encoding="utf-8")

    message = refused(run, dated_return(written), "--mapping", "mapping.toml")

    assert f"cell D2: '{written}' is not a date (YYYY-MM-DD)" in message
    assert 'dates = "DD/MM/YYYY" or dates = "MM/DD/YYYY"' in message
    assert hint in message


def test_a_date_that_is_none_in_the_mapping_s_order_is_refused_saying_why(run: Cli) -> None:
    Path("mapping.toml").write_text(f'dates = "DD/MM/YYYY"\n{DATED}', encoding="utf-8")

    message = refused(run, dated_return("09/30/2027", "30/09/27"), "--mapping", "mapping.toml")

    assert "cell D2: '09/30/2027' is not a date written DD/MM/YYYY (the mapping's dates)" in message
    assert "there is no month 30" in message
    assert "cell D3: '30/09/27' is not a date: a year of two digits is not read" in message


@pytest.mark.parametrize(
    ("dates", "written", "other", "meant"),
    [("DD/MM/YYYY", "9/18/2026", "MM/DD/YYYY", "2026-09-18"),
     ("MM/DD/YYYY", "18/9/2026", "DD/MM/YYYY", "2026-09-18")],
)  # fmt: skip
def test_a_date_only_the_other_order_reads_is_refused_naming_that_order(
    run: Cli, dates: str, written: str, other: str, meant: str
) -> None:
    # A US export read with a day-first mapping (an office's own, copied): half its dates
    # refused, each saying 'write it as the other dates of the return are'; the other half,
    # 3/4/2027, read day first, the wrong day. Retyped cell by cell, as the refusal said,
    # every date either order reads would have been recorded swapped.
    Path("mapping.toml").write_text(f'dates = "{dates}"\n{DATED}', encoding="utf-8")

    message = refused(run, dated_return(written, "3/4/2027"), "--mapping", "mapping.toml")

    assert (
        f"cell D2: '{written}' is not a date written {dates} (the mapping's dates): there is "
        f"no month 18 of 2026; written {other} it is {meant}: if the return's dates are "
        f'written so, say dates = "{other}" in the mapping, which reads every date of the '
        "return so (3/4/2027 is a different day in each order)"
    ) in " ".join(message.split())


def test_a_day_its_month_has_not_is_refused_naming_the_month(run: Cli) -> None:
    """'31/06/2027' was refused as 'there is no day 31 of 2027': 2027 has days 31, June none."""
    Path("mapping.toml").write_text(f'dates = "DD/MM/YYYY"\n{DATED}', encoding="utf-8")

    message = refused(run, dated_return("31/06/2027"), "--mapping", "mapping.toml")

    assert (
        "cell D2: '31/06/2027' is not a date written DD/MM/YYYY (the mapping's dates): there is "
        "no day 31 in June 2027; write it as the other dates of the return are, or YYYY-MM-DD"
    ) in " ".join(message.split())


def test_a_mapping_with_another_order_of_dates_is_refused_naming_those_it_takes(
    run: Cli,
) -> None:
    Path("mapping.toml").write_text(f'dates = "YYYY/DD/MM"\n{DATED}', encoding="utf-8")

    message = refused(run, dated_return("2027/30/09"), "--mapping", "mapping.toml")

    assert "dates 'YYYY/DD/MM' is not one of YYYY-MM-DD, DD/MM/YYYY, MM/DD/YYYY" in message


DASHBOARD = (
    "UII,Investment Title,Portfolio,Lifecycle Cost ($M)\n"
    "005-000001234,Farm Loan Modernization,Mission Delivery,987.6\n"
)
UNMEASURED = (
    'currency = "USD"\n[columns]\nkey = "UII"\ntitle = "Investment Title"\n'
    'category = "Portfolio"\nwhole_life_cost = "Lifecycle Cost ($M)"\n'
)


@pytest.mark.parametrize(
    ("header", "units", "said"),
    [
        ("Lifecycle Cost ($M)", None, "millions"),
        ("Lifecycle Cost ($M)", "thousands", "millions"),
        ("WLC (GBP k)", None, "thousands"),
        ("Cost (£'000)", "millions", "thousands"),
        ("whole_life_cost_usd_m", None, "millions"),
    ],
)
def test_a_money_column_whose_header_names_other_units_than_those_read_is_refused(
    run: Cli, header: str, units: str | None, said: str
) -> None:
    # An IT Dashboard's 'Lifecycle Cost ($M)' read by a mapping that gave no units was
    # read in dollars: a USD 987.6 million investment recorded as USD 987.60, silently.
    Path("mapping.toml").write_text(
        (f'units = "{units}"\n' if units else "")
        + UNMEASURED.replace("Lifecycle Cost ($M)", header),
        encoding="utf-8",
    )
    path = Path("itdash.csv").resolve()
    path.write_text(DASHBOARD.replace("Lifecycle Cost ($M)", header), encoding="utf-8")

    message = refused(run, path, "--mapping", "mapping.toml")

    read = units or "units"
    assert f"the column {header!r} (whole_life_cost) says its money is in {said}" in message
    assert f"the mapping.toml mapping reads it in {read}" in message
    assert f'Add units = "{said}" to the mapping (or give --units {said})' in message
    assert f"give --units {read}" in message


def test_money_in_the_units_its_header_names_or_named_on_the_command_line_is_read(
    run: Cli,
) -> None:
    path = Path("itdash.csv").resolve()
    path.write_text(DASHBOARD, encoding="utf-8")

    import_return(run, path, f'units = "millions"\n{UNMEASURED}')
    shown = json.loads(run("item", "show", "005-000001234", "--json").output)
    assert shown["whole_life_cost"] == {"amount": "987600000.00", "currency": "USD"}

    result = run("returns", "import", str(path), "--mapping", "mapping.toml", "--units",
                 "units", "--as-at", "2026-03-31", "--authority", "PMO")  # fmt: skip
    assert result.exit_code == 0, result.output  # said on the command line: as it says
    shown = json.loads(run("item", "show", "005-000001234", "--json").output)
    assert shown["whole_life_cost"] == {"amount": "987.60", "currency": "USD"}


@pytest.mark.parametrize(("units", "times"), [(None, "1,000,000,000"), ("millions", "1,000")])
def test_a_money_column_headed_in_billions_is_refused_saying_to_convert_it(
    run: Cli, units: str | None, times: str
) -> None:
    # 'Whole-life cost (£bn)' was read in the mapping's units, silently: 12.5 (billion) under
    # a mapping in millions recorded as GBP 12,500,000, a thousand times too small.
    header = "Whole-life cost (£bn)"
    mapping = UNMEASURED.replace("Lifecycle Cost ($M)", header).replace('"USD"', '"GBP"')
    Path("mapping.toml").write_text((f'units = "{units}"\n' if units else "") + mapping, "utf-8")
    path = Path("register.csv").resolve()
    path.write_text(DASHBOARD.replace("Lifecycle Cost ($M)", header), encoding="utf-8")

    message = refused(run, path, "--mapping", "mapping.toml")

    read = units or "units"
    assert f"the column {header!r} (whole_life_cost) says its money is in billions" in message
    assert f"every figure would be read {times} times too small" in message
    assert "Convert the column to millions in the return" in message
    assert f"give --units {read}" in message


@pytest.mark.parametrize(
    ("header", "units", "shown"),
    [
        ("Lifecycle Cost ($M)", "millions", "#,##0.0,,"),
        ("Cost ($k)", "thousands", '#,##0,"k"'),
        ("Lifecycle Cost", "units", '#,##0.0,,"M"'),
        ("Lifecycle Cost", "thousands", "#,##0.0,,"),
    ],
)
def test_a_workbook_s_figure_its_format_shows_in_millions_is_read_as_it_holds(
    run: Cli, header: str, units: str, shown: str
) -> None:
    # A finance sheet keeps USD 987,654,321 and shows '987.7' under 'Lifecycle Cost ($M)'.
    # Read as stored, then in the millions the header makes the mapping say, it was a
    # million times too large: refused as too many digits, or a smaller one recorded so.
    # Its format says the scale it is shown in, so the mapping's units are not applied again.
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["UII", "Investment Title", "Portfolio", header])
    sheet.append(["005-000001234", "Farm Loan Modernization", "Mission Delivery", 987654321])
    sheet["D2"].number_format = shown
    book.save("itdash.xlsx")
    mapping = UNMEASURED.replace("Lifecycle Cost ($M)", header)

    import_return(run, Path("itdash.xlsx").resolve(), f'units = "{units}"\n{mapping}')

    shown_item = json.loads(run("item", "show", "005-000001234", "--json").output)
    assert shown_item["whole_life_cost"] == {"amount": "987654321.00", "currency": "USD"}


@pytest.mark.parametrize(
    ("header", "said", "into", "times"),
    [
        ("Cost (INR crore)", "crores", "millions", "10"),
        ("Cost (Rs lakh)", "lakhs", "thousands", "100"),
    ],
)
def test_a_money_column_headed_in_crores_or_lakhs_is_refused_saying_to_convert_it(
    run: Cli, header: str, said: str, into: str, times: str
) -> None:
    # An Indian register's 'Cost (INR crore)' was read in the mapping's units, silently:
    # 12.5 crore (125,000,000) recorded as INR 12.50.
    mapping = UNMEASURED.replace("Lifecycle Cost ($M)", header).replace('"USD"', '"INR"')
    Path("mapping.toml").write_text(mapping, encoding="utf-8")
    path = Path("register.csv").resolve()
    path.write_text(DASHBOARD.replace("Lifecycle Cost ($M)", header), encoding="utf-8")

    message = refused(run, path, "--mapping", "mapping.toml")

    assert f"the column {header!r} (whole_life_cost) says its money is in {said}" in message
    assert f"Convert the column to {into} in the return (each figure times {times}," in message
    assert f'add units = "{into}" to the mapping' in message


@pytest.mark.parametrize("header", ["O&M Cost", "M&E Budget", "T&M Cost", "K-12 Capital Cost"])
def test_a_money_column_whose_header_is_an_abbreviation_holding_m_or_k_is_read_in_units(
    run: Cli, header: str
) -> None:
    # 'O&M Cost' (operations and maintenance, as US and IT registers head it) was refused as
    # headed in millions ('m'), and no mapping could say otherwise: every import of it needed
    # --units units. An abbreviation's letters joined by '&' or '-' name no scale.
    path = Path("register.csv").resolve()
    path.write_text(DASHBOARD.replace("Lifecycle Cost ($M)", header), encoding="utf-8")

    import_return(run, path, UNMEASURED.replace("Lifecycle Cost ($M)", header))

    shown = json.loads(run("item", "show", "005-000001234", "--json").output)
    assert shown["whole_life_cost"] == {"amount": "987.60", "currency": "USD"}


@pytest.mark.parametrize(
    ("header", "currency", "said"),
    [
        ("Total Cost (AUD)", None, "AUD"),
        ("Lifecycle Cost ($)", None, "a currency written $ (USD, AUD, CAD,"),
        ("Budget (A$)", "USD", "AUD"),
        ("whole_life_cost_usd", "CAD", "USD"),
        ("Coût total (C$)", None, "a currency written C$ (CAD, NIO)"),
    ],
)
def test_a_money_column_whose_header_names_another_currency_is_refused(
    run: Cli, header: str, currency: str | None, said: str
) -> None:
    # An Australian register's 'Total Cost (AUD)' read by a mapping that gave no currency
    # was recorded in pounds: AUD 12,500,000 as GBP 12,500,000, silently.
    mapping = UNMEASURED.replace("Lifecycle Cost ($M)", header).replace('currency = "USD"\n', "")
    read = currency or "GBP"
    Path("mapping.toml").write_text(f'currency = "{read}"\n{mapping}', encoding="utf-8")
    path = Path("register.csv").resolve()
    path.write_text(DASHBOARD.replace("Lifecycle Cost ($M)", header), encoding="utf-8")

    message = refused(run, path, "--mapping", "mapping.toml")

    assert f"the column {header!r} (whole_life_cost) says its money is in {said}" in message
    assert f"and the mapping.toml mapping reads it as {read}" in message
    assert "Add currency = " in message


@pytest.mark.parametrize(
    ("header", "currency", "said"),
    [
        ("Total Cost (Euros)", "GBP", "EUR"),
        ("Lifecycle cost in US dollars", "GBP", "a currency written dollars (USD, AUD,"),
        ("Budget (pounds sterling)", "EUR", "GBP"),
    ],
)
def test_a_money_column_whose_header_names_another_currency_in_words_is_refused(
    run: Cli, header: str, currency: str, said: str
) -> None:
    # An Irish register's 'Total Cost (Euros)' read by a mapping that gave no currency was
    # recorded in pounds, silently, though 'Total Cost (EUR)' was refused.
    mapping = UNMEASURED.replace("Lifecycle Cost ($M)", header).replace('"USD"', f'"{currency}"')
    Path("mapping.toml").write_text(mapping, encoding="utf-8")
    path = Path("register.csv").resolve()
    path.write_text(DASHBOARD.replace("Lifecycle Cost ($M)", header), encoding="utf-8")

    message = refused(run, path, "--mapping", "mapping.toml")

    assert f"the column {header!r} (whole_life_cost) says its money is in {said}" in message
    assert f"and the mapping.toml mapping reads it as {currency}" in message


@pytest.mark.parametrize("header", ["Total Cost (Euros)", "Cost in euro"])
def test_a_header_naming_the_mapping_s_own_currency_in_words_is_read(run: Cli, header: str) -> None:
    path = Path("register.csv").resolve()
    path.write_text(DASHBOARD.replace("Lifecycle Cost ($M)", header), encoding="utf-8")
    mapping = UNMEASURED.replace("Lifecycle Cost ($M)", header)

    import_return(run, path, mapping.replace('currency = "USD"', 'currency = "EUR"'))

    shown = json.loads(run("item", "show", "005-000001234", "--json").output)
    assert shown["whole_life_cost"] == {"amount": "987.60", "currency": "EUR"}


@pytest.mark.parametrize("header", ["CAD licences", "CAD licences cost"])
def test_a_header_beginning_with_a_word_that_is_a_currency_code_is_read_in_the_mapping_s(
    run: Cli, header: str
) -> None:
    # 'CAD licences' (computer-aided design) was refused as a column in Canadian dollars:
    # only a code qualifying the amount ('(CAD)', 'Cost CAD', 'CAD cost') names a currency.
    path = Path("register.csv").resolve()
    path.write_text(DASHBOARD.replace("Lifecycle Cost ($M)", header), encoding="utf-8")

    import_return(run, path, UNMEASURED.replace("Lifecycle Cost ($M)", header))

    shown = json.loads(run("item", "show", "005-000001234", "--json").output)
    assert shown["whole_life_cost"]["currency"] == "USD"


@pytest.mark.parametrize(("header", "currency"), [("Cost (J$)", "JMD"), ("Budget (TT$)", "TTD")])
def test_a_header_with_a_dollar_sign_of_a_country_not_listed_is_read_in_the_mapping_s(
    run: Cli, header: str, currency: str
) -> None:
    # A Jamaican return, its mapping's currency JMD, headed 'Cost (J$)', was refused as in
    # 'a currency written $ (USD, AUD, ...)': letters before '$' not among the signs listed
    # were read as any listed dollar's, though they are their own country's.
    path = Path("register.csv").resolve()
    path.write_text(DASHBOARD.replace("Lifecycle Cost ($M)", header), encoding="utf-8")
    mapping = UNMEASURED.replace("Lifecycle Cost ($M)", header)

    import_return(run, path, mapping.replace('currency = "USD"', f'currency = "{currency}"'))

    shown = json.loads(run("item", "show", "005-000001234", "--json").output)
    assert shown["whole_life_cost"] == {"amount": "987.60", "currency": currency}


def test_a_header_naming_the_mapping_s_own_currency_is_read(run: Cli) -> None:
    path = Path("register.csv").resolve()
    path.write_text(DASHBOARD.replace("Lifecycle Cost ($M)", "Total Cost (A$)"), encoding="utf-8")
    mapping = UNMEASURED.replace("Lifecycle Cost ($M)", "Total Cost (A$)")

    import_return(run, path, mapping.replace('currency = "USD"', 'currency = "AUD"'))

    shown = json.loads(run("item", "show", "005-000001234", "--json").output)
    assert shown["whole_life_cost"] == {"amount": "987.60", "currency": "AUD"}


def titled_workbook() -> Path:
    """An office's template: a title merged across the columns, a note, then the header."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet["A1"] = "Digital portfolio return, Q1 2026"
    sheet.merge_cells("A1:D1")
    sheet["A2"] = "Prepared by the PMO"
    sheet.append(["ID", "Name", "Area", "Finish"])
    sheet.append(["R-1", "Alpha", "Digital", "2027-03-31"])
    sheet.append([])
    sheet.append(["R-2", "Beta", "Estates", "2028-01-01"])
    path = Path("titled.xlsx").resolve()
    book.save(path)
    return path


def test_a_header_below_title_rows_is_read_where_the_mapping_says(run: Cli) -> None:
    # A return whose header is not its first row (a title, a note above it) was refused,
    # the only fix to delete the title rows from every quarter's return by hand.
    output = import_return(run, titled_workbook(), f"header_row = 3\n{DATED}")

    assert "2 new" in output
    assert forecast_date(run, "R-1") == "2027-03-31"
    assert forecast_date(run, "R-2") == "2028-01-01"
    history = json.loads(run("item", "history", "R-2", "--json").output)
    assert history[0]["references"][0].endswith(" row 6")  # as the spreadsheet numbers it


def test_a_header_below_title_rows_with_no_header_row_is_refused_naming_the_key(
    run: Cli,
) -> None:
    Path("mapping.toml").write_text(DATED, encoding="utf-8")

    message = refused(run, titled_workbook(), "--mapping", "mapping.toml")

    assert "Row 3 holds every column to be read" in message
    assert "or say header_row = 3 in the mapping" in message


@pytest.mark.parametrize("header_row", [4, 5])
def test_a_header_above_the_mapping_s_header_row_is_refused_naming_its_row(
    run: Cli, header_row: int
) -> None:
    # A template's return with a title row fewer than the mapping's header_row says (its
    # header on row 3, header_row = 4) took a data row for the header and was refused only
    # as having no column 'ID', its header listed as 'R-1', 'Alpha', ...: no word of the fix.
    Path("mapping.toml").write_text(f"header_row = {header_row}\n{DATED}", encoding="utf-8")

    message = refused(run, titled_workbook(), "--mapping", "mapping.toml")

    assert "titled.xlsx has no column 'ID'" in message
    assert "Row 3 holds every column to be read, above the mapping's header_row" in message
    assert "say header_row = 3 in the mapping" in message


def test_a_header_row_below_the_last_row_is_refused_naming_it(run: Cli) -> None:
    Path("mapping.toml").write_text(f"header_row = 40\n{DATED}", encoding="utf-8")

    message = refused(run, titled_workbook(), "--mapping", "mapping.toml")

    assert "titled.xlsx has nothing at or below row 40 (header_row in the mapping)" in message


def test_an_export_of_items_in_another_currency_than_the_mapping_s_is_refused(run: Cli) -> None:
    # A portfolio in US dollars exported in the standard layout (GBP) wrote its figures as
    # bare numbers: read back into a fresh ledger they were recorded as pounds, silently,
    # and read back into the same ledger every row was refused.
    path = Path("itdash.csv").resolve()
    path.write_text(DASHBOARD, encoding="utf-8")
    import_return(run, path, f'units = "millions"\n{UNMEASURED}')
    out = Path("back.csv").resolve()

    refused_export = run("portfolio", "export", "--out", str(out))

    assert refused_export.exit_code == 2, refused_export.output
    assert "cannot export in the standard mapping: its money is GBP" in refused_export.output
    assert "005-000001234 is in USD" in refused_export.output
    assert 'a mapping of their currency (currency = "USD"' in refused_export.output
    assert not out.exists()
    assert [p.name for p in out.parent.iterdir() if p.name.endswith(".part")] == []

    exported = run("portfolio", "export", "--out", str(out), "--mapping", "mapping.toml")
    assert exported.exit_code == 0, exported.output
    events = run.events()
    again = import_return(run, out, f'units = "millions"\n{UNMEASURED}')
    assert "1 unchanged" in again
    assert run.events() == events


@pytest.mark.parametrize(
    ("header", "says"),
    [
        ("Lifecycle Cost ($K)", "says its money is in thousands"),
        ("Lifecycle Cost (AUD)", "says its money is in AUD"),
    ],
)
def test_an_export_by_a_mapping_whose_money_headers_say_otherwise_is_refused(
    run: Cli, header: str, says: str
) -> None:
    # A mapping in millions of USD whose column is headed 'Lifecycle Cost ($K)' exported
    # 987.6 under it, a figure in millions headed as thousands, and its return was refused
    # when read back with the same mapping: an unchanged export did not read back.
    path = Path("itdash.csv").resolve()
    path.write_text(DASHBOARD, encoding="utf-8")
    import_return(run, path, f'units = "millions"\n{UNMEASURED}')
    mapping = f'units = "millions"\n{UNMEASURED}'.replace("Lifecycle Cost ($M)", header)
    Path("other.toml").write_text(mapping, encoding="utf-8")
    out = Path("back.csv").resolve()

    refused_export = run("portfolio", "export", "--out", str(out), "--mapping", "other.toml")

    assert refused_export.exit_code == 2, refused_export.output
    assert "cannot export in the other.toml mapping" in refused_export.output
    assert f"the column {header!r} (whole_life_cost) {says}" in refused_export.output
    assert "nothing was written" in refused_export.output
    assert not out.exists()


def test_a_row_of_an_item_closed_before_it_joined_is_refused_saying_to_leave_it_out(
    run: Cli,
) -> None:
    # A ServiceNow export lists closed projects beside open ones. A 'Closed Complete' row
    # (retired) was refused saying "a new item is proposed instead ('item propose')",
    # which is no fix for a project that is over: the fix is to leave its row out.
    path = Path("spm.csv").resolve()
    path.write_text(
        "sys_id,short_description,portfolio,state\n"
        "c1,Old intranet,Infra,Closed Complete\n"
        "c2,Draft idea,Infra,Draft\n",
        encoding="utf-8",
    )
    mapping = SPM.replace('forecast_date = "planned_end_date"', 'stage = "state"')
    spelt = '[spellings.stage]\n"Closed Complete" = "retired"\n"Draft" = "proposed"\n'
    Path("mapping.toml").write_text(mapping + spelt, encoding="utf-8")

    message = refused(run, path, "--mapping", "mapping.toml")

    # Named by the column its stage was read from ('state'), as a cell's refusal is.
    assert "row 2, column state: stage: an item joins the ledger already under way at" in message
    assert "not retired; an item that had closed or retired before it joined" in message
    assert "leave its row out (in a return, --where COLUMN=VALUE keeps" in message
    assert "row 3, column state: stage:" in message
    assert "not proposed; a new item is proposed instead ('item propose')" in message


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_an_export_by_a_mapping_with_a_header_row_reads_back_as_no_change(
    run: Cli, suffix: str
) -> None:
    import_return(run, titled_workbook(), f"header_row = 3\n{DATED}")
    events = run.events()
    out = Path(f"back.{suffix}").resolve()

    exported = run("portfolio", "export", "--out", str(out), "--mapping", "mapping.toml")

    assert exported.exit_code == 0, exported.output
    again = import_return(run, out, f"header_row = 3\n{DATED}")
    assert "2 unchanged" in again
    assert run.events() == events


def test_an_export_by_a_mapping_naming_its_sheet_reads_back_as_no_change(run: Cli) -> None:
    # The export's sheet was always 'Return': read back by a mapping with sheet = "Projects"
    # it was refused, "has no sheet 'Projects'".
    import_return(run, titled_workbook(), f'header_row = 3\nsheet = "Sheet"\n{DATED}')
    events = run.events()
    out = Path("back.xlsx").resolve()

    exported = run("portfolio", "export", "--out", str(out), "--mapping", "mapping.toml")

    assert exported.exit_code == 0, exported.output
    again = import_return(run, out, f'header_row = 3\nsheet = "Sheet"\n{DATED}')
    assert "2 unchanged" in again
    assert run.events() == events


@pytest.mark.parametrize("name", ["Q1/Q2", "[Projects]", "A" * 32])
def test_a_mapping_naming_a_sheet_no_workbook_can_have_is_refused(run: Cli, name: str) -> None:
    Path("mapping.toml").write_text(f'sheet = "{name}"\n{DATED}', encoding="utf-8")

    message = refused(run, titled_workbook(), "--mapping", "mapping.toml")

    assert f"sheet {name!r} is not a sheet's name a workbook can have" in message


def test_a_date_with_its_month_named_is_read_whatever_the_mapping_s_order(run: Cli) -> None:
    # Excel's 'd-mmm-yyyy' and a US 'mmm d, yyyy' saved as text are no one's guess, yet
    # every such row was refused as "not a date (YYYY-MM-DD)".
    written = ["31-Mar-2027", "1 July 2026", '"Sep 30, 2027"', "February 1 2028", "3 sept 2029"]

    import_return(run, dated_return(*written), DATED)

    read = ["2027-03-31", "2026-07-01", "2027-09-30", "2028-02-01", "2029-09-03"]
    assert [forecast_date(run, f"R-{n}") for n in range(1, 6)] == read


def test_a_date_with_its_day_written_as_an_ordinal_is_read(run: Cli) -> None:
    # '30th September 2027', as a UK office types a date, was refused as "not a date
    # (YYYY-MM-DD)" though '30 September 2027' was read.
    written = ["30th September 2027", '"September 30th, 2027"', "1st July 2026", "3rd of May 2027"]

    import_return(run, dated_return(*written), DATED)

    read = ["2027-09-30", "2027-09-30", "2026-07-01", "2027-05-03"]
    assert [forecast_date(run, f"R-{n}") for n in range(1, 5)] == read


def test_a_date_with_its_month_named_that_is_no_date_is_refused_saying_why(run: Cli) -> None:
    Path("mapping.toml").write_text(DATED, encoding="utf-8")

    message = refused(run, dated_return("31-Feb-2027", "31-Mar-27"), "--mapping", "mapping.toml")

    assert "cell D2: '31-Feb-2027' is not a date: there is no day 31 in February 2027" in message
    assert "cell D3: '31-Mar-27' is not a date: a year of two digits is not read" in message


def test_money_columns_headed_in_different_units_are_refused_saying_one_unit_is_read(
    run: Cli,
) -> None:
    # Told to add units = "millions" for one column, the user was then refused for the
    # other: a mapping reads all its money in one unit, which the refusal did not say.
    header = "UII,Investment Title,Portfolio,Lifecycle Cost ($M),Forecast ($K)"
    path = Path("itdash.csv").resolve()
    path.write_text(f"{header}\n005-000001234,Farm Loans,Mission,987.6,990000\n", "utf-8")
    mapping = f'units = "millions"\n{UNMEASURED}forecast_cost = "Forecast ($K)"\n'
    Path("mapping.toml").write_text(mapping, encoding="utf-8")

    message = refused(run, path, "--mapping", "mapping.toml")

    assert (
        "its money columns name different units: 'Lifecycle Cost ($M)' millions, "
        "'Forecast ($K)' thousands" in message
    )
    assert "a mapping reads all its money in one unit" in message
    assert "Convert one column to the other's units" in message


@pytest.mark.parametrize("units", ["millions", "thousands"])
def test_money_columns_headed_in_different_units_are_refused_under_any_units_given(
    run: Cli, units: str
) -> None:
    # With --units on the command line the columns' units were not held against each other:
    # '--units millions' read 'Forecast ($K)' 990000 as USD 990,000 million, silently.
    header = "UII,Investment Title,Portfolio,Lifecycle Cost ($M),Forecast ($K)"
    path = Path("itdash.csv").resolve()
    path.write_text(f"{header}\n005-000001234,Farm Loans,Mission,987.6,990000\n", "utf-8")
    mapping = f'units = "millions"\n{UNMEASURED}forecast_cost = "Forecast ($K)"\n'
    Path("mapping.toml").write_text(mapping, encoding="utf-8")

    message = refused(run, path, "--mapping", "mapping.toml", "--units", units)

    assert "its money columns name different units" in message
    assert "Convert one column to the other's units" in message
