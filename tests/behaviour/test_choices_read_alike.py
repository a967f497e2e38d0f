"""Every choice option reads its word alike: the spaces around it aside, in any case.

The item filters read theirs so (``--stage "live "``, ``--rag " Red"``, ``portfolio open
--type "escalation "``), but the other choices were click's plain Choice: ``--format " json"``,
``--clock " recorded"``, ``--units "Thousands "``, ``board appoint --as " chair"``,
``projections rebuild " economics"`` were refused, exit 2, though each names a choice. Each is
now read as the filters' words are (``options.Spoken``); a word that is no choice is refused,
exit 2, listing the choices. The demo's listings, on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import click
import pytest

from portfolio_ledger.cli import cli
from tests.behaviour.test_new_user_walk import EVERY_COMMAND, command_at
from tests.conftest import Cli


def _choices() -> Iterator[tuple[tuple[str, ...], str]]:
    for path in EVERY_COMMAND:
        for param in command_at(path).params:
            if isinstance(param.type, click.Choice) and param.name:
                yield path, param.name


CHOICES = list(_choices())


def _param(path: tuple[str, ...], name: str) -> tuple[click.Parameter, click.Context]:
    command = command_at(path)
    param = next(param for param in command.params if param.name == name)
    return param, click.Context(command, info_name=path[-1], parent=click.Context(cli))


def test_every_choice_option_is_found() -> None:
    found = {(" ".join(path), name) for path, name in CHOICES}
    for given in [
        ("portfolio", "fmt"), ("audit trail", "clock"), ("report board-pack", "clock"),
        ("returns import", "units"), ("returns import", "missing"), ("board appoint", "seat"),
        ("projections rebuild", "names"), ("audit export", "file_format"),
        ("portfolio export", "file_format"), ("portfolio open", "record_type"),
    ]:  # fmt: skip
        assert given in found


@pytest.mark.parametrize(
    ("path", "name"), CHOICES, ids=lambda v: v if isinstance(v, str) else " ".join(v)
)
def test_a_choice_is_read_with_spaces_around_it_in_any_case(
    path: tuple[str, ...], name: str
) -> None:
    param, ctx = _param(path, name)
    assert isinstance(param.type, click.Choice)
    for choice in map(str, param.type.choices):
        for given in (f" {choice}", f"{choice.upper()} ", f"\t{choice.title()}"):
            assert param.type.convert(given, param, ctx) == choice, (path, name, given)


@pytest.mark.parametrize(
    ("path", "name"), CHOICES, ids=lambda v: v if isinstance(v, str) else " ".join(v)
)
def test_a_word_that_is_no_choice_is_refused_listing_the_choices(
    path: tuple[str, ...], name: str
) -> None:
    param, ctx = _param(path, name)
    assert isinstance(param.type, click.Choice)
    with pytest.raises(click.BadParameter) as refused:
        param.type.convert("nonesuch", param, ctx)
    message = refused.value.format_message()
    assert "'nonesuch' is not one of" in message
    for choice in map(str, param.type.choices):
        assert repr(choice) in message


@pytest.mark.parametrize(
    ("args", "given", "plain"),
    [
        (("portfolio", "--stage", "catalogue"), ("--format", " JSON"), ("--format", "json")),
        (("economics",), ("--format", "CSV "), ("--format", "csv")),
        (
            ("audit", "trail", "--from", "2026-06-01", "--to", "2026-06-30", "--json"),
            ("--clock", " Effective"),
            ("--clock", "effective"),
        ),
    ],
)
def test_the_demo_reads_a_choice_with_spaces_around_it(
    shared_demo: Cli, args: tuple[str, ...], given: tuple[str, str], plain: tuple[str, str]
) -> None:
    spaced, expected = shared_demo(*args, *given), shared_demo(*args, *plain)

    assert expected.exit_code == 0, expected.output
    assert spaced.exit_code == 0, spaced.output
    assert spaced.output == expected.output


def test_the_demo_refuses_a_format_that_is_none_listing_the_formats(shared_demo: Cli) -> None:
    result = shared_demo("portfolio", "--format", "jsn")

    assert result.exit_code == 2, result.output
    assert "'jsn' is not one of 'table', 'json', 'csv', 'xlsx'" in result.output


def test_a_built_in_mapping_is_named_as_a_choice_is(shared_demo: Cli) -> None:
    # --mapping " GMPP" was "no mapping ' GMPP'", and GMPP named the built-in mapping only on
    # a file system that ignores case; a file of that name is still read as the file.
    plain = shared_demo("portfolio", "export", "--mapping", "gmpp", "--out", "plain.csv")
    spaced = shared_demo("portfolio", "export", "--mapping", " GMPP", "--out", "spaced.csv")

    assert plain.exit_code == 0, plain.output
    assert spaced.exit_code == 0, spaced.output
    assert Path("spaced.csv").read_bytes() == Path("plain.csv").read_bytes()
    Path("GMPP").write_text("not = [toml", encoding="utf-8")
    own = shared_demo("portfolio", "export", "--mapping", "GMPP", "--out", "own.csv")
    assert own.exit_code == 2, own.output
    assert "the mapping GMPP is not valid TOML" in own.output


def test_a_built_in_mapping_s_own_name_is_the_built_in_mapping_beside_a_file_of_it(
    shared_demo: Cli,
) -> None:
    """docs/returns.md: gmpp is the built-in mapping, a file named gmpp is ./gmpp."""
    Path("gmpp").write_text("not = [toml", encoding="utf-8")

    builtin = shared_demo("portfolio", "export", "--mapping", "gmpp", "--out", "builtin.csv")
    own = shared_demo("portfolio", "export", "--mapping", "./gmpp", "--out", "own.csv")

    assert builtin.exit_code == 0, builtin.output
    assert own.exit_code == 2, own.output
    assert "the mapping ./gmpp is not valid TOML" in own.output
