"""An export's manifest is read strictly (docs/verification.md, "The manifest").

Each key holds the one JSON type and form the page gives it: a count is a
number, not the text ``"13"`` nor ``13.0``; ``manifest_version`` is ``1``,
not ``true``; ``encoding`` is the one of its format; ``exported_at`` is a
time in UTC to the second. Anything else is refused naming the key (exit 1),
rather than read one way or another, even where the file's checksums pass.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Cli


@pytest.fixture(scope="module")
def demo(shared_demo: Cli) -> Cli:
    """The demo ledger, shared by the module's tests (which never write to it)."""
    return shared_demo


def _exported(run: Cli, out: Path) -> dict[str, Any]:
    result = run("audit", "export", "--item", "PRJ-001", "--out", str(out))
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(Path(f"{out}.manifest.json").read_text(encoding="utf-8"))
    return data


def _with(manifest: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    changed: dict[str, Any] = json.loads(json.dumps(manifest))
    *parents, last = path.split(".")
    place = changed
    for name in parents:
        place = place[name]
    place[last] = value
    return changed


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("rows", "13"),
        ("rows", 13.0),
        ("first_position", True),
        ("size", "1"),
        ("manifest_version", True),
        ("ledger_digest.position", "KEEP-AS-TEXT"),
        ("encoding", "latin-1, CR"),
        ("encoding", "utf-8, LF"),
        ("exported_at", "yesterday"),
        ("exported_at", "2026-02-30T10:00:00Z"),
        ("file", 7),
    ],
)
def test_a_manifest_value_of_another_type_or_form_is_refused_naming_its_key(
    demo: Cli, tmp_path: Path, key: str, value: Any
) -> None:
    out = tmp_path / "prj-001.csv"
    manifest = _exported(demo, out)
    if value == "KEEP-AS-TEXT":  # the same number, as text
        value = str(manifest["ledger_digest"]["position"])
    if value in {13.0, "13"}:  # the same count, as another type
        value = type(value)(manifest["rows"])
    Path(f"{out}.manifest.json").write_text(
        json.dumps(_with(manifest, key, value), indent=2) + "\n", encoding="utf-8"
    )

    result = demo("audit", "verify-export", str(out), "--file-only")

    assert result.exit_code == 1, result.output
    assert "not a valid export manifest" in result.output
    assert key in result.output
    assert "Traceback" not in result.output


def test_the_manifest_as_written_is_still_read(demo: Cli, tmp_path: Path) -> None:
    for name in ("prj-001.csv", "prj-001.jsonl"):
        out = tmp_path / name
        _exported(demo, out)
        result = demo("audit", "verify-export", str(out))
        assert result.exit_code == 0, result.output


def _without(manifest: dict[str, Any], path: str) -> dict[str, Any]:
    changed: dict[str, Any] = json.loads(json.dumps(manifest))
    *parents, last = path.split(".")
    place = changed
    for name in parents:
        place = place[name]
    del place[last]
    return changed


@pytest.mark.parametrize(
    "key",
    [
        "kind",
        "manifest_version",
        "row_hash",
        "filters.item",
        "filters.actor",
        "filters.type",
        "filters.from",
        "filters.to",
        "filters.clock",
        "tool.name",
    ],
)
def test_a_key_every_version_wrote_taken_out_is_refused_naming_it(
    demo: Cli, tmp_path: Path, key: str
) -> None:
    """The page: the manifest holds exactly these keys; every version wrote these."""
    out = tmp_path / "prj-001.csv"
    manifest = _exported(demo, out)
    Path(f"{out}.manifest.json").write_text(
        json.dumps(_without(manifest, key), indent=2) + "\n", encoding="utf-8"
    )

    result = demo("audit", "verify-export", str(out))

    assert result.exit_code == 1, result.output
    assert "not a valid export manifest" in result.output
    assert key in result.output
    assert "Traceback" not in result.output


def test_a_manifest_of_before_checkpoints_and_item_filters_is_still_read(
    demo: Cli, tmp_path: Path
) -> None:
    """Versions before 2026-11-30 wrote no checkpoint and no item filters."""
    out = tmp_path / "prj-001.jsonl"
    manifest = _exported(demo, out)
    for key in ("checkpoint", *(f"filters.{name}" for name in ITEM_FILTERS)):
        manifest = _without(manifest, key)
    Path(f"{out}.manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")

    result = demo("audit", "verify-export", str(out))

    assert result.exit_code == 0, result.output


ITEM_FILTERS = ("organisation", "category", "stage", "rag", "kind")
