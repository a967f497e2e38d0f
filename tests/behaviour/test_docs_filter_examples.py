"""What docs/verification.md tells a checker of its own about an export holds.

The kinds of decision it gives as examples of the `type` filter are kinds, and
the columns it lists, in order, are the export's.

"Which rows the filters select" shows a checker of its own how `--type` reads
(a label, `-` for a space, or a class name). Each example there must be one
`audit trail --type` takes and selects rows by: before, `in delivery` (a
stage, not a decision: the decision is `delivery started`) was among them,
and the command refused it, *no kind of decision is called 'in-delivery'*.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import Cli

DOCS = Path(__file__).parents[2] / "docs" / "verification.md"


@pytest.fixture(scope="module")
def demo(shared_demo: Cli) -> Cli:
    """The demo ledger, shared by the module's tests (which never write to it)."""
    return shared_demo


def _type_examples() -> list[str]:
    text = DOCS.read_text(encoding="utf-8")
    bullet = re.search(r"^- `type`: (.*?);\n- `from`", text, re.MULTILINE | re.DOTALL)
    assert bullet, "the `type` filter's bullet in docs/verification.md"
    said = " ".join(bullet[1].split())
    columns_and_dash = {"event", "event_type", "-"}
    return [word for word in re.findall(r"`([^`]+)`", said) if word not in columns_and_dash]


def test_every_type_the_docs_give_as_an_example_selects_rows(demo: Cli) -> None:
    examples = _type_examples()
    assert len(examples) >= 3, examples
    for example in examples:
        for given in (example, example.replace(" ", "-")):
            shown = demo("audit", "trail", "--type", given, "--json")
            assert shown.exit_code == 0, (given, shown.output)
            assert shown.stdout.strip() != "[]", given


def test_the_columns_the_docs_list_are_the_exports_in_order(demo: Cli, tmp_path: Path) -> None:
    text = " ".join(DOCS.read_text(encoding="utf-8").split())
    listed = re.search(r"then `row_sha256`, in this order: (.*?)\. ", text)
    assert listed, "the export's columns, listed in docs/verification.md"
    out = tmp_path / "trail.csv"
    assert demo("audit", "export", "--item", "PRJ-001", "--out", str(out)).exit_code == 0
    header = out.read_bytes().decode("utf-8-sig").split("\r\n")[0].split(",")
    assert re.findall(r"`([^`]+)`", listed[1]) == header
