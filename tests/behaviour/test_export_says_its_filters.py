"""A filtered export says what it covers where it is made and where it is checked.

The manifest records the filters (docs/verification.md, "Exports"); a
compliance officer reading ``audit export``'s or ``audit verify-export``'s
output must not have to open it to learn that the 9 rows verified are one
item's, not the whole ledger's. Both say the filters as the options that
make them, or that there are none.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Cli

FILTERED = (
    "--actor", "Helen Carter", "--from", "2026-01-01", "--to", "2026-06-30",
    "--clock", "effective", "--organisation", "CORP", "--organisation", "OPS",
)  # fmt: skip
SPELT = (
    "--actor 'Helen Carter' --from 2026-01-01 --to 2026-06-30 --clock effective "
    "--organisation CORP --organisation OPS"
)


@pytest.fixture(scope="module")
def demo(shared_demo: Cli) -> Cli:
    """The demo ledger, shared by the module's tests (which never write to it)."""
    return shared_demo


@pytest.mark.parametrize("name", ["t.csv", "t.jsonl"])
def test_a_filtered_export_names_its_filters_when_made_and_when_checked(
    demo: Cli, tmp_path: Path, name: str
) -> None:
    out = tmp_path / name
    exported = demo("audit", "export", *FILTERED, "--out", str(out))
    assert exported.exit_code == 0, exported.output
    assert f"Filters: {SPELT}: only the rows they select" in exported.output

    checked = demo("audit", "verify-export", str(out))
    assert checked.exit_code == 0, checked.output
    assert f"(the manifest's filters: {SPELT})" in checked.output
    assert f"its filters ({SPELT}) select there" in checked.output

    alone = demo("audit", "verify-export", str(out), "--file-only")
    assert alone.exit_code == 0, alone.output
    assert f"(the manifest's filters: {SPELT})" in alone.output

    as_json = demo("audit", "verify-export", str(out), "--json")
    assert as_json.exit_code == 0, as_json.output
    assert any(f"its filters ({SPELT})" in said for said in json.loads(as_json.stdout)["proven"])


def test_an_export_of_one_item_names_it_and_an_unfiltered_one_says_every_row(
    demo: Cli, tmp_path: Path
) -> None:
    one = demo("audit", "export", "--item", "PRJ-002", "--out", str(tmp_path / "one.csv"))
    assert one.exit_code == 0, one.output
    assert "Filters: --item PRJ-002: only the rows they select" in one.output
    checked = demo("audit", "verify-export", str(tmp_path / "one.csv"))
    assert "its filters (--item PRJ-002) select there" in checked.output

    everything = demo("audit", "export", "--out", str(tmp_path / "all.csv"))
    assert everything.exit_code == 0, everything.output
    assert "Filters: none: every row of the ledger" in everything.output
    checked = demo("audit", "verify-export", str(tmp_path / "all.csv"))
    assert "its filters (none: every row) select there" in checked.output
    assert "the manifest's filters" not in checked.output


@pytest.mark.parametrize("name", ["t.csv", "t.jsonl"])
def test_an_export_whose_manifest_names_an_item_its_rows_are_not_on_is_refused_without_the_ledger(
    demo: Cli, tmp_path: Path, name: str
) -> None:
    """Every row of an ``--item`` export is on that item, as its own subject cell says.

    An unfiltered export whose manifest was given ``"item": "PRJ-001"`` (its checksums
    untouched: the manifest holds none of itself) said *318 rows (the manifest's filters:
    --item PRJ-001)* under ``--file-only``, of rows on every subject of the ledger.
    """
    out = tmp_path / name
    assert demo("audit", "export", "--out", str(out)).exit_code == 0
    manifest_file = Path(f"{out}.manifest.json")
    manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
    manifest["filters"]["item"] = "prj-001"  # as given: any case names the item
    manifest_file.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")

    alone = demo("audit", "verify-export", str(out), "--file-only")

    assert alone.exit_code == 1, alone.output
    first = 2 if name.endswith(".csv") else 1  # the first row's line
    assert f"line {first}: the row is on 'praman'" in alone.output
    assert "select only rows on prj-001" in alone.output


@pytest.mark.parametrize("item", ["PRJ-001", "prj-001"])
def test_an_export_of_one_item_passes_on_its_own_given_in_either_case(
    demo: Cli, tmp_path: Path, item: str
) -> None:
    out = tmp_path / "t.csv"
    assert demo("audit", "export", "--item", item, "--out", str(out)).exit_code == 0

    alone = demo("audit", "verify-export", str(out), "--file-only")

    assert alone.exit_code == 0, alone.output
    assert f"(the manifest's filters: --item {item})" in alone.output
