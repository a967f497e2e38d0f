"""A return naming an item's organisation or category in another case records no change.

``PLACE`` for ``Place`` is the same organisation to every filter and to ``economics``
(``domain/caseless.py``), yet a return recorded it as a transfer, ``Place -> PLACE``,
which ``item history``, ``portfolio diff`` and the board pack then listed as a move;
``digital`` for ``Digital`` likewise a change of category. And ``Raj  Patel`` (two
spaces, as a cell typed in a hurry holds) for ``Raj Patel`` was an amendment of the
owner, reading the same. A title in another case is still an amendment: a register
correcting ``SKILLS BOOTCAMPS`` to ``Skills Bootcamps`` renames it (docs/returns.md, GMPP).
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.behaviour.test_returns_refusals import write
from tests.conftest import Cli

MAPPING = (
    '[columns]\nkey = "Ref"\ntitle = "Project"\ncategory = "Area"\n'
    'organisation = "Dept"\nowner = "Owner"\n'
)
HEADER = "Ref,Project,Area,Dept,Owner"


def imported(run: Cli, as_at: str, *rows: str) -> dict[str, list[dict[str, object]]]:
    Path("m.toml").write_text(MAPPING, encoding="utf-8")
    path = write(f"r{as_at}.csv", HEADER, *rows)
    result = run("returns", "import", str(path), "--mapping", "m.toml", "--as-at", as_at,
                 "--authority", "PMO", "--json")  # fmt: skip
    assert result.exit_code == 0, result.output
    outcome: dict[str, list[dict[str, object]]] = json.loads(result.output)
    return outcome


def test_an_organisation_category_or_owner_spelt_otherwise_only_in_case_or_spaces_is_no_change(
    run: Cli,
) -> None:
    imported(run, "2025-06-30", "P-1,Schools broadband,Digital,Place,Raj Patel")

    outcome = imported(run, "2025-09-30", "P-1,Schools broadband,DIGITAL,PLACE ,Raj  Patel")

    assert outcome["changed"] == []
    assert [row["key"] for row in outcome["unchanged"]] == ["P-1"]
    assert run.events() == 1
    shown = json.loads(run("item", "show", "P-1", "--json").output)
    assert (shown["organisation"], shown["category"], shown["owner"]) == (
        "Place", "Digital", "Raj Patel",
    )  # fmt: skip


def test_a_title_in_another_case_is_still_a_rename(run: Cli) -> None:
    imported(run, "2025-06-30", "P-1,SCHOOLS BROADBAND,Digital,Place,Raj Patel")

    outcome = imported(run, "2025-09-30", "P-1,Schools Broadband,Digital,Place,Raj Patel")

    changes = [change["field"] for row in outcome["changed"] for change in row["changes"]]  # type: ignore[attr-defined]
    assert changes == ["title"]
