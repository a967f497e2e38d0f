"""A US federal agency's IT investments, in the style of the IT Dashboard's export.

``python -m tests.portfolio_itdash DIR`` writes ``itdash_fy2025.csv`` (UIIs ``029-000125452``,
``$1,234,567.89`` beside ``$231.1M``, CIO ratings 1 to 5, dates ``09/30/2027``) and the same
as the agency's workbook, ``itdash_fy2025.xlsx``: a title row above its header, dates as
date cells, a totals row at the bottom (refused by a return as a total:
``itdash_fy2025_no_total.xlsx`` has it deleted); with ``itdash.toml`` and
``itdash_xlsx.toml`` (``header_row = 3``). Written by h1; no figure is real.
"""

from __future__ import annotations

import csv
import random
import sys
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook

SEP = "|"
"""Lists below are written as one text, parted at each ``|``: a line each was too long."""

AGENCIES = {
    "029": ("Department of Veterans Affairs", "Veterans Health Administration"),
    "024": ("Department of Homeland Security", "U.S. Customs and Border Protection"),
    "015": ("Department of the Treasury", "Internal Revenue Service"),
    "009": ("Department of Health and Human Services", "Centers for Disease Control"),
    "005": ("Department of Agriculture", "Forest Service"),
    "023": ("General Services Administration", "Federal Acquisition Service"),
}
SYSTEMS = (
    "Financial Management System|Case Management Modernization|"
    "Identity, Credential & Access Management|"
    "Electronic Health Record Modernization|Grants Management Platform|Cloud Hosting Services|"
    "Legacy Mainframe Migration|Cybersecurity Operations Center|Customer Experience Portal"
).split(SEP)
TYPES = ["Major IT Investment", "Non-Major IT Investment", "Standard IT Investment"]
IT_HEADER = (
    "Unique Investment Identifier (UII)|Agency Code|Agency Name|Bureau Name|Investment Title|"
    "Type of Investment|CIO Rating|Total IT Spending FY2025|Lifecycle Cost|Planned Completion Date|"
    "Updated Date"
).split(SEP)


@dataclass(frozen=True)
class Investment:
    """A row of the IT Dashboard's export."""

    uii: str
    agency: str
    title: str
    kind: str
    rating: int | None
    lifecycle: Decimal
    in_millions: bool
    spending: Decimal
    end: date


def investments(seed: int = 2025, count: int = 84) -> list[Investment]:
    """The agency's investments: a lifecycle cost in one of seven written as ``$231.1M``."""
    rnd = random.Random(seed)  # noqa: S311 - made-up figures, not secrets
    made: list[Investment] = []
    for i in range(count):
        code = rnd.choice(list(AGENCIES))
        uii = f"{code}-{rnd.randint(1000, 999999):09d}"
        cost = Decimal(rnd.randint(50_000_000, 250_000_000_000)) / 100
        in_millions = i % 7 == 3
        if in_millions:
            cost = (cost / 1_000_000).quantize(Decimal("0.1")) * 1_000_000
        made.append(
            Investment(
                uii,
                AGENCIES[code][0],
                f"{rnd.choice(SYSTEMS)} ({uii[-4:]})",
                TYPES[0] if i % 5 else rnd.choice(TYPES[1:]),
                None if i % 11 == 5 else rnd.randint(1, 5),
                cost,
                in_millions,
                Decimal(rnd.randint(100_000, 9_000_000_000)) / 100,
                date(
                    rnd.randint(2026, 2032), 9 if i % 2 else rnd.randint(1, 12), 30 if i % 2 else 15
                ),
            )
        )
    return list({m.uii: m for m in made}.values())


def write_itdash_csv(path: Path, rows: list[Investment]) -> None:
    """The export as the Dashboard's CSV gives it."""
    with path.open("w", newline="", encoding="utf-8") as file:
        out = csv.writer(file)
        out.writerow(IT_HEADER)
        for r in rows:
            cost = f"${r.lifecycle / 1_000_000:.1f}M" if r.in_millions else f"${r.lifecycle:,.2f}"
            out.writerow(
                [
                    r.uii,
                    r.uii[:3],
                    r.agency,
                    AGENCIES[r.uii[:3]][1],
                    r.title,
                    r.kind,
                    "" if r.rating is None else r.rating,
                    f"${r.spending:,.2f}",
                    cost,
                    r.end.strftime("%m/%d/%Y"),
                    "10/15/2025",
                ]
            )


def write_itdash_xlsx(path: Path, rows: list[Investment], *, totals: bool) -> None:
    """The agency's workbook: a title row, dates as date cells, a totals row at the bottom."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Investments"
    sheet.append(["IT Dashboard - Agency IT Investments (FY 2025), data as of 10/15/2025"])
    sheet.append([])
    sheet.append(IT_HEADER)
    for r in rows:
        sheet.append(
            [
                r.uii,
                r.uii[:3],
                r.agency,
                AGENCIES[r.uii[:3]][1],
                r.title,
                r.kind,
                r.rating,
                float(r.spending),
                float(r.lifecycle),
                r.end,
                date(2025, 10, 15),
            ]
        )
    if totals:  # the sums as Excel saves them with the formulas (openpyxl saves no value)
        spent, cost = sum(r.spending for r in rows), sum(r.lifecycle for r in rows)
        sheet.append(["Total", None, None, None, None, None, None, float(spent), float(cost)])
    for line in sheet.iter_rows(min_row=4):
        for cell in line[7:9]:
            cell.number_format = '"$"#,##0.00'
        for cell in line[9:11]:
            cell.number_format = "mm/dd/yyyy"
    book.save(path)


MAPPING = (
    'source = "IT Dashboard"\ncurrency = "USD"\ndates = "MM/DD/YYYY"\n'
    'ignore = ["Agency Code", "Bureau Name", "Total IT Spending FY2025", "Updated Date"]\n'
    '[columns]\nkey = "Unique Investment Identifier (UII)"\ntitle = "Investment Title"\n'
    'organisation = "Agency Name"\ncategory = "Type of Investment"\n'
    'whole_life_cost = "Lifecycle Cost"\nforecast_date = "Planned Completion Date"\n'
    'rag = "CIO Rating"\n[blank]\nrag = "not assessed"\n[spellings.rag]\n"5" = "green"\n'
    '"4" = "green"\n"3" = "amber"\n"2" = "red"\n"1" = "red"\n[defaults]\nkind = "project"\n'
)
"""The mapping an office writes for it from docs/returns.md."""


def write_all(folder: Path) -> None:
    """The export, the workbooks and the mappings, into ``folder``."""
    rows = investments()
    write_itdash_csv(folder / "itdash_fy2025.csv", rows)
    write_itdash_xlsx(folder / "itdash_fy2025.xlsx", rows, totals=True)
    write_itdash_xlsx(folder / "itdash_fy2025_no_total.xlsx", rows, totals=False)
    (folder / "itdash.toml").write_text(MAPPING, encoding="utf-8")
    workbook = MAPPING.replace("[columns]", "header_row = 3\n[columns]", 1)
    (folder / "itdash_xlsx.toml").write_text(workbook, encoding="utf-8")


if __name__ == "__main__":
    write_all(Path(sys.argv[1] if len(sys.argv) > 1 else "."))
