"""Run the command line as ``python -m portfolio_ledger``."""

from portfolio_ledger.cli import main

main()
