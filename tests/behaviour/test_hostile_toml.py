"""A return's mapping and a board pack's rules that ``tomllib`` reads badly: a number of
more digits than Python converts, a key of thousands of dotted parts, arrays or inline
tables nested thousands deep. Each is refused as not valid TOML, naming the file and why,
never an internal error (exit 70).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Cli

HOSTILE = {
    # int() refuses more than 4,300 digits with a ValueError, not a TOMLDecodeError.
    "a long number": (
        "header_row = " + "9" * 5000 + "\n",
        "it holds a number of more than 4,300 digits, more than any setting takes",
    ),
    # In hex, int() reads it whatever its length; writing it out in decimal failed later.
    "a long hex number": (
        "header_row = 0x" + "f" * 5000 + "\n[R2]\nthreshold = 0x" + "f" * 5000 + "\n",
        "it holds a number of more than 4,300 digits, more than any setting takes",
    ),
    # tomllib reads a dotted key in time and memory growing with the square of its parts.
    "a long dotted key": (
        "a" + ".a" * 5000 + " = 1\n",
        "nested too deeply (a key or table name of more than 100 parts joined by dots)",
    ),
    "a long table name": (
        "[a" + " . a" * 5000 + "]\n",
        "nested too deeply (a key or table name of more than 100 parts joined by dots)",
    ),
    # tomllib reads arrays and inline tables by recursion: nested deeply enough, the
    # interpreter's RecursionError, not a TOMLDecodeError.
    "deep arrays": (
        "x = " + "[" * 5000 + "]" * 5000 + "\n",
        "nested too deeply (arrays or inline tables within each other)",
    ),
    "deep inline tables": (
        "x = " + "{a = " * 5000 + "1" + "}" * 5000 + "\n",
        "nested too deeply (arrays or inline tables within each other)",
    ),
}


@pytest.fixture
def run(sqlite_url: str) -> Cli:
    return Cli(sqlite_url)


@pytest.mark.parametrize(("text", "said"), HOSTILE.values(), ids=HOSTILE.keys())
def test_a_mapping_tomllib_reads_badly_is_refused_as_not_valid_toml(
    run: Cli, tmp_path: Path, text: str, said: str
) -> None:
    mapping = tmp_path / "hostile.toml"
    mapping.write_text(text, encoding="utf-8")
    ret = tmp_path / "return.csv"
    ret.write_text("key,title\nRX-1,Payroll\n", encoding="utf-8")
    assert run("init").exit_code == 0

    result = run(
        "returns", "import", str(ret), "--mapping", str(mapping), "--as-at", "2026-01-05",
        "--authority", "PMO",
    )  # fmt: skip

    assert result.exit_code == 2, result.output
    assert f"the mapping {mapping} is not valid TOML: {said}" in result.output
    assert "Internal error" not in result.output
    assert run.events() == 0


@pytest.mark.parametrize(("text", "said"), HOSTILE.values(), ids=HOSTILE.keys())
def test_board_pack_rules_tomllib_reads_badly_are_refused_as_not_valid_toml(
    run: Cli, tmp_path: Path, text: str, said: str
) -> None:
    rules = tmp_path / "rules.toml"
    rules.write_text(text, encoding="utf-8")
    assert run("init").exit_code == 0

    result = run(
        "report", "board-pack", "--as-at", "2026-01-05", "--rules", str(rules),
        "--out", str(tmp_path / "pack.html"),
    )  # fmt: skip

    assert result.exit_code == 2, result.output  # bad usage, as a mapping that cannot be read
    assert f"the rules file {rules} is not valid TOML: {said}" in result.output
    assert "Internal error" not in result.output
    assert not (tmp_path / "pack.html").exists()
