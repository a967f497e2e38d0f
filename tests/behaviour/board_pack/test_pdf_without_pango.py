"""A PDF pack on a machine without Pango: refused naming it and the fix, nothing written.

WeasyPrint loads Pango and the text libraries it uses from the system as it is
imported: ``pip install`` of the ledger's wheel brings WeasyPrint, not them (a
slim container, a Mac without Homebrew's pango). It was an internal error, exit
70, "This is a bug in portfolio-ledger", after WeasyPrint's own banner on standard
output. The command runs in a process of its own whose loader finds no Pango, as
on such a machine.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.behaviour.board_pack.tools import Pack

NO_PANGO = """
import runpy, sys
import cffi
loaded = cffi.FFI.dlopen
def dlopen(ffi, name, *args, **kwargs):
    if "pango" in str(name):
        raise OSError(f"cannot load library {name!r}: {name}: cannot open shared object file")
    return loaded(ffi, name, *args, **kwargs)
cffi.FFI.dlopen = dlopen
sys.argv = ["portfolio-ledger", *sys.argv[1:]]
runpy.run_module("portfolio_ledger", run_name="__main__")
"""


def without_pango(pack: Pack, out: Path, config: Path) -> subprocess.CompletedProcess[str]:
    """``report board-pack --out OUT`` on the demo's ledger, where no Pango can be loaded."""
    command = ("--db", pack.run.url, "report", "board-pack", "--as-at", pack.today.isoformat(),
               "--out", str(out))  # fmt: skip
    return subprocess.run(
        [sys.executable, "-c", NO_PANGO, *command],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "XDG_CONFIG_HOME": str(config)},
    )


def test_a_pdf_pack_without_pango_names_it_and_the_fix_and_writes_nothing(
    pack: Pack, tmp_path: Path
) -> None:
    out = tmp_path / "pack.pdf"

    done = without_pango(pack, out, tmp_path)

    assert done.returncode == 1, done.stderr
    assert "cannot write a PDF board pack" in done.stderr
    assert "cannot load library 'libpango-1.0-0'" in done.stderr  # the library, as missed
    assert "apt-get install libpango-1.0-0 libpangoft2-1.0-0" in done.stderr
    assert "brew install pango" in done.stderr
    assert "--out FILE.html" in done.stderr
    assert "Internal error" not in done.stderr
    assert done.stdout == ""  # WeasyPrint's banner ("could not import some external ...")
    assert not out.exists()


def test_the_html_pack_needs_no_pango(pack: Pack, tmp_path: Path) -> None:
    out = tmp_path / "pack.html"

    done = without_pango(pack, out, tmp_path)

    assert done.returncode == 0, done.stderr
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
