"""docs/architecture.md names modules, functions and a dependency rule: each is there and holds.

tests/test_architecture.py enforces the rule; these tests hold the page to it, and
every file and name the page gives to it, so a rename or a move shows here.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

from tests.test_architecture import ALLOWED, LIBRARIES, module_name

ROOT = Path(__file__).parents[1]
PACKAGE = ROOT / "src" / "portfolio_ledger"
DOC = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
LIBRARY_NAMES = {"eventsourcing-sqlalchemy": "eventsourcing_sqlalchemy", "SQLAlchemy": "sqlalchemy"}


def source(relative: str) -> str:
    for base in (PACKAGE, PACKAGE / "application", ROOT):
        if (base / relative).is_file():
            return (base / relative).read_text(encoding="utf-8")
    if "/" not in relative:  # a module named within its folder's paragraph
        found = sorted(PACKAGE.rglob(relative))
        if found:
            return found[0].read_text(encoding="utf-8")
    raise AssertionError(f"docs/architecture.md names {relative}, which is not there")


def defines(text: str, name: str) -> bool:
    """Whether ``text`` defines ``name``: a function, class, constant or attribute."""
    pattern = rf"(?:def|class) {name}\b|^\s*(?:self\.)?{name}\s*(?::[^=\n]*)?=|^{name}\s*:"
    return re.search(pattern, text, re.MULTILINE) is not None


def documented_layers() -> dict[str, tuple[set[str], set[str]]]:
    section = DOC.split("## The dependency rule", 1)[1].split("\n\n")[2]
    layers = {}
    for line in section.splitlines()[2:]:
        layer, project, libraries = (cell.strip() for cell in line.strip("|").split("|"))
        name = "__main__" if layer.startswith("`__main__.py`") else layer
        wanted = set() if project == "itself" else {p.strip() for p in project.split(",")}
        if project == "all of the above":
            wanted = set(ALLOWED["cli"])
        libs = {LIBRARY_NAMES.get(lib.strip("` "), lib.strip("` ")) for lib in libraries.split(",")}
        layers[name] = (wanted, libs - {"-", "the standard library"})
    return layers


def test_the_documented_dependency_rule_is_the_enforced_one() -> None:
    layers = documented_layers()

    assert set(layers) == set(ALLOWED) - {"__init__"}
    for layer, (project, libraries) in layers.items():
        assert (layer, project) == (layer, ALLOWED[layer])
        assert (layer, libraries) == (layer, LIBRARIES[layer])


def test_every_file_the_page_names_is_there() -> None:
    named = set(re.findall(r"\b([a-z_]+(?:/[a-z_]+)*\.(?:py|toml))\b", DOC))

    assert len(named) > 40
    for relative in named:
        source(relative)


@pytest.mark.parametrize(
    ("relative", "name"),
    [
        *sorted(set(re.findall(r"\*\*([a-z_/]+\.py)\*\* `(\w+)`", DOC))),
        ("application/repository.py", "loaded_together"),
        ("application/ports.py", "EventLog"),
        ("application/ports.py", "ChainStore"),
        ("application/ports.py", "ReadModels"),
        ("application/unit_of_work.py", "SingleCommand"),
        ("application/batch.py", "Batch"),
        ("application/registry.py", "WHERE"),
        ("projections/rebuild.py", "Shadows"),
        ("projections/rebuild.py", "SWAP_WAIT_SECONDS"),
        ("projections/state_changes.py", "CHANGED_BY"),
        ("projections/read_models.py", "ReadModelTables"),
        ("storage/transcodings.py", "ENUMS"),
        ("storage/factory.py", "LedgerFactory"),
        ("audit/export.py", "FORMATS"),
        ("cli/output.py", "output_options"),
        ("cli/output.py", "emit"),
        ("domain/item.py", "transfer"),
        ("domain/events_definition.py", "ItemTransferred"),
        ("domain/events_authorisation.py", "ItemApproved"),
        ("application/commands/items.py", "TransferItem"),
    ],
)
def test_every_name_the_page_gives_a_module_is_defined_there(relative: str, name: str) -> None:
    assert defines(source(relative), name), f"{relative} defines no {name}"


@pytest.mark.parametrize("dotted", sorted(set(re.findall(r"`([A-Z]\w+)\.(\w+)(?:\(\))?`", DOC))))
def test_every_class_and_member_the_page_names_is_there(dotted: tuple[str, str]) -> None:
    owner, member = dotted
    holders = [
        path
        for path in PACKAGE.rglob("*.py")
        if re.search(rf"^class {owner}\b", path.read_text(encoding="utf-8"), re.MULTILINE)
    ]

    assert len(holders) == 1, f"class {owner} is in {holders}"
    module = importlib.import_module(module_name(holders[0]))
    held = hasattr(getattr(module, owner), member)  # inherited too: ReadSide.one_read
    attribute = rf"self\.{member}\s*(?::[^=\n]*)?="  # set on each instance: readers_in_the_way
    text = holders[0].read_text(encoding="utf-8")
    assert held or re.search(attribute, text), f"{owner}.{member}"


def test_the_worked_example_and_the_storage_setting_are_as_the_page_says() -> None:
    from portfolio_ledger.application.ledger import STORAGE
    from portfolio_ledger.application.registry import WHERE, Where

    assert WHERE["item transfer"] == Where("items", "TransferItem", "items")
    assert '`"item transfer": Where("items", "TransferItem", "items")`' in DOC
    assert STORAGE == "portfolio_ledger.storage.factory:LedgerFactory"
    assert f"`{STORAGE}`" in DOC


def test_each_event_group_is_re_exported_from_domain_events() -> None:
    from portfolio_ledger.domain import events

    for group in re.findall(r"`(events_\w+)\.py`", DOC):
        module = importlib.import_module(f"portfolio_ledger.domain.{group}")
        text = (PACKAGE / "domain" / f"{group}.py").read_text(encoding="utf-8")
        classes = re.findall(r"^class ([A-Z]\w+)", text, re.MULTILINE)
        assert classes, group
        assert all(getattr(events, name, None) is getattr(module, name) for name in classes), group
