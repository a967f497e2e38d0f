"""Receipts and consistency proofs: built from stored hashes, read strictly, verified offline."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest

from portfolio_ledger.application.chain import record_bytes
from portfolio_ledger.application.proof_errors import (
    HashStoreError,
    ProofFailed,
    ReceiptFormatError,
    SignatureError,
    UnsignedNoteError,
)
from portfolio_ledger.application.tree import tree_hash
from portfolio_ledger.audit import receipts as receipts_module
from portfolio_ledger.audit.checkpoint import Checkpoint, sign_checkpoint
from portfolio_ledger.audit.keys import NoteSigner
from portfolio_ledger.audit.receipts import (
    ConsistencyProof,
    Receipt,
    build_receipt,
    read_consistency_proof,
    read_receipt,
    read_record,
    verify_consistency,
    verify_receipt,
)
from tests.unit.proofs import ORIGIN, TOPIC, SyntheticLedger, recorded_at, synthetic_record

SIZE = 37


@pytest.fixture(scope="module")
def ledger() -> SyntheticLedger:
    return SyntheticLedger(SIZE)


def edited(document: Receipt | ConsistencyProof, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(document.to_json())
    data.update(changes)
    return data


def flip_first_bit(hash_: str) -> str:
    raw = bytearray(base64.b64decode(hash_))
    raw[0] ^= 1
    return base64.b64encode(bytes(raw)).decode()


def test_every_event_has_a_receipt_that_verifies_in_trees_of_several_sizes(
    ledger: SyntheticLedger,
) -> None:
    key = ledger.signer.verifier().text()
    for size in (1, 2, 3, 8, 16, 17, SIZE):
        for position in range(1, size + 1):
            receipt = read_receipt(ledger.receipt(position, size).to_json())

            proven = verify_receipt(receipt, key)

            assert proven.event.position == position
            assert proven.event.topic == TOPIC
            assert record_bytes(
                position,
                proven.event.aggregate_id.bytes,
                proven.event.version,
                proven.event.topic,
                proven.event.state,
            ) == synthetic_record(position)
            assert proven.checkpoint.size == size
            assert proven.checkpoint.recorded_at == recorded_at(size)


def test_a_receipt_document_has_the_fields_the_auditor_needs(ledger: SyntheticLedger) -> None:
    document = json.loads(ledger.receipt(5, 8).to_json())

    assert list(document) == [
        "format",
        "origin",
        "position",
        "leaf_index",
        "tree_size",
        "leaf_data",
        "inclusion_proof",
        "checkpoint",
    ]
    assert document["format"] == "portfolio-ledger/receipt/v1"
    assert (document["origin"], document["position"], document["leaf_index"]) == (ORIGIN, 5, 4)
    assert document["tree_size"] == 8
    assert len(document["inclusion_proof"]) == 3
    assert document["checkpoint"].startswith(f"{ORIGIN}\n8\n")


def tampered_receipts(ledger: SyntheticLedger) -> dict[str, dict[str, Any]]:
    receipt = ledger.receipt(6, 13)
    proof = receipt.inclusion_proof
    other = NoteSigner.generate(ORIGIN)
    other_checkpoint = sign_checkpoint(
        Checkpoint(ORIGIN, 13, tree_hash(13, ledger.store), recorded_at(13)), other
    )
    return {
        "flipped proof hash": edited(
            receipt, inclusion_proof=[proof[0], flip_first_bit(proof[1]), *proof[2:]]
        ),
        "proof hash removed": edited(receipt, inclusion_proof=proof[:-1]),
        "proof hash added": edited(receipt, inclusion_proof=[*proof, proof[0]]),
        "wrong index": edited(receipt, leaf_index=6, position=7),
        "wrong size": edited(receipt, tree_size=14),
        "leaf of another event": edited(
            receipt, leaf_data=base64.b64encode(synthetic_record(7)).decode()
        ),
        "leaf data altered": edited(
            receipt,
            leaf_data=base64.b64encode(synthetic_record(6).replace(b'"n": 6', b'"n": 9')).decode(),
        ),
        "altered checkpoint text": edited(
            receipt, checkpoint=receipt.checkpoint.replace("\n13\n", "\n14\n", 1)
        ),
        "checkpoint by another key": edited(receipt, checkpoint=other_checkpoint),
        "another origin": edited(receipt, origin="other.example.org/log"),
    }


@pytest.mark.parametrize(
    ("case", "error", "message"),
    [
        ("flipped proof hash", ProofFailed, "does not lead to the root hash"),
        ("proof hash removed", ProofFailed, "fewer than leaf 5"),
        ("proof hash added", ProofFailed, "more than leaf 5"),
        ("wrong index", ProofFailed, "record of position 6, not of position 7"),
        ("wrong size", ProofFailed, "signed checkpoint is of 13"),
        ("leaf of another event", ProofFailed, "record of position 7"),
        ("leaf data altered", ProofFailed, "does not lead to the root hash"),
        ("altered checkpoint text", SignatureError, "altered after signing"),
        ("checkpoint by another key", UnsignedNoteError, "is not signed by"),
        ("another origin", ProofFailed, "names the log 'other.example.org/log'"),
    ],
)
def test_a_tampered_receipt_is_refused_naming_the_problem(
    ledger: SyntheticLedger, case: str, error: type[Exception], message: str
) -> None:
    document = json.dumps(tampered_receipts(ledger)[case])
    with pytest.raises(error, match=message):
        verify_receipt(read_receipt(document), ledger.signer.verifier())


def test_a_receipt_checked_with_another_ledgers_key_is_refused(ledger: SyntheticLedger) -> None:
    stranger = NoteSigner.generate(ORIGIN).verifier()
    with pytest.raises(UnsignedNoteError, match=f"not signed by {ORIGIN}"):
        verify_receipt(ledger.receipt(1, 4), stranger)


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"extra": 1}, "extra: Extra inputs are not permitted"),
        ({"position": "5"}, 'position: must be a whole number, such as 3, not the text "5"'),
        ({"position": True}, "position: must be a whole number, such as 3, not true"),
        ({"tree_size": 0}, "tree_size: must be at least 1, not the number 0"),
        ({"leaf_index": 5}, "leaf_index 5 is not position 5 less one"),
        ({"position": 9, "leaf_index": 8}, "leaf_index 8 is not in a tree of 8 leaves"),
        ({"format": "portfolio-ledger/receipt/v2"}, "format: must be one of"),
        ({"leaf_data": "not base64!"}, "leaf_data: not base64"),
        ({"inclusion_proof": ["AAAA"]}, "inclusion_proof.0: not a 32-byte hash"),
        ({"inclusion_proof": ["A" * 42 + "B="]}, "not canonical base64"),
        ({"inclusion_proof": ["A" * 43 + "="] * 129}, "has 129 entries; at most 128 may"),
    ],
)
def test_a_malformed_receipt_document_is_refused_by_field(
    ledger: SyntheticLedger, change: dict[str, Any], problem: str
) -> None:
    document = json.dumps(edited(ledger.receipt(5, 8), **change))
    with pytest.raises(ReceiptFormatError) as refused:
        read_receipt(document)
    assert problem in str(refused.value)


def test_a_receipt_with_a_key_twice_is_refused(ledger: SyntheticLedger) -> None:
    document = (
        ledger.receipt(5, 8).to_json().replace('"position": 5,', '"position": 5, "position": 6,')
    )
    with pytest.raises(ReceiptFormatError, match="'position' is given twice"):
        read_receipt(document)
    with pytest.raises(ReceiptFormatError, match="not a JSON document"):
        read_receipt(b"\xff")
    with pytest.raises(ReceiptFormatError, match="the document: Input should be"):
        read_receipt("[]")


def test_a_receipt_is_never_built_for_data_the_tree_does_not_hold(ledger: SyntheticLedger) -> None:
    with pytest.raises(HashStoreError, match="the leaf data is not the ledger's"):
        build_receipt(
            leaf_data=synthetic_record(4),
            leaf_index=4,
            checkpoint_note=ledger.checkpoint(8),
            reader=ledger.store,
        )


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (1, 1),
        (1, 2),
        (1, 37),
        (2, 4),
        (4, 8),
        (8, 16),
        (16, 32),
        (3, 7),
        (5, 37),
        (32, 37),
        (37, 37),
    ],
)
def test_consistency_proofs_verify_between_any_two_checkpoints(
    ledger: SyntheticLedger, old: int, new: int
) -> None:
    proof = read_consistency_proof(ledger.consistency(old, new).to_json())

    proven = verify_consistency(proof, ledger.signer.verifier().text())

    assert (proven.old.size, proven.new.size) == (old, new)
    assert proven.new.root == tree_hash(new, ledger.store)


def test_a_tampered_consistency_proof_is_refused(ledger: SyntheticLedger) -> None:
    proof = ledger.consistency(5, 20)
    hashes = proof.consistency_proof
    key = ledger.signer.verifier()
    cases: list[tuple[dict[str, Any], type[Exception], str]] = [
        (
            edited(proof, consistency_proof=[flip_first_bit(hashes[0]), *hashes[1:]]),
            ProofFailed,
            "root hash of the older tree",
        ),
        (edited(proof, consistency_proof=hashes[:-1]), ProofFailed, "fewer than 5 to 20"),
        (
            edited(proof, old_checkpoint=proof.new_checkpoint, new_checkpoint=proof.old_checkpoint),
            ProofFailed,
            "give them oldest first",
        ),
        (edited(proof, old_checkpoint=ledger.checkpoint(6)), ProofFailed, "more than 6 to 20"),
        (
            edited(proof, new_checkpoint=ledger.checkpoint(21)),
            ProofFailed,
            r"root hash of the newer tree \(21 leaves\)",
        ),
        (
            edited(proof, new_checkpoint=proof.new_checkpoint.replace("\n20\n", "\n21\n")),
            SignatureError,
            "altered after signing",
        ),
    ]
    for document, error, message in cases:
        with pytest.raises(error, match=message):
            verify_consistency(read_consistency_proof(json.dumps(document)), key)
    with pytest.raises(UnsignedNoteError):
        verify_consistency(proof, NoteSigner.generate(ORIGIN).verifier())


def test_checkpoints_whose_recorded_times_disagree_are_refused(ledger: SyntheticLedger) -> None:
    signer = ledger.signer
    root = tree_hash(9, ledger.store)
    early = sign_checkpoint(Checkpoint(ORIGIN, 9, root, recorded_at(2)), signer)
    late = sign_checkpoint(Checkpoint(ORIGIN, 9, root, recorded_at(9)), signer)
    same_size = ConsistencyProof(old_checkpoint=late, new_checkpoint=early, consistency_proof=[])
    backwards = ConsistencyProof(
        old_checkpoint=ledger.checkpoint(5),
        new_checkpoint=early,
        consistency_proof=ledger.consistency(5, 9).consistency_proof,
    )
    with pytest.raises(ProofFailed, match="same 9 leaves state different recorded times"):
        verify_consistency(same_size, signer.verifier())
    with pytest.raises(ProofFailed, match=r"recorded \(.*\) before the older's"):
        verify_consistency(backwards, signer.verifier())


def test_an_empty_ledgers_checkpoint_proves_nothing(ledger: SyntheticLedger) -> None:
    proof = ConsistencyProof(
        old_checkpoint=ledger.checkpoint(0),
        new_checkpoint=ledger.checkpoint(3),
        consistency_proof=[],
    )
    with pytest.raises(ProofFailed, match="nothing to prove"):
        verify_consistency(proof, ledger.signer.verifier())


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (synthetic_record(3)[:-1], "its state is 26 bytes where its length field says 27"),
        (synthetic_record(3) + b" ", "its state is 28 bytes"),
        (synthetic_record(3)[:30], "shorter than its fields say"),
        (b"", "shorter than its fields say"),
    ],
)
def test_leaf_data_that_is_not_a_chain_record_is_refused(data: bytes, problem: str) -> None:
    with pytest.raises(ProofFailed, match=problem):
        read_record(data)


def test_every_public_name_is_documented() -> None:
    for name in dir(receipts_module):
        value = getattr(receipts_module, name)
        if (
            not name.startswith("_")
            and getattr(value, "__module__", None) == receipts_module.__name__
        ):
            assert value.__doc__, name
