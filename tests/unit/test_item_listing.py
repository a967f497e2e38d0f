"""``item_texts.listing``: the kept texts joined into ``portfolio --json``'s list, byte for byte."""

from __future__ import annotations

import json

import pytest

from portfolio_ledger.projections.item_texts import listing


@pytest.mark.parametrize("count", [0, 1, 2, 3, 50])
def test_a_listing_is_the_texts_in_a_json_list(count: int) -> None:
    template = '  {{\n    "key": "PRJ-{n:03}",\n    "title": "Caf\u00e9 {n}"\n  }}'
    objects = [template.format(n=n) for n in range(count)]
    texts = [text.encode() for text in objects]

    joined = b"".join(listing(texts))

    expected = "[]\n" if not texts else "[\n" + ",\n".join(t.decode() for t in texts) + "\n]\n"
    assert joined == expected.encode()
    assert [item["key"] for item in json.loads(joined)] == [f"PRJ-{n:03}" for n in range(count)]
