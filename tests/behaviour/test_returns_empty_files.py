"""A return with no text in it is refused as empty, whatever its name, a BOM or not.

A spreadsheet program saving an empty sheet as "CSV UTF-8" writes a byte-order mark
alone: three bytes, no text. Before, such a file named ``.xlsx`` was refused as a
workbook that cannot be read (*File is not a zip file*), and one named ``.csv`` as
empty with no word of what to do.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.behaviour.test_returns_refusals import refused
from tests.conftest import Cli

EMPTY = {
    "0 bytes": (b"", "is empty (0 bytes)"),
    "a BOM alone": (b"\xef\xbb\xbf", "is empty (a UTF-8 byte-order mark alone, 3 bytes: no text)"),
    "a BOM and blank lines": (
        b"\xef\xbb\xbf \r\n\n\t\n",
        "is empty (a UTF-8 byte-order mark and blank lines alone: no text)",
    ),
    "blank lines": (b"\n  \r\n", "holds only blank lines"),
}


@pytest.mark.parametrize("name", ["register.csv", "register.xlsx", "register.txt"])
@pytest.mark.parametrize(("data", "what"), EMPTY.values(), ids=EMPTY.keys())
def test_a_return_with_no_text_is_refused_as_empty_naming_the_file_and_the_fix(
    run: Cli, name: str, data: bytes, what: str
) -> None:
    path = Path(name).resolve()
    path.write_bytes(data)

    message = " ".join(refused(run, path).split())

    assert (
        f"Error: {name} {what}: a return has a header row and a row per item. Give the file "
        "the register was saved to (or save the register again, as CSV or .xlsx)"
    ) in message
    assert "zip" not in message


def test_a_return_whose_text_follows_many_blank_lines_is_read_past_them(run: Cli) -> None:
    # Blank for more than the first chunk read to tell the file's kind: not empty.
    path = Path("register.csv").resolve()
    path.write_bytes(b"\xef\xbb\xbf" + b"\n" * 70_000 + b"gmpp_id\n")

    message = refused(run, path)

    assert "empty" not in message
    assert "register.csv has no column" in message
