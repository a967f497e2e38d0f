"""What ends each kind of subject, as the refusal to annul its making decision says it."""

from __future__ import annotations

import pytest

from portfolio_ledger.domain.ending import how_to_end

KINDS = ["item", "delegation", "board", "person", "portfolio", "organisations"]


@pytest.mark.parametrize("kind", KINDS)
def test_each_way_to_end_a_subject_is_said_as_what_to_do(kind: str) -> None:
    """Quoted after 'Correct it, or', a board's and a person's read 'Correct it, or a board is
    never dissolved: ...', and the organisations' 'Correct it, or the first organisation
    added stays on the list': a statement where what to do was wanted."""
    said = how_to_end(kind)

    assert said.split()[0] in {"record", "revoke", "stand", "set", "correct"}, said
