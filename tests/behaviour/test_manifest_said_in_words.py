"""A manifest value refused is said in the ledger's words, with what to do, not pydantic's.

``audit verify-export`` refused an edited manifest as ``kind: Input should be 'portfolio-ledger
audit export'``, ``ledger_digest.sha256: String should match pattern '^[0-9a-f]{64}$'`` (a
regular expression for the rule) or ``exported_at: Value error, should be ...``, and said
nothing of what to do. Found by h2 changing each of a manifest's values to hostile ones.
Each now says what the key must be, what it holds, and to use the manifest the export
was written with.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Cli

PYDANTIC = ("Input should", "String should", "Value error", "pattern")


@pytest.fixture(scope="module")
def demo(shared_demo: Cli) -> Cli:
    """The demo ledger, shared by the module's tests (which never write to it)."""
    return shared_demo


@pytest.mark.parametrize(
    ("key", "value", "said"),
    [
        ("kind", "xyz", "kind: must be one of 'portfolio-ledger audit export', not the text"),
        ("format", "xml", "format: must be one of 'csv' or 'jsonl', not the text \"xml\""),
        ("ledger_digest.sha256", "xyz", ("ledger_digest.sha256: must be a SHA-256 checksum, "
                                         "64 lower-case hexadecimal digits, not the text")),
        ("sha256", "", "sha256: must be a SHA-256 checksum"),
        ("exported_at", "xyz", "exported_at: should be a time in UTC to the second"),
        ("file", [], "file: must be text, in double quotes"),
        ("manifest_version", 2, "manifest_version: must be one of 1, not the number 2"),
    ],
)  # fmt: skip
def test_a_manifest_value_refused_says_what_it_must_be_and_what_to_do(
    demo: Cli, tmp_path: Path, key: str, value: Any, said: str
) -> None:
    out = tmp_path / "prj-001.jsonl"
    assert demo("audit", "export", "--item", "PRJ-001", "--out", str(out)).exit_code == 0
    written = Path(f"{out}.manifest.json")
    manifest = json.loads(written.read_text(encoding="utf-8"))
    *parents, last = key.split(".")
    place = manifest
    for name in parents:
        place = place[name]
    place[last] = value
    written.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")

    result = demo("audit", "verify-export", str(out), "--file-only")

    assert result.exit_code == 1, result.output
    text = " ".join(result.output.split())
    assert not any(words in text for words in PYDANTIC), text
    assert said in text, text
    assert "use the manifest the export was written with" in text, text
