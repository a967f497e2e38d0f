"""What the ledger relies on in the libraries it is pinned to; an upgrade changing it fails here.

The storage adapters override only public methods of eventsourcing and
eventsourcing-sqlalchemy, and rely on a few behaviours of theirs. Each test
names what changed, so an upgrade fails loudly and says where to look,
instead of the ledger silently losing its chain, its lock or its tuples.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from eventsourcing.application import Application
from eventsourcing.persistence import EventStore, Mapper
from eventsourcing_sqlalchemy.datastore import SQLAlchemyDatastore
from eventsourcing_sqlalchemy.factory import SQLAlchemyFactory
from eventsourcing_sqlalchemy.recorders import (
    SQLAlchemyApplicationRecorder,
    SQLAlchemyRecorder,
    SQLAlchemyTrackingRecorder,
)


def parameters(function: Callable[..., Any]) -> list[tuple[str, str]]:
    return [(p.name, p.kind.name) for p in inspect.signature(function).parameters.values()]


@pytest.mark.parametrize(
    ("where", "function", "expected"),
    [
        (
            "SQLAlchemyApplicationRecorder.insert_events (overridden by storage/recorder.py)",
            SQLAlchemyApplicationRecorder.insert_events,
            [
                ("self", "POSITIONAL_OR_KEYWORD"),
                ("stored_events", "POSITIONAL_OR_KEYWORD"),
                ("session", "KEYWORD_ONLY"),
                ("kwargs", "VAR_KEYWORD"),
            ],
        ),
        (
            "SQLAlchemyApplicationRecorder.select_notifications (see storage/recorder.py)",
            SQLAlchemyApplicationRecorder.select_notifications,
            [
                ("self", "POSITIONAL_OR_KEYWORD"),
                ("start", "POSITIONAL_OR_KEYWORD"),
                ("limit", "POSITIONAL_OR_KEYWORD"),
                ("stop", "POSITIONAL_OR_KEYWORD"),
                ("topics", "POSITIONAL_OR_KEYWORD"),
                ("inclusive_of_start", "KEYWORD_ONLY"),
            ],
        ),
        (
            "SQLAlchemyRecorder.create_table (overridden by storage/recorder.py)",
            SQLAlchemyRecorder.create_table,
            [("self", "POSITIONAL_OR_KEYWORD")],
        ),
        (
            "EventStore.put (passes request= through to insert_events)",
            EventStore.put,
            [
                ("self", "POSITIONAL_OR_KEYWORD"),
                ("domain_events", "POSITIONAL_OR_KEYWORD"),
                ("kwargs", "VAR_KEYWORD"),
            ],
        ),
        (
            "Application.construct_env (overridden by application/ledger.py)",
            Application.construct_env,
            [
                ("self", "POSITIONAL_OR_KEYWORD"),
                ("name", "POSITIONAL_OR_KEYWORD"),
                ("env", "POSITIONAL_OR_KEYWORD"),
            ],
        ),
        (
            "Application.save (overridden by application/ledger.py)",
            Application.save,
            [
                ("self", "POSITIONAL_OR_KEYWORD"),
                ("objs", "VAR_POSITIONAL"),
                ("kwargs", "VAR_KEYWORD"),
            ],
        ),
        (
            "SQLAlchemyFactory.application_recorder (overridden by storage/factory.py)",
            SQLAlchemyFactory.application_recorder,
            [("self", "POSITIONAL_OR_KEYWORD")],
        ),
        (
            "SQLAlchemyFactory.env_create_table (overridden by storage/factory.py)",
            SQLAlchemyFactory.env_create_table,
            [("self", "POSITIONAL_OR_KEYWORD")],
        ),
        (
            "SQLAlchemyFactory.transcoder (overridden by storage/factory.py)",
            SQLAlchemyFactory.transcoder,
            [("self", "POSITIONAL_OR_KEYWORD")],
        ),
    ],
    ids=lambda value: value.split(" ")[0] if isinstance(value, str) else "",
)
def test_every_overridden_method_keeps_its_signature(
    where: str, function: Callable[..., Any], expected: list[tuple[str, str]]
) -> None:
    assert parameters(function) == expected, (
        f"{where} changed its signature in this version of the library; check the override "
        "(and the behaviour it relies on) before upgrading"
    )


def test_the_factory_still_has_the_parts_the_ledger_replaces() -> None:
    for name in ("datastore_class", "application_recorder_class", "SQLALCHEMY_URL"):
        assert hasattr(SQLAlchemyFactory, name), f"SQLAlchemyFactory.{name} is gone"
    assert "tracking_table" in inspect.getsource(SQLAlchemyTrackingRecorder.__init__), (
        "SQLAlchemyTrackingRecorder no longer defines tracking_table, which "
        "storage/tracking.py uses for the read models' positions"
    )


def test_a_transaction_opened_inside_another_joins_it(tmp_path: Path) -> None:
    # The unit of work opens the appending transaction; the library's save,
    # and every read inside it, must join it rather than open their own.
    datastore = SQLAlchemyDatastore(url=f"sqlite:///{tmp_path / 'contract.db'}")
    try:
        with (
            datastore.transaction(commit=True) as outer,
            datastore.transaction(commit=False) as inner,
        ):
            assert inner is outer, (
                "SQLAlchemyDatastore.transaction no longer joins an open transaction; "
                "appends would no longer be atomic with their lock"
            )
    finally:
        assert datastore.engine is not None
        datastore.engine.dispose()  # type: ignore[union-attr]


def test_the_mapper_makes_an_event_from_the_transcoder_s_dict_as_is() -> None:
    # storage/transcodings.py turns lists into tuples in the decoded dict: the
    # mapper must use that dict as the event's own, not copy it into __init__.
    source = inspect.getsource(Mapper.to_domain_event)
    assert "self.transcoder.decode" in source
    assert '"__dict__", event_state' in source, (
        "Mapper.to_domain_event no longer sets the decoded state as the event's __dict__; "
        "check LedgerTranscoder.decode still restores tuples"
    )


def test_a_read_only_worksheet_still_opens_its_sheet_s_xml(tmp_path: Path) -> None:
    """returns/merged.py reads a sheet's merged ranges through ``_get_source``.

    openpyxl has no public way to them in read-only mode (``merged_cells`` is only
    a full load's, which holds the whole workbook in memory), so the ranges are read
    from the sheet's XML, as the read-only worksheet opens it for its own rows.
    """
    from openpyxl import Workbook, load_workbook
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    assert callable(getattr(ReadOnlyWorksheet, "_get_source", None)), (
        "openpyxl's ReadOnlyWorksheet._get_source is gone: returns/merged.py opens the "
        "sheet's XML with it to read its merged ranges; find how this openpyxl opens it"
    )
    path = tmp_path / "merged.xlsx"
    book = Workbook()
    sheet: Any = book.active
    sheet["A1"] = "Finance"
    sheet.merge_cells("A1:A3")
    book.save(path)
    read_only: Any = load_workbook(path, read_only=True).active

    with read_only._get_source() as source:
        assert b'mergeCell ref="A1:A3"' in source.read()


@pytest.mark.parametrize(
    ("name", "attribute"),
    [
        ("id", "_id"),
        ("version", "_version"),
        ("modified_on", "_modified_on"),
        ("pending_events", "_pending_events"),
    ],
)
def test_an_aggregate_s_properties_are_its_attributes(name: str, attribute: str) -> None:
    # domain/decided.py, domain/event_making.py and application/batch.py read and set these
    # attributes, not the properties, at every decision of an import.
    from eventsourcing.domain import Aggregate

    aggregate = Aggregate.__new__(Aggregate)
    aggregate.__base_init__(originator_id="id", originator_version=1, timestamp="then")  # type: ignore[arg-type]
    assert getattr(aggregate, name) is getattr(aggregate, attribute), (
        f"Aggregate.{name} no longer reads {attribute}; see the ledger's uses of {attribute}"
    )
    prop = vars(Aggregate).get(name) or getattr(Aggregate, name)
    if prop.fset is not None:
        prop.fset(aggregate, "new")
        assert getattr(aggregate, attribute) == "new", (
            f"Aggregate.{name}'s setter no longer sets {attribute}"
        )
