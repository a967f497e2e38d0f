"""Options shared by commands: the governance metadata of a decision, and --json."""

from __future__ import annotations

import pathlib
from collections.abc import Callable
from typing import Any, TypeVar

import click

from portfolio_ledger.application.graphemes import start_of
from portfolio_ledger.cli.moments import DAY_AS_WRITTEN
from portfolio_ledger.domain.invisible import shows_nothing
from portfolio_ledger.domain.lifecycle import Stage, View, stages_in
from portfolio_ledger.domain.vocabulary import Vocabulary, spoken

F = TypeVar("F", bound=Callable[..., Any])

LONGEST = 200
"""The longest name an item holds (domain/decision.py's MAX_NAME, not imported here: a
listing loads no write stack, tests/behaviour/test_read_start.py)."""


def cut_name(name: str) -> str:
    """A name longer than any an item holds, said by its start and its length."""
    return f"{start_of(name, 60)}... ({len(name):,} characters)"


def quoted_given(value: str) -> str:
    """A value given as a refusal names it: quoted, or, longer than any name, cut_name's.

    A 100,000-character --actor, --type, --set or choice was echoed whole, burying the
    words after it (the values that there are).
    """
    return repr(value) if len(value) <= LONGEST else cut_name(value)


def _refused_choice(choice: click.Choice[Any], value: Any, ctx: click.Context | None) -> str:
    """Click's refusal of a choice, a value longer than any name said by ``quoted_given``."""
    said = click.Choice.get_invalid_choice_message(choice, value, ctx)
    if isinstance(value, str) and len(value) > LONGEST:
        said = said.replace(repr(value), quoted_given(value), 1)
    return said


class Spoken(click.Choice[str]):
    """A choice read as the domain's words are (:func:`spoken`), given on as the list spells it.

    The spaces around it aside, in any case, with a space, ``-`` or ``_`` between words:
    ``--rag "not assessed"`` is ``not-assessed``, ``--risk-rating very-high`` is ``very
    high``, ``--format " JSON"`` is ``json``. Every choice option's type (click's own
    Choice refused ``" recorded"``), so a choice is read alike everywhere; a word that is
    none is refused, exit 2, listing the choices.
    """

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        """The choice ``value`` names; refused, listing the choices, if none."""
        if isinstance(value, str):
            found = {spoken(str(choice)): str(choice) for choice in self.choices}.get(spoken(value))
            if found is not None:
                return found
        return super().convert(value, param, ctx)

    def get_invalid_choice_message(self, value: Any, ctx: click.Context | None) -> str:
        """click's, a value longer than any name said by its start and its length."""
        return _refused_choice(self, value, ctx)


class Words(click.Choice):  # type: ignore[type-arg]
    """A word of one of the domain's vocabularies, read as an import line reads it.

    In any case, with ``-`` or ``_`` for a space, and the other words the
    vocabulary takes (``Program`` for programme); the value given on is the
    vocabulary's own word, as a choice's is.
    """

    def __init__(self, vocabulary: type[Vocabulary]) -> None:
        super().__init__([member.value for member in vocabulary], case_sensitive=False)
        self.vocabulary = vocabulary

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        """The vocabulary's word for ``value``; refused, listing the words, if it has none."""
        if isinstance(value, str):
            try:
                return self.vocabulary(value).value
            except ValueError:
                pass
        return super().convert(value, param, ctx)

    def get_invalid_choice_message(self, value: Any, ctx: click.Context | None) -> str:
        """click's, a value longer than any name said by its start and its length."""
        return _refused_choice(self, value, ctx)


class WholeNumber(click.IntRange):
    """A whole number written in digits 0 to 9, perhaps within bounds (click's IntRange).

    ``int`` reads any script's digits (Arabic-Indic, full-width) as 0-9, so click
    took one as a quorum, a rank or a position; the ledger reads amounts, days and
    keys in 0-9 only, and so does every whole number. An underscore groups digits in
    thousands only (``1_000``), as in an amount: ``int`` read ``3_00`` as 300, so
    ``decision annul 3_00`` annulled position 300.
    """

    name = "integer"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        """``value`` as an int, refused (naming the option) if a character of it is not ASCII."""
        if isinstance(value, str):
            from portfolio_ledger.domain.money import whole_number_problem

            if (problem := whole_number_problem(value)) is not None:
                self.fail(f"{value!r} {problem}", param, ctx)
        number = click.INT.convert(value, param, ctx)
        # As a decision's number out of its bounds is refused (``--rank 0``: "must be at
        # least 1, not the number 0"), not in click's "0 is not in the range x>=1."
        if self.min is not None and number < self.min:
            self.fail(f"must be at least {self.min}, not the number {number}", param, ctx)
        if self.max is not None and number > self.max:
            self.fail(f"must be at most {self.max}, not the number {number}", param, ctx)
        return super().convert(number, param, ctx)

    def _describe_range(self) -> str:
        """No range in the help of a number with no bounds (click's would say ``x<=None``)."""
        if self.min is None and self.max is None:
            return ""
        return super()._describe_range()


class FilePath(click.Path):
    """A file's path (click's Path, never a folder, given on as a ``pathlib.Path``).

    An empty name (``--out "$OUT"`` with OUT unset) is refused naming the option:
    pathlib reads ``""`` as ``.``, the current folder, which is no file. So is a path
    longer than any the system opens, said by its start and end, not echoed whole.
    Every file a command reads is ``exists=True``: a path naming none it can read
    (nothing there, a folder, a link in a loop, a file it may not read) is bad usage,
    exit 2, on every command, as for ``import`` (docs/concepts.md). A file a command
    writes in a folder that is not there (or is a file) is bad usage too, exit 2, as
    one naming a folder is (``makes_folder``: the folder is made, as for a key).
    """

    def __init__(self, *, makes_folder: bool = False, **kwargs: Any) -> None:
        super().__init__(dir_okay=False, path_type=pathlib.Path, **kwargs)
        self.makes_folder = makes_folder

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        """``value`` as click's Path reads it, refused if it names nothing."""
        if value == "":
            self.fail("an empty path names no file: give the file's path", param, ctx)
        dash = value == "-" and self.exists and not self.allow_dash
        if dash and not (pathlib.Path(value).exists() or pathlib.Path(value).is_symlink()):
            self.fail(  # click's own words: "File '-' does not exist."
                "'-' (standard input) is not read here: this command reads a file on disk; "
                "save what would be piped in as a file and give its path",
                param,
                ctx,
            )
        from portfolio_ledger.domain.errors import PATH_MAX, quoted, shown_path

        if isinstance(value, str) and "\x00" in value:
            self.fail(f"{quoted(value)} {NUL_PROBLEM}; retype the path", param, ctx)

        if isinstance(value, str) and len(value.encode("utf-8", "surrogateescape")) >= PATH_MAX:
            self.fail(
                f"{shown_path(value, 80)} is longer than any path the system opens "
                f"({PATH_MAX:,} bytes); choose a shorter path",
                param,
                ctx,
            )
        from portfolio_ledger.cli.paths import broken_link, folder_problem

        if self.exists and isinstance(value, str) and (broken := broken_link(value)):
            self.fail(broken, param, ctx)
        if (  # a file to write: in a folder that is there
            not self.exists
            and isinstance(value, str)
            and (problem := folder_problem(value, made=self.makes_folder))
        ):
            self.fail(problem, param, ctx)
        if isinstance(value, str) and pathlib.Path(value).is_dir():  # click: "is a directory."
            self.fail(
                f"{shown_path(value, 80)} is a folder, not a file: give the path of a file "
                "(in that folder, or another)",
                param,
                ctx,
            )
        return super().convert(value, param, ctx)


NUL_PROBLEM = (
    "holds a NUL character (\\x00), which no file's name can: the system would read the "
    "name only up to it, and so use another file"
)


class DatabaseURL(click.ParamType[str, str]):
    """``--db``: a database URL or an SQLite file's path, refused if it holds a NUL character.

    The rest of what it may be is checked as the ledger is opened
    (``storage/urls.py``). Not echoed: a URL may hold a password.
    """

    name = "url"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        """``value`` as given, refused (naming the option) if it holds a NUL."""
        if isinstance(value, str) and "\x00" in value:
            self.fail(
                f"the database URL or path given {NUL_PROBLEM}; retype it (--db or "
                "PORTFOLIO_LEDGER_DB)",
                param,
                ctx,
            )
        return value


def refuse_blank_filter(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    """A filter given blank (``--item "$KEY"`` with KEY unset) is refused, not read as none.

    Read as no filter, it would answer for every subject, as if for the one meant.
    A value given is read without the spaces around it, as every filter's is
    (``--type "approved "`` was refused where ``--kind "project "`` was read).
    """
    for given in value if isinstance(value, tuple) else (value,):
        # Characters that show nothing (U+200B, pasted with a name) are blank too: no item's
        # value is only those, and "no item has organisation " named what nobody could see.
        if isinstance(given, str) and all(c == "," or shows_nothing(c) for c in given):
            raise click.BadParameter(
                f"{given!r} is blank: give what to select, or leave the option out to select "
                "everything",
                ctx,
                param,
            )
    if isinstance(value, tuple):
        return tuple(given.strip() if isinstance(given, str) else given for given in value)
    return value.strip() if isinstance(value, str) else value


STAGE_CHOICES = tuple(
    dict.fromkeys(
        [*(view.value for view in View), *(stage.value.replace(" ", "-") for stage in Stage)]
    )
)
"""What --stage takes: a view (all its stages) or one stage, as the CLI writes it
(``in-delivery``); the views first, then the stages, each in the order the domain defines
them (a stage named as its view, ``retired``, once)."""
VIEW_NAMES = ", ".join(view.value for view in View)
"""The views --stage takes, for its help: ``pipeline, catalogue, retired, closed, left``."""


def decision_options(
    *, authority_required: bool | None, checkable: bool = False
) -> Callable[[F], F]:
    """Add --actor, --role, --authority, --rationale, --effective-date, --ref and --json.

    ``authority_required=None`` leaves out --authority: the decision names its
    authority with the options of :func:`mandate_options` instead.
    """

    def decorate(function: F) -> F:
        who = _who(authority_required, checkable=checkable)
        for option in reversed([*who, *_why_and_when(), json_option]):
            function = option(function)
        return function

    return decorate


def who_options(function: F) -> F:
    """Add --actor, --role and --authority (required): for commands recording many decisions."""
    for option in reversed(_who(authority_required=True)):
        function = option(function)
    return function


def _who(authority_required: bool | None, *, checkable: bool = False) -> list[Callable[[F], F]]:
    """--actor, --role and (unless a board or delegation is named instead) --authority.

    ``checkable``: --authority or a board or delegation (:func:`authorisation_options`).
    """
    actor_help = "Who decides. Default: $PORTFOLIO_LEDGER_ACTOR." + (
        " Here: your person key (e.g. hcarter)." if authority_required is None else ""
    )
    if checkable:  # a board or delegation names its people by key, as an approval does
        actor_help += " With --board or --delegation: your person key (e.g. hcarter)."
    options = [
        click.option("--actor", envvar="PORTFOLIO_LEDGER_ACTOR", metavar="NAME", help=actor_help),
        click.option(
            "--role",
            envvar="PORTFOLIO_LEDGER_ROLE",
            metavar="ROLE",
            help="In what role. Default: $PORTFOLIO_LEDGER_ROLE.",
        ),
    ]
    if authority_required is not None:
        authority_help = "Authority the decision is made under: a board or a named delegation." + (
            " Required." if authority_required else " Optional for this record."
        )
        if checkable:
            authority_help = (
                "Authority the decision is made under, in words (recorded as said, "
                "unchecked); or name a board's meeting (--board, --present, --vote) or a "
                "delegation (--delegation) instead, which the ledger checks."
            )
        options.append(click.option("--authority", metavar="AUTHORITY", help=authority_help))
    return options


def _why_and_when() -> list[Callable[[F], F]]:
    """--rationale, --effective-date, --ref and --request-id."""
    return [
        click.option("--rationale", "-m", metavar="TEXT", help="Why: required, never blank."),
        click.option(
            "--effective-date",
            type=DAY_AS_WRITTEN,
            help="When it took effect (today or earlier, in UTC). Default: today.",
        ),
        click.option(
            "--ref",
            "references",
            multiple=True,
            metavar="REF",
            help="A reference: minutes, paper, ticket. Repeatable.",
        ),
        click.option(
            "--request-id",
            metavar="ID",
            help=(
                "Your own id for this request (e.g. a UUID): sent again after a "
                "timeout, it is recorded once and the first result is shown."
            ),
        ),
    ]


json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")


DECISION_OPTIONS = (
    "actor", "role", "authority", "rationale", "effective_date", "references", "request_id",
)  # fmt: skip


def pop_decision(kw: dict[str, Any]) -> dict[str, Any]:
    """Take the decision options (those the command has) out of a command's keyword values."""
    return {name: kw.pop(name) for name in DECISION_OPTIONS if name in kw}


def decision_fields(
    *,
    actor: str | None,
    role: str | None,
    rationale: str | None,
    effective_date: str | None,
    references: tuple[str, ...],
    authority: str | None = None,
    request_id: str | None = None,
) -> dict[str, Any]:
    """The command fields for the decision options; no actor or role, no decision."""
    if not actor or not actor.strip():
        raise click.UsageError(
            "no actor: every decision records who made it. Pass --actor NAME or set "
            "PORTFOLIO_LEDGER_ACTOR."
        )
    if not role or not role.strip():
        raise click.UsageError(
            "no role: every decision records the role it was made in. Pass --role ROLE "
            "or set PORTFOLIO_LEDGER_ROLE."
        )
    fields: dict[str, Any] = {
        "actor": actor,
        "role": role,
        "authority": authority,
        "rationale": rationale if rationale is not None else "",
        "references": references,
    }
    if effective_date is not None:
        fields["effective_date"] = effective_date
    if request_id is not None:
        fields["request_id"] = request_id
    return fields


def stages_for(choice: str | None) -> list[str] | None:
    """The stages a --stage value names: a view's stages, one stage, or all (None)."""
    if choice is None:
        return None
    name = choice.lower().replace("-", " ")
    if name in {view.value for view in View}:
        return [stage.value for stage in stages_in(View(name))]
    return [Stage(name).value]
