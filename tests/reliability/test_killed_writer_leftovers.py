"""The hidden files of a command killed as it wrote a file are removed by the next one there.

Every file a command writes (a table's ``--out``, an export and its manifest, a
board pack, a key) is written to a hidden file beside its place and renamed over
it when whole (``application/files.py``). A command killed with SIGKILL while it
wrote (a load of commands, an impatient operator, the OOM killer) left that hidden
file for good: ``.trail.csv.1a2b3c4d.partial``, as large as the export, one more
at every kill, never removed by anything, where its temporary folders and an
import's hidden ledger are removed by the next command. Each hidden file now
names its process and host, and the next command writing the same place removes
those whose process is gone, leaving a live one's (another command writing there
now) and any other file alone. The writer here is a real process, killed with
SIGKILL while it holds its hidden files.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import Cli

_WRITER = """
import sys, time
from pathlib import Path
from portfolio_ledger.application.files import hidden_beside, put_in_place
suffix, *places = sys.argv[1:]
pairs = tuple((hidden_beside(Path(p), suffix), Path(p)) for p in places)
with put_in_place(*pairs):
    for hidden, _ in pairs:
        hidden.write_text("half a file", encoding="utf-8")
    print("written", flush=True)
    time.sleep(120)
"""


@contextmanager
def _writing(suffix: str, *places: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process with hidden files for ``places`` written, in the middle of its work."""
    writer = subprocess.Popen(
        [sys.executable, "-c", _WRITER, suffix, *map(str, places)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout is not None
        assert writer.stdout.readline().strip() == "written"
        yield writer
    finally:
        writer.kill()
        writer.wait()


def _hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


@pytest.fixture
def ledger(sqlite_url: str, tmp_path: Path) -> Cli:
    run = Cli(sqlite_url)
    line = {"command": "item propose", "key": "PRJ-001", "kind": "project", "title": "Payroll",
            "owner": "Dana", "sponsor": "CFO", "category": "Corporate",
            "rationale": "Needed"}  # fmt: skip
    lines = tmp_path / "one.jsonl"
    lines.write_text(json.dumps(line) + "\n", encoding="utf-8")
    assert run("import", str(lines)).exit_code == 0
    return run


@pytest.mark.parametrize(
    ("suffix", "command"),
    [
        ("part", ("portfolio", "--out", "{out}")),
        ("partial", ("audit", "export", "--overwrite", "--out", "{out}")),
    ],
)
def test_a_killed_writers_hidden_files_go_and_a_live_ones_stay(
    ledger: Cli, tmp_path: Path, suffix: str, command: tuple[str, ...]
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "trail.csv"
    places = (out, folder / "trail.csv.manifest.json") if suffix == "partial" else (out,)
    unrelated = folder / ".trail.csv.0123abcd.part"  # not named by a process: not ours to judge
    unrelated.write_text("someone else's", encoding="utf-8")
    with _writing(suffix, *places) as killed:
        left = [name for name in _hidden(folder) if name != unrelated.name]
        killed.send_signal(signal.SIGKILL)
        killed.wait()
    assert len(left) == len(places), left
    with _writing(suffix, *places):
        live = [n for n in _hidden(folder) if n not in left and n != unrelated.name]
        result = ledger(*(part.format(out=out) for part in command))
        assert result.exit_code == 0, result.output
        assert _hidden(folder) == sorted([*live, unrelated.name])  # the killed one's gone
    assert out.read_bytes()
