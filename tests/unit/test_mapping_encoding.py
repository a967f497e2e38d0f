"""A mapping file as Windows editors save it: with a byte-order mark, or not in UTF-8 at all."""

from __future__ import annotations

from pathlib import Path

import pytest

from portfolio_ledger.application.errors import InvalidInput
from portfolio_ledger.returns.mapping import load_mapping

MAPPING = '[columns]\r\nkey = "Réf"\r\ntitle = "Projet"\r\n'


def test_a_mapping_saved_with_a_byte_order_mark_is_read() -> None:
    # Notepad's 'UTF-8 with BOM': was refused as 'not valid TOML: Invalid statement (at line
    # 1, column 1)', naming nothing a person can see in the file.
    path = Path("bom.toml")
    path.write_bytes(b"\xef\xbb\xbf" + MAPPING.encode())

    mapping = load_mapping(str(path))

    assert mapping.columns == {"key": "Réf", "title": "Projet"}


@pytest.mark.parametrize(
    ("encoding", "byte"),
    [
        ("utf-16", "byte 1, on line 1, is 0xff"),
        # The line and the character, to find it by: it named the byte's number alone.
        ("cp1252", "byte 20, on line 2, is 0xe9 (é in Windows-1252, after 'key = \"R')"),
    ],
)
def test_a_mapping_not_in_utf_8_is_refused_saying_to_save_it_so(encoding: str, byte: str) -> None:
    path = Path("other.toml")
    path.write_bytes(MAPPING.encode(encoding))

    with pytest.raises(InvalidInput, match="is not UTF-8 text") as refused:
        load_mapping(str(path))

    assert byte in str(refused.value)
    assert str(refused.value).endswith("save it as UTF-8 (in Notepad: Save As, Encoding UTF-8)")
