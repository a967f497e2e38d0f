"""Tampered exports are refused with what was done, not another cause.

``verify-export --key`` refuses a manifest with no checkpoint (docs/verification.md,
"Checking an export"). Before, the refusal said as a fact that the export "was made with
no signing key at hand", also of a manifest whose checkpoint was deleted after it was
written: a cause the ledger cannot know. It now names every cause a null checkpoint has.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from tests.behaviour.test_proofs import Signed, signed_ledger
from tests.behaviour.test_tamper import first_part
from tests.conftest import Cli


@pytest.fixture
def signed(run: Cli, tmp_path: Path) -> Signed:
    return signed_ledger(run, tmp_path, first_part)


def test_a_checkpoint_removed_from_a_manifest_is_refused_naming_every_cause(
    signed: Signed, tmp_path: Path
) -> None:
    out = tmp_path / "trail.jsonl"
    assert signed("audit", "export", "--out", str(out)).exit_code == 0
    manifest_path = Path(f"{out}.manifest.json")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    assert manifest["checkpoint"] is not None
    manifest["checkpoint"] = None
    manifest_path.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")

    checked = signed("audit", "verify-export", str(out), "--key", str(signed.public))

    said = " ".join(checked.output.split())
    assert checked.exit_code == 1, checked.output
    assert "the manifest holds no signed checkpoint" in said
    assert "or the manifest was edited since" in said


def test_a_manifest_digest_edited_is_not_called_a_digest_given(
    signed: Signed, tmp_path: Path
) -> None:
    """No --digest given: the refusal names the manifest's ledger_digest, not 'the digest given'."""
    out = tmp_path / "trail.csv"
    assert signed("audit", "export", "--out", str(out)).exit_code == 0
    manifest_path = Path(f"{out}.manifest.json")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["ledger_digest"]["position"] -= 1
    manifest_path.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")

    checked = signed("audit", "verify-export", str(out))

    said = " ".join(checked.output.split())
    assert checked.exit_code == 1, checked.output
    assert "holds a bad ledger digest (ledger_digest): the manifest's digest line and its" in said
    assert "the digest given" not in said


def resealed(out: Path, data: bytes) -> None:
    """``data`` written as the export ``out``, its manifest's size and hash made to agree."""
    out.write_bytes(data)
    manifest_path = Path(f"{out}.manifest.json")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["size"], manifest["sha256"] = len(data), hashlib.sha256(data).hexdigest()
    manifest_path.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")


def test_a_csv_saved_again_with_a_second_byte_order_mark_is_said_so(
    signed: Signed, tmp_path: Path
) -> None:
    """An invisible second mark is named, not 'the header is not the manifest's columns'."""
    out = tmp_path / "trail.csv"
    assert signed("audit", "export", "--out", str(out)).exit_code == 0
    data = b"\xef\xbb\xbf" + out.read_bytes()
    resealed(out, data)

    checked = signed("audit", "verify-export", str(out), "--file-only")

    said = " ".join(checked.output.split())
    assert checked.exit_code == 1, checked.output
    assert "line 1: the CSV starts with two byte-order marks" in said


def test_a_jsonl_record_with_its_keys_reordered_or_one_missing_is_said_so(
    signed: Signed, tmp_path: Path
) -> None:
    """Each is named: 'the record's fields are not the manifest's columns' said neither."""
    out = tmp_path / "trail.jsonl"
    assert signed("audit", "export", "--out", str(out)).exit_code == 0
    lines = out.read_bytes().split(b"\n")
    first = json.loads(lines[0])
    position, version = first.pop("position"), first.pop("version")
    edits = {
        "reordered": ({"version": version, "position": position, **first}, "in another order"),
        "missing": ({"position": position, **first}, "it has no version"),
    }
    for name, (record, says) in edits.items():
        data = b"\n".join([json.dumps(record, separators=(",", ":")).encode(), *lines[1:]])
        resealed(out, data)

        checked = signed("audit", "verify-export", str(out), "--file-only")

        said = " ".join(checked.output.split())
        assert checked.exit_code == 1, checked.output
        assert "line 1" in said, f"{name}: {said}"
        assert says in said, f"{name}: {said}"


def test_a_blank_line_added_at_a_csv_s_end_is_said_to_be_one(
    signed: Signed, tmp_path: Path
) -> None:
    """It said 'line N: 0 fields, but the export has 23 columns' (h1, session 66)."""
    out = tmp_path / "trail.csv"
    assert signed("audit", "export", "--out", str(out)).exit_code == 0
    data = out.read_bytes() + b"\r\n"
    resealed(out, data)

    checked = signed("audit", "verify-export", str(out), "--file-only")

    said = " ".join(checked.output.split())
    assert checked.exit_code == 1, checked.output
    assert ": a blank line (added since?), but the export has " in said, said


def test_a_csv_saved_again_in_windows_1252_names_the_line_and_byte(
    run: Cli, tmp_path: Path
) -> None:
    """The line the first such byte is on, as a JSON Lines export's refusal names its byte.

    It said *line 1: the file is not valid UTF-8* of any CSV so saved, the line its reader
    had reached when a block of the file would not decode: a header of plain ASCII, here.
    """
    propose = ("--kind", "project", "--title", "T", "--owner", "O", "--sponsor", "S")
    for key, title in (("PRJ-1", "Payroll"), ("PRJ-2", "Café")):
        done = run("item", "propose", key, *propose, "--category", "C", "-m", title)
        assert done.exit_code == 0, done.output
    out = tmp_path / "trail.csv"
    assert run("audit", "export", "--out", str(out)).exit_code == 0
    text = out.read_bytes().decode("utf-8-sig")
    resealed(out, b"\xef\xbb\xbf" + text.encode("cp1252"))
    at = text.split("\r\n")[2].encode("cp1252").index(b"\xe9") + 1

    checked = run("audit", "verify-export", str(out), "--file-only")

    said = " ".join(checked.output.split())
    assert checked.exit_code == 1, checked.output
    assert (
        f"line 3: not UTF-8 text (byte 0xe9, the line's byte {at}: a character saved in "
        "another encoding, such as Windows-1252's é or £): the file was saved again after it "
        "was exported, in another encoding"
    ) in said, checked.output
