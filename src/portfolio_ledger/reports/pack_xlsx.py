"""The board pack as an Excel workbook: a sheet for each of its tables.

The same content as the HTML and PDF (the charts aside: their figures are the
summary's tables), for a board or an office that works its figures in a
spreadsheet: money as numbers, dates as dates, every text cell safe from being
run as a formula (``reports/xlsx.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, time

from portfolio_ledger.application.workbook_limits import Cut
from portfolio_ledger.domain.change_words import names_in_words
from portfolio_ledger.reports.checks import NOT_ON_RECORD
from portfolio_ledger.reports.model import BoardPack, Change, Count, MoneyRow
from portfolio_ledger.reports.tabular import (
    DIFF_LABELS,
    FIGURE_NAMES,
    Column,
    Figure,
    Table,
    Value,
    also_recorded,
)
from portfolio_ledger.reports.xlsx import workbook_bytes

PACK_WHOLE = "the same command with --json"
"""Where a text is whole when the workbook's cell holds only the start of it."""


def to_xlsx(pack: BoardPack, cuts: list[Cut] | None = None) -> bytes:
    """The pack as a workbook; the same pack gives the same bytes (its time is the pack's).

    A text longer than a cell holds is cut with a marker; each such cell is added to ``cuts``.
    """
    at = pack.generated_at or datetime.combine(pack.as_at, time(), tzinfo=UTC)
    found = [] if cuts is None else cuts
    return workbook_bytes(pack.document_title(), pack_tables(pack), at, PACK_WHOLE, found)


def pack_tables(pack: BoardPack) -> list[Table]:
    """Every table of the pack, in its order: the sheets of the workbook."""
    s = pack.summary
    return [
        _about(pack),
        _counts("Items by view", "View", s.by_view),
        _counts("Items by stage", "Stage", s.by_stage),
        _counts("Open items by RAG", "RAG", s.rag),
        _money("By organisation", "Organisation", s.by_organisation),
        _money("By category", "Category", s.by_category),
        _changes(pack),
        _decisions(pack),
        Table(
            "Exceptions",
            "Exceptions",
            [Column(h) for h in ("Rule", "Key", "Title", "What", "Owner", "To act")]
            + [Column("Age (days)", "int")],
            [
                [
                    e.rule,
                    e.key,
                    e.title,
                    e.detail,
                    e.owner or NOT_ON_RECORD,
                    e.body or NOT_ON_RECORD,
                    e.age_days,
                ]
                for e in pack.exceptions
            ],
        ),
        Table(
            "Recommendations",
            "Recommendations",
            [Column("Rule"), Column("Key"), Column("Recommendation")],
            [[r.rule, r.key, r.text] for r in pack.recommendations],
        ),
        Table("Rules applied", "Rules", [Column("Rule")], [[rule] for rule in pack.rules]),
    ]


def _about(pack: BoardPack) -> Table:
    """The pack's own facts, and the summary's figures that are not a table: one a row."""
    s = pack.summary
    rows: list[list[Value | Figure]] = [
        ["Title", pack.document_title()],
        ["As at", pack.as_at],
        ["Clock", pack.clock],
        ["Changes and decisions since", pack.since],
        ["Since from", pack.since_basis],
        ["Board", pack.board or ""],
        ["Organisations", names_in_words(pack.organisations) or "all"],
        ["Items", s.items],
        ["Joined since", s.joined],
        ["Left since", s.left],
        ["Changed since", s.changed],
    ]
    these = "open items"
    if s.envelope is not None:
        currency = s.envelope.currency
        every = s.envelope.budgets_uncounted
        at_most = " (at most: budgets not counted)" if every.get(currency) else ""
        rows += [
            ["Envelope", Figure(s.envelope.envelope, currency)],
            [f"Headroom{at_most}", Figure(s.envelope.headroom, currency)],
        ]
        if s.envelope.committed_by_these is not None:  # the headroom is every open item's
            these = "these items"
            rows.append([f"Committed in {currency} (all open items)", Figure(
                s.envelope.committed, currency)])  # fmt: skip
    else:
        rows.append(["Envelope", pack.no_envelope()])
    for currency, amount in s.committed.items():
        uncounted = s.budgets_uncounted.get(currency, {})
        rows.append([f"Committed in {currency} ({these})", Figure(amount, currency)])
        rows += [
            [f"Budgets not counted in {currency}: {status}", count]
            for status, count in uncounted.items()
        ]
    rows.append(["Ledger digest", pack.digest])
    if pack.generated_at is not None:  # --reproducible leaves the line out, as in HTML and PDF
        rows.append(["Generated at", pack.generated_at])
    return Table("Board pack", "Pack", [Column("Field"), Column("Value")], rows)


def _counts(title: str, heading: str, counts: Sequence[Count]) -> Table:
    return Table(
        title,
        title,
        [Column(heading), Column("Items", "int")],
        [[c.label, c.items] for c in counts],
    )


MONEY_COUNTS = [f"{name}_{status}" for name in FIGURE_NAMES for status in ("withheld", "not_known")]
"""Per money row, how many items' figures each total leaves out."""


COUNT_HEADERS = [
    f"{label} {status}"
    for label in ("Whole-life", "Budget", "Forecast")
    for status in ("withheld", "not known")
]


def _money(title: str, heading: str, rows: Sequence[MoneyRow]) -> Table:
    cells: list[Sequence[Value | Figure]] = [
        [
            row.label,
            row.items,
            row.currency,
            *(Figure(getattr(row, name), row.currency) for name in FIGURE_NAMES),
            *(int(getattr(row, name)) for name in MONEY_COUNTS),
            row.whole_life_cost_earlier,
            row.forecast_cost_earlier,
            also_recorded(row.spellings),
        ]
        for row in rows
    ]
    return Table(
        f"Items and money {title.lower()}",
        title,
        [Column(heading), Column("Items", "int"), Column("Currency")]
        + [Column(h, "money") for h in ("Whole-life cost", "Authorised budget", "Forecast")]
        + [Column(h, "int") for h in COUNT_HEADERS]
        + [Column(f"{h} as reported earlier", "int") for h in ("Whole-life", "Forecast")]
        + [Column("Also recorded as")],
        cells,
    )


def _changes(pack: BoardPack) -> Table:
    return Table(
        f"Changes since {pack.since.isoformat()}",
        "Changes",
        [Column(h) for h in ("Key", "Title", "Organisation", "Change", "Currency", "From", "To")],
        [
            [
                c.key,
                c.title,
                c.organisation or "",
                DIFF_LABELS.get(c.change, c.change),
                c.currency or "",  # a figure's, as portfolio diff's sheet says it
                _side(c, c.before),
                _side(c, c.after),
            ]
            for c in pack.summary.changes
        ],
    )


def _side(change: Change, value: str | None) -> Value | Figure:
    """Money as money (a number in its currency), a word for a figure with none, else text."""
    if value is None:
        return ""
    amount = change.amount(value)
    return value if amount is None or change.currency is None else Figure(amount, change.currency)


def _decisions(pack: BoardPack) -> Table:
    """Each decision as recorded and, where corrected, as it now stands (as the HTML leads)."""
    headers = (
        "Subject",
        "Decision",
        "What (as recorded)",
        "As it now stands",
        "Actor",
        "Role",
        "Authority",
        "Why",
        "Flag",
        "Read the corrections",
    )
    return Table(
        f"Decisions since {pack.since.isoformat()}",
        "Decisions",
        [Column("Position", "int"), Column("Effective", "date"), Column("Recorded", "time")]
        + [Column(h) for h in headers],
        [
            [
                d.position,
                d.effective_date,
                d.recorded_at,
                d.subject,
                d.event,
                d.summary,
                d.as_it_stands or "",
                d.actor,
                d.role,
                d.authority or "",
                d.rationale,
                d.flag or "",
                f"portfolio-ledger {d.read_at}" if d.read_at else "",
            ]
            for d in pack.decisions
        ],
    )
