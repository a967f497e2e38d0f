"""A verifier that is not ours: Go's sumdb note and tlog packages check our receipts and proofs.

tests/go/src/plverify is built in GOPATH mode against Debian's golang-go and
golang-golang-x-mod-dev, with no network. Every receipt and proof our Python
issues must pass it; every tampered one must fail it, as it fails ours.
"""

from __future__ import annotations

import base64
import json
import subprocess
from pathlib import Path
from typing import Any, Protocol

import pytest

from portfolio_ledger.application.proof_errors import ProofError
from portfolio_ledger.application.tree import tree_hash
from portfolio_ledger.audit.checkpoint import Checkpoint, sign_checkpoint
from portfolio_ledger.audit.keys import NoteSigner
from portfolio_ledger.audit.receipts import (
    read_consistency_proof,
    read_receipt,
    verify_consistency,
    verify_receipt,
)
from tests.go_verifier import build_plverify, run_plverify
from tests.unit.proofs import ORIGIN, SyntheticLedger, recorded_at

SIZES = (1, 2, 3, 7, 8, 16, 33, 100)
SIZE_PAIRS = (
    (1, 1),
    (1, 2),
    (1, 100),
    (2, 4),
    (4, 8),
    (8, 16),
    (16, 64),
    (64, 100),
    (3, 7),
    (7, 8),
    (33, 64),
    (100, 100),
)


class Verify(Protocol):
    """Runs the Go verifier on one document (and the ledger's key, unless another is given)."""

    def __call__(
        self, kind: str, document: str, key_text: str | None = None
    ) -> subprocess.CompletedProcess[str]: ...


@pytest.fixture(scope="module")
def plverify(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Go verifier, built once for this module."""
    return build_plverify(tmp_path_factory.mktemp("plverify"))


@pytest.fixture(scope="module")
def ledger() -> SyntheticLedger:
    return SyntheticLedger(max(SIZES))


@pytest.fixture
def verify(plverify: Path, ledger: SyntheticLedger, tmp_path: Path) -> Verify:
    """Run the Go verifier on one document with the ledger's verifier key."""
    key = tmp_path / "ledger.pub"
    key.write_text(ledger.signer.verifier().text() + "\n", encoding="utf-8")

    def run(
        kind: str, document: str, key_text: str | None = None
    ) -> subprocess.CompletedProcess[str]:
        path = tmp_path / f"{kind}.json"
        path.write_text(document, encoding="utf-8")
        key_file = key
        if key_text is not None:
            key_file = tmp_path / "other.pub"
            key_file.write_text(key_text + "\n", encoding="utf-8")
        return run_plverify(plverify, kind, key_file, path)

    return run


def positions(size: int) -> list[int]:
    return sorted({1, (size + 1) // 2, size})


@pytest.mark.parametrize("size", SIZES)
def test_go_verifies_receipts_for_the_first_middle_and_last_event(
    verify: Verify, ledger: SyntheticLedger, size: int
) -> None:
    for position in positions(size):
        result = verify("receipt", ledger.receipt(position, size).to_json())

        assert result.returncode == 0, result.stdout + result.stderr
        assert result.stdout.startswith(f"OK receipt: position {position} ")
        assert f"tree of {size} leaves" in result.stdout


@pytest.mark.parametrize(("old", "new"), SIZE_PAIRS)
def test_go_verifies_consistency_proofs_between_checkpoints(
    verify: Verify, ledger: SyntheticLedger, old: int, new: int
) -> None:
    result = verify("consistency", ledger.consistency(old, new).to_json())

    assert result.returncode == 0, result.stdout + result.stderr
    assert f"tree of {new} leaves" in result.stdout
    assert f"extends {ORIGIN} tree of {old} leaves" in result.stdout


def test_go_opens_a_signed_checkpoint(verify: Verify, ledger: SyntheticLedger) -> None:
    result = verify("checkpoint", ledger.checkpoint(33))

    assert result.returncode == 0, result.stdout + result.stderr
    root = Checkpoint.parse(ledger.checkpoint(33).split("\n\n")[0] + "\n").root
    assert "recorded 2026-11-30T09:33:00Z" in result.stdout
    assert base64.b64encode(root).decode() in result.stdout


def edit(document: str, **changes: Any) -> str:
    data: dict[str, Any] = json.loads(document)
    data.update(changes)
    return json.dumps(data)


def flip(hash_: str) -> str:
    raw = bytearray(base64.b64decode(hash_))
    raw[-1] ^= 0x80
    return base64.b64encode(bytes(raw)).decode()


def tampered_receipts(ledger: SyntheticLedger) -> dict[str, tuple[str, str]]:
    """Tampered receipts, each with what Go's verifier must say about it."""
    receipt = ledger.receipt(6, 13)
    document = receipt.to_json()
    proof = receipt.inclusion_proof
    # A genuine, signed checkpoint of 14 leaves, carrying the proof for 13:
    # tlog itself must refuse it (the receipt's own size cannot help).
    checkpoint14 = ledger.checkpoint(14)
    return {
        "flipped first proof hash": (
            edit(document, inclusion_proof=[flip(proof[0]), *proof[1:]]),
            "invalid transparency proof",
        ),
        "flipped last proof hash": (
            edit(document, inclusion_proof=[*proof[:-1], flip(proof[-1])]),
            "invalid transparency proof",
        ),
        "wrong index": (edit(document, leaf_index=6, position=7), "invalid transparency proof"),
        "wrong size": (edit(document, tree_size=14), "with 14 leaves; its checkpoint"),
        "proof against another size": (
            edit(document, tree_size=14, checkpoint=checkpoint14),
            "invalid transparency proof",
        ),
        "altered note text": (
            edit(document, checkpoint=receipt.checkpoint.replace("\n13\n", "\n12\n", 1)),
            "invalid signature",
        ),
        "leaf data of another event": (
            edit(document, leaf_data=read_receipt(ledger.receipt(7, 13).to_json()).leaf_data),
            "invalid transparency proof",
        ),
    }


@pytest.mark.parametrize(
    "case",
    [
        "flipped first proof hash",
        "flipped last proof hash",
        "wrong index",
        "wrong size",
        "proof against another size",
        "altered note text",
        "leaf data of another event",
    ],
)
def test_go_and_python_both_refuse_a_tampered_receipt(
    verify: Verify, ledger: SyntheticLedger, case: str
) -> None:
    document, go_says = tampered_receipts(ledger)[case]

    result = verify("receipt", document)

    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stdout.startswith("FAILED:")
    assert go_says in result.stdout
    with pytest.raises(ProofError):
        verify_receipt(read_receipt(document), ledger.signer.verifier())


def test_go_refuses_a_receipt_checked_with_the_wrong_key(
    verify: Verify, ledger: SyntheticLedger
) -> None:
    impostor = NoteSigner.generate(ORIGIN)
    document = ledger.receipt(3, 8).to_json()

    result = verify("receipt", document, impostor.verifier().text())

    assert result.returncode == 1
    assert "no verifiable signatures" in result.stdout


def test_go_refuses_a_receipt_signed_by_another_key(
    verify: Verify, ledger: SyntheticLedger
) -> None:
    impostor = NoteSigner.generate(ORIGIN)
    receipt = ledger.receipt(3, 8)
    forged = sign_checkpoint(
        Checkpoint(ORIGIN, 8, tree_hash(8, ledger.store), recorded_at(8)), impostor
    )

    result = verify("receipt", edit(receipt.to_json(), checkpoint=forged))

    assert result.returncode == 1
    assert "no verifiable signatures" in result.stdout


def test_go_and_python_both_refuse_tampered_consistency_proofs(
    verify: Verify, ledger: SyntheticLedger
) -> None:
    proof = ledger.consistency(5, 33)
    document = proof.to_json()
    hashes = proof.consistency_proof
    cases = {
        "flipped hash": (
            edit(document, consistency_proof=[*hashes[:-1], flip(hashes[-1])]),
            "invalid transparency proof",
        ),
        "hash removed": (
            edit(document, consistency_proof=hashes[:-1]),
            "invalid transparency proof",
        ),
        "wrong old size": (
            edit(document, old_checkpoint=ledger.checkpoint(6)),
            "invalid transparency proof",
        ),
        "wrong new size": (
            edit(document, new_checkpoint=ledger.checkpoint(34)),
            "invalid transparency proof",
        ),
        "swapped": (
            edit(
                document,
                old_checkpoint=proof.new_checkpoint,
                new_checkpoint=proof.old_checkpoint,
            ),
            "invalid inputs",
        ),
        "altered note text": (
            edit(document, new_checkpoint=proof.new_checkpoint.replace("\n33\n", "\n34\n")),
            "invalid signature",
        ),
    }
    for case, (tampered, go_says) in cases.items():
        result = verify("consistency", tampered)

        assert result.returncode == 1, f"{case}: {result.stdout}{result.stderr}"
        assert go_says in result.stdout, f"{case}: {result.stdout}"
        with pytest.raises(ProofError):
            verify_consistency(read_consistency_proof(tampered), ledger.signer.verifier())

    wrong_key = verify("consistency", document, NoteSigner.generate(ORIGIN).verifier().text())
    assert wrong_key.returncode == 1
    assert "no verifiable signatures" in wrong_key.stdout


def test_go_refuses_unknown_fields_and_a_malformed_key(
    verify: Verify, ledger: SyntheticLedger
) -> None:
    document = ledger.receipt(2, 4).to_json()

    unknown = verify("receipt", edit(document, note="trust me"))
    bad_key = verify("receipt", document, ledger.signer.verifier().text()[:-2])

    assert unknown.returncode == 1
    assert 'unknown field "note"' in unknown.stdout
    assert bad_key.returncode == 1
    assert "verifier key: malformed verifier id" in bad_key.stdout


def test_go_and_python_both_refuse_checkpoints_whose_recorded_times_disagree(
    verify: Verify, ledger: SyntheticLedger
) -> None:
    """Signed by the key, the proof good: the page holds the recorded lines to each other too.

    Go's verifier passed both (it checked the signatures and the proof alone)."""

    def signed(size: int, minute: int) -> str:
        head = Checkpoint(ORIGIN, size, tree_hash(size, ledger.store), recorded_at(minute))
        return sign_checkpoint(head, ledger.signer)

    proof = ledger.consistency(5, 33)
    cases = {
        "the newer recorded before the older": (
            edit(proof.to_json(), old_checkpoint=signed(5, 40)),
            "recorded before",
        ),
        "one size, two recorded times": (
            edit(ledger.consistency(7, 7).to_json(), old_checkpoint=signed(7, 8)),
            "different recorded times",
        ),
    }
    for case, (tampered, go_says) in cases.items():
        result = verify("consistency", tampered)

        assert result.returncode == 1, f"{case}: {result.stdout}{result.stderr}"
        assert go_says in result.stdout, f"{case}: {result.stdout}"
        with pytest.raises(ProofError):
            verify_consistency(read_consistency_proof(tampered), ledger.signer.verifier())
