"""The board pack's decisions, exceptions and digest are the ledger's, on either clock.

A correction and what it corrects are flagged; a board's decision says who was
present and how each voted; the digest is one ``audit verify`` accepts.
"""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from portfolio_ledger.domain.clock import utc_today
from tests.behaviour.board_pack.tools import Pack
from tests.conftest import Cli


def test_the_digest_on_the_recorded_clock_is_the_chain_at_that_day(pack: Pack) -> None:
    before = pack.json(
        "report", "board-pack", "--as-at", (pack.today - timedelta(days=1)).isoformat(),
        "--clock", "recorded", "--reproducible",
    )  # fmt: skip
    assert before["digest"] == "portfolio-ledger/v1 position=0 recorded=- sha256=" + "0" * 64
    assert before["summary"]["items"] == 0  # the demo was recorded today


def test_a_breach_shows_up_in_a_pack_as_at_a_day_it_was_open(pack: Pack) -> None:
    trail = pack.json("audit", "trail", "--type", "escalated")
    breach = next(r for r in trail if "Tolerance breached" in r["summary"])
    content = pack.json(
        "report", "board-pack", "--as-at", breach["effective_date"], "--reproducible"
    )
    rules = {(e["rule"], e["key"]) for e in content["exceptions"]}
    assert ("R1 tolerance-breach", breach["subject"]) in rules


def test_a_correction_and_the_decision_it_corrects_are_flagged(pack: Pack) -> None:
    # Every demo decision was recorded today: on the recorded clock they are all in the period.
    yesterday = (pack.today - timedelta(days=1)).isoformat()
    content = pack.json(
        "report", "board-pack", "--as-at", pack.today.isoformat(), "--since", yesterday,
        "--clock", "recorded", "--reproducible",
    )  # fmt: skip
    flagged = {d["position"]: d["flag"] for d in content["decisions"] if d["flag"]}
    (correction,) = [p for p, flag in flagged.items() if flag.startswith("corrects #")]
    corrected = int(flagged[correction].removeprefix("corrects #"))
    assert flagged[corrected] == f"corrected by #{correction}"


def test_items_read_together_are_as_read_one_by_one(pack: Pack) -> None:
    from portfolio_ledger.application.control_views import ItemControlView
    from portfolio_ledger.application.ledger import PortfolioLedger
    from portfolio_ledger.demo import demo_keys
    from portfolio_ledger.domain.decision import DecisionEvent
    from portfolio_ledger.domain.governance import as_at
    from portfolio_ledger.domain.keys import item_id

    ledger = PortfolioLedger(pack.run.url)
    try:
        day = pack.today - timedelta(days=120)
        expected = []
        for key in demo_keys():
            events = [e for e in ledger.events.get(item_id(key)) if isinstance(e, DecisionEvent)]
            item = as_at(events, day)
            if item is not None:
                expected.append(ItemControlView.of(item))
        assert len(expected) > 20
        assert ledger.queries.controls(demo_keys(), day) == expected
    finally:
        ledger.close()


def test_a_digest_at_a_recorded_moment_is_one_audit_verify_accepts(pack: Pack) -> None:
    from portfolio_ledger.application.ledger import PortfolioLedger
    from portfolio_ledger.audit.digest import digest_at

    ledger = PortfolioLedger(pack.run.url)
    try:
        moment = ledger.recorded_at(100)
        assert moment is not None
        digest = digest_at(ledger, moment)
        head = ledger.event_count()
    finally:
        ledger.close()
    assert 100 <= digest.position < head
    assert digest.recorded_at == moment  # recorded times never go back along the chain
    verified = pack.run("audit", "verify", "--digest", digest.line())
    assert verified.exit_code == 0, verified.output


def test_an_exception_with_no_owner_on_record_says_so_in_its_row(run: Cli, tmp_path: Path) -> None:
    """The exceptions table writes who should act as the recommendation beside it does."""
    long_ago = (utc_today() - timedelta(days=120)).isoformat()
    onboarded = run(
        *("item", "onboard", "PRJ-1", "--title", "Payroll", "--category", "Corporate"),
        *("--authority", "Baseline", "--effective-date", long_ago, "-m", "Onboarded"),
    )
    assert onboarded.exit_code == 0, onboarded.output
    out = tmp_path / "pack.html"
    made = run("report", "board-pack", "--as-at", utc_today().isoformat(), "--out", str(out))
    assert made.exit_code == 0, made.output

    html = out.read_text(encoding="utf-8")
    (row,) = [r for r in html.split("<tr>") if r.startswith("<td>R4") and "PRJ-1" in r]
    assert "<td>(none on record)</td><td>(none on record)</td>" in row
    # The recommendation is a sentence: it read "recommend the owner, (none on record), ...".
    pack = run("report", "board-pack", "--as-at", utc_today().isoformat(), "--json")
    (advice,) = [
        r["text"] for r in json.loads(pack.stdout)["recommendations"] if r["key"] == "PRJ-1"
    ]
    assert advice.endswith(
        "recommend the owner report status before the meeting (no owner on record)."
    )
    assert advice in " ".join(html.split())


def test_a_boards_decision_says_who_was_present_and_how_each_voted(pack: Pack) -> None:
    """As the trail's table and item history do: a bare 'Investment Committee (IC)' would read
    the same for a unanimous vote and for one carried by one vote with the rest abstaining."""
    from portfolio_ledger.domain.authority import BoardResolution

    yesterday = (pack.today - timedelta(days=1)).isoformat()
    content = pack.json(
        "report", "board-pack", "--as-at", pack.today.isoformat(), "--since", yesterday,
        "--clock", "recorded", "--reproducible",
    )  # fmt: skip
    trail = {row["position"]: row for row in pack.json("audit", "trail")}

    meetings = 0
    for decision in content["decisions"]:
        row = trail[decision["position"]]
        detail = row["authority_detail"]
        if detail and detail["kind"] == "board":
            meetings += 1
            meeting = BoardResolution.from_dict(detail).describe()
            assert decision["authority"] == f"{row['authority']} ({meeting})"
        else:
            assert decision["authority"] == row["authority"]
    assert meetings > 0
