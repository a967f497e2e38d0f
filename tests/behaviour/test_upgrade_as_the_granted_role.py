"""An upgrade's read models rebuilt by the role ``grant`` gives the application, as documented.

docs/verification.md has the application's role rebuild the read models "(``projections
rebuild``, or after an upgrade)". But an upgrade deleted each read model's earlier
tracking row (``economics@v6``) and inserted the new one, and ``grant`` lets that role
select, insert and update tracking rows, never delete them: after upgrading, every read
as the granted role was refused, every decision recorded with a warning, and ``projections
rebuild`` refused too, each telling the owner to run ``grant`` again, which changed
nothing. Now the earlier row is renamed to the new version's and begun again, an update
the role may make: the read model is rebuilt from the events once, with the warning the
page quotes.
"""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text

from portfolio_ledger.storage.urls import normalise_url
from tests.behaviour.test_least_privilege import app_role, as_role
from tests.conftest import Cli

__all__ = ["app_role"]  # the fixture, used by name

pytestmark = pytest.mark.postgres


def _as_an_earlier_version_left_it(url: str, model: str, earlier: str) -> None:
    """The read model's tracking row under an earlier version's key, as that version left it."""
    engine = create_engine(normalise_url(url))
    with engine.begin() as connection:
        renamed = connection.execute(
            text(
                "UPDATE portfolio_ledger_tracking SET application_name = :earlier "
                "WHERE application_name LIKE :model"
            ),
            {"earlier": earlier, "model": f"{model}@%"},
        )
        assert renamed.rowcount == 1
    engine.dispose()


@pytest.mark.parametrize("first", ["economics", "projections rebuild", "item reprioritise"])
def test_the_granted_role_rebuilds_a_read_model_an_upgrade_changed(
    postgres_url: str, app_role: str, first: str
) -> None:
    owner = Cli(postgres_url)
    assert owner("demo").exit_code == 0
    assert owner("grant", app_role).exit_code == 0
    app = Cli(as_role(postgres_url, app_role))
    before = app("economics").stdout
    _as_an_earlier_version_left_it(postgres_url, "economics", "economics@v1")

    command = {
        "economics": ("economics",),
        "projections rebuild": ("projections", "rebuild"),
        "item reprioritise": ("item", "reprioritise", "PRJ-001", "--rank", "9",
                              "--authority", "PMO", "-m", "Rescored"),
    }[first]  # fmt: skip
    result = app(*command)

    said = " ".join(result.output.split())
    assert result.exit_code == 0, said
    assert "permission denied" not in said
    if first != "projections rebuild":
        assert "the read model economics was made by an earlier version" in said
    checked = app("audit", "verify", "--read-models")
    assert checked.exit_code == 0, checked.output
    if first != "item reprioritise":
        assert app("economics").stdout == before
