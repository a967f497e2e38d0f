"""A checkpoint of another ledger, checked here with its key, is not called this ledger's tampering.

Before, `audit verify --checkpoint THEIRS --key THEIR_KEY` said this ledger's events
were "changed, removed or inserted after it was signed" and that "the record was
altered outside portfolio-ledger": an intact ledger reported as tampered, where a
digest of another ledger is said to be maybe another ledger's
(test_digest_of_another_ledger.py). Where the checkpoint's recorded line is not the time
of this ledger's event at its size, it may be another ledger's: both are said, exit 1.
"""

from __future__ import annotations

import time
from pathlib import Path

from tests.behaviour.test_proofs import signed_ledger
from tests.behaviour.test_tamper import first_part
from tests.conftest import Cli


def test_another_ledgers_checkpoint_is_not_called_a_rewrite_of_this_one(
    run: Cli, tmp_path: Path
) -> None:
    other = Cli(f"sqlite:///{tmp_path / 'other.db'}")
    theirs = signed_ledger(other, tmp_path / "theirs", first_part)
    time.sleep(1.1)  # this ledger's events recorded in a later second than theirs
    ours = signed_ledger(run, tmp_path / "ours", first_part)
    (checkpoint,) = theirs.checkpoints
    key = str(theirs.public)

    result = ours("audit", "verify", "--checkpoint", str(checkpoint), "--key", key)

    said = " ".join(result.output.split())
    assert result.exit_code == 1, result.output
    assert "FAILED at position 1: rewritten." in said
    another = "or the checkpoint given is another ledger's (or was edited): it says position 18"
    assert another in said
    assert (
        "If the checkpoint given is this ledger's (from the minutes), the record was altered"
        in said
    )
    assert "Traceback" not in result.output
