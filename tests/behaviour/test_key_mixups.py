"""The two keys of a pair taken for each other: each refused saying which key it is.

``audit keygen`` writes ``signing.key`` (secret) and ``signing.key.pub`` beside
it; an auditor who gives the one for the other (tab completion stops at
``signing.key``) is told which key they gave and which is wanted, not that the
verifier key's hash ``'KEY'`` is not 8 hex digits.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from portfolio_ledger.application.proof_errors import KeyFormatError
from portfolio_ledger.audit.keys import NoteSigner, NoteVerifier
from tests.behaviour.test_proofs import Signed, signed_ledger
from tests.behaviour.test_tamper import first_part
from tests.conftest import Cli


@pytest.fixture
def signed(run: Cli, tmp_path: Path) -> Signed:
    return signed_ledger(run, tmp_path, first_part)


def test_a_signer_key_given_to_check_a_receipt_is_refused_as_the_secret_key(
    signed: Signed, tmp_path: Path
) -> None:
    receipt = tmp_path / "receipt.json"
    assert signed("audit", "prove", "3", "--out", str(receipt)).exit_code == 0

    result = signed("audit", "verify-receipt", str(receipt), "--key", str(signed.key))

    assert result.exit_code == 2, result.output
    assert "it is a signer key (PRIVATE+KEY+...), the secret one" in result.output
    assert "the .pub file beside the signer key" in result.output
    assert "'KEY' is not 8 hex digits" not in result.output
    assert signed.key.read_text(encoding="utf-8").strip() not in result.output  # never shown
    assert "Traceback" not in result.output


def test_a_verifier_key_given_to_sign_is_refused_as_the_public_key(signed: Signed) -> None:
    before = signed.run("audit", "digest").stdout

    result = signed("audit", "checkpoint", key=signed.public)

    assert result.exit_code == 1, result.output
    assert "it is a verifier key (<name>+<hash>+<base64 key>), the public one" in result.output
    assert "give the signer key 'audit keygen' wrote" in result.output
    assert signed.run("audit", "digest").stdout == before


def test_the_key_texts_say_which_they_are() -> None:
    signer = NoteSigner.generate("ledger.example.org/portfolio")

    with pytest.raises(KeyFormatError, match="it is a signer key"):
        NoteVerifier.from_text(signer.text())
    with pytest.raises(KeyFormatError, match="it is a verifier key"):
        NoteSigner.from_text(signer.verifier().text())
    with pytest.raises(KeyFormatError, match="does not begin with PRIVATE"):
        NoteSigner.from_text("not a key at all")
