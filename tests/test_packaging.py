"""The package as a team installs it: the wheel and the sdist, and what they declare.

Users ``pip install`` the ledger from a wheel, not a checkout: a template, a
mapping or a library that the checkout finds and the wheel lacks fails only
there. The archives are built as ``python -m build`` builds them (setuptools'
backend, from a copy of the checkout), each in a few seconds.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from email.parser import HeaderParser
from importlib.metadata import packages_distributions
from pathlib import Path

from portfolio_ledger import __version__
from tests.test_architecture import PACKAGE, imports_of, modules

ROOT = Path(__file__).parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
# What a checkout holds that is no file of the project: git's own, and what it ignores
# (environments, caches, builds, ledgers, bench/results), each by the name it ends in.
NOT_THE_CHECKOUTS = (
    ".git",
    *(
        line.strip().rstrip("/").rsplit("/", 1)[-1]
        for line in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ),
)

# setuptools' deprecations are errors here: a build it warns about today it refuses on the
# day named in the warning (a license given as a table: 2027-02-18).
BUILD = """
import sys, warnings
from setuptools import build_meta
from setuptools.warnings import SetuptoolsDeprecationWarning
warnings.simplefilter("error", SetuptoolsDeprecationWarning)
print(getattr(build_meta, "build_" + sys.argv[1])(sys.argv[2]))
"""


def normalised(name: str) -> str:
    """A distribution's name as PyPI compares them (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def built(kind: str, tmp_path: Path) -> Path:
    """The ``wheel`` or ``sdist`` built from a copy of the checkout, as a packager builds it."""
    tree = tmp_path / "tree"
    shutil.copytree(ROOT, tree, ignore=shutil.ignore_patterns(*NOT_THE_CHECKOUTS))
    out = tmp_path / "dist"
    out.mkdir()
    result = subprocess.run(
        [sys.executable, "-c", BUILD, kind, str(out)],
        cwd=tree,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return out / result.stdout.strip().splitlines()[-1]


def package_files() -> set[str]:
    """Every file of the package in the source tree, as a path under ``portfolio_ledger/``."""
    return {
        f"portfolio_ledger/{path.relative_to(PACKAGE).as_posix()}"
        for path in PACKAGE.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }


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


def test_the_wheel_holds_every_file_of_the_package_its_licence_and_nothing_else(
    tmp_path: Path,
) -> None:
    wheel = built("wheel", tmp_path)

    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        info = f"portfolio_ledger-{__version__}.dist-info"
        metadata = HeaderParser().parsestr(archive.read(f"{info}/METADATA").decode())
        entry_points = archive.read(f"{info}/entry_points.txt").decode()
    # The templates, the stylesheet, the rules and the mappings the ledger loads at run time.
    assert {name for name in names if not name.startswith(f"{info}/")} == package_files()
    assert f"{info}/licenses/LICENSE" in names
    assert metadata["Version"] == __version__  # what --version says, its one place
    assert metadata["License-Expression"] == "Apache-2.0"
    assert "portfolio-ledger = portfolio_ledger.__main__:main" in entry_points
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"'dist/{wheel.name}[postgres]'" in readme  # its install, with the driver


def test_the_sdist_holds_what_builds_the_package_and_no_test_suite_cut_short(
    tmp_path: Path,
) -> None:
    sdist = built("sdist", tmp_path)

    with tarfile.open(sdist) as archive:
        top = f"portfolio_ledger-{__version__}/"
        names = {m.name.removeprefix(top) for m in archive.getmembers() if m.isfile()}
    # setuptools' default added tests/test*.py alone, without conftest.py, the helpers and
    # the data they import: a suite that could not run.
    assert not {name for name in names if name.startswith("tests")}
    assert {"pyproject.toml", "README.md", "LICENSE", "PKG-INFO"} <= names
    assert {name for name in names if name.startswith("src/portfolio_ledger/")} == {
        f"src/{name}" for name in package_files()
    }
