"""The board pack's PDF is the same bytes for the same HTML, whichever way its fonts are subset."""

from __future__ import annotations

import os
import time

import pytest

from portfolio_ledger.reports.render import to_pdf

HTML = "<html><body><h1>Board pack</h1><p>GBP 1,234,567 \u2013 caf\u00e9</p></body></html>"


def _an_hour_on(monkeypatch: pytest.MonkeyPatch) -> None:
    """The clock an hour later (fontTools reads ``time.time`` to stamp a font it writes)."""
    now = time.time
    monkeypatch.setattr(time, "time", lambda: now() + 3600)


def test_fonts_subset_by_fonttools_an_hour_apart_give_the_same_pdf(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fonts = pytest.importorskip("weasyprint.pdf.fonts")
    # As on a machine without HarfBuzz's subsetter: WeasyPrint subsets with fontTools.
    monkeypatch.setattr(fonts, "harfbuzz_subset", None)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first = to_pdf(HTML)
    _an_hour_on(monkeypatch)
    assert to_pdf(HTML) == first
    assert "SOURCE_DATE_EPOCH" not in os.environ  # put back as it was


def test_the_pdf_names_its_fixed_identifier() -> None:
    pytest.importorskip("weasyprint")
    assert b"/ID [(portfolio-ledger-pack)" in to_pdf(HTML)


def test_a_source_date_the_caller_set_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("weasyprint")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    to_pdf(HTML)
    assert os.environ["SOURCE_DATE_EPOCH"] == "1700000000"
