"""The package as a team installs it: what it declares.

Users ``pip install`` the ledger from a wheel, not a checkout: a library that
the checkout's environment happens to hold and the wheel does not declare
fails only there.
"""

from __future__ import annotations

import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

from tests.test_architecture import PACKAGE, imports_of, modules

ROOT = Path(__file__).parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def normalised(name: str) -> str:
    """A distribution's name as PyPI compares them (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def test_every_library_the_ledger_imports_is_a_declared_dependency() -> None:
    declared = {
        normalised(re.split(r"[\s\[<>=!~;]", requirement, maxsplit=1)[0])
        for requirement in PYPROJECT["project"]["dependencies"]
    }
    distributions = packages_distributions()
    undeclared = set()
    for path in modules():
        for name in imports_of(path):
            top = name.split(".", maxsplit=1)[0]
            if top in sys.stdlib_module_names or top in {"__future__", "portfolio_ledger"}:
                continue
            if not declared & {normalised(d) for d in distributions.get(top, [top])}:
                undeclared.add(f"{top} ({path.relative_to(PACKAGE)})")

    # An import served by another dependency's own (markupsafe, by jinja2's) breaks when
    # that one stops needing it, and is not pinned to the versions the ledger was tried on.
    assert not undeclared, f"imported, not in pyproject's dependencies: {sorted(undeclared)}"
