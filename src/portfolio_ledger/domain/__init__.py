"""The portfolio domain: items, their lifecycle, decisions and rules. Pure: no I/O."""
