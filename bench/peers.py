"""The peers: the stack the ledger stands on, doing the least it can with the same history.

A trivial aggregate per subject (the line's ``key``, or ``portfolio``), one
event per import line carrying the decision as a plain dict, saved in
batches of a thousand events (as the ledger's import saves them); then a full
replay: every stored event read in pages, decoded and applied to its
aggregate. Run with eventsourcing's own SQLite module and with
eventsourcing-sqlalchemy, each in a process of its own (``bench.ops``), so
the ledger's rates can be read as ratios to the library's in the same run.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any, cast
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event

BATCH = 1000
PAGE = 5000
MODULES = {"es-sqlite": "eventsourcing.sqlite", "es-sqlalchemy": "eventsourcing_sqlalchemy"}


class Subject(Aggregate):
    """Whatever a decision is about: it only remembers how many decisions it has had."""

    @event("Opened")
    def __init__(self, key: str, decision: dict[str, Any]) -> None:
        self.key = key
        self.decisions = 1
        self.last = decision

    @staticmethod
    def create_id(key: str, decision: dict[str, Any]) -> UUID:  # noqa: ARG004 - the library's signature
        """The subject's id, from its key."""
        return uuid5(NAMESPACE_URL, key)

    @event("Decided")
    def decide(self, decision: dict[str, Any]) -> None:
        """Record one more decision."""
        self.decisions += 1
        self.last = decision


class Peer(Application[UUID]):
    """A bare eventsourcing application: no snapshots, the module named in its environment."""

    name = "peer"


def open_peer(kind: str, path: Path) -> Peer:
    """The peer application of ``kind`` on the SQLite file ``path``."""
    env = {"PERSISTENCE_MODULE": MODULES[kind]}
    if kind == "es-sqlite":
        env["SQLITE_DBNAME"] = str(path)
    else:
        env["SQLALCHEMY_URL"] = f"sqlite:///{path}"
    os.environ.update(env)
    return Peer(env=env)


def append(kind: str, path: str, file: str) -> dict[str, Any]:
    """Save one event per line of ``file``, a thousand at a time."""
    app = open_peer(kind, Path(path))
    subjects: dict[str, Subject] = {}
    pending: dict[str, Subject] = {}
    count = waiting = 0
    started, cpu = time.perf_counter(), time.process_time()
    with Path(file).open(encoding="utf-8") as lines:
        for line in lines:
            decision = json.loads(line)
            key = decision.get("key") or "portfolio"
            subject = subjects.get(key)
            if subject is None:
                subject = subjects[key] = Subject(key, decision)
            else:
                subject.decide(decision)
            pending[key] = subject
            waiting += 1
            if waiting >= BATCH:
                app.save(*pending.values())
                count, waiting = count + waiting, 0
                pending.clear()
    if pending:
        app.save(*pending.values())
        count += waiting
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    app.close()
    return {"seconds": seconds, "cpu_seconds": cpu, "count": count}


def replay(kind: str, path: str) -> dict[str, Any]:
    """Read every event in pages, decode it and apply it to its aggregate."""
    app = open_peer(kind, Path(path))
    aggregates: dict[UUID, Any] = {}
    count = 0
    position = 0
    started = time.perf_counter()
    while notifications := app.recorder.select_notifications(start=position + 1, limit=PAGE):
        for notification in notifications:
            domain_event = app.mapper.to_domain_event(notification)
            originator = domain_event.originator_id
            aggregates[originator] = cast(Any, domain_event).mutate(aggregates.get(originator))
        count += len(notifications)
        position = notifications[-1].id
    seconds = time.perf_counter() - started
    app.close()
    return {"seconds": seconds, "count": count, "aggregates": len(aggregates)}
