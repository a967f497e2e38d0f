"""A --key naming a file that is not there says which file, not how a key's hash is spelt."""

from __future__ import annotations

import pytest

from tests.conftest import Cli


@pytest.mark.parametrize(
    "args",
    [
        ("audit", "verify"),
        ("audit", "verify-receipt", "receipt.json"),
        ("audit", "verify-consistency", "proof.json"),
    ],
)
def test_a_missing_key_file_is_named(run: Cli, args: tuple[str, ...]) -> None:
    result = run(*args, "--key", "ledger.pub")

    assert result.exit_code == 2
    assert "no file ledger.pub" in result.output
    assert "hash ''" not in result.output
