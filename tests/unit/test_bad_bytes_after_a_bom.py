"""A file marked UTF-8 (a byte-order mark) with a byte that is not: the byte named is that byte.

``utf-8-sig`` decodes what follows the mark and counts from there: the three refusals named
the byte three before the bad one (its number, and for a CSV return its value and character).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from portfolio_ledger.application.errors import InvalidInput
from portfolio_ledger.reports.rules import RulesError, load_rules
from portfolio_ledger.returns.delimited import read_csv
from portfolio_ledger.returns.mapping import load_mapping

BOM = b"\xef\xbb\xbf"
SAID = "(byte 7, on line 1, is 0xe9 (é in Windows-1252, after '# R')"


def test_a_mapping_with_a_bom_names_the_byte_that_is_not_utf_8() -> None:
    path = Path("bom.toml")
    path.write_bytes(BOM + "# Réf\n".encode("cp1252"))
    with pytest.raises(InvalidInput) as refused:
        load_mapping(str(path))
    assert SAID in str(refused.value)


def test_a_rules_file_with_a_bom_names_the_byte_that_is_not_utf_8() -> None:
    path = Path("bom-rules.toml")
    path.write_bytes(BOM + "# Règles\n".encode("cp1252"))
    with pytest.raises(RulesError) as refused:
        load_rules(path)
    assert SAID.replace("0xe9 (é", "0xe8 (è") in str(refused.value)


def test_a_csv_return_with_a_bom_names_the_byte_that_is_not_utf_8() -> None:
    path = Path("bom.csv")
    path.write_bytes(BOM + "# Réf,Title\n".encode("cp1252"))
    with pytest.raises(InvalidInput) as refused:
        read_csv(path)
    assert SAID in str(refused.value)
