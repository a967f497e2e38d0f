"""``audit verify --checkpoint`` holds a checkpoint's recorded line to its last event's time.

docs/verification.md: the recorded line is the recorded time of the checkpoint's
last event. ``verify-export --key`` held it to that (through the digest), and so
does an independent verifier; ``audit verify --checkpoint FILE --key KEY`` did
not: a checkpoint signed with the key, its root the ledger's but its time
another's (edited and signed again, or another ledger's of the same events),
passed. Now it fails, saying the events are as the checkpoint signs them (the
record is not shown altered) and to check where the checkpoint came from.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from portfolio_ledger.audit.checkpoint import (
    Checkpoint,
    read_checkpoint_unverified,
    sign_checkpoint,
)
from portfolio_ledger.audit.keys import load_signer_key
from tests.behaviour.test_proofs import Signed, signed_ledger
from tests.behaviour.test_tamper import first_part
from tests.conftest import Cli


def moved_three_days(signed: Signed, kept: Path) -> tuple[Checkpoint, Checkpoint, Path]:
    """The checkpoint ``kept``, the same with its time three days earlier, signed again with the
    ledger's key, and the file holding that one."""
    true = read_checkpoint_unverified(kept.read_text(encoding="utf-8"))
    assert true.recorded_at is not None
    moved = replace(true, recorded_at=true.recorded_at - timedelta(days=3))
    other = kept.with_name("checkpoint-moved.txt")
    other.write_text(sign_checkpoint(moved, load_signer_key(signed.key)), encoding="utf-8")
    return true, moved, other


def test_a_signed_checkpoint_whose_time_is_not_its_last_event_s_fails(
    run: Cli, tmp_path: Path
) -> None:
    signed = signed_ledger(run, tmp_path, first_part)
    (kept,) = signed.checkpoints
    true, moved, other = moved_three_days(signed, kept)
    key = str(signed.public)

    good = signed("audit", "verify", "--checkpoint", str(kept), "--key", key)
    checked = signed("audit", "verify", "--checkpoint", str(other), "--key", key)

    assert good.exit_code == 0, good.output
    assert checked.exit_code == 1, checked.output
    said = " ".join(checked.output.split())
    was, now = f"{moved.recorded_at:%Y-%m-%dT%H:%M:%SZ}", f"{true.recorded_at:%Y-%m-%dT%H:%M:%SZ}"
    assert f"FAILED at position {true.size:,}: checkpoint time altered." in said
    assert (
        f"the events give the root hash of the checkpoint of {true.size:,} events, but it says "
        f"position {true.size:,} was recorded at {was}, and the ledger's event there was "
        f"recorded at {now}" in said
    )
    assert "The record was altered" not in said
    assert "the events are as the checkpoint signs them" in said


def test_no_receipt_is_made_against_a_checkpoint_whose_time_is_not_its_last_event_s(
    run: Cli, tmp_path: Path
) -> None:
    # 'audit prove --checkpoint' wrote a receipt against the checkpoint moved three days,
    # and 'verify-receipt' then said the event was 'recorded' on the wrong day, its own
    # timestamp beside it (found by h6, second reading of 23267e23).
    signed = signed_ledger(run, tmp_path, first_part)
    (kept,) = signed.checkpoints
    true, moved, other = moved_three_days(signed, kept)
    receipt = tmp_path / "receipt.json"

    proved = signed("audit", "prove", "1", "--checkpoint", str(other), "--out", str(receipt))

    said = " ".join(proved.output.split())
    assert proved.exit_code == 1, proved.output
    assert (
        f"the checkpoint says position {true.size:,} was recorded at "
        f"{moved.recorded_at:%Y-%m-%dT%H:%M:%SZ}, but the ledger's event there was recorded at "
        f"{true.recorded_at:%Y-%m-%dT%H:%M:%SZ}" in said
    )
    assert not receipt.exists()
