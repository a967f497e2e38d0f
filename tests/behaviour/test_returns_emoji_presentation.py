"""A status spelt with an emoji, written with its variation selector by one tool and not another.

A PPM tool's health column (Smartsheet's, Jira Align's) writes ``⚠️ At Risk``: the sign
U+26A0 and U+FE0F, which asks for it to be shown as emoji. A mapping typed on another
keyboard, or next quarter's export, writes ``⚠ At Risk`` without it, and the two look
alike. Before, a cell without the selector was refused as "not a rating" under a mapping
that spelt it with one, the refusal naming what looked like the mapping's own spelling,
and a name with it in one return and not the next was recorded as a rename. Now the
selectors are compared as nothing, as a zero-width space is.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.behaviour.test_returns_refusals import write
from tests.conftest import Cli

WARNING, EMOJI = "\u26a0", "\ufe0f"
MAPPING = f"""
[columns]
key = "Project ID"
title = "Project Name"
category = "Portfolio"
rag = "Health"

[spellings.rag]
"{WARNING}{EMOJI} At Risk" = "amber"
"\U0001f7e2 On Track" = "green"
"""


def _import(run: Cli, as_at: str, *rows: str) -> str:
    path = write(f"{as_at}.csv", "Project ID,Project Name,Portfolio,Health", *rows)
    result = run("returns", "import", str(path), "--mapping", "mapping.toml", "--as-at", as_at,
                 "--authority", "PMO")  # fmt: skip
    assert result.exit_code == 0, result.output
    return result.output


def test_a_status_with_or_without_its_variation_selector_is_the_mappings_spelling(
    run: Cli,
) -> None:
    Path("mapping.toml").write_text(MAPPING, encoding="utf-8")

    _import(
        run,
        "2026-03-31",
        f"PRJ001,{WARNING} Legacy Exit,Infrastructure,{WARNING} At Risk",
        f"PRJ002,Cloud,Infrastructure,\U0001f7e2 On Track{EMOJI}",
    )

    shown = [json.loads(run("item", "show", key, "--json").output) for key in ("PRJ001", "PRJ002")]
    assert [item["rag"] for item in shown] == ["amber", "green"]


def test_a_name_written_with_its_variation_selector_next_quarter_is_no_rename(run: Cli) -> None:
    Path("mapping.toml").write_text(MAPPING, encoding="utf-8")
    _import(run, "2026-03-31", f"PRJ001,{WARNING} Legacy Exit,Infrastructure,{WARNING} At Risk")

    output = _import(
        run, "2026-06-30", f"PRJ001,{WARNING}{EMOJI} Legacy Exit,Infrastructure,{WARNING} At Risk"
    )

    assert "title" not in output, output
    assert json.loads(run("item", "show", "PRJ001", "--json").output)["title"] == (
        f"{WARNING} Legacy Exit"
    )
