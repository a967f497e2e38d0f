"""Characters that show nothing (a zero-width space, a soft hyphen, a stray byte-order mark)
make no change, and do not make a name another.

Text copied from a web page or a document often brings them: a return writing
``Place\\u200b`` for ``Place`` recorded a transfer shown as ``Place -> Place``, an owner
``Raj Patel\\u00ad`` an amendment that reads the same, and an item joining under
``Place\\u200b`` had ``economics`` give two rows ``Place``. They are compared as absent,
as typography is (``domain/caseless.py``); what a row records is kept as written.
"""

from __future__ import annotations

import json

from tests.behaviour.test_returns_same_name import imported
from tests.conftest import Cli


def test_a_zero_width_space_soft_hyphen_or_byte_order_mark_in_a_cell_is_no_change(
    run: Cli,
) -> None:
    imported(run, "2025-06-30", "P-1,Schools broadband,Digital,Place,Raj Patel")

    outcome = imported(
        run, "2025-09-30", "P-1,\ufeffSchools broadband,Digital,Place\u200b,Raj Pa\u00adtel"
    )

    assert outcome["changed"] == []
    assert run.events() == 1


def test_an_organisation_with_a_zero_width_space_is_one_row_of_economics(run: Cli) -> None:
    imported(run, "2025-06-30", "P-1,Alpha,Digital,Place,Raj Patel",
             "P-2,Beta,Digital,Place\u200b,Raj Patel")  # fmt: skip

    result = run("economics", "--by", "organisation", "--json")
    rows = [row["value"] for row in json.loads(result.output)["totals"]]

    assert rows == ["Place"]
