"""Checking an export beyond its own file: against a digest from the minutes, and the ledger.

- Against a digest given (``--digest``): the export's own digest (its
  manifest's) must be that one, or a later one; a later one is proven to
  be of the same history only with the ledger.
- Against the ledger: the chain must hold the export's digest (and the one
  given); the ``audit_trail`` read model must equal the trail derived afresh
  from the events; and the export must hold exactly the rows its filters
  select there, value for value.

Each raises :class:`ExportInvalid` naming what does not hold; on success it
returns what was proven, in sentences.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from itertools import zip_longest
from pathlib import Path
from typing import Any

from portfolio_ledger.application.ledger import PortfolioLedger
from portfolio_ledger.application.ports import TrailSource
from portfolio_ledger.application.views import TrailFilter
from portfolio_ledger.audit.digest import Digest
from portfolio_ledger.audit.export import Progress, cell_text
from portfolio_ledger.audit.manifest import Manifest
from portfolio_ledger.audit.verify import verify
from portfolio_ledger.audit.verify_export import ExportInvalid, compare, read_rows

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
            raise ExportInvalid(
                f"the export's manifest and the digest given are both at position "
                f"{taken.position:,} but name different links ({taken.sha256[:16]}... and "
                f"{given.sha256[:16]}...): the export was not taken from the history the "
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
) -> list[str]:
    """The export is exactly the rows its filters select from the ledger at its digest."""
    digest = manifest.ledger_digest.digest()
    _same_history(ledger, digest, given, bars, name)
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
            count = compare(map(texts, selected), read_rows(file, manifest, advance), names)
    except ExportInvalid as error:
        raise ExportInvalid(f"{file} does not match the ledger ({name}): {error}") from None
    return _proven(name, digest, given, count)


def _same_history(
    ledger: PortfolioLedger, digest: Digest, given: Digest | None, bars: Bars, name: str
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
        )
    if chain.problem is not None:
        raise ExportInvalid(
            f"the ledger ({name}) does not hold the history the export was taken from"
            f"{'' if given is None else ' and the digest given names'}, up to position "
            f"{digest.position:,}: {chain.problem}"
        )


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


def _proven(name: str, digest: Digest, given: Digest | None, count: int) -> list[str]:
    said = [
        (
            f"Ledger: {name} holds the history the export was taken from (chain verified to "
            f"position {digest.position:,}), and the export holds exactly the {count:,} row"
            f"{'s' if count != 1 else ''} its filters select there, value for value."
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
