"""Every command ``import`` accepts, with each field: its spellings, what it takes, its default.

The reference in ``docs/import.md`` is made from this (``python -m
portfolio_ledger.cli.import_fields``), and a test keeps the two the same, so
the documentation lists exactly the commands and fields the ledger takes.
"""

from __future__ import annotations

import types
from datetime import date
from enum import Enum
from typing import Annotated, Any, Literal, Union, get_args, get_origin, get_type_hints

import click
from pydantic.fields import FieldInfo

from portfolio_ledger.application.registry import commands
from portfolio_ledger.cli import cli
from portfolio_ledger.domain.boards import MAX_BOARD_NAME
from portfolio_ledger.domain.decision import MAX_NAME, MAX_RATIONALE

COMMON = ("actor", "role", "rationale", "authority", "effective_date", "references", "request_id")
"""The governance metadata every command has: described once, above the tables."""
NO_VALUE = "`null`, or leave it out"

_WORDS = {
    "ItemKey": "an item key (letters, digits, `-`, `_`, `.`; e.g. `PRJ-042`)",
    "PersonKey": "a person's key (e.g. `hcarter`)",
    "BoardKey": "a board's key (e.g. `IC`)",
    "DelegationKey": "a delegation's key (e.g. `DEL-001`)",
    "OrganisationKey": "an organisation's key (e.g. `DFE`)",
    "Name": f"text, at most {MAX_NAME:,} characters",
    "BoardName": f"text, at most {MAX_BOARD_NAME:,} characters",
    "Text": f"text (long), at most {MAX_RATIONALE:,} characters",
    "EffectiveDate": "a date, `YYYY-MM-DD`, 1900 or later, not in the future",
    "ForecastDay": "a date, `YYYY-MM-DD`, 1900 or later",
    "RecordedDay": "a date, `YYYY-MM-DD`, 1900 or later",
    "MoneyAmount": 'an amount: `"1200000"`, `"GBP 1,200,000"`, `"1.2m"`',
    "FigureAmount": 'an amount, or `"withheld"` (known, not published) or `"not known"`',
    "Currency": "an ISO 4217 code (`GBP`, `EUR`, ...)",
    "WholeNumber": "a whole number",
    "CostAllowance": 'a percentage (`"10%"`) or an amount over the budget',
    "TimeAllowance": 'days (`"30d"`) or a percentage (`"10%"`)',
    "FieldName": "a field name",
    "OnboardingStage": "one of `approved`, `in delivery`, `paused`, `live`",
    "PausedFromStage": "with `stage` `paused` only, what it was paused from and resumes to: "
    "one of `approved` (on hold before its delivery began), `in delivery` (taken where it "
    "is not given)",
    "Sha256": "a SHA-256 checksum: 64 lower-case hexadecimal digits",
}


def catalogue() -> list[tuple[str, list[tuple[str, str, str, str]]]]:
    """Each command, and each of its fields: spellings, what it takes, required or default."""
    group = cli.loaded()
    described = []
    for name, spec in sorted(commands().items()):
        spellings = _spellings(group, name)
        written = get_type_hints(spec.model, include_extras=True)
        rows = [
            (
                ", ".join(f"`{s}`" for s in spellings.get(field, [field])),
                _describe(written[field]),
                _default(info),
                field,
            )
            for field, info in spec.model.model_fields.items()
            if field not in COMMON
        ]
        described.append((name, rows))
    return described


def markdown() -> str:
    """The reference as Markdown: one table per command."""
    parts = []
    for name, rows in catalogue():
        parts.append(f"### `{name}`\n")
        if not rows:
            parts.append("Only the governance metadata.\n")
            continue
        parts.append("| field | takes | if not given |\n| --- | --- | --- |")
        parts.extend(f"| {spelt} | {kind} | {default} |" for spelt, kind, default, _ in rows)
        parts.append("")
    return "\n".join(parts)


def _spellings(group: click.Group, name: str) -> dict[str, list[str]]:
    command: click.Command = group
    for part in name.split():
        assert isinstance(command, click.Group)
        command = command.commands[part]
    spellings: dict[str, list[str]] = {}
    for param in command.params:
        found = spellings.setdefault(str(param.name), [str(param.name)])
        for option in param.opts:
            spelling = option.lstrip("-")
            if option.startswith("--") and spelling.replace("-", "_") not in found:
                found.append(spelling)
    return spellings


def _default(info: FieldInfo) -> str:
    if info.is_required():
        nullable = type(None) in get_args(info.annotation)
        return "required (`null` for none)" if nullable else "required"
    if info.default_factory is not None:
        made = info.default_factory()  # type: ignore[call-arg]
        return "`{}`" if made == {} else "`[]`" if made in ((), []) else "today (UTC)"
    if info.default is None:
        return NO_VALUE
    value = info.default
    shown = value.value if isinstance(value, Enum) else value
    return "`[]`" if shown == () else f"`{shown}`"


def _describe(annotation: Any) -> str:  # noqa: PLR0911 - one return per kind of type
    origin, args = get_origin(annotation), get_args(annotation)
    words = _alias_of(annotation)
    if words is not None or origin is Annotated:
        return words or _describe(args[0])
    if origin in {Union, types.UnionType}:
        return " or ".join(_describe(a) for a in args if a is not type(None))
    if origin is Literal:
        return "one of " + ", ".join(f"`{value}`" for value in args)
    if origin in {tuple, list}:
        return f"a list of {_describe(args[0])}"
    if origin is dict:
        return f"an object of {_describe(args[0])} to {_describe(args[1])}"
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return "one of " + ", ".join(f"`{m.value}`" for m in annotation)
    return _BASIC.get(annotation, str(annotation))


_BASIC: dict[Any, str] = {
    str: "text",
    int: "a whole number",
    bool: "`true` or `false`",
    date: "a date, `YYYY-MM-DD`",
}


def _alias_of(annotation: Any) -> str | None:
    """The words for one of the commands' own field types (``Name``, ``MoneyAmount``, ...)."""
    from portfolio_ledger.application.commands import days, fields, items, records

    for alias, words in _WORDS.items():
        for module in (days, fields, items, records):
            if getattr(module, alias, None) == annotation:
                return words
    return None


if __name__ == "__main__":
    print(markdown())
