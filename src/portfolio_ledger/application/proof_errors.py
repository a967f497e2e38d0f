"""Errors of the Merkle proofs, signed checkpoints and receipts: each names what is wrong."""

from __future__ import annotations

from portfolio_ledger.domain.errors import LedgerError


class ProofError(LedgerError):
    """Base of every refusal by the Merkle tree, the checkpoints and the receipts."""


class ProofFailed(ProofError):  # noqa: N818 - a verdict on evidence, not a fault
    """An inclusion or consistency proof that does not verify."""


class ProofUnavailable(ProofError):  # noqa: N818 - a refusal, not a fault
    """A proof asked for that cannot exist (a leaf beyond the tree, sizes out of order)."""


class HashStoreError(ProofError):
    """The stored hashes did not answer as the tree's layout requires: storage is damaged."""


class KeyFormatError(ProofError):
    """A signer or verifier key text that is not in the signed-note key format."""


class KeyFileNamedWrongly(KeyFormatError):  # noqa: N818 - named for what the user gave
    """A key file named by ``--key`` (or its variable) that holds no key of the kind wanted.

    Bad usage (exit 2), as a key typed wrong is: the verifier key's ``--key`` takes its
    text or its file alike. Still a :class:`ProofError`, so a signer that tolerates a
    missing key (an export with none given, signing at each write) says why and goes on.
    """

    usage = True


class NoteFormatError(ProofError):
    """A signed note that cannot be read: not UTF-8, control characters, no signature block."""


class UnsignedNoteError(ProofError):
    """A signed note that carries no signature by the key it is checked against."""


class SignatureError(ProofError):
    """A signature by the expected key that does not verify: the text or signature was altered."""


class CheckpointFormatError(ProofError):
    """A note text that is not a checkpoint body as C2SP tlog-checkpoint defines it."""


class ReceiptFormatError(ProofError):
    """A receipt or consistency-proof document that cannot be read as one."""


class ForgedCheckpoint(ProofError):  # noqa: N818 - a finding, named for what the user learns
    """A checkpoint row of the ledger's table that is not what the ledger kept there."""
