"""The chain's link, the digest line and export text forms, as docs/verification.md has them."""

from __future__ import annotations

import csv
import io
import json
import struct
from uuid import UUID

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from portfolio_ledger.application.chain import GENESIS, next_link, record_bytes
from portfolio_ledger.audit.digest import Digest, DigestError
from portfolio_ledger.audit.export import (
    csv_line,
    jsonl_line,
    neutralise,
    restore,
    row_hash,
    text_of,
)

AGGREGATE = UUID("8269d687-807c-5f8c-986c-26bfffb1fac4")


def test_the_worked_example_in_the_docs() -> None:
    first = record_bytes(
        1, AGGREGATE.bytes, 1, "portfolio_ledger.domain.events:ItemProposed", b'{"key":"PRJ-001"}'
    )
    second = record_bytes(
        2,
        AGGREGATE.bytes,
        2,
        "portfolio_ledger.domain.events:ItemRejected",
        b'{"key":"PRJ-001","why":"no"}',
    )

    assert len(first) == 104
    assert first.hex().startswith("0000000000000001" + AGGREGATE.hex + "0000000000000001")
    link1 = next_link(GENESIS, first)
    assert link1.hex() == "cf936b4b3280b9210b9ddce4879b26d8ac2deb6139cb919a4a5b90a14554242e"
    link2 = next_link(link1, second)
    assert link2.hex() == "85721dc1ed8cf03fab69969ddc0dd3c7609d13326e67a9259a8a5e4310edc7b4"


def test_length_prefixes_keep_different_records_apart() -> None:
    # Moving bytes between topic and state must change the record.
    assert record_bytes(1, AGGREGATE.bytes, 1, "ab", b"c") != record_bytes(
        1, AGGREGATE.bytes, 1, "a", b"bc"
    )


@given(
    position=st.integers(min_value=1, max_value=2**63 - 1),
    link=st.binary(min_size=32, max_size=32),
    seconds=st.integers(min_value=0, max_value=4_000_000_000),
)
def test_a_digest_line_reads_back_as_itself(position: int, link: bytes, seconds: int) -> None:
    from datetime import UTC, datetime

    digest = Digest(position, link, datetime.fromtimestamp(seconds, UTC))

    assert Digest.parse(digest.line()) == digest
    assert Digest.parse(f"  {digest.line()}\n") == digest
    assert Digest.parse(f"\t{digest.line()}\r\n") == digest


def test_the_empty_ledgers_digest_reads_back_as_itself() -> None:
    empty = Digest.of_empty_ledger()

    assert empty.line() == f"portfolio-ledger/v1 position=0 recorded=- sha256={'0' * 64}"
    assert Digest.parse(empty.line()) == empty


P = "portfolio-ledger/v1"
T = "recorded=2026-11-22T04:18:06Z"
H = "sha256=" + "ab" * 32
ZERO = "sha256=" + "0" * 64


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("", "it is empty"),
        (f"position=1 {T} {H}", "does not start with"),
        (f"{P} position=1 {T} sha256=" + "0" * 63, "63 hex digits, not 64"),
        (f"{P} position=1 {T} sha256=" + "g" * 64, "not hex digits"),
        (f"{P} {T} {H}", "position= is missing"),
        (f"{P} position=1 {T}", "sha256= is missing"),
        (f"{P} position=-1 {T} {H}", "not a whole number"),
        (f"{P} position=+1 {T} {H}", "not a whole number"),
        (f"{P} position=1 position=2 {T} {H}", "given twice"),
        (f"{P} position=1 colour=red {T} {H}", "unknown field"),
        (f"{P} position=1 recorded=yesterday {H}", "UTC time"),
        (f"{P} position=1\n{T} {H}", "several lines"),
        # issue 11, finding 6: each of these was read as a digest
        (f"{P} position=1 {H}", "recorded= is missing"),
        (f"{P} position=1 {T} {H.upper().replace('SHA256', 'sha256')}", "upper-case"),
        (f"{P} position=1 {H} {T}", "order position, sha256, recorded"),
        (f"{P} {T} position=1 {H}", "order recorded, position, sha256"),
        (f"{P} position=007 {T} {H}", "leading zero"),
        (f"{P} position=00 recorded=- {ZERO}", "leading zero"),
        (f"{P}  position=1 {T} {H}", "single spaces"),
        (f"{P} position=1  {T} {H}", "single spaces"),
        (f"{P} position=1\t{T} {H}", "tab"),
        (f"{P} position=1 recorded=- {H}", "only at position 0"),
        (f"{P} position=0 {T} {ZERO}", "position 0 .* has recorded=-"),
        (f"{P} position=0 recorded=- {H}", "position 0 .* 64 zeros"),
        (f"{P} position=1 recorded=2026-02-30T04:18:06Z {H}", "not a real UTC time"),
        (f"{P} position=1 recorded=2026-11-22T24:00:00Z {H}", "not a real UTC time"),
        (f"{P} position=1 recorded=2026-11-22T04:18:06 {H}", "UTC time written as"),
        (f"{P} position=1 recorded=2026-11-22 04:18:06Z {H}", "not a name=value field"),
        (f"{P} position=1 recorded=2026-1-22T04:18:06Z {H}", "UTC time written as"),
        (f"{P} position=1 recorded=2026-11-22T04:18:06+00:00 {H}", "UTC time written as"),
        (f"{P} position=9223372036854775808 {T} {H}", "beyond any ledger"),
        # A digest copied from a file saved as 'UTF-8 with BOM' was said not to start with
        # portfolio-ledger/v1, which is all one sees of it.
        (f"\ufeff{P} position=1 {T} {H}", r"starts with a byte-order mark \(U\+FEFF\)"),
        (f"{P} position=1 {T} sha256=\u200b" + "ab" * 32, r"U\+200B \(ZERO WIDTH SPACE\) at"),
    ],
)
def test_a_digest_outside_the_grammar_is_refused_naming_the_problem(
    line: str, problem: str
) -> None:
    with pytest.raises(DigestError, match=problem):
        Digest.parse(line)


FORMULA = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")


@given(st.text())
def test_neutralised_cells_never_start_a_formula_and_restore_exactly(text: str) -> None:
    cell = neutralise(text)

    assert not cell.startswith(("\t", "\r", "\n", *FORMULA))
    assert not cell.lstrip().startswith(FORMULA)
    assert restore(cell) == text
    assert cell == text or cell == "'" + text
    assert cell.startswith("'") == (cell != text)  # so one ' off undoes it, exactly


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        ("=1", "'=1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@A", "'@A"),
        ("\tA", "'\tA"),
        ("\rA", "'\rA"),
        ("\nA", "'\nA"),
        ("'A", "''A"),
        ("'", "''"),
        ("\uff1d1", "'\uff1d1"),
        ("\uff0b1", "'\uff0b1"),
        ("\uff0d1", "'\uff0d1"),
        ("\uff20A", "'\uff20A"),
        ("  =1", "'  =1"),
        ("\u00a0\u3000@A", "'\u00a0\u3000@A"),
        (" A", " A"),
        ("A=1", "A=1"),
        ("", ""),
    ],
)
def test_the_csv_rule_cell_by_cell(text: str, cell: str) -> None:
    assert neutralise(text) == cell
    assert restore(cell) == text


def test_a_csv_line_quotes_separators_quotes_and_line_breaks_and_only_those() -> None:
    line = csv_line(["a,b", "a;b", 'say "x"', "a\rb", "a\nb", "=1", "=1", "plain", ""], [6])

    assert line == '"a,b","a;b","say ""x""","a\rb","a\nb",=1,\'=1,plain,\r\n'


@given(st.lists(st.text(), min_size=1, max_size=6), st.data())
def test_csv_lines_round_trip_through_a_csv_reader(texts: list[str], data: st.DataObject) -> None:
    text_cells = data.draw(st.sets(st.integers(0, len(texts) - 1)))
    line = csv_line(texts, text_cells)

    (cells,) = list(csv.reader(io.StringIO(line, newline=""), strict=True))
    assert [restore(c) if i in text_cells else c for i, c in enumerate(cells)] == texts
    assert line.endswith("\r\n")


@given(st.dictionaries(st.text(), st.one_of(st.none(), st.integers(), st.text())))
def test_a_jsonl_line_is_one_line_whatever_the_text(record: dict[str, object]) -> None:
    line = jsonl_line(record)

    assert line.endswith("\n")
    assert len(line[:-1].splitlines()) <= 1
    assert json.loads(line) == record


def test_text_forms_and_the_row_checksum() -> None:
    texts = [text_of(v) for v in (None, 7, "a,b", ["x", "y"], {"b": 1, "a": 2})]

    assert texts == ["", "7", "a,b", '["x","y"]', '{"a":2,"b":1}']
    assert row_hash(["1", "é"]) == row_hash(["1", "é"])
    assert row_hash(["1", ""]) != row_hash(["1", "", ""])
    with pytest.raises(TypeError):
        text_of(True)


@given(st.lists(st.text()))
def test_the_row_checksum_is_sha256_of_the_compact_json_array(texts: list[str]) -> None:
    import hashlib

    expected = json.dumps(texts, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

    assert row_hash(texts) == hashlib.sha256(expected).hexdigest()


_SHORT_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\b": "\\b",
    "\f": "\\f",
}


def documented_json_string(text: str) -> str:
    """A JSON string as docs/verification.md (*Text forms*) spells it out for a checker in
    another language, whose JSON writer may escape other characters than Python's."""
    escaped = (_SHORT_ESCAPES.get(c, f"\\u{ord(c):04x}" if c < " " else c) for c in text)
    return '"' + "".join(escaped) + '"'


@example(["\u2028\u2029\x85", "\x7f/<&>", "\x00\x1f\x08\x0c", "'=1", "é€😀"])
@given(st.lists(st.text()))
def test_the_row_checksum_writes_its_strings_as_the_docs_spell_them_out(texts: list[str]) -> None:
    import hashlib

    written = "[" + ",".join(map(documented_json_string, texts)) + "]"

    assert row_hash(texts) == hashlib.sha256(written.encode("utf-8")).hexdigest()


@given(
    position=st.integers(0, 2**64 - 1),
    originator_id=st.one_of(st.binary(min_size=16, max_size=16), st.binary(max_size=40)),
    version=st.integers(0, 2**64 - 1),
    topic=st.text(max_size=60),
    state=st.binary(max_size=300),
)
def test_the_record_is_the_documented_concatenation_whatever_the_id_s_length(
    position: int, originator_id: bytes, version: int, topic: str, state: bytes
) -> None:
    # A verifier reads ids of any length from a forged row: each is hashed as it is.
    encoded = topic.encode()
    assert record_bytes(position, originator_id, version, topic, state) == b"".join(
        (
            struct.pack(">Q", position),
            originator_id,
            struct.pack(">Q", version),
            struct.pack(">I", len(encoded)),
            encoded,
            struct.pack(">Q", len(state)),
            state,
        )
    )
