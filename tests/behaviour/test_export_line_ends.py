"""An export is held to the line ends its manifest's ``encoding`` states.

A CSV's records end in CRLF and a JSON Lines file's lines in LF alone
(docs/verification.md, "Exports"). A file saved again with other line ends
(LF for a CSV, CRLF for JSON Lines, the last line end cut) is not the file
its manifest describes, even with the manifest's size and SHA-256
recomputed to match: it is refused naming the line, as a CSV without its
byte-order mark is.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.behaviour.resealing import reseal
from tests.conftest import Cli


@pytest.fixture(scope="module")
def demo(shared_demo: Cli) -> Cli:
    """The demo ledger, shared by the module's tests (which never write to it)."""
    return shared_demo


def _resealed(out: Path, change: Callable[[bytes], bytes]) -> None:
    data = change(out.read_bytes())
    out.write_bytes(data)
    reseal(out)


def _third_ends_in_lf(data: bytes) -> bytes:
    """The third line (the second row) ends in LF; the others in CRLF, as written."""
    return data.replace(b"\r\n", b"\n", 3).replace(b"\n", b"\r\n", 2)


CHANGES: dict[str, tuple[str, Callable[[bytes], bytes], str, str]] = {
    # name: (file, change, the line named, the line end named)
    "csv with LF line ends": ("t.csv", lambda d: d.replace(b"\r\n", b"\n"), "line 1:", "CRLF"),
    "csv with CR line ends": ("t.csv", lambda d: d.replace(b"\r\n", b"\r"), "line 1:", "CRLF"),
    "csv with its last line end cut": ("t.csv", lambda d: d[:-2], "line 14:", "CRLF"),
    "csv with one record ending in LF": ("t.csv", _third_ends_in_lf, "line 3:", "CRLF"),
    "jsonl with CRLF line ends": ("t.jsonl", lambda d: d.replace(b"\n", b"\r\n"), "line 1:", "LF"),
    "jsonl with its last line end cut": ("t.jsonl", lambda d: d[:-1], "line 13:", "LF"),
}  # fmt: skip


@pytest.mark.parametrize("name", list(CHANGES))
def test_an_export_saved_again_with_other_line_ends_is_refused_naming_the_line(
    demo: Cli, tmp_path: Path, name: str
) -> None:
    file_name, change, line, line_end = CHANGES[name]
    out = tmp_path / file_name
    exported = demo("audit", "export", "--item", "PRJ-001", "--out", str(out))
    assert exported.exit_code == 0, exported.output
    assert json.loads(Path(f"{out}.manifest.json").read_text(encoding="utf-8"))["rows"] == 13
    _resealed(out, change)

    for args in (("--file-only",), ()):
        result = demo("audit", "verify-export", str(out), *args)
        assert result.exit_code == 1, result.output
        assert line in result.output
        assert f"end in {line_end}" in result.output


def test_an_export_as_written_has_the_line_ends_its_manifest_states(
    demo: Cli, tmp_path: Path
) -> None:
    for name, line_end in (("t.csv", b"\r\n"), ("t.jsonl", b"\n")):
        out = tmp_path / name
        assert demo("audit", "export", "--out", str(out)).exit_code == 0
        data = out.read_bytes()
        assert data.endswith(line_end)
        if line_end == b"\n":
            assert b"\r" not in data
        assert demo("audit", "verify-export", str(out)).exit_code == 0


def _nth_end(data: bytes, n: int) -> int:
    """Where the n-th CRLF of a CSV starts."""
    at = -2
    for _ in range(n):
        at = data.index(b"\r\n", at + 2)
    return at


CUT: dict[str, tuple[str, Callable[[bytes], bytes], str]] = {
    # name: (file, change, the line named)
    "csv cut in a row": ("t.csv", lambda d: d[: _nth_end(d, 2) + 9], "line 3:"),
    "csv without its last byte": ("t.csv", lambda d: d[:-1], "line 14:"),
    "csv with its last line end cut": ("t.csv", lambda d: d[:-2], "line 14:"),
    "jsonl cut in a row": ("t.jsonl", lambda d: d[: d.index(b"\n") + 9], "line 2:"),
    "jsonl with its last line end cut": ("t.jsonl", lambda d: d[:-1], "line 13:"),
}  # fmt: skip


@pytest.mark.parametrize("name", list(CUT))
@pytest.mark.parametrize("resealed", [False, True], ids=["as-cut", "manifest-resealed"])
def test_an_export_cut_short_inside_a_line_is_said_to_be_cut_short(
    demo: Cli, tmp_path: Path, name: str, resealed: bool
) -> None:
    """Not "saved again with other line ends": nothing was saved, the end is missing."""
    file_name, change, line = CUT[name]
    out = tmp_path / file_name
    assert demo("audit", "export", "--item", "PRJ-001", "--out", str(out)).exit_code == 0
    if resealed:
        _resealed(out, change)
    else:
        out.write_bytes(change(out.read_bytes()))

    for args in (("--file-only",), ()):
        result = demo("audit", "verify-export", str(out), *args)
        assert result.exit_code == 1, result.output
        assert f"{line} the file ends in the middle of this line" in result.output
        assert "cut short" in result.output
        assert "other line ends" not in result.output


@pytest.mark.parametrize("file_name", ["t.csv", "t.jsonl"])
def test_an_export_missing_its_last_whole_rows_says_how_many_rows_it_holds(
    demo: Cli, tmp_path: Path, file_name: str
) -> None:
    """Rows cut off at a line end: each row checks out, so the count names what is wrong."""
    out = tmp_path / file_name
    assert demo("audit", "export", "--item", "PRJ-001", "--out", str(out)).exit_code == 0
    end = b"\r\n" if file_name.endswith(".csv") else b"\n"
    data = out.read_bytes()
    out.write_bytes(end.join(data.split(end)[:-3]) + end)  # the last two rows removed

    for args in (("--file-only",), ()):
        result = demo("audit", "verify-export", str(out), *args)
        assert result.exit_code == 1, result.output
        assert "the file holds 11 rows, the manifest says 13" in result.output
        assert "rows were removed from (or added to) the file" in result.output
