"""The independent verifier printed in docs/verification.md works on a real ledger."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from portfolio_ledger.application.ledger import PortfolioLedger
from portfolio_ledger.audit.digest import current_digest
from portfolio_ledger.bootstrap import open_ledger
from tests.builders import bulk_history, live_item, propose
from tests.conftest import Cli

DOC = Path(__file__).parents[1] / "docs" / "verification.md"


def doc_block() -> str:
    text = DOC.read_text(encoding="utf-8")
    match = re.search(r"<!-- independent-verifier -->\n```python\n(.*?)```", text, re.DOTALL)
    assert match, "docs/verification.md lost its independent verifier"
    return match.group(1)


def doc_verifier() -> dict[str, object]:
    namespace: dict[str, object] = {"__name__": "doc_verifier"}
    exec(compile(doc_block(), str(DOC), "exec"), namespace)  # noqa: S102 - our own docs
    return namespace


def test_the_documented_verifier_agrees_with_the_ledger(tmp_path: Path) -> None:
    path = tmp_path / "ledger.db"
    ledger, _ = open_ledger(f"sqlite:///{path}")
    try:
        live_item(ledger)
        bulk_history(ledger, items=5, events_per_item=6)
        digest = current_digest(ledger)
    finally:
        ledger.close()

    verify = doc_verifier()["verify"]
    assert callable(verify)

    assert verify(str(path)) == f"OK position={digest.position} sha256={digest.sha256}"


def test_the_documented_verifier_catches_a_changed_byte(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "ledger.db"
    ledger, _ = open_ledger(f"sqlite:///{path}")
    try:
        live_item(ledger)
    finally:
        ledger.close()
    with sqlite3.connect(path) as db:
        (state,) = db.execute("SELECT state FROM portfolio_ledger_events WHERE id = 2").fetchone()
        changed = bytearray(state)
        changed[len(changed) // 2] ^= 0x01  # one bit of one byte
        db.execute("UPDATE portfolio_ledger_events SET state = ? WHERE id = 2", (bytes(changed),))

    verify = doc_verifier()["verify"]
    assert callable(verify)

    assert verify(str(path)) == "FAILED: position 2 does not match its link"
    # Run as the page says (python3 verify_chain.py ledger.db), a failure exits 1, not 0:
    # a script an auditor's job runs must not pass what it prints FAILED for.
    script = tmp_path / "verify_chain.py"
    script.write_text(doc_block(), encoding="utf-8")
    run = subprocess.run(
        [sys.executable, str(script), str(path)], check=False, capture_output=True, text=True
    )
    assert (run.returncode, run.stdout.strip()) == (1, "FAILED: position 2 does not match its link")


@pytest.mark.parametrize("where", [0, -3, 1, 5], ids=["zero", "negative", "next", "beyond"])
def test_the_documented_verifier_catches_a_chain_record_with_no_event(
    tmp_path: Path, where: int
) -> None:
    import sqlite3

    path = tmp_path / "ledger.db"
    ledger, _ = open_ledger(f"sqlite:///{path}")
    try:
        live_item(ledger)
        last = current_digest(ledger).position
    finally:
        ledger.close()
    position = where if where < 1 else last + where
    with sqlite3.connect(path) as db:
        db.execute(
            "INSERT INTO portfolio_ledger_chain"
            " SELECT ?, originator_id, originator_version + 1000, hash"
            " FROM portfolio_ledger_chain WHERE position = 1",
            (position,),
        )

    verify = doc_verifier()["verify"]
    assert callable(verify)

    assert verify(str(path)) == f"FAILED: position {position} has a chain record but no event"


def test_the_documented_verifier_leaves_a_decision_recorded_while_it_runs(tmp_path: Path) -> None:
    """It reads the events, then looks for chain records with no event: a decision recorded
    in between, its chain record then after the last event read, is no forged record."""
    path = tmp_path / "ledger.db"
    ledger, _ = open_ledger(f"sqlite:///{path}")
    try:
        live_item(ledger)
        before = current_digest(ledger)
        namespace = doc_verifier()
        namespace["sqlite3"] = _RecordingBeforeTheStrayQuery(ledger)
        verify = namespace["verify"]
        assert callable(verify)

        verified = verify(str(path))
        after = current_digest(ledger).position
    finally:
        ledger.close()

    assert after == before.position + 1, "no decision was recorded while it ran"
    assert verified == f"OK position={before.position} sha256={before.sha256}"


class _RecordingBeforeTheStrayQuery:
    """sqlite3 for the documented verifier: records a decision as it asks for stray records."""

    def __init__(self, ledger: PortfolioLedger) -> None:
        self.ledger = ledger

    def connect(self, *args: Any, **kwargs: Any) -> Any:
        connection = sqlite3.connect(*args, **kwargs)
        ledger = self.ledger

        class Recording:
            def execute(self, sql: str, *parameters: Any) -> Any:
                if "min(position)" in sql:
                    ledger.handle(propose("PRJ-002"))
                return connection.execute(sql, *parameters)

        return Recording()


def test_the_trail_columns_the_doc_derives_from_events_are_the_trails(tmp_path: Path) -> None:
    """docs/verification.md, "What a checker of its own can derive from the events": on the
    demo ledger (boards, a delegation, corrections), each of the eleven columns is as said."""
    path = tmp_path / "demo.db"
    result = Cli(f"sqlite:///{path}")("demo")
    assert result.exit_code == 0, result.output
    kinds = {"board_resolution": "board", "delegated_authority": "delegation"}
    with sqlite3.connect(path) as db:
        trail = {row[0]: row for row in db.execute(f"SELECT {', '.join(ELEVEN)} FROM audit_trail")}
        events = db.execute(
            "SELECT id, topic, originator_version, state FROM portfolio_ledger_events ORDER BY id"
        ).fetchall()
    db.close()
    derived = {}
    for position, topic, version, state in events:
        stored = json.loads(state)
        decision = stored["decision"]["_data_"]
        mandate = decision.get("mandate")
        detail = None
        if mandate is not None:
            detail = canonical({**mandate["_data_"], "kind": kinds[mandate["_type_"]]})
        recorded = datetime.fromisoformat(stored["timestamp"]["_data_"]).astimezone(UTC)
        derived[position] = (
            position,
            version,
            topic.rpartition(":")[2],
            recorded.strftime("%Y-%m-%d %H:%M:%S.%f"),
            decision["effective_date"]["_data_"],
            decision["actor"],
            decision["role"],
            decision["authority"],
            decision["rationale"],
            canonical(decision["references"]),
            detail,
        )

    assert len(derived) > 300
    assert any(row[-1] for row in derived.values())  # mandates of both kinds are among them
    assert derived == trail


def canonical(value: object) -> str:
    """docs/verification.md's canonical JSON."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


ELEVEN = (
    "position", "version", "event_type", "recorded_at", "effective_date", "actor", "role",
    "authority", "rationale", "refs", "authority_detail",
)  # fmt: skip


@pytest.mark.parametrize(
    "change",
    ["originator_version = originator_version + 1000", "originator_id = '" + "0" * 32 + "'"],
    ids=["version", "aggregate"],
)
def test_the_documented_verifier_catches_a_chain_record_naming_another_event(
    tmp_path: Path, change: str
) -> None:
    """A chain row's own columns say which event it linked; `audit verify` holds them too."""
    import sqlite3

    path = tmp_path / "ledger.db"
    ledger, _ = open_ledger(f"sqlite:///{path}")
    try:
        live_item(ledger)
    finally:
        ledger.close()
    with sqlite3.connect(path) as db:
        db.execute(f"UPDATE portfolio_ledger_chain SET {change} WHERE position = 2")
    db.close()

    verify = doc_verifier()["verify"]
    assert callable(verify)

    assert verify(str(path)) == "FAILED: position 2 is linked to another event"
    assert Cli(f"sqlite:///{path}")("audit", "verify").exit_code == 1


def test_the_signed_run_counts_the_events_the_demo_records_now(tmp_path: Path) -> None:
    """The signed-checkpoint run said 293 and 295 events, from an older demo, where the demo
    it names ('portfolio-ledger demo', two proposals) gives 314 and 316."""
    from portfolio_ledger.demo.story import record_demo

    ledger, _ = open_ledger(f"sqlite:///{tmp_path / 'demo.db'}")
    try:
        record_demo(ledger)
        demo = current_digest(ledger).position
    finally:
        ledger.close()
    text = " ".join(DOC.read_text(encoding="utf-8").split())

    assert f"the demo records {demo} events" in text
    assert f"of {demo + 2} events holds its first {demo} unchanged" in text
    assert f"FAILED at position {demo + 3}: not signed." in text


RUN_FOLDER = "/tmp/docsdemo"  # noqa: S108 - the folder the page's run names, replaced here


def the_run() -> tuple[list[str], str]:
    """docs/verification.md's run, as its section "The examples on this page" writes it:
    the commands (continued lines joined) and the forgery's command."""
    text = DOC.read_text(encoding="utf-8")
    section = text.split("\n## The examples on this page\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)```", section, re.DOTALL)
    assert len(blocks) == 2, "the run's commands, then the forgery"
    return blocks[0].replace("\\\n", " ").splitlines(), blocks[1].strip()


def _shell(argv: list[str], env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    """The run's few lines that are not portfolio-ledger's, as the shell runs them."""
    if argv[0] == "mkdir":
        Path(argv[1]).mkdir()
    elif argv[0] == "cd":
        monkeypatch.chdir(argv[1])
    elif argv[0] == "export":
        env.update(assignment.partition("=")[::2] for assignment in argv[1:])
    else:
        assert argv[0] == "cp", argv
        shutil.copy(argv[1], argv[2])


def test_the_run_the_examples_come_from_runs_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every example on the page comes from one run: its commands run as the page writes
    them, give the positions and checkpoints it says, and the forgery gives 'not signed'."""
    from portfolio_ledger.audit.checkpoint import open_checkpoint
    from portfolio_ledger.audit.digest import Digest
    from portfolio_ledger.audit.keys import NoteVerifier

    commands, forgery = the_run()
    folder = str(tmp_path / "docsdemo")
    monkeypatch.chdir(tmp_path)
    env: dict[str, str] = {}
    for line in (part for written in commands for part in written.split(" && ")):
        argv = shlex.split(line.replace(RUN_FOLDER, folder), comments=True)
        if argv[0] != "portfolio-ledger":
            _shell(argv, env, monkeypatch)
            continue
        argv, out = (argv[:-2], argv[-1]) if argv[-2:-1] == [">"] else (argv, None)
        result = Cli(env["PORTFOLIO_LEDGER_DB"])(*argv[1:], actor=None, role=None, env=env)
        assert result.exit_code == 0, (line, result.output)
        if out is not None:
            Path(out).write_text(result.stdout, encoding="utf-8")
    said = re.search(r"the demo records (\d+) events", DOC.read_text(encoding="utf-8"))
    assert said, "the page says how many events the demo records"
    demo = int(said.group(1))
    key = NoteVerifier.from_text(Path("ledger.pub").read_text(encoding="utf-8"))
    minutes = [
        Digest.parse(Path(f"digest-2026-{m}.txt").read_text()).position for m in ("10", "11")
    ]
    signed = [
        open_checkpoint(Path(f"checkpoint-2026-{m}.txt").read_text(), key) for m in ("10", "11")
    ]
    assert minutes == [checkpoint.size for checkpoint in signed] == [demo, demo + 2]

    exec(shlex.split(forgery)[2].replace(RUN_FOLDER, folder), {})  # noqa: S102 - our own docs
    result = Cli(env["PORTFOLIO_LEDGER_DB"])(
        "audit", "verify", "--checkpoint", "checkpoint-2026-11.txt", "--key", "ledger.pub"
    )
    assert result.exit_code == 1
    assert f"FAILED at position {demo + 3}: not signed." in result.output


NOTE = re.compile(
    r"ledger\.example\.org/portfolio\n(\d+)\n(\S+=)\nrecorded (\S+)\n\n"
    r"— ledger\.example\.org/portfolio (\S+)\n"
)


def test_the_page_s_figures_are_of_one_run() -> None:
    """The page mixed a 269-event run's digest, root, checkpoint and key with a 316-event
    run's: each position's digest, each size's root, recorded time and checkpoint, and the
    key, are one wherever the page (and docs/receipt-verifier.md) shows them."""
    text = DOC.read_text(encoding="utf-8")
    text = text.replace("\n   ", "\n")  # the indented console block of Go's verifier
    one: dict[tuple[str, int], set[str]] = {}

    def seen(what: str, size: str, value: str) -> None:
        one.setdefault((what, int(size)), set()).add(value)

    for position, recorded, sha in re.findall(
        r"portfolio-ledger/v1 position=(\d+) recorded=(\S+) sha256=([0-9a-f]{64})", text
    ):
        seen("sha256", position, sha)
        seen("recorded", position, recorded)
    for position, sha in re.findall(r"OK position=(\d+)\s+sha256=([0-9a-f]{64})", text):
        seen("sha256", position, sha)
    for size, root, recorded, signature in NOTE.findall(text):
        seen("root", size, root)
        seen("recorded", size, recorded)
        seen("signature", size, signature)
    for pattern in (
        r"tree of (\d+) leaves, root (\S+=)",
        r"for all (\d+) positions are what the events give; its root is (\S+=)",
        r"tree_size=(\d+) root=(\S+=)",
    ):
        for size, root in re.findall(pattern, text):
            seen("root", size, root)
    for size, recorded in re.findall(
        r"(?:latest of|tree of) (\d+) \w+,? .*?\(recorded (\S+Z)\)", text
    ):
        seen("recorded", size, recorded)
    for position, prefix in re.findall(r"position (\d+), sha256 ([0-9a-f]{8,})\.\.\.", text):
        seen("sha256 begins", position, prefix)
    said = re.search(r"the demo records (\d+) events", text)
    assert said, "the page says how many events the demo records"
    demo = int(said.group(1))
    # The run's ledger: the demo's events, two proposals, and the forged event.
    assert {size for _, size in one} <= {demo, demo + 2, demo + 3}
    assert {what for what, _ in one} == {
        "sha256", "sha256 begins", "recorded", "root", "signature"
    }  # fmt: skip
    assert {figure: values for figure, values in one.items() if len(values) > 1} == {}
    for (what, size), (prefix,) in one.items():
        if what == "sha256 begins":  # a link shown cut short is the one shown whole
            (whole,) = one["sha256", size]
            assert whole.startswith(prefix)

    pages = text + (DOC.parent / "receipt-verifier.md").read_text(encoding="utf-8")
    example = re.search(r"<!-- example-verifier-key -->\n`([^`]+)`", text)
    assert example
    name = r"ledger\.example\.org/portfolio\+[0-9a-f]{8}"
    assert set(re.findall(name, pages)) == {"+".join(example.group(1).split("+", 2)[:2])}
    assert set(re.findall(name + r"\+[A-Za-z0-9+/]{44}", pages)) == {example.group(1)}
    checkpoint = re.search(r"<!-- example-checkpoint -->\n```\n(.*?)```", text, re.DOTALL)
    assert checkpoint
    assert f"$ cat checkpoint-2026-11.txt\n{checkpoint.group(1)}" in text
