"""A pack put before a board is recorded, and the board's next pack covers the changes since it.

``report board-pack --board IC --record`` records the pack's day, period,
digest line and the document's SHA-256 on the board; ``--since`` then
defaults to the day of the last pack recorded before the new one's.
"""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from portfolio_ledger.domain.clock import utc_today
from tests.conftest import Cli

SINCE_DEFAULT = "2025-04-01"  # 90 days before 2025-06-30


def said(**fields: Any) -> dict[str, Any]:
    return {"actor": "praman", "role": "PMO", "rationale": "Set up.", **fields}


GOVERNANCE = [
    {"command": "person add", "key": "praman", "name": "Priya Raman",
     "effective_date": "2025-01-01", **said()},
    *[
        {"command": "board create", "key": key, "name": name, "terms": "Decides.",
         "limit": None, "quorum": 1, "authority": "Charter", "effective_date": "2025-01-01",
         **said()}
        for key, name in (("EXB", "Executive Board"), ("IC", "Investment Committee"))
    ],
]  # fmt: skip


@pytest.fixture
def ledger(run: Cli, tmp_path_factory: pytest.TempPathFactory) -> Cli:
    lines = tmp_path_factory.mktemp("lines") / "governance.jsonl"
    lines.write_text("\n".join(json.dumps(line) for line in GOVERNANCE) + "\n", encoding="utf-8")
    result = run("import", str(lines))
    assert result.exit_code == 0, result.output
    return run


def pack(run: Cli, as_at: str, *args: str) -> dict[str, Any]:
    result = run("report", "board-pack", "--as-at", as_at, "--json", *args)
    assert result.exit_code == 0, result.output
    return dict(json.loads(result.stdout))


def onboard(run: Cli, key: str, organisation: str) -> None:
    onboarded = run(
        "item", "onboard", key, "--title", "Estates", "--organisation", organisation,
        "--category", "Corporate",
        "--budget", "GBP 250", "--authority", "Baseline", "-m", "Onboarded",
        "--effective-date", "2025-01-01",
    )  # fmt: skip
    assert onboarded.exit_code == 0, onboarded.output


def table(run: Cli, as_at: str, out: Path, *args: str) -> str:
    """Record the pack as tabled before IC, written to ``out``.

    A test that reads the document back tables an HTML or PDF pack; one that reads only
    the record tables a workbook (.xlsx), which has no charts to draw.
    """
    result = run("report", "board-pack", "--as-at", as_at, "--board", "IC", "--record",
                 "--out", str(out), *args)  # fmt: skip
    assert result.exit_code == 0, result.output
    return result.output


def test_without_a_recorded_pack_the_period_is_ninety_days(ledger: Cli) -> None:
    content = pack(ledger, "2025-06-30", "--board", "IC")

    assert content["since"] == SINCE_DEFAULT
    assert content["since_basis"] == "90 days before: no earlier pack is recorded for IC"
    assert content["board"] == "Investment Committee (IC)"


def test_the_next_pack_covers_the_changes_since_the_last_one_put_before_the_board(
    ledger: Cli, tmp_path: Path
) -> None:
    out = tmp_path / "ic-march.html"
    said = table(ledger, "2025-03-31", out, "--effective-date", "2025-04-07", "--ref", "IC 7 Apr")

    assert "Recorded IC: board pack as at 2025-03-31" in said
    content = pack(ledger, "2025-06-30", "--board", "IC")
    assert content["since"] == "2025-03-31"
    assert content["since_basis"] == (
        "the day of the last pack put before IC, tabled on 2025-04-07"
    )
    html = (tmp_path / "ic-march.html").read_bytes()
    board = json.loads(ledger("board", "show", "IC", "--json").stdout)
    trail = json.loads(ledger("audit", "trail", "--type", "board pack tabled", "--json").stdout)
    assert board["packs"] == [
        {
            "as_at": "2025-03-31",
            "since": "2024-12-31",
            "tabled_on": "2025-04-07",
            "sha256": hashlib.sha256(html).hexdigest(),
            "recorded_at": trail[-1]["recorded_at"],
            "clock": "effective",
            "organisations": [],
            "digest": board["packs"][0]["digest"],
        }
    ]
    assert board["packs"][0]["digest"].startswith("portfolio-ledger/v1 position=")


def test_a_decision_recorded_after_the_last_pack_in_effect_before_it_is_in_the_next(
    ledger: Cli, tmp_path: Path
) -> None:
    """Minutes recorded late were in no pack: placed by their day in the last pack's period,
    which was made before they were recorded, and not in the next pack's."""
    table(ledger, "2025-03-31", tmp_path / "ic-march.xlsx", "--effective-date", "2025-04-07")
    late = ledger("board", "create", "OPS", "--name", "Operations Board", "--terms", "Runs.",
                  "--unlimited", "--quorum", "1", "--authority", "Charter", "-m",
                  "Minuted in February", "--effective-date", "2025-02-15", "--json")  # fmt: skip
    assert late.exit_code == 0, late.output
    position = json.loads(late.stdout)["position"]
    recorded_on = json.loads(late.stdout)["recorded_at"][:10]

    for since in ((), ("--since", "2025-03-31")):
        content = pack(ledger, "2025-06-30", "--board", "IC", *since)

        flags = {d["position"]: d["flag"] for d in content["decisions"]}
        assert flags == {position: f"recorded late, on {recorded_on}"}, since
    march = pack(ledger, "2025-03-31", "--board", "IC", "--since", "2024-12-31")
    assert position in {d["position"] for d in march["decisions"]}  # as known now, unflagged


def test_history_loaded_after_the_first_pack_is_flagged_late_only_within_a_packs_period(
    ledger: Cli, tmp_path: Path
) -> None:
    """A ledger set up in a day: a pack recorded, then years of history imported. What took
    effect before the first pack's period was due in no pack: not 'recorded late'."""
    table(ledger, "2025-03-31", tmp_path / "ic-march.xlsx", "--effective-date", "2025-04-07")
    history = [
        {"command": "board create", "key": key, "name": name, "terms": "Decides.", "limit": None,
         "quorum": 1, "authority": "Charter", "effective_date": day, **said()}
        for key, name, day in (
            *((f"B{n}", f"Board {n}", f"2024-{n:02}-15") for n in range(1, 13)),
            ("ARB", "Architecture Board", "2025-02-15"),
        )
    ]  # fmt: skip
    lines = tmp_path / "history.jsonl"
    lines.write_text("".join(json.dumps(line) + "\n" for line in history), encoding="utf-8")
    assert ledger("import", str(lines)).exit_code == 0
    trail = json.loads(ledger("audit", "trail", "--item", "ARB", "--json").stdout)

    content = pack(ledger, "2025-06-30", "--board", "IC")

    flags = {d["position"]: d["flag"] for d in content["decisions"]}
    assert flags == {trail[0]["position"]: f"recorded late, on {trail[0]['recorded_at'][:10]}"}


def test_the_record_carries_the_pack_digest_and_checksum_in_the_trail(
    ledger: Cli, tmp_path: Path
) -> None:
    out = tmp_path / "ic.pdf"
    table(ledger, "2025-03-31", out, "--effective-date", "2025-04-07")

    trail = json.loads(ledger("audit", "trail", "--json").stdout)
    row = next(r for r in trail if r["event"] == "board pack tabled")
    assert row["subject"] == "IC"
    assert hashlib.sha256(out.read_bytes()).hexdigest() in row["summary"]
    assert row["effective_date"] == "2025-04-07"
    assert row["actor"] == "Sam Patel"  # the Cli fixture's $PORTFOLIO_LEDGER_ACTOR
    assert "verified" in ledger("audit", "verify").output.lower()


def test_a_pack_on_or_after_the_new_day_or_for_another_board_does_not_count(
    ledger: Cli, tmp_path: Path
) -> None:
    table(ledger, "2025-03-31", tmp_path / "a.xlsx", "--effective-date", "2025-04-07")
    table(ledger, "2025-06-30", tmp_path / "b.xlsx", "--effective-date", "2025-07-07")

    assert pack(ledger, "2025-06-30", "--board", "IC")["since"] == "2025-03-31"
    assert pack(ledger, "2025-09-30", "--board", "EXB")["since"] == "2025-07-02"
    assert pack(ledger, "2025-09-30")["since"] == "2025-06-30"  # any board's, without --board
    assert pack(ledger, "2025-09-30", "--since", "2025-08-31")["since_basis"] == "given"


def test_a_pack_tabled_after_the_new_pack_day_is_not_in_the_record_as_at_that_day(
    ledger: Cli, tmp_path: Path
) -> None:
    table(ledger, "2025-03-31", tmp_path / "a.xlsx", "--effective-date", "2025-07-01")

    assert pack(ledger, "2025-06-30", "--board", "IC")["since"] == SINCE_DEFAULT
    assert pack(ledger, "2025-07-31", "--board", "IC")["since"] == "2025-03-31"


def test_an_annulled_record_no_longer_sets_the_period(ledger: Cli, tmp_path: Path) -> None:
    table(ledger, "2025-03-31", tmp_path / "a.xlsx", "--effective-date", "2025-04-07")
    trail = json.loads(ledger("audit", "trail", "--json").stdout)
    position = next(r["position"] for r in trail if r["event"] == "board pack tabled")

    result = ledger("decision", "annul", str(position), "-m", "Tabled by mistake.",
                    "--authority", "Portfolio office procedure")  # fmt: skip

    assert result.exit_code == 0, result.output
    assert pack(ledger, "2025-06-30", "--board", "IC")["since"] == SINCE_DEFAULT


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        (("--record", "--out", "p.html"), {}, "name the board with --board KEY"),
        (("--record", "--board", "IC", "--json"), {}, "and the document with --out"),
        (("--record", "--board", "NOPE", "--out", "p.html"), {}, "no board NOPE"),
        (("--record", "--board", "IC", "--out", "p.html"), {"actor": None}, "no actor"),
        (("--record", "--board", "IC", "--out", "p.html", "--effective-date", "2999-01-01"),
         {}, "--effective-date: 2999-01-01 is in the future"),
        (("--record", "--board", "IC", "--out", "p.html", "--effective-date", "2025-06-01"),
         {}, "effective date 2025-06-01 is before as_at 2025-06-30: a pack is put before"),
        (("--record", "--board", "IC", "--out", "p.html", "--as-at", "2024-12-31"), {},
         "board IC did not exist yet (effective on 2024-12-31)"),
        (("--record", "--board", "IC", "--out", "p.html", "--as-at", "2099-01-01"), {},
         "--as-at: 2099-01-01 is in the future; a board pack recorded as tabled is as at"),
    ],
)  # fmt: skip
def test_a_record_that_cannot_be_made_writes_no_file_and_nothing_in_the_ledger(
    ledger: Cli, args: tuple[str, ...], env: dict[str, Any], message: str
) -> None:
    before = ledger.events()
    as_at = () if "--as-at" in args else ("--as-at", "2025-06-30")

    result = ledger("report", "board-pack", *as_at, *args, **env)

    assert result.exit_code in {1, 2}
    assert message in " ".join(result.output.split())
    assert "Traceback" not in result.output
    assert ledger.events() == before
    written = [p.name for p in Path().iterdir() if not p.name.startswith("ledger.db")]
    assert written == []  # the test's own folder holds the SQLite ledger, and nothing else


def test_a_pack_as_at_a_future_day_is_refused_as_a_command_line_error(ledger: Cli) -> None:
    result = ledger("report", "board-pack", "--as-at", "2099-01-01", "--board", "IC",
                    "--record", "--out", "p.html")  # fmt: skip

    assert result.exit_code == 2, result.output
    assert "2099-01-01 is in the future" in result.output
    assert not Path("p.html").exists()


def test_tabling_can_be_imported_as_a_line_like_any_decision(ledger: Cli, tmp_path: Path) -> None:
    line = {
        "command": "report board-pack", "board": "IC", "as_at": "2025-03-31",
        "since": "2024-12-31", "digest": "portfolio-ledger/v1 position=3 recorded=-",
        "sha256": "ab" * 32, "effective_date": "2025-04-07", **said(rationale="From minutes."),
    }  # fmt: skip
    lines = tmp_path / "packs.jsonl"
    lines.write_text(json.dumps(line) + "\n", encoding="utf-8")

    result = ledger("import", str(lines))

    assert result.exit_code == 0, result.output
    assert pack(ledger, "2025-06-30", "--board", "IC")["since"] == "2025-03-31"


def test_a_correction_cannot_move_a_pack_before_the_day_it_is_as_at(
    ledger: Cli, tmp_path: Path
) -> None:
    # The rule --record keeps (tabled on or after as_at) holds for a correction of its date too.
    table(ledger, "2025-03-31", tmp_path / "a.xlsx", "--effective-date", "2025-04-07")
    position = before = ledger.events()  # the pack's record is the ledger's last event

    moved = ledger("decision", "correct", str(position), "--set", "effective_date=2025-03-01",
                   "--authority", "PMO record-keeping", "-m", "Wrong day")  # fmt: skip

    assert moved.exit_code == 1, moved.output
    assert "effective date 2025-03-01 is before as_at 2025-03-31" in " ".join(moved.output.split())
    assert ledger.events() == before
    fixed = ledger("decision", "correct", str(position), "--set", "effective_date=2025-04-08",
                   "--authority", "PMO record-keeping", "-m", "Met a day later")  # fmt: skip
    assert fixed.exit_code == 0, fixed.output


def test_a_pack_that_cannot_be_put_in_place_is_not_recorded_either(
    ledger: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The pack was recorded as put before the board, then renamed over --out: where that
    # failed (last month's pack open in a viewer, on Windows) the user read 'nothing was
    # written', but the ledger, which nothing can take back, held the record; run again,
    # it held two.
    out = tmp_path / "ic.html"
    out.write_text("last month's pack\n", encoding="utf-8")
    before = ledger.events()
    replace = Path.replace

    def held_open(self: Path, target: Path) -> Path:
        if Path(target) == out:
            raise PermissionError(13, "Permission denied", str(self))
        return replace(self, target)

    monkeypatch.setattr(Path, "replace", held_open)

    result = ledger("report", "board-pack", "--as-at", "2025-06-30", "--board", "IC",
                    "--record", "--out", str(out))  # fmt: skip

    assert result.exit_code == 1, result.output
    assert f"cannot write {out}: Permission denied; nothing was written." in result.output
    assert ledger.events() == before
    assert out.read_text(encoding="utf-8") == "last month's pack\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_pack_whose_record_fails_once_in_place_puts_the_earlier_pack_back(
    ledger: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from portfolio_ledger.application.errors import LedgerBusy
    from portfolio_ledger.cli.context import LedgerContext

    out = tmp_path / "ic.html"
    out.write_text("last month's pack\n", encoding="utf-8")
    before = ledger.events()

    def busy(self: LedgerContext) -> None:
        raise LedgerBusy(30)

    monkeypatch.setattr(LedgerContext, "writing", busy)

    result = ledger("report", "board-pack", "--as-at", "2025-06-30", "--board", "IC",
                    "--record", "--out", str(out))  # fmt: skip

    assert result.exit_code == 1, result.output
    assert "another writer holds the ledger" in result.output
    assert ledger.events() == before
    assert out.read_text(encoding="utf-8") == "last month's pack\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_board_show_gives_each_pack_s_clock_organisations_and_digest_line_as_recorded(
    ledger: Cli, tmp_path: Path
) -> None:
    """Before, ``board show`` listed no pack, and its ``--json`` no pack's digest line,
    clock or organisations, though the record of its tabling holds them."""
    today = utc_today()
    since = (today - timedelta(days=90)).isoformat()
    for key, organisation in (("PRJ-1", "DDAT"), ("PRJ-2", "HMRC")):
        onboard(ledger, key, organisation)
    out = tmp_path / "ic.html"
    table(ledger, today.isoformat(), out, "--clock", "recorded",
          "--organisation", "DDAT", "--organisation", "HMRC")  # fmt: skip

    shown = ledger("board", "show", "IC")
    board = json.loads(ledger("board", "show", "IC", "--json").stdout)

    assert shown.exit_code == 0, shown.output
    [recorded] = board["packs"]
    assert (recorded["clock"], recorded["organisations"]) == ("recorded", ["DDAT", "HMRC"])
    assert recorded["digest"].startswith("portfolio-ledger/v1 position=")
    assert "Packs tabled: 1" in shown.output
    [row] = [line.split() for line in shown.output.splitlines() if line.startswith(str(today))]
    assert row == [str(today), since, str(today), "recorded", "DDAT,", "HMRC",
                   hashlib.sha256(out.read_bytes()).hexdigest()]  # fmt: skip
    assert f"Digest line of the pack as at {today}: {recorded['digest']}" in shown.output


@pytest.mark.parametrize(
    ("given", "recorded"),
    [
        (("DDAT,HMRC",), ["DDAT", "HMRC"]),
        (("DDAT, hmrc", "DDAT"), ["DDAT", "hmrc"]),
        (("Food, Rural Affairs",), ["Food, Rural Affairs"]),
        (("DDAT,",), ["DDAT"]),  # a comma left over: before, recorded as 'DDAT,'
    ],
)
def test_a_comma_separated_organisation_is_recorded_as_the_organisations_it_lists(
    ledger: Cli, tmp_path: Path, given: tuple[str, ...], recorded: list[str]
) -> None:
    """Before, ``--organisation DDAT,HMRC`` was recorded (and labelled) as one organisation
    named 'DDAT,HMRC', though it chose the items of both; an organisation whose name
    has commas in it is kept whole."""
    today = utc_today()
    for key, organisation in (("PRJ-1", "DDAT"), ("PRJ-2", "HMRC"),
                              ("PRJ-3", "Food, Rural Affairs")):  # fmt: skip
        onboard(ledger, key, organisation)
    options = [option for value in given for option in ("--organisation", value)]

    content = pack(ledger, today.isoformat(), "--clock", "recorded", *options)
    table(ledger, today.isoformat(), tmp_path / "ic.xlsx", "--clock", "recorded", *options)

    assert content["organisations"] == recorded
    [packed] = json.loads(ledger("board", "show", "IC", "--json").stdout)["packs"]
    assert packed["organisations"] == recorded


def test_a_packs_organisations_are_told_apart_where_they_are_said(
    ledger: Cli, tmp_path: Path
) -> None:
    """Before, a pack of 'Food, Rural Affairs' and DDAT said 'Food, Rural Affairs, DDAT'
    (three as it read) in its title, its workbook's Organisations, ``board show``'s packs
    and the refusal of a pack with no item: now as the audit trail says a list."""
    from tests.behaviour.test_board_pack_xlsx import sheets

    today = utc_today()
    for key, organisation in (("PRJ-1", "DDAT"), ("PRJ-3", "Food, Rural Affairs")):
        onboard(ledger, key, organisation)
    options = ("--clock", "recorded", "--organisation", "Food, Rural Affairs",
               "--organisation", "DDAT")  # fmt: skip
    book = tmp_path / "ic.xlsx"
    told = '"Food, Rural Affairs", DDAT'

    table(ledger, today.isoformat(), book, *options)
    shown = ledger("board", "show", "IC")
    yesterday = (today - timedelta(days=1)).isoformat()
    empty = ledger("report", "board-pack", "--as-at", yesterday, "--json", *options)

    fields = {row[0]: row[1] for row in sheets(book)["Pack"] if row and row[0]}
    assert fields["Organisations"] == told
    assert fields["Title"].endswith(f"as at {today} ({told})")
    assert shown.exit_code == 0, shown.output
    assert told in " ".join(shown.output.split())
    assert empty.exit_code == 1
    assert f"no item of {told} as at {yesterday} on the recorded clock" in empty.output
