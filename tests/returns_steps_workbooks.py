"""The two returns docs/returns.md's "Mapping a new export, step by step" imports.

``python -m tests.returns_steps_workbooks DIR`` writes ``q1.xlsx`` and ``q2.xlsx`` into DIR
(the folder the section's commands run in), the same bytes every time, so that a reader
following the section gets the SHA-256 it shows; ``tests/test_docs_returns_steps.py`` runs the
section's commands on them and compares what they print with what the section shows.
"""

from __future__ import annotations

import io
import re
import sys
import zipfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import PatternFill

HEADER = ["Project ID", "Project Name", "Directorate", "Phase", "Status", "Budget (£k)",
          "RAG", "Comments"]  # fmt: skip
Q1: list[list[object]] = [
    ["P-101", "Payroll replacement", "HR", "Build", "Active", 1250, None, "Vendor chosen"],
    ["P-102", "Website refresh", "Comms", "Business case", "Active", None, "Amber", ""],
    ["P-103", "Old CRM", "Sales", "Closed", "Closed", 300, "Green", "Done"],
]
"""P-101's rating is its cell's red fill alone; P-103 is closed (left out by [where])."""
Q2: list[list[object]] = [
    ["P-101", "Payroll replacement", "HR", "Build", "Active", 1400, "Amber", "Scope grew"],
]
"""The next quarter: P-101's budget and rating changed, P-102 not in it."""


def write(path: Path, rows: list[list[object]], red: int | None = None) -> None:
    """``rows`` under the header in a workbook's sheet ``Projects``; the RAG cell of row
    ``red`` (its index in ``rows``) filled red."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Projects"
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    if red is not None:
        sheet.cell(row=red + 2, column=HEADER.index("RAG") + 1).fill = PatternFill(
            "solid", fgColor="FF0000"
        )
    written = io.BytesIO()
    book.save(written)
    path.write_bytes(steady(written.getvalue()))


SAVED = (2026, 1, 1, 0, 0, 0)
"""When every workbook says it was made and saved: the section's SHA-256 is the reader's."""


def steady(data: bytes) -> bytes:
    """The workbook ``data`` with the times openpyxl stamps (properties, parts) ``SAVED``."""
    stamp = b"2026-01-01T00:00:00Z"
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as given, zipfile.ZipFile(out, "w") as steadied:
        for info in given.infolist():
            content = given.read(info)
            if info.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)",
                    rb"\g<1>" + stamp + rb"\g<2>",
                    content,
                )
            part = zipfile.ZipInfo(info.filename, date_time=SAVED)
            part.compress_type = zipfile.ZIP_DEFLATED
            steadied.writestr(part, content)
    return out.getvalue()


def write_all(folder: Path) -> None:
    """Both returns, in ``folder``."""
    write(folder / "q1.xlsx", Q1, red=0)
    write(folder / "q2.xlsx", Q2)


if __name__ == "__main__":
    write_all(Path(sys.argv[1] if len(sys.argv) > 1 else "."))
