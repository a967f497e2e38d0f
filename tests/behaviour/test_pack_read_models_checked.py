"""A pack's digest vouches for the events, not for the read models its figures come from.

The page said the digest lets the minutes 'cite exactly the record the board saw'. A
budget changed in ``item_timeline`` (the items as they stood) through SQL showed in the
pack, whose digest then verified: a pack that verifies but says what the events do not.
The page now says what the digest covers and what finds such a row (``audit verify
--read-models``), and this shows both, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import text

from portfolio_ledger.domain.clock import utc_today
from tests.behaviour.test_tamper import tampering
from tests.conftest import Cli

DOC = Path(__file__).resolve().parents[2] / "docs" / "reports.md"


def test_a_read_model_row_changed_shows_in_a_pack_whose_digest_verifies(
    run: Cli, tmp_path: Path
) -> None:
    said = " ".join(DOC.read_text(encoding="utf-8").split())
    assert "The digest fixes the events, not the figures drawn from them" in said
    made = run("item", "onboard", "PRJ-1", "--title", "Payroll replacement", "--category",
               "Corporate systems", "--budget", "GBP 1,000,000", "--rag", "amber",
               "--authority", "Baseline", "-m", "Onboarded")  # fmt: skip
    assert made.exit_code == 0, made.output
    with tampering(run.url) as connection:
        connection.execute(
            text("UPDATE item_timeline SET authorised_budget = 99999999 WHERE key = 'PRJ-1'")
        )
    out = tmp_path / "pack.html"

    pack = run("report", "board-pack", "--as-at", utc_today().isoformat(), "--out", str(out))

    assert pack.exit_code == 0, pack.output
    page = out.read_text(encoding="utf-8")
    assert "GBP 99,999,999" in page
    assert "GBP 1,000,000<" not in page
    digest = re.search(r"portfolio-ledger/v1 position=\d+ recorded=\S+ sha256=[0-9a-f]{64}", page)
    assert digest is not None
    assert run("audit", "verify", "--digest", digest.group()).exit_code == 0
    checked = run("audit", "verify", "--read-models")
    assert checked.exit_code == 1, checked.output
    assert "FAILED: read models: item_timeline" in checked.output
