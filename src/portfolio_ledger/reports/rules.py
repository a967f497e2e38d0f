"""The board pack's rules as settings: defaults shipped beside this module, a file to override.

``rules.toml`` (in this package) holds each rule's name, what it finds, its
threshold and the wording of its recommendation. A file given with
``--rules`` changes any of them; what it leaves out keeps the default.
"""

from __future__ import annotations

import difflib
import json
import re
import string
import tomllib
from importlib.resources import files
from pathlib import Path
from typing import Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
)

from portfolio_ledger.application.errors import InvalidInput
from portfolio_ledger.application.files import read_small
from portfolio_ledger.application.strict_toml import TOMLInputError, loads
from portfolio_ledger.audit.documents import MAX_DOCUMENT
from portfolio_ledger.domain.bad_bytes import byte_not_utf8
from portfolio_ledger.domain.lifecycle import Stage

PLACES = frozenset({"key", "title", "detail", "owner", "body", "age", "days"})
"""What a recommendation's wording may name: ``{age}`` a number of days, ``{days}`` the same
said with its noun (``1 day``, ``12 days``), each ``-`` where there is none."""
RULE_IDS = ("R1", "R2", "R3", "R4", "R5", "R6", "R7", "R8")
THRESHOLDS = {"R2": (0, 3650), "R3": (2, 3), "R4": (0, 3650), "R6": (0, 3650)}
"""The thresholds each rule takes, lowest and highest: days, or (R3) status reports."""
UNITS = {"R2": "days", "R3": "status reports", "R4": "days", "R6": "days"}
"""What each rule's threshold counts."""
STAGED = frozenset({"R3", "R4"})
"""The rules that look only at items in their ``stages``."""
WIDEST = 200
"""The most characters a place's width or precision may ask for (a title's most)."""


class RulesError(InvalidInput):
    """A rules file that cannot be read or holds a value no rule takes.

    Bad usage, as a return's mapping that cannot be read is: exit 2.
    """


class Rule(BaseModel):
    """One rule: its id and name, what it finds, its threshold, and its recommendation."""

    # strict: TOML has types, and a value of the wrong one is a mistake to name, not to
    # convert (threshold = true would otherwise count as 1, enabled = "no" as false)
    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    id: str
    name: str
    finds: str
    text: str
    threshold: int | None = None
    stages: tuple[str, ...] = Field(default=(), strict=False)  # TOML gives a list
    enabled: bool = True

    @field_validator("threshold")
    @classmethod
    def _in_range(cls, threshold: int | None, info: ValidationInfo) -> int | None:
        rule_id = info.data.get("id", "")
        if threshold is None:
            return None
        if rule_id not in THRESHOLDS:
            raise ValueError(f"{rule_id} has no threshold (docs/reports.md); leave it out")
        low, high = THRESHOLDS[rule_id]
        if not low <= threshold <= high:
            raise ValueError(f"is {threshold}; it must be from {low} to {high}")
        return threshold

    @field_validator("text")
    @classmethod
    def _wording(cls, text: str) -> str:
        try:
            places = [(f, s, c) for _, f, s, c in string.Formatter().parse(text) if f is not None]
        except ValueError:  # Python's words alone: "expected '}' before end of string"
            raise ValueError(
                "its text has a { or } that is no place's: write {{ or }} for a brace itself, "
                "or a place whole, such as {key}"
            ) from None
        unknown = sorted({field for field, _, _ in places if field} - PLACES)
        if unknown:
            raise ValueError(
                f"its text names {{{unknown[0]}}}; a recommendation may name "
                f"{', '.join('{' + p + '}' for p in sorted(PLACES))}"
            )
        for field, spec, conversion in places:
            _fills(field, spec, conversion)
        return text

    @field_validator("stages")
    @classmethod
    def _known_stages(cls, stages: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
        rule_id = info.data.get("id", "")
        if stages and rule_id not in STAGED:
            raise ValueError(f"{rule_id} has no stages (only R3 and R4 do); leave it out")
        read = []
        for stage in stages:  # in any case, '-' or '_' between words, as --stage reads it
            try:
                read.append(Stage(stage).value)
            except ValueError:
                known = ", ".join(stage.value for stage in Stage)
                raise ValueError(f"{stage!r} is not a stage; the stages are {known}") from None
        return tuple(read)

    @property
    def label(self) -> str:
        """``R1 tolerance-breach``."""
        return f"{self.id} {self.name}"


def _fills(field: str, spec: str | None, conversion: str | None) -> None:
    """Refuse a place every exception could not fill in (it would crash the pack later).

    Each place is text, but {age}: a number of days, or '-' where there is none ({days}: text).
    """
    if not field:
        raise ValueError("its text has {} with no name; name a place, such as {key}")
    place = "{" + field + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
    # A width of billions would fill memory before any error could be said (a MemoryError);
    # compared as digit strings, as int() refuses thousands of digits.
    runs = [run.lstrip("0") for run in re.findall(r"[0-9]+", spec or "")]
    widest = max(runs, key=lambda run: (len(run), run), default="")
    if (len(widest), widest) > (len(str(WIDEST)), str(WIDEST)):
        asked = f"{int(widest):,}" if len(widest) <= 30 else f"a {len(widest)}-digit number of"
        raise ValueError(
            f"{place}}} asks for {asked} characters; a place may take at most {WIDEST}: "
            f"write it as {{{field}}}"
        )
    for age in ("-", 0):
        try:
            (place + "}").format(**(dict.fromkeys(PLACES, "text") | {"age": age}))
        except (ValueError, TypeError, KeyError, IndexError, AttributeError) as error:
            raise ValueError(
                f"{place}}} cannot be filled in ({error}): every place is text, and {{age}} "
                f"days or '-'; write it as {{{field}}}"
            ) from None


class Rules(BaseModel):
    """Every rule, by id."""

    model_config = ConfigDict(frozen=True)

    rules: dict[str, Rule]

    def __getitem__(self, rule_id: str) -> Rule:
        return self.rules[rule_id]

    def described(self) -> list[str]:
        """``R1 tolerance-breach: what it finds``, and its settings, for each rule applied.

        The settings are said as applied, so a pack made with a rules file says which.
        """
        return [f"{r.label}: {r.finds}{_settings(r)}" for r in self.rules.values() if r.enabled]


def _settings(rule: Rule) -> str:
    """``; here threshold = 2 status reports, stages = approved, live``, or nothing."""
    said = []
    if rule.threshold is not None:
        said.append(f"threshold = {rule.threshold} {UNITS[rule.id]}")
    if rule.id in STAGED:
        said.append(f"stages = {', '.join(rule.stages) or 'none'}")
    return f"; here {', '.join(said)}" if said else ""


def default_settings() -> dict[str, Any]:
    """The shipped rules.toml, as read."""
    text = files("portfolio_ledger.reports").joinpath("rules.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def load_rules(path: Path | None = None) -> Rules:
    """The default rules, changed by the file at ``path`` if given."""
    settings = default_settings()
    if path is not None:
        for rule_id, values in _read(path).items():
            if rule_id not in RULE_IDS:
                raise RulesError(
                    f"the rules file {path} names [{rule_id}]; the rules are "
                    f"{', '.join(RULE_IDS)} (see docs/reports.md)"
                )
            if not isinstance(values, dict):
                raise RulesError(f"the rules file {path}: {rule_id} must be a [{rule_id}] table")
            if "id" in values:
                raise RulesError(
                    f"the rules file {path}: rule {rule_id}: id: a rule's id is its table's "
                    f"name, [{rule_id}]; leave id out"
                )
            settings[rule_id] = {**settings[rule_id], **values}
    return Rules(rules={rule_id: _rule(rule_id, settings[rule_id], path) for rule_id in RULE_IDS})


def _read(path: Path) -> dict[str, Any]:
    try:
        data = read_small(path, MAX_DOCUMENT)
        if data is None:
            raise RulesError(
                f"the rules file {path} is larger than {MAX_DOCUMENT >> 20} MiB (a real one is "
                "a few kB): give the TOML file itself, not a device or an endless pipe"
            )
        return loads(_text(path, data))
    except OSError as error:
        raise RulesError(
            f"cannot read the rules file {path}: {error.strerror or error}; give a readable "
            "TOML file (docs/reports.md shows the defaults)"
        ) from None
    except TOMLInputError as error:
        raise RulesError(f"the rules file {path} is not valid TOML: {error}") from None


def _text(path: Path, data: bytes) -> str:
    try:
        # utf-8-sig: a byte-order mark (Notepad's "UTF-8 with BOM") marks the encoding only
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise RulesError(
            f"the rules file {path} is not UTF-8 text ({byte_not_utf8(data, error)}: a "
            "character saved in another encoding, such as Windows-1252's accented letters or £, "
            "or UTF-16); save it as UTF-8 (in Notepad: Save As, Encoding UTF-8)"
        ) from None


def _rule(rule_id: str, values: dict[str, Any], path: Path | None) -> Rule:
    try:
        return Rule(id=rule_id, **values)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'text'}: {_problem(e)}" for e in error.errors()
        )
        source = f"the rules file {path}" if path else "the default rules"
        raise RulesError(f"{source}: rule {rule_id}: {problems}") from None


TOML_TYPES = {
    "int_type": "a whole number, without quotes (threshold = 60)",
    "bool_type": "true or false, without quotes (enabled = false)",
    "string_type": 'text in quotes ("...")',
    "tuple_type": 'a list of stage names, ["approved", "paused"]',
}
"""What a field of each type is written as in TOML, for a value of the wrong type."""


def _problem(error: Any) -> str:
    """What is wrong with a field, in TOML's words: the value as written, and what it takes."""
    if error["type"] == "extra_forbidden":  # a setting no rule has (a misspelt threshold)
        settings = [name for name in Rule.model_fields if name != "id"]
        close = difflib.get_close_matches(str(error["loc"][-1]), settings, n=1)
        meant = f" (did you mean {close[0]}?)" if close else ""
        return f"is not a setting of a rule{meant}; a rule's settings are {', '.join(settings)}"
    wanted = TOML_TYPES.get(error["type"])
    if wanted is None:
        return str(error["msg"]).removeprefix("Value error, ")
    return f"is {json.dumps(error['input'], default=str)}; it must be {wanted}"
