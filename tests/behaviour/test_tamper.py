"""Tampering with the stored ledger behind its back, and ``audit verify`` catching it.

Each test records a ledger of a few dozen events across several items, then
changes the database directly through SQL on a connection of its own, as
anyone with write access to the database could, and runs
``portfolio-ledger audit verify`` through the command line. Every test runs
on an SQLite file and on a PostgreSQL schema.

The chain's link is recomputed here from docs/verification.md alone (this
file does not import the ledger's chain code), so these tests also show that
the document is enough to write an independent verifier.
"""

from __future__ import annotations

import hashlib
import json
import re
import struct
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from uuid import UUID

import pytest
from click.testing import Result
from sqlalchemy import Connection, create_engine, text

from portfolio_ledger.application.ledger import PortfolioLedger
from portfolio_ledger.bootstrap import open_ledger
from portfolio_ledger.storage.urls import normalise_url
from tests.builders import approved_item, bulk_history, live_item
from tests.conftest import Cli
from tests.ledger_copies import copy_of

EVENTS = "portfolio_ledger_events"
CHAIN = "portfolio_ledger_chain"
TREE = "portfolio_ledger_tree"
GENESIS = bytes(32)
KINDS = (
    "changed",
    "missing",
    "inserted",
    "out of order",
    "rewritten",
    "digest altered",
    "tree altered",
    "not in the tree",
    "not signed",
    "forged checkpoint",
)
FAILED = re.compile(rf"FAILED at position (-?[\d,]+): ({'|'.join(KINDS)})\.")
DIGEST = re.compile(r"^portfolio-ledger/v1 position=(\d+) recorded=(\S+) sha256=([0-9a-f]{64})$")
# An approval's stored state names its budget; the rewrite puts a 9 in front.
AMOUNT = b'"amount":"'


# -- the link, as docs/verification.md states it ------------------------------------


def record(position: int, aggregate: bytes, version: int, topic: str, state: bytes) -> bytes:
    """``record(p)`` from docs/verification.md: length-prefixed, big-endian."""
    encoded = topic.encode("utf-8")
    return (
        struct.pack(">Q", position)
        + aggregate
        + struct.pack(">Q", version)
        + struct.pack(">I", len(encoded))
        + encoded
        + struct.pack(">Q", len(state))
        + state
    )


def link(previous: bytes, encoded_record: bytes) -> bytes:
    """``link(p) = SHA-256(link(p-1) || record(p))``."""
    return hashlib.sha256(previous + encoded_record).digest()


def tree_rows(records: list[bytes]) -> list[bytes]:
    """Each position's row of the Merkle tree table, as docs/verification.md defines it.

    The row at position p is the leaf hash SHA-256(0x00 || record(p)), then the
    hash SHA-256(0x01 || left || right) of each complete subtree of 2, 4, 8, ...
    leaves that ends at p.
    """
    rows: list[bytes] = []
    complete: list[tuple[int, bytes]] = []  # (leaves, hash) of the subtrees so far, left to right
    for data in records:
        hash_, leaves = hashlib.sha256(b"\x00" + data).digest(), 1
        row = [hash_]
        while complete and complete[-1][0] == leaves:
            _, left = complete.pop()
            hash_, leaves = hashlib.sha256(b"\x01" + left + hash_).digest(), leaves * 2
            row.append(hash_)
        complete.append((leaves, hash_))
        rows.append(b"".join(row))
    return rows


def test_the_documents_worked_example_gives_the_documented_links() -> None:
    aggregate = UUID("8269d687-807c-5f8c-986c-26bfffb1fac4").bytes
    proposed = record(
        1, aggregate, 1, "portfolio_ledger.domain.events:ItemProposed", b'{"key":"PRJ-001"}'
    )
    rejected = record(
        2,
        aggregate,
        2,
        "portfolio_ledger.domain.events:ItemRejected",
        b'{"key":"PRJ-001","why":"no"}',
    )

    one = link(GENESIS, proposed)
    two = link(one, rejected)

    assert len(proposed) == 104
    assert proposed.hex() == (
        "0000000000000001"
        "8269d687807c5f8c986c26bfffb1fac4"
        "0000000000000001"
        "0000002b"
        "706f7274666f6c696f5f6c65646765722e646f6d61696e2e6576656e74733a4974656d50726f706f736564"
        "0000000000000011"
        "7b226b6579223a2250524a2d303031227d"
    )
    assert one.hex() == "cf936b4b3280b9210b9ddce4879b26d8ac2deb6139cb919a4a5b90a14554242e"
    assert two.hex() == "85721dc1ed8cf03fab69969ddc0dd3c7609d13326e67a9259a8a5e4310edc7b4"


# -- the database, reached behind the ledger's back ----------------------------------


@contextmanager
def tampering(url: str) -> Iterator[Connection]:
    """A connection of its own to the ledger's database, committed on leaving."""
    engine = create_engine(normalise_url(url))
    try:
        with engine.begin() as connection:
            yield connection
    finally:
        engine.dispose()


def aggregate_bytes(value: object) -> bytes:
    """The aggregate id's 16 bytes: SQLite stores them as such, PostgreSQL as a uuid."""
    if isinstance(value, UUID):
        return value.bytes
    if isinstance(value, bytes | memoryview):
        return bytes(value)
    return UUID(str(value)).bytes


@dataclass(frozen=True)
class Stored:
    """One stored event beside the chain's stored hash at its position (None if none)."""

    position: int
    aggregate: bytes
    version: int
    topic: str
    state: bytes
    stored_hash: str | None


def stored(connection: Connection) -> list[Stored]:
    """Every stored event in position order, each beside the chain's hash there."""
    rows = connection.execute(
        text(
            f"SELECT e.id, e.originator_id, e.originator_version, e.topic, e.state, c.hash"
            f" FROM {EVENTS} e LEFT JOIN {CHAIN} c ON c.position = e.id ORDER BY e.id"
        )
    )
    return [
        Stored(
            position=int(row[0]),
            aggregate=aggregate_bytes(row[1]),
            version=int(row[2]),
            topic=str(row[3]),
            state=bytes(row[4]),
            stored_hash=None if row[5] is None else str(row[5]),
        )
        for row in rows
    ]


def recomputed(events: list[Stored]) -> list[bytes]:
    """Every link, recomputed from genesis over the events as stored now."""
    links: list[bytes] = []
    previous = GENESIS
    for event in events:
        previous = link(
            previous,
            record(event.position, event.aggregate, event.version, event.topic, event.state),
        )
        links.append(previous)
    return links


def counts(url: str) -> tuple[int, int]:
    """Events and chain rows stored, counted in SQL."""
    with tampering(url) as connection:
        events = connection.execute(text(f"SELECT count(*) FROM {EVENTS}")).scalar_one()
        links = connection.execute(text(f"SELECT count(*) FROM {CHAIN}")).scalar_one()
    return int(events), int(links)


def positions_of(url: str, event_name: str) -> list[int]:
    """The positions of the events of one kind (``ItemApproved``), in order."""
    with tampering(url) as connection:
        return [
            event.position
            for event in stored(connection)
            if event.topic.rpartition(":")[2] == event_name
        ]


def positions_with(url: str, aggregate: UUID) -> list[int]:
    """The positions of one aggregate's events, in version order."""
    with tampering(url) as connection:
        events = [event for event in stored(connection) if event.aggregate == aggregate.bytes]
    return [event.position for event in sorted(events, key=lambda event: event.version)]


def flip_a_byte(url: str, position: int) -> None:
    """Read an event's stored bytes, flip one bit of one byte, write the bytes back."""
    with tampering(url) as connection:
        state = bytes(
            connection.execute(
                text(f"SELECT state FROM {EVENTS} WHERE id = :p"), {"p": position}
            ).scalar_one()
        )
        changed = bytearray(state)
        changed[len(changed) // 2] ^= 0x01
        connection.execute(
            text(f"UPDATE {EVENTS} SET state = :state WHERE id = :p"),
            {"state": bytes(changed), "p": position},
        )


def delete_event(url: str, position: int, *, with_its_link: bool = False) -> None:
    """Delete the event at a position (and the chain's row there too, if asked)."""
    with tampering(url) as connection:
        connection.execute(text(f"DELETE FROM {EVENTS} WHERE id = :p"), {"p": position})
        if with_its_link:
            connection.execute(text(f"DELETE FROM {CHAIN} WHERE position = :p"), {"p": position})


def forge_event(url: str, copied_from: int, position: int) -> None:
    """Store a copy of an event at a new position, as a new version of its aggregate, unlinked."""
    with tampering(url) as connection:
        aggregate = connection.execute(
            text(f"SELECT originator_id FROM {EVENTS} WHERE id = :p"), {"p": copied_from}
        ).scalar_one()
        latest = connection.execute(
            text(f"SELECT max(originator_version) FROM {EVENTS} WHERE originator_id = :a"),
            {"a": aggregate},
        ).scalar_one()
        connection.execute(
            text(
                f"INSERT INTO {EVENTS} (id, originator_id, originator_version, topic, state)"
                f" SELECT :position, originator_id, :version, topic, state"
                f" FROM {EVENTS} WHERE id = :source"
            ),
            {"position": position, "version": int(latest) + 1, "source": copied_from},
        )


def forge_linked_event(url: str, copied_from: int, onto: UUID | None = None) -> int:
    """Append, through SQL, a copy of an event as its aggregate's next version: linked and treed.

    Its chain link and tree row are computed as docs/verification.md says, so
    the chain and the tree verify with it; its recorded time is its source's.
    ``onto``: another aggregate's id to append it to instead (as its version 1
    if it has no events). Returns its position.
    """
    with tampering(url) as connection:
        events = stored(connection)
        source = next(event for event in events if event.position == copied_from)
        aggregate = connection.execute(
            text(f"SELECT originator_id FROM {EVENTS} WHERE id = :p"), {"p": copied_from}
        ).scalar_one()
        if onto is not None:  # as the database stores an id: 16 bytes (SQLite) or a uuid
            aggregate = onto.bytes if isinstance(aggregate, bytes | memoryview) else onto
        target = aggregate_bytes(aggregate)
        latest = max((event.version for event in events if event.aggregate == target), default=0)
        forged = Stored(
            events[-1].position + 1, target, latest + 1, source.topic, source.state, None
        )
        connection.execute(
            text(
                f"INSERT INTO {EVENTS} (id, originator_id, originator_version, topic, state)"
                " VALUES (:p, :a, :v, :t, :s)"
            ),
            {"p": forged.position, "a": aggregate, "v": forged.version, "t": forged.topic,
             "s": forged.state},
        )  # fmt: skip
        history = [*events, forged]
        connection.execute(
            text(f"INSERT INTO {CHAIN} VALUES (:p, :a, :v, :h)"),
            {"p": forged.position, "a": forged.aggregate.hex(), "v": forged.version,
             "h": recomputed(history)[-1].hex()},
        )  # fmt: skip
        records = [record(e.position, e.aggregate, e.version, e.topic, e.state) for e in history]
        connection.execute(
            text(f"INSERT INTO {TREE} VALUES (:p, :h)"),
            {"p": forged.position, "h": tree_rows(records)[-1]},
        )
    return forged.position


def swap_events(url: str, lower: int, upper: int) -> None:
    """Swap two events' positions: three updates through a temporary position."""
    with tampering(url) as connection:
        move = text(f"UPDATE {EVENTS} SET id = :to WHERE id = :at")
        connection.execute(move, {"at": lower, "to": -1})
        connection.execute(move, {"at": upper, "to": lower})
        connection.execute(move, {"at": -1, "to": upper})


def rewrite_and_relink(url: str, position: int, *, tree: bool = True) -> None:
    """Raise an approval's budget in its stored bytes, then recompute every later link.

    This is what someone with write access to the database and a copy of
    docs/verification.md can do: afterwards the chain is consistent again,
    and (with ``tree``) so is the Merkle tree, its rows rewritten too.
    """
    with tampering(url) as connection:
        state = bytes(
            connection.execute(
                text(f"SELECT state FROM {EVENTS} WHERE id = :p"), {"p": position}
            ).scalar_one()
        )
        assert AMOUNT in state, state
        connection.execute(
            text(f"UPDATE {EVENTS} SET state = :state WHERE id = :p"),
            {"state": state.replace(AMOUNT, AMOUNT + b"9", 1), "p": position},
        )
        events = stored(connection)
        relinked = 0
        for event, new_link in zip(events, recomputed(events), strict=True):
            if event.stored_hash != new_link.hex():
                connection.execute(
                    text(f"UPDATE {CHAIN} SET hash = :h WHERE position = :p"),
                    {"h": new_link.hex(), "p": event.position},
                )
                relinked += 1
        if tree:
            rewrite_tree(connection, events)
    assert relinked == len(events) - position + 1


def rewrite_tree(connection: Connection, events: list[Stored]) -> int:
    """Make every stored tree row what the events give now; how many rows changed."""
    records = [
        record(event.position, event.aggregate, event.version, event.topic, event.state)
        for event in events
    ]
    stored_rows = dict(
        connection.execute(text(f"SELECT position, hashes FROM {TREE}")).tuples().all()
    )
    changed = 0
    for event, row in zip(events, tree_rows(records), strict=True):
        if bytes(stored_rows[event.position]) != row:
            connection.execute(
                text(f"UPDATE {TREE} SET hashes = :h WHERE position = :p"),
                {"h": row, "p": event.position},
            )
            changed += 1
    return changed


def truncate(url: str, keep: int) -> None:
    """Delete every event after position ``keep``, and the chain's rows for them."""
    with tampering(url) as connection:
        connection.execute(text(f"DELETE FROM {EVENTS} WHERE id > :k"), {"k": keep})
        connection.execute(text(f"DELETE FROM {CHAIN} WHERE position > :k"), {"k": keep})
        connection.execute(text(f"DELETE FROM {TREE} WHERE position > :k"), {"k": keep})


# -- the ledger under test ------------------------------------------------------------


def record_items(url: str, build: Callable[[PortfolioLedger], None]) -> int:
    """Record some history through the ledger's own API; return the events then stored."""
    ledger, _ = open_ledger(url)
    try:
        build(ledger)
    finally:
        ledger.close()
    return counts(url)[0]


def first_part(ledger: PortfolioLedger) -> None:
    """Three items with six decisions each, saved in bulk: eighteen events."""
    bulk_history(ledger, items=3, events_per_item=6)


def second_part(ledger: PortfolioLedger) -> None:
    """One item taken live and one approved, decision by decision: seven events."""
    live_item(ledger, "PRJ-001")
    approved_item(ledger, "PRJ-002")


def two_more_approvals(ledger: PortfolioLedger) -> None:
    """Six events."""
    approved_item(ledger, "PRJ-007")
    approved_item(ledger, "PRJ-008")


@dataclass(frozen=True)
class History:
    """A recorded ledger: its last position and a digest taken part-way through."""

    last: int
    early: str
    early_position: int

    @property
    def middle(self) -> int:
        return self.last // 2


def take_digest(run: Cli) -> str:
    result = run("audit", "digest")
    assert result.exit_code == 0, result.output
    line = result.stdout.strip()
    assert DIGEST.fullmatch(line), line
    return line


def build_history(run: Cli) -> History:
    """Twenty-five events over five items, with a digest taken after the first eighteen."""
    ledger, _ = open_ledger(run.url)
    try:
        first_part(ledger)
        early = take_digest(run)
        second_part(ledger)
    finally:
        ledger.close()
    found = DIGEST.fullmatch(early)
    assert found is not None
    last = counts(run.url)[0]
    assert 20 <= last <= 40
    assert counts(run.url) == (last, last)
    return History(last=last, early=early, early_position=int(found.group(1)))


def history_ledger(url: str) -> History:
    """:func:`build_history` at ``url``: a build for ledger_copies.copy_of."""
    return build_history(Cli(url))


@pytest.fixture
def history(run: Cli, request: pytest.FixtureRequest) -> History:
    """A ledger of this test's own, to tamper with: a copy of the module's (ledger_copies)."""
    built: History = copy_of(history_ledger, run.url, request)
    return built


@pytest.fixture(scope="module")
def untouched(module_db_url: str) -> tuple[Cli, History]:
    """One ledger shared by the tests that only read it: nothing here may change it."""
    run = Cli(module_db_url)
    return run, build_history(run)


@dataclass(frozen=True)
class Caught:
    """What a failed verification named: the first bad position and what is wrong there."""

    position: int
    kind: str
    checked: int
    output: str

    @property
    def where(self) -> tuple[int, str]:
        return self.position, self.kind


def caught(run: Cli, *options: str) -> Caught:
    """Run ``audit verify``, which must fail with exit status 1, as text and as JSON."""
    result = run("audit", "verify", *options)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert "Verified" not in result.output
    found = FAILED.search(result.output)
    assert found is not None, result.output

    as_json = run("audit", "verify", "--json", *options)
    assert as_json.exit_code == 1, as_json.output
    report = json.loads(as_json.stdout)
    assert report["ok"] is False
    assert report["head"] is None
    problem = report["problem"]
    assert (problem["position"], problem["kind"]) == (
        int(found.group(1).replace(",", "")),
        found.group(2),
    )
    # The summary never says the failed position (or one after it) checks out.
    fine = re.search(r"Positions 1 to ([\d,]+) check out", result.output)
    assert fine is None or int(fine.group(1).replace(",", "")) < problem["position"], result.output
    return Caught(problem["position"], problem["kind"], report["checked"], result.output)


def verified(run: Cli, *options: str) -> Result:
    """Run ``audit verify``; require it to pass."""
    result = run("audit", "verify", *options)
    assert result.exit_code == 0, result.output
    assert "Verified: the hash chain is intact" in result.output
    return result


# -- an untouched ledger ---------------------------------------------------------------


def test_an_untouched_ledger_verifies_and_says_so_in_json(untouched: tuple[Cli, History]) -> None:
    run, history = untouched
    result = verified(run)
    as_json = run("audit", "verify", "--json")

    assert f"over {history.last} positions (positions 1 to {history.last})" in result.output
    assert as_json.exit_code == 0, as_json.output
    report = json.loads(as_json.stdout)
    assert report["ok"] is True
    assert report["problem"] is None
    assert report["checked"] == history.last
    assert report["head"]["position"] == history.last


def test_every_stored_link_is_the_one_the_document_defines(untouched: tuple[Cli, History]) -> None:
    run, history = untouched
    with tampering(run.url) as connection:
        events = stored(connection)

    links = recomputed(events)
    line = take_digest(run)
    head = run("audit", "digest", "--json")
    verification = json.loads(run("audit", "verify", "--json").stdout)

    assert [event.position for event in events] == list(range(1, history.last + 1))
    assert [event.stored_hash for event in events] == [each.hex() for each in links]
    fields = DIGEST.fullmatch(line)
    assert fields is not None
    assert (int(fields.group(1)), fields.group(3)) == (history.last, links[-1].hex())
    assert head.exit_code == 0, head.output
    assert json.loads(head.stdout) == {
        "position": history.last,
        "recorded": fields.group(2),
        "sha256": links[-1].hex(),
        "line": line,
    }
    assert verification["head"]["sha256"] == links[-1].hex()


def test_an_untouched_ledger_still_holds_the_history_of_every_earlier_digest(
    untouched: tuple[Cli, History],
) -> None:
    run, history = untouched
    now = take_digest(run)

    earlier = verified(run, "--digest", history.early)
    current = verified(run, "--digest", now)

    assert (
        f"still holds exactly the history of the digest given (position {history.early_position},"
        in earlier.output
    )
    assert f"(position {history.last}," in current.output


def test_an_empty_ledger_has_the_documented_digest_and_verifies(run: Cli) -> None:
    assert run("init").exit_code == 0  # a digest only reads: it makes no ledger where there is none
    line = take_digest(run)

    result = verified(run, "--digest", line)

    assert line == f"portfolio-ledger/v1 position=0 recorded=- sha256={'0' * 64}"
    assert "no events yet" in result.output


# -- tampering the chain catches on its own ----------------------------------------


@pytest.mark.parametrize("where", ["first", "middle", "last"])
def test_one_changed_byte_in_one_event_is_caught_at_its_position(
    run: Cli, history: History, where: str
) -> None:
    position = {"first": 1, "middle": history.middle, "last": history.last}[where]
    flip_a_byte(run.url, position)

    verdict = caught(run)

    assert verdict.where == (position, "changed")
    assert verdict.checked == position - 1


def test_a_changed_link_is_caught_as_changed_at_its_position(run: Cli, history: History) -> None:
    with tampering(run.url) as connection:
        connection.execute(
            text(f"UPDATE {CHAIN} SET hash = :h WHERE position = :p"),
            {"h": "0" * 64, "p": history.middle},
        )

    verdict = caught(run)

    assert verdict.where == (history.middle, "changed")


def test_an_event_whose_link_was_deleted_is_caught_as_one_the_chain_never_linked(
    run: Cli, history: History
) -> None:
    with tampering(run.url) as connection:
        connection.execute(text(f"DELETE FROM {CHAIN} WHERE position = :p"), {"p": history.middle})

    verdict = caught(run)

    assert verdict.where == (history.middle, "inserted")


@pytest.mark.parametrize("with_its_link", [False, True], ids=["event-only", "event-and-link"])
def test_a_deleted_event_is_caught_as_missing_at_its_position(
    run: Cli, history: History, with_its_link: bool
) -> None:
    delete_event(run.url, history.middle, with_its_link=with_its_link)

    verdict = caught(run)

    assert verdict.where == (history.middle, "missing")
    assert verdict.checked == history.middle - 1


def test_a_forged_event_is_caught_as_inserted_and_the_ledger_records_nothing_more(
    run: Cli, history: History
) -> None:
    forged = history.last + 1
    forge_event(run.url, copied_from=history.middle, position=forged)
    before = counts(run.url)

    verdict = caught(run)
    refused = run(
        "item",
        "propose",
        "PRJ-099",
        "--kind",
        "project",
        "--title",
        "Recorded after the forgery",
        "--owner",
        "Dana Okafor",
        "--sponsor",
        "Chief Finance Officer",
        "--category",
        "Corporate systems",
        "-m",
        "Should be refused",
    )

    assert verdict.where == (forged, "inserted")
    assert before == (history.last + 1, history.last)
    assert refused.exit_code == 1, refused.output
    assert refused.output.startswith("Error: ")
    assert "nothing was written" in refused.output
    assert "audit verify" in refused.output
    assert "Traceback" not in refused.output
    assert counts(run.url) == before
    assert caught(run).where == (forged, "inserted")


@pytest.mark.parametrize("position", [0, -1])
def test_a_forged_event_stored_before_position_one_is_caught_as_inserted(
    run: Cli, history: History, position: int
) -> None:
    # Positions run 1, 2, 3, ... (docs/verification.md), but nothing in the
    # database stops an event being stored at position 0 or below, and the
    # ledger reads an item's history by aggregate and version, not by position:
    # the forged decision becomes part of the item's history.
    forge_event(run.url, copied_from=history.middle, position=position)
    with tampering(run.url) as connection:
        aggregate = UUID(
            bytes=aggregate_bytes(
                connection.execute(
                    text(f"SELECT originator_id FROM {EVENTS} WHERE id = :p"), {"p": position}
                ).scalar_one()
            )
        )
    ledger, _ = open_ledger(run.url)
    try:
        version: int = ledger.repository.get(aggregate).version
    finally:
        ledger.close()
    assert positions_with(run.url, aggregate)[-1] == position
    assert version == len(positions_with(run.url, aggregate))

    verdict = caught(run)

    assert verdict.where == (position, "inserted")


@pytest.mark.parametrize("position", [0, -1])
def test_a_forged_event_below_position_one_is_caught_when_it_is_the_only_event(
    run: Cli, position: int
) -> None:
    """With no event, chain record or tree row from 1 on, the ledger ends at 0 when verify
    begins: the walk, bounded by it, must still read the lowest event stored."""
    ledger, _ = open_ledger(run.url)
    try:
        live_item(ledger)
    finally:
        ledger.close()
    with tampering(run.url) as connection:
        connection.execute(text(f"DELETE FROM {CHAIN}"))
        connection.execute(text(f"DELETE FROM {TREE}"))
        connection.execute(text(f"DELETE FROM {EVENTS} WHERE id > 1"))
        connection.execute(text(f"UPDATE {EVENTS} SET id = :p"), {"p": position})

    assert caught(run).where == (position, "inserted")


def forge_link(url: str, copied_from: int, position: int) -> None:
    """Store a chain record at a position of its own, with no event there to link."""
    with tampering(url) as connection:
        connection.execute(
            text(
                f"INSERT INTO {CHAIN} (position, originator_id, originator_version, hash)"
                f" SELECT :position, originator_id, originator_version + 1000, hash"
                f" FROM {CHAIN} WHERE position = :source"
            ),
            {"position": position, "source": copied_from},
        )


@pytest.mark.parametrize("position", [0, -3])
def test_a_chain_record_below_position_one_is_caught_as_inserted_at_its_position(
    run: Cli, history: History, position: int
) -> None:
    # Verification reads events beside their chain records; a chain record with
    # no event below position 1 was never read, and the ledger verified.
    forge_link(run.url, copied_from=history.middle, position=position)
    assert counts(run.url) == (history.last, history.last + 1)

    verdict = caught(run)
    with_a_digest = caught(run, "--digest", history.early)

    assert verdict.where == (position, "inserted")
    assert f"holds a record at position {position}," in verdict.output
    assert verdict.checked == 0
    assert with_a_digest.where == (position, "inserted")


@pytest.mark.parametrize("after", [1, 5])
def test_a_chain_record_after_the_last_event_is_caught_naming_its_position(
    run: Cli, history: History, after: int
) -> None:
    position = history.last + after
    forge_link(run.url, copied_from=history.middle, position=position)

    verdict = caught(run)

    assert verdict.where == (history.last + 1, "missing")
    assert f"the ledger's events end at position {history.last}" in verdict.output
    if after > 1:
        assert f"the chain goes on to position {position}" in verdict.output
    else:
        assert "the chain linked event" in verdict.output


def test_two_swapped_events_are_caught_as_out_of_order_at_the_lower_position(
    run: Cli, history: History
) -> None:
    lower, upper = history.middle, history.middle + 3
    swap_events(run.url, lower, upper)

    verdict = caught(run)

    assert verdict.where == (lower, "out of order")
    assert f"linked at position {upper}" in verdict.output


# -- what needs a digest ---------------------------------------------------------------


def test_a_rewrite_that_relinks_the_chain_but_leaves_the_tree_is_caught_at_its_position(
    run: Cli, history: History
) -> None:
    # The Merkle tree's rows are written with the events: a rewrite that
    # recomputes only the chain's links leaves the event's leaf hash behind.
    approvals = positions_of(run.url, "ItemApproved")
    target = next(p for p in approvals if p <= history.early_position)
    rewrite_and_relink(run.url, target, tree=False)

    verdict = caught(run)

    assert verdict.where == (target, "tree altered")
    assert "leaf hash is not the hash of this event's chain record" in verdict.output


def test_a_rewrite_that_relinks_the_chain_passes_alone_and_is_caught_by_an_earlier_digest(
    run: Cli, history: History
) -> None:
    # The chain and the tree are SHA-256 without a key, so anyone who can write
    # to the database can change an event and recompute every later link and
    # tree row: both are then consistent again and plain verification passes.
    # That is why digests and signed checkpoints exist (docs/verification.md):
    # one kept outside the database fixes the history up to its position.
    before = take_digest(run)
    approvals = positions_of(run.url, "ItemApproved")
    target = next(p for p in approvals if p <= history.early_position)
    rewrite_and_relink(run.url, target)

    alone = verified(run)
    against_latest = caught(run, "--digest", before)
    against_early = caught(run, "--digest", history.early)

    assert f"over {history.last} positions" in alone.output
    assert against_latest.where == (history.last, "rewritten")
    assert "no longer holds the history" in against_latest.output
    assert against_early.where == (history.early_position, "rewritten")


def test_a_rewrite_after_a_digests_position_is_caught_only_by_a_later_digest(
    run: Cli, history: History
) -> None:
    # A digest fixes only the history up to its position: a rewrite among the
    # events recorded since can hide from it, and the next digest catches it.
    later = take_digest(run)
    approvals = positions_of(run.url, "ItemApproved")
    target = next(p for p in approvals if p > history.early_position)
    rewrite_and_relink(run.url, target)

    blind = verified(run, "--digest", history.early)
    verdict = caught(run, "--digest", later)

    assert "still holds exactly the history" in blind.output
    assert verdict.where == (history.last, "rewritten")


def test_a_truncated_ledger_passes_alone_and_is_caught_as_missing_by_an_earlier_digest(
    run: Cli, history: History
) -> None:
    before = take_digest(run)
    keep = history.last - 3
    truncate(run.url, keep)

    alone = verified(run)
    verdict = caught(run, "--digest", before)
    still = verified(run, "--digest", history.early)

    assert f"over {keep} positions (positions 1 to {keep})" in alone.output
    assert verdict.where == (history.last, "missing")
    assert f"ends at {keep}" in verdict.output
    assert "still holds exactly the history" in still.output


def test_a_truncated_ledger_recorded_over_again_is_caught_as_rewritten(
    run: Cli, history: History
) -> None:
    before = take_digest(run)
    truncate(run.url, history.last - 6)

    record_items(run.url, two_more_approvals)
    verified(run)
    verdict = caught(run, "--digest", before)

    assert counts(run.url) == (history.last, history.last)
    assert verdict.where == (history.last, "rewritten")


# -- digests that cannot be read ---------------------------------------------------------


def _malformed(line: str) -> dict[str, str]:
    prefix, position, recorded, sha256 = line.split(" ")
    return {
        "empty": "",
        "only-spaces": "   ",
        "wrong-prefix": line.replace("portfolio-ledger/v1", "portfolio-ledger/v2"),
        "no-prefix": f"{position} {recorded} {sha256}",
        "63-hex-digits": line[:-1],
        "65-hex-digits": line + "0",
        "non-hex": line[:-1] + "g",
        "missing-position": f"{prefix} {recorded} {sha256}",
        "missing-sha256": f"{prefix} {position} {recorded}",
        "negative-position": line.replace(position, "position=-1"),
        "position-twice": f"{prefix} {position} {position} {recorded} {sha256}",
        "sha256-twice": f"{line} {sha256}",
        "two-lines": f"{line}\n{line}",
        "unknown-field": f"{line} signed=yes",
        "bad-time": line.replace(recorded, "recorded=yesterday"),
        # issue 11, finding 6: each of these was once read as the digest itself
        "missing-recorded": f"{prefix} {position} {sha256}",
        "upper-case-hex": f"{prefix} {position} {recorded} sha256={sha256[7:].upper()}",
        "reordered": f"{prefix} {sha256} {position} {recorded}",
        "leading-zeros": line.replace(position, position.replace("=", "=00")),
        "double-space": f"{prefix}  {position} {recorded} {sha256}",
        "tab-separated": f"{prefix}\t{position}\t{recorded}\t{sha256}",
        "not-a-real-time": line.replace(recorded, "recorded=2026-02-30T04:18:06Z"),
        "no-recorded-time": line.replace(recorded, "recorded=-"),
    }


def test_a_malformed_digest_is_refused_as_bad_usage_and_never_passes(
    untouched: tuple[Cli, History],
) -> None:
    run = untouched[0]
    cases = _malformed(take_digest(run))

    results = {case: run("audit", "verify", "--digest", line) for case, line in cases.items()}

    wrong = {case: result.output for case, result in results.items() if result.exit_code != 2}
    assert wrong == {}
    for result in results.values():
        assert "Error: --digest: the digest given is not a ledger digest" in result.output
        assert "Verified" not in result.output
        assert "Traceback" not in result.output


def test_every_truncation_of_a_digest_line_is_refused(untouched: tuple[Cli, History]) -> None:
    run = untouched[0]
    line = take_digest(run)

    exits = {
        cut: run("audit", "verify", "--digest", line[:cut]).exit_code for cut in range(len(line))
    }

    assert set(exits.values()) == {2}, {cut: code for cut, code in exits.items() if code != 2}


def test_a_well_formed_digest_with_a_wrong_link_or_position_never_passes(
    untouched: tuple[Cli, History],
) -> None:
    run, history = untouched
    line = take_digest(run)
    sha256 = line.rpartition("sha256=")[2]

    def with_digit(index: int) -> str:
        digit = "0" if sha256[index] != "0" else "1"
        return line[: len(line) - 64 + index] + digit + line[len(line) - 63 + index :]

    wrong_links = [with_digit(0), with_digit(31), with_digit(63)]
    earlier = line.replace(f"position={history.last} ", f"position={history.last - 1} ")
    later = line.replace(f"position={history.last} ", f"position={history.last + 1} ")

    verdicts = [caught(run, "--digest", each).where for each in wrong_links]

    assert verdicts == [(history.last, "rewritten")] * 3
    assert caught(run, "--digest", earlier).where == (history.last - 1, "rewritten")
    assert caught(run, "--digest", later).where == (history.last + 1, "missing")


def test_a_digest_at_position_zero_with_a_link_that_is_not_genesis_never_passes(
    untouched: tuple[Cli, History],
) -> None:
    run = untouched[0]
    # position=0 names the empty ledger, whose link is 32 zero bytes; no ledger
    # ever printed a position-0 digest with any other link.
    forged = f"portfolio-ledger/v1 position=0 recorded=- sha256={'f' * 64}"

    result = run("audit", "verify", "--digest", forged)

    assert result.exit_code in {1, 2}, result.output
    assert "still holds exactly the history" not in result.output
