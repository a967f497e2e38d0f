"""An organisation whose name shows as another's is not added: it would read as that one.

'Operations' typed with a Greek capital Omicron, or with a zero-width joiner inside, was
added beside OPS (Operations) under a key of its own: an item filed under it showed as an
Operations item on every page while `--organisation OPS` (and the pack for OPS) left it
out. People's names were compared as they show already; an organisation's name is now
compared so too, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import pytest

from tests.conftest import Cli


@pytest.mark.parametrize(
    "name", ["\u039fperations", "Operati\u200dons", "OPERATIONS", "\uff2fperations", "OPS"]
)
def test_a_name_that_shows_as_another_organisations_is_refused(run: Cli, name: str) -> None:
    made = run("organisation", "add", "OPS", "--name", "Operations", "-m", "Listed")
    assert made.exit_code == 0, made.output

    refused = run("organisation", "add", "OPS2", "--name", name, "-m", "Look-alike")

    said = " ".join(refused.output.split())
    assert refused.exit_code == 1, said
    assert "organisation OPS (Operations) is on the list already" in said
    listed = run("organisation", "list")
    assert "OPS2" not in listed.output


def test_a_name_that_differs_as_it_shows_is_added(run: Cli) -> None:
    for key, name in (("OPS", "Operations"), ("OPS2", "Operations Ltd"), ("OPX", "0perations")):
        made = run("organisation", "add", key, "--name", name, "-m", "Listed")
        assert made.exit_code == 0, made.output
