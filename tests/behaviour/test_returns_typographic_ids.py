"""An id or a name written with a typographic dash or apostrophe makes the key the plain one does.

A spreadsheet's autocorrect turns ``P-2024-001`` into ``P\u20132024\u2013001`` (an en dash)
and ``Children's`` into ``Children\u2019s``. Making a key, every other character was to be a
``-``, but these were dropped: the id made ``P2024001``, a new item, its item under
``P-2024-001`` missing, and the refusal of such an id advised a key no return had given.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.behaviour.test_returns_refusals import write
from tests.conftest import Cli

KEYED = '[columns]\nkey = "ID"\ntitle = "Name"\ncategory = "Area"\n'


def imported(run: Cli, path: Path, as_at: str) -> None:
    result = run("returns", "import", str(path), "--mapping", "m.toml", "--as-at", as_at,
                 "--authority", "PMO", "--json")  # fmt: skip
    assert result.exit_code == 0, result.output


def test_an_id_whose_dashes_autocorrect_made_typographic_is_the_same_items_key(
    run: Cli,
) -> None:
    Path("m.toml").write_text("make_keys = true\n" + KEYED, encoding="utf-8")
    imported(run, write("june.csv", "ID,Name,Area", "P/2024/001,Item one,Digital"), "2025-06-30")
    september = write("sept.csv", "ID,Name,Area", "P\u20132024\u2013001,Item one,Digital")

    imported(run, september, "2025-09-30")

    keys = [row["key"] for row in json.loads(run("portfolio", "--json").output)]
    assert keys == ["P-2024-001"]
    assert run.events() == 1


def test_the_refusal_of_an_id_with_a_typographic_dash_names_the_key_it_would_make(
    run: Cli,
) -> None:
    Path("m.toml").write_text(KEYED, encoding="utf-8")
    path = write("r.csv", "ID,Name,Area", "WC\u2011002,Item two,Digital")

    result = run("returns", "import", str(path), "--mapping", "m.toml", "--as-at",
                 "2025-06-30", "--authority", "PMO")  # fmt: skip

    assert result.exit_code == 2, result.output
    assert "to make keys of the return's ids (here WC-002), say make_keys = true" in result.output


def test_a_name_with_a_typographic_apostrophe_makes_the_key_the_plain_one_does(
    run: Cli,
) -> None:
    Path("m.toml").write_text(KEYED, encoding="utf-8")
    path = write("r.csv", "ID,Name,Area", ",Children\u2019s Homes \u2013 Phase 2,Care")

    imported(run, path, "2025-06-30")

    keys = [row["key"] for row in json.loads(run("portfolio", "--json").output)]
    assert keys == ["CHILDREN-S-HOMES-PHASE-2"]
