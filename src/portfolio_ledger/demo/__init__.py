"""The demo: a believable year of a portfolio's decisions, recorded through the ledger's commands.

``data.py`` holds the portfolio, its organisations and storylines;
``governance.py`` its people, boards, delegation and list of organisations;
``teller.py`` plans dated decisions and records them in one transaction;
``storylines.py`` plans an item's year from its proposal, ``changes.py``
the items already under way, the details that change and the leavers, and
``corrections.py`` a correction and a decision recorded late; ``story.py``
puts the year together.
"""

from portfolio_ledger.demo.story import clashing_keys, demo_keys, record_demo
from portfolio_ledger.demo.teller import DemoSummary

__all__ = ["DemoSummary", "clashing_keys", "demo_keys", "record_demo"]
