"""A correction's field name, or a pack's checksum, not written as one is refused in words.

``decision correct 3 --set __class__=x`` (or a name with a space, or of 50 letters) was
refused as ``--changes: String should match pattern '^[a-z][a-z_]{0,40}$'``: pydantic's
words, a regular expression for the rule, an option the command does not have, and no fix;
an import line's ``"changes": {"": "x"}`` alike, and a ``report board-pack`` line's
``"sha256": "abc"``. Found by h2's hostile import lines. Each is now refused naming the
option or field, what it takes and what to write.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Cli

PROPOSE = ("item", "propose", "PRJ-1", "--kind", "project", "--title", "T", "--owner", "O",
           "--sponsor", "S", "--category", "C", "-m", "Why.",
           "--effective-date", "2026-01-05")  # fmt: skip


@pytest.mark.parametrize("name", ["__class__", "ti tle", "a" * 50, "1title"])
def test_a_correction_s_field_that_is_no_name_is_refused_naming_set(run: Cli, name: str) -> None:
    assert run(*PROPOSE).exit_code == 0

    refused = run("decision", "correct", "1", "--set", f"{name}=x", "--authority", "PMO",
                  "-m", "Typo.")  # fmt: skip

    assert refused.exit_code == 2, refused.output
    said = " ".join(refused.output.split())
    assert "pattern" not in said, said
    assert "--changes" not in said, said
    assert f"Invalid value for --set: '{name}' is not a field's name" in said, said
    assert "lower-case letters and underscores (e.g. authorised_budget)" in said, said
    assert run.events() == 1


def _import(run: Cli, line: dict[str, object]) -> str:
    Path("lines.jsonl").write_text(json.dumps(line), encoding="utf-8")
    refused = run("import", "lines.jsonl")
    assert refused.exit_code == 2, refused.output
    return " ".join(refused.output.split())


def test_an_import_line_s_correction_of_no_field_name_is_refused_in_words(run: Cli) -> None:
    assert run(*PROPOSE).exit_code == 0

    said = _import(run, {"command": "decision correct", "position": 1, "changes": {"": "x"},
                         "authority": "PMO", "rationale": "Typo."})  # fmt: skip

    assert "pattern" not in said, said
    assert "changes[\"\"]: '' is not a field's name" in said, said
    assert run.events() == 1


def test_an_import_line_s_pack_checksum_not_one_is_refused_in_words(run: Cli) -> None:
    said = _import(run, {"command": "report board-pack", "as_at": "2026-01-05",
                         "since": "2025-12-01", "digest": "x", "sha256": "ABC",
                         "authority": "PMO", "rationale": "Tabled."})  # fmt: skip

    assert "pattern" not in said, said
    assert "sha256: 'ABC' is not a SHA-256 checksum" in said, said
    assert "64 lower-case hexadecimal digits" in said, said
