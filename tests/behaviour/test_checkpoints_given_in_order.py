"""Two checkpoints given to ``audit consistency`` newest first: named, and the order to give.

The refusal said *the older checkpoint signs 15 events, more than the newer (13)*,
calling "older" the one that was not, and naming neither file; exit 1, as if the
ledger could not prove it. It is the command line given the wrong way round.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.behaviour.test_proofs import Signed, signed_ledger
from tests.behaviour.test_tamper import first_part, second_part
from tests.conftest import Cli


@pytest.fixture
def signed(run: Cli, tmp_path: Path) -> Signed:
    return signed_ledger(run, tmp_path, first_part, second_part)


def test_checkpoints_given_newest_first_are_refused_naming_the_order_to_give(
    signed: Signed, tmp_path: Path
) -> None:
    older, newer = signed.checkpoints
    proof = tmp_path / "proof.json"

    refused = signed("audit", "consistency", str(newer), str(older), "--out", str(proof))
    given_right = signed("audit", "consistency", str(older), str(newer), "--out", str(proof))

    said = " ".join(refused.output.split())
    assert refused.exit_code == 2, refused.output
    assert f"{newer} signs" in said
    assert f"more than {older}" in said
    assert f"'portfolio-ledger audit consistency {older} {newer}'" in said
    assert "Traceback" not in said
    assert given_right.exit_code == 0, given_right.output


def test_the_order_to_give_is_quoted_for_the_shell_where_a_name_needs_it(
    signed: Signed, tmp_path: Path
) -> None:
    older, newer = signed.checkpoints
    folder = tmp_path / "board minutes"
    folder.mkdir()
    spaced_older, spaced_newer = folder / older.name, folder / newer.name
    spaced_older.write_bytes(older.read_bytes())
    spaced_newer.write_bytes(newer.read_bytes())

    refused = signed("audit", "consistency", str(spaced_newer), str(spaced_older))

    said = " ".join(refused.output.split())
    assert refused.exit_code == 2, refused.output
    assert f"audit consistency '{spaced_older}' '{spaced_newer}'" in said
