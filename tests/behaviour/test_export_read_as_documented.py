"""What docs/verification.md tells a checker written from it alone, held to the ledger.

A checker written from the page (an auditor's, a compliance officer's) found
four things the page did not say, or said wrongly, that such a checker needs:
how the ``audit_trail`` table keeps the values it compares with an export's
cells; that reading a CSV cell back removes a leading ``'`` from any cell, so
one a spreadsheet put before a number is taken; what ``tool`` in a manifest
may hold; and that, without the ledger, a manifest's checkpoint is held to
the export only by its recorded time, which the manifest's unsigned digest
can be edited to. These tests pin what the page now says.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import time
from pathlib import Path

from tests.conftest import Cli

PROPOSE = (
    "item", "propose", "PRJ-1", "--kind", "project", "--title", "Payroll",
    "--owner", "Dana Okafor", "--sponsor", "CFO", "--category", "Corporate",
    "-m", "Contract ends", "--ref", "IC-1",
)  # fmt: skip


def signed_ledger(run: Cli, tmp_path: Path, name: str = "ledger") -> dict[str, str]:
    """A ledger of one proposal, signed with a key of the test's own."""
    key = tmp_path / "signing.key"
    if not key.exists():
        made = run("audit", "keygen", "--name", "ledger.example.org/p", "--out", str(key))
        assert made.exit_code == 0, made.output
    env = {"PORTFOLIO_LEDGER_SIGNING_KEY": str(key)}
    assert run(*PROPOSE, env=env).exit_code == 0
    checkpoint = run("audit", "checkpoint", env=env)
    assert checkpoint.exit_code == 0, checkpoint.output
    (tmp_path / f"{name}.checkpoint.txt").write_text(checkpoint.stdout, encoding="utf-8")
    return env


def reseal(export: Path, manifest: dict[str, object] | None = None) -> None:
    """Write the manifest again with the file's size and SHA-256, as a forger would."""
    path = Path(f"{export}.manifest.json")
    values = manifest or json.loads(path.read_text(encoding="utf-8"))
    data = export.read_bytes()
    values["size"], values["sha256"] = len(data), hashlib.sha256(data).hexdigest()
    path.write_text(json.dumps(values, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def test_a_quote_a_spreadsheet_put_before_any_cell_reads_back_as_the_cell(
    run: Cli, tmp_path: Path
) -> None:
    signed_ledger(run, tmp_path)
    out = tmp_path / "t.csv"
    assert run("audit", "export", "--out", str(out)).exit_code == 0
    lines = out.read_bytes().split(b"\r\n")
    cells = lines[1].split(b",")
    assert cells[0] == b"1"
    assert cells[4] == b"item"
    assert cells[13] == b'"[""IC-1""]"'
    # A number, a date, a text the rule leaves alone, a JSON cell and the row's checksum,
    # each kept as text: the page reads every cell back so, row_sha256 among them.
    for index in (0, 2, 4, 5, 22):
        cells[index] = b"'" + cells[index]
    lines[1] = b",".join(cells)
    out.write_bytes(b"\r\n".join(lines))
    reseal(out)
    checked = run("audit", "verify-export", str(out))
    assert checked.exit_code == 0, checked.output
    assert "value for value" in checked.output


def test_a_manifest_tool_is_a_name_and_any_version_text(run: Cli, tmp_path: Path) -> None:
    signed_ledger(run, tmp_path)
    out = tmp_path / "t.jsonl"
    assert run("audit", "export", "--out", str(out)).exit_code == 0
    path = Path(f"{out}.manifest.json")
    manifest = json.loads(path.read_text(encoding="utf-8"))
    assert manifest["tool"]["name"] == "portfolio-ledger"
    assert isinstance(manifest["tool"]["version"], str)
    manifest["tool"]["version"] = "9.9.9"
    manifest["row_hash"] = "any words: no check reads them"
    reseal(out, manifest)
    assert run("audit", "verify-export", str(out)).exit_code == 0
    for tool in ({"name": "portfolio-ledger", "version": 1}, {"name": "other", "version": "1"}):
        manifest["tool"] = tool
        reseal(out, manifest)
        refused = run("audit", "verify-export", str(out))
        assert refused.exit_code != 0, refused.output
        assert "tool" in refused.output


def test_another_ledgers_checkpoint_passes_without_the_ledger_only_with_the_digest_edited(
    db_url: str, sqlite_url: str, tmp_path: Path
) -> None:
    """Two ledgers of one event each, signed with one key, a second apart."""
    ours, other = Cli(db_url), Cli(sqlite_url.replace("ledger.db", "other.db"))
    key = str(tmp_path / "signing.key.pub")
    signed_ledger(ours, tmp_path, "ours")
    time.sleep(1.1)
    signed_ledger(other, tmp_path, "other")
    out = tmp_path / "t.jsonl"
    assert ours("audit", "export", "--out", str(out)).exit_code == 0
    path = Path(f"{out}.manifest.json")
    manifest = json.loads(path.read_text(encoding="utf-8"))
    theirs = (tmp_path / "other.checkpoint.txt").read_text(encoding="utf-8")
    manifest["checkpoint"] = theirs
    reseal(out, manifest)
    refused = ours("audit", "verify-export", str(out), "--file-only", "--key", key)
    assert refused.exit_code == 1, refused.output  # its recorded time is not the digest's
    recorded = re.search(r"^recorded (\S+)$", theirs, re.MULTILINE)
    assert recorded is not None
    digest = manifest["ledger_digest"]
    digest["line"] = digest["line"].replace(digest["recorded"], recorded[1])
    digest["recorded"] = recorded[1]
    reseal(out, manifest)
    passed = ours("audit", "verify-export", str(out), "--file-only", "--key", key)
    assert passed.exit_code == 0, passed.output
    with_ledger = ours("audit", "verify-export", str(out), "--key", key)
    assert with_ledger.exit_code == 1, with_ledger.output
    minutes = str(tmp_path / "ours.checkpoint.txt")
    given = ours(
        "audit", "verify-export", str(out), "--file-only", "--key", key, "--checkpoint", minutes
    )
    assert given.exit_code == 1, given.output


def test_an_organisation_is_filtered_by_its_key_as_the_trail_holds_it(
    run: Cli, tmp_path: Path
) -> None:
    name = "Digital, Data and Technology"
    assert run("organisation", "add", "DDAT", "--name", name, "-m", "listed").exit_code == 0
    assert run(*PROPOSE, "--organisation", "DDAT").exit_code == 0
    refused = run("audit", "export", "--organisation", name, "--out", str(tmp_path / "t.csv"))
    assert refused.exit_code == 1
    assert "give the key" in refused.output
    assert "DDAT" in refused.output
    assert not (tmp_path / "t.csv").exists()
    out = tmp_path / "k.jsonl"
    assert run("audit", "export", "--organisation", "ddat", "--out", str(out)).exit_code == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [row["organisation"] for row in rows] == ["DDAT"]


def test_the_trail_keeps_a_recorded_time_as_the_page_says(sqlite_url: str, tmp_path: Path) -> None:
    run = Cli(sqlite_url)
    signed_ledger(run, tmp_path)
    database = sqlite3.connect(sqlite_url.removeprefix("sqlite:///"))
    try:
        stored, refs = database.execute(
            "SELECT recorded_at, refs FROM audit_trail WHERE position = 1"
        ).fetchone()
    finally:
        database.close()
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}", stored), stored
    assert json.loads(refs) == ["IC-1"]
    (row,) = json.loads(run("audit", "trail", "--json").stdout)
    assert row["recorded_at"] == stored.replace(" ", "T") + "Z"
