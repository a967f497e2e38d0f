"""An item's sponsor text that names several people names each of them.

Segregation of duties matched a person with the whole sponsor text, so an item
sponsored by "Paul King and Helen Carter" (joint sponsors, as boards often name them)
was sponsored by nobody: both sat at the Executive Board and approved it, recorded and
``valid``. Now each part of a text joining several (``,``, ``;``, ``/``, ``&``, ``+``,
``and``) that is a person's key or name names them, wherever segregation of duties reads a
sponsor, a proposer or an owner: the approval is refused, a joint sponsor's vote too, and
the owner named among others is flagged. A post counts only as the whole text; on SQLite
and PostgreSQL.
"""

from __future__ import annotations

from tests.behaviour.test_audit_stood_aside import checked
from tests.behaviour.test_governance import approve, gov, propose, refused
from tests.conftest import Cli

__all__ = ["gov"]  # the fixture, used by name

EXB = ["--board", "EXB", "--present", "hcarter,pking"]


def test_each_of_two_sponsors_named_together_may_not_approve(gov: Cli) -> None:
    propose(gov, sponsor="Paul King and Helen Carter")
    before = gov.events()

    result = approve(gov, "GBP 500,000", *EXB, "--vote", "hcarter=for,pking=for",
                     "--actor", "pking")  # fmt: skip

    refused(gov, result, before, "Paul King (pking) sponsors PRJ-042 and so may not approve it")
    voting = approve(gov, "GBP 500,000", "--board", "IC", "--present", "mlee,cdubois,hcarter",
                     "--vote", "mlee=for,cdubois=for,hcarter=for", "--actor", "mlee")  # fmt: skip
    refused(gov, voting, before, "Helen Carter (hcarter) sponsors PRJ-042 and so may not vote "
            "on it as a member of Investment Committee (IC)")  # fmt: skip


def test_a_post_is_its_holders_only_as_the_whole_text(gov: Cli) -> None:
    """A post's name may hold 'and' or a comma: its parts are not other posts' holders."""
    propose(gov, sponsor="Paul King, chief information officer")
    before = gov.events()

    result = approve(gov, "GBP 500,000", *EXB, "--vote", "hcarter=for,pking=for",
                     "--actor", "hcarter")  # fmt: skip
    refused(gov, result, before, "Paul King (pking) sponsors PRJ-042 and so may not vote on it")
    # Marcus Lee holds the post of Chief Information Officer, named after Paul King's name,
    # as a sponsor's post often is: he is not the sponsor.
    recorded = approve(gov, "GBP 500,000", "--board", "IC", "--present", "mlee,cdubois,hcarter",
                       "--vote", "mlee=for,cdubois=for,hcarter=for", "--actor", "mlee")  # fmt: skip
    assert recorded.exit_code == 0, recorded.output


def test_an_owner_named_among_others_who_decides_is_flagged(gov: Cli) -> None:
    propose(gov, owner="Dana Okafor & Claire Dubois")
    assert approve(gov, "GBP 500,000", "--board", "IC", "--present", "mlee,cdubois,hcarter",
                   "--vote", "mlee=for,cdubois=for", "--actor", "mlee").exit_code == 0  # fmt: skip

    (finding,) = checked(gov, "approved")["findings"]

    assert finding["kind"] == "owner decided"
    assert finding["reason"].startswith("Claire Dubois (cdubois) voted for it, and owned PRJ-042")
