"""The dependency rule: imports point inward, and only table owners touch SQLAlchemy."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[1] / "src" / "portfolio_ledger"

# What each layer may import from the project (besides itself and the package root).
ALLOWED = {
    "domain": set(),
    "application": {"domain"},
    "projections": {"domain", "application"},
    "audit": {"domain", "application"},
    "bootstrap": {"application", "projections"},
    "cli": {"domain", "application", "projections", "audit", "bootstrap"},
}
# Third-party packages each layer may import: the domain stays pure.
FORBIDDEN_LIBRARIES = {
    "domain": {"sqlalchemy", "click", "rich", "pydantic", "eventsourcing_sqlalchemy", "psycopg"},
    "application": {"click", "rich"},
    "projections": {"click", "rich"},
    "audit": {"sqlalchemy", "click", "rich", "eventsourcing_sqlalchemy", "psycopg"},
}
TABLE_OWNERS = {"application/persistence.py", "projections"}


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def layer_of(path: Path) -> str:
    relative = path.relative_to(PACKAGE)
    return relative.parts[0].removesuffix(".py") if len(relative.parts) > 1 else relative.stem


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_point_inward(path: Path) -> None:
    layer = layer_of(path)
    if layer not in ALLOWED:
        return  # the package root: __init__ and __main__
    for name in imports_of(path):
        parts = name.split(".")
        if parts[0] == "portfolio_ledger" and len(parts) > 1:
            target = parts[1]
            assert target == layer or target in ALLOWED[layer] or target == "__init__", (
                f"{path.name} ({layer}) imports {name}"
            )
        assert parts[0] not in FORBIDDEN_LIBRARIES.get(layer, set()), (
            f"{path.name} ({layer}) imports {name}"
        )


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_only_modules_that_own_tables_import_sqlalchemy(path: Path) -> None:
    relative = str(path.relative_to(PACKAGE))
    owns_tables = relative in TABLE_OWNERS or relative.split("/", maxsplit=1)[0] in TABLE_OWNERS
    uses_sqlalchemy = any(name.split(".")[0] == "sqlalchemy" for name in imports_of(path))
    if relative.startswith("cli/"):
        # The CLI's error edge recognises database errors by class, nothing more.
        return
    assert owns_tables or not uses_sqlalchemy, f"{relative} imports SQLAlchemy"


def test_nobody_imports_the_cli() -> None:
    for path in modules():
        if layer_of(path) in {"cli", "__main__"}:
            continue
        assert not any(n.startswith("portfolio_ledger.cli") for n in imports_of(path)), path
