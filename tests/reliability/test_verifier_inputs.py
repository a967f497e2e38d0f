"""Corrupted or truncated verifier inputs fail cleanly, with a message, and never pass by accident.

Hypothesis damages a real digest line, a real export and its manifest in
random ways (a flipped byte, a cut, an insertion, a deletion); each damaged
input is checked through the command line. Only an input that still means
exactly the same may pass (a digest line has one way to be written, so that
is only a change to the whitespace around it; a manifest may change a field
no check relies on).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portfolio_ledger.audit.digest import Digest, DigestError
from tests.conftest import Cli
from tests.reliability.conftest import report

PROPOSE = ("--kind", "project", "--title", "T", "--owner", "O", "--sponsor", "S", "-m")
TRIES = {"digest": 0, "export": 0, "manifest": 0}


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Cli, str, Path]]:
    """A small ledger, its digest, and an export of it with its manifest."""
    where = tmp_path_factory.mktemp("verifier-inputs")
    run = Cli(f"sqlite:///{where / 'ledger.db'}")
    for number in range(6):
        recorded = run(
            "item",
            "propose",
            f"PRJ-{number}",
            *PROPOSE,
            f"Reason {number}, with a comma",
            "--category",
            "C",
        )
        assert recorded.exit_code == 0
    digest = run("audit", "digest").output.strip()
    out = where / "trail.csv"
    assert run("audit", "export", "--format", "csv", "--out", str(out)).exit_code == 0
    yield run, digest, out
    report("verifier inputs damaged", **TRIES)


def damaged(data: bytes) -> st.SearchStrategy[bytes]:
    """``data`` with one random flip, cut, insertion or deletion: never ``data`` itself."""
    positions = st.integers(min_value=0, max_value=len(data) - 1)
    flips = st.tuples(positions, st.integers(1, 255)).map(
        lambda p: data[: p[0]] + bytes([data[p[0]] ^ p[1]]) + data[p[0] + 1 :]
    )
    cuts = positions.map(lambda p: data[:p])
    inserts = st.tuples(positions, st.binary(min_size=1, max_size=4)).map(
        lambda p: data[: p[0]] + p[1] + data[p[0] :]
    )
    deletes = st.tuples(positions, st.integers(1, 8)).map(
        lambda p: data[: p[0]] + data[p[0] + p[1] :]
    )
    return st.one_of(flips, cuts, inserts, deletes).filter(lambda d: d != data)


def clean_failure(output: str) -> None:
    assert "Traceback" not in output
    assert "Internal error" not in output
    assert output.strip(), "a failure must say what is wrong"


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_a_damaged_digest_line_never_passes(
    ledger: tuple[Cli, str, Path], data: st.DataObject
) -> None:
    run, digest, _ = ledger
    line = data.draw(damaged(digest.encode()), label="digest")
    TRIES["digest"] += 1
    text = line.decode("utf-8", errors="replace").replace("\x00", "")

    result = run("audit", "verify", "--digest", text)

    try:
        same = Digest.parse(text) == Digest.parse(digest)
    except DigestError:
        same = False
    if same:
        return  # e.g. a space added at the end: the same digest, rightly passed
    assert result.exit_code in {1, 2}, (text, result.output)
    clean_failure(result.output)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_a_damaged_export_never_passes(
    ledger: tuple[Cli, str, Path], data: st.DataObject, tmp_path_factory: pytest.TempPathFactory
) -> None:
    run, _, out = ledger
    copy = tmp_path_factory.mktemp("damaged") / out.name
    copy.write_bytes(data.draw(damaged(out.read_bytes()), label="export"))
    Path(f"{copy}.manifest.json").write_bytes(Path(f"{out}.manifest.json").read_bytes())
    TRIES["export"] += 1

    for args in ((), ("--file-only",)):
        result = run("audit", "verify-export", str(copy), *args)
        assert result.exit_code == 1, result.output
        clean_failure(result.output)


CHECKED = ("rows", "first_position", "last_position", "size", "sha256", "columns", "ledger_digest")


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_a_damaged_manifest_fails_cleanly_unless_it_still_says_the_same(
    ledger: tuple[Cli, str, Path], data: st.DataObject, tmp_path_factory: pytest.TempPathFactory
) -> None:
    run, _, out = ledger
    original = Path(f"{out}.manifest.json").read_bytes()
    copy = tmp_path_factory.mktemp("damaged") / out.name
    copy.write_bytes(out.read_bytes())
    broken = data.draw(damaged(original), label="manifest")
    Path(f"{copy}.manifest.json").write_bytes(broken)
    TRIES["manifest"] += 1

    result = run("audit", "verify-export", str(copy))

    try:
        parsed = json.loads(broken)
        same = all(parsed.get(k) == json.loads(original)[k] for k in CHECKED)
    except (ValueError, AttributeError):
        same = False
    if result.exit_code == 0:
        # Passing is right only where every field the check relies on is intact
        # (a changed exported_at, say, proves nothing either way).
        assert same, broken
        return
    assert result.exit_code == 1, result.output
    clean_failure(result.output)
