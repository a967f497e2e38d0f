"""The ledger application: commands in, events stored, queries answered."""
