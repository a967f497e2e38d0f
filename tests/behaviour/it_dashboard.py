"""The US federal IT Dashboard's register as the returns tests map it (h3's portfolio).

Money in USD millions, each investment by its Unique Investment Identifier (``UII``)
and ``Investment Title``, in delivery, of the category IT unless a column says more.
"""

from __future__ import annotations

from pathlib import Path


def mapped(*, ignore: tuple[str, ...] = (), **columns: str) -> Path:
    """Write ``m.toml``: the register's mapping, with ``columns`` (field = header) as well.

    ``ignore``: the register's columns the mapping says are not read.
    """
    named = "".join(f'{field} = "{header}"\n' for field, header in columns.items())
    ignored = f"ignore = [{', '.join(map(repr, ignore))}]\n" if ignore else ""
    path = Path("m.toml")
    path.write_text(
        f'units = "millions"\ncurrency = "USD"\n{ignored}[columns]\nkey = "UII"\n'
        f'title = "Investment Title"\n{named}[defaults]\nkind = "project"\n'
        'stage = "in delivery"\ncategory = "IT"\n',
        encoding="utf-8",
    )
    return path
