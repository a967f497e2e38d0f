"""Running the Node.js verifier (tests/node/plverify.js) on files the command line made.

The verifier is written from docs/verification.md and docs/receipt-verifier.md
alone, with node's built-in modules only; it reads a ledger's tables through the
sqlite3 and psql clients. Missing tools fail the test, saying how to install them.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest
from sqlalchemy import make_url, text

from tests.behaviour.test_tamper import tampering
from tests.conftest import Cli
from tests.pg_schemas import schema_of

PLVERIFY = Path(__file__).parent / "node" / "plverify.js"
TABLES = (
    "portfolio_ledger_events",
    "portfolio_ledger_chain",
    "portfolio_ledger_tree",
    "portfolio_ledger_checkpoints",
)
ORIGIN = "ledger.example.org/awkward"
LONG = ("Ünïcödé, «quotes» \"dq\" and, commas; 'single'\n" * 400).strip()
ITEMS = (  # each item's title, owner, category and rationale: texts a CSV or JSON may trip on
    ('=HYPERLINK("http://x")', "Ann, Smith", "Data, analytics", "line one\nline two\r\nend"),
    ("\u00a0+SUM(A1)", "\uff0dminus", "\uff1dcat", LONG),
    ("\ufeff=1", "\u200b-x", "'quoted", "emoji 😀 𝄞 \u2028 sep \u2029 par; \\ and /"),
    ("Title; semi", "   =1+1", "データ", "\t-tab first"),
    ("Last", "o", "c", "\uff20at the start"),
)


EXPORTS = {
    "trail.csv": [],
    "trail.jsonl": [],
    "item.jsonl": ["--item", "prj-003"],
    "filtered.jsonl": ["--actor", "ZOË O'BRIEN-ŁUKASIEWICZ", "--stage", "pipeline",
                       "--type", "Proposed", "--clock", "effective", "--from", "2020-W01-1"],
    "offset.jsonl": ["--from", "2020-01-01T000000,5+01:00:30", "--to", "2099W011t23z"],
}  # fmt: skip
"""The exports made, by file name, and their filters: folded beyond ASCII, a view, ISO forms."""


def tool(name: str, package: str) -> str:
    """A program's path; the test fails, saying how to install it, when it is missing."""
    found = shutil.which(name)
    if found is None:
        pytest.fail(
            f"{name} is not installed, and the Node.js verifier test needs it: install it "
            f"with 'apt-get install -y {package}' (Debian; .ci/run does, as root)"
        )
    return found


def node_db(url: str) -> str:
    """The ledger's database as the verifier names it: a file, or a URL psql reads."""
    parsed = make_url(url)
    if parsed.drivername.startswith("sqlite"):
        tool("sqlite3", "sqlite3")
        return str(parsed.database)
    tool("psql", "postgresql-client")
    where = f"{parsed.username}@{parsed.host}:{parsed.port}/{parsed.database}"
    return f"postgresql://{where}?options=" + quote(f"-csearch_path={schema_of(url)}", safe="")


def plverify(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """Run the verifier; its one line of output and its exit status."""
    command = [node(), str(PLVERIFY), *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, check=False, timeout=60)


def plverify_all(checks: list[list[str | Path]]) -> list[tuple[int, str]]:
    """Run many checks in one node process (its batch mode): each one's status and line."""
    lines = "".join(json.dumps([str(arg) for arg in check]) + "\n" for check in checks)
    command = [node(), str(PLVERIFY), "batch"]
    done = subprocess.run(
        command, input=lines, capture_output=True, text=True, check=False, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return [(status, said) for status, said in map(json.loads, done.stdout.splitlines())]


def node() -> str:
    """Node.js; the test fails, saying how to install it, when it is missing."""
    return tool("node", "nodejs")


@dataclass(frozen=True)
class Made:
    """A small ledger of awkward texts and the files the command line made of it."""

    folder: Path
    db: str
    key: Path
    digest: str
    earlier_digest: str

    def __truediv__(self, name: str) -> Path:
        return self.folder / name


def made_ledger(run: Cli, folder: Path) -> Made:
    """Record ITEMS, signing every write, and take every file the verifier checks."""
    env = {"PORTFOLIO_LEDGER_SIGNING_KEY": str(folder / "signing.key")}

    def ok(*args: str) -> str:
        result = run(*args, actor="Zoë O'Brien-Łukasiewicz", role='Head, "PMO"', env=env)
        assert result.exit_code == 0, result.output
        return result.stdout

    ok("audit", "keygen", "--name", ORIGIN)
    for number, (title, owner, category, why) in enumerate(ITEMS, start=1):
        ok("item", "propose", f"PRJ-00{number}", "--kind", "project", "--title", title,
           "--owner", owner, "--sponsor", '"Q", Sponsor', "--category", category,
           "-m", why, "--ref", 'IC-2026/11, item "4"', "--ref", "@ref")  # fmt: skip
        if number == 2:
            earlier = ok("audit", "digest").strip()
            ok("audit", "export", "--out", str(folder / "early.jsonl"))
            (folder / "old.txt").write_text(ok("audit", "checkpoint", "--every", "1"))
    (folder / "new.txt").write_text(ok("audit", "checkpoint"))
    for name, filters in EXPORTS.items():
        ok("audit", "export", "--out", str(folder / name), *filters)
    third = json.loads((folder / "trail.jsonl").read_text(encoding="utf-8").splitlines()[2])
    finer = str(third["recorded_at"]).removesuffix("Z") + "1Z"  # just after position 3
    ok("audit", "export", "--out", str(folder / "finer.jsonl"), "--from", finer)
    ok("audit", "prove", "3", "--out", str(folder / "receipt.json"))
    ok("audit", "consistency", str(folder / "old.txt"), str(folder / "new.txt"),
       "--out", str(folder / "proof.json"))  # fmt: skip
    digest = ok("audit", "digest").strip()
    return Made(folder, node_db(run.url), folder / "signing.key.pub", digest, earlier)


@contextmanager
def restored(url: str) -> Iterator[None]:
    """The ledger's own tables put back as they were after a test tampers with them."""
    with tampering(url) as connection:
        kept = {t: connection.execute(text(f"SELECT * FROM {t}")).mappings().all() for t in TABLES}
    try:
        yield
    finally:
        with tampering(url) as connection:
            for table, rows in kept.items():
                connection.execute(text(f"DELETE FROM {table}"))
                if rows:
                    columns = [str(column) for column in rows[0]]
                    names = ", ".join(columns)
                    values = ", ".join(f":{c}" for c in columns)
                    insert = text(f"INSERT INTO {table} ({names}) VALUES ({values})")
                    connection.execute(insert, [dict(row) for row in rows])
