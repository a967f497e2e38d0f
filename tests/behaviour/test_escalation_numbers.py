"""An escalation's number is never given again, not even after the escalation is annulled."""

from __future__ import annotations

import json

from tests.conftest import Cli


def ok(run: Cli, *args: str) -> dict[str, object]:
    result = run(*args, "--json")
    assert result.exit_code == 0, result.output
    answer: dict[str, object] = json.loads(result.stdout)
    return answer


def escalate(run: Cli, issue: str) -> dict[str, object]:
    return ok(run, "item", "escalate", "PRJ-1", "--issue", issue, "--severity", "high",
              "--to", "Investment Committee", "-m", "Escalated")  # fmt: skip


def test_an_escalation_after_an_annulled_one_takes_the_next_number(run: Cli) -> None:
    ok(run, "item", "propose", "PRJ-1", "--kind", "project", "--title", "Payroll", "--owner",
       "Dana", "--sponsor", "CFO", "--category", "Corporate", "-m", "Proposed")  # fmt: skip
    escalate(run, "Supplier risk")
    wrong = escalate(run, "Recorded on the wrong item")
    ok(run, "decision", "annul", str(wrong["position"]), "--authority", "PMO", "-m", "Wrong item")

    again = escalate(run, "Skills shortage")

    assert "escalation #3" in str(again["summary"])
    shown = ok(run, "item", "show", "PRJ-1")
    assert [e["number"] for e in shown["open_escalations"]] == [1, 3]  # type: ignore[attr-defined]
