"""An import line's fields are named as one field-by-field pass over the line names them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portfolio_ledger.application.registry import commands, resolve
from portfolio_ledger.cli.imports import (
    NOT_IMPORTED,
    _aliases,
    _fields,
    _Malformed,
    _Spellings,
    read_lines,
)

COMMANDS = ["item approve", "item propose", "item set-tolerance", "item report-status"]


def _one_by_one(line: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    """_fields as it was: each field renamed in turn, refused at the second spelling."""
    fields: dict[str, Any] = {}
    spelt: dict[str, str] = {}
    for written, value in line.items():
        name = names.get(written, written)
        if name in fields:
            raise _Malformed(
                f"{spelt[name]!r} and {written!r} are the same field, given twice; give it once"
            )
        fields[name], spelt[name] = value, written
    return fields


def _outcome(read: Any, line: dict[str, Any], names: dict[str, str]) -> tuple[str, Any]:
    try:
        return "read", list(read(dict(line), names).items())
    except _Malformed as error:
        return "refused", str(error)


@pytest.fixture(scope="module")
def spellings() -> dict[str, dict[str, str]]:
    return {name: _aliases(name) for name in COMMANDS}


@pytest.mark.parametrize("command", COMMANDS)
def test_the_spellings_are_only_those_that_rename(
    command: str, spellings: dict[str, dict[str, str]]
) -> None:
    names = spellings[command]
    assert names, command
    assert all(spelling != field for spelling, field in names.items())


@given(st.data())
def test_fields_are_named_as_one_by_one(data: st.DataObject) -> None:
    command = data.draw(st.sampled_from(COMMANDS))
    names = _aliases(command)
    words = sorted({*names, *names.values(), "actor", "rationale", "nonsense", "key"})
    written = data.draw(st.lists(st.sampled_from(words), max_size=8, unique=True))
    line = {word: data.draw(st.integers() | st.text(max_size=3)) for word in written}
    assert _outcome(_fields, line, names) == _outcome(_one_by_one, line, names)


def test_a_field_spelt_twice_is_refused() -> None:
    names = _aliases("item approve")
    assert names["effective-date"] == "effective_date"
    with pytest.raises(_Malformed, match="'effective_date' and 'effective-date' are the same"):
        _fields({"effective_date": "2025-01-01", "effective-date": "2025-01-02"}, names)
    line = {"key": "A", "effective-date": "2025-01-01"}
    assert _fields(line, names) == {"key": "A", "effective_date": "2025-01-01"}


def test_a_line_is_skipped_as_blank_as_a_stripped_copy_would_find_it(tmp_path: Path) -> None:
    raws = [bytes([code]) for code in range(256) if code != ord("\n")]
    raws += [b" \t\r\x0b\x0c", b"", b"  {", b"\x1c\x1d", b"\xc2\xa0"]
    file = tmp_path / "blank.jsonl"
    file.write_bytes(b"".join(raw + b"\n" for raw in raws))
    read = {line.line for line in read_lines(file, {})}
    assert read == {number for number, raw in enumerate(raws, start=1) if raw.strip()}


def test_no_other_spelling_is_a_fields_own_name() -> None:
    """read_lines takes a line naming only fields as it is, without looking up the spellings."""
    for name, spec in commands().items():
        assert not set(_aliases(name)) & set(spec.model.model_fields), name


@given(st.data())
def test_a_line_of_own_names_is_read_as_the_spellings_would(data: st.DataObject) -> None:
    command = data.draw(st.sampled_from(COMMANDS))
    names = _aliases(command)
    words = sorted({*names, *names.values(), *resolve(command).model.model_fields, "nonsense"})
    written = data.draw(st.lists(st.sampled_from(words), max_size=8, unique=True))
    line = {word: data.draw(st.integers() | st.text(max_size=3)) for word in written}
    spellings = _Spellings()
    read = _outcome(lambda fields, _: spellings.fields(command, fields), line, names)
    expected = _outcome(_fields, line, names)
    if expected[0] == "read" and NOT_IMPORTED in dict(expected[1]):
        # request_id, however spelt, is every command's field but never a line's.
        assert read[0] == "refused"
        assert str(read[1]).startswith(f"{NOT_IMPORTED}: is not a field of an import's line")
    else:
        assert read == expected
