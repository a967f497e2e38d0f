"""Checking an export beyond its own file: against a digest from the minutes, and the ledger.

- Against a digest given (``--digest``): the export's own digest (its
  manifest's) must be that one, or a later one; a later one is proven to
  be of the same history only with the ledger.
- Against a signed checkpoint (``--key``, and ``--checkpoint`` from the minutes;
  export_checkpoint.py): the manifest's checkpoint must carry the key's signature, be of
  the export's digest position, and be the one given.
- Against the ledger: the chain must hold the export's digest (and the one
  given); the events up to it must give the root the checkpoint signs, so
  they are exactly leaves 1..n of that tree; the ``audit_trail`` read model
  must equal the trail derived afresh from the events; and the export must
  hold exactly the rows its filters select there, value for value.

Each raises :class:`ExportInvalid` naming what does not hold; on success it
returns what was proven, in sentences.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from itertools import zip_longest
from pathlib import Path
from typing import Any

from portfolio_ledger.application.ledger import PortfolioLedger
from portfolio_ledger.application.ports import TrailSource
from portfolio_ledger.application.selection import TrailFilter
from portfolio_ledger.audit.checkpoint import Checkpoint
from portfolio_ledger.audit.digest import Digest, hex_apart
from portfolio_ledger.audit.export import Progress, cell_text
from portfolio_ledger.audit.manifest import Manifest
from portfolio_ledger.audit.verify import verify
from portfolio_ledger.audit.verify_export import ExportInvalid, compare, read_rows
from portfolio_ledger.domain.change_words import EARLIER_WORDS, WORDS, worded_as
from portfolio_ledger.domain.counts import events, first_events

Bars = Callable[[str], AbstractContextManager[Progress | None]]
"""Makes a progress display for a step, by name (or shows nothing)."""


def against_digest(taken: Digest, given: Digest, *, with_ledger: bool) -> str | None:
    """The export's digest (its manifest's) must be the digest given, or a later one."""
    if taken.position < given.position:
        raise ExportInvalid(
            f"the export was taken at position {taken.position:,} (its manifest's digest), "
            f"before the digest given (position {given.position:,}): it lacks whatever was "
            "recorded in between, or its rows after that were cut off and its manifest "
            "pointed at an earlier digest. Export again from the ledger and check that."
        )
    if taken.position == given.position:
        if taken.link != given.link:
            links = hex_apart(taken.sha256, given.sha256)
            raise ExportInvalid(
                f"the export's manifest and the digest given are both at position "
                f"{taken.position:,} but name different links ({links[0]} and "
                f"{links[1]}): the export was not taken from the history the "
                "digest given names"
            )
        if taken.recorded != given.recorded:
            raise ExportInvalid(
                f"the export's manifest and the digest given agree on the link at position "
                f"{taken.position:,} but not on when it was recorded ({taken.recorded} and "
                f"{given.recorded}): one of the two lines was edited"
            )
        return f"Digest: the export was taken at the digest given (position {given.position:,})."
    if with_ledger:
        return None  # the ledger check proves it
    return (
        f"Digest: the export was taken at position {taken.position:,}, after the digest "
        f"given (position {given.position:,}). Without the ledger it could not be checked "
        "that the two are of one history: check against the ledger to prove it."
    )


def against_ledger(
    ledger: PortfolioLedger,
    source: TrailSource,
    *,
    file: Path,
    manifest: Manifest,
    where: TrailFilter,
    given: Digest | None,
    bars: Bars,
    name: str,
    checkpoint: Checkpoint | None = None,
) -> list[str]:
    """The export is exactly the rows its filters select from the ledger at its digest.

    With a ``checkpoint`` (signed, of the export's position), the events the
    rows are checked against must also give the root it signs.
    """
    digest = manifest.ledger_digest.digest()
    _same_history(ledger, digest=digest, given=given, bars=bars, name=name, checkpoint=checkpoint)
    columns = source.trail_columns()
    names = [column for column, _ in columns]
    if names != manifest.columns[:-1]:
        raise ExportInvalid(
            f"the export's columns are not this ledger's audit-trail columns ({', '.join(names)})"
        )

    def texts(row: Sequence[Any]) -> tuple[int, list[str]]:
        return int(row[0]), [cell_text(v, kind) for v, (_, kind) in zip(row, columns, strict=True)]

    derived = (texts([row[n] for n in names]) for row in source.derived_trail_rows(digest.position))
    with (
        bars("Checking the read model against the events") as advance,
        source.trail_rows(TrailFilter(), digest.position) as stored,
    ):
        _same_as_events(derived, map(texts, stored), advance, digest.position)
    try:
        with (
            bars("Checking every row against the ledger") as advance,
            source.trail_rows(where, digest.position) as selected,
        ):
            earlier = EarlierWords(ledger)
            exported = read_rows(file, manifest, advance)
            count = compare(map(texts, selected), exported, names, earlier=earlier)
    except ExportInvalid as error:
        raise ExportInvalid(f"{file} does not match the ledger ({name}): {error}") from None
    return (
        _proven(name, digest, given, count, manifest, reworded=bool(earlier.counts))
        + earlier.said()
        + _tree_proven(checkpoint, manifest, count)
    )


_AT_ONCE = 100
"""Events read at once for rows in earlier words: one read per row made 100,000 such rows
take 40 s more on SQLite; a hundred are read in about the time of eight one by one."""


class EarlierWords:
    """Accepts a summary in an earlier version's words of the same event, and counts them.

    A summary is computed from its event, and an export keeps the words of the
    version that made it: an export made before a change of words is not
    altered where its summary is, word for word, what that version said of the
    event at the same position (``domain.change_words.EARLIER_WORDS``). One
    version made the export, so its rows are said in the words of the newest
    version that gives every one of them (version 2's export, whose board rows
    version 3 words alike, is version 2's), and only where none does, row by row.
    A time recorded at a whole second that an earlier version wrote to the second is
    taken too, and counted.
    """

    def __init__(self, ledger: PortfolioLedger) -> None:
        self._ledger = ledger
        self.counts: Counter[frozenset[int]] = Counter()
        """Rows accepted, by the earlier versions whose words give them."""
        self._read: dict[int, Any] = {}
        self.to_the_second: list[str] = []
        """The recorded times, at a whole second, of rows that wrote them to the second."""

    def accepts(self, column: str, position: int, found: str, truth: str) -> bool:
        """``found`` is an earlier version's ``column`` at ``position``, the ledger's ``truth``.

        A summary in an earlier version's words; or a ``recorded_at`` at a whole second
        written to the second (``...T00:00:00Z`` for ``...T00:00:00.000000Z``), as an
        SQLite ledger's exports wrote it before 2026-12-05: the same instant.
        """
        if column == "recorded_at":
            same = truth.endswith(_WHOLE) and found == truth.removesuffix(_WHOLE) + "Z"
            if same:
                self.to_the_second.append(truth)
            return same
        return column == "summary" and self._worded(position, found)

    def _worded(self, position: int, found: str) -> bool:
        if position not in self._read:  # rows come in position order: read the next ones too
            self._read = self._ledger.events_from(position, _AT_ONCE)
        event = self._read.get(position)
        if event is None:
            return False
        versions = frozenset(v for v in EARLIER_WORDS if _worded(event, v) == found)
        if versions:
            self.counts[versions] += 1
        return bool(versions)

    def said(self) -> list[str]:
        """What was accepted, in sentences (none where every cell is as today's writes it)."""
        return self._said_words() + _to_the_second(self.to_the_second)

    def _said_words(self) -> list[str]:
        if not self.counts:
            return []
        common = frozenset.intersection(*self.counts)
        if common:  # one version's export: say it as the newest that words every row
            alike = sorted(common - {max(common)})
            return [_in_words(max(common), sum(self.counts.values()), alike)]
        by_version: Counter[int] = Counter()
        for versions, count in self.counts.items():
            by_version[max(versions)] += count
        return [_in_words(version, count, []) for version, count in sorted(by_version.items())]


_WHOLE = ".000000Z"
"""The fraction of a time recorded at a whole second, in its text form."""


def _to_the_second(times: list[str]) -> list[str]:
    if not times:
        return []
    count = len(times)
    rows = "1 row's recorded_at is" if count == 1 else f"{count:,} rows' recorded_at are"
    first = times[0].removesuffix(_WHOLE)
    said = (
        f"Times: {rows} written to the second ({first}Z, the ledger's {first}{_WHOLE}), as "
        "an SQLite ledger's exports wrote a time recorded at a whole second before "
        "2026-12-05: the same instant."
    )
    return [said]


def _worded(event: Any, version: int) -> str:
    with worded_as(version):
        return str(event.describe())


def _in_words(version: int, count: int, alike: list[int]) -> str:
    """The Words sentence; ``alike``: the earlier versions that gave the same words."""
    rows, it, them = (
        ("1 row's summary is", "it is", "it")
        if count == 1
        else (f"{count:,} rows' summaries are", "each is", "them")
    )
    also = ""
    if alike:
        *first, last = map(str, alike)
        versions = f"{', '.join(first)} and {last}" if first else last
        also = f"; version{'s' if len(alike) > 1 else ''} {versions} worded {them} alike"
    return (
        f"Words: {rows} in the words of version {version} (portfolio-ledger's "
        f"{EARLIER_WORDS[version]}{also}): {it} word for word what that version said of the "
        f"ledger's event at its position, the same record in earlier words (this version's "
        f"words are version {WORDS})."
    )


def _same_history(
    ledger: PortfolioLedger,
    *,
    digest: Digest,
    given: Digest | None,
    bars: Bars,
    name: str,
    checkpoint: Checkpoint | None,
) -> None:
    with bars("Verifying the hash chain") as advance:
        chain = verify(
            ledger.chain,
            digest=digest,
            also=() if given is None else (given,),
            stop=digest.position,
            total=digest.position,
            progress=advance,
            recorded_at=ledger.recorded_at,
            roots_at=() if checkpoint is None else (checkpoint.size,),
        )
    if chain.problem is not None:
        raise ExportInvalid(
            f"the ledger ({name}) does not hold the history the export was taken from"
            f"{'' if given is None else ' and the digest given names'}, up to position "
            f"{digest.position:,}: {chain.problem}"
        )
    if checkpoint is not None and chain.roots.get(checkpoint.size) != checkpoint.root:
        raise ExportInvalid(
            f"the ledger's {first_events(checkpoint.size)} ({name}) "
            f"{'does' if checkpoint.size == 1 else 'do'} not give the root hash the export's "
            f"signed checkpoint signs: {'it was' if checkpoint.size == 1 else 'they were'} "
            "changed since it was signed (and their chain links recomputed). 'portfolio-ledger "
            "audit verify --checkpoint FILE --key KEY' says where"
        )


def _filters(manifest: Manifest) -> str:
    """The manifest's filters, as the sentences that say what was proven name them."""
    spelt = manifest.filters.spelt()
    return "its filters (none: every row)" if spelt is None else f"its filters ({spelt})"


def _tree_proven(checkpoint: Checkpoint | None, manifest: Manifest, count: int) -> list[str]:
    if checkpoint is None:
        return []
    if not manifest.filters.select_everything():
        said = (
            f"Tree: the events those {count:,} rows were derived from are leaves of the "
            f"tree of {events(checkpoint.size)} whose root the checkpoint signs."
        )
    else:
        said = (
            f"Tree: the {count:,} rows are the audit trail of exactly leaves 1 to "
            f"{checkpoint.size:,} of the tree whose root the checkpoint signs."
        )
    return [said]


def _same_as_events(
    derived: Iterator[tuple[int, list[str]]],
    stored: Iterator[tuple[int, list[str]]],
    progress: Progress | None,
    last: int,
) -> None:
    for fresh, kept in zip_longest(derived, stored):
        if fresh != kept:
            position = (fresh or kept)[0]
            raise ExportInvalid(
                f"the ledger's audit_trail read model differs from its events at position "
                f"{position:,}, so the export cannot be checked against it. Run "
                "'portfolio-ledger projections rebuild audit_trail' and check again."
            )
        if progress is not None and fresh is not None and fresh[0] % 1000 == 0:
            progress(fresh[0], last)


def _proven(
    name: str,
    digest: Digest,
    given: Digest | None,
    count: int,
    manifest: Manifest,
    *,
    reworded: bool = False,
) -> list[str]:
    words = " (a summary in this version's words or an earlier one's: Words, below)"
    taken = (
        f"holds the history the export was taken from (chain verified to position "
        f"{digest.position:,})"
        if digest.position
        else "holds the history the export was taken from, a ledger of no events (as every "
        "ledger began: that proves nothing of which ledger it was)"
    )
    said = [
        (
            f"Ledger: {name} {taken}, and the export holds exactly the {count:,} row"
            f"{'s' if count != 1 else ''} {_filters(manifest)} select there, value for value"
            f"{words if reworded else ''}."
        )
    ]
    if given is None:
        said.append(
            f"Complete as of position {digest.position:,}, the digest in its manifest; give "
            "--digest with the latest digest from the minutes to prove no later rows were "
            "cut off."
        )
    elif given.position < digest.position:
        said.append(
            f"Digest: the chain up to position {digest.position:,} also holds the digest given "
            f"(position {given.position:,}), so the export holds every row its filters select "
            "up to it."
        )
    return said
