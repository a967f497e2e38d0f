"""The signs a return's money may be written with, and the currencies each stands for."""

from __future__ import annotations

DOLLARS = ("USD", "AUD", "CAD", "NZD", "SGD", "HKD", "TWD", "MXN", "ARS", "CLP", "COP")
"""Currencies written with ``$``: a ``$`` in an Australian return is Australian dollars."""
_COUNTRY_DOLLARS = (
    "US$ USD, A$ AUD, AU$ AUD, C$ CAD NIO, CA$ CAD, NZ$ NZD, S$ SGD, HK$ HKD, NT$ TWD"
)
"""Each sign, and the currencies written so: ``C$`` is the Nicaraguan córdoba's sign too."""
CURRENCY_SIGNS: dict[str, tuple[str, ...]] = {
    "£": ("GBP",),
    "€": ("EUR",),
    "$": DOLLARS,
    **{
        sign: tuple(codes)
        for sign, *codes in (pair.split() for pair in _COUNTRY_DOLLARS.split(", "))
    },
    "R$": ("BRL",),  # the Brazilian real's sign: no dollar, though written with one
}
"""The signs an amount may begin with (in any case: ``us$`` is ``US$``), and their currencies;
a dollar with its country's letters in front (``US$``, ``A$``, ``NZ$``) is that country's."""
_FORMAT_SIGNS = (
    "¥ JPY CNY, ￥ JPY CNY, ₹ INR, ₩ KRW, ₽ RUB, ₺ TRY, ₪ ILS, ₱ PHP, ฿ THB, ₫ VND, ₦ NGN, "
    "₴ UAH, ₡ CRC, ZŁ PLN, KČ CZK, FT HUF, KR SEK NOK DKK ISK, KR. DKK ISK, R ZAR, FR. CHF, "
    "LEI RON, ЛВ. BGN, RP IDR, RM MYR, RS INR PKR LKR NPR, RS. INR PKR LKR NPR, 円 JPY, "
    "元 CNY, TL TRY"
)
"""Each sign a currency format writes for other money than pounds, euros and dollars (in
upper case: Excel's ``[$¥-411]``, ``#,##0\\ "kr"``, ``[$R-1C09]``), and the currencies
written so."""
FORMAT_SIGNS: dict[str, tuple[str, ...]] = {
    sign: tuple(codes) for sign, *codes in (pair.split() for pair in _FORMAT_SIGNS.split(", "))
}
POINT_GROUPED = frozenset({"KR", "KR.", "KČ", "ZŁ", "FT", "LEI", "ЛВ.", "RP", "TL"})
"""Signs of letters of currencies whose countries write a decimal comma and may group thousands
by points (Danish and Norwegian kroner, koruna, złoty, forint, lei, leva, rupiah, lira):
``1.234 kr`` is 1234 kroner there."""
CELL_SIGNS = {
    **CURRENCY_SIGNS,
    **{sign: codes for sign, codes in FORMAT_SIGNS.items() if not any(c.isalpha() for c in sign)},
}
"""The signs a cell's text may write its amount with: £, €, the dollars, and the other signs
no word is spelt with (``¥1,200``, ``₹12,00,000``, ``₩``, ``₪``); not ``kr`` or ``R``, which
begin and end words."""
NAMES: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("dollar", "dollars"), DOLLARS),
    **dict.fromkeys(("euro", "euros"), ("EUR",)),
    **dict.fromkeys(("pound", "pounds", "sterling"), ("GBP",)),
    "kr": ("SEK", "NOK", "DKK", "ISK"),
    "kronor": ("SEK",),
    "kroner": ("NOK", "DKK"),
    **dict.fromkeys(("zl", "zloty", "zlotych"), ("PLN",)),
    "kc": ("CZK",),
    "lei": ("RON",),
}
"""Currencies a header names in words ('Total Cost (Euros)'), or in the letters of their sign
('(tkr)', '(tys. zł)', '(tis. Kč)', read without their marks: zl, kc), and those each may be."""
