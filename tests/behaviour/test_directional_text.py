"""Directional formatting characters that would show a reader other text than is recorded.

Before, ``item propose ... --title $'Pay\\u202eroll'`` was recorded: the trail,
a CSV export and the terminal showed *Payllor* in place of what the ledger held,
and an isolate left open (U+2067 with no U+2069) turned the direction of the
columns after it; and a right-to-left isolate or mark in text with no right-to-left letter
turned the numbers round it (``Budget`` U+2067 ``100 / 200`` U+2069 showed *Budget 200 /
100* in Chromium). Now each is refused (exit 2) naming the character, where it is,
what it does and the fix, on the command line, in a correction and in an import,
and nothing is written. Right-to-left text itself, and an isolate it closes again,
are recorded as written.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.behaviour.test_cli import PROPOSE
from tests.conftest import Cli

ARABIC = "\u0627\u0644\u0631\u0648\u0627\u062a\u0628"  # "the salaries"
REFUSED = {
    "override": ("Pay\u202eroll", "U+202E RIGHT-TO-LEFT OVERRIDE at character 4"),
    "open-isolate": (f"Payroll \u2067{ARABIC}", ("U+2067 RIGHT-TO-LEFT ISOLATE at character 9 "
                     "with no U+2069 POP DIRECTIONAL ISOLATE after it")),
    "open-embedding": ("Pay\u202broll", ("U+202B RIGHT-TO-LEFT EMBEDDING at character 4 with "
                       "no U+202C POP DIRECTIONAL FORMATTING after it")),
    "closed-override": ("Pay\u202droll\u202c", "U+202D LEFT-TO-RIGHT OVERRIDE at character 4"),
    "isolate-turning-numbers": ("Budget \u2067100 / 200\u2069", ("U+2067 RIGHT-TO-LEFT "
                                "ISOLATE at character 8 in text with no right-to-left letter")),
    "mark-turning-numbers": ("Budget 100 \u200f/ 200", ("U+200F RIGHT-TO-LEFT MARK at "
                             "character 12 in text with no right-to-left letter")),
}  # fmt: skip


def titled(title: str) -> list[str]:
    """``PROPOSE`` with another title."""
    given = list(PROPOSE)
    given[given.index("--title") + 1] = title
    return given


@pytest.mark.parametrize(("title", "said"), REFUSED.values(), ids=REFUSED)
def test_a_title_that_would_show_other_text_is_refused(run: Cli, title: str, said: str) -> None:
    result = run(*titled(title))

    assert result.exit_code == 2, result.output
    assert f"--title: contains {said}" in result.output
    assert "remove it" in result.output
    assert run.events() == 0


@pytest.mark.parametrize(("title", "said"), REFUSED.values(), ids=REFUSED)
def test_a_correction_and_an_import_are_held_to_it_too(
    run: Cli, tmp_path: Path, title: str, said: str
) -> None:
    assert run(*PROPOSE).exit_code == 0
    before = run.events()
    line = {"command": "person add", "key": "zz", "name": title, "rationale": "x"}
    (tmp_path / "people.jsonl").write_text(json.dumps(line) + "\n")

    corrected = run("decision", "correct", "1", "--set", f"title={title}", "--authority",
                    "PMO", "-m", "x")  # fmt: skip
    imported = run("import", str(tmp_path / "people.jsonl"))

    assert corrected.exit_code == 2, corrected.output
    assert said in corrected.output
    assert imported.exit_code == 2, imported.output
    assert f"line 1: name: contains {said}" in imported.output
    assert run.events() == before


@pytest.mark.parametrize(
    "title",
    [f"Payroll {ARABIC}", f"Payroll \u2067{ARABIC}\u2069 system", f"\u200f{ARABIC} 2026\u200f"],
)
def test_right_to_left_text_and_a_closed_isolate_are_recorded_as_written(
    run: Cli, title: str
) -> None:
    assert run(*titled(title)).exit_code == 0

    shown = json.loads(run("item", "show", "PRJ-042", "--json").output)

    assert shown["title"] == title
