"""A governed decision naming neither a board nor a delegation, or both, is told which.

``item approve`` with neither was refused *name the authority: a board (...)
or a delegation (...), not both*, as if it had named both. Now the refusal
says which: *one of them (neither was given)*, *(both were given)*; exit 2.
"""

from __future__ import annotations

import pytest

from tests.conftest import Cli


@pytest.mark.parametrize(
    ("authority", "said"),
    [((), "neither was given"), (("--board", "IC", "--delegation", "DEL-001"), "both were given")],
)
def test_a_governed_decision_naming_no_authority_or_two_is_told_which(
    shared_demo: Cli, authority: tuple[str, ...], said: str
) -> None:
    """Before, a decision naming neither was told '..., not both', as if it named both."""
    result = shared_demo(
        "item", "approve", "PRJ-002", "--budget", "5", *authority, "--actor", "hcarter", "-m", "x"
    )

    assert result.exit_code == 2, result.output
    assert f"or a delegation (--delegation), one of them ({said})" in " ".join(
        result.output.split()
    )
