"""Where the ledger's SQLite file is said to be: a path through a loop of links."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Cli


@pytest.mark.parametrize("args", [["items", "list"], ["init"]], ids=" ".join)
def test_a_ledger_path_through_a_loop_of_links_is_refused_naming_its_folder(
    tmp_path: Path, args: list[str]
) -> None:
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    run = Cli(str(tmp_path / "a" / "ledger.db"))  # a plain path, as --db takes one

    result = run(*args)

    assert result.exit_code == 1, result.output
    assert "Internal error" not in result.output
    assert str(tmp_path / "a") in result.output
