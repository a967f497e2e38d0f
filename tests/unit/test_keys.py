"""The ids of the ledger's fixed subjects never change: stored events name them."""

from __future__ import annotations

from uuid import UUID, uuid5

from portfolio_ledger.domain.keys import ORGANISATIONS_ID
from portfolio_ledger.domain.organisations import Organisations

NAMESPACE = UUID("5d0b7f9e-3c1a-4e55-9a57-3f1c2b8a6d42")


def test_the_list_of_organisations_keeps_its_id() -> None:
    assert uuid5(NAMESPACE, "organisations") == ORGANISATIONS_ID
    assert str(ORGANISATIONS_ID) == str(uuid5(NAMESPACE, "organisations"))
    assert Organisations.__module__ == "portfolio_ledger.domain.organisations"
