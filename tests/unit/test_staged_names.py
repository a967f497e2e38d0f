"""The hidden file a new SQLite ledger is built in: a name any file system takes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from portfolio_ledger.storage.staging import discard, stage_beside


@pytest.mark.parametrize(
    "name",
    [
        "\U0001f4bc" * 60 + ".db",  # 243 bytes: 60 four-byte characters
        "é" * 120 + ".db",
        "portfolio-" * 24 + ".db",
        os.fsdecode(b"\xff\xfe" + b"x" * 100 + b".db"),  # bytes that are no UTF-8
    ],
)
def test_a_long_name_is_built_beside_under_a_name_within_255_bytes(
    tmp_path: Path, name: str
) -> None:
    # The hidden name began with the ledger's first 64 characters: 60 four-byte ones made it
    # 271 bytes, refused by the file system, so the ledger was built in place instead.
    target = tmp_path / name
    staged = stage_beside(target)

    assert staged is not None
    assert len(os.fsencode(staged.name)) + len("-journal") <= 255
    assert staged.name.endswith(".importing")
    discard(staged)
