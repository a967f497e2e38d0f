"""The demo: a believable year of a portfolio's decisions, recorded through the ledger's commands.

``data.py`` holds the portfolio and its storylines, ``governance.py`` its
people, boards and delegation, ``story.py`` turns them into dated commands
and records them in one transaction.
"""

from portfolio_ledger.demo.story import DemoSummary, clashing_keys, demo_keys, record_demo

__all__ = ["DemoSummary", "clashing_keys", "demo_keys", "record_demo"]
