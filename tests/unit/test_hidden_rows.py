"""Hidden rows and columns read from a sheet's XML in pieces: each counted once, however cut."""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from portfolio_ledger.returns import merged
from portfolio_ledger.returns.hidden import hidden_parts


class _Sheet:
    """A read-only worksheet as hidden_parts opens it: its XML, and nothing else."""

    def __init__(self, xml: bytes) -> None:
        self.xml = xml

    @contextmanager
    def _get_source(self) -> Iterator[io.BytesIO]:
        yield io.BytesIO(self.xml)


def hidden_rows(sheet: _Sheet) -> frozenset[int]:
    return hidden_parts(sheet)[0]


_COLS = (
    b'<cols><col min="1" max="1" width="9"/><col min="3" max="4" hidden="1" width="0"/>'
    b"<col max='8' hidden='true' min='7'/><col min=\"20\" max=\"20\" customWidth=\"1\"/>"
    b'<col min="16380" max="16384" hidden="1"/></cols>'
)
"""Columns C, D, G, H hidden, and the sheet's last five (XFD is 16,384); A and T not."""


def _xml(numbered: bool) -> bytes:
    """300 rows, every seventh hidden; each with its number ``r`` or, as the SDK writes, not."""
    rows = []
    for n in range(1, 301):
        number = f' r="{n}"' if numbered else ""
        hidden = ' hidden="1"' if n % 7 == 0 else ""
        rows.append(
            f'<row{number} spans="1:2"{hidden}><c t="inlineStr"><is><t>{n}</t></is></c></row>'
        )
    sheet_data = f"<sheetData>{''.join(rows)}</sheetData></worksheet>".encode()
    return b"<worksheet>" + _COLS + sheet_data


@pytest.mark.parametrize("chunk", [1 << 20, 97, 61, 23])
@pytest.mark.parametrize("numbered", [True, False])
def test_every_hidden_row_is_found_once_however_the_xml_is_cut(
    monkeypatch: pytest.MonkeyPatch, chunk: int, numbered: bool
) -> None:
    # Cut small, each <row> tag is somewhere split between two pieces, and read again in
    # the overlap: a row without its number, counted twice there, would shift every later one.
    monkeypatch.setattr(merged, "_CHUNK", chunk)

    found, columns, _ = hidden_parts(_Sheet(_xml(numbered)))

    assert found == {n for n in range(1, 301) if n % 7 == 0}
    assert columns == {3, 4, 7, 8, *range(16380, 16385)}


def test_attributes_in_single_quotes_and_any_order_are_read() -> None:
    xml = b"<x:sheetData><x:row hidden='true' r='4'/><x:row spans='1:2' r = '9' hidden = '1'>"

    assert hidden_rows(_Sheet(xml + b"</x:row></x:sheetData>")) == {4, 9}


def test_a_column_range_past_the_sheets_last_column_ends_there() -> None:
    xml = b'<worksheet><cols><col min="16384" max="99999999" hidden="1"/></cols></worksheet>'

    assert hidden_parts(_Sheet(xml))[1] == {16384}
