"""A command missing several required options names them all at once (exit 2, nothing written).

A new user's first ``item propose PRJ-042 -m "Why"`` was told *Missing option
'--kind'*, then, run again, '--title', '--owner', '--sponsor' and '--category':
five runs for what one refusal can say (``cli/missing_options.py``).
"""

from __future__ import annotations

import pytest

from tests.conftest import Cli


@pytest.mark.parametrize(
    ("given", "missing"),
    [
        (("item", "propose", "PRJ-042", "-m", "Why"),
         ("'--kind'", "'--title'", "'--owner'", "'--sponsor'", "'--category'")),
        (("item", "appraise", "PRJ-042", "--risk-rating", "low", "-m", "Why"),
         ("'--estimated-cost'", "'--expected-benefits'", "'--alignment-score'")),
        (("board", "create", "IC", "-m", "Why"), ("'--name'", "'--terms'", "'--quorum'")),
        (("returns", "import"), ("'FILE'", "'--as-at'")),
    ],
)  # fmt: skip
def test_every_required_option_left_out_is_named(
    run: Cli, given: tuple[str, ...], missing: tuple[str, ...]
) -> None:
    refused = run(*given)
    assert refused.exit_code == 2, refused.output
    said = " ".join(refused.output.split())
    assert f"Missing {len(missing)} required values: " in said, said
    for name in missing:
        assert name in said, (name, said)
    assert f"{given[0]} {given[1]} --help' says what each takes" in said
    assert "Traceback" not in refused.output
    assert run.events() == 0


def test_one_left_out_is_named_as_click_names_it(run: Cli) -> None:
    refused = run("item", "propose", "PRJ-042", "--kind", "project", "--title", "T",
                  "--owner", "O", "--sponsor", "S", "-m", "Why")  # fmt: skip
    assert refused.exit_code == 2, refused.output
    assert "Missing option '--category'." in refused.output
    assert run.events() == 0


def test_given_values_are_not_named_missing_wherever_they_stand(run: Cli) -> None:
    refused = run("item", "propose", "--title=T", "-m", "Why", "PRJ-042", "--owner", "O")
    assert refused.exit_code == 2, refused.output
    said = " ".join(refused.output.split())
    assert "Missing 3 required values: '--kind', '--sponsor' and '--category'" in said, said
