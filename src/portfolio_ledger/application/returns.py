"""A portfolio return, read: its rows as item fields, and what reconciling them finds.

A return is a spreadsheet with a row per item, as at a date. The adapters
(``portfolio_ledger.returns``) read the file and map its columns to the
fields here; :mod:`portfolio_ledger.application.reconcile` compares each
row with the item as it stood on that date and records the differences.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Protocol

from portfolio_ledger.application.ports import Request
from portfolio_ledger.application.selection import ItemFilter, Moment
from portfolio_ledger.domain.caseless import as_shown, fold, plain_typography
from portfolio_ledger.domain.change_words import none_words
from portfolio_ledger.domain.figures import Figure, Unstated, describe_figure
from portfolio_ledger.domain.money import Money
from portfolio_ledger.domain.ratings import RAG
from portfolio_ledger.domain.rounding import Rounded

TEXTS = ("title", "organisation", "category", "owner", "sponsor", "description")
"""Item details a return gives as text."""
FIGURES = ("whole_life_cost", "forecast_cost", "authorised_budget")
"""Money figures a return may give: an amount, or withheld, or not known."""
FIELDS = ("key", *TEXTS, "kind", "stage", "paused_from", *FIGURES, "forecast_date", "rag")
"""Every item field a return's column can be mapped to (``paused_from``: read in paused rows)."""
NO_BREAK = str.maketrans(dict.fromkeys("\u00a0\u2007\u202f", " "))
"""Non-breaking spaces (no-break, figure, narrow no-break), read as plain spaces."""

LABELS = {
    "whole_life_cost": "whole-life cost",
    "forecast_cost": "forecast",
    "forecast_date": "forecast date",
    "paused_from": "paused from",
    "authorised_budget": "budget",
    "rag": "RAG",
}
"""Fields as a change names them."""

Progress = Callable[[int, int], None]
"""Told how many rows are done, of how many."""


def plain_spaces(text: str) -> str:
    """Text with its surrounding spaces removed, non-breaking spaces made plain, accents composed.

    A non-breaking space (pasted from a web page or a document) looks like a space: kept, it
    would make a title that reads the same a change, and a name that reads the same match no
    item. So does an accent written as a separate mark (``e`` and U+0300, as a Mac or a web
    form may save ``è``): text is read composed (Unicode NFC). Text the ledger holds is
    compared as read so too (``reconcile``): held with either, it is not a change. Text of
    characters that show nothing alone (a zero-width space) is none: its cell looks empty.
    """
    # translate() costs ~50 times strip(): run only on text that can hold one (most is ASCII).
    if text.isascii():
        return text.strip()
    plain = unicodedata.normalize("NFC", text.translate(NO_BREAK)).strip()
    return plain if as_shown(plain).strip() else ""


def compared(text: str) -> str:
    """Text as a return's cell is compared with the ledger's: typography made plain.

    As read (``plain_spaces``), with typographic apostrophes, quotes and dashes as
    plain ones: a spreadsheet's autocorrect writes ``Veterans\u2019 Affairs`` and
    ``Phase 1 \u2013 Build`` where last quarter's file, or the ledger, has ``'`` and
    ``-``. So is a run of spaces, or a line break (a cell's Alt+Enter), as one space:
    ``Beta  Roads`` is ``Beta Roads``, the item a row with no id names (before, refused
    as another item's key). The same name is never a change, nor a name that matches no
    item. Only compared so: what a row records is as written (a name's line break but one
    space, as shown: ``returns.text.one_line``).
    """
    return " ".join(plain_typography(plain_spaces(text)).split())


NAMES = ("organisation", "category")
"""Details naming a group of items: every filter and ``economics`` read them in any case."""


def unchanged(name: str, given: Any, held: Any) -> bool:
    """Whether a row's ``given`` text for the detail ``name`` says what the ledger ``held`` does.

    Typography plain and a run of spaces one (:func:`compared`: each reads the same); an
    organisation or a category in any case too (``PLACE`` is ``Place``, as a filter and
    ``economics`` read it: no transfer). A title in another case is a rename, kept.
    """
    if not isinstance(given, str) or not isinstance(held, str):
        return bool(given == held)
    read, had = (compared(text) for text in (given, held))
    return fold(read) == fold(had) if name in NAMES else read == had


class PortfolioSource(Protocol):
    """The portfolio as it stood at a moment, the read models caught up first (the read side)."""

    def portfolio(
        self, moment: Moment, where: ItemFilter | None = None
    ) -> Sequence[Mapping[str, Any]]:
        """Every item's state at the moment: key, title, view, organisation, figures, ..."""
        ...


@dataclass(frozen=True)
class Refusal:
    """A row (or the file) that cannot be recorded: where, and why."""

    row: int | None
    column: str | None
    reason: str
    usage: bool = True
    """True for a cell that cannot be read as its field; False for a decision refused."""

    def where(self) -> str:
        """``row 7, column whole_life_cost_gbp_m`` (or as much of it as is known)."""
        parts = [f"row {self.row}" if self.row is not None else "", self.column or ""]
        return ", column ".join(part for part in parts if part) or "the return"


@dataclass(frozen=True)
class ReturnRow:
    """One row of a return, its cells read as item fields.

    ``values`` holds only what the row gives: a text field left empty is not
    given (the item keeps what it has), while a figure or rating left empty
    has the meaning the mapping gives it (withheld, by default). Figures are
    amounts in whole currency units (the return's units already applied).
    """

    number: int
    key: str | None
    values: dict[str, Any]
    refusals: tuple[Refusal, ...] = ()
    key_refused: bool = False
    """The row has an id that cannot be a key: refused, never matched or keyed by its name."""
    written_id: str | None = None  # the id as written (``Total``, key TOTAL): refusals quote it
    key_made: bool = False  # the key made from the id, as the mapping's make_keys says
    heading: bool = False
    """Shaped as a group's heading (``refusals[0]`` says so): an item's row if one has its name."""
    rounded: tuple[tuple[str, Rounded], ...] = ()  # figures rounded to the penny (round_amounts)
    parent: Parent | None = None
    """The parent its mapping's parent column names, where the return has no row of it."""


@dataclass(frozen=True)
class Parent:
    """A row's parent (its programme) as written, its key, its column, and why refused."""

    written: str
    key: str | None
    column: str
    why: str


@dataclass(frozen=True)
class ReturnSource:
    """The return being read: its file, checksum, what it is, and the date it is as at."""

    file_name: str
    sha256: str
    label: str
    as_at: date
    currency: str = "GBP"
    fields: tuple[str, ...] = ()
    """The item fields its mapping reads, a column each: one of them that a row does not
    give, the row's cell left it empty (or spelt it as none: ``"TBC" = ""``)."""
    headers: Mapping[str, str] = field(default_factory=dict)
    """Each of those fields' column, as the mapping names it: a row's refusal names it."""
    left_out: Mapping[str, tuple[int, tuple[tuple[str, str], ...]]] = field(default_factory=dict)
    """Each row its filter left out, by the key its id makes: its row and the values left out."""

    def reference(self, row: int | None = None) -> str:
        """``gmpp_2024_2026.csv sha256:68b4... row 17``: where a figure can be traced to."""
        name = self.file_name if len(self.file_name) <= 100 else self.file_name[:99] + "~"
        return f"{name} sha256:{self.sha256}" + (f" row {row}" if row is not None else "")

    def describe(self) -> str:
        """``GMPP return as at 2024-09-30``: the baseline source of items it onboards.

        A label that already says it is a return (``Portfolio return``) is not told so twice.
        """
        label = self.label if self.label.casefold().endswith("return") else f"{self.label} return"
        return f"{label} as at {self.as_at.isoformat()}"


@dataclass(frozen=True)
class Recording:
    """Who records the return's differences, under what authority, and how."""

    actor: str
    role: str
    authority: str
    rationale: str | None = None
    missing: str = "report"
    """For items in the ledger but not in the return: ``report`` them, or ``leave``."""
    max_leaving: int | None = None
    """With ``leave``: the most that may leave; more refuse the return (``--max-leaving``)."""
    defaults: dict[str, Any] = field(default_factory=dict)
    """Values for items that join when the return gives none (kind, stage)."""
    write: bool = True
    request: Request | None = None


@dataclass(frozen=True)
class Change:
    """One difference between a row and its item: the field, before and after, in words.

    None is no value (an item that had no owner; ``null`` in ``--json``), said as a
    decision's summary says it: ``no owner -> Ann Lee``, never ``owner none -> Ann Lee``.
    """

    field: str
    before: str | None
    after: str | None

    def __str__(self) -> str:
        was = none_words(self.field) if self.before is None else f"{self.label()} {self.before}"
        now = none_words(self.field) if self.after is None else self.after
        return f"{was} -> {now}"

    def label(self) -> str:
        """The field as a change names it: ``forecast``, ``RAG``, ``owner``."""
        return LABELS.get(self.field, self.field)


@dataclass(frozen=True)
class Kept:
    """A figure or forecast date a row leaves out, which its item keeps: said, never silent.

    The item keeps what it had, as the report (or baseline) of ``reported_on``
    gave it (docs/concepts.md, *A forecast a later report does not give*).
    """

    field: str
    value: str
    """What the item keeps, in words (``GBP 1,200,000``, ``withheld``, ``2026-09-30``)."""
    reported_on: date | None
    blank: bool
    """True where the row's cell is empty; False where the return has no such column."""

    def __str__(self) -> str:
        left = "left blank" if self.blank else "not in the return"
        on = "" if self.reported_on is None else f" (as reported {self.reported_on.isoformat()})"
        return f"{LABELS.get(self.field, self.field)} {left}: {self.value}{on} kept"


@dataclass
class RowResult:
    """What a row is: a new item, a changed one, or one unchanged; and what it records."""

    row: int
    key: str
    title: str
    outcome: str
    """``new``, ``changed`` or ``unchanged``."""
    changes: list[Change] = field(default_factory=list)
    status_reported: bool = False
    """Whether the row records a status report: a new rating or figure, or, unchanged,
    the item's status reported again on the return's date."""
    notes: list[str] = field(default_factory=list)
    """Differences a return does not record (stage, kind, budget): say what records them."""
    breaches: list[str] = field(default_factory=list)
    """Tolerances its status report breached, each escalated to the body that set it."""
    kept: list[Kept] = field(default_factory=list)
    """The figures and forecast date it leaves out that the item keeps from an earlier report."""
    joins_as: str = ""
    """A new item: its onboarding in words (stage, organisation, figures and rating as read),
    for the dry run to show what its cells were read as before anything is recorded."""


@dataclass(frozen=True)
class Named:
    """A row with no id: the key it was matched to by name, or given from its name."""

    row: int
    name: str
    key: str
    matched: bool


@dataclass(frozen=True)
class Namesake:
    """A row joining under a key whose name an item the return also has bears (``also``)."""

    row: int
    key: str
    title: str
    also: str


@dataclass(frozen=True)
class Missing:
    """An item in the portfolio on the date, not in the return."""

    key: str
    title: str
    organisation: str | None
    left: bool
    """True if the return records that it left (``--missing leave``)."""
    new_key: str | None = None
    """The key of a row whose name is this item's (compared as names are, in any case):
    perhaps this item under a new id, which the return cannot tell; ``new_row`` its row."""
    new_row: int | None = None
    new_by: str | None = None
    """``name``: that row has this item's name; ``number``: it joins under a key of this
    item's key's one number (``P12`` then ``PRJ-0012``), as a register renumbering its ids
    sends it, and no other row joining has that number."""
    new_joins: bool = False
    """True if that row's item joins with this return; False if it is in the ledger already
    (it joined with an earlier one, and both have been in the portfolio since)."""
    open_escalations: int = 0
    """Escalations open on the item: leaving does not close them (``item resolve`` does)."""
    new_joined: date | None = None
    """The day ``new_key``'s item joined, when it is in the ledger already."""
    leave_on: date | None = None
    """The effective date to record this item leaving, merged into ``new_key``: the day
    that item joined, which is when it replaced this one (this return's date if it joins
    now); this return's date if this item has a decision after that day (the ledger then
    cannot say when it was replaced)."""
    left_out_row: int | None = None
    """The item's own row, which the return's filter left out (``Closed Complete``): it is
    not missing from the file (None where it is, or the item was read from that row before)."""
    left_out_holding: tuple[tuple[str, str], ...] = ()
    """What that row holds in each filter's column that the filter does not keep."""


@dataclass
class Reconciliation:
    """Everything reconciling a return found, and how many events it records."""

    rows: list[RowResult] = field(default_factory=list)
    missing: list[Missing] = field(default_factory=list)
    refusals: list[Refusal] = field(default_factory=list)
    named: list[Named] = field(default_factory=list)
    namesakes: list[Namesake] = field(default_factory=list)
    """Rows joining with the name of an item the return also has, under another key: the
    same item under its old and new ids, perhaps, its money then counted twice."""
    recorded: int = 0
    positions: tuple[int, int] | None = None
    """The first and last ledger positions of the events recorded (None if none were)."""
    already: Any = None
    """Where this very return was recorded before (importing it again records nothing)."""
    warning: str | None = None

    def of(self, outcome: str) -> list[RowResult]:
        """The rows with this outcome."""
        return [row for row in self.rows if row.outcome == outcome]


def by_name(rows: Sequence[RowResult]) -> dict[str, RowResult]:
    """The rows by the name the return gives them, as compared (any case); the first of a name.

    Every row, not only those joining: an item re-keyed in an earlier return, whose old
    key was left in the portfolio, is a row already in the ledger under the new key.
    A row joining comes first of its name, wherever it is in the file: an item under a
    new id is likelier it than another item of the same name, long in the ledger.
    """
    found: dict[str, RowResult] = {}
    for row in sorted(rows, key=lambda row: row.outcome != "new"):  # stable: file order kept
        renamed = [c.after for c in row.changes if c.field == "title" and c.after is not None]
        found.setdefault(compared(renamed[0] if renamed else row.title).casefold(), row)
    return found


def money_of(value: Decimal | Unstated, currency: str) -> Figure:
    """A row's figure as the ledger holds it."""
    return value if isinstance(value, Unstated) else Money(amount=value, currency=currency)


def as_given(name: str, value: Any) -> Any:
    """A value as a return gives it: a figure never given is not known; a rating, not assessed."""
    if value is None and name in FIGURES:
        return Unstated.NOT_KNOWN
    if value is None and name == "rag":
        return RAG.NOT_ASSESSED
    return value


def in_words(value: Any) -> str:
    """A value in words: enumerations by their value, money with its currency, none as such."""
    if value is None:
        return "none"
    if hasattr(value, "amount") or isinstance(value, Unstated):
        return describe_figure(value)
    return str(getattr(value, "value", value))


def worded(value: Any) -> str | None:
    """A value in words (:func:`in_words`) for a ``Change``; None for none, or blank text."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return in_words(value)
