"""Which refused lines of an import are only consequences of an earlier refused line.

A line is reported as a consequence ("depends on line N, which was refused")
only when the ledger's refusal says so in a way that can be told for sure:

- it names, as not found, the item, person, board or delegation whose key is
  the ``key`` of an earlier refused line (``item approve PRJ-7`` after a
  refused ``item propose PRJ-7``; ``board appoint IC`` with a person whose
  ``person add`` was refused); or
- it refuses a lifecycle step on an item (the item's stage does not allow
  it), and an earlier refused line was to move that same item to a stage
  that does allow it (``item start-delivery PRJ-7`` after a refused ``item
  approve PRJ-7``).

Any other refusal is the line's own, whatever it names: a line whose item an
earlier refused line was to fund, but which is refused for its stage (that
funding would not have changed), or whose actor an earlier refused ``person
add`` was to register, but which is refused for a rule of its own, says so.
Only refused lines come here: nothing is added to a recorded line's path.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from portfolio_ledger.domain.errors import GovernanceRecordNotFound, IllegalTransition, ItemNotFound
from portfolio_ledger.domain.lifecycle import RULES, Action, Stage

if TYPE_CHECKING:
    from portfolio_ledger.application.importer import Line

LEADS_TO: dict[str, frozenset[Stage]] = {
    "item propose": frozenset({Stage.PROPOSED}),
    "item appraise": frozenset({Stage.APPRAISED}),
    "item approve": frozenset({Stage.APPROVED}),
    "item reject": frozenset({Stage.REJECTED}),
    "item defer": frozenset({Stage.DEFERRED}),
    "item start-delivery": frozenset({Stage.IN_DELIVERY}),
    "item pause": frozenset({Stage.PAUSED}),
    "item resume": frozenset({Stage.APPROVED, Stage.IN_DELIVERY}),
    "item go-live": frozenset({Stage.LIVE}),
    "item retire": frozenset({Stage.RETIRED}),
    "item cancel": frozenset({Stage.CANCELLED}),
    "item leave": frozenset({Stage.LEFT}),
}
"""The stages an item decision would have moved its item to (resume: back to either)."""

MOVES: dict[str, Action] = {
    "item appraise": Action.APPRAISE,
    "item approve": Action.APPROVE,
    "item reject": Action.REJECT,
    "item defer": Action.DEFER,
    "item start-delivery": Action.START_DELIVERY,
    "item pause": Action.PAUSE,
    "item resume": Action.RESUME,
    "item go-live": Action.GO_LIVE,
    "item retire": Action.RETIRE,
    "item cancel": Action.CANCEL,
    "item leave": Action.LEAVE,
}
"""The lifecycle step each moving command takes: it moves its item only from the stages its
rule allows (a proposal or onboarding makes the item, so never moves one that exists)."""


KINDS = {"item": "item", "person": "person", "board": "board", "authority": "delegation"}
"""The kind of record a command's ``key`` names, by the command's first word (as the
ledger's not-found refusals name them): a person and an item may share a key."""


class _Move(NamedTuple):
    """A refused line that was to move its item."""

    stages: frozenset[Stage]
    """Where it was to move the item."""
    root: int
    """The first refused line it goes back to (itself, if it is no consequence)."""
    step: Action | None
    """The step that would have moved it (None for one that makes the item)."""
    was_at: frozenset[Stage] | None
    """Where the earlier refused line it depends on was to leave the item; None if none."""


class Refused:
    """What the refused lines were to create or change, by key, and the line each goes back to."""

    def __init__(self) -> None:
        self.keys: dict[tuple[str, str], int] = {}
        """Each refused line's kind and ``key``, with the first line (not itself a consequence)
        for it."""
        self.stages: dict[str, list[_Move]] = {}
        """For each item key, the refused lines that were to move it."""

    def add(self, line: Line, usage: bool, cause: Exception | None) -> int | None:
        """The earlier refused line this refused one follows from, if it surely does.

        ``usage``: the line is malformed (never a consequence); ``cause``: the
        ledger's refusal of it. Either way its key is noted for the lines after.
        """
        earlier, was_at = (None, None) if usage else self._because_of(cause)
        key = line.fields.get("key")
        if isinstance(key, str):
            key = key.strip().casefold()
            root = earlier or line.number
            kind = KINDS.get(line.command.partition(" ")[0])
            if kind is not None:
                self.keys.setdefault((kind, key), root)
            stages = _leads_to(line)
            if stages:
                move = _Move(stages, root, MOVES.get(line.command), was_at)
                self.stages.setdefault(key, []).append(move)
        return earlier

    def _because_of(self, cause: Exception | None) -> tuple[int | None, frozenset[Stage] | None]:
        """The earlier refused line ``cause`` follows from, if it surely does; and where.

        Where: for a stage refused, the stages that line was to leave the item at.
        """
        if isinstance(cause, ItemNotFound):
            return self.keys.get(("item", cause.key.strip().casefold())), None
        if isinstance(cause, GovernanceRecordNotFound):
            return self.keys.get((cause.kind, cause.key.strip().casefold())), None
        if isinstance(cause, IllegalTransition):
            try:
                allowed = RULES[Action(cause.action)].allowed
            except ValueError:
                return None, None
            moved = self.stages.get(cause.key.strip().casefold(), ())
            for move in moved:
                if move.stages & allowed and _could_move(move, cause.stage):
                    return move.root, move.stages
        return None, None


def _could_move(move: _Move, stage: str) -> bool:
    """Whether ``move``'s step could have moved an item that is at ``stage`` (the refusal's).

    An appraisal refused beside an approved item was never going to make it appraised, so a
    later approval refused as the item is approved is its own error (its stage), not one
    that follows from the appraisal's; nor does a refused proposal move an item that exists.
    A step that was itself refused as depending on an earlier line starts where that line
    was to leave the item (an approval after a refused appraisal: from appraised).
    """
    if move.step is None:
        return False
    allowed = RULES[move.step].allowed
    if move.was_at is not None and move.was_at & allowed:
        return True
    try:
        return Stage(stage) in allowed
    except ValueError:
        return False


def _leads_to(line: Line) -> frozenset[Stage]:
    if line.command == "item onboard":
        return _stage(line.fields.get("stage", Stage.IN_DELIVERY.value))
    return LEADS_TO.get(line.command, frozenset())


def _stage(value: Any) -> frozenset[Stage]:
    try:
        return frozenset({Stage(str(value).strip().lower())})
    except ValueError:
        return frozenset()
