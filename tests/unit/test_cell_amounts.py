"""A return's money cell read as registers write it: never as another number than it writes.

``returns.amounts.cell_amount`` reads ``$1.2m``, ``1 234 567``, ``12 450 000 $`` and
``USD 3.5MM``. Whatever the grouping, sign or unit, the amount read is the one written, or
the cell is refused: a misread amount is recorded without anyone seeing it.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from portfolio_ledger.returns.amounts import CellAmountError, cell_amount

SPACES = (" ", "\u00a0", "\u202f", "\u2009")
"""How a register groups digits by spaces: plain, no-break, narrow no-break, thin."""
APOSTROPHES = ("'", "\u2019")
"""How a Swiss register groups digits: 1'234'567.89, with a plain or a typographic apostrophe."""
UNITS = {"": 1, "k": 1_000, " thousand": 1_000, "m": 10**6, "MM": 10**6, " million": 10**6}


def no_cents(text: str, decimal: str) -> str:
    """``text`` without a dash for its cents after the decimal separator (``5.-``, ``5,--``)."""
    return re.sub(rf"(\d)\{decimal}--?(?![\d-])", r"\1", text)


def grouped(whole: int, separator: str) -> str:
    """``whole`` with its thousands grouped by ``separator``: 1234567 as 1 234 567."""
    return f"{whole:,}".replace(",", separator)


amounts = st.tuples(
    st.integers(min_value=0, max_value=999_999_999_999),
    st.sampled_from(["", ".5", ".25", ".05"]),
)


@given(
    amounts,
    st.sampled_from([",", *SPACES, *APOSTROPHES]),
    st.sampled_from(["", "$", "US$", "USD "]),
)
def test_an_amount_grouped_by_commas_spaces_or_apostrophes_reads_as_the_number_it_writes(
    amount: tuple[int, str], separator: str, sign: str
) -> None:
    whole, fraction = amount
    text = f"{sign}{grouped(whole, separator)}{fraction}"

    assert cell_amount(text, "USD", 1) == (Decimal(f"{whole}{fraction}"), 1)


@given(amounts, st.sampled_from([",", " "]), st.sampled_from(list(UNITS)))
def test_a_sign_or_code_after_the_number_and_a_unit_read_as_written(
    amount: tuple[int, str], separator: str, unit: str
) -> None:
    whole, fraction = amount
    read = (Decimal(f"{whole}{fraction}"), UNITS[unit] if unit else 7)
    for after in (" $", " USD"):
        assert cell_amount(f"{grouped(whole, separator)}{fraction}{unit}{after}", "USD", 7) == read


near_amounts = st.lists(
    st.sampled_from([*"0123456789", *"0123456789", ",", ".", "-", "+", "(", ")", "$", "£",
                     *SPACES, *APOSTROPHES, "k", "m", "MM", "bn", " million", "USD", "EUR",
                     "e", "E"]),
    max_size=12,
).map("".join)  # fmt: skip


@given(near_amounts)
@example(".0k.")  # a point after its unit, as an abbreviation's, writes no digit
def test_nothing_is_read_as_another_number_than_its_digits_write(text: str) -> None:
    try:
        number, _ = cell_amount(text, "USD", 1)
    except CellAmountError:
        return
    assert abs(number) == Decimal("".join(re.findall(r"[\d.]", text)).rstrip("."))
    assert (number < 0) == ("-" in no_cents(text, ".") and number != 0)


@given(
    amounts, st.sampled_from([".", *SPACES, *APOSTROPHES]), st.sampled_from(["", "€", "€ ", "EUR "])
)
def test_an_amount_with_a_decimal_comma_reads_as_the_number_it_writes(
    amount: tuple[int, str], separator: str, sign: str
) -> None:
    whole, fraction = amount
    text = f"{sign}{grouped(whole, separator)}{fraction.replace('.', ',')}"

    assert cell_amount(text, "EUR", 1, ",") == (Decimal(f"{whole}{fraction}"), 1)


@given(near_amounts)
def test_with_a_decimal_comma_nothing_is_read_as_another_number_than_its_digits_write(
    text: str,
) -> None:
    try:
        number, _ = cell_amount(text, "USD", 1, ",")
    except CellAmountError:
        return
    assert abs(number) == Decimal("".join(re.findall(r"[\d,]", text)).replace(",", "."))
    assert (number < 0) == ("-" in no_cents(text, ",") and number != 0)


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("1.5", "has a point that does not group thousands"),
        ("0.500", "has a point that does not group thousands"),
        ("1,234.56", "is written with commas grouping thousands"),
        ("1,234,567", "is written with commas grouping thousands"),
        ("1.23.456", "groups its digits by points other than in threes"),
        ("1.2345,6", "groups its digits by points other than in threes"),
        ("1,23457E+11", "scientific notation"),
    ],
)
def test_with_a_decimal_comma_a_number_written_otherwise_is_refused(text: str, why: str) -> None:
    with pytest.raises(CellAmountError) as refused:
        cell_amount(text, "EUR", 1, ",")

    assert why in str(refused.value)


@pytest.mark.parametrize(
    "text",
    ["1 234,5", "12 34", "1 23 456", "1234 567", "1,234 567", "98 765 432,50", "1 234 5"],
)
def test_digits_grouped_otherwise_than_in_thousands_are_refused(text: str) -> None:
    with pytest.raises(CellAmountError):
        cell_amount(text, "USD", 1)


@pytest.mark.parametrize(
    ("text", "currency"), [("$100 EUR", "EUR"), ("£100 EUR", "EUR"), ("US$100 CAD", "CAD")]
)
def test_a_sign_and_a_code_of_different_currencies_are_refused(text: str, currency: str) -> None:
    # '$100 EUR' in a return of euros was read as EUR 100: the code won over the sign, though
    # the cell says two currencies and nothing says which it is.
    with pytest.raises(CellAmountError) as refused:
        cell_amount(text, currency, 1)

    assert "writes both the sign" in str(refused.value)


WIDE = "\uff11.\uff12\uff13\uff14"
"""1.234 in full-width digits, as a register typed in a Japanese or Chinese input mode writes."""


@pytest.mark.parametrize(("text", "read"), [(",5", "0.5"), ("€ ,25", "0.25")])
def test_with_a_decimal_comma_no_whole_part_is_read_as_written(text: str, read: str) -> None:
    # ',5' was refused as grouping 'its digits by points other than in threes' (it has no
    # point), where '.5' is read with a decimal point.
    assert cell_amount(text, "EUR", 1, ",") == (Decimal(read), 1)


@pytest.mark.parametrize("decimal", [".", ","])
@pytest.mark.parametrize(
    "text", [WIDE, WIDE + ",\uff15", "\uff11\uff12\uff13", "\u0663\u0660\u0660\u0660"]
)
def test_digits_other_than_0_to_9_are_refused_whichever_the_decimal(
    text: str, decimal: str
) -> None:
    # With a decimal comma, full-width digits were read as 0-9 (1.234 as 1234), where with a
    # decimal point the same cell was refused: the ledger reads amounts in 0 to 9 only.
    with pytest.raises(CellAmountError) as refused:
        cell_amount(text, "EUR", 1, decimal)

    assert "has digits other than 0 to 9" in str(refused.value)
    assert f"as in 1443{decimal}7" in str(refused.value)


@pytest.mark.parametrize(
    ("text", "fix"),
    [
        ("1,234,567.89", "write 1.234.567,89,"),
        ("12,34,567", "write 1.234.567,"),  # India's grouping: was 'write 12.34.567'
        ("1,5,0", "write it so,"),  # no number either way: was 'write 1.5.0'
    ],
)
def test_with_a_decimal_comma_a_number_grouped_by_commas_is_told_how_to_write_it(
    text: str, fix: str
) -> None:
    # The fix offered swapped points and commas, so 12,34,567 was told to write 12.34.567,
    # itself refused (a group not of three digits), and 1,5,0 to write 1.5.0.
    with pytest.raises(CellAmountError) as refused:
        cell_amount(text, "EUR", 1, ",")

    assert fix in str(refused.value)


@pytest.mark.parametrize("text", ["1,2 billion", "€ 2 Billion", "3,5 billions EUR"])
def test_with_a_decimal_comma_a_billion_is_refused_as_it_may_be_a_million_millions(
    text: str,
) -> None:
    # German and French 'Billion' is 10**12 (a thousand millions is Milliarde, milliard):
    # '1,2 Billion' in a German register was read as 1,200,000,000, a thousand times less.
    with pytest.raises(CellAmountError) as refused:
        cell_amount(text, "EUR", 1, ",")

    assert "in German and French (Billion, billion) a million millions" in str(refused.value)
    assert cell_amount("1.2 billion", "EUR", 1) == (Decimal("1.2"), 10**9)  # English: as before


@pytest.mark.parametrize(
    ("text", "decimal", "named"),
    [
        ("1,5 G$", ",", "'G$'"),  # Quebec's billions of dollars (milliards): G for giga
        ("1.5 G$", ".", "'G$'"),
        ("$1.5 Md", ".", "'Md'"),
        ("2 Cr", ".", "'Cr'"),  # a credit's mark, not a crore
    ],
)
def test_a_unit_or_sign_after_the_number_that_is_none_read_is_named(
    text: str, decimal: str, named: str
) -> None:
    # Before, '1,5 G$' was refused as 'not an amount', with no word of the G$ not read.
    with pytest.raises(CellAmountError) as refused:
        cell_amount(text, "CAD", 1, decimal)

    assert f"writes {named} after its number, which is read as no unit" in str(refused.value)


def test_an_unread_unit_and_a_decimal_comma_are_both_named() -> None:
    with pytest.raises(CellAmountError) as refused:
        cell_amount("1,5 G$", "CAD", 1)

    assert "writes 'G$' after its number" in str(refused.value)
    assert "nor is '1,5' read (a comma only groups digits" in str(refused.value)


@pytest.mark.parametrize("text", ["1'23'456", "12'34", "1'2345", "1''234", "1\u2019234'56"])
def test_apostrophes_grouping_other_than_thousands_are_refused(text: str) -> None:
    # 1'234'567 is Switzerland's 1,234,567; grouped otherwise, it may be no amount at all
    with pytest.raises(CellAmountError):
        cell_amount(text, "CHF", 1)


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("1.234.567,-", 1_234_567),
        ("€ 1.234,--", 1_234),
        ("12.500,\u2013 €", 12_500),
        ("1 234,-", 1_234),
        ("EUR 0,-", 0),
    ],
)
def test_with_a_decimal_comma_a_dash_for_cents_is_a_whole_amount(text: str, read: int) -> None:
    # 1.234,- is 1.234,00 as German, Dutch and Nordic amounts are written: it was refused as
    # negative, 'its minus after it', which it is not
    assert cell_amount(text, "EUR", 1, ",") == (Decimal(read), 1)


@pytest.mark.parametrize("text", ["1.234,-", "1234,--", "$1 200,-"])
def test_a_dash_for_cents_where_the_decimal_is_a_point_says_so_and_not_negative(text: str) -> None:
    with pytest.raises(CellAmountError) as refused:
        cell_amount(text, "EUR", 1)

    said = str(refused.value)
    assert "writes its cents as a dash after a decimal comma" in said
    assert 'decimal = ","' in said
    assert "negative" not in said


@pytest.mark.parametrize(
    ("text", "currency", "decimal", "read"),
    [
        ("kr 1 234,50", "NOK", ",", "1234.50"),
        ("1 234,50 kr", "SEK", ",", "1234.50"),
        ("1 234 kr.", "DKK", ",", "1234"),
        ("Fr. 1'234.50", "CHF", ".", "1234.50"),
        ("1 234,50 zł", "PLN", ",", "1234.50"),
        ("1 234 Kč", "CZK", ",", "1234"),
        ("R 1,234", "ZAR", ".", "1234"),
        ("Rs. 12,34,567", "INR", ".", "1234567"),
        ("1,234円", "JPY", ".", "1234"),
        ("1.234,50 TL", "TRY", ",", "1234.50"),
    ],
)
def test_a_sign_of_letters_is_read_in_a_return_of_its_currency(
    text: str, currency: str, decimal: str, read: str
) -> None:
    # As the format '#,##0.00 "kr"' shows the cell, and a CSV saved from it writes it:
    # before, refused as writing 'kr' after its number, read as no unit or sign
    assert cell_amount(text, currency, 1, decimal) == (Decimal(read), 1)


@pytest.mark.parametrize(
    ("text", "currency", "decimal"),
    [("1 234 kr", "EUR", ","), ("12 ft", "GBP", "."), ("1234 krone", "NOK", ",")],
)
def test_letters_after_a_number_in_a_return_of_another_currency_are_still_refused(
    text: str, currency: str, decimal: str
) -> None:
    with pytest.raises(CellAmountError) as refused:
        cell_amount(text, currency, 1, decimal)

    assert "which is read as no unit or currency sign" in str(refused.value)


@pytest.mark.parametrize(
    ("text", "amount", "multiplier"),
    [
        ("₹ 1,234.56 crore", "1234.56", 10_000_000),
        ("12 Crores", "12", 10_000_000),
        ("Rs. 12.5 lakh", "12.5", 100_000),
        ("3 lacs", "3", 100_000),
    ],
)
def test_a_cell_in_crores_or_lakhs_is_read_in_them(text: str, amount: str, multiplier: int) -> None:
    # India's registers write their costs so (Rs. 1,234.56 crore): before, refused as
    # writing 'crore' after its number, 'read as no unit'
    assert cell_amount(text, "INR", 1) == (Decimal(amount), multiplier)


def test_cr_after_a_number_is_no_crore() -> None:
    # 'Cr' marks a credit in an accounting export: read as a crore it would be 10^7 too large
    with pytest.raises(CellAmountError, match="read as no unit or currency sign"):
        cell_amount("1,234 Cr", "INR", 1)


@pytest.mark.parametrize(
    ("text", "read"), [("CHF 1'234.\u2013", 1_234), ("Fr. 12.-", 12), ("1'234'567.--", 1_234_567)]
)
def test_a_dash_for_cents_after_a_decimal_point_is_a_whole_amount(text: str, read: int) -> None:
    # Switzerland's 1'234.- (no rappen): refused as negative, 'its minus after it'
    assert cell_amount(text, "CHF", 1) == (Decimal(read), 1)
    with pytest.raises(CellAmountError, match="negative, its minus after it"):
        cell_amount("12.00-", "CHF", 1)  # SAP's negative, its minus after its cents, as before


@pytest.mark.parametrize(
    ("text", "decimal"), [("13.9.-", "."), ("76.215946.-", "."), ("1,5,-", ",")]
)
def test_a_dash_after_an_amount_with_its_decimals_is_no_whole_amount(
    text: str, decimal: str
) -> None:
    # Only a whole amount writes its cents as a dash: read, 13.9.- would be 13.9
    with pytest.raises(CellAmountError):
        cell_amount(text, "CHF", 1, decimal)


@pytest.mark.parametrize(
    ("text", "how"),
    [
        ("\u201012,000", "its minus before it"),  # a hyphen, as a word processor puts one
        ("\u201212,000", "its minus before it"),  # a figure dash
        ("\u201412,000", "its minus before it"),  # an em dash
        ("\uff0d12,000", "its minus before it"),  # a full-width hyphen-minus
        ("USD \u201012,000", "its minus before it"),
        ("12,000\u2010", "its minus after it"),
        ("12,000\uff0d", "its minus after it"),
    ],
)
def test_a_negative_written_with_another_dash_is_refused_as_negative(text: str, how: str) -> None:
    # h2's PPM export load (session 66): refused as no amount, with nothing said of why
    with pytest.raises(CellAmountError, match=f"is negative, {how}"):
        cell_amount(text, "USD", 1)


def test_a_mark_after_an_amount_with_its_code_before_is_named() -> None:
    # 'USD 1,250,000.00 CR' was refused with nothing said, where '1,250,000.00 CR' names CR
    for text in ("USD 1,250,000.00 CR", "1,250,000.00 CR"):
        with pytest.raises(CellAmountError, match="writes 'CR' after its number"):
            cell_amount(text, "USD", 1)
