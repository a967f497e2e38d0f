"""Twins of one request, interleaved on purpose: the second always reports the first's result.

Twin B is paused at each point between its steps (after it found its
request not yet recorded; after its own checks, just before it saves) while
twin A records the same request in full through another connection; then B
goes on. Whatever the command (a new item, person, board or delegation, or
a decision on an existing item), B must answer with A's recording, marked
as a repeat, and the ledger must hold it once. Two hundred such races run
on each database.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from portfolio_ledger.application import commands as c
from portfolio_ledger.application.ledger import PortfolioLedger
from portfolio_ledger.application.views import Recorded
from tests import builders
from tests.reliability.conftest import report, scale

ROUNDS = scale(200, 1000)


def _commands(n: int) -> list[tuple[str, Callable[[], c.Decided]]]:
    """One request of each kind (round ``n``): the method that records it, and the command."""
    said = builders.who(authority=None, actor="Board Secretary", role="Secretary")
    return [
        ("propose", lambda: builders.propose(f"TWIN-{n}")),
        ("register_person", lambda: c.RegisterPerson(key=f"twin{n}", name=f"A Twin {n}", **said)),
        (
            "constitute_board",
            lambda: c.ConstituteBoard(
                key=f"TB-{n}",
                name="Twin Board",
                terms_of_reference="Twins.",
                limit=None,
                quorum=1,
                **{**said, "authority": "Articles"},
            ),
        ),
        (
            "delegate_authority",
            lambda: c.DelegateAuthority.model_validate(
                {**builders.ic_meeting(), "key": f"TD-{n}", "to": "pking", "limit": "1000"}
            ),
        ),
        (
            "report_status",
            lambda: builders.decision(c.ReportStatus, "TWIN-BASE", overall="amber", authority=None),
        ),
        ("reprioritise", lambda: builders.decision(c.ReprioritiseItem, "TWIN-BASE", rank=n + 1)),
    ]


def _pause_before(ledger: PortfolioLedger, step: str, meanwhile: Callable[[], Any]) -> None:
    """Make ``ledger`` run ``meanwhile`` once, at ``step``: after the request check, or at the
    append (after the command's own checks)."""
    if step == "checks":
        original = ledger.recorded

        def checked_then_pause(request: Any) -> Recorded | None:
            found = original(request)
            ledger.recorded = original  # type: ignore[method-assign]
            meanwhile()
            return found

        ledger.recorded = checked_then_pause  # type: ignore[method-assign]
    else:
        recorder: Any = ledger.recorder
        appending = recorder.appending  # the append, after every check

        def pause_then_append() -> Any:
            recorder.appending = appending
            meanwhile()
            return appending()

        recorder.appending = pause_then_append


def _record_into(answers: list[Recorded], method: Callable[[Any], Recorded], command: Any) -> None:
    answers.append(method(command))


def test_a_twin_recorded_between_any_two_steps_is_reported_not_refused(
    twins: tuple[PortfolioLedger, PortfolioLedger],
) -> None:
    first, second = twins
    builders.governance(first)
    first.handle(builders.propose("TWIN-BASE"))
    first.handle(builders.appraise("TWIN-BASE"))
    first.handle(builders.approve("TWIN-BASE"))
    outcomes: dict[str, int] = {}
    for n in range(ROUNDS):
        kinds = _commands(n)
        method, build = kinds[n % len(kinds)]
        step = "checks" if (n // len(kinds)) % 2 == 0 else "save"
        command = build().model_copy(update={"request_id": f"twin-{n}"})
        answers: list[Recorded] = []
        _pause_before(second, step, partial(_record_into, answers, first.handle, command))

        repeated = second.handle(command)

        (original,) = answers
        assert repeated.repeated, (method, step, repeated)
        assert not original.repeated
        assert (repeated.key, repeated.position, repeated.version) == (
            original.key,
            original.position,
            original.version,
        ), (method, step)
        outcomes[f"{method} at {step}"] = outcomes.get(f"{method} at {step}", 0) + 1
    assert first.event_count() == second.event_count()
    report(
        "twins interleaved", rounds=ROUNDS, **{k.replace(" ", "_"): v for k, v in outcomes.items()}
    )
