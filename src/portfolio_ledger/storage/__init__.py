"""Storage adapters: where events, chain links and request ids are kept, and how.

The only package besides the read-model tables (``projections``) that
imports SQLAlchemy. ``factory.LedgerFactory`` is what the application is
configured with; the rest are its parts: ``urls`` (what a user types, and
what may be printed), ``datastore`` (connections and locks), ``tables``,
``recorder`` (the append path) and ``chain_reader`` (reading for
verification), ``transcodings`` (how events are encoded), ``grants`` and
``errors``.
"""
