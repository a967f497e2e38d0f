"""Without a key, an export's manifest's checkpoint is still held to its digest.

docs/verification.md: the manifest's `checkpoint` is the signed checkpoint of the
ledger's first `ledger_digest.position` events, or null, and a manifest value not of
the form the table gives is refused naming the key. Before, `audit verify-export`
without `--key` read nothing of it: a manifest whose checkpoint was replaced (by
text that is no checkpoint, one of another size, or one recorded at another time)
passed, against the ledger and with `--file-only`; with `--key` the same manifest was
said to be edited. Its signature still needs the key.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.behaviour.test_checkpoint_time_checked import moved_three_days
from tests.behaviour.test_proofs import signed_ledger, size_of
from tests.behaviour.test_tamper import first_part, second_part
from tests.conftest import Cli


@pytest.mark.parametrize("alone", [(), ("--file-only",)], ids=["ledger", "file-only"])
def test_a_manifest_whose_checkpoint_was_replaced_is_refused_without_a_key(
    run: Cli, tmp_path: Path, alone: tuple[str, ...]
) -> None:
    signed = signed_ledger(run, tmp_path, first_part, second_part)
    earlier, latest = signed.checkpoints
    _, _, moved = moved_three_days(signed, latest)
    export = tmp_path / "trail.csv"
    assert signed("audit", "export", "--out", str(export)).exit_code == 0
    manifest = json.loads(Path(f"{export}.manifest.json").read_text(encoding="utf-8"))
    replaced = {
        "no checkpoint": ("hello", "the manifest's checkpoint is not a signed checkpoint"),
        "another size": (
            earlier.read_text(encoding="utf-8"),
            (
                f"the manifest's checkpoint signs {size_of(earlier)} events but the export "
                f"was taken at position {size_of(latest)}"
            ),
        ),
        "another time": (
            moved.read_text(encoding="utf-8"),
            (
                f"the manifest's checkpoint says its last event (position {size_of(latest)}) was "
                "recorded"
            ),
        ),
    }
    assert signed("audit", "verify-export", str(export), *alone).exit_code == 0

    for name, (note, said) in replaced.items():
        edited = tmp_path / "edited.json"
        edited.write_text(json.dumps({**manifest, "checkpoint": note}), encoding="utf-8")
        result = signed("audit", "verify-export", str(export), "--manifest", str(edited), *alone)

        assert result.exit_code == 1, (name, result.output)
        assert said in " ".join(result.output.split()), (name, result.output)
        assert "the manifest was edited" in result.output, (name, result.output)
        assert "Traceback" not in result.output


def test_a_checkpoint_that_does_not_verify_is_named_the_manifests_or_the_one_given(
    run: Cli, tmp_path: Path
) -> None:
    # Before, either was 'a checkpoint does not verify with KEY': the auditor was not told
    # whether the export's manifest or the checkpoint from the minutes was another key's.
    ours = signed_ledger(run, tmp_path / "ours", first_part)
    other_db = Cli(f"sqlite:///{tmp_path / 'other.db'}")
    theirs = signed_ledger(other_db, tmp_path / "theirs", first_part)
    export = tmp_path / "trail.csv"
    assert ours("audit", "export", "--out", str(export)).exit_code == 0
    (their_checkpoint,) = theirs.checkpoints
    mine, other = str(ours.public), str(theirs.public)

    with_their_key = ours("audit", "verify-export", str(export), "--key", other)
    given_theirs = ours(
        "audit", "verify-export", str(export), "--checkpoint", str(their_checkpoint), "--key", mine
    )

    assert with_their_key.exit_code == 1, with_their_key.output
    assert "FAILED: the manifest's checkpoint does not verify with" in with_their_key.output
    assert given_theirs.exit_code == 1, given_theirs.output
    assert "FAILED: the checkpoint given (--checkpoint) does not verify with" in (
        given_theirs.output
    )
