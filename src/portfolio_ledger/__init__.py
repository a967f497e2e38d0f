"""portfolio-ledger: an event-sourced governance ledger for IT portfolio management."""

__version__ = "0.1.0"
