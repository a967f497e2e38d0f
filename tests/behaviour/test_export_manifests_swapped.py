"""A CSV export and a JSON Lines export with their manifests swapped: said as that.

Before, `audit verify-export` held each file to the other format's line ends and
said the file was saved again: the CSV given the JSON Lines export's manifest,
*line 1: the line does not end in LF ... the file was saved again after it was
exported, with other line ends*; the JSON Lines export given the CSV's, *line 1: the
CSV does not start with its byte-order mark*. Neither file was changed: each manifest
is another export's, and that is what is said now (exit 1).
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import Cli

PROPOSE = (
    "--kind", "project", "--title", "Payroll", "--owner", "Dana", "--sponsor", "CFO",
    "--category", "Corporate", "-m", "Contract ends",
)  # fmt: skip


def test_an_export_given_the_other_formats_manifest_is_said_to_have_another_exports(
    run: Cli, tmp_path: Path
) -> None:
    assert run("item", "propose", "PRJ-1", *PROPOSE).exit_code == 0
    csv, jsonl = tmp_path / "trail.csv", tmp_path / "trail.jsonl"
    for path in (csv, jsonl):
        assert run("audit", "export", "--out", str(path)).exit_code == 0
    swapped = {csv: Path(f"{jsonl}.manifest.json"), jsonl: Path(f"{csv}.manifest.json")}
    names = {csv: ("a JSON Lines export", "a CSV export"), jsonl: ("a CSV export", "a JSON Lines")}

    for path, manifest in swapped.items():
        for alone in ((), ("--file-only",)):
            result = run("audit", "verify-export", str(path), "--manifest", str(manifest), *alone)

            said = " ".join(result.output.split())
            assert result.exit_code == 1, result.output
            assert (
                f"the manifest is of {names[path][0]}, but the file begins as {names[path][1]}"
                in said
            ), result.output
            assert "the manifest is another export's" in said
            assert "saved again" not in said
            assert "Traceback" not in result.output


def test_a_months_export_given_another_months_manifest_is_said_to_have_another_exports(
    run: Cli, tmp_path: Path
) -> None:
    """Two exports of one format, of other rows (two months): not said as rows removed.

    It was said *the file holds 2 rows, the manifest says 1 ...: rows were removed from
    (or added to) the file after it was exported*, where no row was: found swapping the
    January and February exports a compliance officer sends each month.
    """
    for key in ("PRJ-1", "PRJ-2", "PRJ-3"):
        assert run("item", "propose", key, *PROPOSE).exit_code == 0
    times = [row["recorded_at"] for row in json.loads(run("audit", "trail", "--json").stdout)]
    first, later = tmp_path / "first.jsonl", tmp_path / "later.jsonl"
    assert run("audit", "export", "--to", times[1], "--out", str(first)).exit_code == 0
    assert run("audit", "export", "--from", times[2], "--out", str(later)).exit_code == 0

    for alone in ((), ("--file-only",)):
        manifest = f"{later}.manifest.json"
        result = run("audit", "verify-export", str(first), "--manifest", manifest, *alone)

        said = " ".join(result.output.split())
        assert result.exit_code == 1, result.output
        assert (
            "none of its positions is in the manifest's (3 to 3): the manifest is another "
            "export's (another month's, say), or every row was replaced" in said
        ), result.output
        assert "rows were removed" not in said
