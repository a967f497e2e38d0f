"""``demo --force`` records the demo beside what a ledger holds, and describes only the demo.

Its summary's ``Items 39 (...)`` line counted the stages of every item in the
ledger: beside one item of the ledger's own it said 39 items, then 40 by stage.
"""

from __future__ import annotations

import re

from tests.conftest import Cli


def test_the_demo_beside_other_items_counts_its_own_by_stage(run: Cli) -> None:
    own = run(
        "item", "propose", "OWN-001", "--kind", "project", "--title", "Not the demo's",
        "--owner", "Ada", "--sponsor", "Bo", "--category", "Other", "-m", "Before the demo",
    )  # fmt: skip

    forced = run("demo", "--force")

    assert own.exit_code == 0, own.output
    assert forced.exit_code == 0, forced.output
    line = re.search(r"Items +(\d+) \((.*)\)", forced.output)
    assert line is not None, forced.output
    by_stage = [int(count) for count in re.findall(r"(\d+) [a-z ]+", line.group(2))]
    assert int(line.group(1)) == 39
    assert sum(by_stage) == 39, line.group(0)
