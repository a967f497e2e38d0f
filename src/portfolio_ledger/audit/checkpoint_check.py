"""The ledger against signed checkpoints: are its events the signed ones, and all signed.

Verification grows the Merkle tree from the events and keeps its root at the
size of each checkpoint to check: the one given (from the minutes, say) and
the ledger's own, kept as it signed them. Each must still match. With a
verifier key, each must also carry a good signature by it, and every
position must be in one of them: a position after the last is one nobody
with the key vouched for, such as an event appended through SQL.

A checkpoint whose root no longer matches says only that something at or
before its size changed; the ledger's own checkpoints narrow it down to the
span between the last that still matches and the first that does not.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from portfolio_ledger.application.ledger import PortfolioLedger
from portfolio_ledger.application.proof_errors import ForgedCheckpoint
from portfolio_ledger.audit.checkpoint import (
    Checkpoint,
    kept_checkpoint,
    open_checkpoint,
    time_unlike,
)
from portfolio_ledger.audit.digest import Digest
from portfolio_ledger.audit.keys import NoteVerifier
from portfolio_ledger.audit.problems import Problem, positions_after, recorded_note
from portfolio_ledger.audit.verify import Progress, Verification, verify
from portfolio_ledger.domain.counts import events, first_events


@dataclass(frozen=True, slots=True)
class SignedHeads:
    """The checkpoints to hold the ledger to: the one given, and the ledger's own."""

    given: Checkpoint | None
    kept: list[Checkpoint]
    """The ledger's own (under the key, if one was given), smallest first."""
    verifier: NoteVerifier | None
    forged: Problem | None = None
    """A kept checkpoint that is not what the ledger kept: not a checkpoint, not of its row's
    size, or (under the key) with a signature that does not verify."""

    @property
    def sizes(self) -> set[int]:
        """Every tree size whose root verification must compute."""
        return {head.size for head in self.all}

    @property
    def all(self) -> list[Checkpoint]:
        """The given checkpoint and the kept ones, smallest first."""
        heads = [*self.kept, *([] if self.given is None else [self.given])]
        return sorted(heads, key=lambda head: head.size)


@dataclass(frozen=True, slots=True)
class CheckpointVerdict:
    """What the checkpoints proved: positions 1 to ``covered`` are signed and unchanged."""

    covered: int
    problem: Problem | None = None
    latest: Checkpoint | None = None
    signed: bool = False
    """Whether the checkpoints' signatures were checked (a verifier key was given)."""


def signed_heads(
    ledger: PortfolioLedger, given_note: str | None, verifier: NoteVerifier | None
) -> SignedHeads:
    """Open the checkpoint given (its signature checked) and read the ledger's own.

    Raises :class:`ProofError` if the checkpoint given is not one signed by
    the verifier key.
    """
    given = None
    if given_note is not None:
        assert verifier is not None, "a checkpoint is checked with a verifier key"
        given = open_checkpoint(given_note, verifier)
    key = None if verifier is None else verifier.key_id
    kept = []
    for issued in ledger.checkpoints.issued_checkpoints(key):
        try:
            kept.append(kept_checkpoint(issued, verifier))
        except ForgedCheckpoint as error:
            forged = Problem(issued.tree_size, "forged checkpoint", str(error))
            return SignedHeads(given, kept, verifier, forged)
    return SignedHeads(given, kept, verifier)


def verify_ledger(
    ledger: PortfolioLedger,
    *,
    digest: Digest | None = None,
    given_note: str | None = None,
    verifier: NoteVerifier | None = None,
    progress: Progress | None = None,
) -> tuple[Verification, CheckpointVerdict | None]:
    """The chain, the tree and the checkpoints, checked against the events in one pass.

    The verdict on the checkpoints comes only once the chain and tree verify.
    Raises :class:`ProofError` if the checkpoint given does not verify.
    """
    end = ledger_end(ledger)  # first: a checkpoint signed after it signs events appended since
    heads = signed_heads(ledger, given_note, verifier)
    total = max({end, *heads.sizes})  # beyond the events if they were removed: judge says so
    result = verify(
        ledger.chain,
        digest=digest,
        total=total,
        progress=progress,
        recorded_at=ledger.recorded_at,
        tree=ledger.tree,
        roots_at={end, *heads.sizes},  # end: where the walk stops if the events were removed
        signed=max(heads.sizes, default=0),
        until=total,
    )
    return result, judge(heads, result, ledger.recorded_at) if result.ok else None


def ledger_end(ledger: PortfolioLedger) -> int:
    """The ledger's last position now: of its events, chain links and tree rows, the highest.

    Verification walks up to it, so a decision another process records
    meanwhile is neither walked half-way nor taken for a link or a tree row
    with no event; one deleted at the end, its link or tree row left, is still in range.
    """
    link = ledger.chain.chain_head()
    _, row, _ = ledger.tree.tree_span()
    return max(ledger.event_count(), 0 if link is None else link.position, row or 0)


def judge(
    heads: SignedHeads,
    verification: Verification,
    recorded_at: Callable[[int], datetime | None] | None = None,
) -> CheckpointVerdict:
    """Hold the verified events to the checkpoints; with a key, require every position signed.

    ``recorded_at``: when the event at a position was recorded, which a checkpoint's
    recorded line must say (docs/verification.md, *The recorded line*).
    """
    if heads.forged is not None:
        return CheckpointVerdict(0, heads.forged)
    last = verification.checked
    good: Checkpoint | None = None
    for head in heads.all:
        if head.size > last:
            return CheckpointVerdict(0, _beyond(head, last), good)
        if verification.roots.get(head.size) != head.root:
            return CheckpointVerdict(0, _unmatched(heads, head, good, verification, recorded_at))
        # The given one only: the ledger's own would cost an event's read each.
        moved = _time_unlike(head, recorded_at) if head is heads.given and recorded_at else None
        if moved is not None:
            return CheckpointVerdict(0, moved, good)
        good = head
    covered = 0 if good is None else good.size
    if heads.verifier is not None and covered < last:
        return CheckpointVerdict(covered, _unsigned(covered, last, heads.verifier), good)
    return CheckpointVerdict(covered, None, good, signed=heads.verifier is not None)


def _time_unlike(head: Checkpoint, recorded_at: Callable[[int], datetime | None]) -> Problem | None:
    """A checkpoint given whose root holds but whose recorded line is not its last event's time.

    Signed with the key (it was checked), so edited and signed again by a key holder, or
    another ledger's: the ledger's own are not read here, an event each (``--every 1``
    keeps one a write), and one edited fails its signature (``forged checkpoint``).
    """
    recorded = time_unlike(head, recorded_at)
    if recorded is None or head.recorded_at is None:
        return None
    return Problem(
        head.size,
        "checkpoint time altered",
        f"the events give the root hash of the checkpoint of {events(head.size)}, but it says "
        f"position {head.size:,} was recorded at {head.recorded_at:%Y-%m-%dT%H:%M:%SZ}, and the "
        f"ledger's event there was recorded at {recorded:%Y-%m-%dT%H:%M:%SZ}: the events are as "
        "the checkpoint signs them, but not its recorded line; it was edited and signed "
        "again with the key, or is another ledger's (one that shares the key): check where it "
        "came from",
        events_intact=True,
    )


def _unmatched(
    heads: SignedHeads,
    head: Checkpoint,
    good: Checkpoint | None,
    verification: Verification,
    recorded_at: Callable[[int], datetime | None] | None,
) -> Problem:
    """A checkpoint whose root the events no longer give: rewritten, or another ledger's."""
    problem = _rewritten(head, good, signed=heads.verifier is not None)
    if head is not heads.given:
        return problem
    own = _own_still_holding(heads, head, verification)
    if own is not None:
        return _own_holds(problem, own)
    return _elsewhere(problem, head, recorded_at)


def _elsewhere(
    problem: Problem,
    head: Checkpoint,
    recorded_at: Callable[[int], datetime | None] | None,
) -> Problem:
    """A rewrite, or, where its recorded line is not its last event's time, another ledger's.

    As a digest of another ledger is said (problems.rewritten_at): its root and its time
    both unlike this ledger's, the checkpoint given may be another ledger's, signed with
    its own key; the record is said altered only if it is this ledger's.
    """
    recorded = None if recorded_at is None else time_unlike(head, recorded_at)
    if recorded is None or head.recorded_at is None:
        return problem
    return Problem(
        problem.position,
        problem.kind,
        f"{problem.detail}; or the checkpoint given is another ledger's (or was edited): it "
        f"says position {head.size:,} was recorded at {head.recorded_at:%Y-%m-%dT%H:%M:%SZ}, "
        f"the ledger's event there at {recorded:%Y-%m-%dT%H:%M:%SZ}",
        elsewhere="checkpoint",
    )


def _own_still_holding(
    heads: SignedHeads, given: Checkpoint, verification: Verification
) -> Checkpoint | None:
    """The ledger's own checkpoint at or after ``given``'s size, if all of those still hold."""
    after = [own for own in heads.kept if given.size <= own.size <= verification.checked]
    if after and all(verification.roots.get(own.size) == own.root for own in after):
        return after[0]
    return None


def _own_holds(problem: Problem, own: Checkpoint) -> Problem:
    """A rewrite still, though the ledger's own checkpoint holds: say both ways it can be.

    The rows of the ledger's own checkpoints can be deleted without the key, and the
    next 'audit checkpoint' by anyone holding it then signs the rewritten history: that
    its own hold never clears the ledger. Only the checkpoint's provenance can.
    """
    return Problem(
        problem.position,
        problem.kind,
        f"{problem.detail}. The ledger's own checkpoint of {events(own.size)}"
        f"{recorded_note(own.recorded_at)} still matches the events, as after any rewrite "
        "once the rows of the checkpoints it broke are deleted (no key needed) and a key "
        "holder signs again with 'audit checkpoint'. Only if the checkpoint given is another "
        "ledger's, signed with "
        "the same key (every ledger one user signs with the default key shares it), was "
        "nothing altered: check where the checkpoint given came from",
    )


def _beyond(head: Checkpoint, last: int) -> Problem:
    signs = first_events(head.size)
    holds = (
        "none: every event was" if last == 0 else f"only {last:,}: the events after {last:,} were"
    )
    return Problem(
        last + 1,
        "missing",
        f"a checkpoint signs the ledger's {signs}, but it holds {holds} removed since it "
        "was signed",
    )


def _rewritten(head: Checkpoint, good: Checkpoint | None, *, signed: bool) -> Problem:
    # A good one of its size or larger is the ledger's own, told of by _own_holds.
    earlier = good if good is not None and good.size < head.size else None
    start = 1 if earlier is None else earlier.size + 1
    still = "" if earlier is None else f"; the checkpoint of {events(earlier.size)} still matches"
    whose = "signed" if signed else "one the ledger kept; its signature not checked without --key"
    unless = (
        ""
        if signed
        else ". Or the checkpoint's row was edited, which only its signature can tell: run "
        "again with --key (the ledger's verifier key), which names such a row a forged checkpoint"
    )
    return Problem(
        start,
        "rewritten",
        f"the events no longer give the root hash of the checkpoint of {events(head.size)} "
        f"({whose}){still}: an event from position {start:,} to {head.size:,} was changed, "
        "removed or inserted after it was signed, and the chain links and tree rows after "
        f"it recomputed to hide it{unless}",
    )


def _unsigned(covered: int, last: int, verifier: NoteVerifier) -> Problem:
    return Problem(
        covered + 1,
        "not signed",
        f"{positions_after(covered, last)} in no checkpoint signed by {verifier.key_id}: "
        "nobody with the signing key vouched for what is there. If the application recorded "
        "it, sign it with 'portfolio-ledger audit checkpoint'; if it did not (a writer "
        "without the key appending through SQL, say), it is forged",
    )
