"""A signing key with a very long name: refused when made, and said plainly where one is used.

``audit keygen --name`` took a name of 100,000 characters. Every checkpoint
then carries it twice, so the ledger's checkpoints outgrew what a manifest
or a receipt holds (64,000 characters), and ``audit export`` and ``audit
prove`` refused with *--checkpoint: has 200,177 characters ... shorten it*,
naming an option nobody gave and saying *nothing was recorded*.
"""

from __future__ import annotations

import json
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from portfolio_ledger.audit.keys import NoteSigner, key_hash
from tests.behaviour.test_tamper import first_part, record_items
from tests.conftest import Cli

LONG = "ledger.example.org/" + "p" * 40_000


def test_keygen_refuses_a_name_longer_than_a_checkpoint_can_carry(run: Cli, tmp_path: Path) -> None:
    made = run("audit", "keygen", "--name", "a" * 256, "--out", str(tmp_path / "k.key"))

    assert made.exit_code == 2, made.output
    assert "a key name has at most 255 characters" in made.output
    assert "this one has 256" in made.output
    assert not (tmp_path / "k.key").exists()


def long_named_key(folder: Path) -> Path:
    """A key made before names were bounded (keygen no longer makes one)."""
    private = Ed25519PrivateKey.generate()
    public = private.public_key().public_bytes_raw()
    signer = NoteSigner(LONG, key_hash(LONG, b"\x01" + public), private)
    path = folder / "long.key"
    path.write_text(signer.text() + "\n", encoding="utf-8")
    return path


def test_export_and_prove_say_why_a_long_named_keys_checkpoint_is_not_held(
    sqlite_url: str, tmp_path: Path
) -> None:
    # SQLite: PostgreSQL's checkpoint table refuses a key name this long outright.
    run = Cli(sqlite_url)
    record_items(run.url, first_part)
    env = {"PORTFOLIO_LEDGER_SIGNING_KEY": str(long_named_key(tmp_path))}
    signed = run("audit", "checkpoint", env=env)
    assert signed.exit_code == 0, signed.output
    out = tmp_path / "trail.csv"

    exported = run("audit", "export", "--out", str(out), env=env)
    proved = run("audit", "prove", "3", "--out", str(tmp_path / "r.json"), env=env)

    assert exported.exit_code == 0, exported.output
    manifest = json.loads(Path(f"{out}.manifest.json").read_text(encoding="utf-8"))
    assert manifest["checkpoint"] is None
    said = " ".join(exported.output.split())
    assert "No signed checkpoint in the manifest: the signed checkpoint has" in said
    assert "its signing key's name has 40,019 characters" in said
    assert proved.exit_code == 1, proved.output
    assert "no receipt can be made: the signed checkpoint has" in proved.output
    assert "--checkpoint" not in proved.output
