"""strict_json reads every document as the standard library's decoder alone did, or refuses alike.

``loads`` takes orjson's reading when it can; ``_strictly`` is the standard decoder it
falls back on (the whole of ``loads`` before orjson). Each document below, well formed
or hostile, must give the same value (same types: int, Decimal, str; same key order)
or the same refusal through both.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portfolio_ledger.application import strict_json


def _outcome(read: Any, text: str | bytes) -> tuple[str, str]:
    try:
        return "read", repr(read(text))
    except Exception as error:  # noqa: BLE001 - the refusal is what is compared
        return type(error).__name__, str(error)


def _same(text: str | bytes) -> None:
    assert _outcome(strict_json.loads, text) == _outcome(strict_json._strictly, text)


class _Object(list[tuple[str, Any]]):
    """An object as written: its members in order, a key perhaps given twice."""


keys = st.sampled_from(["a", "b", "a:", ":", 'q"', "\\", "é", "\x00", "\ud800", "command", ""])
numbers = (
    st.integers()
    | st.integers(min_value=10**18, max_value=10**102)
    | st.integers(min_value=-(10**102), max_value=-(10**18))
    | st.floats()
    | st.decimals(allow_nan=False, allow_infinity=False)
)
scalars = st.none() | st.booleans() | numbers | st.text(max_size=8) | keys
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.lists(st.tuples(keys, inner), max_size=4).map(_Object)
    ),
    max_leaves=12,
)


def _written(value: Any, ascii_only: bool, space: str, colon: str = ":") -> str:
    """``value`` as JSON: keys perhaps twice, ``colon`` for each colon in a string."""
    if isinstance(value, _Object):
        parts = [
            _written(k, ascii_only, space, colon)
            + f"{space}:{space}"
            + _written(v, ascii_only, space, colon)
            for k, v in value
        ]
        return "{" + f",{space}".join(parts) + "}"
    if isinstance(value, list):
        return "[" + f",{space}".join(_written(v, ascii_only, space, colon) for v in value) + "]"
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=ascii_only).replace(":", colon)
    return json.dumps(value, ensure_ascii=ascii_only)


spaces = st.sampled_from(["", " ", "\n", "\t\r ", "\x0c", "\xa0"])
colons = st.sampled_from([":", ":", "\\u003a", "\\u003A"])


@settings(max_examples=600)
@given(values, st.booleans(), spaces, colons, st.booleans())
def test_a_written_document_reads_as_the_standard_decoder_reads_it(
    value: Any, ascii_only: bool, space: str, colon: str, as_bytes: bool
) -> None:
    text = space + _written(value, ascii_only, space, colon) + space
    if as_bytes:
        _same(text.encode("utf-8", "surrogatepass"))
    else:
        _same(text)


@given(values, st.integers(min_value=0, max_value=60), st.binary(max_size=3))
def test_a_damaged_document_is_refused_or_read_alike(value: Any, at: int, junk: bytes) -> None:
    raw = _written(value, False, " ").encode("utf-8", "surrogatepass")
    _same(raw[:at] + junk + raw[at:])
    _same(raw[:at] + raw[at + 1 :])


@given(st.binary(max_size=40) | st.text(max_size=40))
def test_any_bytes_or_text_are_read_alike(text: str | bytes) -> None:
    _same(text)


HOSTILE = [
    '{"a": 1, "a": 2}',
    '{"a": {"b": 1, "b": 1}}',
    '[{"x": 1}, {"x": 1, "x": 1}]',
    '{"a:": 1, "a:": 2}',
    '{"a": "b:c", "a": 1}',
    '{"q\\"": 1, "q\\"": 2}',
    '{"a\\\\": ":", "a\\\\": 2}',
    '{"a": "\\":", "b": 1}',
    '{"\\u0061": 1, "a": 2}',
    '{"a": ":", ":": "a"}',
    '{"\\u003a": 1, ":": 2}',
    '{"a\\u003A": 1, "a:": 2, "b": "::"}',
    '{"a": "\\u003a", "a": 1, "c": ":"}',
    '{"a": "\\\\u003a", "a": 1}',
    '{"a": "x:", "b": {"c": ":", "c": 1}}',
    '{"a": "x", "b": {"c": ":", "d": 1}}',
    '{"a:": 1, "b": 1, "b": 2}',
    '{"b": 1, "b": "\\u003a"}',
    '{"b": 1, "b": {"\\u003A": 1}}',
    '{"a": [":"], "b": 1, "b": 2}',
    '{"a": {"b": ":"}, "c": 1, "c": 2}',
    "NaN",
    "[Infinity]",
    "-Infinity",
    "1e400",
    "[1.5, 2]",
    "-0",
    "-0.0",
    str(2**63),
    str(2**64),
    str(-(2**63) - 1),
    "1" * 100,
    "1" * 101,
    "-" + "1" * 101,
    "1." + "1" * 100,
    '"\\ud800"',
    '"\\udc00\\ud800"',
    '"\\ud83d\\ude00"',
    '"\\u0000"',
    '"a\x00"',
    '"a\x1f"',
    '"a\x7f"',
    "\ufeff{}",
    "{} x",
    "",
    " ",
    "01",
    '"\\x"',
    "[" * 31 + "]" * 31,
    "[" * 32 + "]" * 32,
    "[" * 33 + "]" * 33,
    '{"a":' * 40 + "1" + "}" * 40,
    "[" * 1000 + "]" * 1000,
    "[" * 100_000 + "]" * 100_000,
    '{"command": "item approve", "votes": {"x": "for", "x": "against"}}',
]


@pytest.mark.parametrize("text", [*HOSTILE, "\ufeff[]"])
def test_a_hostile_document_is_refused_or_read_alike(text: str) -> None:
    _same(text)
    _same(text.encode("utf-8", "surrogatepass"))


@pytest.mark.parametrize(
    "raw", [b"\xff{}", b'"\xed\xa0\x80"', b'"\xc0\x80"', b'{"a": "\xe9"}', b'"\xf4\x90\x80\x80"']
)
def test_bytes_that_are_not_utf8_are_refused_alike(raw: bytes) -> None:
    _same(raw)
    assert _outcome(strict_json.loads, raw)[0] == "JSONInputError"


def test_a_key_given_twice_is_refused_and_a_fraction_is_exact() -> None:
    with pytest.raises(strict_json.JSONInputError, match="given twice"):
        strict_json.loads(b'{"a": "x:y", "b": {"c": 1, "c": 2}}')
    assert strict_json.loads(b'{"a": 1.10}') == {"a": Decimal("1.10")}
    assert strict_json.loads(b'{"a": 12}') == {"a": 12}


@pytest.mark.parametrize("depth", [32, 33, 500, 990, 1000, 1024, 1025])
def test_a_deep_document_is_refused_or_read_alike(depth: int) -> None:
    # Outside hypothesis, which raises the recursion limit the standard decoder stops at.
    _same("[" * depth + "]" * depth)
    _same(('{"a": ' * depth + "1" + "}" * depth).encode())


def test_orjson_reads_a_plain_document_with_colons_in_its_strings(monkeypatch: Any) -> None:
    def refused(text: str | bytes) -> Any:
        raise AssertionError(f"read again by the standard decoder: {text!r}")

    monkeypatch.setattr(strict_json, "_strictly", refused)
    raw = '{"a": "at 10:30", "b:c": [":", {"d": "::"}], "e": 1, "f": null, "g": true}'
    expected = json.loads(raw)
    assert strict_json.loads(raw) == expected
    assert strict_json.loads(raw.encode()) == expected


@pytest.mark.parametrize(
    ("raw", "said"),
    [
        ('{"command": "item propose", "key": "P",\n', "where the text ends: is it cut short?"),
        ('{"command": "item propose", "key": "P"', "where the text ends: is it cut short?"),
        ('{"command": "item propose", "key": P}\n', "at column 36"),
        ('{\n  "command": "item propose",\n  "key": P\n}\n', "at line 3, column 10"),
        ('{"actor": "Sam\n', "character where the text ends: is it cut short?"),
        (  # it was '... at column 18', the tab unnamed
            '{"command": "item\tpropose"}',
            (
                "Invalid control character at column 18: U+0009 (a control character) is "
                "there, which a screen does not show; delete it (within a text, write it "
                "escaped: \\u0009)"
            ),
        ),
        (  # it was 'Extra data where the text ends: is it cut short?': nothing was cut
            '{"command": "approve"}\u00a0\n',
            (
                "Extra data at column 23: U+00A0 NO-BREAK SPACE is there, which a screen does "
                "not show; delete it (within a text, write it escaped: \\u00a0)"
            ),
        ),
        (  # it was 'Extra data at column 24', with no word of the comma
            '{"command": "approve"},\n',
            "a comma after its end, as between a JSON array's items: delete it; at column 23",
        ),
    ],
)
def test_a_refusal_says_where_the_json_went_wrong(raw: str, said: str) -> None:
    with pytest.raises(strict_json.JSONInputError) as refused:
        strict_json.loads(raw)
    assert str(refused.value).endswith(f"{said})")


@pytest.mark.parametrize("raw", ["", "\n", " \r\n", b"\n"])
def test_an_empty_text_is_said_to_be_empty_not_cut_short(raw: str | bytes) -> None:
    """A blank line added after a JSON Lines export's last row was 'is it cut short?'."""
    with pytest.raises(strict_json.JSONInputError) as refused:
        strict_json.loads(raw)
    assert "empty" in str(refused.value)
    assert "cut short" not in str(refused.value)


@pytest.mark.parametrize(
    ("raw", "digits"), [("1e999999", "1,000,000"), ("-2.5E+100", "101"), ("1e-101", "101")]
)
def test_a_number_of_more_digits_written_in_full_than_any_field_takes_is_refused(
    raw: str, digits: str
) -> None:
    """1e999999 read as a Decimal became an int of a million digits, which Python cannot print."""
    with pytest.raises(strict_json.JSONInputError) as refused:
        strict_json.loads(f'{{"position": {raw}}}')
    assert str(refused.value) == (
        f"the number {raw} has {digits} digits written in full, more than the 100 digits any "
        "field accepts"
    )
    assert strict_json.loads("[1e99, 1e-100]") == [Decimal("1e99"), Decimal("1e-100")]


@pytest.mark.parametrize(
    ("raw", "named"),
    [("\u00a0\n", "U+00A0 NO-BREAK SPACE"), ("\u3000", "U+3000 IDEOGRAPHIC SPACE")],
)
def test_a_text_of_a_space_json_does_not_take_names_it_not_empty(raw: str, named: str) -> None:
    """An import line of a no-break space alone was 'the text is empty, or spaces and line ends
    alone', though a line of spaces alone is skipped: Python's strip took it for JSON's space."""
    with pytest.raises(strict_json.JSONInputError) as refused:
        strict_json.loads(raw)
    assert "empty" not in str(refused.value)
    assert f"at column 1: {named} is there, which a screen does not show" in str(refused.value)
