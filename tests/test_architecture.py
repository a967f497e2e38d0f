"""The dependency rule: imports point inward, and each layer uses only the libraries it owns.

Every import counts: absolute or relative, at the top of a module or inside
a function (the CLI imports lazily). A layer is a top-level package under
``portfolio_ledger`` (or a top-level module: ``bootstrap``); nothing is
exempted by path.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[1] / "src" / "portfolio_ledger"

# What each layer may import from the project, besides itself.
ALLOWED = {
    "domain": set(),
    "application": {"domain"},
    "storage": {"domain", "application"},
    "projections": {"domain", "application", "storage"},
    "audit": {"domain", "application"},
    "reports": {"domain", "application", "audit"},
    "returns": {"domain", "application", "audit"},
    "demo": {"domain", "application"},
    "bootstrap": {"application", "projections"},
    "cli": {
        "domain", "application", "storage", "projections", "audit", "reports", "returns",
        "demo", "bootstrap",
    },
    "__main__": {"cli", "application"},  # the process: the collector set, then the CLI
    "__init__": set(),
}  # fmt: skip
# The third-party libraries each layer may import (the standard library is always allowed).
LIBRARIES = {
    "domain": {"eventsourcing.domain"},
    "application": {"eventsourcing", "pydantic", "orjson", "regex"},  # orjson: strict_json, fast
    "storage": {"eventsourcing", "eventsourcing_sqlalchemy", "sqlalchemy", "orjson"},
    "projections": {"eventsourcing", "sqlalchemy", "orjson"},  # orjson: canonical JSON, fast
    "audit": {"pydantic", "cryptography"},
    "reports": {"pydantic", "matplotlib", "weasyprint", "jinja2", "openpyxl", "markupsafe"},
    "returns": {"openpyxl"},
    "demo": set(),
    "bootstrap": set(),
    "cli": {"click", "rich", "pydantic", "orjson"},  # orjson: big listings as JSON, fast
    "__main__": set(),
    "__init__": set(),
}


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def layer_of(path: Path) -> str:
    relative = path.relative_to(PACKAGE)
    return relative.parts[0].removesuffix(".py") if len(relative.parts) > 1 else relative.stem


def module_name(path: Path) -> str:
    parts = ("portfolio_ledger", *path.relative_to(PACKAGE).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Every module ``path`` imports, relative imports resolved to absolute names."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, node.module] if node.module else base)
            names.add(module)
            if node.level and not node.module:  # from . import x: x is a module
                names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def test_relative_imports_are_resolved() -> None:
    # The hole this closes: "from ..cli import render" inside domain used to pass.
    sample = PACKAGE / "domain" / "keys.py"
    tree = ast.parse("from ..cli import render\nfrom . import errors\n")
    resolved: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            package = module_name(sample).split(".")[:-1]
            base = package[: len(package) - node.level + 1]
            module = ".".join([*base, node.module] if node.module else base)
            resolved.add(module)
    assert resolved == {"portfolio_ledger.cli", "portfolio_ledger.domain"}


def _allowed_library(name: str, layer: str) -> bool:
    top = name.split(".", maxsplit=1)[0]
    if top in sys.stdlib_module_names or top == "__future__":
        return True
    allowed = LIBRARIES[layer]
    return any(name == lib or name.startswith(f"{lib}.") or top == lib for lib in allowed)


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_point_inward(path: Path) -> None:
    layer = layer_of(path)
    assert layer in ALLOWED, f"{path.relative_to(PACKAGE)} is in no known layer"
    for name in imports_of(path):
        parts = name.split(".")
        if parts[0] == "portfolio_ledger":
            target = parts[1] if len(parts) > 1 else "__init__"
            assert target in {layer, "__init__"} or target in ALLOWED[layer], (
                f"{path.relative_to(PACKAGE)} ({layer}) imports {name}"
            )
        else:
            assert _allowed_library(name, layer), (
                f"{path.relative_to(PACKAGE)} ({layer}) imports {name}, which is not among "
                f"the libraries {layer} may use ({', '.join(sorted(LIBRARIES[layer])) or 'none'})"
            )


def test_the_domain_uses_only_the_standard_library_and_eventsourcing_s_domain() -> None:
    for path in (PACKAGE / "domain").rglob("*.py"):
        for name in imports_of(path):
            top = name.split(".")[0]
            assert (
                top in {"portfolio_ledger", "__future__"}
                or top in sys.stdlib_module_names
                or name == "eventsourcing.domain"
            ), f"{path.name} imports {name}"


def test_only_storage_and_the_read_models_import_sqlalchemy() -> None:
    users = {
        str(path.relative_to(PACKAGE))
        for path in modules()
        if any(n.split(".")[0] == "sqlalchemy" for n in imports_of(path))
    }
    assert users
    assert {path.split("/")[0] for path in users} <= {"storage", "projections"}, users


def test_nobody_imports_the_cli() -> None:
    for path in modules():
        if layer_of(path) in {"cli", "__main__"}:
            continue
        assert not any(n.startswith("portfolio_ledger.cli") for n in imports_of(path)), path


DEMO = [*sorted((PACKAGE / "demo").glob("*.py")), PACKAGE / "cli" / "demo.py"]


@pytest.mark.parametrize("path", DEMO, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_the_demo_is_in_files_and_functions_a_reader_can_hold(path: Path) -> None:
    # Its data may grow (data.py); its code stays in pieces of a sitting and a screen.
    text = path.read_text(encoding="utf-8")
    if path.name != "data.py":
        assert len(text.splitlines()) <= 400, f"{path.relative_to(PACKAGE)} is over 400 lines"
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = (node.end_lineno or node.lineno) - node.lineno + 1
            assert length <= 50, f"{path.relative_to(PACKAGE)}: {node.name} is {length} lines"


SOURCES = [path for path in modules() if path not in DEMO]


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_every_module_is_one_a_reader_can_hold(path: Path) -> None:
    # Issue 12's targets: no file over 400 lines, no function over 50.
    text = path.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 400, f"{path.relative_to(PACKAGE)} is over 400 lines"
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = (node.end_lineno or node.lineno) - node.lineno + 1
            assert length <= 50, f"{path.relative_to(PACKAGE)}: {node.name} is {length} lines"


def test_the_ledger_application_stays_small() -> None:
    tree = ast.parse((PACKAGE / "application" / "ledger.py").read_text(encoding="utf-8"))
    (ledger,) = [
        n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "PortfolioLedger"
    ]
    assert (ledger.end_lineno or 0) - ledger.lineno + 1 < 300
