"""The offline checks answer in JSON too: verify-receipt, verify-consistency, verify-export.

README says every read command takes --json; these three printed only
sentences, so a compliance script had to parse 'OK:' and 'FAILED:'. With
--json each prints ``ok`` and ``problem`` (null when ok) and what it proved,
and exits 1 when the check fails, as without it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.behaviour.test_proofs import Signed, signed_ledger
from tests.behaviour.test_tamper import first_part, positions_of, second_part
from tests.conftest import Cli


@pytest.fixture
def signed(run: Cli, tmp_path: Path) -> Signed:
    """A key, a checkpoint, more events and another checkpoint (as test_proofs makes them)."""
    return signed_ledger(run, tmp_path, first_part, second_part)


def test_a_receipt_and_a_consistency_proof_checked_as_json(signed: Signed) -> None:
    approval = positions_of(signed.run.url, "ItemApproved")[0]
    receipt = signed.folder / "receipt.json"
    proof = signed.folder / "proof.json"
    assert signed("audit", "prove", str(approval), "--out", str(receipt)).exit_code == 0
    old, new = signed.checkpoints
    assert signed("audit", "consistency", str(old), str(new), "--out", str(proof)).exit_code == 0
    key = ("--key", str(signed.public), "--json")

    by_receipt = signed("audit", "verify-receipt", str(receipt), *key)
    by_proof = signed("audit", "verify-consistency", str(proof), *key)

    assert by_receipt.exit_code == 0, by_receipt.output
    said = json.loads(by_receipt.stdout)
    assert (said["ok"], said["problem"], said["position"]) == (True, None, approval)
    assert said["topic"].endswith("ItemApproved")
    assert json.loads(said["state"])  # the event's recorded state, as JSON text
    assert by_proof.exit_code == 0, by_proof.output
    assert json.loads(by_proof.stdout)["ok"] is True

    forged = json.loads(receipt.read_text(encoding="utf-8"))
    forged["position"] += 1
    receipt.write_text(json.dumps(forged), encoding="utf-8")
    refused = signed("audit", "verify-receipt", str(receipt), *key)
    assert refused.exit_code == 1, refused.output
    failed = json.loads(refused.stdout)
    assert failed["ok"] is False
    assert str(receipt) in failed["problem"]


def test_an_export_checked_as_json_and_an_edited_one_refused_as_json(
    shared_demo: Cli, tmp_path: Path
) -> None:
    out = tmp_path / "trail.csv"
    assert shared_demo("audit", "export", "--out", str(out)).exit_code == 0

    checked = shared_demo("audit", "verify-export", str(out), "--json")
    alone = shared_demo("audit", "verify-export", str(out), "--file-only", "--json")

    assert checked.exit_code == 0, checked.output
    said = json.loads(checked.stdout)
    rows = len(out.read_text(encoding="utf-8").splitlines()) - 1
    assert (said["ok"], said["problem"], said["rows"], said["against_ledger"]) == (
        True, None, rows, True,
    )  # fmt: skip
    assert said["proven"][0].startswith(f"File: {out} matches its manifest")
    assert json.loads(alone.stdout)["against_ledger"] is False

    lines = out.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[2] = lines[2].replace(",", ";", 1)
    out.write_text("".join(lines), encoding="utf-8")
    edited = shared_demo("audit", "verify-export", str(out), "--json")
    assert edited.exit_code == 1, edited.output
    assert json.loads(edited.stdout)["ok"] is False
    assert "does not match its manifest" in json.loads(edited.stdout)["problem"]


def test_a_receipt_s_recorded_time_is_its_checkpoint_s_as_signed(signed: Signed) -> None:
    # It was written '...T22:44:01.000000Z': microseconds the checkpoint does not hold
    # (it keeps the second, cut), read as if an event had been recorded at that instant.
    receipt = signed.folder / "receipt.json"
    assert signed("audit", "prove", "1", "--out", str(receipt)).exit_code == 0
    note = json.loads(receipt.read_text(encoding="utf-8"))["checkpoint"]
    recorded = next(line for line in note.splitlines() if line.startswith("recorded "))

    said = signed("audit", "verify-receipt", str(receipt), "--key", str(signed.public), "--json")

    assert said.exit_code == 0, said.output
    assert json.loads(said.stdout)["recorded_at"] == recorded.removeprefix("recorded ")
