"""The tables the ledger keeps beside the library's events table.

The chain, requests, the Merkle tree, the checkpoints the ledger signed, and
its settings. All but the settings are append-only: the ledger never
updates or deletes a row of them (and `grant` lets its role only insert).
"""

from __future__ import annotations

from functools import cache
from typing import NamedTuple

from sqlalchemy import (
    BigInteger,
    Column,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

POSITION = BigInteger().with_variant(Integer(), "sqlite")
"""A ledger position: 64 bits on PostgreSQL; SQLite's INTEGER is 64 bits already."""


def define_chain_table(metadata: MetaData, name: str) -> Table:
    """The chain: one row per event position, naming the event it linked and the link."""
    return Table(
        name,
        metadata,
        Column("position", POSITION, primary_key=True, autoincrement=False),
        Column("originator_id", String(32), nullable=False),
        Column("originator_version", POSITION, nullable=False),
        Column("hash", String(64), nullable=False),
        Index(f"{name}_event_idx", "originator_id", "originator_version", unique=True),
    )


def define_requests_table(metadata: MetaData, name: str) -> Table:
    """Requests already recorded: a client's request id, what it asked, where it landed."""
    return Table(
        name,
        metadata,
        Column("request_id", String(100), primary_key=True),
        Column("fingerprint", String(64), nullable=False),
        Column("subject", String(64), nullable=False),
        Column("position", POSITION, nullable=False),
    )


def define_tree_table(metadata: MetaData, name: str) -> Table:
    """The Merkle tree: one row per event position, the hashes appending its leaf stored.

    ``hashes`` is the leaf hash of the event at ``position``, then the hash of
    each complete subtree of 2, 4, 8, ... leaves that ends at it: 32 bytes
    each, 1 + (trailing zero bits of the position) of them.
    """
    return Table(
        name,
        metadata,
        Column("position", POSITION, primary_key=True, autoincrement=False),
        Column("hashes", LargeBinary, nullable=False),
    )


def define_checkpoints_table(metadata: MetaData, name: str) -> Table:
    """The checkpoints the ledger signed: tree size, the key (name+hash), the signed note."""
    return Table(
        name,
        metadata,
        Column("tree_size", POSITION, primary_key=True, autoincrement=False),
        Column("key_id", String(300), primary_key=True),
        Column("note", Text, nullable=False),
        Column("issued_at", String(32), nullable=False),
    )


def define_settings_table(metadata: MetaData, name: str) -> Table:
    """The ledger's settings, every change a new row: the latest revision of a name holds."""
    return Table(
        name,
        metadata,
        Column("name", String(64), primary_key=True),
        Column("revision", Integer, primary_key=True, autoincrement=False),
        Column("value", String(200), nullable=False),
        Column("changed_at", String(32), nullable=False),
    )


class LedgerTables(NamedTuple):
    """The tables beside the events table whose name ends ``_events`` after ``stem``."""

    chain: Table
    requests: Table
    tree: Table
    checkpoints: Table
    settings: Table


@cache
def ledger_tables(stem: str) -> LedgerTables:
    """The tables beside ``{stem}_events``: defined once a process, however often it opens one.

    Each call that defines them uses a MetaData of its own, so two threads
    defining them at once cannot define one table twice in one MetaData.
    """
    metadata = MetaData()
    return LedgerTables(
        define_chain_table(metadata, f"{stem}_chain"),
        define_requests_table(metadata, f"{stem}_requests"),
        define_tree_table(metadata, f"{stem}_tree"),
        define_checkpoints_table(metadata, f"{stem}_checkpoints"),
        define_settings_table(metadata, f"{stem}_settings"),
    )
