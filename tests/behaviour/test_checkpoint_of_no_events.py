"""A signed checkpoint of no events holds every ledger: the empty tree's root is RFC 6962's.

The ledger never signs one ('record a decision first'), but the page allows it (a
checkpoint of no events has no recorded line) and Go's verifier reads one. Given to
'audit verify --checkpoint', it was said to be a rewrite of 'an event from position 1
to 0': the root at size 0 was never computed, so it matched nothing.
"""

from __future__ import annotations

from pathlib import Path

from portfolio_ledger.application.tree import EMPTY_ROOT
from portfolio_ledger.audit.checkpoint import Checkpoint, sign_checkpoint
from portfolio_ledger.audit.keys import load_signer_key
from tests.behaviour.test_proofs import ORIGIN, signed_ledger
from tests.behaviour.test_tamper import first_part
from tests.conftest import Cli


def test_a_signed_checkpoint_of_no_events_is_no_rewrite(run: Cli, tmp_path: Path) -> None:
    signed = signed_ledger(run, tmp_path, first_part)
    zero = tmp_path / "checkpoint-of-none.txt"
    note = sign_checkpoint(Checkpoint(ORIGIN, 0, EMPTY_ROOT), load_signer_key(signed.key))
    zero.write_text(note, encoding="utf-8")

    checked = signed("audit", "verify", "--checkpoint", str(zero), "--key", str(signed.public))

    assert checked.exit_code == 0, checked.output
    assert "rewritten" not in checked.output
