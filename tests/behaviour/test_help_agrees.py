"""A read command's --help says what the command does, as README.md and docs/tables.md do."""

from __future__ import annotations

import re
from pathlib import Path

import click
from click.testing import CliRunner

from portfolio_ledger.cli import cli
from portfolio_ledger.projections.economics import DIMENSIONS
from portfolio_ledger.projections.queries import DIFF_FIELDS
from portfolio_ledger.reports.tabular import DIFF_LABELS

README = Path(__file__).parents[2] / "README.md"


def helped(*command: str) -> str:
    result = CliRunner().invoke(cli, [*command, "--help"], terminal_width=200)
    assert result.exit_code == 0, result.output
    return " ".join(result.output.split())


def test_portfolio_diff_help_names_every_change_it_lists() -> None:
    # It named stage, title, organisation, category, whole-life cost, budget, forecast,
    # rank and RAG: not owner, sponsor or forecast date, which it lists too
    # (README.md and docs/tables.md name them).
    said = helped("portfolio", "diff").split("For items in the portfolio at both moments:")[1]
    said = said.split("(a figure")[0]

    missing = [DIFF_LABELS.get(f, f) for f in DIFF_FIELDS if DIFF_LABELS.get(f, f) not in said]
    assert missing == []


def test_the_readme_s_economics_line_names_every_breakdown() -> None:
    # '# money by view, stage and category': economics breaks down by organisation,
    # kind and RAG too, as its --help says.
    line = next(
        line for line in README.read_text(encoding="utf-8").splitlines()
        if re.match(r"portfolio-ledger economics +#", line)
    )  # fmt: skip
    said = line.split("#", 1)[1].replace("RAG", "rag")

    assert [d for d in DIMENSIONS if d not in said] == []
    assert all(d in helped("economics").replace("RAG", "rag") for d in DIMENSIONS)


def test_projections_rebuild_takes_the_read_models_names_in_their_own_order() -> None:
    # The CLI spells the names out (its start-up imports no read model); they must be the
    # read models' own, in the order 'projections status' lists them and a rebuild takes them.
    from portfolio_ledger.cli.projections import rebuild
    from portfolio_ledger.projections.read_models import ReadModelTables

    choice = next(p for p in rebuild.params if p.name == "names").type
    assert isinstance(choice, click.Choice)
    assert list(choice.choices) == [p.name for p in ReadModelTables().all]


def test_the_audit_group_s_help_says_it_holds_the_evidence_too() -> None:
    # 'Read the audit trail: every decision, in ledger order.': the top-level --help's one
    # line for audit, which also verifies, signs, proves and exports (README.md,
    # docs/verification.md); a reader looking for verification passed it by.
    said = helped("audit").split("Options:")[0]

    missing = [
        word
        for word in ("trail", "digest", "verif", "checkpoint", "receipt", "export")
        if word not in said
    ]
    assert missing == []


def test_the_board_pack_s_record_example_tables_it_by_name_not_by_key() -> None:
    # docs/reports.md: the tabling is not a governed decision, so --actor is recorded as
    # typed; give a name, as 'audit trail --actor "Priya Raman"' finds it. The help's
    # example gave '--actor praman', and the tabling was then recorded as 'praman'.
    said = helped("report", "board-pack")
    example = said.split("--record", 1)[1].split("portfolio-ledger", 1)[0]

    assert '--actor "Priya Raman"' in example, example
    assert "praman" not in said
