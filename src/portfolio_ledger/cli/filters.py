"""Options that choose items (--stage, --organisation, --category, --rag, --kind, --by).

Each may be given more than once (or comma-separated): an item matches if
it has any of the values given for every option given. An organisation or a
category with commas in its name is matched whole as well as by its parts
(give it alone: repeat the option for another). A filter that
matches nothing says what the ledger holds instead.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import click

from portfolio_ledger.application.selection import (
    NAMED,
    NOT_REPORTED,
    group_order,
    held_value,
    parts,
)
from portfolio_ledger.cli.options import (
    LONGEST,
    STAGE_CHOICES,
    VIEW_NAMES,
    Spoken,
    Words,
    cut_name,
    refuse_blank_filter,
    stages_for,
)
from portfolio_ledger.cli.render import said
from portfolio_ledger.domain.caseless import fold
from portfolio_ledger.domain.change_words import names_in_words
from portfolio_ledger.domain.lifecycle import Kind
from portfolio_ledger.domain.ratings import RAG
from portfolio_ledger.domain.vocabulary import spoken

if TYPE_CHECKING:
    from portfolio_ledger.application.selection import ItemFilter, Moment
    from portfolio_ledger.projections.read_side import ReadSide

F = TypeVar("F", bound=Callable[..., Any])

BY_CHOICES = ("organisation", "category", "stage", "view", "kind", "rag")
"""What a listing may be grouped by."""
PLURALS = {"category": "categories", "rag": "RAGs"}
RAG_CHOICES = tuple(rag.replace(" ", "-") for rag in (*(r.value for r in RAG), NOT_REPORTED))
"""Each RAG, and ``not-reported``: the items with no status report (RAG none)."""


class _Choices(Spoken):
    """One or more of the choices, comma-separated (``red,amber``): each read as ``Spoken`` does.

    In any case, with a space, ``-`` or ``_`` between words (``not reported`` is
    ``not-reported``).
    """

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        """The choices named, each as the choice list spells it, joined by commas."""
        parts = [part.strip() for part in str(value).split(",") if part.strip()]
        choose = super().convert
        return ",".join(str(choose(part, param, ctx)) for part in parts or [value])


class _ManyWords(_Choices, Words):
    """One or more words of a vocabulary, comma-separated, each read as ``Words`` reads it."""


ORGANISATION_HELP = (
    "Only items of this organisation, as items record it (its key where the ledger keeps a "
    "list: see 'organisation list'), any case; a name with commas in it is matched whole too. "
    "Repeatable or comma-separated."
)
"""What ``--organisation`` says wherever it chooses items (the board pack's too)."""


def _many(help_text: str, *names: str, **kwargs: Any) -> Callable[[F], F]:
    return click.option(
        *names, multiple=True, help=help_text + " Repeatable or comma-separated.", **kwargs
    )


def item_filter_options(function: F) -> F:
    """Add --stage, --organisation, --category, --rag and --kind (each repeatable)."""
    options = [
        _many(
            f"Only items in this view ({VIEW_NAMES}) or stage.",
            "--stage",
            "stages",
            type=_Choices(STAGE_CHOICES, case_sensitive=False),
        ),
        click.option(
            "--organisation",
            "organisations",
            multiple=True,
            help=ORGANISATION_HELP,
            metavar="NAME",
            callback=refuse_blank_filter,
        ),
        _many(
            "Only items of this category (any case; a name with commas in it is matched whole "
            "too).",
            "--category",
            "categories",
            metavar="NAME",
            callback=refuse_blank_filter,
        ),
        _many(
            "Only items with this RAG (red, amber, green, withheld, not-assessed), or "
            "not-reported: the items with no status report.",
            "--rag",
            "rags",
            type=_Choices(RAG_CHOICES, case_sensitive=False),
        ),
        _many(
            "Only programmes, projects or services.",
            "--kind",
            "kinds",
            type=_ManyWords(Kind),
        ),
    ]
    for option in reversed(options):
        function = option(function)
    return function


by_option = click.option(
    "--by",
    type=Spoken(BY_CHOICES, case_sensitive=False),
    help="Group the items by organisation, category, stage, view, kind or RAG.",
)


def _split(values: Sequence[str]) -> tuple[str, ...]:
    parts = (part.strip() for value in values for part in value.split(","))
    return tuple(dict.fromkeys(part for part in parts if part))


def _whole(values: Sequence[str]) -> tuple[str, ...]:
    """Names as given, commas and all (``ItemFilter.alternatives`` reads their parts)."""
    return tuple(dict.fromkeys(value.strip() for value in values if value.strip()))


def named_apart(values: Sequence[str], known: Sequence[str]) -> tuple[str, ...]:
    """Organisations as given, a comma-separated list read as the names it lists.

    ``DDAT,HMRC`` is two organisations where each part is a name in ``known`` and
    the whole is not; a name with commas in it that an item has (``Environment,
    Food and Rural Affairs``), or a list naming one unknown, is kept whole, as
    ``ItemFilter`` matches it either way; ``DDAT,`` (a comma left over) is ``DDAT``. A
    pack records the names so read.
    """
    names = {fold(name) for name in known}
    read: list[str] = []
    for value in _whole(values):
        split = parts(value)
        whole = fold(value) in names or not split
        # one name and a stray comma ('DDAT,') is that name: it matches only it either way
        apart = not whole and (len(split) == 1 or all(fold(part) in names for part in split))
        read.extend(split if apart else [value])
    return tuple(dict.fromkeys(read))


def item_filter(
    stages: Sequence[str] = (),
    organisations: Sequence[str] = (),
    categories: Sequence[str] = (),
    rags: Sequence[str] = (),
    kinds: Sequence[str] = (),
) -> ItemFilter:
    """The filter the options give."""
    from portfolio_ledger.application.selection import ItemFilter

    stage_values = tuple(
        dict.fromkeys(stage for choice in _split(stages) for stage in stages_for(choice) or ())
    )
    return ItemFilter(
        stages=stage_values,
        organisations=_whole(organisations),
        categories=_whole(categories),
        rags=tuple(spoken(rag) for rag in _split(rags)),
        kinds=tuple(kind.lower() for kind in _split(kinds)),
    )


NONE_YET = (
    "the ledger holds none yet (add one with 'portfolio-ledger item propose' or 'item "
    "onboard', or load a portfolio with 'portfolio-ledger returns import' or "
    "'portfolio-ledger import')"
)
"""Why a ledger holding no item answers with none, and how to add one."""


def explain_empty(
    reader: ReadSide,
    where: ItemFilter,
    what: str = "items",
    held: Callable[[str], list[str]] | None = None,
    moment: Moment | None = None,
) -> str:
    """Why nothing matched: each value given that no item has, and the values items do have.

    ``held`` gives the values items have (default: now, ``reader.values``; at a
    ``moment`` other than now, those items had then, as the listing was asked of it).
    """
    if not where.by_column():
        return f"No {what}: {NONE_YET}."
    then = moment if moment is not None and not moment.is_now else None
    if then is not None and held is None:
        held = held_at(reader, then)
    has, among = ("had", "then") if then else ("has", "in the ledger")
    names = organisation_names(reader)
    unknown = unknown_values(where, held or reader.values, has=has, names=names, among=among)
    when = f" {then.describe()}" if then else ""
    if unknown:  # the values given, and those held: any text
        return said(f"No {what} match{when}: " + "; ".join(unknown) + ".")
    return said(
        f"No {what} match {where.describe()} all together{when} (each value is held by some "
        f"item {'then' if then else 'now'}; loosen one of them)."
    )


def held_at(reader: ReadSide, moment: Moment) -> Callable[[str], list[str]]:
    """The values items had at ``moment`` in a filterable column (the portfolio read once).

    As ``reader.values`` gives those of now: in order, a RAG of none as ``not reported``.
    """
    states: list[Any] = []

    def held(column: str) -> list[str]:
        if not states:
            states.append(reader.portfolio(moment))
        values = {
            value for state in states[0] if (value := held_value(column, state[column])) is not None
        }
        return sorted(values, key=lambda value: group_order(column, value))

    return held


def organisation_names(reader: ReadSide) -> Callable[[], dict[str, str]]:
    """The listed organisations' keys by their names (read only when asked)."""
    return lambda: {row["name"]: row["key"] for row in reader.organisations() if row["name"]}


MISSING_SAID = 20
"""The most values given that no item has a refusal names (a list may be thousands long)."""


def unknown_values(
    where: ItemFilter,
    held: Callable[[str], list[str]],
    columns: Sequence[str] = BY_CHOICES,
    has: str = "has",
    *,
    names: Callable[[], dict[str, str]] | None = None,
    among: str = "in the ledger",
) -> list[str]:
    """Per column given values no item ``has``: those values, and the ones ``held`` gives.

    ``among`` says where the values ``held`` gives are (``then``: at the moment asked).

    Only ``columns`` are checked (all the filterable ones by default). An
    organisation given by its name (``names``: keys by name) is said to be so.
    """
    unknown = []
    for column, values in where.by_column().items():
        if column not in columns:
            continue
        known = held(column)
        folded = {fold(value) for value in known}  # as the query matches (storage/caseless.py)
        missing = [
            part
            for value in values
            if fold(value) not in folded
            for part in (parts(value) if column in NAMED else [value])
            if fold(part) not in folded
        ]
        if missing:
            named = _by_name(values, names) if column == "organisation" and names else ""
            unknown.append(
                f"no item {has} {column} {_listed(missing, MISSING_SAID)}{named}; "
                f"{PLURALS.get(column, column + 's')} {among}: {_listed(known) or 'none'}"
            )
    return unknown


def _by_name(missing: Sequence[str], names: Callable[[], dict[str, str]]) -> str:
    """`` (Corporate Services is the name of CORP: give its key)``, for those given by name.

    And a key on the organisation list that no item has yet, said to be so: the
    organisations items have, listed after it, are none of them.
    """
    listed = names()
    keys = {fold(name): key for name, key in listed.items()}
    found = [
        f"{value} is the name of {keys[fold(value)]}" for value in missing if fold(value) in keys
    ]
    own = {fold(key): key for key in listed.values()}
    kept = [own[fold(v)] for v in missing if fold(v) in own and fold(v) not in keys]
    are = "is" if len(kept) == 1 else "are"
    on_list = f" ({names_in_words(kept)} {are} on the organisation list, with no item yet)"
    return (f" ({'; '.join(found)}: give the key)" if found else "") + (on_list if kept else "")


def _listed(names: Sequence[str], most: int | None = None) -> str:
    """Names joined by commas, told apart as the audit trail says a list (``A, "A, B"``).

    Each name as ``domain.change_words.names_in_words`` words it: one holding a comma,
    or beginning with a double quote, in double quotes, each double quote in it doubled.

    A name longer than any an item holds (``--organisation`` given 100,000 characters) is
    said by its start and its length, and only the first ``most`` names, with how many
    more: echoed whole, 100,000 characters buried the names items do have.
    """
    unique = list(dict.fromkeys(names))
    shown = unique if most is None else unique[:most]
    said = ", ".join(cut_name(name) if len(name) > LONGEST else _told_apart(name) for name in shown)
    return said + (f" and {len(unique) - len(shown):,} more" if len(shown) < len(unique) else "")


def _told_apart(name: str) -> str:
    """``name`` as a list of one in ``names_in_words`` (not a cut name: its length has commas)."""
    return names_in_words([name]) or name
