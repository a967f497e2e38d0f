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
    ("name", "text"),
    [
        ("itdash.json", json.dumps(INVESTMENTS, indent=2)),
        ("itdash.jsonl", "\n".join(json.dumps(row) for row in INVESTMENTS)),
        ("export.csv", json.dumps({"result": INVESTMENTS})),
    ],
    ids=["json-array", "json-lines", "json-named-csv"],
)
def test_a_json_export_is_refused_as_json_not_read_as_a_csv_header(
    run: Cli, name: str, text: str
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
    assert "portfolio-ledger import" in message
    assert "the columns in its header" not in message
