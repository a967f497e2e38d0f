"""Reports for portfolio governance: the board pack as data, and its HTML and PDF."""
