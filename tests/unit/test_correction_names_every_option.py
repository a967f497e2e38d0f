"""Every option a command records a correctable field under is a name a correction is told of.

A secretary corrects a decision with the names its command took: ``item
transfer PRJ-1 --to OPS`` then ``decision correct N --set to=CITZ``. Where
the option's name is not the field's (``--to`` for ``organisation``), the
event's ``called`` must give it, or the refusal says the decision *says
nothing of to*, which it does. So it was for a grant's, a transfer's and an
escalation's ``--to``, a corrective action's ``--owner``, a dependency's
``--what`` and an onboarding's ``--budget`` and ``--objective``. Here every
option of every recording command below is checked against its event.
"""

from __future__ import annotations

import dataclasses

import click
import pytest

from portfolio_ledger.cli import cli
from portfolio_ledger.domain.boards import BoardConstituted, MemberAppointed
from portfolio_ledger.domain.corrective_actions import CorrectiveActionRecommended
from portfolio_ledger.domain.decision import DecisionEvent
from portfolio_ledger.domain.delegations import AuthorityDelegated
from portfolio_ledger.domain.dependencies import DependencyDeclared
from portfolio_ledger.domain.events_authorisation import FundingChanged, ItemApproved
from portfolio_ledger.domain.events_control import IssueEscalated, StatusReported
from portfolio_ledger.domain.events_definition import (
    ItemOnboarded,
    ItemProposed,
    ItemTransferred,
)
from portfolio_ledger.domain.people import PersonRegistered

RECORDED_BY: dict[str, type[DecisionEvent]] = {
    "authority delegate": AuthorityDelegated,
    "board create": BoardConstituted,
    "board appoint": MemberAppointed,
    "person add": PersonRegistered,
    "item propose": ItemProposed,
    "item onboard": ItemOnboarded,
    "item transfer": ItemTransferred,
    "item approve": ItemApproved,
    "item fund": FundingChanged,
    "item escalate": IssueEscalated,
    "item report-status": StatusReported,
    "item recommend-action": CorrectiveActionRecommended,
    "item declare-dependency": DependencyDeclared,
}


def _command(path: str) -> click.Command:
    found: click.Command = cli
    for part in path.split():
        assert isinstance(found, click.Group)
        command = found.get_command(click.Context(cli), part)
        assert command is not None, path
        found = command
    return found


@pytest.mark.parametrize("path", sorted(RECORDED_BY))
def test_each_option_named_otherwise_than_its_field_is_called_so(path: str) -> None:
    event = RECORDED_BY[path]
    fields = {field.name for field in dataclasses.fields(event)}
    called = dict(event.called)
    for option in _command(path).params:
        if not isinstance(option, click.Option) or option.name is None:
            continue
        for flag in option.opts:
            name = flag.lstrip("-").replace("-", "_")
            if not flag.startswith("--") or name in fields:
                continue
            field = option.name if option.name in fields else called.get(option.name)
            if field in event.correctable:
                assert called.get(name) == field, f"{path} {flag}: {event.__name__}.called"
