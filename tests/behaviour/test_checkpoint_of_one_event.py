"""A checkpoint of one event is said so: *the checkpoint of 1 event*, not *1 events*."""

from __future__ import annotations

from pathlib import Path

from tests.behaviour.test_proofs import ORIGIN, Signed
from tests.conftest import Cli


def test_a_checkpoint_of_one_event_is_said_in_the_singular(run: Cli, tmp_path: Path) -> None:
    added = run("person", "add", "hcarter", "--name", "Helen Carter", "-m", "Joined")
    assert added.exit_code == 0, added.output
    assert run.events() == 1
    signed = Signed(run, tmp_path, tmp_path / "signing.key", [])
    made = run("audit", "keygen", "--name", ORIGIN, "--out", str(signed.key))
    assert made.exit_code == 0, made.output
    signed.checkpoint()
    receipt = tmp_path / "receipt.json"

    verified = signed.verify()
    proven = signed("audit", "prove", "1", "--out", str(receipt))
    checked = signed("audit", "verify-receipt", str(receipt), "--key", str(signed.public))

    assert verified.exit_code == 0, verified.output
    assert "the latest of 1 event" in verified.output
    assert proven.exit_code == 0, proven.output
    assert "against the checkpoint of 1 event written to" in " ".join(proven.output.split())
    assert checked.exit_code == 0, checked.output
    assert "ledger of 1 event, as signed by" in " ".join(checked.output.split())
    assert "1 events" not in verified.output + proven.output + checked.output


def test_a_position_beyond_a_checkpoint_of_one_event_is_said_so(run: Cli, tmp_path: Path) -> None:
    """Not *not among the 1 event the checkpoint signs*."""
    added = run("person", "add", "hcarter", "--name", "Helen Carter", "-m", "Joined")
    assert added.exit_code == 0, added.output
    signed = Signed(run, tmp_path, tmp_path / "signing.key", [])
    made = run("audit", "keygen", "--name", ORIGIN, "--out", str(signed.key))
    assert made.exit_code == 0, made.output
    first = signed.checkpoint()
    again = run("person", "add", "mlee", "--name", "Marcus Lee", "-m", "Joined")
    assert again.exit_code == 0, again.output

    proven = signed("audit", "prove", "2", "--checkpoint", str(first))

    said = " ".join(proven.output.split())
    assert proven.exit_code != 0
    assert "position 2 is not the one event the checkpoint signs" in said
    assert "1 event the checkpoint" not in said
