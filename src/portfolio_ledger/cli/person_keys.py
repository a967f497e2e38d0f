"""A person's key given as their name (``--to "Marcus Lee"``): refused, naming the key to give."""

from __future__ import annotations

from typing import Any

import click

from portfolio_ledger.cli.context import LedgerContext


def person_key(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    """``value`` as given, unless it is no key held but a registered person's name: then refused.

    ``authority list`` shows a delegate as *Marcus Lee (mlee)*; ``--to "Marcus Lee"``
    was told only that it is not a valid person key, and ``--to okafor`` (a one-word name,
    a valid key too) that there is no person okafor. Where the ledger holds the person the
    text names (their name, their key, *Name (key)*, in any case and spacing, as segregation
    of duties reads them), the refusal gives their key. A key held is its person's; anything
    else goes on to the command's own check, which says the rule.
    """
    from portfolio_ledger.domain.errors import InvalidKey, LedgerError, quoted
    from portfolio_ledger.domain.keys import normalise_person_key

    if not isinstance(value, str) or not value.strip():
        return value
    try:
        given: str | None = normalise_person_key(value)
    except InvalidKey:
        given = None
    try:
        key = _key_named(ctx.find_object(LedgerContext), value, given)
    except LedgerError:  # no ledger there: the command says so, or its own check the rule
        return value
    if key is None:
        return value
    raise click.BadParameter(
        f"{quoted(value)} is not a person key; it names {key}: give {key}", ctx, param
    )


def _key_named(obj: LedgerContext | None, value: str, given: str | None) -> str | None:
    """The key of the person ``value`` names, unless it is ``given``, a key someone holds."""
    from portfolio_ledger.application.selection import Moment
    from portfolio_ledger.cli.actor_names import person_named

    if obj is None or not obj.configured():
        return None
    if given is not None and obj.reader.people(Moment(), [given]):  # its registration alone
        return None
    found = person_named(obj.reader, value)
    return None if found is None or found[0] == given else found[0]
