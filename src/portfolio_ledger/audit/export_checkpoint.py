"""An export's manifest's signed checkpoint: of its digest, and (with a key) signed.

docs/verification.md, *Checking an export*, *With --key KEY*.
"""

from __future__ import annotations

from portfolio_ledger.application.proof_errors import ProofError
from portfolio_ledger.audit.checkpoint import (
    Checkpoint,
    open_checkpoint,
    read_checkpoint_unverified,
)
from portfolio_ledger.audit.keys import NoteVerifier
from portfolio_ledger.audit.manifest import Manifest
from portfolio_ledger.audit.verify_export import ExportInvalid
from portfolio_ledger.domain.counts import events


def against_checkpoint(
    manifest: Manifest, verifier: NoteVerifier | None, given_note: str | None
) -> tuple[Checkpoint | None, str | None]:
    """The manifest's checkpoint, signed by ``verifier``'s key, at the export's digest position.

    Without a key, only its form (:func:`checkpoint_form`): nothing is said, or proven.
    """
    if verifier is None:
        checkpoint_form(manifest)
        return None, None
    if manifest.checkpoint is None and manifest.ledger_digest.position == 0:
        raise ExportInvalid(
            "the export is of a ledger that held no events (its digest is at position 0), "
            "and no checkpoint is signed over none: there is no signed tree to prove it "
            "against, whatever key was at hand. Check it against a digest (--digest)"
        )
    if manifest.checkpoint is None:
        raise ExportInvalid(
            "the manifest holds no signed checkpoint (its checkpoint is null: the export was "
            "made with no signing key at hand, or over positions no checkpoint covered, or the "
            "manifest was edited since), so it cannot be proven against a signed tree. Export "
            "again where the key is at hand, or check it against a digest (--digest)"
        )
    which = "the manifest's checkpoint"  # named: the one given (--checkpoint) is read second
    try:
        checkpoint = open_checkpoint(manifest.checkpoint, verifier)
        which = "the checkpoint given (--checkpoint)"
        given = None if given_note is None else open_checkpoint(given_note, verifier)
    except ProofError as error:
        raise ExportInvalid(f"{which} does not verify with {verifier.key_id}: {error}") from None
    _of_its_digest(checkpoint, manifest)
    if given is not None and (given.size, given.root) != (checkpoint.size, checkpoint.root):
        raise ExportInvalid(
            f"the export was taken at the checkpoint of {events(checkpoint.size)}, not at the "
            f"one given ({events(given.size)}). Prove the two consistent with 'portfolio-ledger "
            "audit consistency', or give the checkpoint the export was taken at"
            if given.size != checkpoint.size
            else f"the export's checkpoint and the one given both sign {events(given.size)} "
            "but with different root hashes: they are of two different histories"
        )
    return checkpoint, (
        f"Checkpoint: the manifest's checkpoint of {events(checkpoint.size)} is signed by "
        f"{verifier.key_id}" + ("" if given is None else ", and is the one given") + "."
    )


def checkpoint_form(manifest: Manifest) -> None:
    """Without a key: the manifest's checkpoint, if any, is one of its digest, signed or not.

    Its signature needs the key; that it is a signed checkpoint at all, of the export's
    position and recorded when the digest says, needs none (docs/verification.md, *The
    manifest*): before, a manifest whose checkpoint was replaced passed every check without
    a key.
    """
    if manifest.checkpoint is None:
        return
    try:
        checkpoint = read_checkpoint_unverified(manifest.checkpoint)
    except ProofError as error:
        raise ExportInvalid(
            f"the manifest's checkpoint is not a signed checkpoint ({error}): the manifest "
            "was edited"
        ) from None
    _of_its_digest(checkpoint, manifest)


def _of_its_digest(checkpoint: Checkpoint, manifest: Manifest) -> None:
    """The checkpoint is of the export's position, and recorded when its digest says."""
    position = manifest.ledger_digest.position
    if checkpoint.size != position:
        raise ExportInvalid(
            f"the manifest's checkpoint signs {events(checkpoint.size)} but the export was "
            f"taken at position {position:,}: the manifest was edited"
        )
    _recorded_as_digest(checkpoint, manifest)


def _recorded_as_digest(checkpoint: Checkpoint, manifest: Manifest) -> None:
    """The checkpoint's ``recorded`` line is the digest's ``recorded=``: both say when event n was.

    The one check of the checkpoint against the digest that needs no ledger: a
    checkpoint of another history (or another ledger under the same key) signs
    the same size but names the time its own last event was recorded.
    """
    if checkpoint.recorded_at is None:  # a checkpoint signed before it had the line
        return
    digest = manifest.ledger_digest.digest()
    stamp = checkpoint.recorded_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    if stamp != digest.recorded:
        raise ExportInvalid(
            f"the manifest's checkpoint says its last event (position {checkpoint.size:,}) was "
            f"recorded {stamp}, but the manifest's digest says {digest.recorded}: the "
            "checkpoint is not of the history the export was taken from (the manifest was "
            "edited, or the checkpoint is another ledger's under the same key)"
        )
