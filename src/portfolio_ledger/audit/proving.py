"""Issuing receipts and consistency proofs from the ledger's stored tree.

A receipt proves one event against a checkpoint the ledger signed (the one
given, or the latest it kept); a consistency proof, that a later checkpoint
extends an earlier one. Both are refused, naming why, unless the ledger's
tree still gives the checkpoints' roots: a proof the ledger issues always
verifies.
"""

from __future__ import annotations

from uuid import UUID

from portfolio_ledger.application.ledger import PortfolioLedger
from portfolio_ledger.application.proof_errors import ProofUnavailable
from portfolio_ledger.application.tree import tree_hash
from portfolio_ledger.audit.checkpoint import (
    Checkpoint,
    kept_note,
    read_checkpoint_unverified,
    time_unlike,
)
from portfolio_ledger.audit.receipts import (
    ConsistencyProof,
    Receipt,
    build_consistency_proof,
    build_receipt,
)
from portfolio_ledger.domain.counts import among_events, events
from portfolio_ledger.domain.keys import (
    board_id,
    delegation_id,
    item_id,
    normalise_key,
    normalise_person_key,
    person_id,
)


def position_of(ledger: PortfolioLedger, key: str, version: int) -> int:
    """The ledger position of the event that made version ``version`` of the subject ``key``.

    The key may name an item, a board, a delegation or a person; the chain
    says where that aggregate's version was linked. Where two subjects share
    the key (a person ``ic``, kept in lower case, and the board ``IC``, in
    upper), the one spelt as given is meant, as ``audit trail --item`` reads
    it; a spelling that is neither names both, and is refused.
    """
    upper, lower = normalise_key(key), normalise_person_key(key)
    candidates: dict[str, tuple[str, UUID]] = {
        f"item {upper}": (upper, item_id(upper)),
        f"board {upper}": (upper, board_id(upper)),
        f"delegation {upper}": (upper, delegation_id(upper)),
        f"person {lower}": (lower, person_id(lower)),
    }
    found = {
        name: (spelt, position)
        for name, (spelt, aggregate) in candidates.items()
        if (position := ledger.chain.chained_position(aggregate, version)) is not None
    }
    spelt_as_given = [at for spelt, at in found.values() if spelt == key.strip()]
    if len(found) == 1 or len(spelt_as_given) == 1:
        return spelt_as_given[0] if spelt_as_given else next(iter(found.values()))[1]
    if found:
        raise ProofUnavailable(
            f"{key} names more than one subject with a version {version} "
            f"({', '.join(f'{name} at position {at:,}' for name, (_, at) in found.items())}); "
            "give the key as it is spelt (as 'audit trail' shows it), or the position instead"
        )
    raise ProofUnavailable(
        f"no event made version {version} of {key!r} (an item, board, delegation or person "
        f"key); 'portfolio-ledger audit trail --item {key}' lists its versions and positions"
    )


def prove_event(ledger: PortfolioLedger, position: int, checkpoint_note: str | None) -> Receipt:
    """The receipt for the event at ``position``, against the checkpoint given or the latest."""
    held = ledger.tree.tree_size()
    if position > held:  # no checkpoint signed or to be signed holds it
        raise ProofUnavailable(
            f"the ledger has no event at position {position:,}: it holds {events(held)}; "
            "'portfolio-ledger audit trail' lists their positions"
            if held or ledger.event_count()
            else f"the ledger has no event at position {position:,}: it holds none yet, so "
            "there is nothing to prove; check --db (or PORTFOLIO_LEDGER_DB) names the ledger "
            "the decision was recorded in"
        )
    note = checkpoint_note or _latest_note(ledger, position)
    checkpoint = read_checkpoint_unverified(note)
    if not 1 <= position <= checkpoint.size:
        raise ProofUnavailable(
            f"position {position:,} is not {among_events(checkpoint.size)} the checkpoint "
            "signs; prove it against a later checkpoint ('portfolio-ledger audit checkpoint' "
            "signs one of every event now)"
        )
    _still_matches(ledger, checkpoint, "the checkpoint")
    (event,) = ledger.chain.select_chained(position - 1, 1)
    return build_receipt(
        leaf_data=event.record(),
        leaf_index=position - 1,
        checkpoint_note=note,
        reader=ledger.tree,
    )


def prove_extension(
    ledger: PortfolioLedger, old_note: str, new_note: str | None
) -> ConsistencyProof:
    """The proof that ``new_note`` (default: the latest checkpoint kept) extends ``old_note``."""
    old = read_checkpoint_unverified(old_note)
    new_note = new_note or _latest_note(ledger, old.size)
    new = read_checkpoint_unverified(new_note)
    if old.size > new.size:
        raise ProofUnavailable(
            f"the older checkpoint signs {events(old.size)}, more than the newer "
            f"({new.size:,}); give them oldest first"
        )
    _still_matches(ledger, old, "the older checkpoint")
    _still_matches(ledger, new, "the newer checkpoint")
    return build_consistency_proof(old_note=old_note, new_note=new_note, reader=ledger.tree)


def _latest_note(ledger: PortfolioLedger, at_least: int) -> str:
    latest = ledger.checkpoints.latest_checkpoint()
    if latest is None or latest.tree_size < at_least:
        have = "none" if latest is None else f"the latest is of {events(latest.tree_size)}"
        raise ProofUnavailable(
            f"the ledger has signed no checkpoint of {events(at_least)} or more ({have}); "
            "sign one with 'portfolio-ledger audit checkpoint', or give one with --checkpoint"
        )
    return kept_note(latest)


def _still_matches(ledger: PortfolioLedger, checkpoint: Checkpoint, what: str) -> None:
    size = ledger.tree.tree_size()
    if checkpoint.size > size:
        raise ProofUnavailable(
            f"{what} signs {events(checkpoint.size)} but the ledger's tree has "
            f"{size:,}: it is not a checkpoint of this ledger, or events were removed since"
        )
    if tree_hash(checkpoint.size, ledger.tree) != checkpoint.root:
        raise ProofUnavailable(
            f"the ledger's tree no longer gives the root hash {what} signs for its "
            f"{events(checkpoint.size)}: it is a checkpoint of another ledger, or this "
            "ledger's history was rewritten since it was signed. 'portfolio-ledger audit "
            "verify --checkpoint FILE --key KEY' says where"
        )
    _recorded_as_said(ledger, checkpoint, what)


def _recorded_as_said(ledger: PortfolioLedger, checkpoint: Checkpoint, what: str) -> None:
    """Refuse a checkpoint whose recorded line is not its last event's time (verification.md)."""
    recorded = time_unlike(checkpoint, ledger.recorded_at)
    if recorded is None:
        return
    said, size = checkpoint.recorded_at, checkpoint.size
    raise ProofUnavailable(
        f"{what} says position {size:,} was recorded at {said:%Y-%m-%dT%H:%M:%SZ}, but the "
        f"ledger's event there was recorded at {recorded:%Y-%m-%dT%H:%M:%SZ}: "
        "its root is this ledger's, but not its recorded line (edited and signed again, or "
        "another ledger's that shares the key); 'portfolio-ledger audit verify --checkpoint "
        "FILE --key KEY' says the same. Give the checkpoint the ledger signed"
    )
