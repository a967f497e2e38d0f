"""Every option a command records a correctable field under is a name a correction is told of.

A secretary corrects a decision with the names its command took: ``item
transfer PRJ-1 --to OPS`` then ``decision correct N --set to=CITZ``. Where
the option's name is not the field's (``--to`` for ``organisation``), the
event's ``called`` must give it, or the refusal says the decision *says
nothing of to*, which it does. So it was for a grant's, a transfer's and an
escalation's ``--to``, a corrective action's ``--owner``, a dependency's
``--what`` and an onboarding's ``--budget`` and ``--objective``. Here every
option of every recording command below is checked against its event, and
every argument by the name its help gives it: ``portfolio envelope AMOUNT``
is corrected as ``--set amount=...``, which the event records as ``envelope``.
"""

from __future__ import annotations

import dataclasses

import click
import pytest

from portfolio_ledger.application.corrections import RECORDED_BY as COMMAND_OF
from portfolio_ledger.cli import cli
from portfolio_ledger.domain.decision import DecisionEvent
from portfolio_ledger.domain.event_kinds import decision_kinds


def _subclasses(base: type[DecisionEvent]) -> list[type[DecisionEvent]]:
    return [each for sub in base.__subclasses__() for each in [sub, *_subclasses(sub)]]


decision_kinds()  # every module that defines decisions, imported
EVENTS = {event.__name__: event for event in _subclasses(DecisionEvent)}
RECORDED_BY: dict[str, type[DecisionEvent]] = {
    f"{command} ({name})": EVENTS[name] for name, command in COMMAND_OF.items()
}
"""Every decision a correction may change, by the command that records it."""


def _command(path: str) -> click.Command:
    found: click.Command = cli
    for part in path.split():
        assert isinstance(found, click.Group)
        command = found.get_command(click.Context(cli), part)
        assert command is not None, path
        found = command
    return found


def _names(param: click.Parameter) -> list[str]:
    """The names a user gives ``param``: an option's flags; an argument's, as its help shows."""
    if isinstance(param, click.Option):
        return list(param.opts)
    return [param.make_metavar(click.Context(cli)).strip(".").lower()]


@pytest.mark.parametrize("path", sorted(RECORDED_BY))
def test_each_option_named_otherwise_than_its_field_is_called_so(path: str) -> None:
    event = RECORDED_BY[path]
    fields = {field.name for field in dataclasses.fields(event)}
    called = dict(event.called)
    for option in _command(path.split(" (", maxsplit=1)[0]).params:
        for flag in _names(option):
            name = flag.lstrip("-").replace("-", "_")
            if (not flag.startswith("--") and isinstance(option, click.Option)) or name in fields:
                continue
            field = option.name if option.name in fields else called.get(option.name)
            if field in event.correctable:
                assert called.get(name) == field, f"{path} {flag}: {event.__name__}.called"
