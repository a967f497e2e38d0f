"""Currency signs in a return's money: a sign of one currency is named by its code."""

from __future__ import annotations

from tests.behaviour.test_returns_refusals import GOOD, HEADER, refused, write
from tests.conftest import Cli


def test_a_euro_sign_in_a_return_of_pounds_is_refused_as_in_eur(run: Cli) -> None:
    # Was "'€12' is in a currency written € (EUR)" after $ came to stand for several.
    path = write("eur.csv", HEADER, *GOOD, "HO_0003,Borders,HO,Infrastructure,2024-25,€12,,RED")

    message = refused(run, path)

    assert "cell F4: '€12' is in EUR; this return's money is GBP" in message
