"""``audit_trail``: one row per event, in ledger order, with who, what, when, why and on what.

``subject`` is the key of what the event is about (an item, ``PORTFOLIO``, a
person, a board or a delegation) and ``subject_kind`` says which. For
governed decisions, ``authority_detail`` holds the mandate as JSON: the board,
who was present and how each voted, or the delegation. A correction names
the position of the decision it corrects in ``corrects``, an annulment the
one it annuls in ``annuls`` (both NULL on every other row); the decision
itself stays as recorded. For an item's events, ``organisation``,
``category``, ``kind``, ``stage`` and ``rag`` are the item's as the ledger
had them just after the event was recorded, so the trail filters as the
portfolio does.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator, Sequence
from operator import itemgetter
from typing import TYPE_CHECKING, Any

import orjson
from sqlalchemy import BigInteger, Column, Date, Index, Integer, MetaData, String, Table, Text

from portfolio_ledger.projections.base import Applied, Projection, insert_tuples
from portfolio_ledger.projections.columns import UTCDateTime, kind_of

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from portfolio_ledger.application.ledger import PortfolioLedger
    from portfolio_ledger.domain.decision import DecisionEvent
    from portfolio_ledger.domain.record_keeping import RecordKeeping

PAGE_SIZE = 1000


class AuditTrail(Projection):
    """Every decision, in the order recorded: the auditors' record."""

    name = "audit_trail"
    one_row_per_event = True
    schema_version = 8
    """2: the governance columns; 3: a summary says a value none as the ledger does
    (``no organisation -> CORP``, not ``organisation none -> CORP``): rows of 2 are made again;
    4: a board with no limit says ``no limit``, not ``limit no limit``; 5: an onboarding says
    the forecast date the item joined with; 6: a corrected list's values are separated by
    ``, ``, as an amendment's are, not by ``; ``, which separates the fields a correction
    changes; 7: every list's values are told apart, a value holding a comma in double quotes
    (an amendment's objectives ``"A, B", C``, not ``A, B, C``; an approval's conditions, a
    delegation's categories, a person's roles); 8: a delegation's categories corrected to none
    are said to cover ``any category``, not ``no categories``.
    A change of a summary's words bumps it with ``domain.change_words.WORDS``, and keeps the
    earlier words there, so that exports made before still verify."""

    def define_tables(self, metadata: MetaData, suffix: str) -> list[Table]:
        """One table keyed by ledger position, indexed for the trail's filters."""
        name = f"{self.name}{suffix}"
        table = Table(
            name,
            metadata,
            Column("position", BigInteger, primary_key=True, autoincrement=False),
            Column("recorded_at", UTCDateTime(), nullable=False),
            Column("effective_date", Date, nullable=False),
            Column("subject", String(64), nullable=False),
            Column("subject_kind", String(16), nullable=False),
            Column("version", Integer, nullable=False),
            Column("event_type", String(64), nullable=False),
            Column("event", String(32), nullable=False),
            Column("actor", String(200), nullable=False),
            Column("role", String(200), nullable=False),
            Column("authority", String(200)),
            Column("rationale", Text, nullable=False),
            Column("summary", Text, nullable=False),
            Column("refs", Text, nullable=False, info={"json": True}),
            Column("authority_detail", Text, info={"json": True}),
            Column("corrects", BigInteger),
            Column("annuls", BigInteger),
            *[Column(name, Text) for name in ITEM_COLUMNS],
            Index(f"ix_{name}_subject", "subject", "position"),
            Index(f"ix_{name}_kind", "subject_kind", "subject"),
            Index(f"ix_{name}_actor", "actor", "position"),
            Index(f"ix_{name}_recorded", "recorded_at"),
            Index(f"ix_{name}_effective", "effective_date"),
            Index(f"ix_{name}_organisation", "organisation", "position"),
        )
        return [table]

    def columns(self) -> list[tuple[str, str]]:
        """Each column's name and kind (int, date, datetime, json, text), in table order."""
        return [(column.name, kind_of(column)) for column in self.table.columns]

    def apply(self, session: Session, page: Sequence[Applied]) -> None:
        """Append a row per event."""
        if page:
            insert_tuples(session, self.table, list(map(row_values, page)))

    @staticmethod
    def row(applied: Applied) -> dict[str, Any]:
        """The trail's row for one event."""
        return dict(zip(COLUMNS, row_values(applied), strict=True))


ITEM_COLUMNS = ("organisation", "category", "kind", "stage", "rag")
"""An item event's item, as the ledger had it just after the event was recorded (to filter by)."""
COLUMNS = (
    "position", "recorded_at", "effective_date", "subject", "subject_kind", "version",
    "event_type", "event", "actor", "role", "authority", "rationale", "summary", "refs",
    "authority_detail", "corrects", "annuls", *ITEM_COLUMNS,
)  # fmt: skip
"""The trail's columns, in table order."""
_NO_ITEM = (None,) * len(ITEM_COLUMNS)
_item_columns = itemgetter(*ITEM_COLUMNS)


def row_values(applied: Applied) -> tuple[Any, ...]:
    """The trail's row for one event: each column's value, in table order."""
    event = applied.event
    decision = event.decision
    mandate = decision.mandate
    references = decision.references
    state = applied.state
    kind = type(event)
    return (
        applied.position,
        event.timestamp,
        decision.effective_date,
        applied.subject,
        event.kind_of_subject(),
        event.originator_version,
        kind.__name__,
        event.label,
        decision.actor,
        decision.role,
        decision.authority,
        decision.rationale,
        event.describe(),
        # Lists and objects as canonical JSON (compact, keys sorted): exports
        # carry exactly this as their text form.
        canonical_json(list(references)) if references else "[]",
        None if mandate is None else canonical_json(mandate.as_dict()),
        *(_NO_TARGETS if kind in _PUTTING_NOTHING_RIGHT else _targets(event)),
        *(_NO_ITEM if state is None else _item_columns(state)),
    )


@functools.cache
def _record_keeping() -> tuple[type[RecordKeeping], type[RecordKeeping]]:
    """The correction and annulment classes: imported when rows are made, not by readers."""
    from portfolio_ledger.domain.record_keeping import DecisionAnnulled, DecisionCorrected

    return DecisionCorrected, DecisionAnnulled


def _targets(event: DecisionEvent) -> tuple[int | None, int | None]:
    """The position a correction corrects, and the one an annulment annuls (else None)."""
    corrected, annulled = _record_keeping()
    if not isinstance(event, corrected | annulled):
        _PUTTING_NOTHING_RIGHT.add(type(event))
    return _target(event, corrected), _target(event, annulled)


_NO_TARGETS = (None, None)
_PUTTING_NOTHING_RIGHT: set[type] = set()
"""Event classes neither correcting nor annulling (nearly every row's): no call per row."""


def _target(event: DecisionEvent, kind: type[RecordKeeping]) -> int | None:
    """The position of the decision a correction or an annulment puts right."""
    return event.target_position if isinstance(event, kind) else None


def canonical_json(value: object) -> str:
    """JSON with no spaces and keys sorted: one text for one value."""
    if value == []:
        return "[]"  # most decisions cite nothing; this is every row of a replay
    if _written_alike(value):
        # For these values orjson writes json's text (separators, escapes, keys sorted by code
        # point), twenty times faster: a mandate on every fourth row of a replay.
        try:
            return orjson.dumps(value, option=_SORTED).decode()
        except orjson.JSONEncodeError:  # a lone surrogate, say: json's text, or its error
            pass
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


_SORTED = orjson.OPT_SORT_KEYS | orjson.OPT_PASSTHROUGH_SUBCLASS
_ALIKE = frozenset({str, bool, type(None)})
_INT_RANGE = range(-(2**63), 2**64)


def _written_alike(value: object) -> bool:
    """Whether orjson writes this value as json does: text, whole numbers, lists and objects."""
    kind = type(value)
    if kind in _ALIKE:
        return True
    if kind is int:
        return value in _INT_RANGE
    # Texts (most of a mandate's values) are found alike here, without a call each.
    if kind is list or kind is tuple:
        return all(
            type(item) in _ALIKE or _written_alike(item)
            for item in value  # type: ignore[attr-defined]
        )
    if kind is dict:
        return all(
            type(name) is str and (type(item) in _ALIKE or _written_alike(item))
            for name, item in value.items()  # type: ignore[attr-defined]
        )
    return False  # floats (written differently), subclasses, anything else: json


def rederived_rows(ledger: PortfolioLedger, upto: int) -> Iterator[dict[str, Any]]:
    """The trail's rows for positions 1 to ``upto``, derived afresh from the stored events.

    Nothing is read from the read model, so an export can be checked against
    the events themselves. Memory grows with the number of items, not events.
    """
    from portfolio_ledger.projections.replay import Replayer

    replayer = Replayer(ledger)
    position = 0
    while position < upto:
        notifications = ledger.recorder.select_notifications(
            start=position + 1, limit=PAGE_SIZE, stop=upto
        )
        if not notifications:
            return
        for applied in replayer.advance(notifications):
            yield AuditTrail.row(applied)
        position = notifications[-1].id
