"""The board pack is the same whoever makes it: no matplotlibrc of theirs, no warning for no home.

The charts are drawn by matplotlib, which reads the user's ``matplotlibrc``
(``$MPLCONFIGDIR``, or ``~/.config/matplotlib``): one that turned grids on and
the plot yellow made a different pack from the same ledger and options. And a
user with no home folder they may write (a service account, a container) got
two matplotlib warnings on standard error with every pack. Each case runs in a
process of its own, as matplotlib reads both once, when imported. The demo ledger and
its plain pack (HTML and PDF, made in a process with no setting of the user's) are made
once for the module: each test only reads the ledger and compares its pack with them.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import Cli

AS_AT = ("--as-at", "2026-12-04", "--reproducible")


def pack(url: str, out: Path, **env: str) -> subprocess.CompletedProcess[str]:
    made = subprocess.run(
        [sys.executable, "-m", "portfolio_ledger", "--db", url, "report", "board-pack",
         *AS_AT, "--out", str(out)],
        capture_output=True, text=True, check=False, env={**os.environ, **env},
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    return made


@dataclass(frozen=True)
class Demo:
    url: str
    html: Path
    """The pack as HTML, made in a process of its own with none of the user's settings."""
    pdf: Path
    """The same, as PDF."""


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    """The demo ledger and its plain pack, made once: the module's tests only read them."""
    folder = tmp_path_factory.mktemp("demo")
    url = f"sqlite:///{folder / 'ledger.db'}"
    with pytest.MonkeyPatch.context() as patch:  # as each test's own folders (conftest)
        patch.chdir(folder)
        patch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("config")))
        assert Cli(url)("demo").exit_code == 0
        made = Demo(url, folder / "plain.html", folder / "plain.pdf")
        pack(url, made.html)
        pack(url, made.pdf)
    return made


def test_a_matplotlibrc_of_the_users_own_changes_nothing_in_the_pack(
    demo: Demo, tmp_path: Path
) -> None:
    settings = tmp_path / "mine"
    settings.mkdir()
    (settings / "matplotlibrc").write_text(
        "axes.grid: True\naxes.facecolor: yellow\nlines.linewidth: 5\nfont.size: 20\n"
    )

    pack(demo.url, tmp_path / "theirs.html", MPLCONFIGDIR=str(settings))

    assert (tmp_path / "theirs.html").read_bytes() == demo.html.read_bytes()


def test_a_matplotlibrc_with_faults_is_not_complained_of(demo: Demo, tmp_path: Path) -> None:
    """Before: "Bad value in file '.../matplotlibrc', line 1 ... does not look like a color
    arg" and "Bad key foo.bar ... You probably need to get an updated matplotlibrc file", on
    standard error with every pack, about settings the pack does not use."""
    faulty = "axes.facecolor: notacolor\nfoo.bar: 1\nlines.linewidth: x\nno colon here\n"
    settings, here = tmp_path / "mine", tmp_path / "here"
    for folder in (settings, here):
        folder.mkdir()
        (folder / "matplotlibrc").write_text(faulty)

    made = [
        pack(demo.url, tmp_path / "theirs.html", MPLCONFIGDIR=str(settings)),
        subprocess.run(  # the one in the folder the pack is made from, which matplotlib reads first
            [sys.executable, "-m", "portfolio_ledger", "--db", demo.url, "report",
             "board-pack", *AS_AT, "--out", str(tmp_path / "here.html")],
            capture_output=True, text=True, check=False, cwd=here,
        ),
    ]  # fmt: skip

    for result in made:
        assert result.returncode == 0, result.stderr
        assert result.stderr == ""
    for name in ("theirs.html", "here.html"):
        assert (tmp_path / name).read_bytes() == demo.html.read_bytes()


def test_a_matplotlibrc_not_in_utf8_is_named_with_the_fix(demo: Demo, tmp_path: Path) -> None:
    """A comment saved in Windows-1252 ('# café'): matplotlib stops reading the file as it is
    imported, and the pack stopped with 'Internal error: UnicodeDecodeError', exit 70."""
    settings = tmp_path / "mine"
    settings.mkdir()
    (settings / "matplotlibrc").write_bytes(b"# caf\xe9\naxes.grid: True\n")
    out = tmp_path / "pack.html"

    made = subprocess.run(
        [sys.executable, "-m", "portfolio_ledger", "--db", demo.url, "report", "board-pack",
         *AS_AT, "--out", str(out)],
        capture_output=True, text=True, check=False,
        env={**os.environ, "MPLCONFIGDIR": str(settings)},
    )  # fmt: skip

    said = " ".join(made.stderr.split())
    assert made.returncode == 1, made.stderr
    assert "Internal error" not in said
    assert f"{settings / 'matplotlibrc'} is not UTF-8 (byte 0xe9, line 1)" in said
    assert "save it as UTF-8, or move it aside" in said
    assert not out.exists()


def test_no_home_to_write_in_makes_the_pack_without_a_word_from_matplotlib(
    demo: Demo, tmp_path: Path
) -> None:
    nowhere = "/dev/null/home"  # not a folder, so not one even root can make
    settings = {"HOME": nowhere, "XDG_CONFIG_HOME": f"{nowhere}/config",
                "XDG_CACHE_HOME": f"{nowhere}/cache"}  # fmt: skip
    env = {k: v for k, v in os.environ.items() if k != "MPLCONFIGDIR"}

    made = subprocess.run(
        [sys.executable, "-m", "portfolio_ledger", "--db", demo.url, "report", "board-pack",
         *AS_AT, "--out", str(tmp_path / "pack.html")],
        capture_output=True, text=True, check=False, env={**env, **settings},
    )  # fmt: skip

    assert made.returncode == 0, made.stderr
    assert made.stderr == ""
    assert "written to" in made.stdout
    assert (tmp_path / "pack.html").read_bytes() == demo.html.read_bytes()


def test_a_backend_set_for_other_tools_changes_nothing_in_the_pack(
    demo: Demo, tmp_path: Path
) -> None:
    """Before: $MPLBACKEND naming a backend this matplotlib has not ('inline', as set for
    notebooks) was an internal error ('Key backend: 'inline' is not a valid value')."""

    for backend in ("inline", "TkAgg"):
        made = pack(demo.url, tmp_path / f"{backend}.html", MPLBACKEND=backend)
        assert made.stderr == ""
        assert (tmp_path / f"{backend}.html").read_bytes() == demo.html.read_bytes()


def test_a_source_date_epoch_that_is_no_time_changes_nothing_in_the_pack(
    demo: Demo, tmp_path: Path
) -> None:
    """Before: SOURCE_DATE_EPOCH (set for reproducible builds) that was no number, or one past
    year 9999, was an internal error as matplotlib laid a chart out ('ValueError: invalid
    literal for int()', 'OverflowError: timestamp out of range', 'Exceeds the limit')."""

    for epoch in ("tomorrow", "9" * 30, "9" * 5000):
        made = pack(demo.url, tmp_path / f"{len(epoch)}.html", SOURCE_DATE_EPOCH=epoch)
        assert made.stderr == ""
        assert (tmp_path / f"{len(epoch)}.html").read_bytes() == demo.html.read_bytes()


THEIR_FONTS = """<?xml version="1.0"?>
<fontconfig>
  <alias binding="strong"><family>DejaVu Sans</family>
    <prefer><family>Liberation Sans</family><family>Noto Sans</family></prefer></alias>
  <alias binding="strong"><family>sans-serif</family>
    <prefer><family>Liberation Sans</family><family>Noto Sans</family></prefer></alias>
</fontconfig>
"""


def test_a_fontconfig_of_the_users_own_changes_nothing_in_the_pdf(
    demo: Demo, tmp_path: Path
) -> None:
    """Before: WeasyPrint read ~/.config/fontconfig/fonts.conf, and one that preferred
    another sans-serif (or set DejaVu Sans aside) made another PDF from the same ledger."""
    theirs = tmp_path / "their-config"  # not tmp_path/config, every test's own (conftest)
    (theirs / "fontconfig").mkdir(parents=True)
    (theirs / "fontconfig" / "fonts.conf").write_text(THEIR_FONTS, encoding="utf-8")

    pack(demo.url, tmp_path / "theirs.pdf", XDG_CONFIG_HOME=str(theirs))

    assert (tmp_path / "theirs.pdf").read_bytes() == demo.pdf.read_bytes()
