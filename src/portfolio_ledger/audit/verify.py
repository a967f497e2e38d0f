"""Recompute the hash chain from the first event and say where, if anywhere, it breaks.

Verification reads the events in ledger order, a page at a time (memory
stays flat however long the ledger), beside the chain's record of each. It
stops at the first bad position and says what is wrong there:

- **changed**: the event stored there is the one the chain linked, but its
  stored bytes (or its link) no longer hash to the link;
- **missing**: the chain linked an event at that position and it is gone, or positions skip it;
- **inserted**: an event the chain never linked, or a chain record below position 1;
- **out of order**: an event the chain linked at another position.

A rewrite that also recomputes every later link leaves a self-consistent
chain; a digest taken before the rewrite catches it, because the link at the
digest's position no longer matches, and so does the Merkle tree, unless it
was rewritten too: the walk grows a tree of its own from the events and
compares every stored tree row (:mod:`tree_check`). Against a rewrite of the
tree as well, only a signed checkpoint helps (:mod:`checkpoint_check`); see
docs/verification.md.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import islice

from portfolio_ledger.application.chain import (
    GENESIS,
    ChainedEvent,
    ChainLink,
    next_link,
    record_bytes,
)
from portfolio_ledger.application.collector import fewer_collections
from portfolio_ledger.application.ports import ChainStore, TreeStore
from portfolio_ledger.audit.digest import Digest, hex_apart
from portfolio_ledger.audit.problems import Problem, describe_event, event_uuid, rewritten_at
from portfolio_ledger.audit.tree_check import TreeWalk

PAGE_SIZE = 5000
Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class Verification:
    """What a verification checked, where the chain ends, and the first problem if any."""

    checked: int
    head: Digest
    problem: Problem | None = None
    digest: Digest | None = None
    tree_covered: int = 0
    """The positions, from 1, whose stored tree rows were found to be what the events give."""
    roots: dict[int, bytes] = field(default_factory=dict)
    """The tree's root, grown from the events, at each size asked for (``roots_at``)."""

    @property
    def ok(self) -> bool:
        """The chain is intact (and holds the digest's history, if one was given)."""
        return self.problem is None


def verify(
    store: ChainStore,
    *,
    digest: Digest | None = None,
    also: Sequence[Digest] = (),
    stop: int | None = None,
    total: int = 0,
    progress: Progress | None = None,
    recorded_at: Callable[[int], datetime | None] | None = None,
    tree: TreeStore | None = None,
    roots_at: Iterable[int] = (),
    signed: int = 0,
    until: int | None = None,
) -> Verification:
    """Recompute every link from the first event (up to ``stop``, if given).

    The chain must hold ``digest``'s link at its position, and the link of
    each digest in ``also`` (an earlier digest the same history must hold,
    say) at its. With ``recorded_at`` (when the event at a position was
    recorded), a digest's recorded time is checked too: its link may match
    while the line was edited. With ``tree``, the stored Merkle tree is
    checked row by row; its root at each size in ``roots_at`` is computed;
    ``signed`` is the most events a checkpoint signs (a tree then existed).
    ``until``: the last position when it began; later ones are another process's, left be.
    """
    # The tree as it stood before the walk: one built meanwhile is not half-read.
    span = None if tree is None else tree.tree_span(until)
    stored_to = math.inf if span is None else span[1] or 0
    walk = _Walk(store, digest, also, recorded_at, TreeWalk.asking(roots_at, stored_to))
    for each in walk.digests:
        if each.position == 0 and each.link != GENESIS:
            return walk.result(walk.rewritten(each))
    # A chain record with no event is seen only by asking: one below 1 would go unnoticed.
    lowest = store.lowest_chain_position()
    stray = lowest if lowest is not None and lowest < 1 else None
    end = stop if stop is not None else until
    problem = (
        _walk_pages(walk, end, stray, progress, total)
        or (None if stray is None else walk.stray(stray))
        or walk.finish(end)
    )
    if problem is None and span is not None and stop is None:
        problem = walk.tree.finish(walk.position, span, signed)
    return walk.result(problem)


def _walk_pages(
    walk: _Walk, end: int | None, stray: int | None, progress: Progress | None, total: int
) -> Problem | None:
    """Walk the events a page at a time, up to position ``end`` if given; the first problem."""
    after: int | None = None  # the first page starts at the lowest stored position, even 0
    with fewer_collections():
        while True:
            page = _next_page(walk.store, after, end)
            if not page:
                return None
            problem = _walk_page(walk, page, stray)
            if problem is not None:
                return problem
            after = page[-1].position
            if progress is not None:
                progress(after, max(total, after))


def _next_page(store: ChainStore, after: int | None, end: int | None) -> list[ChainedEvent]:
    """The events after ``after`` (from the lowest stored if None), to position ``end`` if given.

    Positions from 1 fill the page; the first holds the lowest event even when
    ``end`` is 0: one forged below 1 in a ledger with no other events is one.
    """
    if end is None:
        return store.select_chained(after, PAGE_SIZE)
    limit = min(PAGE_SIZE, end - (after or 0))
    if after is None and limit < 1:
        return [event for event in store.select_chained(None, 1) if event.position <= end]
    return store.select_chained(after, limit) if limit > 0 else []


def _walk_page(walk: _Walk, page: Sequence[ChainedEvent], stray: int | None) -> Problem | None:
    """Walk one page of events: the sound ones in bulk, each other one by :meth:`_Walk.step`."""
    at = 0
    while at < len(page):
        if stray is None:
            at = walk.sound(page, at)
            if at == len(page):
                break
        event = page[at]
        if stray is not None and stray < event.position:
            return walk.stray(stray)
        problem = walk.step(event)
        if problem is not None:
            return problem
        at += 1
    return None


class _Walk:
    """The state of one pass along the chain."""

    def __init__(
        self,
        store: ChainStore,
        digest: Digest | None,
        also: Sequence[Digest],
        recorded_at: Callable[[int], datetime | None] | None,
        tree: TreeWalk,
    ) -> None:
        self.store = store
        self.tree = tree
        self.digest = digest
        self.digests = sorted([*([] if digest is None else [digest]), *also], key=_at)
        self.recorded_at = recorded_at
        self.position = 0
        self.link = GENESIS
        self.recorded: datetime | None = None
        self.wanted = {each.position for each in self.digests} | tree.roots_at
        """Positions where the walk has more to do than check: a digest's, a root asked for."""

    def result(self, problem: Problem | None) -> Verification:
        return Verification(
            checked=self.position,
            head=Digest(position=self.position, link=self.link),
            problem=problem,
            digest=self.digest,
            tree_covered=self.tree.covered,
            roots=self.tree.roots,
        )

    def sound(self, page: Sequence[ChainedEvent], start: int) -> int:
        """Take the page's events from ``start`` while each is plainly sound; the first one not.

        An event taken passes every check :meth:`step` makes, and moves the
        walk on as step would, without a call per check: verification reads
        every event. The first event not taken is left to :meth:`step`, with
        the walk as it was before it, to say what is wrong with it (or to
        take it: a position where a digest or a root is wanted).
        """
        position, link, recorded = self.position, self.link, self.recorded
        frontier, wanted, taken = self.tree.frontier, self.wanted, start
        stored_to = self.tree.stored_to
        if self.tree.rows_end is not None:  # the stored tree stopped: step says where
            return start
        for event in islice(page, start, None):
            at, aggregate, version, topic, state, stored_link, linked_id, linked_version = event[:8]
            at_time, tree_row = event[8:]
            if (
                at != position + 1
                or at in wanted
                or linked_version != version
                or type(state) is not bytes
                or at_time is None
                or tree_row is None
                or at > stored_to
                or (recorded is not None and at_time < recorded)
                or linked_id != aggregate.hex()
            ):
                break
            record = record_bytes(at, aggregate, version, topic, state)
            following = next_link(link, record)
            if following.hex() != stored_link or not frontier.append_as_stored(record, tree_row):
                break
            position, link, recorded = at, following, at_time
            taken += 1
        self.position, self.link, self.recorded = position, link, recorded
        return taken

    def step(self, event: ChainedEvent) -> Problem | None:
        expected = self.position + 1
        if event.position < expected:  # below 1: no event may be stored there
            return self._misplaced(event)
        if event.position != expected:
            return self._missing(expected, event.position)
        if not event.is_linked_here:
            return self._misplaced(event)
        record = event.record()
        link = next_link(self.link, record)
        if link.hex() != event.link:
            return Problem(
                event.position,
                "changed",
                f"the stored {describe_event(event.originator_id, event.version, event.topic)} "
                "no longer hashes to its link: it (or its link) was altered after it was "
                "recorded",
            )
        self.position, self.link = event.position, link
        return (
            self._in_recorded_order(event)
            or self.tree.step(event.position, record, event.tree_row)
            or self._against_digest()
        )

    def _in_recorded_order(self, event: ChainedEvent) -> Problem | None:
        """The recorded clock never goes back along the positions (the ledger stamps it so)."""
        recorded = event.recorded_at
        if recorded is None:
            stored = describe_event(event.originator_id, event.version, event.topic)
            return Problem(
                event.position,
                "no recorded time",
                f"the stored {stored} carries "
                "no readable recorded time, though it hashes to its link: it was linked into "
                "the chain by something other than portfolio-ledger",
            )
        previous, self.recorded = self.recorded, recorded
        if previous is None or recorded >= previous:
            return None
        return Problem(
            event.position,
            "recorded out of order",
            f"the event here says it was recorded at {_moment(recorded)}, before the event "
            f"at position {event.position - 1:,} ({_moment(previous)}); the ledger stamps "
            "recorded times in position order, so it was appended back-dated (changing what "
            "'--as-of' says about the past), or written outside portfolio-ledger",
        )

    def finish(self, stop: int | None) -> Problem | None:
        """After the last event: links with no events left, a digest past the end."""
        end = self.position
        if stop is None or end < stop:
            beyond = self.store.select_links(end + 1, stop)
            if beyond:
                return self._missing(end + 1, None, beyond[0])
        past = [digest for digest in self.digests if digest.position > end]
        if past:
            return Problem(
                past[0].position,
                "missing",
                f"the digest names position {past[0].position:,} but the ledger ends at "
                f"{end:,}: events recorded since that digest was taken have been removed",
            )
        return None

    def _against_digest(self) -> Problem | None:
        for digest in self.digests:
            if digest.position == self.position:
                problem = self._against(digest)
                if problem is not None:
                    return problem
        return None

    def _against(self, digest: Digest) -> Problem | None:
        if digest.link != self.link:
            return self.rewritten(digest)
        if digest.recorded_at is None or self.recorded_at is None:
            return None
        recorded = self.recorded_at(self.position)
        if recorded is not None and recorded.astimezone(UTC).replace(microsecond=0) == (
            digest.recorded_at
        ):
            return None
        return Problem(
            self.position,
            "digest altered",
            f"the digest's link matches, but it says position {self.position:,} was recorded "
            f"at {digest.recorded}, and the ledger's event there was recorded at "
            f"{'an unreadable time' if recorded is None else f'{recorded:%Y-%m-%dT%H:%M:%SZ}'}"
            ": the digest line was edited, or belongs to another ledger",
            elsewhere="digest",
        )

    def rewritten(self, digest: Digest) -> Problem:
        """The digest's link is not the chain's at its position."""
        if digest.position == 0:
            return Problem(
                0,
                "rewritten",
                "a digest at position 0 (a ledger with no events) always has the link "
                "000...0; this one does not, so it is not a digest of any ledger",
            )
        recorded = None if self.recorded_at is None else self.recorded_at(self.position)
        links = hex_apart(digest.sha256, self.link.hex())
        return rewritten_at(self.position, links, digest.recorded_at, recorded)

    def stray(self, position: int) -> Problem:
        """A chain record below position 1, where no event may be stored."""
        return Problem(
            position,
            "inserted",
            f"the chain holds a record at position {position:,}, where no event may be "
            "(positions start at 1): it was written behind the ledger's back",
        )

    def _missing(self, expected: int, found: int | None, link: ChainLink | None = None) -> Problem:
        if link is None:
            links = self.store.select_links(expected, expected)
            link = links[0] if links else None
        if link is None:
            what = "its chain record is gone too"
        elif link.position == expected:
            what = f"the chain linked {describe_event(link.originator_id, link.version)} here"
        else:
            what = f"the chain goes on to position {link.position:,}"
        if found is None:
            where = f"the ledger's events end at position {expected - 1:,}"
        else:
            where = f"the next event is at position {found:,}"
        return Problem(
            expected, "missing", f"no event is stored at this position ({where}); {what}"
        )

    def _misplaced(self, event: ChainedEvent) -> Problem:
        found = describe_event(event.originator_id, event.version, event.topic)
        expected = (
            "the chain has no record here"
            if event.linked_id is None or event.linked_version is None
            else f"the chain linked {describe_event(event.linked_id, event.linked_version)} here"
        )
        aggregate = event_uuid(event.originator_id)
        elsewhere = (
            None if aggregate is None else self.store.chained_position(aggregate, event.version)
        )
        if elsewhere is not None:
            return Problem(
                event.position,
                "out of order",
                f"the {found} stored here was linked at position {elsewhere:,}; {expected}",
            )
        return Problem(
            event.position,
            "inserted",
            f"the {found} stored here was never linked into the chain; {expected}",
        )


def _moment(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _at(digest: Digest) -> int:
    return digest.position
