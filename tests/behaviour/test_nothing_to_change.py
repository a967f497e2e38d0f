"""A decision that would change nothing is refused alike: "...; nothing to change", exit 1.

'item reprioritise' to the rank an item has, 'item transfer' to its organisation and
'item amend' to its title said "nothing to change"; 'board set-quorum', 'board set-limit'
and 'portfolio envelope' to the value they have said only "the quorum of IC is already 3",
as if the value were mistyped. The demo, on SQLite and PostgreSQL; nothing is written.
"""

from __future__ import annotations

import pytest

from tests.conftest import Cli

AS = ("--authority", "Executive Board", "-m", "Again")


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("board", "set-quorum", "IC", "3"), "the quorum of IC is already 3"),
        (("board", "set-limit", "IC", "--limit", "GBP 50,000,000"), "the limit of IC is already"),
        (("portfolio", "envelope", "GBP 280,000,000"), "the portfolio envelope is already"),
        (("item", "reprioritise", "PGM-001", "--rank", "1"), "PGM-001 already has rank 1"),
        (("item", "transfer", "PGM-001", "--to", "CORP"), "PGM-001 already belongs to CORP"),
    ],
)
def test_a_decision_changing_nothing_is_refused_saying_so(
    shared_demo: Cli, args: tuple[str, ...], said: str
) -> None:
    before = shared_demo.events()

    result = shared_demo(*args, *AS)

    assert result.exit_code == 1, result.output
    message = " ".join(result.output.split())
    assert said in message
    assert message.endswith("; nothing to change"), message
    assert shared_demo.events() == before
