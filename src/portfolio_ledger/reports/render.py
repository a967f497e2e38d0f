"""The pack as one self-contained HTML file (inline CSS and SVG, no scripts), and as PDF.

The PDF is WeasyPrint's rendering of the very same HTML. Neither holds the
time it was made unless the pack says so (``generated_at``), so the same
ledger and options give the same bytes.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stdout
from decimal import Decimal
from importlib.resources import files
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from portfolio_ledger.domain.change_words import names_in_words
from portfolio_ledger.domain.errors import LedgerError
from portfolio_ledger.domain.money import format_amount
from portfolio_ledger.reports.charts import Chart, draw
from portfolio_ledger.reports.checks import NOT_ON_RECORD
from portfolio_ledger.reports.glyphs import collected
from portfolio_ledger.reports.listing import DEFAULT_LISTED, listing
from portfolio_ledger.reports.model import BoardPack, Change
from portfolio_ledger.reports.summary import SHOWN
from portfolio_ledger.reports.tabular import (
    DIFF_LABELS,
    also_recorded,
    counted,
    currency_named,
    left_out,
)

TEMPLATE = "board_pack.html.j2"
"""A figure's words where it has no amount: withheld, not known."""


def money(amount: Decimal | None, currency: str) -> str:
    """``GBP 1,234,567`` (pence only where there are any); a dash for no figure."""
    if amount is None:
        return "-"
    return f"{currency} {format_amount(amount)}"


def changed_value(change: Change, side: str) -> str:
    """One side of a change as ``portfolio diff`` shows it: money as money, a dash for none."""
    value: str | None = getattr(change, side)
    if value is None:
        return "-"
    amount = change.amount(value)
    return value if amount is None or change.currency is None else money(amount, change.currency)


_ISO_DATE = re.compile(r"(?<![\w-])\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2})?Z?)?(?![\w-])")
"""A day written YYYY-MM-DD in running text, or a moment, ``2026-12-04T10:33:21Z``."""


def dated(text: object) -> Markup:
    """``text`` escaped, each ISO date in it held on one line (``<span class="date">``).

    Running text wraps anywhere in a narrow column, and a date at a line's end broke at
    a hyphen: read ``2026-07-`` over ``08``, and extracted from the PDF as ``202607-08``
    (a line-end hyphen is read as a word's). Kept whole, it keeps its plain hyphens, so
    a search or a copy of the text finds the date as written.
    """
    return Markup(  # noqa: S704 - the text is escaped; the span is ours
        _ISO_DATE.sub(lambda day: f'<span class="date">{day[0]}</span>', str(escape(str(text))))
    )


def _environment() -> Environment:
    environment = Environment(
        loader=PackageLoader("portfolio_ledger.reports", "templates"),
        autoescape=select_autoescape(["html", "j2"], default=True),
        undefined=StrictUndefined,
        trim_blocks=False,
        keep_trailing_newline=True,
    )
    environment.filters["money"] = money
    environment.filters["dated"] = dated
    environment.filters["counted"] = counted
    environment.filters["changed"] = changed_value
    environment.filters["left_out"] = lambda row: left_out(row.model_dump(), SHOWN)
    environment.filters["change_label"] = lambda name: DIFF_LABELS.get(name, name)
    environment.filters["someone"] = lambda who: who or NOT_ON_RECORD  # as recommendations say
    environment.filters["currency_named"] = lambda rows: zip(
        currency_named([(row.label, row.currency) for row in rows]), rows, strict=True
    )
    environment.filters["names"] = names_in_words  # told apart, as the audit trail says a list
    environment.filters["also_recorded"] = also_recorded
    return environment


def _css() -> str:
    return (
        files("portfolio_ledger.reports")
        .joinpath("templates", "board_pack.css")
        .read_text(encoding="utf-8")
    )


def to_html(
    pack: BoardPack,
    charts: list[Chart] | None = None,
    *,
    exceptions: int | None = DEFAULT_LISTED["exceptions"],
    decisions: int | None = DEFAULT_LISTED["decisions"],
    changes: int | None = DEFAULT_LISTED["changes"],
) -> str:
    """The pack as one HTML document: inline CSS, inline SVG charts, no scripts.

    It lists at most ``exceptions`` exceptions, ``decisions`` decisions and ``changes``
    changes (None: every one), saying how many there are in all (:mod:`.listing`); the
    pack keeps them all.
    """
    drawn = charts if charts is not None else draw(pack)
    return (
        _environment()
        .get_template(TEMPLATE)
        .render(
            pack=pack,
            s=pack.summary,
            listed=listing(pack, exceptions, decisions, changes),
            css=Markup(_css()),  # noqa: S704 - our own stylesheet, shipped in the package
            charts=[
                {"title": c.title, "alt": c.alt, "svg": Markup(c.svg)}  # noqa: S704 - matplotlib's SVG, labels escaped by _svg
                for c in drawn
            ],
        )
    )


def to_pdf(html: str, missing: list[str] | None = None) -> bytes:
    """The PDF of an HTML pack, rendered by WeasyPrint (fixed metadata: same bytes each time).

    The PDF is tagged (``pdf_tags``: its headings, paragraphs, lists and tables marked as
    such, as a screen reader and a PDF/UA check read them), in the language the HTML
    declares (``<html lang="en">``, written as the catalogue's ``/Lang``).

    Where HarfBuzz's subsetter is not installed, WeasyPrint subsets the fonts
    with fontTools, which stamps each font it writes with the current time
    unless ``SOURCE_DATE_EPOCH`` says which (the reproducible-builds
    convention): so it is set, for the rendering only, to :data:`FONT_TIME`
    unless the caller set it. The file identifier is fixed too.

    ``missing``, if given, is added each character no font on the machine has, which the
    PDF draws as an empty box (``reports.glyphs``).
    """
    document = _weasyprint_html()(string=html, base_url=None)
    with (
        _source_date(FONT_TIME),
        _machines_fonts_only(),
        collected([] if missing is None else missing),
    ):
        pdf: bytes = document.write_pdf(
            uncompressed_pdf=False, pdf_identifier=b"portfolio-ledger-pack", pdf_tags=True
        )
    return pdf


NO_TEXT_LIBRARIES = (
    "cannot write a PDF board pack: WeasyPrint, which draws it, needs Pango and the text "
    "libraries it uses from the system, and one could not be loaded ({error}). Install them "
    "(Debian, Ubuntu: apt-get install libpango-1.0-0 libpangoft2-1.0-0; Fedora: dnf install "
    "pango; macOS: brew install pango) and make the pack again, or write it as HTML "
    "(--out FILE.html) or a workbook (--out FILE.xlsx), which need none of them."
)


def _weasyprint_html() -> Any:
    """WeasyPrint's ``HTML``; where a system library it needs is missing, a message saying so.

    WeasyPrint loads Pango (with GLib, HarfBuzz and fontconfig) from the system as it is
    imported; pip installs WeasyPrint, not them. It printed a banner of its own on standard
    output and raised ``OSError``: an internal error, exit 70. The banner is held back.
    """
    with redirect_stdout(io.StringIO()):
        try:
            from weasyprint import HTML  # type: ignore[import-untyped]  # ships no type hints
        except OSError as error:
            raise LedgerError(NO_TEXT_LIBRARIES.format(error=error)) from None
    return HTML


FONT_TIME = "0"
"""The time written into the PDF's embedded fonts, as ``SOURCE_DATE_EPOCH`` (1970-01-01)."""


@contextmanager
def _source_date(epoch: str) -> Iterator[None]:
    """``SOURCE_DATE_EPOCH`` set to ``epoch`` inside, unless it is already set; put back after."""
    if "SOURCE_DATE_EPOCH" in os.environ:
        yield
        return
    os.environ["SOURCE_DATE_EPOCH"] = epoch
    try:
        yield
    finally:
        os.environ.pop("SOURCE_DATE_EPOCH", None)


_USERS_FONTS = ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME")
"""Where fontconfig finds a user's own settings (``~/.config/fontconfig/fonts.conf``,
``~/.fonts.conf``) and fonts (``~/.local/share/fonts``, ``~/.fonts``)."""


@contextmanager
def _machines_fonts_only() -> Iterator[None]:
    """The fonts and fontconfig settings of the machine alone, not of whoever makes the pack.

    WeasyPrint loads fontconfig's configuration as it renders; a user's own (a
    preferred sans-serif, hinting turned off) or a font of theirs changed the PDF's
    bytes. Their folders are an empty one of ours inside; put back after.
    """
    before = {name: os.environ.get(name) for name in _USERS_FONTS}
    with tempfile.TemporaryDirectory(prefix="portfolio-ledger-fonts-") as empty:
        os.environ.update(dict.fromkeys(_USERS_FONTS, empty))
        try:
            yield
        finally:
            for name, value in before.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value
