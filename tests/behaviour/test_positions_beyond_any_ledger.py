"""A position of more digits than Python reads as a number is refused in words, never a crash.

Python's ``int()`` reads at most 4,300 digits (``sys.get_int_max_str_digits``). Before,
``audit prove`` given a position or version of 5,000 digits, and ``audit verify-export``
reading an export whose row was rewritten with one (its ``row_sha256`` recomputed), each
stopped with *Internal error: ValueError: Exceeds the limit (4300 digits)*, exit 70.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from portfolio_ledger.audit.export import row_hash
from tests.behaviour.resealing import reseal
from tests.conftest import Cli

DIGITS = "9" * 5000


@pytest.fixture(scope="module")
def demo(shared_demo: Cli) -> Cli:
    """The demo ledger, shared by the module's tests (which never write to it)."""
    return shared_demo


@pytest.mark.parametrize("subject", [(DIGITS,), ("PRJ-001", DIGITS), ("0" * 4400 + "7",)])
def test_audit_prove_refuses_a_position_beyond_any_ledger_as_one_not_held(
    demo: Cli, subject: tuple[str, ...]
) -> None:
    """Not held, exit 1, as a position or version beyond any stored is
    (tests/behaviour/test_parity_edges.py)."""
    result = demo("audit", "prove", *subject)
    said = " ".join(result.output.split())
    assert "Internal error" not in said
    assert result.exit_code == 1, said
    if subject[-1].lstrip("0") == "7":  # leading zeros are the number's own: position 7
        assert "checkpoint of 7 events or more" in said  # the demo signs none
        return
    what = "version" if len(subject) == 2 else "position"
    assert f"no ledger holds a {what} beyond 9,223,372,036,854,775,807" in said
    asked = f"version {'9' * 40}... of 'PRJ-001'" if what == "version" else f"position {'9' * 40}"
    assert asked in said


def test_verify_export_refuses_a_row_rewritten_with_a_position_beyond_any_ledger(
    demo: Cli, tmp_path: Path
) -> None:
    out = tmp_path / "approvals.csv"
    exported = demo("audit", "export", "--format", "csv", "--type", "approved", "--out", str(out))
    assert exported.exit_code == 0, exported.output
    rows = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"), newline="")))
    header, first = rows[0], rows[1]
    first[header.index("position")] = DIGITS
    first[-1] = row_hash(first[:-1])  # the public rule: the checksum matches the edit
    written = io.StringIO(newline="")
    csv.writer(written, lineterminator="\r\n").writerows(rows)
    data = ("\ufeff" + written.getvalue()).encode("utf-8")
    out.write_bytes(data)
    reseal(out)

    for args in (("--file-only",), ()):
        result = demo("audit", "verify-export", str(out), *args)
        said = " ".join(result.output.split())
        assert result.exit_code == 1, said
        assert "Internal error" not in said
        assert "line 2:" in said, said
        assert "is beyond any ledger's" in said, said


@pytest.mark.parametrize("days", [f"{DIGITS}d", f"{'0' * 4400}3651d", "\u00b2d"])
def test_a_time_tolerance_of_more_digits_than_python_reads_is_refused_in_words(
    demo: Cli, days: str
) -> None:
    """Before: *--time: Exceeds the limit (4300 digits) for integer string conversion ...*
    (Python's words), and '²d' *invalid literal for int()*."""
    result = demo(
        "item", "set-tolerance", "PRJ-001", "--time", days, "--board", "IC",
        "--present", "hcarter,rdas,jmoss", "--vote", "hcarter=for", "-m", "Tolerances",
        "--actor", "hcarter", "--role", "Chair",
    )  # fmt: skip
    said = " ".join(result.output.split())
    assert result.exit_code == 2, said
    assert "is not a time tolerance: write days (e.g. 30d)" in said, said
    assert "Exceeds the limit" not in said
    assert len(said) < 600  # the value quoted cut short, not its 5,000 digits


@pytest.mark.parametrize(
    "line",
    [
        {"command": "decision annul", "position": "@", "authority": "EXB"},
        {"command": "item resolve", "key": "PRJ-001", "escalation": "@", "authority": "IC"},
    ],
    ids=["position", "escalation"],
)
@pytest.mark.parametrize("number", ["1e999999", "-1E+5000", "1e-400"])
def test_an_import_line_s_number_with_an_exponent_beyond_any_field_is_refused(
    demo: Cli, tmp_path: Path, line: dict[str, str], number: str
) -> None:
    """Before, 1e999999 was read as a whole number of a million digits, and its refusal
    (no decision at that position) stopped at *Internal error: ValueError: Exceeds the limit*."""
    file = tmp_path / "a.jsonl"
    written = json.dumps({**line, "actor": "spatel", "role": "PMO", "rationale": "Typed"})
    file.write_text(written.replace('"@"', number) + "\n", encoding="utf-8")
    before = demo.events()

    result = demo("import", str(file))

    said = " ".join(result.output.split())
    assert result.exit_code == 2, said
    assert f"line 1: the number {number} has " in said, said
    assert "digits written in full, more than the 100 digits any field accepts" in said
    assert demo.events() == before
