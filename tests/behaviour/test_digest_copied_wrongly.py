"""A digest from the minutes copied with one digit wrong: the refusal shows where they differ.

A refusal cut both links to 16 hex digits, so a digest differing from the
ledger's in its last digit was said to name ``49d4db4903f6dbe0...`` where the
ledger's events give ``49d4db4903f6dbe0...``: two equal texts, and no way to see
what differed. Each link is now shown as far as the two differ.
"""

from __future__ import annotations

from pathlib import Path

from portfolio_ledger.audit.digest import hex_apart
from tests.conftest import Cli

PROPOSE = (
    "--kind", "project", "--title", "Payroll", "--owner", "Dana", "--sponsor", "CFO",
    "--category", "Corporate", "-m", "Contract ends",
)  # fmt: skip


def _one_digit_off(digest: str) -> tuple[str, str]:
    """The digest with its last hex digit changed, and the ledger's link."""
    link = digest.rsplit("sha256=", 1)[1]
    wrong = link[:-1] + ("0" if link[-1] != "0" else "1")
    return digest.replace(link, wrong), link


def _recorded(run: Cli) -> str:
    for key in ("PRJ-1", "PRJ-2", "PRJ-3"):
        assert run("item", "propose", key, *PROPOSE).exit_code == 0
    return run("audit", "digest").stdout.strip()


def test_audit_verify_shows_where_a_mistyped_digest_differs(run: Cli) -> None:
    mistyped, link = _one_digit_off(_recorded(run))
    wrong = mistyped.rsplit("sha256=", 1)[1]

    result = run("audit", "verify", "--digest", mistyped)

    assert result.exit_code == 1, result.output
    assert f"the digest says the chain's link here is {wrong}, the ledger's events give {link}" in (
        " ".join(result.output.split())
    )
    assert "Traceback" not in result.output


def test_verify_export_shows_where_a_mistyped_digest_differs(run: Cli, tmp_path: Path) -> None:
    mistyped, link = _one_digit_off(_recorded(run))
    wrong = mistyped.rsplit("sha256=", 1)[1]
    trail = tmp_path / "trail.csv"
    assert run("audit", "export", "--format", "csv", "--out", str(trail)).exit_code == 0

    result = run("audit", "verify-export", str(trail), "--digest", mistyped)

    assert result.exit_code == 1, result.output
    assert f"name different links ({link} and {wrong})" in " ".join(result.output.split())


def test_links_are_cut_only_where_they_differ_early() -> None:
    first, second = "ab" * 32, "ab" * 31 + "ac"

    assert hex_apart("0123" * 16, "f123" * 16) == ("0123" * 4 + "...", "f123" * 4 + "...")
    assert hex_apart(first, second) == (first, second)
    assert hex_apart("ab" * 10 + "0" * 44, "ab" * 10 + "1" * 44) == (
        "ab" * 10 + "0000...",
        "ab" * 10 + "1111...",
    )
