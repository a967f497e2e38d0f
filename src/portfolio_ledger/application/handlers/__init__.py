"""Command handlers: one short function per command, declared in the registry where written.

Each gets its aggregates from the unit of work, asks them to decide (the
domain checks the rules), and gives the unit of work what changed.
"""

from portfolio_ledger.application.handlers import governance, items, records

__all__ = ["governance", "items", "records"]
