"""``portfolio-ledger decision correct|annul``: put a recorded decision right, by a new decision.

Nothing recorded is ever changed or removed. A correction names the
decision (by its ledger position, shown by 'item history' and 'audit trail')
and gives the right values; an annulment says it was recorded in error. The
portfolio is then as if the decision had been made right, or not made; both
the original and what put it right stay in the record, linked.
"""

from __future__ import annotations

from typing import Any

import click

from portfolio_ledger.cli.context import LedgerContext, pass_context
from portfolio_ledger.cli.options import WholeNumber, decision_options, pop_decision, quoted_given
from portfolio_ledger.cli.recording import record


@click.group()
def decision() -> None:
    """Correct or annul a recorded decision (a new decision; the original stays)."""


def _changes(settings: tuple[str, ...]) -> dict[str, Any]:
    from portfolio_ledger.application.commands.records import field_name_problem

    changes: dict[str, Any] = {}
    for setting in settings:
        name, sep, value = setting.partition("=")
        name = name.strip().lower().replace("-", "_")
        if not sep or not name:
            raise click.BadParameter(
                f"{quoted_given(setting)} is not FIELD=VALUE (e.g. authorised_budget=1200000)",
                param_hint="--set",
            )
        if (problem := field_name_problem(name)) is not None:
            raise click.BadParameter(problem, param_hint="--set")
        if name in changes:  # given again: a list (references, objectives, ...)
            before = changes[name]
            changes[name] = [*before, value] if isinstance(before, list) else [before, value]
        else:
            changes[name] = value
    return changes


@decision.command()
@click.argument("position", type=WholeNumber(min=1))
@click.option(
    "--set",
    "settings",
    multiple=True,
    required=True,
    metavar="FIELD=VALUE",
    help="A field of the decision and its right value (e.g. authorised_budget=1200000, "
    "effective_date=2026-03-31, rag=amber). Repeatable; a field given twice is a list.",
)
@decision_options(authority_required=True)
@pass_context
def correct(ctx: LedgerContext, /, as_json: bool, **kw: Any) -> None:
    """Correct the decision at ledger POSITION: its amounts, dates, ratings or text.

    The decision is checked again as if made with the right values, and so is
    every later decision on the same subject (including its authority); if
    any would no longer hold, nothing is recorded and the conflict is named.
    Who decided, in what role and under what authority are not corrected:
    annul the decision and record it again. --effective-date is when the
    correction was decided; to move the decision's own date, --set
    effective_date=YYYY-MM-DD.

    \b
    Example:
      portfolio-ledger decision correct 57 --set authorised_budget=1200000 \\
        --authority "PMO record-keeping procedure" \\
        -m "Minutes say GBP 1.2m; GBP 12m was a typing error"
    """
    changes = _changes(kw.pop("settings"))
    record(ctx, as_json=as_json, decision=pop_decision(kw), changes=changes, **kw)


@decision.command()
@click.argument("position", type=WholeNumber(min=1))
@decision_options(authority_required=True)
@pass_context
def annul(ctx: LedgerContext, /, as_json: bool, **kw: Any) -> None:
    """Annul the decision at ledger POSITION: it was recorded in error.

    Refused, naming them, while later decisions depend on it (annul those
    first). The decision that made a subject is never annulled: correct it,
    or record that the item left the portfolio.

    \b
    Example:
      portfolio-ledger decision annul 61 --authority "PMO record-keeping procedure" \\
        -m "Recorded against the wrong item; see position 62"
    """
    record(ctx, as_json=as_json, decision=pop_decision(kw), **kw)
