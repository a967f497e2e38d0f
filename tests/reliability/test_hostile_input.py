"""Hostile input, generated: never a traceback, refusals name the field and write nothing,
and everything accepted comes back exactly, through the store, the read models and both
export formats.

Hypothesis draws values for every field of a proposal and an appraisal (text from SQL
injection strings to control characters, U+2028, CR/LF, right-to-left marks, emoji and
a megabyte of rationale; amounts huge, tiny, negative and malformed; dates real,
impossible and in the future) and sends them through the command line and through the
Python API, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import csv
import itertools
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from portfolio_ledger.application import commands as c
from portfolio_ledger.application.importer import Line, run_import
from portfolio_ledger.application.ledger import PortfolioLedger
from portfolio_ledger.application.registry import commands
from portfolio_ledger.bootstrap import open_ledger
from portfolio_ledger.domain.errors import LedgerError
from tests.conftest import Cli
from tests.pg_schemas import postgres_schema
from tests.reliability.conftest import HEAVY, report

COMMANDS = commands()
ADVERSARIAL = [
    "'; DROP TABLE portfolio_ledger_events; --",
    "Robert'); DELETE FROM portfolio_ledger_chain WHERE ('1'='1",
    '=HYPERLINK("http://evil.example")',
    "+1+1",
    "-2",
    "@SUM(A1)",
    "line one\r\nline two",
    "para\u2028graph\u2029end",
    "\u202eevil right-to-left override\u202c",
    "שלום עולם",
    "مرحبا",
    "emoji 🎉🚀 and ZWJ 👩‍👩‍👧",
    "tab\there",
    "\x00nul",
    "\x1b[31mred\x1b[0m",
    "\ud800lone surrogate",
    "a" * 201,
    " ",
    "",
    "\u0085next line",
    "back\\slash \"quotes\" and 'apostrophes'",
]
TEXT = st.one_of(st.sampled_from(ADVERSARIAL), st.text(max_size=60))
# Mostly fine, often hostile: so that many examples get through to the round trip.
FIELD = st.one_of(st.just("Plain value"), st.just("Plain value"), TEXT)
RATIONALE = st.one_of(
    st.just("A plain reason."), TEXT, st.just("x" * 1_000_000), st.just("why " * 50_000)
)
AMOUNTS = st.one_of(
    st.sampled_from(
        ["0", "-5", "1e400", "1E3", "0.001", "12.345", "99999999999999999999", "1,2,3",
         "GBP 1,200,000", "EUR 5", "gbp 10", "NaN", "Infinity", "½", "٣", "", " ", "1 000"]
    ),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.decimals(allow_nan=True, allow_infinity=True, places=None).map(str),
)  # fmt: skip
DATES = st.one_of(
    st.sampled_from(["2026-02-30", "2026-13-01", "tomorrow", "9999-12-31", "0001-01-01",
                     "2026-1-5", "", "2026-01-01T00:00"]),
    st.dates().map(lambda d: d.isoformat()),
)  # fmt: skip
COUNTER = itertools.count(1)
TRIED = {"api": 0, "api accepted": 0, "cli": 0, "cli accepted": 0}


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def hostile_ledger(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, PortfolioLedger, Path]]:
    """One ledger per database for the module's many examples, and a folder for exports."""
    where = tmp_path_factory.mktemp("hostile")
    if request.param == "sqlite":
        url = f"sqlite:///{where / 'ledger.db'}"
        ledger, _ = open_ledger(url)
        yield url, ledger, where
        ledger.close()
    else:
        with postgres_schema() as url:
            ledger, _ = open_ledger(url)
            yield url, ledger, where
            ledger.close()
    report("hostile input", **TRIED)
    TRIED.update(dict.fromkeys(TRIED, 0))  # each database's own figures, not a running sum


def proposal(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "kind": draw(st.sampled_from(["project", "project", "programme", "service", "gadget", ""])),
        "title": draw(FIELD),
        "owner": draw(FIELD),
        "sponsor": draw(FIELD),
        "category": draw(FIELD),
        "actor": draw(FIELD),
        "role": draw(FIELD),
        "rationale": draw(RATIONALE),
        "references": draw(st.lists(FIELD, max_size=3)),
        "effective_date": draw(st.one_of(st.just("2026-01-05"), DATES)),
    }


@st.composite
def proposals(draw: st.DrawFn) -> dict[str, Any]:
    return proposal(draw)


@st.composite
def appraisals(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "estimated_cost": draw(AMOUNTS),
        "expected_benefits": draw(AMOUNTS),
        "risk_rating": draw(st.sampled_from(["low", "medium", "high", "very high", "LOW", "x"])),
        "alignment_score": draw(st.integers(min_value=-5, max_value=105)),
        "actor": "Priya Raman",
        "role": "PMO",
        "rationale": draw(TEXT),
    }


def exported(run: Cli, key: str, where: Path) -> tuple[dict[str, Any], dict[str, str]]:
    """The item's first audit row as JSON Lines and as CSV (cells restored)."""
    out_jsonl, out_csv = where / f"{key}.jsonl", where / f"{key}.csv"
    for out, fmt in ((out_jsonl, "jsonl"), (out_csv, "csv")):
        result = run(
            "audit", "export", "--format", fmt, "--item", key, "--out", str(out), "--overwrite"
        )
        assert result.exit_code == 0, result.output
        checked = run("audit", "verify-export", str(out))
        assert checked.exit_code == 0, checked.output
    record = json.loads(out_jsonl.read_text(encoding="utf-8").splitlines()[0])
    csv.field_size_limit(1 << 26)  # a rationale may be a megabyte
    with out_csv.open(encoding="utf-8-sig", newline="") as handle:
        row = next(csv.DictReader(handle))
    return record, {k: v.removeprefix("'") for k, v in row.items()}


def explains(error: Exception) -> str:
    message = str(error)
    assert "Traceback" not in message
    return message


@settings(
    max_examples=400 if HEAVY else 100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                           HealthCheck.data_too_large],
)  # fmt: skip
@given(fields=proposals(), appraisal=appraisals())
def test_the_api_refuses_cleanly_or_keeps_every_value_exactly(
    hostile_ledger: tuple[str, PortfolioLedger, Path],
    fields: dict[str, Any],
    appraisal: dict[str, Any],
) -> None:
    url, ledger, where = hostile_ledger
    key = f"HOSTILE-{next(COUNTER)}"
    TRIED["api"] += 1
    before = ledger.event_count()
    try:
        command = c.ProposeItem(key=key, **fields)
        ledger.handle(command)
    except ValidationError as error:
        named = {str(detail["loc"][0]) for detail in error.errors()}
        assert named <= set(fields), named  # every refusal names a field it was given
        assert ledger.event_count() == before
        return
    except LedgerError as error:
        explains(error)
        assert ledger.event_count() == before
        return
    TRIED["api accepted"] += 1
    shown = ledger.queries.item(key)
    for name in ("title", "owner", "sponsor", "category"):
        assert getattr(shown, name) == fields[name]  # exactly as given, not stripped
    (entry,) = ledger.queries.history(key)
    assert entry.rationale == fields["rationale"]
    assert list(entry.references) == fields["references"]
    assert entry.actor == fields["actor"]
    run = Cli(url)
    record, row = exported(run, key, where)
    assert record["rationale"] == row["rationale"] == fields["rationale"]
    assert record["actor"] == row["actor"] == fields["actor"]
    assert record["refs"] == fields["references"]
    assert json.loads(row["refs"]) == fields["references"]

    try:
        ledger.handle(c.AppraiseItem(key=key, **appraisal))
    except ValidationError as error:
        named = {str(detail["loc"][0]) for detail in error.errors()}
        assert named <= set(appraisal), named
    except LedgerError as error:
        explains(error)
    else:
        view = ledger.queries.item(key)
        assert view.estimated_cost is not None
        assert str(view.estimated_cost.amount) == str(
            c.AppraiseItem(key=key, **appraisal).estimated_cost.value
        )


CLI_OPTIONS = ("--title", "--owner", "--sponsor", "--category", "--actor", "--role")


@settings(
    max_examples=300 if HEAVY else 60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    values=st.fixed_dictionaries(dict.fromkeys(CLI_OPTIONS, FIELD)),
    rationale=st.one_of(FIELD, RATIONALE),
    effective=st.one_of(st.just("2026-01-05"), DATES),
    estimated=AMOUNTS,
    db=st.one_of(
        st.none(), st.none(), st.none(),
        st.sampled_from(["", "postgresql://", "sqlite://", "::::", "http://example.org/x",
                         "mysql://root@localhost/db", "postgresql+asyncpg://x@y/z",
                         "postgresql://nobody@127.0.0.1:1/none", "/nonexistent/dir/ledger.db"]),
    ),
)  # fmt: skip
def test_the_cli_never_shows_a_traceback_and_names_what_it_refuses(  # noqa: PLR0917
    hostile_ledger: tuple[str, PortfolioLedger, Path],
    values: dict[str, str],
    rationale: str,
    effective: str,
    estimated: str,
    db: str | None,
) -> None:
    url, ledger, _ = hostile_ledger
    key = f"CLI-{next(COUNTER)}"
    TRIED["cli"] += 1
    run = Cli(url if db is None else db)
    before = ledger.event_count()
    args = [arg for option, value in values.items() for arg in (option, value)]
    proposed = run(
        "item", "propose", key, "--kind", "project", *args, "-m", rationale,
        "--effective-date", effective, actor=None, role=None,
    )  # fmt: skip
    output = proposed.output
    assert "Traceback" not in output
    assert "Internal error" not in output
    assert proposed.exit_code in {0, 1, 2}, output
    if proposed.exit_code != 0:
        assert ledger.event_count() == before
        assert "Error" in output
        if db is None and "invalid value" in output:
            assert any(
                line.strip().startswith(("--", "key", "KEY")) for line in output.splitlines()[1:]
            ), output  # each invalid value is named by its option
        return
    TRIED["cli accepted"] += 1
    appraised = Cli(url)(
        "item", "appraise", key, "--estimated-cost", estimated, "--expected-benefits", "1",
        "--risk-rating", "low", "--alignment-score", "50", "-m", "Reviewed.",
    )  # fmt: skip
    assert "Traceback" not in appraised.output
    assert "Internal error" not in appraised.output
    assert appraised.exit_code in {0, 1, 2}, appraised.output
    if appraised.exit_code == 2:
        assert "--estimated-cost" in appraised.output


@pytest.mark.parametrize(
    ("title", "refused"),
    [("nul\x00here", True), ("\x1b[31mred", True), ("bell\x07", True), ("del\x7f", True),
     ("tab\there", False), ("two\nlines", False), ("cr\rlf", False), ("a\u2028b", False)],
)  # fmt: skip
def test_control_characters_are_refused_naming_the_field(
    hostile_ledger: tuple[str, PortfolioLedger, Path], title: str, refused: bool
) -> None:
    url, ledger, _ = hostile_ledger
    key = f"CTRL-{next(COUNTER)}"
    fields: dict[str, Any] = {"kind": "project", "title": title, "rationale": "Why."}
    fields |= {name: name[0].upper() for name in ("owner", "sponsor", "category", "actor", "role")}
    before = ledger.event_count()
    if refused:
        with pytest.raises(ValidationError, match="title") as error:
            ledger.handle(c.ProposeItem(key=key, **fields))
        assert "control character" in str(error.value)
        assert ledger.event_count() == before
        return
    ledger.handle(c.ProposeItem(key=key, **fields))
    assert ledger.queries.item(key).title == title
    status = Cli(url)("projections", "status", "--json")  # read models keep up, on PostgreSQL too
    assert status.exit_code == 0, status.output
    assert {row["lag"] for row in json.loads(status.output)} == {0}


ANY_VALUE = st.one_of(
    TEXT, AMOUNTS, DATES, st.none(), st.booleans(), st.integers(), st.floats(),
    st.lists(TEXT, max_size=3), st.dictionaries(TEXT, TEXT, max_size=3),
)  # fmt: skip


@settings(
    max_examples=400 if HEAVY else 120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(name=st.sampled_from(sorted(COMMANDS)), data=st.data())
def test_every_field_of_every_command_refuses_hostile_values_cleanly(
    hostile_ledger: tuple[str, PortfolioLedger, Path], name: str, data: st.DataObject
) -> None:
    _, ledger, _ = hostile_ledger
    model = COMMANDS[name].model
    fields = {field: data.draw(ANY_VALUE, label=field) for field in model.model_fields}
    before = ledger.event_count()

    result = run_import(ledger, [Line(1, name, fields)], write=False)  # never raises

    assert result.lines == 1
    assert ledger.event_count() == before
    for refusal in result.refusals:
        assert refusal.message.strip()
        assert "Traceback" not in refusal.message
        if refusal.usage:  # a malformed value: the message names the field
            assert any(field in refusal.message for field in fields), refusal.message
