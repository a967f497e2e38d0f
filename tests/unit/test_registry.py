"""The registry says where each command's model and handler are, and the handlers agree."""

from __future__ import annotations

import inspect
from importlib import import_module

import pytest

from portfolio_ledger.application.commands.base import Command, Decided, Governed, Resolved
from portfolio_ledger.application.commands.items import ReprioritiseItem
from portfolio_ledger.application.registry import (
    COMMANDS,
    HANDLERS,
    WHERE,
    command,
    commands,
    resolve,
    spec_for,
)

BASES = {Decided, Command, Governed, Resolved}


def test_every_command_is_declared_by_the_handler_where_says_with_the_model_it_names() -> None:
    declared = commands()

    assert set(declared) == set(WHERE)
    for name, spec in declared.items():
        where = WHERE[name]
        assert spec.name == name
        assert (spec.model.__module__, spec.model.__name__) == (
            f"{COMMANDS}.{where.models}",
            where.model,
        )
        assert spec.handler.__module__ == f"{HANDLERS}.{where.handlers}"
        assert spec_for(spec.model) is spec


def test_every_command_model_has_a_place_in_the_registry() -> None:
    named = {(f"{COMMANDS}.{w.models}", w.model) for w in WHERE.values()}
    for module_name in {w.models for w in WHERE.values()}:
        module = import_module(f"{COMMANDS}.{module_name}")
        for value in vars(module).values():
            if (
                inspect.isclass(value)
                and issubclass(value, Decided)
                and value.__module__ == module.__name__
                and value not in BASES
                and not value.__name__.startswith("_")
            ):
                assert (value.__module__, value.__name__) in named, value.__name__


def test_a_command_is_found_by_its_name_with_or_without_item() -> None:
    assert resolve("reprioritise") is resolve("item   Reprioritise")
    assert resolve("reprioritise").model is ReprioritiseItem
    with pytest.raises(KeyError):
        resolve("item teleport")


def test_a_handler_declared_outside_the_registry_s_table_is_refused() -> None:
    def teleport(uow: object, cmd: ReprioritiseItem) -> None:
        raise AssertionError

    with pytest.raises(RuntimeError, match="not where"):
        command("item teleport", ReprioritiseItem)(teleport)  # type: ignore[arg-type]
    with pytest.raises(RuntimeError, match="not where"):
        command("item defer", ReprioritiseItem)(teleport)  # type: ignore[arg-type]
    with pytest.raises(RuntimeError, match="is not in"):
        command("item reprioritise", ReprioritiseItem)(teleport)  # type: ignore[arg-type]


def test_a_command_is_declared_once() -> None:
    spec = resolve("item reprioritise")

    with pytest.raises(RuntimeError, match="declared twice"):
        command("item reprioritise", ReprioritiseItem)(spec.handler)
