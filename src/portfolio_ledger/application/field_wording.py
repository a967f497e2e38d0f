"""A field's problems in the ledger's words: what was written, and what to write instead.

pydantic words its errors for Python programmers ("Input should be a valid
tuple", "Dictionary should have at least 1 item after validation"), and
reports a value that fits no branch of a union once per branch, under
locations such as ``changes.authorised_budget.list[str]``. Both the import
(``application/line_errors.py``) and the command line (``cli/errors.py``) word
them here, by the error's type, so they say the same: one problem a field,
in terms of JSON (text, a JSON array, a JSON object) and with an example.
Errors whose message the ledger wrote itself (a ``ValueError`` from a field
type) keep it. Only refused lines and options come here: nothing on the way
of a value that is accepted.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Iterable, Mapping, Sized
from datetime import date, datetime
from decimal import Decimal
from typing import Any, NamedTuple

Location = tuple[int | str, ...]
ErrorDetails = Mapping[str, Any]
"""One of pydantic's ``ValidationError.errors()``."""

_TAG = re.compile(r"(str|int|float|bool|bytes|date|datetime|decimal|none|[a-z][a-z0-9-]*\[.*\])")
"""A union branch's tag in a location (``str``, ``list[str]``): pydantic's, not a field's."""

DAY = "2026-03-09"
_EXAMPLES = {
    "references": '["IC minutes"]',
    "present": '["hcarter", "rdas"]',
    "votes": '{"hcarter": "for", "rdas": "against"}',
    "changes": '{"authorised_budget": "1200000"}',
}
"""An example of what a field takes, by its name, where its type alone says too little."""
_KEYS = frozenset({"present"})
"""Fields listing people's keys, which hold no comma: a text of several is split at its commas
(``"hcarter,mlee"`` is ``["hcarter", "mlee"]``, as ``--present`` reads it), not made one key."""
_SOME = '["..."]'
_NUMBER = (int, float, Decimal)
"""A JSON number as read: whole, or (strict_json's) an exact ``Decimal`` for a fraction."""
_BOUNDS = {
    "greater_than_equal": "at least",
    "greater_than": "more than",
    "less_than_equal": "at most",
    "less_than": "less than",
}
_NOUNS = {"changes": ("change", "changes")}
_DAY_ERRORS = {
    "day value is outside expected range": "that month has no such day",
    "month value is outside expected range": "there is no such month",
}
"""pydantic's reason a day is none, by how it begins (it now ends "of 1-12" for a month)."""


class Problem(NamedTuple):
    """One field's problem: where (the field, then any key or index in it), its kind, words."""

    location: Location
    kind: str
    """pydantic's error type (``missing``, ``extra_forbidden``, ...); for a union, ``union``."""
    message: str


def problems(errors: Iterable[ErrorDetails], optional: Collection[str] = ()) -> list[Problem]:
    """Each field's problem, worded; a union's several branch errors made one.

    ``optional``: the fields that may be left out (``may_be_left_out``), whose blank
    value is not said to be required.
    """
    branches: dict[Location, list[ErrorDetails]] = {}
    found: list[Problem | Location] = []
    for detail in errors:
        location = tuple(detail["loc"])
        tag = next((i for i, p in enumerate(location) if i and _is_tag(p)), None)
        if tag is None:
            message = _left_blank(worded(detail), location, optional)
            found.append(Problem(location, detail["type"], message))
            continue
        if location[:tag] not in branches:
            found.append(location[:tag])
        branches.setdefault(location[:tag], []).append(detail)
    return [
        p if isinstance(p, Problem) else Problem(p, "union", _union(p, branches[p])) for p in found
    ]


def may_be_left_out(model: Any) -> frozenset[str]:
    """The fields of a command's model (pydantic's) that may be left out for none."""
    fields = model.model_fields.items()
    return frozenset(name for name, info in fields if info.default is None)


_REQUIRED = "is required and must not be blank"


def _left_blank(message: str, location: Location, optional: Collection[str]) -> str:
    """A blank text where a field may be left out: not said to be required, but left out.

    A description given as ``""``, as an export writes an empty cell, was "is required
    and must not be blank", of a field that is not.
    """
    if len(location) != 1 or location[0] not in optional or not message.startswith(_REQUIRED):
        return message
    return f"must not be blank{message.removeprefix(_REQUIRED)} (where there is none, leave it out)"


def _is_tag(part: int | str) -> bool:
    return isinstance(part, str) and _TAG.fullmatch(part) is not None


def worded(detail: ErrorDetails) -> str:  # noqa: PLR0911 - one return per kind of error
    """What is wrong with one value and what to write instead, for the errors pydantic words."""
    kind, given, ctx = detail["type"], detail["input"], detail.get("ctx") or {}
    field = _field(detail["loc"])
    if kind in {"list_type", "tuple_type", "set_type"}:
        example = _listed(field, given)
        return f"must be a JSON array of texts, such as {example or _SOME}, not {_as(given)}"
    if kind in {"dict_type", "mapping_type"}:
        example = _votes(given) if field == "votes" else None
        example = example or _EXAMPLES.get(field, '{"name": "value"}')
        return f"must be a JSON object, such as {example}, not {_as(given)}"
    if kind == "string_type":
        return f"must be text, in double quotes, such as {_text_example(given)}, not {_as(given)}"
    if kind == "string_unicode":
        return (
            "holds half of a UTF-16 surrogate pair (a \\ud800 to \\udfff escape without its "
            "other half), which is no character; write the character itself, or both halves "
            "of its pair (\\ud83d\\ude00 for U+1F600)"
        )
    if kind in {"too_short", "too_long"}:
        return _count(kind, field, ctx, given)
    if kind == "string_too_long":
        return (
            f"has {len(given):,} characters, and at most {ctx.get('max_length', 0):,} are "
            "taken: shorten it"
        )
    if kind.startswith(("date_", "datetime_")):
        said = str(ctx.get("error"))
        why = next((words for start, words in _DAY_ERRORS.items() if said.startswith(start)), None)
        return not_a_day(given, why)
    if kind in {"int_type", "int_parsing", "int_from_float"}:
        return f"must be a whole number, such as 3, not {_as(given)}"
    if kind in {"bool_type", "bool_parsing"}:
        return f"must be true or false, not {_as(given)}"
    if kind in _BOUNDS:
        return f"must be {_BOUNDS[kind]} {next(iter(ctx.values()), '')}, not {_as(given)}"
    if kind in {"literal_error", "enum"}:
        return f"must be one of {ctx.get('expected')}, not {_as(given)}"
    if kind == "string_pattern_mismatch":
        form = _PATTERNS.get(str(ctx.get("pattern")), "in the form the field takes")
        return f"must be {form}, not {_as(given)}"
    return str(detail["msg"]).removeprefix("Value error, ")


_PATTERNS = {r"^[0-9a-f]{64}$": "a SHA-256 checksum, 64 lower-case hexadecimal digits"}
"""The forms a field's pattern stands for, in words (a regular expression is not the rule)."""


def _union(location: Location, branches: list[ErrorDetails]) -> str:
    """One message for a value that fits no branch of a union: what each branch takes."""
    whole = [d for d in branches if len(d["loc"]) == len(location) + 1]
    given = (whole or branches)[0]["input"]
    takes = []
    for detail in branches:
        tag = str(detail["loc"][len(location)])
        if tag == "str":
            amounts = " (amounts too)" if _is_number(given) else ""
            takes.append(f"text{amounts}, such as {_text_example(given)}")
        elif tag == "list[str]":
            takes.append('a JSON array of texts, such as ["IC minutes"]')
        else:
            takes.append(worded(detail))
    unique = list(dict.fromkeys(takes))
    return f"must be {', or '.join(unique)}; not {_as(given)}"


def _count(kind: str, field: str, ctx: Mapping[str, Any], given: Any = None) -> str:
    one, many = _NOUNS.get(field, ("entry", "entries"))
    # pydantic gives no actual_length for an object (votes) too long: it stops counting
    actual = ctx.get("actual_length")
    if actual is None:
        actual = len(given) if isinstance(given, Sized) else 0
    if kind == "too_short":
        least = ctx.get("min_length", 1)
        example = f", such as {_EXAMPLES[field]}" if field in _EXAMPLES else ""
        wanted = f"one {one}" if least == 1 else f"{least} {many}"
        return f"has {actual or 'none'}; give at least {wanted}{example}"
    most = ctx.get("max_length", 0)
    return f"has {actual:,} {many}; at most {most:,} may be given"


def _listed(field: str, given: Any) -> str | None:
    """The text ``given`` as the JSON array meant: keys split at commas, other text whole."""
    if not isinstance(given, str):
        return _EXAMPLES.get(field)
    keys = [part.strip() for part in given.split(",") if part.strip()]
    return json.dumps(keys if field in _KEYS and keys else [given])


def _votes(given: Any) -> str | None:
    """Votes given as ``--vote`` takes them (``hcarter=for,mlee=for``), as a JSON object."""
    if not isinstance(given, str):
        return None
    parts = [part.split("=", 1) for part in given.split(",") if part.strip()]
    if not parts or any(len(part) != 2 for part in parts):
        return None
    return json.dumps({key.strip(): vote.strip() for key, vote in parts})


def _field(location: Iterable[int | str]) -> str:
    return next((str(p) for p in location), "")


def _text_example(given: Any) -> str:
    """An example of text for a value that is not text: the value written as text, or a word."""
    if _is_number(given):
        return json.dumps(str(given))
    inner = _first_text(given)
    return json.dumps(inner) if inner else '"..."'


def _first_text(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    inner = value.values() if isinstance(value, dict) else value
    if isinstance(inner, Iterable) and not isinstance(value, str | bytes):
        return next((v for v in inner if isinstance(v, str)), None)
    return None


def _is_number(value: Any) -> bool:
    return isinstance(value, _NUMBER) and not isinstance(value, bool)


def not_a_day(given: Any, why: str | None = None) -> str:
    """What to write instead of ``given`` where a day is asked, and ``why`` it is none."""
    why = why or _written_otherwise(given)
    return f"must be a real calendar day, YYYY-MM-DD, such as {DAY}, not {_as(given)}" + (
        f" ({why})" if why else ""
    )


def _written_otherwise(given: Any) -> str | None:
    """How to write ``given`` if it is a day in another form, its year first.

    An ISO 8601 form (``20260601``, ``2026-W23-1``), the year first with ``/`` or ``.`` or
    without a month's or day's 0 (``2026/6/1``), or ``20260601`` written as a JSON number.
    No other order is read: ``01/06/2026`` is the 1st of June or the 6th of January.
    """
    if type(given) is int and len(str(given)) == len("20260601"):
        day = _day(str(given))
        return None if day is None else f'that is {day} written as a number: write "{day}"'
    if not isinstance(given, str) or not given.strip():
        return None
    text = given.strip()
    if (day := _day(text)) is None:
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            return None
        return f"a day is asked, not a moment: give the day alone, {moment.date().isoformat()}"
    return f"that is {day} written another way: write {day}"


_YEAR_FIRST = re.compile(r"([0-9]{4})([-/.])([0-9]{1,2})\2([0-9]{1,2})")


def _day(text: str) -> str | None:
    """The day ``text`` writes, year first (ISO 8601's forms, ``2026/6/1``), as YYYY-MM-DD."""
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        pass
    parts = _YEAR_FIRST.fullmatch(text)
    try:
        return None if parts is None else date(*map(int, parts.group(1, 3, 4))).isoformat()
    except ValueError:  # no such day
        return None


def _as(value: Any) -> str:
    """A value as a JSON line gave it, in words: ``the text "x"``, ``the number 5``, ``null``."""
    if value is None or isinstance(value, bool):
        return json.dumps(value)
    if isinstance(value, _NUMBER):
        return f"the number {value}"
    if isinstance(value, dict):
        return "a JSON object"
    if isinstance(value, list | tuple):
        return "a JSON array"
    text = json.dumps(str(value))
    return "the text " + (text if len(text) <= 60 else text[:56] + '..."')


def worded_as(value: Any) -> str:
    """A value as a JSON line gave it, in words, for a field type's own refusal."""
    return _as(value)
