"""A --key naming a file that is not there says which file, not how a key's hash is spelt."""

from __future__ import annotations

from pathlib import Path

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


@pytest.mark.parametrize(
    "args",
    [
        ("audit", "verify"),
        ("audit", "verify-receipt", "receipt.json"),
        ("audit", "verify-consistency", "proof.json"),
    ],
)
def test_a_folder_given_as_the_key_is_said_to_be_one(
    run: Cli, args: tuple[str, ...], tmp_path: Path
) -> None:
    """A folder's name has no '+', so it is no key's text: said as a folder, not as a hash."""
    folder = tmp_path / "keys"
    folder.mkdir()

    result = run(*args, "--key", str(folder))

    assert result.exit_code == 2
    assert f"{folder} is a folder, not a file holding a verifier key" in result.output
    assert "hash ''" not in result.output
