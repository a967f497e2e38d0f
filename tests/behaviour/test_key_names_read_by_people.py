"""A new signing key's name is text people read: nothing in it shows as nothing or turns it.

``audit keygen --name`` took ``ledger\\u202eexample`` (a right-to-left
override) and ``ledger\\u200bexample`` (a zero-width space): the published
verifier key and every checkpoint then named a ledger that reads as another
(``ledgerexample``) or backwards. Keys made before with such names are read
as they were.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from portfolio_ledger.application.proof_errors import KeyFormatError
from portfolio_ledger.audit.keys import NoteSigner, key_hash
from tests.conftest import Cli


@pytest.mark.parametrize(
    ("hidden", "said"),
    [
        ("\u202e", "U+202E (RIGHT-TO-LEFT OVERRIDE) at character 7"),
        ("\u200b", "U+200B (ZERO WIDTH SPACE) at character 7"),
        ("\u2066", "U+2066 (LEFT-TO-RIGHT ISOLATE) at character 7"),
        ("\u00ad", "U+00AD (SOFT HYPHEN) at character 7"),
    ],
)
def test_keygen_refuses_a_name_holding_a_character_that_reads_as_nothing(
    sqlite_url: str, tmp_path: Path, hidden: str, said: str
) -> None:
    out = tmp_path / "k.key"

    made = Cli(sqlite_url)("audit", "keygen", "--name", f"ledger{hidden}example", "--out", str(out))

    assert made.exit_code == 2, made.output
    assert said in made.output
    assert "give the name without it" in made.output
    assert not out.exists()
    with pytest.raises(KeyFormatError, match=re.escape(said)):
        NoteSigner.generate(f"ledger{hidden}example")


def test_a_name_in_another_script_is_taken(sqlite_url: str, tmp_path: Path) -> None:
    out = tmp_path / "k.key"

    made = Cli(sqlite_url)("audit", "keygen", "--name", "سجل.example/محفظة", "--out", str(out))

    assert made.exit_code == 0, made.output
    assert NoteSigner.from_text(out.read_text(encoding="utf-8")).name == "سجل.example/محفظة"


def test_a_key_made_before_with_such_a_name_is_still_read(tmp_path: Path) -> None:
    name = "ledger\u200bexample"
    private = Ed25519PrivateKey.generate()
    public = private.public_key().public_bytes_raw()
    signer = NoteSigner(name, key_hash(name, b"\x01" + public), private)

    read = NoteSigner.from_text(signer.text())

    assert read.name == name
    assert read.verifier().verify(b"note\n", read.sign(b"note\n"))
