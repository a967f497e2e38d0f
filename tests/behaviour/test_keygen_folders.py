"""Every folder ``audit keygen`` makes on the way to the signer key is its owner's alone.

docs/verification.md: "A folder on the way that is not there is made, readable by its
owner only (mode 0700)". ``Path.mkdir(mode=0o700, parents=True)`` gave that mode to the
last folder only; the ones above it were made readable by everyone (0755 under the usual
umask), naming where the secret key is kept.
"""

from __future__ import annotations

import stat
from pathlib import Path

from tests.conftest import Cli


def test_each_folder_made_on_the_way_is_readable_by_its_owner_only(
    run: Cli, tmp_path: Path
) -> None:
    key = tmp_path / "keys" / "ledger" / "signing.key"

    made = run("audit", "keygen", "--name", "ledger.example.org/portfolio", "--out", str(key))

    assert made.exit_code == 0, made.output
    modes = {
        folder.name: stat.S_IMODE(folder.stat().st_mode)
        for folder in (tmp_path / "keys", tmp_path / "keys" / "ledger")
    }
    assert modes == {"keys": 0o700, "ledger": 0o700}
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
