"""A PPM tool's CSV export in Windows-1252 or UTF-16: refused, with a conversion that keeps it.

Such an export is separated by semicolons and writes decimal commas (``1.250.000,50``).
Saved again from a spreadsheet program, as the refusal said alone, it may be split at the
program's own separator and its decimals read as its country writes them; the refusal
also gives the conversion (iconv's, or Notepad's) that keeps its text as it is, and the
file so converted is read with every figure as the export gave it.
"""

from __future__ import annotations

import json
import shlex
from decimal import Decimal
from pathlib import Path

import pytest

from tests.behaviour.test_returns_refusals import refused
from tests.conftest import Cli

EXPORT = (
    "Projektnummer;Projektname;Geschäftsbereich;Budget (€);Prognose (€);Ampel\r\n"
    "P-2025-01;Einführung E-Akte;Innere Dienste;1.250.000,50;1.310.000,05;Gelb\r\n"
    "P-2025-02;Bürgerportal 2.0;Bürgerservice;480.000,00;455.250,75;Grün\r\n"
)

MAPPING = """\
currency = "EUR"
decimal = ","
separator = ";"

[columns]
key = "Projektnummer"
title = "Projektname"
organisation = "Geschäftsbereich"
authorised_budget = "Budget (€)"
forecast_cost = "Prognose (€)"
rag = "Ampel"

[spellings.rag]
"Grün" = "green"
"Gelb" = "amber"

[defaults]
category = "Digitalisierung"
"""

OPTIONS = ("--mapping", "ppm.toml", "--as-at", "2025-12-31", "--authority", "PMO")


@pytest.mark.parametrize(
    ("saved", "iconv"),
    [
        (EXPORT.encode("cp1252"), "WINDOWS-1252"),
        (EXPORT.encode("utf-16"), "UTF-16"),
        (EXPORT.encode("utf-16-le"), "UTF-16LE"),
        (EXPORT.encode("utf-16-be"), "UTF-16BE"),
    ],
)
def test_a_tool_s_export_not_in_utf8_is_refused_with_a_conversion_that_keeps_its_figures(
    run: Cli, saved: bytes, iconv: str
) -> None:
    # The refusal said only "save it as 'CSV UTF-8' in the spreadsheet program": opened
    # there, a semicolon export is split at commas, and '1.310.000,05' may come back '...,5'.
    Path("ppm.toml").write_text(MAPPING, encoding="utf-8")
    export = Path("export.csv").resolve()
    export.write_bytes(saved)

    message = refused(run, export, *OPTIONS)

    assert "save it as 'CSV UTF-8' in the spreadsheet program" in message
    command = f"iconv -f {iconv} -t UTF-8 export.csv > export-utf8.csv"
    assert f"convert it: {command}, or open it in Notepad" in message

    _, _, encoding, _, _, source, _, target = shlex.split(command)  # as iconv converts it
    Path(target).write_text(Path(source).read_bytes().decode(encoding), encoding="utf-8")
    result = run("returns", "import", target, *OPTIONS)

    assert result.exit_code == 0, result.output
    items = json.loads(run("portfolio", "--json").output)
    assert [
        (i["key"], i["title"], i["organisation"], i["currency"],
         Decimal(i["authorised_budget"]), Decimal(i["forecast_cost"]), i["rag"])
        for i in items
    ] == [
        ("P-2025-01", "Einführung E-Akte", "Innere Dienste", "EUR",
         Decimal("1250000.50"), Decimal("1310000.05"), "amber"),
        ("P-2025-02", "Bürgerportal 2.0", "Bürgerservice", "EUR",
         Decimal("480000.00"), Decimal("455250.75"), "green"),
    ]  # fmt: skip
