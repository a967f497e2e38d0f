"""The files an SQLite ledger leaves beside itself are those docs/concepts.md names."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import ROOT, Cli


def test_after_its_commands_a_ledger_folder_holds_only_the_files_the_docs_name(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "ledgers"
    folder.mkdir()
    run = Cli(f"sqlite:///{folder / 'ledger.db'}")
    for args in (
        ("item", "propose", "PRJ-1", "--kind", "project", "--title", "Payroll", "--owner", "Dana",
         "--sponsor", "CFO", "--category", "Corporate", "-m", "Proposed"),
        ("audit", "verify", "--read-models"),
        ("projections", "rebuild"),
    ):  # fmt: skip
        assert run(*args).exit_code == 0

    concepts = (ROOT / "docs" / "concepts.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`FILE([.\-][a-z\-]+)?`", concepts))
    left = {path.name.removeprefix("ledger.db") for path in folder.iterdir()}

    assert left <= named
    assert ".rebuild-lock" in left
