"""A PostgreSQL ledger is named in messages as its URL was typed, password hidden.

``--db postgresql://...`` (as README writes it) is opened with the driver named,
``postgresql+psycopg://...``. The demo's *Try next* lines, and a read's refusal,
named the URL as typed, but the demo's and ``init``'s own lines, and a refusal
on the way to recording (no such schema, no server there), named the URL as
opened: one ledger under two names, the second one the user never typed. An
SQLite file was already named as typed (``shown_file``).
"""

from __future__ import annotations

import pytest

from tests.conftest import Cli

pytestmark = pytest.mark.postgres

PROPOSE = ("item", "propose", "PRJ-1", "--kind", "project", "--title", "T", "--owner", "O",
           "--sponsor", "S", "--category", "C", "-m", "Need")  # fmt: skip


def as_typed(url: str) -> str:
    """The fixture's URL as README writes one: ``postgresql://``, no driver."""
    typed = url.replace("postgresql+psycopg://", "postgresql://", 1)
    assert typed != url
    return typed


def test_the_demo_and_init_name_the_server_as_typed(postgres_url: str) -> None:
    run = Cli(as_typed(postgres_url))
    for command in (("demo",), ("init",)):
        said = run(*command)
        assert said.exit_code == 0, said.output
        assert f"{run.url.split('?')[0]}?" in said.output, said.output
        assert "postgresql+psycopg://" not in said.output, said.output


def test_a_refusal_on_the_way_to_recording_names_the_server_as_typed(postgres_url: str) -> None:
    typed = as_typed(postgres_url).replace("search_path%3Dpl_test_", "search_path%3Dnot_made_")
    assert "not_made_" in typed
    for url in (typed, typed.replace("postgres@", "postgres:s3cret@", 1)):
        refused = Cli(url)(*PROPOSE)
        assert refused.exit_code == 1, refused.output
        assert "no schema its search path names exists" in refused.output
        assert "cannot open the ledger at postgresql://postgres" in refused.output
        assert "postgresql+psycopg://" not in refused.output, refused.output
        assert "s3cret" not in refused.output


def test_a_url_typed_with_its_driver_is_named_so(postgres_url: str) -> None:
    assert postgres_url.startswith("postgresql+psycopg://")
    said = Cli(postgres_url)("init")
    assert said.exit_code == 0, said.output
    assert "Ledger ready: postgresql+psycopg://postgres" in said.output


def test_a_search_path_typed_unencoded_is_named_as_typed(postgres_url: str) -> None:
    # The refusal named '?options=-csearch_path%3Dnot_made_...%2Calso_not_...': SQLAlchemy's
    # rendering of the URL, not what was typed (README: "a PostgreSQL server's URL too, as
    # typed, with its password hidden").
    server = as_typed(postgres_url).split("?")[0]
    typed = f"{server}?options=-csearch_path=not_made_a,also_not_b"
    for url, shown in (
        (typed, typed),
        (typed.replace("postgres@", "postgres:s3cret@", 1),
         typed.replace("postgres@", "postgres:***@", 1)),
    ):  # fmt: skip
        refused = Cli(url)(*PROPOSE)
        assert refused.exit_code == 1, refused.output
        assert f"cannot open the ledger at {shown}: no schema" in refused.output, refused.output
        assert "s3cret" not in refused.output
