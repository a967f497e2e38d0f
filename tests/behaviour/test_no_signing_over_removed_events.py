"""'audit checkpoint' will not sign a ledger holding fewer events than one it signed before.

Found by h6: the events after position 100 of a ledger with a signed checkpoint of
314 deleted through SQL (their chain links and tree rows too), 'audit checkpoint'
signed the 100 left, '(100 signed for the first time)', with not a word of the 214
gone: the check before signing looked only at checkpoints up to the head. The help
says signing is refused when the tree no longer matches the last checkpoint signed.
"""

from __future__ import annotations

from pathlib import Path

from tests.behaviour.test_proofs import signed_ledger
from tests.behaviour.test_tamper import first_part, truncate
from tests.conftest import Cli


def test_events_removed_after_a_checkpoint_are_not_signed_over(run: Cli, tmp_path: Path) -> None:
    signed = signed_ledger(run, tmp_path, first_part)
    truncate(run.url, 10)

    again = signed("audit", "checkpoint")

    said = " ".join(again.output.split())
    assert again.exit_code == 1, again.output
    assert (
        "the ledger keeps a checkpoint of 18 events signed with this key, but holds only 10: "
        "events were removed since it was signed. Nothing was signed" in said
    )
    assert "Traceback" not in again.output
