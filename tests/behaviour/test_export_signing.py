"""An export signs a checkpoint for its manifest only as the ledger's own signing rule allows.

``audit export`` with a signing key at hand signs a checkpoint at the
export's position when the ledger kept none there (docs/verification.md,
"The checkpoint in the manifest"). That signature vouches for every event
up to it, so it follows the rule the ledger follows when it records: with
``audit checkpoint --every 1`` in force, positions no checkpoint covers were
written by a writer without the key (appended through SQL, say), and
signing over them would erase the *not signed* that ``audit verify --key``
gives. The export then goes without a checkpoint and says why; without
that rule it signs, and says how many positions it vouched for first.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.behaviour.test_proofs import ORIGIN, Signed, signed_ledger
from tests.behaviour.test_tamper import first_part, forge_linked_event
from tests.conftest import Cli


@pytest.fixture
def signed(run: Cli, tmp_path: Path) -> Signed:
    """Eighteen events, a key, and a checkpoint of them."""
    return signed_ledger(run, tmp_path, first_part)


def _manifest(out: Path) -> dict[str, object]:
    data: dict[str, object] = json.loads(Path(f"{out}.manifest.json").read_text(encoding="utf-8"))
    return data


def test_an_export_does_not_sign_over_an_event_appended_behind_a_ledger_that_signs_every_write(
    signed: Signed, tmp_path: Path
) -> None:
    signed.checkpoint("--every", "1")
    forged = forge_linked_event(signed.run.url, copied_from=18)
    assert "not signed" in signed.verify().output
    out = tmp_path / "trail.jsonl"

    exported = signed("audit", "export", "--out", str(out))

    assert exported.exit_code == 0, exported.output
    assert _manifest(out)["checkpoint"] is None
    assert f"position {forged}" in exported.output
    assert "No signed checkpoint in the manifest" in exported.output
    still = signed.verify()
    assert still.exit_code == 1, still.output
    assert f"FAILED at position {forged}: not signed" in still.output


def test_an_export_that_signs_says_how_many_positions_it_vouched_for_first(
    signed: Signed, tmp_path: Path
) -> None:
    assert signed.propose("PRJ-901").exit_code == 0  # recorded, not signed: no --every
    out = tmp_path / "trail.jsonl"

    exported = signed("audit", "export", "--out", str(out))

    assert exported.exit_code == 0, exported.output
    assert _manifest(out)["checkpoint"] is not None
    assert "1 signed for the first time" in exported.output
    assert signed.verify().exit_code == 0


def test_an_export_with_another_key_than_the_ledger_signs_with_names_that_key(
    signed: Signed, tmp_path: Path
) -> None:
    """Positions the ledger signed under its own key are not 'in no checkpoint', nor forged.

    Under --every 1, an export with a key the ledger does not sign with signs nothing
    (a write would not), and says so: the ledger's checkpoints are under another key.
    """
    signed.checkpoint("--every", "1")
    other = tmp_path / "keys" / "other.key"
    assert (
        signed.run("audit", "keygen", "--name", "other.example/x", "--out", str(other)).exit_code
        == 0
    )
    out = tmp_path / "trail.jsonl"

    exported = signed("audit", "export", "--out", str(out), "--key", str(other))

    assert exported.exit_code == 0, exported.output
    assert _manifest(out)["checkpoint"] is None
    assert "behind the ledger's back" not in exported.output
    assert f"signs every write with {ORIGIN}+" in exported.output
    assert signed.verify().exit_code == 0


@pytest.mark.parametrize("where", ["--file-only", "with the ledger"])
def test_an_export_whose_checkpoint_names_another_recorded_time_than_its_digest_is_refused(
    signed: Signed, tmp_path: Path, where: str
) -> None:
    """The checkpoint's ``recorded`` line and the digest's ``recorded=`` both say when event n was.

    A checkpoint of the export's size, signed with the ledger's key, but of another
    history (another ledger under the same key, say) names another time: found even
    without the ledger (docs/verification.md, "Checking an export"). Here the root is
    the export's own, so only that line differs.
    """
    from dataclasses import replace
    from datetime import timedelta

    from portfolio_ledger.audit.checkpoint import read_checkpoint_unverified, sign_checkpoint
    from portfolio_ledger.audit.keys import load_signer_key

    out = tmp_path / "trail.jsonl"
    assert signed("audit", "export", "--out", str(out)).exit_code == 0
    manifest = _manifest(out)
    genuine = read_checkpoint_unverified(str(manifest["checkpoint"]))
    assert genuine.recorded_at is not None
    other = replace(genuine, recorded_at=genuine.recorded_at - timedelta(days=1))
    manifest["checkpoint"] = sign_checkpoint(other, load_signer_key(signed.key))
    Path(f"{out}.manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", "utf-8")
    options = ["--file-only"] if where == "--file-only" else []

    checked = signed("audit", "verify-export", str(out), "--key", str(signed.public), *options)

    assert checked.exit_code == 1, checked.output
    assert "the manifest's checkpoint says its last event" in checked.output
    assert genuine.recorded_at.strftime("%Y-%m-%dT%H:%M:%SZ") in checked.output


def test_an_export_of_an_empty_ledger_is_not_said_to_lack_a_key_it_had(
    run: Cli, tmp_path: Path
) -> None:
    """No checkpoint signs no events: ``verify-export --key`` says that, not 'no key at hand'."""
    key = tmp_path / "keys" / "signing.key"
    assert run("audit", "keygen", "--name", ORIGIN, "--out", str(key)).exit_code == 0
    assert run("init").exit_code == 0
    out = tmp_path / "trail.csv"
    signing = {"PORTFOLIO_LEDGER_SIGNING_KEY": str(key)}
    assert run("audit", "export", "--out", str(out), env=signing).exit_code == 0
    assert _manifest(out)["checkpoint"] is None

    checked = run("audit", "verify-export", str(out), "--key", f"{key}.pub", env=signing)

    assert checked.exit_code == 1, checked.output
    assert "a ledger that held no events (its digest is at position 0)" in checked.output
    assert "no signing key at hand" not in checked.output
