"""An export checker written from docs/verification.md alone agrees with ``audit verify-export``.

The checker below imports nothing of portfolio-ledger: it reads the export
and its manifest as "Exports" says (text forms, the row checksum, CSV's
quoting and neutralising, JSON Lines, the manifest, the digest's grammar),
and a ledger as "The chain, exactly" and "What a checker of its own can
derive from the events" say (an SQLite file with ``sqlite3``; a PostgreSQL
schema with psycopg, in one REPEATABLE READ transaction, as "An independent
verifier" says, the ``originator_id`` a ``uuid`` there), the manifest's signed checkpoint as "Signed
checkpoints" and "The Merkle tree, exactly" say (with ``cryptography``'s
Ed25519, the one package beyond the standard library and the PostgreSQL
driver), and the rows each
filter selects as "Which rows the filters select" says. On the demo ledger
(with an import of awkward text) it passes what the product passes and fails
what the product fails: exports edited, cut, reordered, lengthened,
re-encoded, with their checksums recomputed or not, subsets and their
manifests (filtered by item, by either clock, by stage, or to nothing),
checkpoints not of the export, and ledgers changed under them. The demo
ledger is an SQLite file; a PostgreSQL ledger, in a schema of its own, is
kept small (the awkward text, two onboardings, a status report, a deferral, a
rejection: 8 events) and judged on a few of each kind (genuine, tampered,
changed under the export), to keep the run short: what differs there is how
the ledger is read, not what the checker derives. Every genuine export is
also written again from its rows' text forms by the docs' rules alone (CSV's
neutralising and quoting, JSON Lines' encoding), and is the same file byte
for byte.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
import sqlite3
import struct
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Cli
from tests.pg_schemas import POSTGRES_ENV, postgres_schema, schema_of

# --- the checker, from the docs ------------------------------------------------------------

TEXT_COLUMNS = {
    "subject", "subject_kind", "event_type", "event", "actor", "role", "authority",
    "rationale", "summary", "organisation", "category", "kind", "stage", "rag",
}  # fmt: skip
FORMULA_STARTS = set("=+-@\uff1d\uff0b\uff0d\uff20")
ENCODINGS = {"csv": "utf-8 with byte-order mark, CRLF", "jsonl": "utf-8, LF"}
FOLDED = (
    "subject", "subject_kind", "event", "summary", "corrects", "annuls",
    "organisation", "category", "kind", "stage", "rag",
)  # fmt: skip
"""The columns a checker holds to the audit_trail table: folded from events by docs/events.md."""
VIEWS = {
    "pipeline": {"proposed", "appraised", "deferred", "approved", "in delivery", "paused"},
    "catalogue": {"live"},
    "retired": {"retired"},
    "closed": {"rejected", "cancelled"},
    "left": {"left"},
}
"""docs/concepts.md: the stages of each view (a stage filter may name a view)."""
DIGEST = re.compile(
    r"portfolio-ledger/v1 position=(0|[1-9][0-9]*) "
    r"recorded=([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z|-) sha256=([0-9a-f]{64})"
)


class ExportError(Exception):
    """What is wrong, and the line (1 is a CSV's header, a JSON Lines file's first row)."""

    def __init__(self, why: str, line: int | None = None) -> None:
        self.line = line
        super().__init__(why if line is None else f"line {line}: {why}")


def strict_json(text: str | bytes) -> Any:
    def unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        if len({key for key, _ in pairs}) != len(pairs):
            raise ExportError("a key is given twice")
        return dict(pairs)

    def no_constant(name: str) -> None:
        raise ExportError(f"{name} is not a number")

    return json.loads(text, object_pairs_hook=unique, parse_constant=no_constant)


def canonical(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def csv_records(text: str) -> list[tuple[int, list[str]]]:
    """RFC 4180, records ending in CRLF: each record's line (where it starts, counting every
    line feed, as an editor does) and its cells, unquoted (neutralising not yet undone)."""
    records: list[tuple[int, list[str]]] = []
    cells: list[str] = []
    at = start = 0
    while at < len(text):
        line = text.count("\n", 0, start) + 1
        if text[at] == '"':
            end = at + 1
            cell = ""
            while True:
                close = text.find('"', end)
                if close < 0:
                    raise ExportError("a quoted cell is not closed", line)
                cell += text[end:close]
                if text.startswith('""', close):
                    cell, end = cell + '"', close + 2
                    continue
                at = close + 1
                break
        else:
            ends = [i for i in (text.find(",", at), text.find("\r\n", at)) if i >= 0]
            stop = min(ends) if ends else len(text)
            cell, at = text[at:stop], stop
            if '"' in cell or "\n" in cell or "\r" in cell:
                raise ExportError("a cell holds a quote or a line break but is not quoted", line)
        cells.append(cell)
        if text.startswith(",", at):
            at += 1
        elif text.startswith("\r\n", at):
            records.append((line, cells))
            cells, at = [], at + 2
            start = at
        else:
            raise ExportError("a record does not end in CRLF", line)
    return records


def csv_texts(cells: list[str], columns: list[str], line: int) -> list[str]:
    texts = []
    for name, cell in zip(columns, cells, strict=True):
        if cell.startswith("'"):
            texts.append(cell[1:])
            continue
        first = cell.lstrip()[:1]
        if name in TEXT_COLUMNS and (cell[:1] in {"\t", "\r", "\n"} or first in FORMULA_STARTS):
            raise ExportError(f"{name} would run as a formula: its neutralising ' is missing", line)
        texts.append(cell)
    return texts


def jsonl_texts(line_text: str, columns: list[str], line: int) -> list[str]:
    try:
        record = strict_json(line_text)
    except (ExportError, ValueError) as error:
        raise ExportError(f"not a JSON object ({error})", line) from None
    if not isinstance(record, dict) or list(record) != columns:
        raise ExportError("the record's keys are not the manifest's columns, in order", line)
    texts = []
    for value in record.values():
        if value is None:
            texts.append("")
        elif isinstance(value, bool | float):
            raise ExportError("a value is not of a column's type", line)
        elif isinstance(value, int):
            texts.append(str(value))
        elif isinstance(value, str):
            texts.append(value)
        else:
            texts.append(canonical(value))
    return texts


def rows_of(data: bytes, manifest: dict[str, Any]) -> list[tuple[int, list[str]]]:
    """Each row's line and its cells' text forms (row_sha256 last)."""
    columns = manifest["columns"]
    if manifest["format"] == "csv":
        if not data.startswith(b"\xef\xbb\xbf"):
            raise ExportError("the CSV does not start with its byte-order mark", 1)
        records = csv_records(data[3:].decode("utf-8"))
        if not records or records[0][1] != columns:
            raise ExportError("the header is not the manifest's columns", 1)
        for line, cells in records[1:]:
            if len(cells) != len(columns):
                raise ExportError(f"{len(cells)} cells, not {len(columns)}", line)
        return [(line, csv_texts(cells, columns, line)) for line, cells in records[1:]]
    text = data.decode("utf-8")
    if text and not text.endswith("\n"):
        raise ExportError("the last line does not end in LF")
    lines = text.split("\n")[:-1]
    return [(n, jsonl_texts(part, columns, n)) for n, part in enumerate(lines, start=1)]


def check_file(export: Path, key: str | None = None) -> dict[str, Any]:
    """The file against its manifest; the manifest, and every row's text forms by position."""
    manifest = strict_json(Path(f"{export}.manifest.json").read_bytes())
    data = export.read_bytes()
    if manifest["encoding"] != ENCODINGS[manifest["format"]]:
        raise ExportError("the manifest's encoding is not its format's")
    digest = manifest["ledger_digest"]
    match = DIGEST.fullmatch(digest["line"])
    recorded = None if match is None or match[2] == "-" else match[2]
    if match is None or (int(match[1]), recorded, match[3]) != (
        digest["position"],
        digest["recorded"],
        digest["sha256"],
    ):
        raise ExportError(
            "the manifest's digest line is not a digest, or disagrees with its fields"
        )
    rows, last = {}, 0
    item, subject = manifest["filters"]["item"], manifest["columns"].index("subject")
    for line, texts in rows_of(data, manifest):
        body = json.dumps(texts[:-1], ensure_ascii=False, separators=(",", ":"))
        if hashlib.sha256(body.encode("utf-8")).hexdigest() != texts[-1]:
            raise ExportError("the row's values do not match its row_sha256", line)
        position = int(texts[0])
        if position <= last or position > digest["position"]:
            raise ExportError(f"position {position} is out of order or after the digest", line)
        if item is not None and texts[subject] not in {item, item.upper(), item.lower()}:
            raise ExportError("a row on another subject than the manifest's --item", line)
        rows[position], last = (line, texts[:-1]), position
    positions = list(rows)
    said = (len(rows), positions[0] if rows else None, positions[-1] if rows else None)
    if said != (manifest["rows"], manifest["first_position"], manifest["last_position"]):
        raise ExportError("the rows, first or last position are not the manifest's")
    if (len(data), hashlib.sha256(data).hexdigest()) != (manifest["size"], manifest["sha256"]):
        raise ExportError("the file's size or SHA-256 is not the manifest's")
    root = None if key is None else check_checkpoint(manifest, key)
    return {"manifest": manifest, "rows": rows, "root": root}


INTS = {"position", "version", "corrects", "annuls"}
"""The columns JSON Lines writes as numbers ("refs" and "authority_detail" as JSON)."""


def _value(name: str, text: str) -> Any:
    """A text form as JSON Lines carries it: nothing as null, numbers and JSON as themselves."""
    if text == "":
        return None
    if name in INTS:
        return int(text)
    return json.loads(text) if name in {"refs", "authority_detail"} else text


def _cell(name: str, text: str) -> str:
    """A CSV cell: neutralised (a text column), then quoted if it must be (RFC 4180)."""
    first = text.lstrip()[:1]
    armed = text[:1] in {"'", "\t", "\r", "\n"} or first in FORMULA_STARTS
    cell = "'" + text if name in TEXT_COLUMNS and armed else text
    quote = any(c in cell for c in ',;"\r\n')
    return '"' + cell.replace('"', '""') + '"' if quote else cell


def rendered(manifest: dict[str, Any], rows: list[list[str]]) -> bytes:
    """The file the docs' rules give for rows' text forms (row_sha256 added), byte for byte."""
    columns = manifest["columns"]
    lines = ["\ufeff" + ",".join(columns) + "\r\n"] if manifest["format"] == "csv" else []
    for texts in rows:
        body = json.dumps(texts, ensure_ascii=False, separators=(",", ":"))
        row = [*texts, hashlib.sha256(body.encode("utf-8")).hexdigest()]
        if manifest["format"] == "csv":
            lines.append(",".join(map(_cell, columns, row)) + "\r\n")
            continue
        record = {name: _value(name, text) for name, text in zip(columns, row, strict=True)}
        line = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
        lines.append(line.translate({c: f"\\u{c:04x}" for c in (0x85, 0x2028, 0x2029)}) + "\n")
    return "".join(lines).encode("utf-8")


def check_checkpoint(manifest: dict[str, Any], key: str) -> bytes:
    """The manifest's checkpoint: signed by ``key``, of the digest's size and recorded time."""
    note = manifest["checkpoint"]
    if note is None:
        raise ExportError("the manifest holds no checkpoint")
    name, key_hash, encoded = key.strip().split("+", 2)
    public = base64.b64decode(encoded)
    if hashlib.sha256(name.encode() + b"\n" + public).digest()[:4].hex() != key_hash:
        raise ExportError("the verifier key's hash is not its name's and key's")
    text, _, signatures = note.partition("\n\n")
    lines = text.split("\n")
    for line in signatures.splitlines():
        signer, _, signature = line.removeprefix("\u2014 ").partition(" ")
        blob = base64.b64decode(signature)
        if signer == name and blob[:4].hex() == key_hash:
            from cryptography.exceptions import InvalidSignature
            from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

            try:
                Ed25519PublicKey.from_public_bytes(public[1:]).verify(
                    blob[4:], (text + "\n").encode()
                )
            except InvalidSignature:
                raise ExportError("the checkpoint's signature does not verify") from None
            break
    else:
        raise ExportError("the checkpoint carries no signature of the key's")
    digest = manifest["ledger_digest"]
    recorded = [
        line.removeprefix("recorded ") for line in lines[3:] if line.startswith("recorded ")
    ]
    if int(lines[1]) != digest["position"] or recorded[:1] != [digest["recorded"]][: len(recorded)]:
        raise ExportError("the checkpoint is not of the export's position and recorded time")
    return base64.b64decode(lines[2])


def merkle_root(leaves: list[bytes]) -> bytes:
    """RFC 6962: split at the largest power of two below the size."""
    if len(leaves) <= 1:
        return leaves[0] if leaves else hashlib.sha256(b"").digest()
    half = 1 << ((len(leaves) - 1).bit_length() - 1)
    return hashlib.sha256(
        b"\x01" + merkle_root(leaves[:half]) + merkle_root(leaves[half:])
    ).digest()


def _each(values: list[str]) -> set[str]:
    return {part.strip() for value in values for part in value.split(",") if part.strip()}


def _moment(text: str, clock: str, end: bool) -> date | datetime:
    """A --from or --to: a day (the whole day), or a time (--to: to the end of the hour,
    minute or second it names; a time with a fraction of a second is that instant)."""
    try:  # a day: YYYY-MM-DD, or another ISO 8601 spelling of one (YYYYMMDD, YYYY-Www-D)
        named_day = date.fromisoformat(text)
    except ValueError:
        named_day = None
    if clock == "effective":
        return date.fromisoformat(text)
    if named_day is not None:
        day = datetime.combine(named_day, datetime.min.time(), tzinfo=UTC)
        return day + timedelta(days=1, microseconds=-1) if end else day
    moment = datetime.fromisoformat(text.upper())
    moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    named = re.match(r"[0-9:]*", text[11:])
    digits = len((named[0] if named else "").replace(":", ""))
    if not end or "." in text[11:] or digits not in SPANS:
        return moment
    return moment + SPANS[digits] - timedelta(microseconds=1)


SPANS = {2: timedelta(hours=1), 4: timedelta(minutes=1), 6: timedelta(seconds=1)}
"""How long the time a --to names lasts, by its digits (HH, HH:MM, HH:MM:SS)."""


def selects(filters: dict[str, Any], row: dict[str, str]) -> bool:
    """Whether the manifest's filters select an audit_trail row (its text forms)."""
    item, actor = filters["item"], filters["actor"]
    if item is not None and row["subject"] not in {item, item.upper(), item.lower()}:
        return False
    if actor is not None and row["actor"].casefold() != actor.casefold():
        return False
    on_items = ("organisation", "category", "kind", "stage", "rag")
    if any(filters[name] for name in on_items) and row["subject_kind"] != "item":
        return False  # the item filters keep only rows on items
    return _selected_by_kind(filters, row)


def _selected_by_kind(filters: dict[str, Any], row: dict[str, str]) -> bool:
    """Whether the type, the item filters and the range select the row."""
    kind = filters["type"]
    if kind is not None and kind.casefold() not in {
        row["event_type"].casefold(),
        row["event"].casefold().replace(" ", "-"),
    } | {row["event"].casefold()}:
        return False
    for name in ("organisation", "category", "kind"):
        names = (
            _each(filters[name]) | set(filters[name]) if name != "kind" else _each(filters[name])
        )
        if names and row[name].casefold() not in {n.casefold() for n in names}:
            return False
    stages = {s for v in _each(filters["stage"]) for s in VIEWS.get(v, {v.replace("-", " ")})}
    # not-assessed: the trail's 'not assessed'; not-reported: no RAG (an empty cell)
    rags = {"" if r == "not-reported" else r.replace("-", " ") for r in _each(filters["rag"])}
    if (stages and row["stage"] not in stages) or (rags and row["rag"] not in rags):
        return False
    clock = filters["clock"]
    at: date | datetime = (
        date.fromisoformat(row["effective_date"])
        if clock == "effective"
        else datetime.fromisoformat(row["recorded_at"])
    )
    low = filters["from"] and _moment(filters["from"], clock, end=False)
    high = filters["to"] and _moment(filters["to"], clock, end=True)
    return (not low or at >= low) and (not high or at <= high)


def record(position: int, aggregate: bytes, version: int, topic: str, state: bytes) -> bytes:
    encoded = topic.encode("utf-8")
    return (
        struct.pack(">Q", position)
        + aggregate
        + struct.pack(">Q", version)
        + struct.pack(">I", len(encoded))
        + encoded
        + struct.pack(">Q", len(state))
        + state
    )


def _to_the_second(state: bytes) -> str:
    """An event's recorded time as a digest's ``recorded=`` has it: UTC, cut to the second."""
    recorded = datetime.fromisoformat(json.loads(state)["timestamp"]["_data_"]).astimezone(UTC)
    return recorded.strftime("%Y-%m-%dT%H:%M:%SZ")


def derived(position: int, version: int, topic: str, state: bytes) -> dict[str, str]:
    """The eleven columns a checker of its own derives from an event, as text forms."""
    stored = json.loads(state)
    decision = stored["decision"]["_data_"]
    mandate = decision.get("mandate")
    kinds = {"board_resolution": "board", "delegated_authority": "delegation"}
    recorded = datetime.fromisoformat(stored["timestamp"]["_data_"]).astimezone(UTC)
    return {
        "position": str(position),
        "version": str(version),
        "event_type": topic.rpartition(":")[2],
        "recorded_at": recorded.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "effective_date": decision["effective_date"]["_data_"],
        "actor": decision["actor"],
        "role": decision["role"],
        "authority": decision["authority"] or "",
        "rationale": decision["rationale"],
        "refs": canonical(decision["references"]),
        "authority_detail": ""
        if mandate is None
        else canonical({**mandate["_data_"], "kind": kinds[mandate["_type_"]]}),
    }


@dataclass(frozen=True)
class PostgresLedger:
    """A ledger in a PostgreSQL schema: the server (a libpq URL) and the schema's name."""

    conninfo: str
    schema: str


EVENTS_SQL = (
    "SELECT e.id, e.originator_id, e.originator_version, e.topic, e.state, c.hash"
    " FROM portfolio_ledger_events e LEFT JOIN portfolio_ledger_chain c"
    " ON c.position = e.id WHERE e.id <= {0} ORDER BY e.id"
)
TRAIL_SQL = (
    f"SELECT position, subject, {', '.join(FOLDED)} FROM audit_trail WHERE position <= {{0}}"
)


def _read(db: Path | PostgresLedger, upto: int) -> tuple[list[Any], list[Any]]:
    """The events with their links, and the audit_trail rows, up to ``upto``."""
    if isinstance(db, PostgresLedger):
        return _read_postgres(db, upto)
    return _read_sqlite(db, upto)


def _read_postgres(db: PostgresLedger, upto: int) -> tuple[list[Any], list[Any]]:
    """Both reads in one REPEATABLE READ transaction: the ledger as it was when it began."""
    import psycopg

    options = f"-csearch_path={db.schema}"
    with psycopg.connect(db.conninfo, options=options, autocommit=False) as connection:
        connection.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        connection.read_only = True
        events = connection.execute(EVENTS_SQL.format("%s"), (upto,)).fetchall()
        trail = connection.execute(TRAIL_SQL.format("%s"), (upto,)).fetchall()
        connection.rollback()
    return [
        (position, aggregate.bytes, version, topic, bytes(state), link)
        for position, aggregate, version, topic, state, link in events
    ], trail


def _read_sqlite(db_path: Path, upto: int) -> tuple[list[Any], list[Any]]:
    db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        events = db.execute(EVENTS_SQL.format("?"), (upto,)).fetchall()
        trail = db.execute(TRAIL_SQL.format("?"), (upto,)).fetchall()
    finally:
        db.close()
    return events, trail


def _differs(cells: dict[str, str], truth: dict[str, str], source: str, line: int) -> None:
    for name, text in truth.items():
        if cells[name] != text:
            raise ExportError(f"{name} is not {source}", line)


def check_ledger(checked: dict[str, Any], db_path: Path | PostgresLedger) -> None:
    """The chain to the manifest's digest; each row against its event and trail row; all rows."""
    manifest, rows = checked["manifest"], checked["rows"]
    digest = manifest["ledger_digest"]
    events, trail = _read(db_path, digest["position"])

    def cells(position: int) -> tuple[dict[str, str], int]:
        line, texts = rows[position]
        return dict(zip(manifest["columns"], texts, strict=False)), line

    link, leaves, every = bytes(32), [], {}
    for expected, (position, aggregate, version, topic, state, stored) in enumerate(events, 1):
        if position != expected:
            raise ExportError(f"the ledger: position {expected} is missing")
        leaf = record(position, aggregate, version, topic, state)
        link = hashlib.sha256(link + leaf).digest()
        leaves.append(hashlib.sha256(b"\x00" + leaf).digest())
        if stored != link.hex():
            raise ExportError(f"the ledger: position {position} does not match its link")
        every[position] = derived(position, version, topic, bytes(state))
        if position in rows:
            found, line = cells(position)
            _differs(found, every[position], "the event's", line)
    if len(events) != digest["position"] or link.hex() != digest["sha256"]:
        raise ExportError("the ledger does not hold the history of the manifest's digest")
    if events and digest["recorded"] != _to_the_second(bytes(events[-1][4])):
        raise ExportError("the manifest's digest is not recorded when its last event was")
    if checked["root"] is not None and merkle_root(leaves) != checked["root"]:
        raise ExportError("the ledger's events do not give the root the checkpoint signs")
    for position, _subject, *values in trail:
        truth = {n: "" if v is None else str(v) for n, v in zip(FOLDED, values, strict=True)}
        every[position].update(truth)
        if position in rows:
            found, line = cells(position)
            _differs(found, truth, "the audit_trail table's", line)
    if sorted(position for position, *_ in trail) != list(every):
        raise ExportError("the audit_trail table does not hold one row a position")
    _complete(manifest["filters"], every, set(rows))


def _complete(
    filters: dict[str, Any], trail: dict[int, dict[str, str]], exported: set[int]
) -> None:
    """The export holds every row its filters select, and no other."""
    wanted = {position for position, row in trail.items() if selects(filters, row)}
    if wanted != exported:
        first = min(wanted ^ exported)
        raise ExportError(f"position {first} is {'missing' if first in wanted else 'not selected'}")


def independent(export: Path, db_path: Path | PostgresLedger | None, key: str | None = None) -> str:
    try:
        checked = check_file(export, key)
        if db_path is not None:
            check_ledger(checked, db_path)
    except (ExportError, UnicodeDecodeError, ValueError, KeyError) as error:
        return f"FAILED: {error}"
    return "OK"


# --- the tests -----------------------------------------------------------------------------

IMPORTED = [
    {
        "command": "item propose", "key": "IMP-001", "kind": "project",
        "title": 'A title, with "quotes"', "owner": "=cmd|' /C calc'!A0", "sponsor": "CFO",
        "category": "Corporate systems", "actor": "@Sam", "role": "-PM",
        "rationale": "line1\nline2\r\nline3 é 😀 \u2028 ' \t", "effective_date": "2026-03-02",
        "references": ["+ref", "'quoted"],
    },
    {
        "command": "item appraise", "key": "IMP-001", "estimated-cost": "GBP 1,000",
        "expected-benefits": "2000", "risk-rating": "low", "alignment-score": 50,
        "actor": "\u3000\uff1d1+1", "role": "'PM", "rationale": "  +leading spaces",
    },
    {
        "command": "item onboard", "key": "IMP-003", "title": "Unrated", "category": "Corporate",
        "stage": "live", "rag": "not assessed", "authority": "Baseline", "actor": "Sam",
        "role": "PMO", "rationale": "Onboarded unrated", "effective_date": "2026-03-03",
    },
]  # fmt: skip
SAID = {"authority": "PMO", "actor": "Sam", "role": "PMO"}
SMALL = (
    {"command": "item onboard", "key": "ONB-1", "title": "Payroll", "category": "Corporate",
     "stage": "in delivery", "budget": "GBP 5,000", **SAID, "authority": "Baseline",
     "rationale": "Onboarded", "effective_date": "2026-01-15"},
    {"command": "item report-status", "key": "ONB-1", "overall": "amber", **SAID,
     "forecast_date": "2027-03-31", "rationale": "Monthly", "effective_date": "2026-02-28"},
    {"command": "item defer", "key": "IMP-001", "until": "2026-12-31", **SAID, "rationale": "Wait"},
    {"command": "item propose", "key": "IMP-002", "kind": "programme", "title": "Data",
     "owner": "CIO", "sponsor": "CFO", "category": "Corporate", "actor": "Sam", "role": "PMO",
     "rationale": "Idea", "effective_date": "2026-03-05"},
    {"command": "item reject", "key": "IMP-002", **SAID, "rationale": "No"},
)  # fmt: skip
"""With IMPORTED, the PostgreSQL ledger: small, so verifying it on the server is quick."""


Where = Path | PostgresLedger
"""Where a ledger is: an SQLite file, or a PostgreSQL schema."""
KEYS: dict[Where, Path] = {}
"""The signing key each module ledger signs its exports' checkpoints with."""
POSTGRES = pytest.mark.postgres


@pytest.fixture(scope="module")
def ledger(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Cli, Where]]:
    """The demo, and an import of text a CSV must quote and neutralise: an SQLite file, or
    (``postgres``) a PostgreSQL schema of its own, read by the checker through psycopg."""
    folder = tmp_path_factory.mktemp("independent")
    if request.param == "sqlite":
        path = folder / "ledger.db"
        yield _made(Cli(f"sqlite:///{path}"), folder, path)
        return
    with postgres_schema() as url:
        schema = schema_of(url)
        server = str(os.environ[POSTGRES_ENV]).replace("postgresql+psycopg://", "postgresql://")
        yield _made(Cli(url), folder, PostgresLedger(server, schema), SMALL)


def _made(
    run: Cli, folder: Path, where: Where, more: tuple[dict[str, Any], ...] = ()
) -> tuple[Cli, Where]:
    """The demo and the import (``more``: no demo, the import and ``more``); the signing key."""
    assert more or run("demo").exit_code == 0
    made = run("audit", "keygen", "--name", "ledger.example.org/h", "--out", str(folder / "s.key"))
    assert made.exit_code == 0, made.output
    decisions = folder / "decisions.jsonl"
    lines = (*IMPORTED, *more)
    decisions.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    imported = run("import", str(decisions))
    assert imported.exit_code == 0, imported.output
    KEYS[where] = folder / "s.key"
    return run, where


def _key(db_path: Where) -> Path:
    """The signing key the module's ledger signs its exports' checkpoints with."""
    return KEYS[db_path]


def _export(run: Cli, db_path: Where, out: Path, *filters: str) -> Path:
    signing = {"PORTFOLIO_LEDGER_SIGNING_KEY": str(_key(db_path))}
    result = run("audit", "export", "--out", str(out), "--overwrite", *filters, env=signing)
    assert result.exit_code == 0, result.output
    return out


def _product(run: Cli, export: Path, *args: str) -> str:
    result = run("audit", "verify-export", str(export), *args)
    assert result.exit_code in {0, 1}, result.output
    assert "Traceback" not in result.output
    return "OK" if result.exit_code == 0 else result.output


def _both(run: Cli, export: Path, db_path: Where) -> tuple[str, str, str, str]:
    public = Path(f"{_key(db_path)}.pub")
    key = public.read_text(encoding="utf-8")
    alone = (
        _product(run, export, "--file-only", "--key", str(public)),
        independent(export, None, key),
    )
    with_ledger = (_product(run, export, "--key", str(public)), independent(export, db_path, key))
    return alone + with_ledger


FILTERS = [
    (),
    ("--item", "IMP-001"),
    ("--item", "prj-001", "--to", "2099-12-31"),
    ("--from", "2000-01-01T00:00:00Z", "--to", "2000-01-01"),
    ("--from", "2000-01-01T00:00:00z"),
    ("--clock", "effective", "--from", "2026-02-01", "--to", "2026-03-01"),
    ("--stage", "pipeline"),
    ("--stage", "in-delivery,closed", "--organisation", "corp", "--kind", "PROJECT"),
    ("--type", "delivery-started", "--actor", "aisha KHAN"),
    ("--rag", "Not-Assessed,withheld"),
    ("--rag", "not-reported,green"),
    ("--stage", "left"),
    ("--from", "20000101", "--to", "2099-W01-1"),
    ("--clock", "effective", "--from", "20260201", "--to", "2026-W09-7"),
]
FILTER_IDS = [
    "all", "imported-item", "one-item", "empty-range", "recorded-clock", "effective-clock",
    "view", "stages-organisation-kind", "type-actor", "rag", "rag-not-reported", "left-view",
    "other-day-forms", "effective-other-day-forms",
]  # fmt: skip


ON_POSTGRES = {("all", ".csv"), ("all", ".jsonl"), ("effective-clock", ".jsonl")}
"""The exports judged on PostgreSQL too: the whole trail, awkward text, the other clock."""
GENUINE = [
    pytest.param("sqlite", filters, suffix, id=f"sqlite-{name}-{suffix[1:]}")
    for filters, name in zip(FILTERS, FILTER_IDS, strict=True)
    for suffix in (".csv", ".jsonl")
] + [
    pytest.param("postgres", filters, suffix, id=f"postgres-{name}-{suffix[1:]}", marks=POSTGRES)
    for filters, name in zip(FILTERS, FILTER_IDS, strict=True)
    for suffix in (".csv", ".jsonl")
    if (name, suffix) in ON_POSTGRES
]


@pytest.mark.parametrize(
    ("ledger", "filters", "suffix"), GENUINE, indirect=["ledger"], scope="module"
)
def test_the_independent_checker_passes_what_the_product_exports(
    ledger: tuple[Cli, Where], tmp_path: Path, suffix: str, filters: tuple[str, ...]
) -> None:
    run, db_path = ledger
    export = _export(run, db_path, tmp_path / f"trail{suffix}", *filters)
    manifest = json.loads(Path(f"{export}.manifest.json").read_text(encoding="utf-8"))

    assert _both(run, export, db_path) == ("OK", "OK", "OK", "OK")
    assert manifest["checkpoint"] is not None  # so the signature and the root were checked
    assert (manifest["rows"] == 0) == (filters[-1:] == ("2000-01-01",))  # none empty but one
    rows = [texts for _, texts in check_file(export)["rows"].values()]
    assert rendered(manifest, rows) == export.read_bytes()  # the docs' rules fix every byte


@pytest.mark.parametrize("ledger", ["sqlite"], indirect=True, scope="module")
@pytest.mark.parametrize("named", [13, 16], ids=["to-the-hour", "to-the-minute"])
def test_the_independent_checker_reads_a_to_the_hour_or_minute_to_its_end(
    ledger: tuple[Cli, Where], tmp_path: Path, named: int
) -> None:
    """``--to`` naming the hour or minute the last event was recorded in keeps that event."""
    run, db_path = ledger
    every = _export(run, db_path, tmp_path / "all.jsonl")
    last = json.loads(every.read_text(encoding="utf-8").splitlines()[-1])["recorded_at"]
    export = _export(run, db_path, tmp_path / "to.jsonl", "--to", last[:named] + "Z")
    manifest = json.loads(Path(f"{export}.manifest.json").read_text(encoding="utf-8"))

    assert manifest["last_position"] == json.loads(every.read_text().splitlines()[-1])["position"]
    assert _both(run, export, db_path) == ("OK", "OK", "OK", "OK")


def _reseal(export: Path, **changes: Any) -> None:
    """Recompute the manifest's size and SHA-256 (and any change given), as a forger would."""
    manifest_file = Path(f"{export}.manifest.json")
    manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
    data = export.read_bytes()
    manifest.update(size=len(data), sha256=hashlib.sha256(data).hexdigest())
    manifest.update(changes)
    manifest_file.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")


def _rehash_row(texts: list[str]) -> str:
    body = json.dumps(texts, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def _forge_jsonl_actor(data: bytes) -> bytes:
    """Rewrite one row's actor and its row_sha256: only the ledger can tell."""
    lines = data.decode("utf-8").split("\n")
    record = json.loads(lines[4])
    record["actor"] = "Mallory"
    columns = list(record)[:-1]
    record["row_sha256"] = _rehash_row(jsonl_texts(json.dumps(record), list(record), 5)[:-1])
    assert columns[-1] == "rag"
    lines[4] = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
    return "\n".join(lines).encode("utf-8")


def _lines(separator: bytes, change: Callable[[list[bytes]], None]) -> Callable[[bytes], bytes]:
    def changed(data: bytes) -> bytes:
        parts = data.split(separator)
        change(parts)
        return separator.join(parts)

    return changed


def _swap(parts: list[bytes]) -> None:
    parts[4], parts[5] = parts[5], parts[4]


def _repeat(parts: list[bytes]) -> None:
    parts.insert(-1, parts[4])


def _drop(parts: list[bytes]) -> None:
    del parts[4]


TAMPERED: dict[str, tuple[str, Callable[[bytes], bytes], bool, dict[str, Any]]] = {
    # name: (suffix, change to the file, reseal the manifest, manifest changes)
    "csv cell edited": (".csv", lambda d: d.replace(b"Priya Raman", b"Priya Ramen", 1), False, {}),
    "csv cell edited, resealed": (
        ".csv", lambda d: d.replace(b"Priya Raman", b"Priya Ramen", 1), True, {}
    ),
    "csv line deleted": (".csv", _lines(b"\r\n", _drop), False, {}),
    "csv lines swapped, resealed": (".csv", _lines(b"\r\n", _swap), True, {}),
    "csv line repeated at the end, resealed": (".csv", _lines(b"\r\n", _repeat), True, {}),
    "csv with LF line ends, resealed": (".csv", lambda d: d.replace(b"\r\n", b"\n"), True, {}),
    "csv without its byte-order mark, resealed": (".csv", lambda d: d[3:], True, {}),
    "csv in UTF-16, resealed": (
        ".csv", lambda d: d.decode("utf-8-sig").encode("utf-16"), True, {}
    ),
    "csv neutralising quote removed, resealed": (
        ".csv", lambda d: d.replace(b",'@Sam,", b",@Sam,", 1), True, {}
    ),
    "jsonl line edited, resealed": (".jsonl", lambda d: d.replace(b"Priya", b"Pria", 1), True, {}),
    "jsonl line deleted, counted and resealed": (
        ".jsonl", _lines(b"\n", _drop), True, {"rows": "FEWER"}
    ),
    "jsonl lines swapped, resealed": (".jsonl", _lines(b"\n", _swap), True, {}),
    "jsonl row and checksum forged, resealed": (".jsonl", _forge_jsonl_actor, True, {}),
    "jsonl with a key given twice, resealed": (
        ".jsonl", lambda d: d.replace(b'{"position":', b'{"actor":"x","position":', 1), True, {}
    ),
    "manifest sha256 of another file": (".jsonl", lambda d: d, True, {"sha256": "0" * 64}),
    "manifest rows miscounted": (".jsonl", lambda d: d, True, {"rows": "MORE"}),
    "manifest encoding of the other format": (".jsonl", lambda d: d, True, {"encoding": "CSV"}),
    "manifest filters naming an item the rows are not on": (
        ".csv", lambda d: d, True, {"filters": "ITEM"}
    ),
    "manifest checkpoint's signature altered": (
        ".jsonl", lambda d: d, True, {"checkpoint": "SIGNATURE"}
    ),
    "jsonl cut short inside a line": (".jsonl", lambda d: d[: len(d) // 2], False, {}),
    "csv last line end removed, resealed": (".csv", lambda d: d[:-2], True, {}),
    "jsonl last row removed": (".jsonl", lambda d: d[: d.rindex(b"\n", 0, -1) + 1], False, {}),
}  # fmt: skip


def _altered_signature(note: str) -> str:
    """The note with one base64 character of its signature changed (still base64)."""
    at = len(note) - 10
    return note[:at] + ("A" if note[at] != "A" else "B") + note[at + 1 :]


TAMPERED_ON_POSTGRES = (
    "csv neutralising quote removed, resealed",
    "jsonl row and checksum forged, resealed",  # only the ledger tells
)


@pytest.mark.parametrize(
    ("ledger", "name"),
    [pytest.param("sqlite", name, id=f"sqlite-{name}") for name in TAMPERED]
    + [
        pytest.param("postgres", n, id=f"postgres-{n}", marks=POSTGRES)
        for n in TAMPERED_ON_POSTGRES
    ],
    indirect=["ledger"],
    scope="module",
)
def test_the_independent_checker_and_the_product_both_fail_a_tampered_export(
    ledger: tuple[Cli, Where], tmp_path: Path, name: str
) -> None:
    run, db_path = ledger
    suffix, change, reseal, manifest_changes = TAMPERED[name]
    export = _export(run, db_path, tmp_path / f"trail{suffix}")
    manifest = json.loads(Path(f"{export}.manifest.json").read_text(encoding="utf-8"))
    rows = manifest["rows"]
    export.write_bytes(change(export.read_bytes()))
    changes = dict(manifest_changes)
    if changes.get("filters") == "ITEM":
        changes["filters"] = {**manifest["filters"], "item": "IMP-001"}
    if changes.get("checkpoint") == "SIGNATURE":
        changes["checkpoint"] = _altered_signature(manifest["checkpoint"])
    if changes.get("rows") in {"FEWER", "MORE"}:
        changes["rows"] = rows - 1 if changes["rows"] == "FEWER" else rows + 1
    if changes.get("encoding") == "CSV":
        changes["encoding"] = ENCODINGS["csv"]
    if reseal:
        _reseal(export, **changes)

    product_alone, ours_alone, product, ours = _both(run, export, db_path)

    assert product != "OK", name
    assert ours.startswith("FAILED"), (name, ours)
    assert (product_alone == "OK") == (ours_alone == "OK"), (name, product_alone, ours_alone)
    named = re.search(r"line ([0-9,]+)", ours)
    if named and "line" in product:
        assert f"line {named[1]}" in product.replace(",", ""), (name, product, ours)


@pytest.mark.parametrize("ledger", ["sqlite"], indirect=True, scope="module")
def test_both_fail_a_manifest_whose_digest_was_recorded_at_another_time(
    ledger: tuple[Cli, Where], tmp_path: Path
) -> None:
    """The digest's ``recorded=`` edited, and the checkpoint (which signs it) left out: only the
    ledger's event at the digest's position tells."""
    run, db_path = ledger
    export = _export(run, db_path, tmp_path / "trail.jsonl")
    manifest = json.loads(Path(f"{export}.manifest.json").read_text(encoding="utf-8"))
    digest = manifest["ledger_digest"]
    recorded = datetime.fromisoformat(digest["recorded"]) - timedelta(hours=1)
    earlier = recorded.strftime("%Y-%m-%dT%H:%M:%SZ")
    line = digest["line"].replace(digest["recorded"], earlier)
    _reseal(export, checkpoint=None, ledger_digest={**digest, "recorded": earlier, "line": line})

    assert (_product(run, export, "--file-only"), independent(export, None)) == ("OK", "OK")
    product, ours = _product(run, export), independent(export, db_path)
    assert "digest altered" in product, product
    assert ours.startswith("FAILED"), ours
    assert "recorded when its last event was" in ours, ours


LEDGER_CHANGES = {
    "a byte of an event's state": "UPDATE portfolio_ledger_events SET state = CAST("
    "substr(CAST(state AS TEXT), 1, 60) || 'X' || substr(CAST(state AS TEXT), 62) AS BLOB)"
    " WHERE id = 40",
    "an event deleted": "DELETE FROM portfolio_ledger_events WHERE id = 40",
    "a chain link changed": "UPDATE portfolio_ledger_chain SET hash = "
    "'0000000000000000000000000000000000000000000000000000000000000000' WHERE position = 40",
    "an audit trail row edited": "UPDATE audit_trail SET summary = 'nothing' WHERE position = 40",
    "an audit trail row deleted": "DELETE FROM audit_trail WHERE position = 40",
}


@pytest.mark.parametrize("ledger", ["sqlite"], indirect=True, scope="module")
@pytest.mark.parametrize("name", list(LEDGER_CHANGES))
def test_both_fail_an_export_checked_against_a_ledger_changed_since(
    ledger: tuple[Cli, Where], tmp_path: Path, name: str
) -> None:
    run, db_path = ledger
    assert isinstance(db_path, Path)
    export = _export(run, db_path, tmp_path / "trail.csv")
    copy = tmp_path / "changed.db"
    with sqlite3.connect(db_path) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    source.close()
    with sqlite3.connect(copy) as db:
        db.execute(LEDGER_CHANGES[name])
    db.close()
    changed = Cli(f"sqlite:///{copy}")

    product, ours = _product(changed, export), independent(export, copy)

    assert product != "OK", name
    assert ours.startswith("FAILED"), (name, ours)
    assert _product(changed, export, "--file-only") == "OK" == independent(export, None)
    shutil.rmtree(tmp_path, ignore_errors=True)


POSTGRES_CHANGES = {
    # name: (table, column, key column, the changed value, in SQL)
    "a byte of an event's state": (
        "portfolio_ledger_events", "state", "id", "overlay(state placing 'X'::bytea from 61 for 1)"
    ),
    "a chain link changed": ("portfolio_ledger_chain", "hash", "position", "repeat('0', 64)"),
}  # fmt: skip


@pytest.mark.parametrize(
    "ledger", [pytest.param("postgres", marks=POSTGRES)], indirect=True, scope="module"
)
@pytest.mark.parametrize("name", list(POSTGRES_CHANGES))
def test_both_fail_an_export_checked_against_a_postgresql_ledger_changed_since(
    ledger: tuple[Cli, Where], tmp_path: Path, name: str
) -> None:
    """Position 5 changed through SQL in the module's schema, and put back after."""
    import psycopg

    run, db = ledger
    assert isinstance(db, PostgresLedger)
    export = _export(run, db, tmp_path / "trail.csv")
    table, column, key, value = POSTGRES_CHANGES[name]
    where = f"FROM {table} WHERE {key} = 5"
    with psycopg.connect(db.conninfo, options=f"-csearch_path={db.schema}") as connection:
        [(kept,)] = connection.execute(f"SELECT {column} {where}").fetchall()
        connection.execute(f"UPDATE {table} SET {column} = {value} WHERE {key} = 5")
        connection.commit()
        try:
            product, ours = _product(run, export), independent(export, db)
        finally:
            connection.execute(f"UPDATE {table} SET {column} = %s WHERE {key} = 5", (kept,))
            connection.commit()

    assert product != "OK", name
    assert ours.startswith("FAILED"), (name, ours)
    assert _product(run, export) == "OK" == independent(export, db)  # put back: judged sound
