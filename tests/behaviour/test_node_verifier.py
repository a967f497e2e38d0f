"""A verifier in another language, written from the docs alone, agrees with the ledger.

tests/node/plverify.js (Node.js, built-in modules only) was written from
docs/verification.md and docs/receipt-verifier.md, reading none of the code. On
freshly made files of a ledger of awkward texts (quotes, commas, line breaks,
characters beyond ASCII and the BMP, texts that look like formulas, a long
rationale), on SQLite and PostgreSQL, it accepts every genuine export (CSV and
JSON Lines, writing each again byte for byte from its rows' text forms), receipt,
consistency proof, checkpoint and ledger, and refuses each tampering the docs'
threat table lists that it can see.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.behaviour import test_tamper as tamper
from tests.conftest import Cli
from tests.node_tampered_files import FILES
from tests.node_verifier import EXPORTS, Made, made_ledger, plverify, plverify_all, restored

EVENTS, CHAIN, TREE = tamper.EVENTS, tamper.CHAIN, tamper.TREE
CHECKPOINTS = "portfolio_ledger_checkpoints"


@pytest.fixture(scope="module")
def made(module_db_url: str, tmp_path_factory: pytest.TempPathFactory) -> Made:
    return made_ledger(Cli(module_db_url), tmp_path_factory.mktemp("files"))


def test_it_accepts_the_genuine_files(made: Made) -> None:
    checks: list[list[str | Path]] = []
    for name in [*EXPORTS, "finer.jsonl"]:
        checks.append(["export", made / name, "--db", made.db, "--key", made.key,
                       "--checkpoint", made / "new.txt", "--digest", made.digest])  # fmt: skip
        checks.append(["export", made / name, "--digest", made.earlier_digest])
    for kind, name in (("receipt", "receipt.json"), ("consistency", "proof.json"),
                       ("checkpoint", "new.txt"), ("checkpoint", "old.txt")):  # fmt: skip
        checks.append([kind, made.key, made / name])
    for name in ("receipt.json", "new.txt"):  # saved again as UTF-8 with BOM, CRLF: the same
        again = made / f"saved-{name}"
        again.write_bytes(b"\xef\xbb\xbf" + (made / name).read_bytes().replace(b"\n", b"\r\n"))
        checks.append(["receipt" if name.endswith("json") else "checkpoint", made.key, again])
    checks.append(["ledger", made.db, "--key", made.key, "--checkpoint", made / "old.txt",
                   "--digest", made.earlier_digest])  # fmt: skip
    said = plverify_all(checks)
    assert [status for status, _ in said] == [0] * len(checks), said
    assert all("written again byte for byte" in line for _, line in said[:12]), said
    assert said[10][1].startswith("OK export: 2 rows"), "--from finer than a microsecond"
    assert said[-1][1] == f"OK ledger: {made.digest}"


@pytest.fixture(scope="module")
def refusals(made: Made, tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[int, str]]:
    """Each tampered file's check, all in one node process."""
    checks = [tampered(made, tmp_path_factory.mktemp("tampered")) for tampered, _ in FILES.values()]
    return dict(zip(FILES, plverify_all(checks), strict=True))


@pytest.mark.sqlite_only("the files are checked without their database, made on both above")
@pytest.mark.parametrize("name", FILES)
def test_it_refuses_each_tampered_file(refusals: dict[str, tuple[int, str]], name: str) -> None:
    status, said = refusals[name]
    assert status == 1, said
    assert said.startswith("FAILED"), said
    assert FILES[name][1] in said, said


def sql(url: str, *statements: str) -> None:
    with tamper.tampering(url) as connection:
        for statement in statements:
            connection.execute(text(statement))


def rewritten(url: str, *, tree: bool) -> None:
    """Position 4's title edited, every later link (and, with tree, tree row) recomputed."""
    with tamper.tampering(url) as connection:
        state = bytes(connection.execute(text(f"SELECT state FROM {EVENTS} WHERE id = 4")).one()[0])
        connection.execute(
            text(f"UPDATE {EVENTS} SET state = :s WHERE id = 4"),
            {"s": state.replace(b"Title; semi", b"Title; semI")},
        )
        events = tamper.stored(connection)
        for event, link in zip(events, tamper.recomputed(events), strict=True):
            connection.execute(
                text(f"UPDATE {CHAIN} SET hash = :h WHERE position = :p"),
                {"h": link.hex(), "p": event.position},
            )
        if tree:
            tamper.rewrite_tree(connection, events)


COPY_CHAIN = f"INSERT INTO {CHAIN} (position, originator_id, originator_version, hash)"
LEDGER: dict[str, tuple[Callable[[str], object], tuple[str, ...], str]] = {
    "a byte changed": (lambda u: tamper.flip_a_byte(u, 3), (), "position 3: changed"),
    "an event deleted": (lambda u: tamper.delete_event(u, 3), (), "position 3: missing"),
    "an event inserted": (lambda u: tamper.forge_event(u, 1, 6), (), "position 6: inserted"),
    "two events swapped": (lambda u: tamper.swap_events(u, 2, 3), (), "2: out of order"),
    "a link deleted": (
        lambda u: sql(u, f"DELETE FROM {CHAIN} WHERE position = 5"),
        (),
        "5: inserted",
    ),
    "a chain record below 1": (
        lambda u: sql(
            u,
            f"{COPY_CHAIN} SELECT 0, originator_id, originator_version + 100, hash"
            f" FROM {CHAIN} WHERE position = 1",
        ),
        (),
        "position 0: inserted",
    ),
    "a chain record after the last event": (
        lambda u: sql(
            u,
            f"{COPY_CHAIN} SELECT 7, originator_id, originator_version + 100, hash"
            f" FROM {CHAIN} WHERE position = 1",
        ),
        (),
        "a chain record at 7 after the last event",
    ),
    "a tree row changed": (
        lambda u: sql(
            u,
            f"UPDATE {TREE} SET hashes = (SELECT hashes FROM {TREE}"
            " WHERE position = 1) WHERE position = 3",
        ),
        (),
        "position 3: tree altered",
    ),
    "the tree deleted": (lambda u: sql(u, f"DELETE FROM {TREE}"), (), "1: not in the tree"),
    "rewritten, the tree left": (
        lambda u: rewritten(u, tree=False),
        (),
        "position 4: tree altered",
    ),
    "rewritten with its tree": (lambda u: rewritten(u, tree=True), ("digest",), "rewritten"),
    "truncated": (lambda u: tamper.truncate(u, 3), ("digest",), "missing"),
    "appended through SQL": (
        lambda u: tamper.forge_linked_event(u, 5),
        ("key", "new"),
        "position 6: not signed",
    ),
    "appended back-dated": (
        lambda u: tamper.forge_linked_event(u, 1),
        (),
        "6: recorded out of order",
    ),
    "a kept checkpoint forged": (
        lambda u: sql(
            u,
            f"UPDATE {CHECKPOINTS} SET note = replace(note, '\n5\n', '\n4\n') WHERE tree_size = 5",
        ),
        ("key",),
        "forged checkpoint",
    ),
}


ON_BOTH = ("a byte changed", "two events swapped", "rewritten with its tree",
           "appended through SQL", "a kept checkpoint forged")  # fmt: skip
"""Tamperings found on both databases: the tables read through sqlite3 and psql alike."""


@pytest.mark.parametrize("name", ON_BOTH)
def test_it_finds_a_tampering_on_either_database(module_db_url: str, made: Made, name: str) -> None:
    found(module_db_url, made, name)


@pytest.mark.sqlite_only("the tables are read alike on both: the test above, on both")
@pytest.mark.parametrize("name", [name for name in LEDGER if name not in ON_BOTH])
def test_it_finds_each_tampering_of_the_ledger(module_db_url: str, made: Made, name: str) -> None:
    found(module_db_url, made, name)


def found(url: str, made: Made, name: str) -> None:
    """Tamper with the ledger as the threat table says; the verifier names what and where."""
    tampered, given, words = LEDGER[name]
    options: list[str | Path] = []
    if "digest" in given:
        options += ["--digest", made.digest]
    if "key" in given:
        options += ["--key", made.key]
    if "new" in given:
        options += ["--checkpoint", made / "new.txt"]
    with restored(url):
        tampered(url)
        said = plverify("ledger", made.db, *options)
    assert said.returncode == 1, said.stdout + said.stderr
    assert said.stdout.startswith("FAILED at"), said.stdout
    assert words in said.stdout, said.stdout


def test_the_ledger_verifies_again_once_restored(made: Made) -> None:
    said = plverify("ledger", made.db, "--key", made.key, "--digest", made.digest)
    assert said.stdout.strip() == f"OK ledger: {made.digest}", said.stdout + said.stderr


def test_it_refuses_an_export_whose_events_were_rewritten(module_db_url: str, made: Made) -> None:
    with restored(module_db_url):
        rewritten(module_db_url, tree=True)
        said = plverify("export", made / "trail.csv", "--db", made.db, "--key", made.key)
    assert said.returncode == 1, said.stdout + said.stderr
    assert said.stdout.startswith("FAILED at position 5: rewritten"), said.stdout


def test_it_refuses_an_export_of_a_doctored_read_model(
    module_db_url: str, made: Made, tmp_path: Path
) -> None:
    """The audit trail's row edited behind the ledger's back, then exported: the events differ."""
    trail = "UPDATE audit_trail SET rationale = :r WHERE position = 2"
    with tamper.tampering(module_db_url) as connection:
        kept = connection.execute(text("SELECT rationale FROM audit_trail WHERE position = 2"))
        rationale = kept.scalar_one()
        connection.execute(text(trail), {"r": "doctored"})
    try:
        env = {"PORTFOLIO_LEDGER_SIGNING_KEY": str(made / "signing.key")}
        done = Cli(module_db_url)("audit", "export", "--out", str(tmp_path / "d.jsonl"), env=env)
        assert done.exit_code == 0, done.output
    finally:
        with tamper.tampering(module_db_url) as connection:
            connection.execute(text(trail), {"r": rationale})
    assert plverify("export", tmp_path / "d.jsonl").returncode == 0, "its checksums are its own"
    said = plverify("export", tmp_path / "d.jsonl", "--db", made.db)
    assert said.returncode == 1, said.stdout + said.stderr
    assert said.stdout.startswith('FAILED: line 2: rationale is "doctored"'), said.stdout


def test_an_export_is_checked_up_to_its_digest(module_db_url: str, made: Made) -> None:
    """What came after an export's digest is not the export's: a tree row altered there is
    the ledger's fault, found by a check of the ledger, not of an export taken before it."""
    altered = f"UPDATE {TREE} SET hashes = (SELECT hashes FROM {TREE} WHERE position = 1)"
    with restored(module_db_url):
        sql(module_db_url, f"{altered} WHERE position = 4")
        export = plverify("export", made / "early.jsonl", "--db", made.db, "--key", made.key)
        ledger = plverify("ledger", made.db)
    assert export.stdout.startswith("OK export: 2 rows"), export.stdout + export.stderr
    assert ledger.stdout.startswith("FAILED at position 4: tree altered"), ledger.stdout
