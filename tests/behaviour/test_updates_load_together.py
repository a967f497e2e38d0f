"""An import that updates items already in the ledger loads them together, not one by one.

The import validates a few hundred lines ahead and loads the items they name
in a query per few hundred (``Batch.load_together``); the catch-up after it
loads the aggregates a page finds missing the same way
(``Replayer._load_together``). An item that took a late decision keeps its
decisions, so its next late one folds again without loading it again (the
batch keeps the latest, up to ``KEPT_DECISIONS`` decisions; the replay to
the end of each part of a page it folds).
What they record and the read models they leave are those of a rebuild.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from bench import generate
from portfolio_ledger.application import importer, repository
from portfolio_ledger.application.batch import Batch
from portfolio_ledger.application.importer import run_import
from portfolio_ledger.application.ledger import PortfolioLedger
from portfolio_ledger.application.repository import LedgerRepository
from portfolio_ledger.bootstrap import open_ledger
from portfolio_ledger.cli.imports import read_lines
from tests.conftest import snapshot


class Loads:
    """Aggregates loaded one at a time, and asked about one at a time, by any ledger."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.one_by_one: Counter[str] = Counter()
        self.asked = 0
        get, contains = LedgerRepository.get, LedgerRepository.__contains__

        def counted_get(store: Any, aggregate_id: Any, **options: Any) -> Any:
            self.one_by_one[str(aggregate_id)] += 1
            return get(store, aggregate_id, **options)

        def counted_contains(store: Any, aggregate_id: Any) -> bool:
            self.asked += 1
            return contains(store, aggregate_id)

        monkeypatch.setattr(LedgerRepository, "get", counted_get)
        monkeypatch.setattr(LedgerRepository, "__contains__", counted_contains)


@pytest.fixture
def history(tmp_path: Path) -> tuple[Path, Path]:
    """A generated history, and its status reports sent again late (some items several times)."""
    decisions, late = tmp_path / "decisions.jsonl", tmp_path / "late.jsonl"
    generate.write(decisions, 1500)
    late.write_text("".join(f"{line}\n" for line in generate.recorded_late(decisions, 200)))
    return decisions, late


def _imported(url: str, file: Path) -> int:
    """Import the file as ``portfolio-ledger import`` does, in a ledger opened afresh."""
    ledger, _models = open_ledger(url)
    try:
        result = run_import(ledger, read_lines(file, {}))
        assert not result.refusals, result.refusals[:3]
        return result.recorded
    finally:
        ledger.close()


def _rebuilt_equals_caught_up(url: str) -> None:
    ledger, models = open_ledger(url)
    try:
        assert {s.lag for s in models.status()} == {0}
        caught_up = snapshot(models)
        models.rebuild()
        assert snapshot(models) == caught_up
    finally:
        ledger.close()


def test_late_reports_load_their_items_together_and_end_as_a_rebuild(
    db_url: str, history: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    decisions, late = history
    _imported(db_url, decisions)
    keys = Counter(json.loads(line)["key"] for line in late.read_text().splitlines())
    assert max(keys.values()) > 1  # some items take two late reports or more
    loads = Loads(monkeypatch)

    assert _imported(db_url, late) == sum(keys.values())

    # Without loading together: each item once for the import, once for the catch-up, and
    # again for each of its later late reports (kept without its decisions), on both sides.
    assert sum(loads.one_by_one.values()) == 0, loads.one_by_one.most_common(3)
    _rebuilt_equals_caught_up(db_url)


def test_items_kept_whole_are_let_go_past_the_limit_and_loaded_again(
    db_url: str, history: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    decisions, late = history
    _imported(db_url, decisions)
    monkeypatch.setattr(repository, "KEPT_DECISIONS", 20)  # two or three items' decisions
    loads = Loads(monkeypatch)

    _imported(db_url, late)

    # Let go of past the limit: a later late report on such an item loads it whole again.
    assert loads.one_by_one
    _rebuilt_equals_caught_up(db_url)


def test_new_items_in_a_ledger_that_has_some_are_not_asked_for_one_by_one(
    db_url: str, history: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    decisions, _late = history
    lines = decisions.read_text().splitlines()
    first, rest = tmp_path / "first.jsonl", tmp_path / "rest.jsonl"
    first.write_text("".join(f"{line}\n" for line in lines[:200]))
    rest.write_text("".join(f"{line}\n" for line in lines[200:]))
    _imported(db_url, first)
    loads = Loads(monkeypatch)

    assert _imported(db_url, rest) == len(lines) - 200

    proposed = sum(json.loads(line)["command"] == "item propose" for line in lines[200:])
    assert proposed > 10
    assert loads.asked == 0  # each new item was found absent with the lines around it
    assert sum(loads.one_by_one.values()) == 0
    ledger = PortfolioLedger(db_url)
    try:
        assert ledger.event_count() == len(lines)
    finally:
        ledger.close()
    _rebuilt_equals_caught_up(db_url)


def test_items_loaded_for_refused_lines_do_not_stay_whole(
    db_url: str, history: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Each item a line names is loaded whole before its line; one never saved (its line
    # refused: a duplicate proposal, say) keeps its decisions no longer than the next lines.
    decisions, _late = history
    _imported(db_url, decisions)
    proposals = [line for line in decisions.read_text().splitlines() if '"item propose"' in line]
    again = tmp_path / "again.jsonl"
    again.write_text("".join(f"{line}\n" for line in proposals))
    ahead = 40
    monkeypatch.setattr(importer, "CHECKED_AHEAD", ahead)
    assert len(proposals) > 2 * ahead
    whole: list[int] = []
    load = Batch.load_together

    def counted(batch: Batch, ids: Any) -> None:
        load(batch, ids)
        whole.append(sum(a._decisions is not None for a in batch._aggregates.values()))

    monkeypatch.setattr(Batch, "load_together", counted)
    ledger, _models = open_ledger(db_url)
    try:
        result = run_import(ledger, read_lines(again, {}))
    finally:
        ledger.close()

    assert result.refused_lines == len(proposals)  # every item is there already
    assert len(whole) > 2
    assert max(whole) <= ahead  # without letting go: every item of the file
