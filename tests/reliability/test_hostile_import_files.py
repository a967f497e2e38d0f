"""Hostile JSON Lines files through ``import``: recorded as documented, or refused leaving all.

Hypothesis writes files of one to three lines, each a command of docs/import.md's tables
with its fields (under any of their spellings) mostly as they should be, often as they
should not: wrong JSON types, NaN, Infinity, 1e400, -0, huge integers, NUL, lone
surrogates, control and bidirectional characters, 100,000 characters, nested values,
impossible and edge days, times with odd offsets, amounts with many decimals, exponents
or unknown currencies, keys no ledger holds. Then the bytes: a byte-order mark, CRLF,
blank lines, a key given twice, trailing garbage, a line cut short, bytes not UTF-8,
deep nesting. Each file is imported, or dry-run, through the command line into one
governed ledger per database (SQLite and PostgreSQL), and:

- no traceback and no internal error: exit 0, 1 (a decision refused) or 2 (bad usage);
- refused, or a dry run: every row of every table as it was, and ``audit digest`` too;
- recorded: ``audit verify --read-models`` passes.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, inspect, text

from portfolio_ledger.cli.import_fields import catalogue
from portfolio_ledger.storage.urls import normalise_url
from tests.conftest import Cli
from tests.pg_schemas import postgres_schema
from tests.reliability.conftest import HEAVY, report

SEED = [
    {"command": "person add", "key": k, "name": n, "effective_date": "2026-01-05",
     "rationale": "Set up", "authority": "Executive Board"}
    for k, n in (("hcarter", "Helen Carter"), ("rdas", "Ravi Das"), ("jmoss", "Jo Moss"))
] + [
    {"command": "board create", "key": "IC", "name": "Investment Committee", "terms": "Capital",
     "limit": "GBP 5,000,000", "quorum": 2, "authority": "Executive Board",
     "effective_date": "2026-01-05", "rationale": "Set up"},
    *({"command": "board appoint", "key": "IC", "person": k, "authority": "Executive Board",
       "effective_date": "2026-01-05", "rationale": "Set up"}
      for k in ("hcarter", "rdas", "jmoss")),
    *({"command": "item propose", "key": f"PRJ-{n}", "kind": "project", "title": f"Item {n}",
       "owner": "Ann", "sponsor": "Bo", "category": "Corporate", "effective_date": "2026-01-06",
       "rationale": "Set up"}
      for n in (1, 2, 3)),
]  # fmt: skip
VOTES = {"hcarter": "for", "rdas": "for", "jmoss": "for"}
GOOD = {  # a value each kind of field takes, as its table in docs/import.md says it
    "a list of a person's": st.just(["hcarter", "rdas", "jmoss"]),
    "an object of a person's": st.just(VOTES),
    "an item key": st.sampled_from(["PRJ-1", "PRJ-2", "prj-3", "NEW-1"]),
    "a board's key": st.sampled_from(["IC", "NEWB"]),
    "a person's key": st.sampled_from(["hcarter", "rdas", "newp"]),
    "a delegation's key": st.sampled_from(["DEL-1"]),
    "an organisation's key": st.sampled_from(["CORP"]),
    "an amount": st.sampled_from(["GBP 1,200,000", "150000", 150000, "1.2m", "withheld"]),
    "a percentage": st.sampled_from(["10%", "GBP 1,000"]),
    "days": st.sampled_from(["30d", "10%"]),
    "a date": st.sampled_from(["2026-03-02", "2026-06-30"]),
    "a whole number": st.sampled_from([1, 2, 50, "2"]),
    "a list of text": st.lists(st.sampled_from(["Capital", "Security"]), max_size=2),
    "an object of a field": st.just({"title": "Renamed"}),
    "an ISO 4217": st.sampled_from(["GBP", "EUR"]),
    "a SHA-256": st.just("0" * 64),
}
HOSTILE = [
    "", " ", "\x00", "a\x00b", "\ud800", "\u202eevil\u202c", "\ufeff", "\x1b[31m", "\x7f",
    "x" * 100_000, "x" * 201, "=cmd|' /C calc'!A0", "line\r\nline", "\u2028", "<b>&",
    "2025-02-30", "0001-01-01", "9999-12-31", "1899-12-31", "2026-03-02T10:00+14:30",
    "2026-03-02T00:00:00-00:01", "20260302", "2026-W10-1", "\u0663", "\uff11\uff12\uff13",
    "1e400", "NaN",
    "Infinity", "-0", "1.23456789", "1E+6", "XXX 100", "ZZZ 5", "100 GBP", "£100", "1,5",
]  # fmt: skip
NUMBERS = [float("nan"), float("inf"), 1e400, -0.0, 10**30, 2**63, 1e-300, 0.30000000000000004]
SCALAR = st.one_of(
    st.sampled_from(HOSTILE), st.sampled_from(NUMBERS), st.none(), st.booleans(),
    st.integers(), st.text(max_size=10),
)  # fmt: skip
ANY = st.recursive(
    SCALAR, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(SCALAR.map(str), inner),
    max_leaves=5,
)  # fmt: skip
COMMANDS = dict(catalogue())
RECORDED = (
    b'\xef\xbb\xbf{"command": "item appraise", "key": "prj-1", "estimated_cost": "GBP 1,200,000", '
    b'"expected_benefits": 2100000, "risk_rating": "Medium", "alignment_score": 7.2e1, '
    b'"rationale": "=cmd|\' /C calc\'!A0", "authority": "PMO", "effective_date": "2026-03-02"}'
    b'\r\n\r\n{"command": "person add", "key": "NEWP", "name": "New \\u2028 person", '
    b'"rationale": "x", "authority": "PMO", "effective_date": "2026-03-02"}'
)
"""A file with a byte-order mark, CRLF, a blank line, a number with an exponent, a formula,
and U+2028, all of which are recorded (after a dry run of it)."""
LIKELY = [
    "item propose",
    "item appraise",
    "item amend",
    "person add",
    "organisation add",
    "item recommend-action",
    "item declare-dependency",
    "item escalate",
    "item approve",
]
"""Commands the seeded ledger records with plain values: drawn half the time, so that many
files are recorded, not refused."""
TRIED = {"files": 0, "recorded": 0, "refused": 0, "dry runs": 0}


def value(takes: str) -> st.SearchStrategy[Any]:
    """Mostly what the field takes, one time in ten anything at all."""
    good: st.SearchStrategy[Any] = next(
        (s for start, s in GOOD.items() if takes.startswith(start)), st.just("Text")
    )
    if takes.startswith("one of"):
        good = st.sampled_from(takes.split("`")[1::2])
    return st.integers(0, 9).flatmap(lambda n: ANY if n == 0 else good)


@st.composite
def lines(draw: st.DrawFn) -> dict[str, Any]:
    name = draw(st.sampled_from(LIKELY) | st.sampled_from(sorted(COMMANDS)))
    short = name.removeprefix("item ")
    spelt_as = st.sampled_from([name, short])
    written = st.integers(0, 19).flatmap(lambda n: ANY if n == 0 else spelt_as)
    line: dict[str, Any] = {"command": draw(written)}
    for spellings, takes, default, field in COMMANDS[name]:
        if default.startswith("required") or (field != "delegation" and draw(st.booleans())):
            spelt = draw(st.sampled_from([s.strip("`") for s in spellings.split(", ")]))
            line[spelt] = draw(value(takes))
    if line.keys() & {"votes", "vote", "present"}:
        line["board"] = "IC"
    elif "board" not in line:
        line["authority"] = "Executive Board"
    line["rationale"] = draw(value("text"))
    line["effective_date"] = draw(value("a date"))
    if draw(st.integers(0, 7)) == 0:
        extra = draw(st.sampled_from(["actor", "role", "authority", "request_id", "x"]))
        line[extra] = draw(ANY)
    return line


BYTE_CHANGES = [
    lambda b: b,
    lambda b: b"\xef\xbb\xbf" + b,
    lambda b: b.replace(b"\n", b"\r\n"),
    lambda b: b + b"\n\n  \n",
    lambda b: b[:-1] + b', "command": "item propose"}',
    lambda b: b + b" x",
    lambda b: b + b",",
    lambda b: b[: len(b) // 2],
    lambda b: b.replace(b"e", b"\xe9", 1),
    lambda b: b + b"\n\xef\xbb\xbf" + b,
    lambda b: b"[" * 1000 + b"]" * 1000 + b"\n" + b,
    lambda b: b.replace(b"\n", b"\r"),
    lambda b: b + b"\n\x1a",
]


@st.composite
def files(draw: st.DrawFn) -> bytes:
    written = [
        json.dumps(line, ensure_ascii=draw(st.booleans())).encode("utf-8", "surrogatepass")
        for line in draw(st.lists(lines(), min_size=1, max_size=draw(st.sampled_from([1, 1, 3]))))
    ]
    change = draw(st.integers(0, 4 * len(BYTE_CHANGES)))  # bytes changed one time in four
    whole = b"\n".join(written)
    return BYTE_CHANGES[change](whole) if change < len(BYTE_CHANGES) else whole


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def governed(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A ledger with a board of three, its members and three proposals, on each database."""
    where = tmp_path_factory.mktemp("hostile-files")
    seed = where / "seed.jsonl"
    seed.write_text("\n".join(json.dumps(line) for line in SEED), encoding="utf-8")

    def seeded(url: str) -> str:
        made = Cli(url)("import", str(seed))
        assert made.exit_code == 0, made.output
        return url

    if request.param == "sqlite":
        yield seeded(f"sqlite:///{where / 'ledger.db'}")
    else:
        with postgres_schema() as url:
            yield seeded(url)
    report(f"hostile import files ({request.param})", **TRIED)
    TRIED.update(dict.fromkeys(TRIED, 0))


def every_row(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table of the ledger, in a stable order."""
    engine = create_engine(normalise_url(url))
    try:
        with engine.connect() as connection:
            return {
                name: sorted(
                    (tuple(row) for row in connection.execute(text(f'SELECT * FROM "{name}"'))),
                    key=repr,
                )
                for name in inspect(connection).get_table_names()
            }
    finally:
        engine.dispose()


def said_cleanly(result: Any) -> None:
    assert "Traceback" not in result.output, result.output
    assert "nternal error" not in result.output, result.output
    assert result.exit_code in {0, 1, 2}, result.output


@settings(
    max_examples=300 if HEAVY else 40,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                           HealthCheck.data_too_large, HealthCheck.large_base_example],
)  # fmt: skip
@given(data=files(), dry_run=st.booleans())
@example(data=RECORDED, dry_run=True)
@example(data=RECORDED, dry_run=False)
def test_a_file_is_recorded_or_refused_leaving_every_table_and_the_digest_as_they_were(
    governed: str, tmp_path_factory: pytest.TempPathFactory, data: bytes, dry_run: bool
) -> None:
    run = Cli(governed)
    path = tmp_path_factory.mktemp("file") / "decisions.jsonl"
    path.write_bytes(data)
    before, digest = every_row(governed), run("audit", "digest").output
    TRIED["files"] += 1

    result = run("import", str(path), *(["--dry-run"] if dry_run else []))

    said_cleanly(result)
    if result.exit_code != 0 or dry_run:
        TRIED["dry runs" if result.exit_code == 0 else "refused"] += 1
        assert result.output.strip()
        assert run("audit", "digest").output == digest
        assert every_row(governed) == before, result.output
        return
    TRIED["recorded"] += 1
    verified = run("audit", "verify", "--read-models")
    assert verified.exit_code == 0, verified.output
