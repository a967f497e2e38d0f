"""Returns made hostile: a named pipe nobody writes to, a workbook that unzips to far more
than it holds (a zip bomb). Each is refused naming the file, what is wrong and what to do,
without waiting on the pipe or holding gigabytes, and nothing is written.
"""

from __future__ import annotations

import errno
import os
import threading
import zipfile
from pathlib import Path

import pytest

from portfolio_ledger.returns import bounds
from tests.conftest import Cli


@pytest.fixture
def run(sqlite_url: str) -> Cli:
    return Cli(sqlite_url)


def _release_readers(fifo: Path, stop: threading.Event, opened: list[bool]) -> None:
    """Open ``fifo`` for writing whenever a reader waits on it, noting that one did.

    A reader's open waits for a writer: without this the command would wait for ever.
    """
    while not stop.wait(0.05):
        try:
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        except OSError as error:
            if error.errno != errno.ENXIO:  # ENXIO: no reader has it open
                raise
        else:
            opened.append(True)


def test_a_return_named_as_a_pipe_nobody_writes_to_is_refused_unopened(
    run: Cli, tmp_path: Path
) -> None:
    """Opened to be told a pipe, the open waited for a writer: the command hung."""
    fifo = tmp_path / "return.xlsx"
    os.mkfifo(fifo)
    stop, opened = threading.Event(), list[bool]()
    releaser = threading.Thread(target=_release_readers, args=(fifo, stop, opened), daemon=True)
    releaser.start()

    result = run(
        "returns", "import", str(fifo), "--as-at", "2026-01-05", "--authority", "PMO",
    )  # fmt: skip
    stop.set()
    releaser.join()

    assert result.exit_code == 2, result.output
    assert f"{fifo} is not a file on disk (a pipe or a device)" in result.output
    assert opened == []  # never waited on
    assert not Path(run.url.removeprefix("sqlite:///")).exists()  # no ledger made


def _workbook_with_sheet(path: Path, sheet_data: bytes, after: bytes = b"") -> None:
    """A workbook whose first sheet's rows are ``sheet_data`` (its XML), zipped tightly;
    ``after`` follows them (merged cells)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["key", "title"])
    made = path.with_suffix(".made.xlsx")
    book.save(made)
    with zipfile.ZipFile(made) as given, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for part in given.infolist():
            data = given.read(part.filename)
            if part.filename == "xl/worksheets/sheet1.xml":
                head, _, rest = data.partition(b"<sheetData>")
                data = (
                    head
                    + b"<sheetData>"
                    + sheet_data
                    + b"</sheetData>"
                    + after
                    + rest.partition(b"</sheetData>")[2]
                )
            out.writestr(part.filename, data, compresslevel=9)
    made.unlink()


HEADER = (
    b'<row r="1"><c r="A1" t="inlineStr"><is><t>key</t></is></c>'
    b'<c r="B1" t="inlineStr"><is><t>title</t></is></c></row>'
)


def test_a_workbook_that_unzips_to_far_more_than_it_holds_is_refused_unread(
    run: Cli, tmp_path: Path
) -> None:
    """A zip bomb: 2 MiB of rows that zip to a few kB (one of gigabytes was read until the
    memory ran out, a MemoryError after minutes)."""
    bomb = tmp_path / "bomb.xlsx"
    _workbook_with_sheet(bomb, HEADER + b"<row/>" * (2 << 20))

    result = run("returns", "import", str(bomb), "--as-at", "2026-01-05", "--authority", "PMO")

    assert result.exit_code == 2, result.output
    assert "bomb.xlsx cannot be read as a return: its part xl/worksheets/sheet1.xml unzips to" in (
        result.output
    )
    assert "(a zip bomb)" in result.output
    assert not Path(run.url.removeprefix("sqlite:///")).exists()


def test_a_workbook_unzipping_to_more_than_a_return_can_take_is_refused(
    run: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bounds, "MAX_UNZIPPED", 4096)  # a workbook of gigabytes, in small
    book = tmp_path / "big.xlsx"
    _workbook_with_sheet(book, HEADER)

    result = run("returns", "import", str(book), "--as-at", "2026-01-05", "--authority", "PMO")

    assert result.exit_code == 2, result.output
    assert "big.xlsx unzips to " in result.output
    assert "more than the 0 MiB a return of a row per item can take" in result.output


def test_a_return_of_more_cells_than_a_return_has_is_refused_having_read_no_more(
    run: Cli, tmp_path: Path
) -> None:
    """A row of 20,000 cells (commas) 60 times: every cell was kept, a Python object each
    (a workbook of 39 kB with a value in its last column on 3,000 rows took 7 GiB)."""
    wide = tmp_path / "wide.csv"
    wide.write_text("key,title\n" + ("RX-1,Payroll" + "," * 20_000 + "\n") * 60, encoding="utf-8")

    result = run("returns", "import", str(wide), "--as-at", "2026-01-05", "--authority", "PMO")

    assert result.exit_code == 2, result.output
    assert (
        "wide.csv holds more than 1,000,000 cells by row 51 (row 2 is 20,002 columns wide), "
        "more than a return of a row per item has: delete the rows and columns beyond"
    ) in result.output
    assert not Path(run.url.removeprefix("sqlite:///")).exists()


def test_merged_cells_over_more_cells_than_a_return_has_are_refused_having_spread_no_more(
    run: Cli, tmp_path: Path
) -> None:
    """One range from B2 to the last column (XFD) and down a sheet gave its value to every
    cell it covers in each row: over a whole sheet, 17 billion (it ran for hours); thousands
    of such ranges, each row as many times."""
    merged = tmp_path / "merged.xlsx"
    rows = b"".join(
        b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>RX-%d</t></is></c></row>' % (n, n, n)
        for n in (2, 200)
    )
    _workbook_with_sheet(
        merged, HEADER + rows, b'<mergeCells count="1"><mergeCell ref="B2:XFD199"/></mergeCells>'
    )

    result = run("returns", "import", str(merged), "--as-at", "2026-01-05", "--authority", "PMO")

    assert result.exit_code == 2, result.output
    assert (
        "merged.xlsx: its merged cells cover more than 1,000,000 cells by row 63 (B2:XFD199 "
        "among them), more than a return of a row per item has: unmerge the cells"
    ) in result.output
    assert not Path(run.url.removeprefix("sqlite:///")).exists()


def test_a_return_given_as_standard_input_is_refused_saying_to_save_it_as_a_file(
    run: Cli,
) -> None:
    """``returns import -``, as a German office pipes its iconv'd export in, was refused by
    click's own words, "File '-' does not exist.", naming no rule and no fix, where a
    pipe given as ``<(...)`` is refused saying a return is read from a file on disk.
    """
    result = run(
        "returns", "import", "-", "--as-at", "2026-01-05", "--authority", "PMO",
    )  # fmt: skip

    assert result.exit_code == 2, result.output
    said = " ".join(result.output.split())
    assert (
        "'-' (standard input) is not read here: this command reads a file on disk; save what "
        "would be piped in as a file and give its path"
    ) in said
    assert "does not exist" not in said
    assert not Path(run.url.removeprefix("sqlite:///")).exists()  # no ledger made
