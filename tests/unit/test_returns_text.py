"""Telling a CSV in UTF-16 from one in UTF-8, with a byte-order mark or none."""

from __future__ import annotations

import pytest

from portfolio_ledger.returns.text import utf16

HEADER = 'Projectnaam,Ministerie,Totale kosten (mln €)\nDigitale Overheid,BZK,"12,5"\n'


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_is_found_with_a_byte_order_mark_or_none(encoding: str) -> None:
    said = utf16("r.csv", HEADER.encode(encoding))

    assert said is not None
    assert said.startswith("r.csv is UTF-16 text (")
    marked = "it starts with a UTF-16 byte-order mark" in said
    assert marked == (encoding == "utf-16")


@pytest.mark.parametrize(
    "text",
    [HEADER, "项目,部门\n数字政府,财政部\n", "Έργο,Υπουργείο\n", "a", "", "ID,Name\nR-1,X\x00\n"],
    ids=["dutch", "chinese", "greek", "one-byte", "empty", "a-stray-nul"],
)
def test_utf8_text_is_not_taken_for_utf16(text: str) -> None:
    assert utf16("r.csv", text.encode("utf-8")) is None
