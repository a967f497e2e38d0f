"""A return's dry run says what each new row joins as: its figures as read, to check first.

A register's ``£1.2m``, ``1,250k`` and ``Amber/Red`` are read by rules a person checks
with the dry run before recording; but a new row was listed by key and title alone, so
what its cells were read as was seen only once recorded (``item show``). Each new row
now shows its onboarding as it would be recorded: stage, organisation, figures, rating.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.behaviour.test_returns_refusals import write
from tests.conftest import Cli

MAPPING = (
    '[columns]\nkey = "Ref"\ntitle = "Project"\norganisation = "Dept"\n'
    'authorised_budget = "Budget"\nforecast_cost = "Forecast"\nrag = "RAG"\n'
    '[spellings.rag]\n"Amber/Red" = "red"\n[defaults]\ncategory = "Digital"\n'
)


def test_a_dry_run_shows_the_figures_and_rating_each_new_row_is_read_as(run: Cli) -> None:
    Path("m.toml").write_text(MAPPING, encoding="utf-8")
    path = write("r.csv", "Ref,Project,Dept,Budget,Forecast,RAG",
                 'WC-1,Wi-Fi,Place,£1.2m,"1,250k",Amber/Red')  # fmt: skip
    args = ("--mapping", "m.toml", "--as-at", "2025-09-30", "--authority", "PMO", "--dry-run")

    shown = run("returns", "import", str(path), *args)
    data = run("returns", "import", str(path), *args, "--json")

    assert shown.exit_code == 0, shown.output
    assert "budget GBP 1,200,000; forecast GBP 1,250,000; RAG red" in " ".join(shown.output.split())
    joins_as = json.loads(data.output)["new"][0]["joins_as"]
    assert "Wi-Fi (Place, category Digital)" in joins_as
    assert "budget GBP 1,200,000; forecast GBP 1,250,000; RAG red" in joins_as
    assert run.events() == 0


def test_a_dry_run_shows_the_forecast_date_each_new_row_is_read_as(run: Cli) -> None:
    # 'Q2 2026' spelt by the mapping, '30/06/2026' read by its dates: before, neither was
    # shown until recorded, as the onboarding's summary names no date.
    mapping = MAPPING.replace('rag = "RAG"\n', 'rag = "RAG"\nforecast_date = "Due"\n')
    mapping = (
        'dates = "DD/MM/YYYY"\n' + mapping + '[spellings.forecast_date]\n"Q2 2026" = "2026-06-30"\n'
    )
    Path("m.toml").write_text(mapping, encoding="utf-8")
    path = write("r.csv", "Ref,Project,Dept,Budget,Forecast,RAG,Due",
                 "WC-1,Wi-Fi,Place,£1.2m,£1.3m,Green,Q2 2026",
                 "WC-2,Kiosks,Place,£2m,£2m,Green,01/07/2026",
                 "WC-3,Lockers,Place,£3m,£3m,Green,")  # fmt: skip
    args = ("--mapping", "m.toml", "--as-at", "2025-09-30", "--authority", "PMO", "--dry-run")

    data = run("returns", "import", str(path), *args, "--json")

    assert data.exit_code == 0, data.output
    joins = [row["joins_as"] for row in json.loads(data.output)["new"]]
    assert "RAG green; forecast date 2026-06-30; from m.toml return as at 2025-09-30" in joins[0]
    assert "forecast date 2026-07-01" in joins[1]
    assert "forecast date" not in joins[2]
    assert run.events() == 0
