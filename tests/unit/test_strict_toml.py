"""Reading TOML the ledger did not write: too deep is refused whatever the recursion limit."""

from __future__ import annotations

import gc
import sys
import tomllib
from collections.abc import Iterator

import pytest

from portfolio_ledger.application.strict_toml import MAX_DEPTH, TOMLInputError, loads

TOO_DEEP = "nested too deeply (arrays or inline tables within each other)"


@pytest.fixture
def recursion_limit_raised() -> Iterator[None]:
    """As hypothesis raises it while its tests run, in the same worker as other tests."""
    before = sys.getrecursionlimit()
    sys.setrecursionlimit(50_000)
    try:
        yield
    finally:
        sys.setrecursionlimit(before)


@pytest.mark.parametrize(
    "text",
    ["x = " + "[" * 2000 + "]" * 2000, "x = " + "{a = " * 2000 + "1" + "}" * 2000],
    ids=["arrays", "inline tables"],
)
def test_nesting_too_deep_is_refused_with_the_recursion_limit_raised(
    recursion_limit_raised: None, text: str
) -> None:
    with pytest.raises(TOMLInputError, match="nested too deeply"):
        loads(text)


def test_nesting_up_to_the_limit_is_read_and_one_more_is_refused() -> None:
    depth = MAX_DEPTH - 1  # the document itself is the first table
    assert loads("x = " + "[" * depth + "]" * depth)["x"] is not None
    with pytest.raises(TOMLInputError) as refused:
        loads("x = " + "[" * (depth + 1) + "]" * (depth + 1))
    assert str(refused.value) == TOO_DEEP


def test_tables_within_tables_count_as_nesting() -> None:
    assert loads("[a.b.c]\nd = [1, [2, {e = 3}]]\n") == {
        "a": {"b": {"c": {"d": [1, [2, {"e": 3}]]}}}
    }


def test_no_collection_runs_within_a_deep_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    """A collection set off inside the parse ran earlier work's finalizers at the recursion
    limit, where they failed as errors nobody can catch (pytest reported one: a flaky CI)."""
    original, parsing = tomllib.loads, [False]
    within: list[str] = []
    after: list[str] = []

    def parse(text: str) -> dict[str, object]:
        parsing[0] = True
        try:
            return original(text)
        finally:
            parsing[0] = False

    def noted(phase: str, _info: dict[str, int]) -> None:
        if phase == "start":
            (within if parsing[0] else after).append(phase)

    monkeypatch.setattr(tomllib, "loads", parse)
    threshold = gc.get_threshold()
    gc.set_threshold(1)  # a collection at (nearly) every allocation
    gc.callbacks.append(noted)
    try:
        with pytest.raises(TOMLInputError, match="nested too deeply"):
            loads("x = " + "[" * 5000 + "]" * 5000)
    finally:
        gc.callbacks.remove(noted)
        gc.set_threshold(*threshold)
    assert within == []
    assert after  # collection goes on outside it


def test_a_dotted_key_of_the_deepest_nesting_is_read_and_one_part_more_refused() -> None:
    deepest = "a" + ".a" * (MAX_DEPTH - 1)  # the document and a table for each part but the last
    assert loads(f"{deepest} = 1\n") is not None
    with pytest.raises(TOMLInputError, match="parts joined by dots"):
        loads(f"{deepest}.a = 1\n")


def test_dots_in_strings_and_comments_are_not_parts_of_a_key() -> None:
    dotted = "." * (MAX_DEPTH * 3)
    text = (
        f'"{dotted}" = "{dotted}"\n'
        f"'b{dotted}' = '''\n{dotted}'''\n"
        f'x = """{dotted}\\"""" # {dotted}\n'
        f"[t] # {dotted}\n"
    )
    assert loads(text)["t"] == {}


def test_a_number_python_writes_out_is_read_and_a_longer_one_in_hex_refused() -> None:
    most = 10 ** sys.get_int_max_str_digits() - 1
    assert loads(f"n = {hex(most)}\n")["n"] == most
    with pytest.raises(TOMLInputError, match="a number of more than 4,300 digits"):
        loads(f"n = [{hex(10 ** sys.get_int_max_str_digits())}]\n")
