"""An NHS trust's programme register, two quarters, as its PMO keeps the workbook by hand.

``python -m tests.portfolio_nhs DIR`` writes ``nhs_register_q1.xlsx`` (a row pasted twice,
which a return refuses; ``_q1_fixed`` has it deleted) and ``nhs_register_q2.xlsx``, with
``nhs.toml``: each programme above its projects, blank rows between programmes, the care
group merged down, hidden columns, an id typed in lower case with a space after it and then
with a space for its dash, costs ``TBC`` and ``n/a``, RAG as ``G``, ``Amber/Green``,
``Red `` and ``GREEN ``. Written by h1; no figure is real.
"""

from __future__ import annotations

import random
import sys
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import PatternFill

SEP = "|"
"""Lists below are written as one text, parted at each ``|``: a line each was too long."""

GROUPS = {
    "DIG": ("Digital Services", "Digital", ["EPR Optimisation", "Digital Front Door"]),
    "EST": ("Estates & Facilities", "Estates", ["Theatres Refurbishment", "Net Zero Estate"]),
    "CLI": ("Medicine Care Group", "Clinical", ["Urgent & Emergency Care Flow"]),
    "WOR": ("People Directorate", "Workforce", ["Nursing Workforce Plan"]),
}
PROJECTS = (
    "Patient portal go-live|e-Prescribing rollout|Bed management system|Virtual wards|"
    "Same-day emergency care|Discharge lounge|Solar PV|Heat decarbonisation (PSDS)|"
    "Theatre 7 & 8 rebuild|Firewall renewal|Roster system upgrade|Bank staff app|"
    "Community diagnostic centre|"
    "Pharmacy robot|Radiology PACS replacement"
).split(SEP)
RAGS = {
    "green": ["G", "Green", "GREEN "],
    "amber": ["A", "Amber/Green", "Amber/Red "],
    "red": ["R", "Red ", "Red"],
}
NHS_HEADER = (
    "Ref|Programme / Project|Type|Parent|Care Group|Workstream|SRO|Q1 Budget (£k)|Budget (£k)|"
    "Forecast Outturn (£k)|Whole Life Cost (£k)|Overall RAG|Comments"
).split(SEP)
Figure = Decimal | str


@dataclass(frozen=True)
class Scheme:
    """A programme's or a project's row of the trust's register (money in £k)."""

    ref: str
    title: str
    kind: str
    group: str
    budget: Figure
    forecast: Figure
    whole_life: Figure
    rag: str


def programme_register(seed: int = 11) -> list[Scheme]:
    """Each programme, then its four to eight projects: some costs TBC, some n/a."""
    rnd = random.Random(seed)  # noqa: S311 - made-up figures, not secrets
    rows, n = [], 0
    for prefix, (_, _, programmes) in GROUPS.items():
        for p, name in enumerate(programmes, 1):
            ref = f"{prefix}-{p:02d}"
            rows.append(
                Scheme(
                    ref,
                    f"{name} Programme",
                    "Programme",
                    prefix,
                    "n/a",
                    "n/a",
                    Decimal(rnd.randint(500, 9000)),
                    rnd.choice(list(RAGS)),
                )
            )
            for k in range(1, rnd.randint(5, 9)):
                n += 1
                budget = Decimal(rnd.randint(20_000, 3_500_000)) / 100
                forecast = (budget * Decimal(rnd.choice(["0.95", "1", "1.08"]))).quantize(
                    Decimal("0.01")
                )
                rows.append(
                    Scheme(
                        f"{ref}-{k:02d}",
                        PROJECTS[n % len(PROJECTS)] + f" ({ref})",
                        "Project",
                        prefix,
                        budget if n % 9 else "TBC",
                        forecast if n % 7 else "TBC",
                        (forecast * Decimal("1.3")).quantize(Decimal("0.01")) if n % 5 else "n/a",
                        rnd.choice(list(RAGS)),
                    )
                )
    return rows


def next_quarter(rows: list[Scheme]) -> list[Scheme]:
    """The next quarter: forecasts up a tenth, ratings moved, a project closed, one joins."""
    moved = {"green": "amber", "amber": "red", "red": "amber"}
    later = [
        replace(
            r, forecast=(r.forecast * Decimal("1.1")).quantize(Decimal("0.01")), rag=moved[r.rag]
        )
        if 3 <= i < 9 and isinstance(r.forecast, Decimal)
        else r
        for i, r in enumerate(rows)
        if i != 12
    ]
    at = max(i for i, r in enumerate(later) if r.ref.startswith("DIG")) + 1
    joins = Scheme(
        "DIG-02-09",
        "Cyber essentials plus",
        "Project",
        "DIG",
        Decimal("120.5"),
        Decimal("120.5"),
        Decimal(150),
        "green",
    )
    return [*later[:at], joins, *later[at:]]


def write_programme_register(path: Path, rows: list[Scheme], *, quarter: int, twice: bool) -> None:
    """The trust PMO's workbook, as kept by hand."""
    rnd = random.Random(quarter)  # noqa: S311 - which spelling of each rating
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Programme Register"
    sheet.append([f"Northshire Hospitals NHS Foundation Trust - Portfolio Register Q{quarter}"])
    sheet.append(["PMO use only. All figures £k."])
    sheet.append([])
    sheet.append(NHS_HEADER)
    blocks: list[list[int]] = []
    for r in rows:
        if r.kind == "Programme" and blocks:
            sheet.append([])  # a blank row between programmes
        ref = r.ref
        if ref.startswith("DIG") and ref.endswith("-02") and r.kind == "Project":
            ref = f"{ref.lower()} " if quarter == 1 else ref.replace("-", " ", 1)
        cells = [
            ref,
            r.title,
            r.kind,
            r.ref[:6] if r.kind == "Project" else "",
            GROUPS[r.group][0],
            GROUPS[r.group][1],
            "M Evans",
            *(
                float(v) if isinstance(v, Decimal) else v
                for v in (r.budget, r.budget, r.forecast, r.whole_life)
            ),
            rnd.choice(RAGS[r.rag]),
            "",
        ]
        sheet.append(cells)
        if twice and r.ref == "EST-01-02":
            sheet.append(cells)  # pasted twice
        if r.kind == "Programme":
            blocks.append([sheet.max_row, sheet.max_row])
            for cell in sheet[sheet.max_row]:
                cell.fill = PatternFill("solid", fgColor="D9E1F2")
        blocks[-1][1] = sheet.max_row
    for first, last in blocks:  # the care group merged down over a programme's rows
        sheet.merge_cells(f"E{first}:E{last}")
    sheet.column_dimensions["D"].hidden = True
    sheet.column_dimensions["H"].hidden = True  # last quarter's budget, out of sight
    book.save(path)


MAPPING = (
    'source = "Trust PMO register"\nunits = "thousands"\nheader_row = 4\n'
    'make_keys = true\nignore = ["Parent", "Q1 Budget (£k)", "Comments"]\n[columns]\n'
    'key = "Ref"\ntitle = "Programme / Project"\nkind = "Type"\norganisation = "Care Group"\n'
    'category = "Workstream"\nowner = "SRO"\nauthorised_budget = "Budget (£k)"\n'
    'forecast_cost = "Forecast Outturn (£k)"\nwhole_life_cost = "Whole Life Cost (£k)"\n'
    'rag = "Overall RAG"\n[blank]\nrag = "not assessed"\n[spellings.rag]\n"G" = "green"\n'
    '"A" = "amber"\n"R" = "red"\n"Amber/Green" = "amber"\n"Amber/Red" = "red"\n'
    '[spellings.authorised_budget]\n"TBC" = "not known"\n[spellings.forecast_cost]\n'
    '"TBC" = "not known"\n[defaults]\nstage = "in delivery"\n'
)
"""The mapping an office writes for it from docs/returns.md."""


def write_all(folder: Path) -> None:
    """The two quarters' workbooks (the first as kept, and put right) and the mapping."""
    q1 = programme_register()
    write_programme_register(folder / "nhs_register_q1.xlsx", q1, quarter=1, twice=True)
    write_programme_register(folder / "nhs_register_q1_fixed.xlsx", q1, quarter=1, twice=False)
    q2 = next_quarter(q1)
    write_programme_register(folder / "nhs_register_q2.xlsx", q2, quarter=2, twice=False)
    (folder / "nhs.toml").write_text(MAPPING, encoding="utf-8")


if __name__ == "__main__":
    write_all(Path(sys.argv[1] if len(sys.argv) > 1 else "."))
