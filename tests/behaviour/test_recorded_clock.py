"""The recorded clock runs with the ledger's positions: stamped under the append lock, checked.

A writer that waited for the append lock may hold events stamped before
the ledger's head; they are recorded at the head's time instead, so recorded
times never go back along the positions. ``audit verify`` refuses any event
that does: a correctly linked event appended through SQL with a back-dated
recorded time (which would change what ``--as-of`` says about the past) is
named, even when it comes after a digest.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from sqlalchemy import text

from portfolio_ledger.application import commands as c
from portfolio_ledger.application.ledger import PortfolioLedger
from portfolio_ledger.storage.recorded_time import recorded_time_of
from tests import builders
from tests.behaviour.test_tamper import CHAIN, EVENTS, link, record, stored, take_digest, tampering
from tests.conftest import Cli


def _append_back_dated(url: str, days: int) -> int:
    """Append, through SQL, a copy of the last status report as a new version, back-dated.

    The copy is linked into the chain exactly as docs/verification.md says, so
    the chain alone cannot tell; only its recorded time is out of order.
    """
    with tampering(url) as connection:
        events = stored(connection)
        source = next(e for e in reversed(events) if e.topic.endswith(":StatusReported"))
        state = json.loads(source.state)
        recorded = recorded_time_of(source.state)
        assert recorded is not None
        state["timestamp"]["_data_"] = (recorded - timedelta(days=days)).isoformat()
        forged = json.dumps(state, separators=(",", ":")).encode("utf-8")
        version = 1 + max(e.version for e in events if e.aggregate == source.aggregate)
        position = events[-1].position + 1
        head = bytes.fromhex(events[-1].stored_hash or "")
        new_link = link(head, record(position, source.aggregate, version, source.topic, forged))
        connection.execute(
            text(
                f"INSERT INTO {EVENTS} (id, originator_id, originator_version, topic, state) "
                f"SELECT :p, originator_id, :v, topic, :s FROM {EVENTS} WHERE id = :source"
            ),
            {"p": position, "v": version, "s": forged, "source": source.position},
        )
        connection.execute(
            text(
                f"INSERT INTO {CHAIN} (position, originator_id, originator_version, hash) "
                f"SELECT :p, originator_id, :v, :h FROM {CHAIN} WHERE position = :source"
            ),
            {"p": position, "v": version, "h": new_link.hex(), "source": source.position},
        )
    return position


def test_a_correctly_linked_back_dated_append_after_a_digest_is_named(run: Cli) -> None:
    ledger = PortfolioLedger(run.url)
    try:
        builders.approved_item(ledger)
        ledger.handle(builders.decision(c.ReportStatus, overall="amber", authority=None))
    finally:
        ledger.close()
    digest = take_digest(run)

    position = _append_back_dated(run.url, days=120)

    for options in ((), ("--digest", digest)):
        result = run("audit", "verify", *options)
        assert result.exit_code == 1, result.output
        assert f"FAILED at position {position}: recorded out of order." in result.output
        assert "back-dated" in result.output
    as_json = json.loads(run("audit", "verify", "--json").stdout)
    assert (as_json["problem"]["position"], as_json["problem"]["kind"]) == (
        position,
        "recorded out of order",
    )


def test_a_writer_that_waited_for_the_lock_records_no_earlier_than_the_head(db_url: str) -> None:
    first, second = PortfolioLedger(db_url), PortfolioLedger(db_url)
    try:
        builders.approved_item(first, "PRJ-001")
        builders.approved_item(first, "PRJ-002")
        recorder: Any = second.recorder
        appending = recorder.appending  # the step between stamping and taking the lock

        def another_writer_first() -> Any:
            # Our event is stamped; another writer records a later one before we lock.
            recorder.appending = appending
            first.handle(builders.decision(c.ReportStatus, overall="red", authority=None))
            return appending()

        recorder.appending = another_writer_first
        late = second.handle(
            builders.decision(c.ReportStatus, "PRJ-002", overall="amber", authority=None)
        )

        notifications = first.recorder.select_notifications(start=1, limit=1000)
        times = [recorded_time_of(bytes(n.state)) for n in notifications]
        assert late.position == notifications[-1].id
        assert all(t is not None for t in times)
        assert times == sorted(times)  # type: ignore[type-var]
        assert late.recorded_at == times[-1]
        assert times[-1] == times[-2]  # took the head's time, which was later than its own
    finally:
        first.close()
        second.close()
    verified = Cli(db_url)("audit", "verify")
    assert verified.exit_code == 0, verified.output
