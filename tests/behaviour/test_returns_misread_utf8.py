"""A name whose UTF-8 was misread as Windows-1252 (mojibake) is refused, naming what it says.

A CSV saved as UTF-8 with no byte-order mark, opened in Excel, is read as Windows-1252:
``Café`` shows as ``CafÃ©``, and saved again so. Such a name was recorded as read, for good,
and the next return's right one was a rename (or, an organisation, a transfer).
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.behaviour.returns_mappings import BY_DEPARTMENT
from tests.behaviour.test_returns_refusals import refused
from tests.conftest import Cli

RIGHT = [
    "P-1,Veterans\u2019 Affairs,HO",
    "P-2,Caf\u00e9 Society,Minist\u00e8re",
    "P-3,S\u00c3O Paulo,HO",
]


def write(*rows: str) -> Path:
    Path("m.toml").write_text(BY_DEPARTMENT, encoding="utf-8")
    path = Path("q3.csv").resolve()
    path.write_text("\n".join(["Ref,Project,Dept", *rows]) + "\n", encoding="utf-8")
    return path


def test_text_misread_as_windows_1252_is_refused_saying_what_it_is(run: Cli) -> None:
    path = write(*(row.encode().decode("cp1252", "replace") for row in RIGHT[:2]))

    message = " ".join(refused(run, path, "--mapping", "m.toml", as_at="2026-09-30").split())

    assert (
        "row 2, column Project: cell B2: 'Veterans\u00e2\u20ac\u2122 Affairs' is UTF-8 text "
        "misread as Windows-1252 (it is 'Veterans\u2019 Affairs' so misread"
    ) in message
    assert "cell B3: 'Caf\u00c3\u00a9 Society' is UTF-8 text misread" in message
    assert "cell C3: 'Minist\u00c3\u00a8re' is UTF-8 text misread" in message
    assert "File origin '65001: Unicode (UTF-8)'" in message


def test_text_as_written_is_read(run: Cli) -> None:
    path = write(*RIGHT)

    result = run("returns", "import", str(path), "--mapping", "m.toml",
                 "--as-at", "2026-09-30", "--authority", "PMO")  # fmt: skip

    assert result.exit_code == 0, result.output
    shown = json.loads(run("item", "show", "P-2", "--json").output)
    assert (shown["title"], shown["organisation"]) == ("Caf\u00e9 Society", "Minist\u00e8re")
