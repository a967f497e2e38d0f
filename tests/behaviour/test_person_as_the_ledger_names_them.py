"""A person written as the ledger writes them, 'Marcus Lee (mlee)', is that person.

Segregation of duties finds a proposer, a sponsor or the actor of a correction
by their key, their name or a post they hold. The ledger itself names a person
by name and key, 'Marcus Lee (mlee)': in every refusal, in ``authority list``,
in ``audit authority``. Before, that text was nobody: an item sponsored by
'Marcus Lee (mlee)' was approved by mlee himself, and a sponsor refused for
raising his item's budget was let through when he typed his name as the refusal
wrote it (both exit 0). Now each is refused, exit 1, nothing written, on the
command line and on an import's lines alike.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.behaviour.test_governance import BOARD, approve, delegate, gov, propose, refused
from tests.behaviour.test_governance_record_keeping import PUT_RIGHT
from tests.conftest import Cli

__all__ = ["gov"]  # the fixture, used by name

AS_WRITTEN = ["Marcus Lee (mlee)", "marcus  lee (MLEE)", "M\u0430rcus Lee (mlee)"]
"""mlee's label, in another case and spacing, and with a Cyrillic a (U+0430, as it shows)."""


@pytest.mark.parametrize("sponsor", AS_WRITTEN)
def test_the_sponsor_written_as_the_ledger_names_them_does_not_approve(
    gov: Cli, sponsor: str
) -> None:
    propose(gov, sponsor=sponsor)
    before = gov.events()

    result = approve(gov, "GBP 1,000,000", *BOARD[:-2], "--actor", "mlee", "--vote", "mlee=for")

    refused(
        gov,
        result,
        before,
        "Marcus Lee (mlee) sponsors PRJ-042 and so may not approve it (segregation of duties); "
        "another member of Investment Committee (IC) must record the decision.",
    )


def test_the_proposer_written_so_does_not_approve_under_a_delegation(gov: Cli) -> None:
    delegate(gov)
    propose(gov, proposer="Marcus Lee (mlee)")
    before = gov.events()

    result = approve(gov, "GBP 500,000", "--delegation", "DEL-001", "--actor", "mlee")

    refused(
        gov,
        result,
        before,
        "Marcus Lee (mlee) proposed PRJ-042 and so may not approve it under delegation "
        "DEL-001 (segregation of duties).",
    )


def _approved_sponsored_by_pking(run: Cli) -> int:
    propose(run, sponsor="Chief Executive")
    approved = approve(run, "GBP 1,000,000", *BOARD, "--vote", "hcarter=for,mlee=for", "--json")
    assert approved.exit_code == 0, approved.output
    return int(json.loads(approved.output)["position"])


def test_the_sponsor_does_not_correct_the_budget_as_the_refusal_names_him(gov: Cli) -> None:
    """Refused as 'Paul King', he typed 'Paul King (pking)', as the refusal wrote it."""
    approved = _approved_sponsored_by_pking(gov)
    before = gov.events()

    result = gov(
        "decision", "correct", str(approved), "--set", "authorised_budget=GBP 4,900,000",
        *PUT_RIGHT, actor="Paul King (pking)",
    )  # fmt: skip

    refused(
        gov,
        result,
        before,
        f"Paul King (pking) sponsors PRJ-042 and so may not correct position {approved:,} "
        "(approved) on it (segregation of duties: the sponsor of an item does not approve it, "
        "nor put right what was decided of it); someone else records it (--actor). "
        "Nothing was written.",
    )


def test_nor_on_an_import_line(gov: Cli, tmp_path: Path) -> None:
    approved = _approved_sponsored_by_pking(gov)
    before = gov.events()
    line = {
        "command": "decision correct",
        "position": approved,
        "changes": {"authorised_budget": "GBP 4,900,000"},
        "actor": "PAUL KING (PKING)",
        "role": "Chief Executive",
        "authority": "PMO record-keeping procedure",
        "rationale": "Put right",
    }
    file = tmp_path / "put-right.jsonl"
    file.write_text(json.dumps(line) + "\n", encoding="utf-8")

    result = gov("import", str(file))

    refused(gov, result, before, "line 1: Paul King (pking) sponsors PRJ-042 and so may not")


def test_the_delegate_written_so_does_not_raise_their_own_limit(gov: Cli) -> None:
    delegate(gov)
    position = before = gov.events()

    raised = gov(
        "decision", "correct", str(position), "--set", "limit=GBP 2,000,000",
        "--authority", "Investment Committee", "-m", "Minuted wrongly",
        actor="Marcus Lee (mlee)",
    )  # fmt: skip

    refused(
        gov,
        raised,
        before,
        "Marcus Lee (mlee) is the delegate of delegation DEL-001 and so may not correct",
    )


def test_a_distinguishing_name_is_still_another_person(gov: Cli) -> None:
    """'Marcus Lee (Finance)' names no one: only the key in brackets makes it mlee."""
    propose(gov, sponsor="Marcus Lee (Finance)")

    result = approve(gov, "GBP 1,000,000", *BOARD[:-2], "--actor", "mlee", "--vote", "mlee=for")

    assert result.exit_code == 0, result.output


def test_no_one_is_registered_under_another_persons_label(gov: Cli) -> None:
    """'Helen Carter (hcarter)' is hcarter: under another key, she would count twice."""
    before = gov.events()

    result = gov(
        "person", "add", "hcarter2", "--name", "Helen Carter (hcarter)", "-m", "Joins",
        role="Secretary",
    )  # fmt: skip

    refused(
        gov,
        result,
        before,
        "'Helen Carter (hcarter)' is the name of Helen Carter (hcarter), registered already",
        "Use the key hcarter",
    )
