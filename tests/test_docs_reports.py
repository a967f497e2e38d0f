"""docs/reports.md's commands run as written, in order, on the demo's ledger."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest

from tests.conftest import Cli

DOC = Path(__file__).parents[1] / "docs" / "reports.md"


def sh_blocks() -> list[list[list[str]]]:
    """Each sh block's commands (its continuation lines joined, comments dropped), as argv."""
    text = DOC.read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)```", text, re.DOTALL)
    return [
        [
            shlex.split(line, comments=True)[1:]
            for line in block.replace("\\\n", " ").splitlines()
            if line.startswith("portfolio-ledger ")
        ]
        for block in blocks
    ]


def test_the_first_pack_and_the_next_period_run_as_written_after_the_demo(
    run: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With no PORTFOLIO_LEDGER_ACTOR exported (the page sets none), the second '--record'
    was refused: 'no actor: every decision records who made it', exit 2. The next pack's
    period is the one the page says: since the last pack put before IC."""
    monkeypatch.chdir(tmp_path)
    assert run("demo").exit_code == 0
    first, _, last_pack, *_ = sh_blocks()
    assert any("--record" in argv for argv in first)
    assert len(last_pack) == 2

    for argv in first + last_pack:
        result = run(*argv, actor=None, role=None)
        assert result.exit_code == 0, (argv, result.output)
    assert {"pack.html", "pack.pdf", "ic.pdf", "ic-oct.pdf", "ic-nov.pdf"} <= {
        path.name for path in tmp_path.iterdir()
    }

    asked = [*last_pack[1][: last_pack[1].index("--out")], "--json"]
    pack = json.loads(run(*asked).stdout)
    said = " ".join(word for word in DOC.read_text(encoding="utf-8").split() if word != "#")
    assert f"since {pack['since']} ({pack['since_basis']})" in said


def _in_prose(start: str) -> tuple[list[str], str]:
    """The command in the page's prose beginning ``start``, as argv, and the sentence it
    makes the pack recommend (the italics after it), each as one line."""
    text = " ".join(DOC.read_text(encoding="utf-8").split())
    command = re.search(rf"`({re.escape(start)}[^`]*)`", text)
    assert command is not None, start
    said = re.search(r"recommends \*([^*]*)\*", text[command.end() :])
    assert said is not None, start
    return shlex.split(command.group(1)), said.group(1)


def test_the_r7_and_r8_examples_run_as_written_on_the_demo_and_say_what_the_page_says(
    run: Cli,
) -> None:
    """'item declare-dependency PGM-001 ...' and 'item recommend-action PRJ-008 ...' gave
    no rationale, so each was refused as written: '--rationale: is required'."""
    assert run("demo").exit_code == 0
    examples = [
        _in_prose("item declare-dependency PGM-001"),
        _in_prose("item recommend-action PRJ-008"),
    ]

    for argv, _ in examples:
        result = run(*argv)
        assert result.exit_code == 0, (argv, result.output)
    pack = run("report", "board-pack", "--as-at", "2026-09-30", "--json")

    assert pack.exit_code == 0, pack.output
    texts = [r["text"] for r in json.loads(pack.stdout)["recommendations"]]
    assert [said for _, said in examples if said not in texts] == []
