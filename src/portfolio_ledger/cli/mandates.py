"""The options naming a decision's authority as a board's meeting or a delegation.

``--board`` with ``--present`` and ``--vote``, or ``--delegation``: what a
governed decision must name (``item approve``, ``item fund``, ``item
set-tolerance``), an item's other authorisations may name instead of
``--authority`` in words, and a board's own resolutions take in part.
"""

from __future__ import annotations

from typing import Any

import click

from portfolio_ledger.cli.options import F, decision_options
from portfolio_ledger.domain.errors import quoted


def authorisation_options(function: F) -> F:
    """The decision options and :func:`mandate_options`: the authority in words, or checked.

    For an item authorisation that names its authority in words (``--authority``,
    recorded as said) or as a board's meeting or a delegation, which the ledger checks.
    """
    return mandate_options(decision_options(authority_required=True, checkable=True)(function))


def attendance_options(function: F) -> F:
    """Add --present and --vote: who attended a board's meeting and how each voted."""
    function = click.option(
        "--vote",
        "votes",
        multiple=True,
        metavar="KEY=VOTE",
        help="A member's vote: for, against or abstain (e.g. hcarter=for). Repeatable, "
        "or comma-separated. Members present without a vote did not vote.",
    )(function)
    return click.option(
        "--present",
        multiple=True,
        metavar="KEYS",
        help="Members present, by person key, comma-separated (e.g. hcarter,mlee,cdubois); "
        "each once; the actor must be one. Repeatable.",
    )(function)


def mandate_options(function: F) -> F:
    """Add --board (with --present and --vote) and --delegation: the authority used."""
    function = attendance_options(function)
    function = click.option(
        "--delegation",
        metavar="KEY",
        help="Decide under this delegation (you must be its delegate); instead of --board.",
    )(function)
    return click.option(
        "--board",
        metavar="KEY",
        help="Decide as this board's meeting (e.g. IC), with --present and --vote.",
    )(function)


def attendance_fields(present: tuple[str, ...], votes: tuple[str, ...]) -> dict[str, Any]:
    """``--present a,b --vote a=for`` as the command's ``present`` and ``votes``."""
    members = tuple(part for text in present for part in _entries(text, "--present"))
    cast: dict[str, str] = {}
    for text in votes:
        for part in _entries(text, "--vote"):
            person, equals, vote = part.partition("=")
            person, vote = person.strip(), vote.strip().lower()
            if not equals or not person or vote not in {"for", "against", "abstain"}:
                raise click.BadParameter(
                    f"{part!r}: write each vote as KEY=for, KEY=against or KEY=abstain",
                    param_hint="'--vote'",
                )
            if person in cast:  # the same vote again is a slip too: a person votes once
                raise click.BadParameter(
                    f"{person} is given two votes ({person}={cast[person]} and "
                    f"{person}={vote}); a person votes once: give {person} one vote",
                    param_hint="'--vote'",
                )
            cast[person] = vote
    return {"present": members, "votes": cast}


_FIX = {
    "--present": "list each member present by person key, comma-separated (e.g. hcarter,mlee)",
    "--vote": "give each vote as KEY=for|against|abstain, comma-separated "
    "(e.g. hcarter=for,mlee=against); leave --vote out for a member who did not vote",
}
_NONE = {"--present": "names no member", "--vote": "gives no vote"}


def _entries(text: str, option: str) -> list[str]:
    """The comma-separated entries of one ``option`` as typed, each stripped.

    An empty entry (``hcarter,,mlee``, a comma at an end, or the option given
    empty) is a name lost between commas, most likely: refused, not skipped.
    """
    parts = [part.strip() for part in text.split(",")]
    if len(parts) == 1 and not parts[0]:
        raise click.BadParameter(
            f"given empty, it {_NONE[option]}; {_FIX[option]}", param_hint=f"'{option}'"
        )
    empty = next((n for n, part in enumerate(parts, 1) if not part), None)
    if empty is not None:
        raise click.BadParameter(
            f"entry {empty} of {len(parts)} in {quoted(text)} is empty (a comma too many, or an "
            f"entry lost between commas); {_FIX[option]}",
            param_hint=f"'{option}'",
        )
    return parts


def pop_mandate(kw: dict[str, Any]) -> dict[str, Any]:
    """Take --board, --delegation, --present and --vote out of ``kw``: the command's fields.

    None of them given, no fields: the decision names its authority in words, if at all.
    One given empty (``--board ""``) is given, and refused as a key, not taken for none.
    """
    given = [kw.pop(name) for name in ("board", "delegation", "present", "votes")]
    return mandate_fields(*given) if any(value not in (None, ()) for value in given) else {}


def mandate_fields(
    board: str | None, delegation: str | None, present: tuple[str, ...], votes: tuple[str, ...]
) -> dict[str, Any]:
    """The command's authority fields: a board's meeting or a delegation."""
    return {"board": board, "delegation": delegation, **attendance_fields(present, votes)}
