"""How a meeting voted reads the same wherever the ledger shows it: in the order of ``--present``.

``item approve ... --present hcarter,mlee,cdubois --vote hcarter=for,mlee=for,cdubois=for``
was shown by ``item history`` and ``audit authority`` as *present hcarter, mlee, cdubois;
for hcarter, mlee, cdubois*, but by ``audit trail`` and the board pack, which read the
read model's JSON (its keys sorted), as *for cdubois, hcarter, mlee*: a board reading
its pack beside the audit saw two orders for one vote. Each list now follows
``--present``, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json

from tests.behaviour.test_governance import BOARD, UNANIMOUS, approve, day, gov, propose
from tests.conftest import Cli

__all__ = ["gov"]  # the fixture, used by name

SAID = "Investment Committee (IC) (present hcarter, mlee, cdubois; for hcarter, mlee, cdubois)"


def test_the_trail_and_the_pack_give_the_votes_as_the_audit_does(gov: Cli) -> None:
    propose(gov)
    assert approve(gov, "GBP 1,200,000", *BOARD, *UNANIMOUS).exit_code == 0
    audit = gov("audit", "authority", "PRJ-042")
    trail = gov("audit", "trail", "--item", "PRJ-042")
    pack = gov("report", "board-pack", "--as-at", day(2), "--since", day(-1), "--json")
    assert SAID in audit.stdout, audit.output
    assert SAID in trail.stdout, trail.output
    assert SAID in json.dumps(json.loads(pack.stdout)), pack.output
    assert "for cdubois, hcarter, mlee" not in trail.stdout + pack.stdout
