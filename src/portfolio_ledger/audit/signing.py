"""Signing checkpoints: by hand (``audit checkpoint``), and as the ledger appends (every N events).

A checkpoint is signed under the append lock, in the transaction that keeps
it, so nothing is appended between reading the head and signing it. Before
it signs, the ledger vouches for what it signs: the latest checkpoint it
kept under the same key must still verify and still match the stored tree
(else the signed history was rewritten, and nothing is signed), and every
tree row after it must be what the events give.

Signing automatically every ``N`` events (``audit checkpoint --every N``, kept
as the ledger's setting ``checkpoint_every``) happens in the appending
transaction itself. With ``N = 1`` it refuses to sign over positions that no
checkpoint covers and that this append did not write: they were appended by
a writer without the key, perhaps behind the ledger's back, and someone
must look at them (``audit verify --checkpoint``) and sign by hand.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from portfolio_ledger.application.ledger import PortfolioLedger
from portfolio_ledger.application.ports import Head, IssuedCheckpoint, TreeBuilt
from portfolio_ledger.application.proof_errors import ForgedCheckpoint, ProofError
from portfolio_ledger.application.tree import Frontier, tree_hash
from portfolio_ledger.domain.counts import events

if TYPE_CHECKING:  # imported where used: appending with signing off needs no cryptography
    from portfolio_ledger.audit.checkpoint import Checkpoint
    from portfolio_ledger.audit.keys import NoteSigner, NoteVerifier

EVERY = "checkpoint_every"
"""The setting: sign a checkpoint automatically once this many events are unsigned (0: never)."""

_RECHECK_PAGE = 5000


class SigningRefused(ProofError):  # noqa: N818 - a refusal the user acts on
    """The ledger will not sign a checkpoint as it stands."""


@dataclass(frozen=True, slots=True)
class Issued:
    """A checkpoint signed and kept: the note, what it states, and what signing it covered."""

    kept: IssuedCheckpoint
    checkpoint: Checkpoint
    newly_signed: int
    """Positions no earlier checkpoint by this key covered."""
    built: TreeBuilt | None = None
    """The tree built first, for a ledger recorded before it had one."""


def build_tree_if_missing(
    ledger: PortfolioLedger, progress: Callable[[int, int], None] | None = None
) -> TreeBuilt | None:
    """Build the tree of a ledger recorded before it had one (no tree rows at all), once."""
    if ledger.tree.tree_size() or not ledger.event_count():
        return None
    return ledger.tree.build_tree(progress)


def sign_checkpoint_now(
    ledger: PortfolioLedger,
    signer: NoteSigner,
    *,
    size: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Issued:
    """Sign and keep a checkpoint of the ledger's first ``size`` events (default: all of them)."""
    built = build_tree_if_missing(ledger, progress)
    with ledger.event_log.appending() as head:
        at = head.position if size is None else size
        if not 1 <= at <= head.position:
            raise SigningRefused(
                f"cannot sign a checkpoint of {events(at)}: the ledger holds {head.position:,}"
                + ("; record a decision first" if head.position == 0 else "")
            )
        if head.tree is None:
            raise SigningRefused(
                f"the ledger's Merkle tree does not reach its last event ({head.position:,}); "
                "run 'portfolio-ledger audit verify' to see why, and 'portfolio-ledger audit "
                "tree build' once it verifies"
            )
        largest = nothing_removed(ledger, signer.verifier(), head.position)
        last = largest if at == head.position else latest_signed(ledger, signer.verifier(), upto=at)
        vouch_for(ledger, last, at)
        issued = _sign(ledger, signer, head, at)
    covered = 0 if last is None else last.size
    return Issued(issued.kept, issued.checkpoint, max(at - covered, 0), built)


def latest_signed(
    ledger: PortfolioLedger, verifier: NoteVerifier, *, upto: int | None = None
) -> Checkpoint | None:
    """The largest checkpoint kept under this key (to ``upto``), its signature checked."""
    from portfolio_ledger.audit.checkpoint import kept_checkpoint

    kept = ledger.checkpoints.latest_checkpoint(verifier.key_id, upto)
    if kept is None:
        return None
    try:
        return kept_checkpoint(kept, verifier)
    except ForgedCheckpoint as error:
        raise SigningRefused(
            f"{error}. Nothing was signed; run 'portfolio-ledger audit verify "
            "--checkpoint FILE --key KEY' with the last checkpoint you trust"
        ) from None


def nothing_removed(
    ledger: PortfolioLedger, verifier: NoteVerifier, held: int
) -> Checkpoint | None:
    """The largest checkpoint kept under this key; refused if larger than the ``held`` events.

    Checkpoints up to the head alone were checked: the events after one deleted
    through SQL (their links and tree rows too), the rest was signed as if never more.
    """
    largest = latest_signed(ledger, verifier)
    if largest is not None and largest.size > held:
        raise SigningRefused(
            f"the ledger keeps a checkpoint of {events(largest.size)} signed with this key, "
            f"but holds only {held:,}: events were removed since it was signed. Nothing was "
            "signed; run 'portfolio-ledger audit verify --key KEY' to see where"
        )
    return largest


def vouch_for(ledger: PortfolioLedger, last: Checkpoint | None, size: int) -> None:
    """Refuse to sign unless the stored tree extends ``last`` by exactly what the events give."""
    after = 0 if last is None else min(last.size, size)
    if last is not None and tree_hash(last.size, ledger.tree) != last.root:
        raise SigningRefused(
            f"the ledger's tree no longer gives the root of the checkpoint of {last.size:,} "
            "events signed earlier with this key: the signed history was rewritten. Nothing "
            "was signed; run 'portfolio-ledger audit verify --checkpoint FILE --key KEY' with "
            "that checkpoint to find where"
        )
    frontier = Frontier.read(after, ledger.tree)
    while after < size:
        page = ledger.chain.select_chained(after, min(_RECHECK_PAGE, size - after))
        for event in page:
            row = b"".join(frontier.append(event.record()))
            if event.position != after + 1 or event.tree_row != row:
                raise SigningRefused(
                    f"the tree row at position {after + 1:,} is not what the events give, so "
                    "the ledger will not sign over it. Nothing was signed; run "
                    "'portfolio-ledger audit verify' to see what is wrong there"
                )
            after = event.position
        if not page:
            break


def _sign(ledger: PortfolioLedger, signer: NoteSigner, head: Head, size: int) -> Issued:
    """Sign the tree head at ``size`` and keep it, in the open appending transaction."""
    from portfolio_ledger.audit.checkpoint import Checkpoint, sign_checkpoint

    assert head.tree is not None
    if size == head.position:
        root, recorded = head.tree.root(), head.recorded_at
    else:
        root, recorded = tree_hash(size, ledger.tree), ledger.recorded_at(size)
    checkpoint = Checkpoint(signer.name, size, root, recorded)
    kept = ledger.checkpoints.keep_checkpoint(
        IssuedCheckpoint(
            tree_size=size,
            key_id=signer.verifier().key_id,
            note=sign_checkpoint(checkpoint, signer),
            issued_at=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        )
    )
    return Issued(kept, checkpoint, 0)


class SettingAltered(ProofError):  # noqa: N818 - a finding the user acts on
    """The signing setting holds a value portfolio-ledger never writes."""

    def __init__(self, value: str) -> None:
        super().__init__(
            f"the ledger's setting {EVERY} (table portfolio_ledger_settings) is {value[:40]!r}, "
            "which portfolio-ledger never writes: it was changed outside portfolio-ledger, so "
            "whether and how often to sign cannot be told. Check the ledger with "
            "'portfolio-ledger audit verify --checkpoint FILE --key KEY', then set it again "
            "with 'portfolio-ledger audit checkpoint --every N'"
        )


def every(ledger: PortfolioLedger) -> int:
    """How many unsigned events make the ledger sign a checkpoint as it appends (0: never).

    A value ``audit checkpoint --every`` never writes (not a whole number: ``-5``,
    ``abc``, empty, thousands of digits) is refused, not read as 0: read so, it turned
    signing off with no word at any write.
    """
    value = ledger.checkpoints.setting(EVERY)
    if value is None:
        return 0
    if not (value.isascii() and value.isdigit()):
        raise SettingAltered(value)
    try:
        return int(value)
    except ValueError:  # more digits than Python reads (4,300), which --every cannot be given
        raise SettingAltered(value) from None


class AutoSigner:
    """Signs a checkpoint in the appending transaction once ``every`` events are unsigned.

    Never makes an append fail for want of a key or of a clean tree: it
    records a warning instead (see :attr:`warnings`), and the events are
    kept unsigned until someone signs them by hand.
    """

    def __init__(self, ledger: PortfolioLedger, load_signer: Callable[[], NoteSigner]) -> None:
        self.ledger = ledger
        self.load_signer = load_signer
        self.warnings: list[str] = []
        self._every: int | None = None
        self._signer: NoteSigner | ProofError | None = None

    def __call__(self, before: int, head: Head) -> None:
        """After an append: sign the head if it is due."""
        if self._every is None:
            try:
                self._every = every(self.ledger)
            except SettingAltered as altered:
                self._every = 0
                self._warn(f"position {head.position:,} was recorded but not signed: {altered}")
        if self._every == 0:
            return
        if self._signer is None:
            try:
                self._signer = self.load_signer()
            except ProofError as error:
                self._signer = error
        signer = self._signer
        if isinstance(signer, ProofError):
            self._unsigned_for_want_of_a_key(head, str(signer))
            return
        try:
            self._sign_if_due(signer, before, head)
        except SigningRefused as refused:
            self._warn(f"position {head.position:,} was recorded but not signed: {refused}")

    def _sign_if_due(self, signer: NoteSigner, before: int, head: Head) -> None:
        last = nothing_removed(self.ledger, signer.verifier(), head.position)  # none beyond it
        covered = 0 if last is None else last.size
        if head.position - covered < (self._every or 1):
            return
        if self._every == 1 and covered != before:
            raise SigningRefused(_gap(covered, before))
        if head.tree is None:
            raise SigningRefused("the ledger has no Merkle tree yet ('audit tree build')")
        vouch_for(self.ledger, last, head.position)
        _sign(self.ledger, signer, head, head.position)

    def _unsigned_for_want_of_a_key(self, head: Head, why: str) -> None:
        latest = self.ledger.checkpoints.latest_checkpoint()
        covered = 0 if latest is None else latest.tree_size
        if head.position - covered >= (self._every or 1):
            from portfolio_ledger.audit.problems import positions_after

            unsigned = positions_after(covered, head.position)
            self._warn(
                f"the ledger signs a checkpoint every {self._every} event"
                f"{'s' if self._every != 1 else ''}, but {why}; {unsigned} unsigned. Sign "
                "with 'portfolio-ledger audit checkpoint --key PATH'"
            )

    def _warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)


def _gap(covered: int, before: int) -> str:
    from portfolio_ledger.audit.problems import positions_after

    return (
        f"{positions_after(covered, before)} from before this write, and no checkpoint covers "
        "them (the ledger signs every write, so they were written by a "
        "writer without the key, or behind the ledger's back). Check them with "
        "'portfolio-ledger audit verify --checkpoint FILE --key KEY' against the last "
        "checkpoint you trust, then sign by hand with 'portfolio-ledger audit checkpoint'"
    )
