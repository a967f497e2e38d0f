"""``item``, ``portfolio`` and ``audit`` import a command's module only when it is used.

Each names, for each module that adds commands to it, the commands it adds
(``cli/lazy.py``); a command that is used loads its own module and not the
others (nor the records of commands it is not: ``item history`` does not make
``item show``'s), and keeps what the top group gives every command: ``--db``
after it, an option given twice with two values refused.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from portfolio_ledger.cli import cli
from portfolio_ledger.cli.lazy import LazyGroup
from tests.behaviour.test_read_start import demo, read_in_a_process  # noqa: F401 - a fixture
from tests.conftest import Cli

GROUPS = ("item", "portfolio", "audit")
MODULES = {
    "item": ("item_control", "item_views", "item_baseline"),
    "portfolio": ("portfolio_export", "portfolio_open"),
    "audit": ("audit_chain", "audit_export", "audit_keys", "audit_proofs"),
}
CLI = "portfolio_ledger.cli."


@pytest.mark.parametrize("name", GROUPS)
def test_each_module_adds_the_commands_its_group_names_for_it(name: str) -> None:
    group = cli.loaded().commands[name]
    assert isinstance(group, LazyGroup)
    by_module: dict[str, set[str]] = {}
    for command_name, command in group.commands.items():
        module = command.callback.__module__ if command.callback else ""
        by_module.setdefault(module.removeprefix(CLI), set()).add(command_name)
    own = by_module.pop(name)

    assert by_module == {module: set(names) for module, names in group.modules.items()}
    assert set(MODULES[name]) == set(group.modules)
    assert group.list_commands(None) == sorted(own | {n for ns in by_module.values() for n in ns})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("command", "its_module"),
    [
        (("item", "history", "PGM-002", "--json"), "item_views"),
        (("item", "show", "PGM-002", "--json"), "item_views"),
        (("audit", "trail", "--item", "PGM-002"), None),
        (("portfolio", "--json"), None),
        (("audit", "digest"), "audit_chain"),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, tuple) else str(value),
)
def test_a_command_loads_its_own_module_and_not_the_others(
    demo: Cli,  # noqa: F811 - the fixture
    command: tuple[str, ...],
    its_module: str | None,
) -> None:
    others = tuple(CLI + m for m in MODULES[command[0]] if m != its_module)
    records = ("portfolio_ledger.application.item_views",) if command[1] == "history" else ()
    shown, loaded = read_in_a_process(demo.url, *command, stack=others + records)

    assert loaded == []
    assert shown == demo(*command).output


def test_a_command_loaded_on_its_own_takes_db_after_it_and_refuses_two_values(
    demo: Cli,  # noqa: F811 - the fixture
    tmp_path: Path,
) -> None:
    elsewhere = f"sqlite:///{tmp_path / 'elsewhere.db'}"
    after = read_in_a_process(elsewhere, "item", "history", "PGM-002", "--db", demo.url)
    assert "PGM-002" in after[0]

    twice = demo("audit", "export", "--format", "csv", "--format", "json", "--out", "x.csv")
    assert twice.exit_code == 2, twice.output
    assert "--format was given twice" in twice.output
