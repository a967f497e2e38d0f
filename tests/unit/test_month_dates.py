"""A month written alone (``Jun 2026``, ``2026-06``) read as the day a mapping's months says."""

from __future__ import annotations

from datetime import date

import pytest

from portfolio_ledger.returns.dates import text_date


@pytest.mark.parametrize(
    ("text", "last"),
    [("Feb 2028", date(2028, 2, 29)), ("2027-02", date(2027, 2, 28)),
     ("12/2026", date(2026, 12, 31)), ("9999-12", date(9999, 12, 31)),
     ("Apr 2026", date(2026, 4, 30))],
)  # fmt: skip
def test_a_month_s_last_day_is_the_day_it_has_last(text: str, last: date) -> None:
    # 9999-12 was refused as 'year 10000 is out of range', naming no rule or fix.
    assert text_date(text, months="last") == last
    assert text_date(text, months="first") == last.replace(day=1)


@pytest.mark.parametrize(
    ("text", "said"),
    [("2025-26", "'2025-26' is a financial year (2025 to 2026)"),
     ("2011-12", "'2011-12' may be a month or a financial year (2011 to 2012)"),
     # written with a slash, as UK, Australian and New Zealand registers write it too:
     # refused as 'not a date', naming neither the period nor how to spell it
     ("2026/27", "'2026/27' is a financial year (2026 to 2027)"),
     ("2025/2026", "'2025/2026' is a financial year (2025 to 2026)"),
     ("2011/12", "'2011/12' may be a month or a financial year (2011 to 2012)")],
)  # fmt: skip
def test_a_financial_year_written_as_years_is_refused_as_a_period(text: str, said: str) -> None:
    # '2011-12' (the financial year, as UK and Australian registers write one) was read as
    # December 2011 under months, and '2025-26' refused as no date, not as a period.
    with pytest.raises(ValueError, match="a period, not a day") as refused:
        text_date(text, months="last")

    assert said in str(refused.value)


@pytest.mark.parametrize(
    ("text", "said"),
    [("2026\u201327", "'2026\u201327' is a financial year (2026 to 2027)"),
     ("2025\u20132026", "'2025\u20132026' is a financial year (2025 to 2026)"),
     ("2026\u221227", "'2026\u221227' is a financial year (2026 to 2027)"),
     ("FY2026\u201327", "'FY2026\u201327' is a period"),
     ("Q4 2025\u201326", "'Q4 2025\u201326' is a period")],
)  # fmt: skip
def test_a_financial_year_typeset_with_a_dash_is_refused_as_a_period(text: str, said: str) -> None:
    # Canada's and Australia's registers typeset a financial year with an en dash
    # (2026\u201327): it was 'not a date', saying neither the period nor how to spell it.
    with pytest.raises(ValueError, match="a period") as refused:
        text_date(text, "DD/MM/YYYY", months="last")

    assert said in str(refused.value)
    assert f'[spellings.forecast_date] "{text}" = "YYYY-MM-DD"' in str(refused.value)


def test_a_month_typeset_with_a_dash_is_still_not_read() -> None:
    with pytest.raises(ValueError, match="is not a date"):
        text_date("2026\u201306", months="last")


def test_a_month_of_year_0_is_not_a_date() -> None:
    with pytest.raises(ValueError, match=r"'0000-06' is not a date \(YYYY-MM-DD\)"):
        text_date("0000-06", months="last")


@pytest.mark.parametrize(
    ("text", "day"),
    [("31 december 2025", date(2025, 12, 31)), ("1 mrt 2026", date(2026, 3, 1)),
     ("1 maart 2026", date(2026, 3, 1)), ("15 mei 2027", date(2027, 5, 15)),
     ("1er janvier 2026", date(2026, 1, 1)), ("15 août 2027", date(2027, 8, 15)),
     ("31. Dezember 2025", date(2025, 12, 31)), ("31 MÄRZ 2026", date(2026, 3, 31)),
     ("3 okt. 2028", date(2028, 10, 3))],
)  # fmt: skip
def test_a_date_with_its_month_named_in_dutch_french_or_german_is_read(
    text: str, day: date
) -> None:
    # '1 maart 2026' was refused as 'not a date (YYYY-MM-DD)': only English names were read.
    assert text_date(text) == day
    assert text_date(text, "MM/DD/YYYY") == day  # named, it cannot be misread


def test_a_month_named_in_dutch_alone_is_the_day_the_mapping_says() -> None:
    assert text_date("juni 2026", months="last") == date(2026, 6, 30)
    with pytest.raises(ValueError, match="'juni 2026' is a month, not a day"):
        text_date("juni 2026")


@pytest.mark.parametrize(
    ("text", "named"),
    [("Jun-26", "June 2026 or 1926?"), ("Sept 27", "September 2027 or 1927?"),
     ("Dec '27", "December 2027 or 1927?"), ("mrt-26", "March 2026 or 1926?")],
)  # fmt: skip
def test_a_month_of_a_two_digit_year_is_refused_saying_so(text: str, named: str) -> None:
    # 'Jun-26', as Excel saves a date formatted mmm-yy to CSV, was refused as 'not a date',
    # saying nothing of its year of two digits, with months = "last" or without it.
    for months in ("last", None):
        with pytest.raises(ValueError, match="a month and a year of two digits") as refused:
            text_date(text, "DD/MM/YYYY", months=months)

        assert named in str(refused.value)
        assert f'[spellings.forecast_date] "{text}" = "YYYY-MM-DD"' in str(refused.value)


@pytest.mark.parametrize("text", ["Q3 2025", "FY2026-27", "2025-26"])
def test_a_period_is_refused_saying_how_the_mapping_spells_it(text: str) -> None:
    # A register writes its quarter every quarter: the refusal said only 'write the day'.
    with pytest.raises(ValueError, match="a period") as refused:
        text_date(text, months="last")

    assert f'[spellings.forecast_date] "{text}" = "YYYY-MM-DD"' in str(refused.value)


def test_a_month_written_year_first_with_a_slash_is_its_months_day() -> None:
    # 2026/06, as 2026-06 is: refused as not a date, where 2026-06 was read
    assert text_date("2026/06", months="last") == date(2026, 6, 30)
    assert text_date("2026/6", months="first") == date(2026, 6, 1)
