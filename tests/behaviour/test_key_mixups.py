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
from tests.behaviour.test_proofs import Signed, kept, signed_ledger
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

    result = signed("audit", "checkpoint", key=signed.public)  # PORTFOLIO_LEDGER_SIGNING_KEY
    given = signed.run("audit", "checkpoint", "--key", str(signed.public))

    # Bad usage, exit 2, as the signer key given to 'audit verify-receipt' is (above);
    # before, exit 1, as if the ledger had refused it.
    for refused, named in ((result, "PORTFOLIO_LEDGER_SIGNING_KEY"), (given, "'--key'")):
        said = " ".join(refused.output.split())
        assert refused.exit_code == 2, refused.output
        assert f"Invalid value for {named}: {signed.public} is not a signing key" in said
        assert "it is a verifier key (<name>+<hash>+<base64 key>), the public one" in said
        assert "give the signer key 'audit keygen' wrote" in said
    assert signed.run("audit", "digest").stdout == before


@pytest.mark.parametrize(
    "content",
    [b"Minutes of the IC, 7 December\n", b"\xff\xfe not UTF-8", b""],
    ids=["a text", "not UTF-8", "empty"],
)
def test_a_key_file_holding_no_key_is_bad_usage_when_signing_as_when_checking(
    signed: Signed, tmp_path: Path, content: bytes
) -> None:
    # The same wrong file given as --key: 'audit verify-receipt' said exit 2 (bad usage, as
    # a key typed wrong is), 'audit checkpoint' exit 1, as if the ledger had refused it.
    receipt = tmp_path / "receipt.json"
    assert signed("audit", "prove", "3", "--out", str(receipt)).exit_code == 0
    assert signed.propose("PRJ-101").exit_code == 0  # a checkpoint signed would be kept
    wrong = tmp_path / "wrong.key"
    wrong.write_bytes(content)
    before = kept(signed.run.url)

    checked = signed("audit", "verify-receipt", str(receipt), "--key", str(wrong))
    signing = signed.run("audit", "checkpoint", "--key", str(wrong))
    exported = signed.run("audit", "export", "--out", "trail.csv", "--key", str(wrong))

    for result, kind in ((checked, "verifier"), (signing, "signing"), (exported, "signing")):
        said = " ".join(result.output.split())
        assert result.exit_code == 2, result.output
        assert f"Invalid value for '--key': {wrong} is not a {kind} key" in said
        # and which key to give: it named the rule (the form of a key) alone
        assert (
            "; give the verifier key 'audit keygen' printed (in the .pub file beside the signer "
            "key), as its text or the file's path"
            if kind == "verifier"
            else "; give the signer key 'audit keygen' wrote (signing.key, beside the .pub)"
        ) in said
        assert "Traceback" not in result.output
    assert kept(signed.run.url) == before
    assert not Path("trail.csv").exists()


def test_the_key_texts_say_which_they_are() -> None:
    signer = NoteSigner.generate("ledger.example.org/portfolio")

    with pytest.raises(KeyFormatError, match="it is a signer key"):
        NoteVerifier.from_text(signer.text())
    with pytest.raises(KeyFormatError, match="it is a verifier key"):
        NoteSigner.from_text(signer.verifier().text())
    with pytest.raises(KeyFormatError, match="does not begin with PRIVATE"):
        NoteSigner.from_text("not a key at all")
