"""The summary under a failure of 'audit verify' counts the positions that held as a reader would.

Found reading 662a564d: a ledger all of whose events were deleted, the checkpoint
given signing 18, was summed up 'The hash chain and the Merkle tree are intact over
positions 1 to 0', and a failure at position 2 'Positions 1 to 1 check out'.
"""

from __future__ import annotations

from pathlib import Path

from portfolio_ledger.audit.keys import NoteSigner
from portfolio_ledger.audit.signing import sign_checkpoint_now
from portfolio_ledger.bootstrap import open_ledger
from tests.behaviour.test_proofs import signed_ledger
from tests.behaviour.test_tamper import first_part, flip_a_byte, truncate
from tests.conftest import Cli


def test_a_ledger_emptied_under_its_checkpoint_is_not_said_intact_over_positions_1_to_0(
    run: Cli, tmp_path: Path
) -> None:
    signed = signed_ledger(run, tmp_path, first_part)
    (checkpoint,) = signed.checkpoints
    truncate(run.url, 0)

    checked = run("audit", "verify", "--checkpoint", str(checkpoint), "--key", str(signed.public))

    said = " ".join(checked.output.split())
    assert checked.exit_code == 1, checked.output
    assert "FAILED at position 1: missing." in said
    assert "1 to 0" not in said
    assert "The ledger holds no events, but the checkpoints do not hold" in said


def test_a_failure_at_position_2_says_position_1_checks_out(run: Cli, tmp_path: Path) -> None:
    signed_ledger(run, tmp_path, first_part)
    truncate(run.url, 2)
    flip_a_byte(run.url, 2)

    checked = run("audit", "verify")

    said = " ".join(checked.output.split())
    assert checked.exit_code == 1, checked.output
    assert "FAILED at position 2:" in said
    assert "Position 1 checks out" in said
    assert "1 to 1" not in said


def test_a_checkpoint_of_one_event_given_to_a_ledger_emptied_says_its_one_event_is_gone(
    run: Cli, tmp_path: Path
) -> None:
    signed = signed_ledger(run, tmp_path, first_part)
    ledger, _ = open_ledger(run.url)
    try:  # a checkpoint of its first event, signed while it held all 18
        signer = NoteSigner.from_text(signed.key.read_text(encoding="utf-8"))
        note = sign_checkpoint_now(ledger, signer, size=1).kept.note
    finally:
        ledger.close()
    one = tmp_path / "checkpoint-of-1.txt"
    one.write_text(note, encoding="utf-8")
    truncate(run.url, 0)

    checked = run("audit", "verify", "--checkpoint", str(one), "--key", str(signed.public))

    said = " ".join(checked.output.split())
    assert checked.exit_code == 1, checked.output
    assert (
        "a checkpoint signs the ledger's first event, but it holds none: every event was "
        "removed since it was signed" in said
    )
