"""The independent verifier printed in docs/verification.md works on a real ledger."""

from __future__ import annotations

import json
import re
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from portfolio_ledger.application.ledger import PortfolioLedger
from portfolio_ledger.audit.digest import current_digest
from portfolio_ledger.bootstrap import open_ledger
from tests.builders import bulk_history, live_item, propose
from tests.conftest import Cli

DOC = Path(__file__).parents[1] / "docs" / "verification.md"


def doc_verifier() -> dict[str, object]:
    text = DOC.read_text(encoding="utf-8")
    match = re.search(r"<!-- independent-verifier -->\n```python\n(.*?)```", text, re.DOTALL)
    assert match, "docs/verification.md lost its independent verifier"
    namespace: dict[str, object] = {"__name__": "doc_verifier"}
    exec(compile(match.group(1), str(DOC), "exec"), namespace)  # noqa: S102 - our own docs
    return namespace


def test_the_documented_verifier_agrees_with_the_ledger(tmp_path: Path) -> None:
    path = tmp_path / "ledger.db"
    ledger, _ = open_ledger(f"sqlite:///{path}")
    try:
        live_item(ledger)
        bulk_history(ledger, items=5, events_per_item=6)
        digest = current_digest(ledger)
    finally:
        ledger.close()

    verify = doc_verifier()["verify"]
    assert callable(verify)

    assert verify(str(path)) == f"OK position={digest.position} sha256={digest.sha256}"


def test_the_documented_verifier_catches_a_changed_byte(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "ledger.db"
    ledger, _ = open_ledger(f"sqlite:///{path}")
    try:
        live_item(ledger)
    finally:
        ledger.close()
    with sqlite3.connect(path) as db:
        (state,) = db.execute("SELECT state FROM portfolio_ledger_events WHERE id = 2").fetchone()
        changed = bytearray(state)
        changed[len(changed) // 2] ^= 0x01  # one bit of one byte
        db.execute("UPDATE portfolio_ledger_events SET state = ? WHERE id = 2", (bytes(changed),))

    verify = doc_verifier()["verify"]
    assert callable(verify)

    assert verify(str(path)) == "FAILED: position 2 does not match its link"


@pytest.mark.parametrize("where", [0, -3, 1, 5], ids=["zero", "negative", "next", "beyond"])
def test_the_documented_verifier_catches_a_chain_record_with_no_event(
    tmp_path: Path, where: int
) -> None:
    import sqlite3

    path = tmp_path / "ledger.db"
    ledger, _ = open_ledger(f"sqlite:///{path}")
    try:
        live_item(ledger)
        last = current_digest(ledger).position
    finally:
        ledger.close()
    position = where if where < 1 else last + where
    with sqlite3.connect(path) as db:
        db.execute(
            "INSERT INTO portfolio_ledger_chain"
            " SELECT ?, originator_id, originator_version + 1000, hash"
            " FROM portfolio_ledger_chain WHERE position = 1",
            (position,),
        )

    verify = doc_verifier()["verify"]
    assert callable(verify)

    assert verify(str(path)) == f"FAILED: position {position} has a chain record but no event"


def test_the_documented_verifier_leaves_a_decision_recorded_while_it_runs(tmp_path: Path) -> None:
    """It reads the events, then looks for chain records with no event: a decision recorded
    in between, its chain record then after the last event read, is no forged record."""
    path = tmp_path / "ledger.db"
    ledger, _ = open_ledger(f"sqlite:///{path}")
    try:
        live_item(ledger)
        before = current_digest(ledger)
        namespace = doc_verifier()
        namespace["sqlite3"] = _RecordingBeforeTheStrayQuery(ledger)
        verify = namespace["verify"]
        assert callable(verify)

        verified = verify(str(path))
        after = current_digest(ledger).position
    finally:
        ledger.close()

    assert after == before.position + 1, "no decision was recorded while it ran"
    assert verified == f"OK position={before.position} sha256={before.sha256}"


class _RecordingBeforeTheStrayQuery:
    """sqlite3 for the documented verifier: records a decision as it asks for stray records."""

    def __init__(self, ledger: PortfolioLedger) -> None:
        self.ledger = ledger

    def connect(self, *args: Any, **kwargs: Any) -> Any:
        connection = sqlite3.connect(*args, **kwargs)
        ledger = self.ledger

        class Recording:
            def execute(self, sql: str, *parameters: Any) -> Any:
                if "min(position)" in sql:
                    ledger.handle(propose("PRJ-002"))
                return connection.execute(sql, *parameters)

        return Recording()


def test_the_trail_columns_the_doc_derives_from_events_are_the_trails(tmp_path: Path) -> None:
    """docs/verification.md, "What a checker of its own can derive from the events": on the
    demo ledger (boards, a delegation, corrections), each of the eleven columns is as said."""
    path = tmp_path / "demo.db"
    result = Cli(f"sqlite:///{path}")("demo")
    assert result.exit_code == 0, result.output
    kinds = {"board_resolution": "board", "delegated_authority": "delegation"}
    with sqlite3.connect(path) as db:
        trail = {row[0]: row for row in db.execute(f"SELECT {', '.join(ELEVEN)} FROM audit_trail")}
        events = db.execute(
            "SELECT id, topic, originator_version, state FROM portfolio_ledger_events ORDER BY id"
        ).fetchall()
    db.close()
    derived = {}
    for position, topic, version, state in events:
        stored = json.loads(state)
        decision = stored["decision"]["_data_"]
        mandate = decision.get("mandate")
        detail = None
        if mandate is not None:
            detail = canonical({**mandate["_data_"], "kind": kinds[mandate["_type_"]]})
        recorded = datetime.fromisoformat(stored["timestamp"]["_data_"]).astimezone(UTC)
        derived[position] = (
            position,
            version,
            topic.rpartition(":")[2],
            recorded.strftime("%Y-%m-%d %H:%M:%S.%f"),
            decision["effective_date"]["_data_"],
            decision["actor"],
            decision["role"],
            decision["authority"],
            decision["rationale"],
            canonical(decision["references"]),
            detail,
        )

    assert len(derived) > 300
    assert any(row[-1] for row in derived.values())  # mandates of both kinds are among them
    assert derived == trail


def canonical(value: object) -> str:
    """docs/verification.md's canonical JSON."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


ELEVEN = (
    "position", "version", "event_type", "recorded_at", "effective_date", "actor", "role",
    "authority", "rationale", "refs", "authority_detail",
)  # fmt: skip


@pytest.mark.parametrize(
    "change",
    ["originator_version = originator_version + 1000", "originator_id = '" + "0" * 32 + "'"],
    ids=["version", "aggregate"],
)
def test_the_documented_verifier_catches_a_chain_record_naming_another_event(
    tmp_path: Path, change: str
) -> None:
    """A chain row's own columns say which event it linked; `audit verify` holds them too."""
    import sqlite3

    path = tmp_path / "ledger.db"
    ledger, _ = open_ledger(f"sqlite:///{path}")
    try:
        live_item(ledger)
    finally:
        ledger.close()
    with sqlite3.connect(path) as db:
        db.execute(f"UPDATE portfolio_ledger_chain SET {change} WHERE position = 2")
    db.close()

    verify = doc_verifier()["verify"]
    assert callable(verify)

    assert verify(str(path)) == "FAILED: position 2 is linked to another event"
    assert Cli(f"sqlite:///{path}")("audit", "verify").exit_code == 1


def test_the_signed_run_counts_the_events_the_demo_records_now(tmp_path: Path) -> None:
    """The signed-checkpoint run said 293 and 295 events, from an older demo, where the demo
    it names ('portfolio-ledger demo', two proposals) gives 314 and 316."""
    from portfolio_ledger.demo.story import record_demo

    ledger, _ = open_ledger(f"sqlite:///{tmp_path / 'demo.db'}")
    try:
        record_demo(ledger)
        demo = current_digest(ledger).position
    finally:
        ledger.close()
    text = " ".join(DOC.read_text(encoding="utf-8").split())

    assert f"the demo records {demo} events" in text
    assert f"of {demo + 2} events holds its first {demo} unchanged" in text
    assert f"FAILED at position {demo + 3}: not signed." in text
