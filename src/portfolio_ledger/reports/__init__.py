"""Reports: what the ledger's views look like as files people read (tables, spreadsheets, the board pack)."""
