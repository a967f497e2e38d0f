"""A digest, or an export, of another ledger checked here is not called this ledger's tampering.

Before, `audit verify --digest` given another ledger's digest said this one's events
were "changed, removed or inserted and every later link recomputed" and that "the
record was altered outside portfolio-ledger", and `audit verify-export` of another
ledger's export said the same of the ledger it was checked against: an intact ledger
reported as tampered. Where the digest's recorded time is not that of this ledger's
event at its position, it may be another ledger's: both are said. A digest whose
link alone differs (one digit mistyped, a history rewritten with its times kept) is
still said to be a rewrite.
"""

from __future__ import annotations

import time
from pathlib import Path

from tests.conftest import Cli

PROPOSE = (
    "--kind", "project", "--title", "Payroll", "--owner", "Dana", "--sponsor", "CFO",
    "--category", "Corporate", "-m", "Contract ends",
)  # fmt: skip


def _record(run: Cli) -> str:
    for key in ("PRJ-1", "PRJ-2"):
        assert run("item", "propose", key, *PROPOSE).exit_code == 0
    return run("audit", "digest").stdout.strip()


def _two_ledgers(run: Cli, tmp_path: Path) -> tuple[Cli, str]:
    """Another ledger of as many events, its last recorded in another second than ours."""
    other = Cli(f"sqlite:///{tmp_path / 'other.db'}")
    theirs = _record(other)
    time.sleep(1.1)
    _record(run)
    return other, theirs


def _said(output: str) -> str:
    return " ".join(output.split())


def test_another_ledgers_digest_is_not_called_a_rewrite_of_this_one(
    run: Cli, tmp_path: Path
) -> None:
    _, theirs = _two_ledgers(run, tmp_path)

    result = run("audit", "verify", "--digest", theirs)

    said = _said(result.output)
    assert result.exit_code == 1, result.output
    assert "FAILED at position 2: rewritten." in said
    assert "the digest is another ledger's (or was edited), or the ledger no longer holds" in said
    assert "If the digest given is this ledger's (from the minutes), the record was altered" in said
    assert "Traceback" not in result.output


def test_another_ledgers_export_is_not_called_a_rewrite_of_this_one(
    run: Cli, tmp_path: Path
) -> None:
    other, _ = _two_ledgers(run, tmp_path)
    trail = tmp_path / "theirs.jsonl"
    assert other("audit", "export", "--out", str(trail)).exit_code == 0

    result = run("audit", "verify-export", str(trail))

    said = _said(result.output)
    assert result.exit_code == 1, result.output
    assert "does not hold the history the export was taken from" in said
    assert "the digest is another ledger's (or was edited)" in said


def test_a_digest_with_only_its_link_wrong_is_still_a_rewrite(run: Cli) -> None:
    digest = _record(run)
    link = digest.rsplit("sha256=", 1)[1]
    wrong = digest.replace(link, link[:-1] + ("0" if link[-1] != "0" else "1"))

    result = run("audit", "verify", "--digest", wrong)

    said = _said(result.output)
    assert result.exit_code == 1, result.output
    assert "another ledger's" not in said
    assert "The record was altered outside portfolio-ledger" in said


def test_a_digest_with_only_its_time_edited_does_not_say_the_record_was_altered(
    run: Cli,
) -> None:
    digest = _record(run)
    recorded = digest.split("recorded=", 1)[1].split(" ", 1)[0]
    edited = digest.replace(recorded, "2001-01-01T00:00:00Z")

    result = run("audit", "verify", "--digest", edited)

    said = _said(result.output)
    assert result.exit_code == 1, result.output
    assert "digest altered" in said
    assert "If the digest given is this ledger's (from the minutes), the record was altered" in said
