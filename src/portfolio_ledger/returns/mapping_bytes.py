"""Where a return's mapping is read from: a built-in mapping, by name, or a TOML file.

A built-in mapping is named as every choice on the command line is (``options.Spoken``):
the spaces around it aside, in any case (`` GMPP`` is ``gmpp``), unless a file has the
name given. Whether ``GMPP`` named the built-in mapping depended on the file system (one
that ignores case found ``GMPP.toml``), and `` gmpp`` never did.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from portfolio_ledger.application.errors import InvalidInput
from portfolio_ledger.application.files import read_small
from portfolio_ledger.audit.documents import MAX_DOCUMENT
from portfolio_ledger.domain.vocabulary import spoken


def builtin_mappings() -> list[str]:
    """The names of the mappings shipped with portfolio-ledger."""
    folder = resources.files("portfolio_ledger.returns") / "mappings"
    return sorted(
        p.name.removesuffix(".toml") for p in folder.iterdir() if p.name.endswith(".toml")
    )


def mapping_bytes(name: str) -> tuple[str, bytes]:
    """The mapping ``name`` names, as its messages name it, and its bytes."""
    name = _builtin_name(name)
    builtin = resources.files("portfolio_ledger.returns") / "mappings" / f"{name}.toml"
    if "/" not in name and "\\" not in name and builtin.is_file():
        return name, builtin.read_bytes()
    return name, _file_bytes(name)


def _builtin_name(name: str) -> str:
    """A built-in mapping's name read as a choice is (`` GMPP`` is ``gmpp``), unless a file is."""
    if "/" in name or "\\" in name or Path(name).exists():
        return name
    return {spoken(builtin): builtin for builtin in builtin_mappings()}.get(spoken(name), name)


def _file_bytes(name: str) -> bytes:
    """A mapping file's bytes, read at most MAX_DOCUMENT: refused, saying why, if it cannot be."""
    path = Path(name)
    if not path.exists() or path.is_dir():
        raise InvalidInput(
            f"no mapping {name!r}{' (it is a folder)' if path.is_dir() else ''}: give a "
            "mapping file's path (TOML, see docs/returns.md) or a built-in mapping "
            f"({', '.join(builtin_mappings())})"
        )
    try:
        data = read_small(path, MAX_DOCUMENT)
    except OSError as error:
        raise InvalidInput(
            f"cannot read the mapping {name}: {error.strerror or error}; give a readable file"
        ) from None
    if data is None:
        raise InvalidInput(
            f"the mapping {name} is larger than {MAX_DOCUMENT >> 20} MiB (a real one is a few "
            "kB): give the TOML file itself, not a device or an endless pipe"
        )
    return data
