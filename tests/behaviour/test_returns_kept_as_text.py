"""A CSV cell written ="00101" (an export keeping an id's leading zeros) is read as 00101.

A spreadsheet opening the file shows the formula's text, 00101; the import refused it as
no key (="00101"), and would have read ="Payroll" as a title with its equals sign and
quotes. Only a formula that is one quoted text is read so: =1+1 or =HYPERLINK(...) is
text like any other.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.behaviour.test_returns_refusals import returns_import, write
from tests.conftest import Cli

MAPPING = '[columns]\nkey = "key"\ntitle = "title"\ncategory = "category"\n'


def test_a_formula_of_one_text_is_read_as_the_text_it_shows(run: Cli) -> None:
    Path("m.toml").write_text(MAPPING, encoding="utf-8")
    path = write(
        "q3.csv",
        "key,title,category",
        '="00101",="Payroll ""new""",Corporate',
        '"=""0098000""",Website,Corporate',  # the same cell as a CSV writer quotes it
        "P-3,=1+1,Corporate",
    )

    result = returns_import(run, path, "--mapping", "m.toml", "--authority", "PMO")

    assert result.exit_code == 0, result.output
    held = {row["key"]: row["title"] for row in json.loads(run("portfolio", "--json").output)}
    assert held == {"00101": 'Payroll "new"', "0098000": "Website", "P-3": "=1+1"}
