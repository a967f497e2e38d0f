"""docs/events.md, claim by claim, on a ledger made through the command line as a user makes one.

Each event the doc's tables name is recorded by the command its *CLI* column names
(``docs_events_ledger``), on an SQLite file and on PostgreSQL, and read back from
the events table as the doc's *Reading a stored event* says to read it: what every
event carries, each class's fields with their values, types and units, the
mandate of a governed decision, the subject's id and version, the recorded time,
and the exception a status report beyond a tolerance is saved with.
``test_docs_events_put_right.py`` reads the same ledger through the audit trail,
its exports and ``item history``, and puts it right.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from uuid import UUID, uuid5

import pytest

from portfolio_ledger.domain.clock import utc_today
from tests.behaviour.docs_events_ledger import Ledger, make_ledger, stored_events
from tests.conftest import Cli

DOC = Path(__file__).resolve().parents[2] / "docs" / "events.md"


@pytest.fixture(scope="module")
def made(module_db_url: str, tmp_path_factory: pytest.TempPathFactory) -> Ledger:
    """The ledger of every event, made once for the module on each database."""
    return make_ledger(module_db_url, tmp_path_factory.mktemp("pack"))


def money(amount: str, currency: str = "GBP") -> dict[str, Any]:
    """Money as the doc says it is stored."""
    return {"_type_": "money", "_data_": {"amount": amount, "currency": currency}}


def tag(name: str, value: Any) -> dict[str, Any]:
    """A value tagged with its transcoding's name."""
    return {"_type_": name, "_data_": value}


def day(text: str) -> dict[str, Any]:
    """A date as stored."""
    return tag("date_iso", text)


RESOLUTION = ("Investment Committee (IC)", "Helen Carter")
FIELDS: dict[int, tuple[str, dict[str, Any]]] = {
    1: ("PersonRegistered", {"key": "hcarter", "name": "Helen Carter",
                             "roles": ["Chief Operating Officer"]}),
    4: ("BoardConstituted", {"key": "EXB", "name": "Executive Board", "terms_of_reference":
                             "Runs it", "limit": None, "escalates_to": None, "quorum": 2}),
    5: ("BoardConstituted", {"key": "IC", "name": "Investment Committee", "terms_of_reference":
                             "Capital", "limit": money("5000000"), "escalates_to": "EXB",
                             "quorum": 2}),
    6: ("MemberAppointed", {"person": "hcarter", "role": tag("memberrole", "chair")}),
    7: ("MemberAppointed", {"person": "mlee", "role": tag("memberrole", "member")}),
    9: ("AuthorityDelegated", {"key": "DEL-001", "board": "IC", "delegate": "mlee",
                               "limit": money("1000000"), "categories": ["Infrastructure"],
                               "valid_from": day("2026-02-02"), "valid_to": None}),
    10: ("OrganisationsListed", {"key": "DFE", "name": "Department for Education"}),
    11: ("OrganisationAdded", {"key": "DWP", "name": "Department for Work"}),
    12: ("EnvelopeSet", {"envelope": money("50000000")}),
    13: ("EnvelopeChanged", {"envelope": money("60000000"),
                             "previous_envelope": money("50000000")}),
    14: ("ItemProposed", {"key": "PRJ-1", "kind": tag("kind", "project"), "title": "Payroll",
                          "owner": "Dana", "sponsor": "CFO", "category": "Infrastructure",
                          "currency": "GBP", "objectives": ["Net zero"], "description": "Desc",
                          "organisation": "DFE"}),
    15: ("BusinessCaseAppraised", {"estimated_cost": money("1200000"),
                                   "expected_benefits": money("2100000"),
                                   "risk_rating": tag("riskrating", "very high"),
                                   "alignment_score": 72, "criteria": "Five case"}),
    16: ("ItemApproved", {"authorised_budget": money("900000"),
                          "conditions": ["Quarterly report"]}),
    17: ("ItemReprioritised", {"rank": 2, "previous_rank": None}),
    19: ("ToleranceSet", {"cost": tag("cost_tolerance", {"percent": "10", "amount": None}),
                          "time": tag("time_tolerance", {"planned_finish": day("2027-03-31"),
                                                         "percent": None, "days": 30})}),
    20: ("DeliveryStarted", {}),
    21: ("StageGateReviewed", {"gate": "Gate 3", "outcome": tag("gateoutcome", "hold")}),
    22: ("StatusReported", {"overall": tag("rag", "amber"), "cost": tag("rag", "red"),
                            "schedule": tag("rag", "green"), "scope": tag("rag", "not assessed"),
                            "benefits": None, "forecast_cost": money("1500000"),
                            "forecast_date": day("2027-03-31"),
                            "whole_life_cost": tag("unstated", "withheld")}),
    23: ("ToleranceBreached", {"dimension": tag("tolerancedimension", "cost"),
                               "forecast_cost": money("1500000"), "ceiling": money("1320000.00"),
                               "forecast_date": None, "latest_date": None,
                               "tolerance": "10% over budget",
                               "escalated_to": "Investment Committee (IC)", "escalation": 1}),
    25: ("CorrectiveActionRecommended", {"action_number": 1, "action": "Re-plan",
                                         "action_owner": "Dana", "due": day("2026-04-30")}),
    26: ("CorrectiveActionCompleted", {"action_number": 1}),
    28: ("DependencyDeclared", {"depends_on": "PRJ-2", "dependency": "API"}),
    29: ("DependencyRemoved", {"depends_on": "PRJ-2"}),
    30: ("BenefitMeasured", {"benefit": "Savings", "measured": money("10000")}),
    31: ("IssueEscalated", {"escalation": 2, "issue": "Supplier",
                            "severity": tag("severity", "critical"),
                            "escalated_to": "Investment Committee"}),
    33: ("EscalationResolved", {"escalation": 2}),
    34: ("ItemPaused", {}),
    35: ("ItemResumed", {"stage": tag("stage", "in delivery")}),
    36: ("ItemWentLive", {}),
    37: ("DetailsAmended", {"changes": {"title": "Payroll 2", "objectives": []},
                            "previous": {"title": "Payroll", "objectives": ["Net zero"]}}),
    38: ("ItemTransferred", {"organisation": "DWP", "previous_organisation": "DFE"}),
    39: ("ItemRetired", {}),
    40: ("ItemDeferred", {"until": day("2026-09-01")}),
    41: ("ItemRejected", {}),
    44: ("ItemDeferred", {"until": None}),
    46: ("ToleranceSet", {"cost": tag("cost_tolerance", {"percent": None,
                                                         "amount": money("10")}),
                          "time": None}),
    50: ("ItemOnboarded", {"key": "ON-1", "kind": tag("kind", "project"), "title": "Under way",
                           "organisation": "DFE", "owner": None, "sponsor": None,
                           "category": "Infra", "currency": "GBP", "objectives": [],
                           "description": None, "stage": tag("stage", "in delivery"),
                           "whole_life_cost": tag("unstated", "withheld"),
                           "authorised_budget": money("500"),
                           "forecast_cost": tag("unstated", "not known"),
                           "forecast_date": day("2027-01-01"), "rag": tag("rag", "amber"),
                           "source": "GMPP", "paused_from": None}),
    51: ("ItemLeft", {"reason": tag("leavereason", "merged into another item"),
                      "merged_into": "PRJ-3", "from_stage": tag("stage", "in delivery")}),
    52: ("ItemCancelled", {}),
    53: ("DelegationRevoked", {}),
    54: ("MemberStoodDown", {"person": "cdubois"}),
    55: ("QuorumSet", {"quorum": 3, "previous_quorum": 2}),
    56: ("AuthorityLimitSet", {"limit": money("6000000"), "previous_limit": money("5000000")}),
}  # fmt: skip


def test_each_event_holds_the_fields_its_row_lists_with_their_values(made: Ledger) -> None:
    for position, (name, fields) in FIELDS.items():
        event = made.event(position)
        assert (event.name, event.fields) == (name, fields), position


def test_a_shorthand_amount_is_stored_as_the_exact_amount_it_means(made: Ledger) -> None:
    # 'item fund --budget 1.2m': money is exact, never a float, in the item's currency.
    budget = made.event(18).fields["authorised_budget"]["_data_"]
    assert made.event(18).name == "FundingChanged"
    assert budget["currency"] == "GBP"
    assert float(budget["amount"]) == 1_200_000
    assert re.fullmatch(r"\d+(\.\d+)?", budget["amount"])
    assert made.event(18).fields["previous_budget"] == money("900000")


def test_every_event_carries_a_decision_as_the_doc_says(made: Ledger) -> None:
    today = utc_today().isoformat()
    for event in made.events:
        decision = event.decision
        assert set(decision) <= {"actor", "role", "authority", "rationale", "effective_date",
                                 "references", "mandate"}, event.position  # fmt: skip
        assert decision["actor"].strip(), event.position
        assert decision["role"].strip(), event.position
        assert re.search(r"\w", decision["rationale"]), event.position
        assert decision["effective_date"]["_type_"] == "date_iso"
        assert decision["effective_date"]["_data_"] <= today
        assert isinstance(decision["references"], list)
        assert {"authority", "references"} <= set(decision), event.position  # null, [] if none
    assert made.event(14).decision["references"] == ["P-1"]
    assert made.event(14).decision["authority"] is None, "proposed under no authority"
    assert made.event(1).decision["references"] == [], "registered with no reference"
    words = " ".join(DOC.read_text(encoding="utf-8").split())
    assert "(marked *auth* below); `null` where none was named |" in words
    assert "| `decision.references` | minutes, papers, tickets: a list, `[]` where none" in words
    assert made.event(22).decision["references"] == ["SR-3"]


def test_positions_versions_and_recorded_times_run_as_the_doc_says(made: Ledger) -> None:
    assert [e.position for e in made.events] == list(range(1, len(made.events) + 1))
    versions: dict[UUID, list[int]] = {}
    for event in made.events:
        versions.setdefault(event.originator_id, []).append(event.version)
        assert ("originator_topic" in event.state) == (event.version == 1), event.position
        assert event.state["timestamp"]["_type_"] == "datetime_iso"
    assert all(v == list(range(1, len(v) + 1)) for v in versions.values())
    times = [e.state["timestamp"]["_data_"] for e in made.events]
    assert times == sorted(times), "never earlier than the ledger's previous event"
    assert all(t.endswith("+00:00") for t in times), "UTC"
    makers = {e.state["originator_topic"] for e in made.events if e.version == 1}
    assert makers == {f"portfolio_ledger.domain.{m}" for m in (
        "item:PortfolioItem", "boards:Board", "people:Person", "delegations:Delegation",
        "organisations:Organisations", "portfolio:Portfolio")}  # fmt: skip


def test_a_subject_s_id_is_the_uuid5_of_its_key_in_every_ledger(
    made: Ledger, tmp_path: Path
) -> None:
    other = Cli(f"sqlite:///{tmp_path / 'other.db'}")
    for argv in (
        ["item", "propose", "prj-1", "--kind", "service", "--title", "Elsewhere", "--owner", "A",
         "--sponsor", "B", "--category", "C", "-m", "Another ledger"],
        ["person", "add", "hcarter", "--name", "Helen Carter", "--holds", "COO", "-m", "Here"],
    ):  # fmt: skip
        assert other(*argv).exit_code == 0
    theirs = {e.fields["key"]: e.originator_id for e in stored_events(other.url)}
    ours = {made.event(14).fields["key"]: made.event(14).originator_id,
            made.event(1).fields["key"]: made.event(1).originator_id}  # fmt: skip
    assert theirs == ours
    assert {uuid.version for uuid in ours.values()} == {5}
    # The doc said only "uuid5": no reader could compute an id from a key.
    said = re.search(r"`uuid5\(([0-9a-f-]{36}), NAME\)`", DOC.read_text(encoding="utf-8"))
    assert said, "the doc gives the namespace"
    namespace = UUID(said.group(1))
    kinds = {"item": "item:", "person": "person:", "board": "board:", "delegation": "delegation:"}
    for row in made.trail:
        kind, subject = row["subject_kind"], row["subject"]
        name = f"{kinds[kind]}{subject}" if kind in kinds else subject.lower()
        assert made.event(row["position"]).originator_id == uuid5(namespace, name), row


def test_a_governed_decision_holds_its_mandate_and_no_other_does(made: Ledger) -> None:
    approval, funding = made.event(16).decision, made.event(18).decision
    assert approval["mandate"] == tag("delegated_authority",
                                      {"delegation": "DEL-001", "actor": "mlee"})  # fmt: skip
    assert approval["authority"] == "delegation DEL-001 from Investment Committee (IC)"
    assert approval["actor"] == "Marcus Lee", "the person's registered name"
    assert funding["mandate"] == tag("board_resolution", {
        "board": "IC", "actor": "hcarter", "present": ["hcarter", "mlee", "cdubois"],
        "votes": {"hcarter": "for", "mlee": "for", "cdubois": "against"}})  # fmt: skip
    assert (funding["authority"], funding["actor"]) == RESOLUTION
    grant = made.event(9).decision  # the delegate present, without a vote
    assert grant["mandate"]["_data_"]["votes"] == {"hcarter": "for", "cdubois": "for"}
    said_in_words = {17, 20, 21, 34, 35, 36, 39, 40, 41, 50, 51}
    for position in said_in_words:
        decision = made.event(position).decision
        assert "mandate" not in decision, position
        assert decision["authority"], position
    governed = {e.position for e in made.events if "mandate" in e.decision}
    assert governed == {9, 16, 18, 19, 45, 46, 53}


def test_an_authority_said_in_words_is_unchecked_in_audit_authority(made: Ledger) -> None:
    said = made.run("audit", "authority", "PRJ-1", "--json")
    rows = {row["position"]: row for row in json.loads(said.output)}
    assert rows[17]["verdict"] == "unchecked", rows[17]
    assert rows[18]["verdict"] == "valid", rows[18]


def test_a_breach_is_saved_with_its_report_and_escalation(made: Ledger) -> None:
    report, breach, escalation = (made.event(p) for p in (22, 23, 24))
    assert [e.name for e in (report, breach, escalation)] == [
        "StatusReported", "ToleranceBreached", "IssueEscalated"]  # fmt: skip
    for raised in (breach, escalation):
        assert raised.decision["actor"] == report.decision["actor"]
        assert raised.decision["effective_date"] == report.decision["effective_date"]
        assert raised.decision["references"] == report.decision["references"] == ["SR-3"]
        assert raised.decision["rationale"].startswith("Automatic exception:")
    tolerance = made.event(19).decision["authority"]
    assert breach.fields["escalated_to"] == escalation.fields["escalated_to"] == tolerance
    assert breach.fields["escalation"] == escalation.fields["escalation"] == 1


def test_a_tabled_pack_holds_the_digest_of_the_ledger_it_was_made_from(made: Ledger) -> None:
    pack = made.events[-1]
    assert pack.name == "PackTabled"
    today = utc_today().isoformat()
    assert pack.fields["as_at"] == day(today)
    assert pack.fields["since"]["_type_"] == "date_iso"
    assert (pack.fields["clock"], pack.fields["organisations"]) == ("effective", [])
    assert re.fullmatch(r"[0-9a-f]{64}", pack.fields["sha256"])
    assert f" position={pack.position - 1} " in pack.fields["digest"]
    checked = made.run("audit", "verify", "--digest", pack.fields["digest"])
    assert checked.exit_code == 0, checked.output


def test_the_doc_names_every_tag_the_ledger_wrote(made: Ledger) -> None:
    reading = DOC.read_text(encoding="utf-8").split("## Reading a stored event")[1]
    named = set(re.findall(r"`(\w+)`", reading))

    def tags(value: Any) -> set[str]:
        if isinstance(value, dict):
            own = {value["_type_"]} if "_type_" in value else set()
            return own.union(*(tags(v) for v in value.values()))
        if isinstance(value, list):
            return set().union(*(tags(v) for v in value))
        return set()

    written = set().union(*(tags(e.state) for e in made.events))
    assert written <= named, written - named


def test_the_trail_s_columns_are_the_doc_s_in_its_order(made: Ledger, tmp_path: Path) -> None:
    # events.md named the columns out of their order, and said the table and --format csv
    # had them too; those show ten columns named for reading (docs/tables.md).
    said = " ".join(DOC.read_text(encoding="utf-8").split())
    listed = said.split("in this order: ")[1].split(" (and the export's")[0]
    columns = re.findall(r"`(\w+)`", listed)
    exported = made.run("audit", "export", "--format", "csv", "--out", str(tmp_path / "t.csv"))
    assert exported.exit_code == 0, exported.output
    header = (tmp_path / "t.csv").read_text(encoding="utf-8-sig").splitlines()[0].split(",")
    assert header == [*columns, "row_sha256"]
    assert list(made.trail[0]) == columns
    shown = made.run("audit", "trail", "--format", "csv").output.splitlines()[0]
    readable = "`Pos`, `Recorded (UTC)`, `Effective`, `Subject`, `Decision`, `What changed`"
    named = [*re.findall(r"`([^`]+)`", readable), "Actor", "Role", "Authority", "Rationale"]
    assert shown.removeprefix("\ufeff").split(",") == named
    assert f"({readable} the summary, `Actor`, `Role`, `Authority`, `Rationale`" in said


def test_an_onboarding_paused_is_summarised_as_the_doc_says(run: Cli) -> None:
    # The row said only 'onboarded in delivery: ...'; one that joins paused also says what
    # it was paused from, and resumes to, which the doc did not.
    row = next(line for line in DOC.read_text(encoding="utf-8").splitlines()
               if line.startswith("| `ItemOnboarded` | `project onboarded"))  # fmt: skip
    words = re.search(r"an item that joins paused `([^`]+)`", row)
    assert words is not None, row
    said = run("item", "onboard", "ON-1", "--title", "Held", "--category", "ICT", "--stage",
               "paused", "--paused-from", "approved", "--authority", "PMO", "-m", "Baseline",
               actor="Sam", role="PMO")  # fmt: skip
    assert said.exit_code == 0, said.output
    assert f"project {words.group(1)}: Held (category ICT)" in said.output
