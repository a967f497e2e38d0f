"""Run the command line as ``python -m portfolio_ledger``."""

from portfolio_ledger.command_line import main

main()
