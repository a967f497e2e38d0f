"""An exported JSON Lines row holding half of a UTF-16 surrogate pair is refused, naming the line.

JSON may write a character as a ``\\uXXXX`` escape; half of a surrogate pair
(``\\ud800`` without its other half) is no character, and no export writes one
(a row's checksum is over its UTF-8 text). A row edited so was an internal
error in front of the auditor ('utf-8' codec can't encode ... surrogates not
allowed), with or without the ledger; it is now refused as an edited line.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.behaviour.resealing import reseal
from tests.conftest import Cli


@pytest.fixture(scope="module")
def demo(shared_demo: Cli) -> Cli:
    """The demo ledger, shared by the module's tests (which never write to it)."""
    return shared_demo


@pytest.mark.parametrize("column", ["actor", "rationale", "row_sha256"])
@pytest.mark.parametrize("resealed", [False, True], ids=["as-edited", "manifest-resealed"])
def test_a_row_holding_half_a_surrogate_pair_is_an_edited_line(
    demo: Cli, tmp_path: Path, column: str, resealed: bool
) -> None:
    out = tmp_path / "t.jsonl"
    assert demo("audit", "export", "--item", "PRJ-001", "--out", str(out)).exit_code == 0
    lines = out.read_text(encoding="utf-8").splitlines(keepends=True)
    row = json.loads(lines[2])
    row[column] = row[column][:2] + "\ud800" + row[column][2:]
    lines[2] = json.dumps(row, separators=(",", ":")) + "\n"  # ensure_ascii: written \ud800
    data = "".join(lines).encode("ascii")
    out.write_bytes(data)
    if resealed:
        reseal(out)

    for args in (("--file-only",), ()):
        result = demo("audit", "verify-export", str(out), *args)
        assert result.exit_code == 1, result.output
        assert "Internal error" not in result.output
        if resealed:
            assert "line 3: a value holds half of a UTF-16 surrogate pair" in result.output
            assert "edited after it was exported" in result.output
