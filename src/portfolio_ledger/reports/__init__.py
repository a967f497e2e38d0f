"""Reports: the ledger's views as files people read (tables, spreadsheets, the board pack)."""
