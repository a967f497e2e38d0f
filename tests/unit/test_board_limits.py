"""The rule's arithmetic: a board's limit within its parent's, day by day (pure)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from portfolio_ledger.domain.board_limits import Breach, Limits, first_breach
from portfolio_ledger.domain.money import Money


def _m(millions: int, currency: str = "GBP") -> Money:
    return Money(Decimal(millions * 1_000_000), currency)


def _d(day: int) -> date:
    return date(2026, 1, day)


def test_no_limit_above_is_never_broken_and_no_limit_below_breaks_any_limit() -> None:
    under: Limits = ((_d(1), None),)
    assert first_breach(under, ((_d(1), None),), ((), ((_d(1), None),))) is None
    above: Limits = ((_d(1), _m(5)),)
    assert first_breach(under, above, ((), above)) == Breach(_d(1), None, _m(5), None)


def test_a_limit_in_another_currency_is_not_within() -> None:
    above: Limits = ((_d(1), _m(5)),)
    found = first_breach(((_d(2), _m(1, "EUR")),), above, ((), above))
    assert found == Breach(_d(2), _m(1, "EUR"), _m(5), None)


def test_days_before_either_board_existed_are_not_judged() -> None:
    above: Limits = ((_d(10), _m(5)),)
    assert first_breach(((_d(1), _m(9)), (_d(10), _m(5))), above, ((), above)) is None


def test_the_first_day_and_the_day_it_holds_again() -> None:
    under: Limits = ((_d(5), _m(4)), (_d(20), _m(1)))
    above: Limits = ((_d(1), _m(3)),)
    assert first_breach(under, above, ((), above)) == Breach(_d(5), _m(4), _m(3), _d(20))


def test_a_day_as_it_was_before_the_change_is_not_judged_again() -> None:
    under: Limits = ((_d(5), _m(4)),)
    was_above: Limits = ((_d(1), _m(5)), (_d(10), _m(3)))  # recorded so before the rule
    above: Limits = ((_d(1), _m(4)), (_d(10), _m(3)))  # changed before day 10 only
    assert first_breach(under, above, (under, was_above)) is None
    lower: Limits = ((_d(1), _m(4)), (_d(10), _m(2)))  # and from day 10: judged
    assert first_breach(under, lower, (under, was_above)) == Breach(_d(10), _m(4), _m(2), None)
