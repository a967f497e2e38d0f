"""Receipts and consistency proofs: what an auditor keeps, and checks offline with a verifier key.

A **receipt** proves one event is in the ledger: the event's leaf data (its
chain record, ``record(p)`` of docs/verification.md), its leaf index
(``position - 1``), the tree size, the RFC 6962 inclusion proof, and the
signed checkpoint (the tree head) it is proven against.

A **consistency proof** proves a later checkpoint extends an earlier one:
every event the older tree head committed to is still there, unchanged and
in place, in the newer.

Both are JSON documents (read strictly: a key twice is refused) and both
are checked with nothing but the ledger's published verifier key. Here the
issuer builds them from stored hashes (:func:`build_receipt`,
:func:`build_consistency_proof`) and anyone verifies them
(:func:`verify_receipt`, :func:`verify_consistency`).
"""

from __future__ import annotations

import base64
import binascii
import struct
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Literal, Self, TypeVar
from uuid import UUID

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, model_validator

from portfolio_ledger.application.field_wording import worded
from portfolio_ledger.application.proof_errors import (
    HashStoreError,
    ProofError,
    ProofFailed,
    ProofUnavailable,
    ReceiptFormatError,
)
from portfolio_ledger.application.strict_json import JSONInputError, loads
from portfolio_ledger.application.tree import HASH_SIZE, HashReader, leaf_hash
from portfolio_ledger.audit.checkpoint import (
    MAX_TREE_SIZE,
    Checkpoint,
    open_checkpoint,
    read_checkpoint_unverified,
)
from portfolio_ledger.audit.documents import (
    CONSISTENCY_FORMAT,
    MAX_NOTE,
    RECEIPT_FORMAT,
    another_document,
    note_too_long,
)
from portfolio_ledger.audit.keys import NoteVerifier
from portfolio_ledger.audit.merkle import (
    check_consistency,
    check_inclusion,
    prove_consistency,
    prove_inclusion,
)

MAX_PROOF_HASHES = 128
"""More hashes than any proof over 2**63 leaves holds: longer lists are refused unread."""

_U32 = struct.Struct(">I")
_U64 = struct.Struct(">Q")
_Document = TypeVar("_Document", bound=BaseModel)


def _canonical_base64(text: str) -> str:
    try:
        decoded = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise ValueError("not base64") from None
    if base64.b64encode(decoded).decode("ascii") != text:
        raise ValueError("not canonical base64 (one text per value)")
    return text


def _base64_hash(text: str) -> str:
    if len(base64.b64decode(_canonical_base64(text))) != HASH_SIZE:
        raise ValueError(f"not a {HASH_SIZE}-byte hash")
    return text


Base64Data = Annotated[str, AfterValidator(_canonical_base64)]
Base64Hash = Annotated[str, AfterValidator(_base64_hash)]
Proof = Annotated[list[Base64Hash], Field(max_length=MAX_PROOF_HASHES)]
TreeSize = Annotated[int, Field(ge=1, le=MAX_TREE_SIZE)]
SignedNote = Annotated[str, Field(min_length=1, max_length=MAX_NOTE)]


class Receipt(BaseModel):
    """Proof that one event is in the ledger, against a signed checkpoint."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    format: Literal["portfolio-ledger/receipt/v1"] = RECEIPT_FORMAT
    origin: Annotated[str, Field(min_length=1)]
    position: TreeSize
    leaf_index: Annotated[int, Field(ge=0, le=MAX_TREE_SIZE)]
    tree_size: TreeSize
    leaf_data: Base64Data
    inclusion_proof: Proof
    checkpoint: SignedNote

    @model_validator(mode="after")
    def _index_is_position_less_one(self) -> Self:
        if self.leaf_index != self.position - 1:
            raise ValueError(
                f"leaf_index {self.leaf_index} is not position {self.position} less one"
            )
        if self.leaf_index >= self.tree_size:
            raise ValueError(
                f"leaf_index {self.leaf_index} is not in a tree of {self.tree_size} leaves"
            )
        return self

    @property
    def leaf_bytes(self) -> bytes:
        """The leaf data: the event's chain record."""
        return base64.b64decode(self.leaf_data)

    @property
    def proof_hashes(self) -> list[bytes]:
        """The inclusion proof's hashes, as bytes."""
        return [base64.b64decode(hash_) for hash_ in self.inclusion_proof]

    def to_json(self) -> str:
        """The receipt as a JSON document (what to hand the auditor)."""
        return self.model_dump_json(indent=2) + "\n"


class ConsistencyProof(BaseModel):
    """Proof that a newer signed checkpoint extends an older one."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    format: Literal["portfolio-ledger/consistency/v1"] = CONSISTENCY_FORMAT
    old_checkpoint: SignedNote
    new_checkpoint: SignedNote
    consistency_proof: Proof

    @property
    def proof_hashes(self) -> list[bytes]:
        """The consistency proof's hashes, as bytes."""
        return [base64.b64decode(hash_) for hash_ in self.consistency_proof]

    def to_json(self) -> str:
        """The proof as a JSON document."""
        return self.model_dump_json(indent=2) + "\n"


@dataclass(frozen=True, slots=True)
class ProvenEvent:
    """An event as its chain record states it."""

    position: int
    aggregate_id: UUID
    version: int
    topic: str
    state: bytes


@dataclass(frozen=True, slots=True)
class ProvenInclusion:
    """What a verified receipt proves: this event, at this position, under this tree head."""

    event: ProvenEvent
    checkpoint: Checkpoint


@dataclass(frozen=True, slots=True)
class ProvenConsistency:
    """What a verified consistency proof proves: the newer tree head extends the older."""

    old: Checkpoint
    new: Checkpoint


def read_record(data: bytes) -> ProvenEvent:
    """Decode a chain record (docs/verification.md), refusing any byte out of place."""
    try:
        (position,) = _U64.unpack_from(data, 0)
        aggregate = UUID(bytes=data[8:24])
        (version,) = _U64.unpack_from(data, 24)
        (topic_length,) = _U32.unpack_from(data, 32)
        topic_end = 36 + topic_length
        (state_length,) = _U64.unpack_from(data, topic_end)
        topic = data[36:topic_end].decode("utf-8")
    except (struct.error, ValueError):
        raise ProofFailed(
            "the leaf data is not a chain record: it is shorter than its fields say, or its "
            "topic is not UTF-8"
        ) from None
    state = data[topic_end + 8 :]
    if len(state) != state_length:
        raise ProofFailed(
            f"the leaf data is not a chain record: its state is {len(state)} bytes where "
            f"its length field says {state_length}"
        )
    return ProvenEvent(position, aggregate, version, topic, state)


def read_receipt(text: str | bytes) -> Receipt:
    """Read a receipt from its JSON document, refusing anything malformed or ambiguous."""
    return _read(Receipt, text, "receipt")


def read_consistency_proof(text: str | bytes) -> ConsistencyProof:
    """Read a consistency proof from its JSON document, refusing anything malformed."""
    return _read(ConsistencyProof, text, "consistency proof")


def build_receipt(
    *, leaf_data: bytes, leaf_index: int, checkpoint_note: str, reader: HashReader
) -> Receipt:
    """The receipt for the leaf at ``leaf_index``, proven against a checkpoint we signed."""
    _held(checkpoint_note, "receipt")
    checkpoint = read_checkpoint_unverified(checkpoint_note)
    proof = prove_inclusion(leaf_index, checkpoint.size, reader)
    # Never hand out a receipt that does not verify: check it against the root now.
    try:
        check_inclusion(
            leaf_hash=leaf_hash(leaf_data),
            index=leaf_index,
            size=checkpoint.size,
            proof=proof,
            root=checkpoint.root,
        )
    except ProofFailed:
        raise HashStoreError(
            f"the stored hashes do not prove this leaf at index {leaf_index} under the "
            f"checkpoint of {checkpoint.size} leaves: the leaf data is not the ledger's, or "
            "the hash store or the checkpoint does not match the ledger"
        ) from None
    return Receipt(
        origin=checkpoint.origin,
        position=leaf_index + 1,
        leaf_index=leaf_index,
        tree_size=checkpoint.size,
        leaf_data=base64.b64encode(leaf_data).decode("ascii"),
        inclusion_proof=[base64.b64encode(hash_).decode("ascii") for hash_ in proof],
        checkpoint=checkpoint_note,
    )


def build_consistency_proof(
    *, old_note: str, new_note: str, reader: HashReader
) -> ConsistencyProof:
    """The proof that the checkpoint ``new_note`` extends ``old_note`` (both ours, signed)."""
    for note in (old_note, new_note):
        _held(note, "consistency proof")
    old, new = read_checkpoint_unverified(old_note), read_checkpoint_unverified(new_note)
    if old.origin != new.origin:
        raise ProofError(
            f"the checkpoints are of two logs ({old.origin!r} and {new.origin!r}); a "
            "consistency proof is between two checkpoints of one"
        )
    proof = prove_consistency(old.size, new.size, reader)
    try:
        check_consistency(
            old_size=old.size, old_root=old.root, new_size=new.size, new_root=new.root, proof=proof
        )
    except ProofFailed:
        raise HashStoreError(
            f"the stored hashes do not prove the checkpoint of {new.size} leaves extends the "
            f"one of {old.size}: a checkpoint or the hash store does not match the ledger"
        ) from None
    return ConsistencyProof(
        old_checkpoint=old_note,
        new_checkpoint=new_note,
        consistency_proof=[base64.b64encode(hash_).decode("ascii") for hash_ in proof],
    )


def verify_receipt(receipt: Receipt, verifier_key: NoteVerifier | str) -> ProvenInclusion:
    """Check a receipt offline: the checkpoint's signature, then the event's inclusion under it."""
    verifier = _verifier(verifier_key)
    checkpoint = open_checkpoint(receipt.checkpoint, verifier)
    if checkpoint.origin != receipt.origin:
        raise ProofFailed(
            f"the receipt names the log {receipt.origin!r}, its checkpoint {checkpoint.origin!r}"
        )
    # The size must come from the signed checkpoint: a bare proof does not bind it.
    if checkpoint.size != receipt.tree_size:
        raise ProofFailed(
            f"the receipt states a tree of {receipt.tree_size} leaves; its signed checkpoint "
            f"is of {checkpoint.size}"
        )
    leaf = receipt.leaf_bytes
    event = read_record(leaf)
    if event.position != receipt.position:
        raise ProofFailed(
            f"the leaf data is the record of position {event.position}, not of position "
            f"{receipt.position} as the receipt states"
        )
    check_inclusion(
        leaf_hash=leaf_hash(leaf),
        index=receipt.leaf_index,
        size=checkpoint.size,
        proof=receipt.proof_hashes,
        root=checkpoint.root,
    )
    return ProvenInclusion(event, checkpoint)


def verify_consistency(
    proof: ConsistencyProof, verifier_key: NoteVerifier | str
) -> ProvenConsistency:
    """Check offline that the newer signed checkpoint extends the older one."""
    verifier = _verifier(verifier_key)
    old = open_checkpoint(proof.old_checkpoint, verifier)
    new = open_checkpoint(proof.new_checkpoint, verifier)
    if old.size > new.size:
        raise ProofFailed(
            f"the 'old' checkpoint ({old.size} leaves) is larger than the 'new' one "
            f"({new.size}); give them oldest first"
        )
    if old.size == 0:
        raise ProofFailed(
            "the older checkpoint is of an empty ledger, which every ledger extends: "
            "there is nothing to prove"
        )
    _check_recorded_times(old, new)
    check_consistency(
        old_size=old.size,
        old_root=old.root,
        new_size=new.size,
        new_root=new.root,
        proof=proof.proof_hashes,
    )
    return ProvenConsistency(old, new)


def _check_recorded_times(old: Checkpoint, new: Checkpoint) -> None:
    # The ledger's recorded clock never goes back along positions, so a later
    # tree head cannot end on an earlier time, and one tree size has one time.
    if old.recorded_at is None or new.recorded_at is None:
        return
    if old.size == new.size and old.recorded_at != new.recorded_at:
        raise ProofFailed(
            f"two checkpoints of the same {old.size} leaves state different recorded times "
            f"({_stamp(old.recorded_at)} and {_stamp(new.recorded_at)})"
        )
    if new.recorded_at < old.recorded_at:
        raise ProofFailed(
            f"the newer checkpoint's last event was recorded ({_stamp(new.recorded_at)}) "
            f"before the older's ({_stamp(old.recorded_at)})"
        )


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _verifier(key: NoteVerifier | str) -> NoteVerifier:
    return key if isinstance(key, NoteVerifier) else NoteVerifier.from_text(key)


def _read(model: type[_Document], text: str | bytes, what: str) -> _Document:
    try:
        data = loads(text)
    except JSONInputError as error:
        raise ReceiptFormatError(f"the {what} is not a JSON document: {error}") from None
    other = another_document(data, what)
    if other:
        raise ReceiptFormatError(other)
    try:
        return model.model_validate(data)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in problem['loc']) or 'the document'}: {worded(problem)}"
            for problem in error.errors()
        )
        raise ReceiptFormatError(f"the {what} cannot be read: {problems}") from None


def _held(note: str, holder: str) -> None:
    """Refuse, saying why and what to do, a checkpoint too long for the document made of it."""
    why = note_too_long(note, holder)
    if why is not None:
        raise ProofUnavailable(f"no {holder} can be made: {why}")
