"""A request's fingerprint: the same request whatever order its meeting's members came in."""

from __future__ import annotations

from datetime import date

from portfolio_ledger.application.commands.items import PauseItem
from portfolio_ledger.application.ports import Request

MEETING = {
    "key": "PRJ-1",
    "actor": "hcarter",
    "role": "Chair",
    "rationale": "Funding review",
    "effective_date": date(2026, 1, 5),
    "board": "IC",
}


def pause(present: list[str], votes: dict[str, str]) -> PauseItem:
    """A pause by IC's meeting with ``present`` and ``votes`` in the order given."""
    return PauseItem.model_validate({**MEETING, "present": present, "votes": votes})


def test_members_and_votes_in_another_order_ask_the_same() -> None:
    one = pause(["hcarter", "mlee", "cdubois"], {"hcarter": "for", "mlee": "against"})
    other = pause(["cdubois", "hcarter", "mlee"], {"mlee": "against", "hcarter": "for"})

    assert one.fingerprint() == other.fingerprint()
    assert one.fingerprint_as_given() != other.fingerprint_as_given()


def test_another_vote_or_member_is_another_request() -> None:
    one = pause(["hcarter", "mlee"], {"hcarter": "for", "mlee": "for"})

    assert one.fingerprint() != pause(["hcarter", "mlee"], {"hcarter": "for"}).fingerprint()
    assert (
        one.fingerprint()
        != pause(["hcarter", "mlee", "x"], {"hcarter": "for", "mlee": "for"}).fingerprint()
    )
    assert (
        one.fingerprint()
        != pause(["hcarter", "mlee"], {"hcarter": "for", "mlee": "against"}).fingerprint()
    )


def test_a_decision_with_no_meeting_keeps_the_fingerprint_earlier_releases_kept() -> None:
    words = PauseItem.model_validate({**MEETING, "board": None, "authority": "IC"})

    assert words.fingerprint() == words.fingerprint_as_given()


def test_a_request_an_earlier_release_recorded_in_the_order_given_is_still_recognised() -> None:
    given = pause(["mlee", "hcarter"], {"mlee": "for", "hcarter": "for"})
    request = Request("r-1", given.fingerprint(), "PRJ-1", given.fingerprint_as_given())

    assert request.asks(given.fingerprint())
    assert request.asks(given.fingerprint_as_given())  # stored by an earlier release
    assert not request.asks(pause(["mlee"], {"mlee": "for"}).fingerprint())
    assert Request("import:x", "abc", "import").asks("abc")
    assert not Request("import:x", "abc", "import").asks("")
