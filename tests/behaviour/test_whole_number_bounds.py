"""A whole number out of its bounds is refused in one wording, on every command, exit 2.

'item reprioritise --rank 0' said "--rank: must be at least 1, not the number 0", while
'decision annul 0' said "0 is not in the range x>=1.", 'portfolio --offset -1' "-1 is not
in the range 0<=x<=9223372036854775807." and '--alignment-score 101' "101 is not in the
range 0<=x<=100." (click's words). Each now says what the decision's number says. The
demo, on SQLite and PostgreSQL; nothing is written.
"""

from __future__ import annotations

import pytest

from tests.conftest import Cli


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("item", "reprioritise", "PGM-001", "--rank", "0", "--authority", "IC", "-m", "x"),
         "--rank: must be at least 1, not the number 0"),
        (("decision", "annul", "0", "--authority", "IC", "-m", "x"),
         "'POSITION': must be at least 1, not the number 0"),
        (("portfolio", "--offset=-1"), "'--offset': must be at least 0, not the number -1"),
        (("portfolio", "--limit", str(2**63)),
         f"'--limit': must be at most {2**63 - 1}, not the number {2**63}"),
        (("item", "appraise", "PRJ-015", "--estimated-cost", "1", "--expected-benefits", "1",
          "--risk-rating", "low", "--alignment-score", "101", "-m", "x"),
         "'--alignment-score': must be at most 100, not the number 101"),
        (("audit", "checkpoint", "--every=-1"), "'--every': must be at least 0, not the number -1"),
    ],
)  # fmt: skip
def test_a_number_out_of_its_bounds_is_refused_alike(
    shared_demo: Cli, args: tuple[str, ...], said: str
) -> None:
    before = shared_demo.events()

    result = shared_demo(*args)

    assert result.exit_code == 2, result.output
    assert said in " ".join(result.output.split())
    assert "is not in the range" not in result.output
    assert shared_demo.events() == before
