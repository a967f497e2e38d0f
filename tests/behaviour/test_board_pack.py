"""The demo's board pack, as HTML and PDF: every section, accessible charts, the same figures.

The module's tests share one demo ledger (per database) and its pack, and
only read them. The PDF is read back with poppler's ``pdftotext``; the HTML
is opened in headless Chromium. Both are Debian packages that ``.ci/run``
installs as root; elsewhere, without them, those tests skip saying so.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from portfolio_ledger.domain.clock import utc_today
from portfolio_ledger.domain.errors import LedgerError
from tests.conftest import Cli

SECTIONS = ("summary", "charts", "decisions", "exceptions", "recommendations", "digest")
HEADINGS = ("1. Summary", "2. Charts", "3. Decisions since", "4. Exceptions", "5. Recommendations")


def needs(tool: str) -> str:
    """The tool's path, or a skip that says how to install it."""
    found = shutil.which(tool)
    if found is None:
        package = {"pdftotext": "poppler-utils", "pdftoppm": "poppler-utils"}.get(tool, tool)
        if os.geteuid() == 0:
            pytest.fail(f"{tool} is missing; .ci/run installs it (apt-get install -y {package})")
        pytest.skip(f"{tool} is not installed: apt-get install -y {package} (as root)")
    return found


class Page(HTMLParser):
    """The tags, ids and table cells of an HTML page."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.starts: list[tuple[str, dict[str, str | None]]] = []
        self.tables: dict[str, list[list[str]]] = {}
        self._table: str | None = None
        self._cell: list[str] | None = None
        self._head = False
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.starts.append((tag, dict(attrs)))
        if tag == "table":
            self._table = dict(attrs).get("id") or f"table-{len(self.tables)}"
            self.tables[self._table] = []
        elif tag == "thead":
            self._head = True
        elif tag == "tr" and self._table is not None and not self._head:
            self.tables[self._table].append([])
        elif tag in {"td", "th"} and self._table is not None and not self._head:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in {"td", "th"} and self._cell is not None and self._table is not None:
            self.tables[self._table][-1].append("".join(self._cell).strip())
            self._cell = None
        elif tag == "thead":
            self._head = False
        elif tag == "table":
            self._table = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)

    def ids(self) -> set[str]:
        return {str(attrs["id"]) for _, attrs in self.starts if attrs.get("id")}

    def rows(self, table: str) -> dict[str, list[str]]:
        """A table's body rows by their first cell."""
        return {row[0]: row[1:] for row in self.tables[table] if row}


@dataclass
class Pack:
    run: Cli
    folder: Path
    html: str
    pdf: Path
    today: date
    """The day the demo was recorded on (a run may cross midnight after the module was read)."""

    def json(self, *args: str) -> Any:
        result = self.run(*args, "--json")
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)  # a warning goes to stderr


@pytest.fixture(scope="module")
def pack(module_db_url: str, tmp_path_factory: pytest.TempPathFactory) -> Pack:
    run = Cli(module_db_url)
    today = utc_today()
    assert run("demo").exit_code == 0
    folder = tmp_path_factory.mktemp("pack")
    for name in ("pack.html", "pack.pdf"):
        out = folder / name
        result = run("report", "board-pack", "--as-at", today.isoformat(), "--reproducible",
                      "--out", str(out))  # fmt: skip
        assert result.exit_code == 0, result.output
    html = (folder / "pack.html").read_text(encoding="utf-8")
    return Pack(run, folder, html, folder / "pack.pdf", today)


def money(amount: Any, currency: str = "GBP") -> str:
    value = Decimal(amount)
    return f"{currency} {value:,.0f}" if value == value.to_integral_value() else f"{value:,.2f}"


def test_every_section_is_there_with_its_heading(pack: Pack) -> None:
    page = Page(pack.html)
    assert set(SECTIONS) <= page.ids()
    for heading in HEADINGS:
        assert f"<h2>{heading}" in pack.html


def test_the_page_is_self_contained_no_scripts_no_network(pack: Pack) -> None:
    page = Page(pack.html)
    tags = {tag for tag, _ in page.starts}
    assert not tags & {"script", "link", "img", "iframe", "object", "embed"}
    assert not re.search(r"""(src|href)=["']?(https?:|//)""", pack.html)
    assert "@import" not in pack.html
    assert "url(http" not in pack.html


def test_each_chart_is_an_svg_with_a_title_and_alt_text(pack: Pack) -> None:
    page = Page(pack.html)
    charts = [attrs for tag, attrs in page.starts if tag == "svg"]
    assert len(charts) == 4
    for attrs in charts:
        assert attrs["role"] == "img"
        label = attrs["aria-labelledby"]
        assert label is not None
        title = re.search(rf'<title id="{label}">([^<]+)</title>', pack.html)
        assert title is not None
        assert ": " in title.group(1)  # its title, then its alt text
    assert pack.html.count("<figcaption>") == 4


def test_the_figures_are_those_of_economics_and_portfolio(pack: Pack) -> None:
    economics = pack.json("economics")
    portfolio = pack.json("portfolio")
    page = Page(pack.html)
    assert f"<p>{len(portfolio)} items." in pack.html
    for dimension, table in (("view", "by-view"), ("stage", "by-stage")):
        expected = {r["value"]: str(r["items"]) for r in economics["totals"]
                    if r["dimension"] == dimension}  # fmt: skip
        assert {k: v[0] for k, v in page.rows(table).items()} == expected
    open_items = [i for i in portfolio if i["view"] in {"pipeline", "catalogue"}]
    rags = Counter(i["rag"] or "not reported" for i in open_items)
    shown = {k: int(v[0]) for k, v in page.rows("by-rag").items() if v[0] != "0"}
    assert shown == rags
    for r in (r for r in economics["totals"] if r["dimension"] == "organisation"):
        row = page.rows("by-organisation")[r["value"]]
        assert row[:4] == [
            str(r["items"]),
            money(r["whole_life_cost"]) if r["whole_life_cost_known"] else "-",
            money(r["authorised_budget"]),
            money(r["forecast_cost"]),
        ]
    envelope = page.rows("envelope")
    assert envelope["Envelope"] == [money(economics["envelope"]["amount"])]
    assert envelope["Committed (open items)"] == [money(economics["committed"]["GBP"])]
    headroom = Decimal(economics["envelope"]["amount"]) - Decimal(economics["committed"]["GBP"])
    assert envelope["Headroom"] == [money(headroom)]


def test_the_rag_table_counts_open_items_so_a_closed_one_is_never_not_reported(
    pack: Pack,
) -> None:
    """A rejected or cancelled item that never reported has nothing missing (docs/reports.md)."""
    portfolio = pack.json("portfolio")
    unreported = Counter(i["view"] for i in portfolio if i["rag"] is None)
    assert unreported["closed"] > 0  # the demo has some: the case this is about
    page = Page(pack.html)

    assert page.rows("by-rag")["not reported"] == [
        str(unreported["pipeline"] + unreported["catalogue"])
    ]
    assert "<caption>Open items by RAG</caption>" in pack.html


def test_json_is_the_same_content_as_the_page(pack: Pack) -> None:
    content = pack.json("report", "board-pack", "--as-at", pack.today.isoformat(), "--reproducible")
    assert content["as_at"] == pack.today.isoformat()
    assert content["since"] == (pack.today - timedelta(days=90)).isoformat()
    assert content["generated_at"] is None
    assert len(content["recommendations"]) == len(content["exceptions"]) > 0
    for advice in content["recommendations"]:
        assert re.fullmatch(r"R[1-6] [a-z-]+", advice["rule"])
        assert f"{advice['rule']}</span> " in pack.html
    digest = pack.json("audit", "digest")["line"]
    assert content["digest"] == digest
    assert f"<code>{digest}</code>" in pack.html


MONEY_FIELDS = {"authorised_budget", "budget", "committed", "envelope", "forecast_cost", "headroom"}


def _money_texts(value: Any, key: str = "") -> list[str]:
    """Every amount in the pack's JSON: a money field's text, or its texts by currency."""
    if isinstance(value, dict):
        if key in MONEY_FIELDS and all(re.fullmatch("[A-Z]{3}", k) for k in value):
            return [v for v in value.values() if isinstance(v, str)]  # by currency
        return [t for k, v in value.items() for t in _money_texts(v, k)]
    if isinstance(value, list):
        return [t for v in value for t in _money_texts(v, key)]
    return [value] if key in MONEY_FIELDS and isinstance(value, str) else []


def test_every_amount_in_the_pack_s_json_is_written_to_the_cent(pack: Pack) -> None:
    # A day with nothing committed was written "0", every other amount "1200000.00": a pack
    # as at the first decision's day charts the year before it, when nothing was committed.
    first = min(row["effective_date"] for row in pack.json("audit", "trail"))
    for as_at in (first, pack.today.isoformat()):
        content = pack.json("report", "board-pack", "--as-at", as_at, "--reproducible")
        texts = _money_texts(content)
        assert texts
        assert [t for t in texts if not re.fullmatch(r"\d+\.\d\d", t)] == []


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


def test_the_same_ledger_and_options_give_the_same_bytes(pack: Pack) -> None:
    for name in ("again.html", "again.pdf"):
        out = pack.folder / name
        as_at = pack.today.isoformat()
        result = pack.run("report", "board-pack", "--as-at", as_at, "--reproducible",
                          "--out", str(out))  # fmt: skip
        assert result.exit_code == 0, result.output
    assert (pack.folder / "again.html").read_text(encoding="utf-8") == pack.html
    assert (pack.folder / "again.pdf").read_bytes() == pack.pdf.read_bytes()
    stamped = pack.run("report", "board-pack", "--as-at", pack.today.isoformat(), "--json")
    assert json.loads(stamped.output)["generated_at"] is not None


def test_the_pdf_has_every_heading_and_the_digest_line(pack: Pack) -> None:
    text = subprocess.run(
        [needs("pdftotext"), "-layout", str(pack.pdf), "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    for heading in (*HEADINGS, "Ledger digest"):
        assert heading in text
    digest = pack.json("audit", "digest")["line"]
    assert "".join(digest.split()) in "".join(text.split())  # the line may wrap on the page


def test_the_first_page_makes_a_picture(pack: Pack) -> None:
    """As docs/board-pack.png was made (docs/reports.md gives the command)."""
    subprocess.run(
        [needs("pdftoppm"), "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile",
         str(pack.pdf), str(pack.folder / "board-pack")],
        check=True,
    )  # fmt: skip
    picture = pack.folder / "board-pack.png"
    assert picture.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


PROBE = """<script>window.__errors = [];
addEventListener("error", e => __errors.push(String(e.message || e.target.outerHTML)), true);
const __error = console.error;
console.error = (...a) => { __errors.push(a.join(" ")); __error(...a); };
addEventListener("load", () => { const p = document.createElement("pre"); p.id = "probe";
  p.textContent = JSON.stringify({scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth, errors: __errors});
  document.body.appendChild(p); });</script>"""


def chromium(*args: str) -> subprocess.CompletedProcess[str]:
    command = [needs("chromium"), "--headless", "--disable-gpu", "--hide-scrollbars",
               "--window-size=1280,2000", *args]  # fmt: skip
    if os.geteuid() == 0:
        command.insert(1, "--no-sandbox")  # Chromium refuses to run sandboxed as root
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)


def probed(html: str, folder: Path) -> Any:
    """What the probe saw of the page in Chromium: its errors and widths."""
    # A copy of the page, and only the copy, carries a probe that reports errors and widths.
    copy = folder / "probed.html"
    copy.write_text(html.replace("<head>", "<head>" + PROBE, 1), encoding="utf-8")
    dom = chromium("--virtual-time-budget=5000", "--dump-dom", copy.as_uri()).stdout
    found = re.search(r'<pre id="probe">(.*?)</pre>', dom, re.DOTALL)
    assert found is not None, dom[-500:]
    return json.loads(found.group(1).replace("&quot;", '"'))


def test_chromium_shows_it_without_console_errors_or_horizontal_scroll(pack: Pack) -> None:
    shot = pack.folder / "screen.png"
    shown = chromium("--enable-logging=stderr", "--v=0", f"--screenshot={shot}",
                     pack.folder.joinpath("pack.html").as_uri())  # fmt: skip
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "CONSOLE" not in shown.stderr, shown.stderr
    probe = probed(pack.html, pack.folder)
    assert probe["errors"] == []
    assert probe["scroll"] <= probe["client"] == 1280


def test_one_long_word_from_the_ledger_does_not_widen_the_page(run: Cli, tmp_path: Path) -> None:
    word = "Investmentcommittee" * 5  # a board's name, an escalation's issue: one word, no spaces
    for args in (
        ("board", "create", "LB", "--name", word, "--terms", "t", "--unlimited", "--quorum", "1",
         "--authority", "Articles", "-m", "Constituted"),
        ("item", "onboard", "PRJ-1", "--title", "Payroll", "--category", "Corporate",
         "--authority", "Baseline", "-m", "Onboarded"),
        ("item", "escalate", "PRJ-1", "--issue", word * 2, "--severity", "high", "--to", word,
         "--authority", "Board", "-m", "Supplier"),
    ):  # fmt: skip
        assert run(*args).exit_code == 0
    out = tmp_path / "pack.html"
    result = run("report", "board-pack", "--as-at", utc_today().isoformat(), "--board", "LB",
                 "--out", str(out))  # fmt: skip
    assert result.exit_code == 0, result.output
    probe = probed(out.read_text(encoding="utf-8"), tmp_path)
    assert probe["scroll"] <= probe["client"] == 1280


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


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--out", "pack.txt"),
            (
                "pack.txt ends in .txt; a pack is written as HTML (.html), PDF (.pdf) or an "
                "Excel workbook (.xlsx)"
            ),
        ),
        (("--out", "no-such-folder/pack.html"), "the folder no-such-folder does not exist"),
        (("--as-at", "2026-02-30", "--out", "pack.html"), "'2026-02-30' is not a date"),
        (
            ("--since", "2999-01-01", "--out", "pack.html"),
            "--since 2999-01-01 is not before --as-at",
        ),
        (("--organisation", "NOPE", "--out", "pack.html"), "no item has organisation NOPE"),
        (("--organisation", "DDAT,NOPE", "--out", "pack.html"), "no item has organisation NOPE"),
        (
            ("--organisation", "DDAT", "--as-at", "2001-01-01", "--out", "pack.html"),
            "no item of DDAT as at 2001-01-01 on the effective clock; give a later --as-at",
        ),
        # On the recorded clock the day a board took effect is no answer; when it was recorded is.
        (
            ("--board", "IC", "--clock", "recorded", "--as-at", "2001-01-01", "--out", "x.html"),
            "board IC did not exist yet (as recorded at 2001-01-01T23:59:59Z)",
        ),
        (
            ("--board", "IC", "--clock", "recorded", "--as-at", "2001-01-01", "--out", "x.html"),
            " and was recorded 20",
        ),
        (("--rules", "missing.toml", "--out", "pack.html"), "cannot read the rules file"),
        ((), "say where to write the pack: --out FILE.html, FILE.pdf or FILE.xlsx"),
    ],
)
def test_a_bad_option_is_refused_and_nothing_is_written(
    pack: Pack, args: tuple[str, ...], message: str
) -> None:
    # --as-at once: given twice with different values it is refused for that alone.
    as_at = () if "--as-at" in args else ("--as-at", pack.today.isoformat())
    result = pack.run("report", "board-pack", *as_at, *args)
    assert result.exit_code in {1, 2}
    assert message in " ".join(result.output.split())
    assert "Traceback" not in result.output
    assert list(Path().iterdir()) == []  # the test's own empty folder: nothing written


def test_a_pack_into_no_folder_is_refused_as_every_out_is(pack: Pack) -> None:
    # Was exit 2 (bad usage) where tables and exports say exit 1 for the same --out.
    result = pack.run("report", "board-pack", "--as-at", pack.today.isoformat(),
                      "--out", "no-such-folder/pack.html")  # fmt: skip
    assert result.exit_code == 1, result.output
    assert "the folder no-such-folder does not exist" in result.output
    assert not Path("no-such-folder").exists()


def test_an_unwritable_place_is_refused(pack: Pack) -> None:
    # /proc takes no new files, whoever asks (root included, as in CI).
    result = pack.run("report", "board-pack", "--as-at", pack.today.isoformat(),
                      "--out", "/proc/pack.html")  # fmt: skip
    assert result.exit_code in {1, 2}
    said = " ".join(result.output.split())
    assert "cannot be written (permission denied)" in said or "cannot write /proc/pack.html" in said
    assert "nothing was written" in said or "choose a path you may write" in said
    assert not Path("/proc/pack.html").exists()


def test_an_empty_ledger_makes_an_empty_pack(run: Cli, tmp_path: Path) -> None:
    assert run("init").exit_code == 0  # a pack only reads: it makes no ledger where there is none
    out = tmp_path / "empty.html"
    result = run("report", "board-pack", "--as-at", utc_today().isoformat(), "--out", str(out))
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "<p>0 items." in html
    assert "No exceptions." in html
    assert "portfolio-ledger/v1 position=0 recorded=-" in html
    assert html.count("<svg") == 4


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


def test_the_envelope_over_time_is_economics_at_each_day(pack: Pack) -> None:
    content = pack.json("report", "board-pack", "--as-at", pack.today.isoformat(), "--reproducible")
    points = content["charts"]["envelope_over_time"]
    assert len(points) == 5
    for point in points:
        then = pack.json("economics", "--effective-on", point["on"])
        assert Decimal(point["committed"]) == Decimal(then["committed"].get("GBP", 0))
        envelope = then["envelope"]
        assert point["envelope"] == (None if envelope is None else envelope["amount"])


def test_a_commitment_in_another_currency_is_shown_beside_the_envelope(
    run: Cli, tmp_path: Path
) -> None:
    # As economics shows it: on its own line, not in the headroom, nothing converted.
    for args in (
        ("portfolio", "envelope", "GBP 10,000,000", "--authority", "Board", "-m", "Plan"),
        ("item", "onboard", "PRJ-1", "--title", "Payroll", "--category", "Corporate",
         "--budget", "GBP 3,000,000", "--authority", "Baseline", "-m", "Onboarded"),
        ("item", "onboard", "EUR-1", "--title", "Dublin office", "--category", "Corporate",
         "--currency", "EUR", "--budget", "EUR 5,000,000", "--authority", "Baseline",
         "-m", "Onboarded"),
    ):  # fmt: skip
        assert run(*args).exit_code == 0
    today = utc_today().isoformat()  # the day the decisions above take effect (UTC)
    out = tmp_path / "pack.html"
    result = run("report", "board-pack", "--as-at", today, "--json", "--out", str(out))
    assert result.exit_code == 0, result.output
    envelope = json.loads(result.stdout)["summary"]["envelope"]
    assert (envelope["committed"], envelope["headroom"]) == ("3000000.00", "7000000.00")
    assert envelope["committed_elsewhere"] == {"EUR": "5000000.00"}
    said = " ".join(re.sub(r"<[^>]+>", " ", out.read_text(encoding="utf-8")).split())
    assert "Committed in EUR EUR 5,000,000" in said
    assert "Commitments in EUR are not in the headroom: the envelope is in GBP" in said


def test_an_organisation_items_had_at_as_at_but_have_left_since_is_not_refused(
    run: Cli, tmp_path: Path
) -> None:
    # A pack as at a day before a transfer is of the organisation the item had then: the
    # same command made (or recorded) before the transfer must still make the same pack.
    for args in (
        ("item", "onboard", "PRJ-1", "--title", "Payroll", "--organisation", "OLD",
         "--category", "Corporate", "--authority", "Baseline", "-m", "Onboarded",
         "--effective-date", "2026-06-01"),
        ("item", "transfer", "PRJ-1", "--to", "NEW", "-m", "Machinery of government",
         "--effective-date", "2026-10-01"),
    ):  # fmt: skip
        assert run(*args).exit_code == 0
    before = ("report", "board-pack", "--as-at", "2026-09-30", "--json")
    made = run(*before, "--organisation", "old")
    assert made.exit_code == 0, made.output
    assert [r["label"] for r in json.loads(made.stdout)["summary"]["by_organisation"]] == ["OLD"]
    # One no item had, then or now, is still refused, naming both.
    refused = run(*before, "--organisation", "OLD,NOPE")
    assert refused.exit_code == 1
    assert "no item has organisation NOPE; organisations in the ledger: NEW, OLD" in refused.output


def test_every_currency_economics_shows_beside_the_envelope_the_pack_shows_too(
    run: Cli, tmp_path: Path
) -> None:
    # EUR items whose budgets are not known yet: economics shows 'Committed in EUR  EUR 0'.
    for args in (
        ("portfolio", "envelope", "GBP 10,000,000", "--authority", "Board", "-m", "Plan"),
        ("item", "onboard", "EUR-1", "--title", "Dublin office", "--category", "Corporate",
         "--currency", "EUR", "--authority", "Baseline", "-m", "Onboarded"),
    ):  # fmt: skip
        assert run(*args).exit_code == 0
    economics = run("economics", "--json")
    assert economics.exit_code == 0, economics.output
    shown = json.loads(economics.stdout)["committed"]
    result = run("report", "board-pack", "--as-at", utc_today().isoformat(), "--json")
    assert result.exit_code == 0, result.output
    envelope = json.loads(result.stdout)["summary"]["envelope"]
    elsewhere = {c: Decimal(a) for c, a in shown.items() if c != envelope["currency"]}
    assert elsewhere == {"EUR": 0}
    assert {c: Decimal(a) for c, a in envelope["committed_elsewhere"].items()} == elsewhere


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


def test_without_an_envelope_the_pack_still_shows_what_open_items_commit(
    run: Cli, tmp_path: Path
) -> None:
    # economics shows the commitments with no envelope set; the pack showed nothing but
    # "No portfolio envelope is set.", and never said a withheld budget was left out.
    for args in (
        ("item", "onboard", "GBP-1", "--title", "Payroll", "--category", "Corporate",
         "--budget", "GBP 2,500,000", "--authority", "Baseline", "-m", "Onboarded"),
        ("item", "onboard", "EUR-1", "--title", "Dublin office", "--category", "Corporate",
         "--currency", "EUR", "--budget", "EUR 400,000", "--authority", "Baseline",
         "-m", "Onboarded"),
        ("item", "onboard", "GBP-2", "--title", "Secret", "--category", "Corporate",
         "--budget", "withheld", "--authority", "Baseline", "-m", "Onboarded"),
    ):  # fmt: skip
        assert run(*args).exit_code == 0
    today = utc_today().isoformat()
    made = run("report", "board-pack", "--as-at", today, "--out", str(tmp_path / "p.html"))
    assert made.exit_code == 0, made.output
    html = (tmp_path / "p.html").read_text(encoding="utf-8")
    pack = json.loads(run("report", "board-pack", "--as-at", today, "--json").stdout)

    assert f"No portfolio envelope stood on {today} (in effect that day)." in html
    assert (
        'data-field="committed-GBP">GBP 2,500,000 (known budgets only; not counted: 1 withheld)<'
        in html
    )
    assert 'data-field="committed-EUR">EUR 400,000<' in html
    assert pack["summary"]["envelope"] is None
    assert {c: Decimal(a) for c, a in pack["summary"]["committed"].items()} == {
        "EUR": Decimal(400_000), "GBP": Decimal(2_500_000)}  # fmt: skip
    assert pack["summary"]["budgets_uncounted"] == {"GBP": {"withheld": 1}}
    enveloped = run("portfolio", "envelope", "GBP 10,000,000", "--authority", "Board", "-m", "Plan")
    assert enveloped.exit_code == 0, enveloped.output
    again = run("report", "board-pack", "--as-at", today, "--out", str(tmp_path / "q.html"))
    assert again.exit_code == 0, again.output
    assert 'data-field="headroom">at most GBP 7,500,000<' in (tmp_path / "q.html").read_text(
        encoding="utf-8"
    )


def test_an_overrun_with_a_budget_left_out_is_over_by_at_least(run: Cli, tmp_path: Path) -> None:
    # economics says 'over by at least'; the pack said 'over by', as if the overrun were exact.
    for args in (
        ("item", "onboard", "GBP-1", "--title", "Payroll", "--category", "Corporate",
         "--budget", "GBP 2,500,000", "--authority", "Baseline", "-m", "Onboarded"),
        ("item", "onboard", "GBP-2", "--title", "Secret", "--category", "Corporate",
         "--budget", "withheld", "--authority", "Baseline", "-m", "Onboarded"),
        ("portfolio", "envelope", "GBP 1,000,000", "--authority", "Board", "-m", "Plan"),
    ):  # fmt: skip
        assert run(*args).exit_code == 0
    out = tmp_path / "p.html"
    made = run("report", "board-pack", "--as-at", utc_today().isoformat(), "--out", str(out))
    assert made.exit_code == 0, made.output
    economics = run("economics").output

    assert "over by at least GBP 1,500,000" in economics
    assert 'data-field="headroom">over by at least GBP 1,500,000<' in out.read_text("utf-8")


def test_pack_options_name_the_options_a_period_breaks() -> None:
    # The command line checks --since first; PackOptions, made by a program, says the same.
    from portfolio_ledger.reports.assemble import PackOptions

    with pytest.raises(LedgerError, match="--since 2026-06-30 is not before --as-at 2026-06-30"):
        PackOptions(as_at=date(2026, 6, 30), since=date(2026, 6, 30))


def test_a_budget_left_out_in_another_currency_leaves_the_headroom_exact(
    run: Cli, tmp_path: Path
) -> None:
    # A withheld EUR budget made the GBP commitment 'known budgets only' and the GBP
    # headroom 'at most', and left 'EUR 0' with nothing said, in economics and the pack.
    for args in (
        ("item", "onboard", "GBP-1", "--title", "Payroll", "--category", "Corporate",
         "--budget", "GBP 2,500,000", "--authority", "Baseline", "-m", "Onboarded"),
        ("item", "onboard", "EUR-1", "--title", "Dublin office", "--category", "Corporate",
         "--currency", "EUR", "--budget", "withheld", "--authority", "Baseline",
         "-m", "Onboarded"),
        ("portfolio", "envelope", "GBP 10,000,000", "--authority", "Board", "-m", "Plan"),
    ):  # fmt: skip
        assert run(*args).exit_code == 0
    out = tmp_path / "p.html"
    made = run("report", "board-pack", "--as-at", utc_today().isoformat(), "--out", str(out))
    assert made.exit_code == 0, made.output
    html = out.read_text("utf-8")
    economics = run("economics").output
    pack = json.loads(
        run("report", "board-pack", "--as-at", utc_today().isoformat(), "--json").stdout
    )

    assert 'data-field="committed">GBP 2,500,000<' in html
    assert 'data-field="headroom">GBP 7,500,000<' in html
    assert 'data-field="committed-EUR">EUR 0 (known budgets only; not counted: 1 withheld)<' in html
    assert pack["summary"]["budgets_uncounted"] == {"EUR": {"withheld": 1}}
    assert re.search(r"Committed \(open items\) +GBP 2,500,000\n", economics), economics
    assert re.search(r"Headroom +GBP 7,500,000\n", economics), economics
    assert "EUR 0 (known budgets only; not counted: 1 withheld): not in the headroom" in economics


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
