"""Portfolio returns: spreadsheets read by a mapping, reconciled with the ledger, written back.

An adapter layer: it reads files (CSV, ``.xlsx`` through openpyxl) and
mappings (TOML), and hands rows to the application's reconciliation
(``application/reconcile.py``), which records the differences.
"""
