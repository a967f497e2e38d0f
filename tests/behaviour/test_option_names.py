"""A refused value is named by the option the user typed, not by the field behind it.

``--holds`` fills a person's ``roles``, ``--terms`` a board's
``terms_of_reference``, ``--category`` a delegation's ``categories``, ``--ref``
a decision's ``references``, ``--vote`` a meeting's ``votes``; the key is an
argument. A message naming ``--roles`` sends the user looking for an option
that does not exist.
"""

from __future__ import annotations

import pytest

from tests.behaviour.test_governance import gov
from tests.conftest import Cli

__all__ = ["gov"]  # the fixture, used by name

MEETING = ["--present", "hcarter,mlee,cdubois", "--actor", "hcarter"]


@pytest.mark.parametrize(
    ("args", "named", "not_named"),
    [
        (["person", "add", "zz", "--name", "Z", "--holds", "  "], "  --holds: ", "--roles"),
        (["person", "add", "bad key", "--name", "Z"], "  KEY: 'bad key'", "--key"),
        (["person", "add", "zz", "--name", "Z", "--ref", " "], "  --ref: ", "--references"),
        (
            ["board", "create", "ZZ", "--name", "Z", "--terms", " ", "--quorum", "1",
             "--unlimited", "--authority", "Articles"],
            "  --terms: ",
            "--terms-of-reference",
        ),
        (
            ["authority", "delegate", "DEL-9", "--board", "IC", "--to", "mlee", "--limit", "10",
             *[f"--category=C{n}" for n in range(51)], *MEETING, "--vote", "hcarter=for"],
            "  --category: has 51 entries",
            "--categories",
        ),
        (
            ["authority", "delegate", "DEL-9", "--board", "IC", "--to", "mlee", "--limit", "10",
             *MEETING, "--vote", "hcarter=for,HCARTER=for"],
            "  --vote: hcarter is given 2 votes",
            "--votes",
        ),
    ],
)  # fmt: skip
def test_a_refused_value_names_the_option_that_gave_it(
    gov: Cli, args: list[str], named: str, not_named: str
) -> None:
    before = gov.events()
    result = gov(*args, "-m", "Why", role="Secretary")
    assert result.exit_code == 2, result.output
    assert named in result.output
    assert not_named not in result.output
    assert "Traceback" not in result.output
    assert gov.events() == before
