"""A board pack flags a decision ``audit authority`` finds a pattern around, in the audit's words.

``audit authority`` flags a sponsor who stepped aside for a decision and an item
amended into a delegation's categories (docs/governance.md, *Findings*). The
pack, which flags a decision whose authority did not hold, said nothing of
them: a board reading its pack took both approvals for decisions properly
made. Now each is flagged on the decision's row, *flagged (KIND): REASON*, as
``audit authority`` says it, then the command: in the JSON, the HTML (as
Chromium shows it), the PDF (as ``pdftotext`` reads it) and the workbook.

The tests that only read the ledger share one, built once per database kind.
"""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass
from datetime import timedelta
from html import unescape
from pathlib import Path
from typing import Any

import pytest

from portfolio_ledger.domain.clock import utc_today
from tests.behaviour.board_pack.tools import chromium, needs
from tests.behaviour.test_board_pack_layout import PROBE
from tests.behaviour.test_governance import (
    approve,
    audit,
    day,
    delegate,
    gov,
    governance_ledger,
    propose,
    revoke,
)
from tests.conftest import Cli

__all__ = ["gov"]  # the fixture, used by name

MEETING = ["--board", "IC", "--present", "hcarter,mlee,cdubois", "--actor", "cdubois",
           "--vote", "hcarter=for,mlee=for,cdubois=for"]  # fmt: skip

ROWS = """<script>addEventListener("load", () => {
const p = document.createElement("pre"); p.id = "rows";
p.textContent = JSON.stringify([...document.querySelectorAll("#decisions tbody tr")]
  .map(row => row.innerText.replace(/\\s+/g, " ").trim()));
document.body.appendChild(p);
});</script>"""


def amend(run: Cli, key: str, what: str, value: str, *, actor: str, on: int) -> None:
    result = run("item", "amend", key, f"--{what}", value, "-m", "Amended",
                 "--effective-date", day(on), actor=actor)  # fmt: skip
    assert result.exit_code == 0, result.output


def two_flagged(run: Cli) -> dict[str, str]:
    """PRJ-042's sponsor stepped aside for its approval; PRJ-043 was amended into DEL-001.

    The flag each approval should carry, from what ``audit authority`` says of it.
    """
    delegate(run, "--category", "Infrastructure")
    propose(run, "PRJ-042", sponsor="Claire Dubois")
    propose(run, "PRJ-043")
    propose(run, "PRJ-044")
    amend(run, "PRJ-042", "sponsor", "Dana Okafor", actor="Claire Dubois", on=1)
    assert approve(run, "GBP 1,200,000", *MEETING, key="PRJ-042", on=2).exit_code == 0
    amend(run, "PRJ-042", "sponsor", "Claire Dubois", actor="Claire Dubois", on=3)
    amend(run, "PRJ-043", "category", "Infrastructure", actor="Marcus Lee", on=1)
    result = approve(run, "GBP 500,000", "--delegation", "DEL-001", "--actor", "mlee",
                     key="PRJ-043", on=2)  # fmt: skip
    assert result.exit_code == 0, result.output
    result = approve(run, "GBP 700,000", *MEETING[:3], "hcarter,mlee", "--actor", "hcarter",
                     "--vote", "hcarter=for,mlee=for", key="PRJ-044", on=2)  # fmt: skip
    assert result.exit_code == 0, result.output  # nothing found: its sponsor took no part
    flags = {}
    for key in ("PRJ-042", "PRJ-043"):
        (row,) = [c for c in audit(run, key) if c["event"] == "approved"]
        assert row["verdict"] == "valid"
        (found,) = row["findings"]
        flags[key] = f"flagged ({found['kind']}): {found['reason']} (audit authority {key})"
    return flags


@dataclass(frozen=True)
class Flagged:
    run: Cli
    flags: dict[str, str]


@pytest.fixture(scope="module")
def flagged(module_db_url: str, tmp_path_factory: pytest.TempPathFactory) -> Flagged:
    """``gov``'s ledger with :func:`two_flagged`'s decisions, for the tests that only read it."""
    with pytest.MonkeyPatch.context() as patch:  # as each test's own folders (conftest)
        patch.chdir(tmp_path_factory.mktemp("flagged"))
        patch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("config")))
        governance_ledger(module_db_url)
        run = Cli(module_db_url)
        return Flagged(run, two_flagged(run))


def pack(run: Cli, *args: str, as_at: str = day(5)) -> dict[str, Any]:
    result = run("report", "board-pack", "--as-at", as_at, "--since", day(-1), *args)
    assert result.exit_code == 0, result.output
    content: dict[str, Any] = json.loads(result.stdout) if "--json" in args else {}
    return content


def approvals(content: dict[str, Any]) -> dict[str, Any]:
    return {d["subject"]: d for d in content["decisions"] if d["event"] == "approved"}


def test_each_finding_is_flagged_on_its_decision_in_the_audit_s_words(flagged: Flagged) -> None:
    flags = flagged.flags

    listed = approvals(pack(flagged.run, "--json"))

    assert {key: d["flag"] for key, d in listed.items()} == {**flags, "PRJ-044": None}
    (finding,) = listed["PRJ-042"]["findings"]
    assert finding["kind"] == "sponsor at another time"
    assert finding["reason"].startswith("Claire Dubois (cdubois) recorded it and voted for it")
    assert listed["PRJ-044"]["findings"] == []


def test_a_finding_beside_an_authority_that_did_not_hold_is_said_after_it(gov: Cli) -> None:
    flags = two_flagged(gov)
    revoke(gov, on=0)  # minuted afterwards, with effect from before the approvals

    flag = approvals(pack(gov, "--json"))["PRJ-043"]["flag"]

    assert flag == "authority did not hold; " + flags["PRJ-043"]


def test_the_recorded_clock_adds_nothing(flagged: Flagged) -> None:
    listed = approvals(
        pack(flagged.run, "--json", "--clock", "recorded", as_at=utc_today().isoformat())
    )

    assert [d["flag"] for d in listed.values()] == [None, None, None]


def _flat(text: str) -> str:
    """Text as read back, its line breaks (a hyphen at one's end dropped or kept) undone."""
    return re.sub(r"[\s-]+", "", text)


def test_the_html_pdf_and_workbook_say_each_finding(flagged: Flagged, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    flags = flagged.flags
    for name in ("pack.html", "pack.pdf", "pack.xlsx"):
        pack(flagged.run, "--reproducible", "--out", str(tmp_path / name))

    html = (tmp_path / "pack.html").read_text(encoding="utf-8")
    shown = tmp_path / "shown.html"
    # One Chromium for both: the layout probe (test_board_pack_layout's) looks first, then
    # ROWS reads the decisions' rows, each adding its own <pre> after the page's content.
    shown.write_text(html.replace("</body>", PROBE + ROWS + "</body>", 1), encoding="utf-8")
    dom = chromium("--virtual-time-budget=10000", "--dump-dom", shown.as_uri()).stdout
    found = re.search(r'<pre id="rows">(.*?)</pre>', dom, re.DOTALL)
    assert found is not None, dom[-500:]
    rows = {key: row for row in json.loads(unescape(found.group(1))) for key in flags if key in row}
    for key, flag in flags.items():
        assert f"[{flag}]" in rows[key]
    probed = re.search(r'<pre id="probe">(.*?)</pre>', dom, re.DOTALL)
    assert probed is not None, dom[-500:]
    seen = json.loads(unescape(probed.group(1)))
    assert (seen["cells"], seen["words"]) == ([], [])  # the long reasons stay in their column

    text = subprocess.run([needs("pdftotext"), str(tmp_path / "pack.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout  # fmt: skip
    for flag in flags.values():
        assert _flat(flag) in _flat(text), text

    sheet = load_workbook(tmp_path / "pack.xlsx")["Decisions"]
    header = [c.value for c in sheet[1]]
    column = header.index("Flag")
    said = {row[3]: row[column] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert {key: said[key] for key in flags} == flags


def test_a_widening_dated_back_is_flagged_on_its_correction(gov: Cli) -> None:
    """cdubois, stood down from IC, raised DEL-001's limit, dated to a day she sat on it:
    'audit authority DEL-001' flags it (widening dated back), but the pack, listing the
    correction, judged only decisions naming a meeting or a delegation, and said nothing."""
    delegate(gov)
    grant = gov.events()
    today = utc_today()
    left = gov("board", "stand-down", "IC", "cdubois", "--authority", "Executive Board",
               "-m", "Term ended", "--effective-date", str(today - timedelta(days=5)))  # fmt: skip
    assert left.exit_code == 0, left.output
    done = gov("decision", "correct", str(grant), "--set", "limit=GBP 2,000,000",
               "--authority", "IC minutes", "-m", "Minuted wrongly",
               "--effective-date", str(today - timedelta(days=6)), actor="cdubois")  # fmt: skip
    assert done.exit_code == 0, done.output

    content = pack(gov, "--json", as_at=today.isoformat())

    (row,) = [d for d in content["decisions"] if d["event"] == "corrected"]
    assert [f["kind"] for f in row["findings"]] == ["widening dated back"]
    assert row["flag"].startswith("corrects #")
    assert "; flagged (widening dated back): 'cdubois' widened the authority IC" in row["flag"]
    assert row["flag"].endswith("(audit authority DEL-001)")


def test_a_widening_by_the_clerk_is_flagged_as_not_held(
    gov: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The clerk raised DEL-001's limit before the ledger refused it: 'audit authority
    DEL-001' calls the correction invalid, and the pack listed it unflagged."""
    from tests.behaviour.test_delegation_widened import correct
    from tests.behaviour.test_widening_audited import as_before_the_rule

    delegate(gov)
    grant = gov.events()
    done = as_before_the_rule(monkeypatch, lambda: correct(gov, grant, "limit=GBP 2,000,000"))
    assert done.exit_code == 0, done.output

    content = pack(gov, "--json", as_at=utc_today().isoformat())

    (row,) = [d for d in content["decisions"] if d["event"] == "corrected"]
    assert row["flag"] == f"corrects #{grant}; authority did not hold (audit authority DEL-001)"
