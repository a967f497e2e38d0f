"""A refused line's fields in the import's words: each problem under the name the line gave.

pydantic's errors are worded by ``field_wording.problems``, as the command line's
are; here each is placed under the field as the line spells it (``budget``, not
``authorised_budget``), an unknown field gets the nearest the command takes, a
missing one what it is, and an option named in a message the field that gives it.
"""

from __future__ import annotations

import difflib
import re
import types
from functools import partial
from typing import Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from portfolio_ledger.application.field_wording import may_be_left_out, problems
from portfolio_ledger.domain.clock import utc_today
from portfolio_ledger.domain.errors import AuthorityNotNamed, quoted
from portfolio_ledger.domain.invisible import as_json, named, unseen

MAX_NAME = 64
"""The longest field name a refusal says whole (no field's name is near it)."""
MAX_PROBLEMS = 10
"""The most of one line's problems said; then how many more (a list of 5,000 numbers)."""


def field_errors(
    error: ValidationError, model: type[BaseModel], spelt: dict[str, str] | None = None
) -> str:
    """The problems pydantic found with a line's fields, each with what to write instead.

    Each field is named as the line spells it (``spelt``: ``budget``, not
    ``authorised_budget``), so the refusal names what the line wrote.
    """
    worded = []
    found = problems(error.errors(), may_be_left_out(model))
    for problem in found[:MAX_PROBLEMS]:
        named = [(spelt or {}).get(str(part), part) for part in problem.location[:1]]
        where = _where([*named, *problem.location[1:]])
        message = problem.message
        if problem.kind == "extra_forbidden":
            message = _not_a_field(where, model)
        elif problem.kind == "missing":
            message = _missing(where, model)
        elif (wanted := _authority_wanted(error, problem.location)) is not None:
            where, message = "", wanted
        else:  # messages written for the command line name options; a line names fields
            message = re.sub(r"--([a-z][a-z0-9-]*)", partial(_field_named, model), message)
            if message.endswith(", not null"):
                message += _left_out(model, problem.location)
        if len(where) > MAX_NAME:  # a field's name as given: say it, not all of it
            where = quoted(where)
        elif unseen(where) is not None:  # "ke\u200by", not "key" as a screen shows it
            where = as_json(where)
        worded.append(f"{where}: {message}" if where else message)
    if len(found) > MAX_PROBLEMS:
        worded.append(f"and {len(found) - MAX_PROBLEMS:,} more problems with its fields")
    return "; ".join(worded)


def _left_out(model: type[BaseModel], location: tuple[int | str, ...]) -> str:
    """For a ``null`` a field with a default does not take: that leaving it out gives that."""
    info = model.model_fields.get(str(location[0])) if len(location) == 1 else None
    if info is not None and location[0] in _THE_IMPORTS:  # required, but the import's own
        return f" (leave it out for the import's --{location[0]})"
    if info is None or info.is_required():
        return ""
    if info.default_factory is utc_today:  # an effective date
        return " (leave it out for today)"
    if info.default_factory is not None:
        made = info.default_factory()  # type: ignore[call-arg]
        return _NONE if made in ((), [], {}) else ""
    default = getattr(info.default, "value", info.default)  # an Enum's value
    return _NONE if default in ((), [], {}) else f" (leave it out for {default})"


_NONE = " (leave it out for none)"
_THE_IMPORTS = frozenset({"actor", "role"})
"""Fields a line that leaves them out takes from the import (--actor, --role)."""


def _where(location: list[int | str]) -> str:
    """A field's location as a refusal names it: ``present.1``; a bad key ``votes["Bad Key"]``.

    pydantic puts a key it refused before ``[key]`` (``votes``, ``Bad Key``,
    ``[key]``): said as the key in the object, as the line wrote it.
    """
    if len(location) >= 3 and location[-1] == "[key]":
        given = str(location[-2])  # a character that shows nothing written as its escape
        key = as_json(given)
        return f"{'.'.join(map(str, location[:-2]))}[{key}]"
    return ".".join(map(str, location))


def _authority_wanted(error: ValidationError, location: tuple[int | str, ...]) -> str | None:
    """A missing authority a validator found at ``location``, as a line's refusal says it."""
    for detail in error.errors():
        wanted = AuthorityNotNamed.within((detail.get("ctx") or {}).get("error"))
        if wanted is not None and tuple(detail["loc"]) == location:
            return wanted.on_a_line()
    return None


def _field_named(model: type[BaseModel], option: re.Match[str]) -> str:
    """An option as the line gives it: its field (``--vote`` is ``"votes"``).

    A flag that gives none (``--no-objectives``) is the field's empty list.
    """
    name, fields = option[1].replace("-", "_"), model.model_fields
    if name not in fields and f"{name}s" in fields:
        return f'"{name}s"'
    if name not in fields and name.startswith("no_") and name[3:] in fields:
        return f'"{name[3:]}": []'
    return f'"{name}"'


def _not_a_field(name: str, model: type[BaseModel]) -> str:
    # request_id is every command's, but a line never takes it (an import is recorded once).
    fields = sorted(set(model.model_fields) - {"request_id"})
    near = (
        difflib.get_close_matches(name, fields, n=1, cutoff=0.6)
        or [f for f in fields if f.startswith(name) or name in f.split("_")][:1]
    )
    said = "is not a field of this command"
    if (hidden := unseen(name)) is not None:
        said += f": its name holds {named(hidden)}, which a screen does not show"
    if near:
        return f"{said} (did you mean {near[0]!r}?)"
    return f"{said}, whose fields are {', '.join(fields)}"


def _missing(name: str, model: type[BaseModel]) -> str:
    declared = model.model_fields.get(name)
    annotation = declared.annotation if declared is not None else None
    if get_origin(annotation) in (Union, types.UnionType) and type(None) in get_args(annotation):
        return f'is required; write "{name}": null if there is none'
    if name in {"actor", "role"}:  # the import's own option gives it to every line naming none
        return (
            f'is required: give "{name}" on the line, or import with --{name} (or set '
            f"PORTFOLIO_LEDGER_{name.upper()}) for every line that names none"
        )
    return "is required"
