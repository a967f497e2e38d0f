"""A stored event's bytes edited through SQL into something the ledger never writes.

``audit verify`` names such an event *changed* (test_tamper.py). Every other
command that reads it (an item's history, the item at a moment, a rebuild of
the read models, a decision on the same item) must not fail as a bug
("Internal error", exit 70): it refuses, exit 1, saying the record was altered
outside portfolio-ledger and to run ``audit verify``, and writes nothing.
Each case runs on an SQLite file and on a PostgreSQL schema.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from sqlalchemy import text

from portfolio_ledger.domain.keys import item_id
from tests.behaviour.test_tamper import (
    EVENTS,
    delete_event,
    forge_linked_event,
    positions_of,
    record_items,
    tampering,
)
from tests.builders import approved_item
from tests.conftest import Cli
from tests.ledger_copies import copy_of


def _without(name: str) -> Callable[[bytes], bytes]:
    def edit(state: bytes) -> bytes:
        fields = json.loads(state)
        del fields[name]
        return json.dumps(fields).encode()

    return edit


EDITS: dict[str, Callable[[bytes], bytes]] = {
    "not-json": lambda state: b"{not json" + state,
    "not-utf8": lambda state: b"\xff" + state,
    "a-list": lambda _: b"[1, 2]",
    "no-decision": _without("decision"),
    "no-timestamp": _without("timestamp"),
}

COMMANDS: dict[str, tuple[str, ...]] = {
    "history": ("item", "history", "PRJ-002"),
    "show-at": ("item", "show", "PRJ-002", "--effective-on", "2999-01-01"),
    "rebuild": ("projections", "rebuild"),
    "decide": (
        "item", "reprioritise", "PRJ-002", "--rank", "1",
        "--authority", "Portfolio board", "-m", "Ranked",
    ),
}  # fmt: skip


def _approved(url: str) -> None:
    """An item, PRJ-002, approved (with the governance to approve it): each test's copy."""
    record_items(url, lambda ledger: approved_item(ledger, "PRJ-002"))


def _edit_approval(url: str, edit: Callable[[bytes], bytes]) -> int:
    """Rewrite the approval's stored state through SQL; return its position."""
    (position,) = positions_of(url, "ItemApproved")
    with tampering(url) as connection:
        state = connection.execute(
            text(f"SELECT state FROM {EVENTS} WHERE id = :p"), {"p": position}
        ).scalar_one()
        connection.execute(
            text(f"UPDATE {EVENTS} SET state = :s WHERE id = :p"),
            {"s": edit(bytes(state)), "p": position},
        )
    return position


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("edit", sorted(EDITS))
def test_an_event_edited_into_what_the_ledger_never_writes_is_refused_not_a_bug(
    run: Cli, edit: str, command: str, request: pytest.FixtureRequest
) -> None:
    copy_of(_approved, run.url, request)
    assert run("item", "history", "PRJ-002").exit_code == 0  # read models up to date
    position = _edit_approval(run.url, EDITS[edit])
    before = run.events()

    result = run(*COMMANDS[command])

    if command == "history" and edit.startswith("no-"):
        # The history reads the trail's row and only the mandate from the
        # event, which these states still give: shown, and verify finds it.
        assert result.exit_code == 0, result.output
    else:
        assert result.exit_code == 1, result.output
        assert "Internal error" not in result.output
        assert "Traceback" not in result.output
        assert "altered outside portfolio-ledger" in result.output
        assert "'portfolio-ledger audit verify'" in result.output
    assert run.events() == before
    verify = run("audit", "verify")
    assert verify.exit_code == 1
    assert f"FAILED at position {position}: changed." in verify.output


@pytest.mark.parametrize(
    "command",
    [
        ("item", "show", "PRJ-002"),
        ("item", "cancel", "PRJ-002", "--authority", "Portfolio board", "-m", "Stopped"),
    ],
    ids=["show", "decide"],
)
def test_an_event_that_does_not_follow_from_those_before_it_is_refused_not_a_bug(
    run: Cli, command: tuple[str, ...], request: pytest.FixtureRequest
) -> None:
    """A second proposal of the item, appended through SQL, linked and treed as the docs say.

    The chain and the tree verify (it is linked), so only folding the item's
    events finds that it cannot be: said as the record altered, exit 1.
    """
    copy_of(_approved, run.url, request)
    (proposed,) = positions_of(run.url, "ItemProposed")
    forged = forge_linked_event(run.url, proposed)
    before = run.events()

    result = run(*command)

    assert result.exit_code == 1, result.output
    assert "Internal error" not in result.output
    assert "does not follow from the events before it" in result.output
    assert "'portfolio-ledger audit verify'" in result.output
    assert run.events() == before == forged


@pytest.mark.parametrize(
    "command", [("item", "show", "PRJ-002"), ("projections", "rebuild")], ids=["show", "rebuild"]
)
def test_a_second_event_creating_an_item_is_said_as_such_not_as_a_failed_assert(
    run: Cli, command: tuple[str, ...], request: pytest.FixtureRequest
) -> None:
    """The library folds a creating event only onto nothing, with a bare ``assert``: said
    as "AssertionError: no detail" before. Now the event, its item and what was expected."""
    copy_of(_approved, run.url, request)
    (proposed,) = positions_of(run.url, "ItemProposed")
    forged = forge_linked_event(run.url, proposed)
    before = run.events()

    result = run(*command)
    said = " ".join(result.output.split())

    assert result.exit_code == 1, result.output
    assert "AssertionError" not in said
    assert "ItemProposed, version 4 of item PRJ-002" in said
    assert "does not follow from the events before it" in said
    assert "it creates the item, which the events before it already created" in said
    assert "only an item's first event, version 1, creates it" in said
    assert ("(its versions 1 to 3)" in said) is (command[0] == "item")  # folded, it knows
    assert "altered outside portfolio-ledger" in said
    assert "'portfolio-ledger audit verify'" in said
    assert run.events() == before == forged


@pytest.mark.parametrize(
    "command", [("item", "show", "PRJ-009"), ("projections", "rebuild")], ids=["show", "rebuild"]
)
def test_an_item_s_later_event_stored_with_nothing_before_it_is_said_as_such(
    run: Cli, command: tuple[str, ...], request: pytest.FixtureRequest
) -> None:
    """An approval copied onto an item no event created, as its version 1: the library's
    ``assert`` that something came before it, said as what is missing."""
    copy_of(_approved, run.url, request)
    (approved,) = positions_of(run.url, "ItemApproved")
    forged = forge_linked_event(run.url, approved, onto=item_id("PRJ-009"))
    before = run.events()

    result = run(*command)
    said = " ".join(result.output.split())

    assert result.exit_code == 1, result.output
    assert "AssertionError" not in said
    assert f"ItemApproved, version 1 of item {item_id('PRJ-009')}" in said
    assert "nothing before it created the item, and it does not create one" in said
    assert "altered outside portfolio-ledger" in said
    assert "'portfolio-ledger audit verify'" in said
    assert run.events() == before == forged


@pytest.mark.parametrize(
    "command", [("item", "show", "PRJ-003"), ("projections", "rebuild")], ids=["show", "rebuild"]
)
def test_the_advice_on_an_event_that_does_not_follow_names_the_check_that_finds_it(
    run: Cli, command: tuple[str, ...], request: pytest.FixtureRequest
) -> None:
    """A second proposal copied from the latest event (so recorded in order), linked and treed.

    Plain ``audit verify`` passes it, so the refusal's advice to run it would
    end in "Verified": it also names ``audit verify --checkpoint FILE --key
    KEY``, which finds such an event (not signed by the last checkpoint).
    """
    copy_of(_approved, run.url, request)
    proposed = run(
        "item", "propose", "PRJ-003", "--kind", "project", "--title", "Data", "--owner", "CIO",
        "--sponsor", "CFO", "--category", "Data", "--actor", "Sam", "--role", "PMO", "-m", "Idea",
    )  # fmt: skip
    assert proposed.exit_code == 0, proposed.output
    forge_linked_event(run.url, max(positions_of(run.url, "ItemProposed")))

    result = run(*command)

    assert result.exit_code == 1, result.output
    assert "does not follow from the events before it" in result.output
    assert run("audit", "verify").exit_code == 0  # linked, treed, in order: the chain takes it
    assert "'portfolio-ledger audit verify --checkpoint FILE --key KEY'" in result.output


@pytest.mark.parametrize(
    "command",
    [
        ("item", "show", "PRJ-002", "--as-of", "2000-01-01T00:00:00Z"),
        ("item", "show", "PRJ-002", "--effective-on", "2999-01-01"),
        ("item", "cancel", "PRJ-002", "--authority", "Portfolio board", "-m", "Stopped"),
    ],
    ids=["as-of", "effective-on", "decide"],
)
def test_an_item_missing_a_version_deleted_through_sql_is_refused_not_a_bug(
    run: Cli, command: tuple[str, ...], request: pytest.FixtureRequest
) -> None:
    copy_of(_approved, run.url, request)
    (appraised,) = positions_of(run.url, "BusinessCaseAppraised")
    delete_event(run.url, appraised, with_its_link=True)
    before = run.events()
    if command[3] == "--as-of":  # a moment after the last decision, whatever the clock says
        last = json.loads(run("audit", "trail", "--json").stdout)[-1]["recorded_at"]
        command = (*command[:4], last)

    result = run(*command)

    assert result.exit_code == 1, result.output
    assert "Internal error" not in result.output
    assert "does not follow from the events before it" in result.output
    assert "a version before it is missing" in result.output
    assert run.events() == before


@pytest.mark.parametrize(
    "command",
    [("board", "show", "IC"), ("board", "show", "IC", "--effective-on", "2999-01-01")],
    ids=["now", "on-a-day"],
)
def test_a_board_missing_a_version_deleted_through_sql_is_refused_not_a_bug(
    run: Cli, command: tuple[str, ...], request: pytest.FixtureRequest
) -> None:
    """A board's record folded at a moment (the domain's ``as_at``), as an item's is."""
    copy_of(_approved, run.url, request)
    board = json.loads(run("audit", "trail", "--item", "IC", "--json").stdout)
    delete_event(run.url, board[1]["position"], with_its_link=True)

    result = run(*command)

    assert result.exit_code == 1, result.output
    assert "Internal error" not in result.output
    assert "does not follow from the events before it" in result.output
    assert "a version before it is missing" in result.output


def test_an_approval_under_a_board_missing_a_version_says_why_its_authority_fails(
    run: Cli,
    request: pytest.FixtureRequest,
) -> None:
    """``audit authority`` judges the approval against the board's broken record, and says so."""
    copy_of(_approved, run.url, request)
    board = json.loads(run("audit", "trail", "--item", "IC", "--json").stdout)
    delete_event(run.url, board[1]["position"], with_its_link=True)

    result = run("audit", "authority", "PRJ-002", "--json")

    assert result.exit_code == 1, result.output
    (approval,) = [row for row in json.loads(result.stdout) if row["event"] == "approved"]
    assert approval["verdict"] == "invalid"
    assert "does not follow from the events before it" in approval["reason"]
    assert "a version before it is missing" in approval["reason"]


@pytest.mark.parametrize("command", ["show-at", "decide", "rebuild"])
def test_running_out_of_memory_while_reading_an_event_is_not_said_as_the_record_altered(
    run: Cli, command: str, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    """The library wraps whatever decoding raises; a MemoryError is this process's, no tamper."""
    from portfolio_ledger.storage.transcodings import LedgerTranscoder

    copy_of(_approved, run.url, request)
    assert run("item", "history", "PRJ-002").exit_code == 0

    def out_of_memory(self: object, data: bytes) -> object:
        raise MemoryError

    monkeypatch.setattr(LedgerTranscoder, "decode", out_of_memory)
    failed = run(*COMMANDS[command])

    assert failed.exit_code != 0
    assert "altered outside" not in failed.output, failed.output


@pytest.mark.parametrize("command", ["show-at", "decide"])
def test_running_out_of_memory_while_folding_events_is_not_said_as_the_record_altered(
    run: Cli, command: str, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    """Folding takes what an event cannot follow from as tampering; running out of memory is not."""
    from portfolio_ledger.domain.decision import DecisionEvent

    copy_of(_approved, run.url, request)
    assert run("item", "history", "PRJ-002").exit_code == 0

    def out_of_memory(self: object, aggregate: object) -> object:
        raise MemoryError

    monkeypatch.setattr(DecisionEvent, "mutate", out_of_memory)
    failed = run(*COMMANDS[command])

    assert failed.exit_code != 0
    assert "does not follow" not in failed.output, failed.output


@pytest.mark.parametrize("command", ["show-at", "decide", "rebuild"])
def test_an_event_of_a_kind_this_version_does_not_know_may_be_a_later_version_s(
    run: Cli, command: str, request: pytest.FixtureRequest
) -> None:
    """A later version's new kind of event is not only tampering: both are said, and no restore."""
    copy_of(_approved, run.url, request)
    assert run("item", "history", "PRJ-002").exit_code == 0
    (position,) = positions_of(run.url, "ItemApproved")
    with tampering(run.url) as connection:
        connection.execute(
            text(f"UPDATE {EVENTS} SET topic = :t WHERE id = :p"),
            {"t": "portfolio_ledger.domain.events:ItemApprovedLater", "p": position},
        )

    refused = run(*COMMANDS[command])

    assert refused.exit_code == 1, refused.output
    said = " ".join(refused.output.split())
    assert "a later version recorded it" in said, said
    assert "restore the database" not in said
