"""An item a return keyed from a register's id is named when the id itself is given.

A university's or a trust's register writes ids no key can be (``UoX/2025/001``,
``UoX 2025 002``), and its return reads them with ``make_keys`` (docs/returns.md, "Rows
with no id"). The office then asked ``item show UoX/2025/001``, its own id, and was told
only that it is no valid key: nothing said which key the return had made of it. Now the
refusal names the item's key, where an item has it (exit 2 all the same).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.behaviour.test_returns_refusals import write
from tests.conftest import Cli

MAPPING = """
make_keys = true
[columns]
key = "Ref"
title = "Project"
whole_life_cost = "WLC"
[defaults]
category = "Estates"
"""


@pytest.mark.parametrize("command", [("item", "show"), ("item", "history")], ids=" ".join)
def test_a_register_s_id_given_for_its_item_names_the_key_a_return_made(
    run: Cli, command: tuple[str, ...]
) -> None:
    Path("m.toml").write_text(MAPPING, encoding="utf-8")
    path = write("q1.csv", "Ref,Project,WLC", "UoX/2025/001,Library refurbishment,£1.2m")
    imported = run("returns", "import", str(path), "--mapping", "m.toml", "--as-at",
                   "2025-06-30", "--authority", "PMO", actor="Sam", role="PMO")  # fmt: skip
    assert imported.exit_code == 0, imported.output

    result = run(*command, "UoX/2025/001")

    assert result.exit_code == 2, result.output
    said = " ".join(result.output.split())
    assert "'UoX/2025/001' is not a valid item key: use 1 to 64 letters" in said
    assert (
        "; a return reading 'UoX/2025/001' with make_keys keyed its item UOX-2025-001: give "
        "that key"
    ) in said
    other = " ".join(run(*command, "UoX/2025/009").output.split())
    assert "is not a valid item key" in other
    assert "make_keys" not in other  # no item has the key it would make
