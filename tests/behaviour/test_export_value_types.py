"""A JSON Lines export's values are of the JSON type docs/verification.md gives each column.

`position`, `version`, `corrects` and `annuls` are JSON numbers, `refs` an
array, `authority_detail` an object, every other value a JSON string, and an
empty one `null` (docs/verification.md, "JSON Lines"). A record rewritten with
`"position":"69"` or `"refs":"[]"` has the same text forms, so its
`row_sha256` still matches; but a tool reading the file gets a string where
the export has a number or a list. Before, `verify-export` passed such a
file (its manifest's `size` and `sha256` recomputed), with the ledger or
without; now it is refused naming the line and the column.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.behaviour.resealing import reseal
from tests.conftest import Cli


@pytest.fixture(scope="module")
def demo(shared_demo: Cli) -> Cli:
    """The demo ledger, shared by the module's tests (which never write to it)."""
    return shared_demo


def _first_record_changed(out: Path, change: Callable[[dict[str, Any]], None]) -> None:
    lines = out.read_text(encoding="utf-8").split("\n")
    record = json.loads(lines[0])
    change(record)
    lines[0] = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
    data = "\n".join(lines).encode("utf-8")
    out.write_bytes(data)
    reseal(out)


CHANGES: dict[str, tuple[str, Any]] = {
    "position as text": ("position", str),
    "version as text": ("version", str),
    "refs as its JSON text": ("refs", lambda v: json.dumps(v, separators=(",", ":"))),
    "authority_detail as its JSON text": (
        "authority_detail",
        lambda v: json.dumps(v, sort_keys=True, separators=(",", ":")),
    ),
}


@pytest.mark.parametrize("name", list(CHANGES))
def test_a_value_of_another_json_type_is_refused_naming_its_line_and_column(
    demo: Cli, tmp_path: Path, name: str
) -> None:
    column, rewrite = CHANGES[name]
    out = tmp_path / "approvals.jsonl"
    exported = demo("audit", "export", "--type", "approved", "--out", str(out))
    assert exported.exit_code == 0, exported.output
    _first_record_changed(out, lambda record: record.update({column: rewrite(record[column])}))

    for args in (("--file-only",), ()):
        result = demo("audit", "verify-export", str(out), *args)
        assert result.exit_code == 1, result.output
        assert "line 1:" in result.output, result.output
        assert column in result.output, result.output


def test_the_values_as_exported_and_an_empty_one_as_null_still_verify(
    demo: Cli, tmp_path: Path
) -> None:
    out = tmp_path / "approvals.jsonl"
    assert demo("audit", "export", "--type", "approved", "--out", str(out)).exit_code == 0
    first = json.loads(out.read_text(encoding="utf-8").split("\n")[0])
    assert first["corrects"] is None  # null: empty, of any column
    assert isinstance(first["authority_detail"], dict)
    result = demo("audit", "verify-export", str(out))
    assert result.exit_code == 0, result.output
