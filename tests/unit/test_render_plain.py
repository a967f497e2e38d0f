"""Rendering's fast paths write what the slow ones wrote: JSON by orjson, fields plain."""

from __future__ import annotations

import io
import json
import random
import string
import sys
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from portfolio_ledger.cli import render


class ColumnName(str):
    """What SQLAlchemy's result keys are: text of a subclass of str."""


RECORDS = [
    [],
    {},
    [{}, [], {"a": []}, {"b": {}}],
    [
        {
            ColumnName("key"): "PRJ-001",
            ColumnName("title"): 'Payroll \u2028 replacement "v2" \\ é 😀 \x00\x1f\x7f\t\n',
            "budget": Decimal("1200000.50"),
            "none": None,
            "flags": [True, False],
            "rank": 3,
            "big": 2**63 - 1,
            "day": date(2026, 3, 31),
            "at": datetime(2026, 11, 30, 19, 1, 38, 123456, tzinfo=UTC),
            "at_whole_second": datetime(2026, 11, 30, 19, 1, 38, tzinfo=UTC),
            "elsewhere": datetime(2026, 1, 1, tzinfo=timezone(timedelta(hours=5, minutes=30))),
            "naive": datetime(2026, 1, 1, 12),  # noqa: DTZ001 - written as json writes it
            "refs": ("IC minutes", "EXB"),
            "nested": {"votes": {"hcarter": "for"}, "present": ["a", "b"]},
        }
    ],
    {"too big for orjson": 2**70, "lone surrogate": "\udc80"},  # json writes these
]


@pytest.mark.parametrize("records", RECORDS)
def test_records_json_is_the_json_text(records: object) -> None:
    assert render.records_json(records) == render.json_text(records)


def test_records_json_of_a_listing_does_not_fall_back_to_json(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def slow(_: object) -> str:
        raise AssertionError("fell back to the json module")

    monkeypatch.setattr(render, "json_text", slow)

    written = render.records_json(RECORDS[3])

    assert json.loads(written)[0]["budget"] == "1200000.50"


def test_records_json_refuses_what_json_refuses() -> None:
    with pytest.raises(TypeError):
        render.records_json([{"when": datetime.now(UTC).time()}])


def _printed(pairs: list[tuple[str, str]], *, plain: bool, monkeypatch: pytest.MonkeyPatch) -> str:
    piped = io.StringIO()
    with monkeypatch.context() as patch:
        patch.setattr(sys, "stdout", piped)
        if not plain:
            patch.setattr(render, "_plain_cell", lambda _: False)  # rich, as before
        try:
            render.fields(pairs)
        except Exception as error:  # noqa: BLE001 - rich refuses some markup: the same both ways
            return repr(error)
    return piped.getvalue()


def _cells(chooser: random.Random) -> list[tuple[str, str]]:
    alphabet = string.ascii_letters + string.digits + string.punctuation + "  éü£ÿ:[]\t😀\u0301"
    return [
        (
            "".join(chooser.choice(alphabet) for _ in range(chooser.randint(1, 25))),
            "".join(chooser.choice(alphabet) for _ in range(chooser.randint(0, 200))),
        )
        for _ in range(chooser.randint(1, 6))
    ]


def test_fields_piped_are_the_lines_rich_printed(monkeypatch: pytest.MonkeyPatch) -> None:
    chooser = random.Random(18)  # noqa: S311 - test data, not secrets
    cases = [
        [("Key", "PRJ-001"), ("Joined (recorded)", "2026-11-30 19:01:38Z"), ("Empty", "")],
        [("Envelope", "GBP 280,000,000"), ("Committed (open items)", "GBP 238,467,000")],
        [("Title", "x" * 176), ("Owner", "Dana Okafor")],  # as wide as the line takes
        [("Title", "x" * 178), ("Owner", "Dana Okafor")],  # wider: rich folds it
        [("Title", "[bold]Payroll[/bold] :smile: at 12:30:45")],  # markup and an emoji
    ]
    cases += [_cells(chooser) for _ in range(300)]
    for pairs in cases:
        printed = _printed(pairs, plain=True, monkeypatch=monkeypatch)
        assert printed == _printed(pairs, plain=False, monkeypatch=monkeypatch), pairs


def test_fields_piped_import_no_rich_for_plain_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "rich", None)  # importing it now fails

    printed = _printed([("Key", "PRJ-001"), ("Stage", "live")], plain=True, monkeypatch=monkeypatch)

    assert printed == "\n  Key     PRJ-001\n  Stage   live\n\n"
