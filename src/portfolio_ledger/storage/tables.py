"""The tables the ledger keeps beside the library's events table: the chain, and requests."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Index, Integer, MetaData, String, Table

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
