"""A correction's number out of its field's range is bad usage (exit 2), as the option's is.

``board set-quorum IC 0`` is refused as bad usage (exit 2: *QUORUM: must be
at least 1*), but ``decision correct POSITION --set quorum=-1`` was refused
by the ledger (exit 1, *corrected so, ... would itself be refused*), and a
rank of 0 or an alignment score of 101 likewise: the same malformed value,
two exit codes. Now each is said as a malformed correction, naming the
field, its range and the value, exit 2, nothing written; a value in range
that a rule refuses stays the ledger's refusal (exit 1).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Cli

PUT_RIGHT = ("--authority", "PMO record-keeping", "-m", "Typed wrongly")


def _position(run: Cli, *filters: str) -> int:
    rows = json.loads(run("audit", "trail", *filters, "--json").stdout)
    return int(rows[0]["position"])


@pytest.mark.parametrize(
    ("kind", "field", "value", "said"),
    [
        ("board constituted", "quorum", "-1", "must be at least 1, not the number -1"),
        ("board constituted", "quorum", "0", "must be at least 1, not the number 0"),
        ("board constituted", "quorum", "101", "must be at most 100, not the number 101"),
        ("reprioritised", "rank", "0", "must be at least 1, not the number 0"),
        ("appraised", "alignment_score", "101", "must be at most 100, not the number 101"),
        ("appraised", "alignment_score", "-1", "must be at least 0, not the number -1"),
    ],
)
def test_a_corrected_number_out_of_range_is_bad_usage(
    shared_demo: Cli, kind: str, field: str, value: str, said: str
) -> None:
    position = _position(shared_demo, "--type", kind)
    before = shared_demo("audit", "digest").stdout

    result = shared_demo(
        "decision", "correct", str(position), "--set", f"{field}={value}", *PUT_RIGHT
    )

    assert result.exit_code == 2, result.output
    assert f"the corrected {field} {value!r} is not valid: {said}" in " ".join(
        result.output.split()
    )
    assert shared_demo("audit", "digest").stdout == before


def test_the_quorum_option_out_of_range_is_bad_usage_too(shared_demo: Cli) -> None:
    result = shared_demo("board", "set-quorum", "IC", "0", "--authority", "EXB", "-m", "Fewer")

    assert result.exit_code == 2, result.output
    assert "QUORUM: must be at least 1, not the number 0" in result.output


def test_a_quorum_in_range_that_a_rule_refuses_is_still_the_ledgers_refusal(
    shared_demo: Cli,
) -> None:
    """The quorum it has already (3): well formed, and nothing to correct."""
    position = _position(shared_demo, "--type", "board constituted", "--item", "IC")
    before = shared_demo("audit", "digest").stdout

    result = shared_demo("decision", "correct", str(position), "--set", "quorum=3", *PUT_RIGHT)

    assert result.exit_code == 1, result.output
    assert "already as given; nothing to correct" in result.output
    assert shared_demo("audit", "digest").stdout == before


def test_an_import_lines_correction_out_of_range_is_a_malformed_line(
    run: Cli, tmp_path: Path
) -> None:
    said = {"actor": "praman", "role": "PMO", "rationale": "Imported.", "authority": "EXB"}
    lines = [
        {"command": "board create", "key": "IC", "name": "IC", "terms": "T", "limit": None,
         "quorum": 1, **said},
        {"command": "decision correct", "position": 1, "changes": {"quorum": "0"}, **said},
    ]  # fmt: skip
    file = tmp_path / "quorum.jsonl"
    file.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")

    result = run("import", str(file))

    assert result.exit_code == 2, result.output
    assert "line 2: the corrected quorum '0' is not valid: must be at least 1" in " ".join(
        result.output.split()
    )
    assert run.events() == 0
