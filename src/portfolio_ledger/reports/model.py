"""The board pack's content as data: what the renderers draw and ``--json`` prints."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from pydantic import BaseModel, ConfigDict

from portfolio_ledger.domain.change_words import names_in_words


class PackModel(BaseModel):
    """Base of the pack's records: frozen, no stray fields."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Count(PackModel):
    """How many items hold one value of a dimension (a stage, a view, a RAG)."""

    label: str
    items: int


class MoneyRow(PackModel):
    """One value of a dimension with its items and money; known figures only are added."""

    label: str
    items: int
    currency: str
    authorised_budget: Decimal | None
    forecast_cost: Decimal | None
    withheld: int
    """Figures (whole-life cost, budget or forecast) withheld, so not in the totals."""
    not_known: int
    whole_life_cost: Decimal | None = None
    """Known whole-life costs added (None where no item's is known), as ``economics`` adds them."""
    whole_life_cost_withheld: int = 0
    whole_life_cost_not_known: int = 0
    authorised_budget_withheld: int = 0
    """Of them, budgets withheld; and so on: each figure's, as ``economics --json`` counts."""
    authorised_budget_not_known: int = 0
    forecast_cost_withheld: int = 0
    forecast_cost_not_known: int = 0
    forecast_cost_earlier: int = 0
    """Known forecasts added up that an earlier status report gave (the last left them out)."""
    whole_life_cost_earlier: int = 0
    """Known whole-life costs added up that an earlier status report gave, likewise."""
    spellings: list[str] = []
    """Where the row counts a name spelt differently only in case, spaces or typography, each
    spelling, ``label`` first (``economics``' ``spellings``); else none."""


class EnvelopeSummary(PackModel):
    """The envelope, what open items commit of it, and the headroom (negative: over)."""

    currency: str
    envelope: Decimal
    committed: Decimal
    headroom: Decimal
    committed_elsewhere: dict[str, Decimal] = {}
    """What open items commit in each other currency: not in the headroom (nothing is
    converted), shown beside it as ``economics`` shows it."""
    budgets_uncounted: dict[str, dict[str, int]] = {}
    """The open items whose budgets ``committed`` (and ``committed_elsewhere``) cannot add,
    by currency and why (as :class:`Summary`'s, of the items these figures count)."""
    committed_by_these: Decimal | None = None
    """Where the pack is of some items (``--organisation``, say), what they commit in the
    envelope's currency (:class:`Summary`'s ``committed`` has every currency); the figures
    above are still the whole portfolio's, every open item's. None: a pack of every item."""


class Change(PackModel):
    """One change between the two dates, as ``portfolio diff`` gives it."""

    key: str
    title: str
    organisation: str | None
    currency: str | None = None
    """The item's currency, that of ``before`` and ``after`` where the change is money."""
    change: str
    before: str | None
    after: str | None

    def amount(self, value: str | None) -> Decimal | None:
        """``value`` (``before`` or ``after``) as an amount in ``currency``, where it is one.

        None for a figure not given, ``withheld`` or ``not known``, or a change of no money.
        """
        from portfolio_ledger.domain.figures import Unstated
        from portfolio_ledger.reports.tabular import FIGURE_NAMES

        if value is None or self.change not in FIGURE_NAMES or not self.currency:
            return None
        return None if value in {u.value for u in Unstated} else Decimal(value)


class Summary(PackModel):
    """Where the portfolio stands, and what changed since the last pack."""

    items: int
    by_view: list[Count]
    by_stage: list[Count]
    by_organisation: list[MoneyRow]
    by_category: list[MoneyRow]
    rag: list[Count]
    """Open items (pipeline, catalogue) per RAG: every RAG, withheld and not reported included,
    in that order. Closed, retired and left items are not counted."""
    envelope: EnvelopeSummary | None
    committed: dict[str, Decimal] = {}
    """What open items commit (their known authorised budgets), by currency, with or
    without an envelope: ``economics --json``'s ``committed``."""
    budgets_uncounted: dict[str, dict[str, int]] = {}
    """By currency, open items whose budget is withheld or not known (``withheld``, ``not
    known``), or authorised to spend with none on record (``no budget on record``): not in
    that currency's ``committed``, so a headroom in it is at most what it shows."""
    joined: int
    left: int
    changed: int
    changes: list[Change]


class RagByOrganisation(PackModel):
    """Open items per organisation, by RAG (stacked bars)."""

    organisations: list[str]
    counts: dict[str, list[int]]
    """For each RAG label, one count per organisation."""


class BudgetByCategory(PackModel):
    """Authorised budget and forecast per category (grouped bars), in one currency."""

    currency: str
    categories: list[str]
    budget: list[Decimal | None]
    forecast: list[Decimal | None]
    """None: the category's items have no known figure (the summary's ``-``), not zero."""
    other_currencies: dict[str, int] = {}
    """Items (every view, as drawn) in each currency but ``currency``: not in the chart."""


class EnvelopePoint(PackModel):
    """The envelope and what open items committed, on one day."""

    on: date
    envelope: Decimal | None
    committed: Decimal


class CostPoint(PackModel):
    """One open item: its budget and how far its forecast is from it."""

    key: str
    budget: Decimal
    variance_percent: Decimal
    rag: str


class Charts(PackModel):
    """The data behind each chart."""

    currency: str
    rag_by_organisation: RagByOrganisation
    budget_by_category: BudgetByCategory
    envelope_over_time: list[EnvelopePoint]
    cost_against_variance: list[CostPoint]
    cost_unbudgeted: list[str] = []
    """Open items (keys) with a forecast and an authorised budget of 0, which the cost chart
    cannot place (no percentage of 0): its caption names them."""
    other_currencies: dict[str, int] = {}
    """Open items in each currency other than ``currency``: in no money chart (none converted)."""


class Finding(PackModel):
    """A pattern ``audit authority`` finds around a decision (docs/governance.md, *Findings*)."""

    kind: str
    """``sponsor at another time`` or ``category amended into delegation``."""
    reason: str


class DecisionEntry(PackModel):
    """A decision taken in the period: who, under what authority, why; what it puts right."""

    position: int
    effective_date: date
    recorded_at: datetime
    subject: str
    event: str
    summary: str
    actor: str
    role: str
    authority: str | None
    rationale: str
    flag: str | None
    """``corrects #N``, ``annuls #N``, ``corrected by #N`` (``corrected 2 times, by #N, #M``)
    or ``annulled by #N``; ``recorded late, on DAY``; and what ``audit authority`` says of it,
    ``authority did not hold``, ``flagged (KIND): REASON`` for each finding, then ``(audit
    authority KEY)``."""
    corrected_by: list[int] = []
    """Every correction of it known on the pack's clock, in ledger order."""
    annulled_by: int | None = None
    as_it_stands: str | None = None
    """A corrected decision as its corrections leave it (``summary`` is as recorded)."""
    read_at: str | None = None
    """The command that shows what put it right, beside it: ``audit trail --item KEY``."""
    findings: list[Finding] = []
    """What ``audit authority KEY`` finds around it, its verdict apart (in ``flag`` too)."""


class PackException(PackModel):
    """Something that needs the board's attention, found by a rule."""

    rule: str
    """The rule's id and name, e.g. ``R1 tolerance-breach``."""
    key: str
    title: str
    detail: str
    owner: str
    body: str
    """Who should act: the body escalated to, the board that set a tolerance, the sponsor."""
    age_days: int | None


class Recommendation(PackModel):
    """What the office recommends for one exception, and the rule that produced it."""

    rule: str
    key: str
    text: str


class BoardPack(PackModel):
    """A governance board pack: the portfolio as at a date, from one ledger."""

    title: str
    as_at: date
    clock: str
    """``effective`` (decisions in effect by the day) or ``recorded`` (recorded by its end)."""
    since: date
    since_basis: str = "given"
    """Where ``since`` came from: ``given`` (``--since``), the last pack recorded for the
    board, or the default of 90 days."""
    board: str | None = None
    """The board the pack is for, as ``Investment Committee (IC)``; None: not named."""
    organisations: list[str]
    summary: Summary
    charts: Charts
    decisions: list[DecisionEntry]
    exceptions: list[PackException]
    recommendations: list[Recommendation]
    rules: list[str]
    """Every rule applied, as ``R1 tolerance-breach: <what it finds>``."""
    digest: str
    """The ledger's digest line at the pack's date, as ``audit digest`` prints it."""
    generated_at: datetime | None = None

    def scope(self) -> str:
        """The organisations the pack is limited to, as its title says them; empty: all.

        Told apart as the audit trail says a list (``names_in_words``): ``(CORP, "A, B")``.
        """
        return f" ({names_in_words(self.organisations)})" if self.organisations else ""

    def heading(self) -> str:
        """The pack's heading: ``Portfolio board pack for Investment Committee (IC)``."""
        return f"{self.title} for {self.board}" if self.board else self.title

    def document_title(self) -> str:
        """The title of the page, the PDF and the workbook: one, so a copy is known by it."""
        return f"{self.heading()} as at {self.as_at.isoformat()}{self.scope()}"

    def no_envelope(self) -> str:
        """What the pack says where no envelope stood on its day, on its clock."""
        on = (
            "in effect that day"
            if self.clock == "effective"
            else "as recorded by the end of that day"
        )
        return f"No portfolio envelope stood on {self.as_at.isoformat()} ({on})"
