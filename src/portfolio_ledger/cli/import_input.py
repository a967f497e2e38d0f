"""What ``portfolio-ledger import`` reads: the file given, its checksum, its bytes' encoding."""

from __future__ import annotations

import codecs
import errno
import hashlib
import re
import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

import click

from portfolio_ledger.application.errors import InvalidInput
from portfolio_ledger.application.files import not_read
from portfolio_ledger.application.no_text import UTF8_BOM, no_text
from portfolio_ledger.storage.scratch import scratch_folder, unmade

UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
"""UTF-16 byte-order marks, little- and big-endian (PowerShell 5's Out-File, say)."""
UTF32_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)
"""UTF-32's marks: the little-endian one starts as UTF-16's does, and is said as UTF-32."""


@contextmanager
def readable(file: Path) -> Iterator[tuple[Path, str]]:
    """A regular file to read the lines from, and the SHA-256 of the bytes given.

    A regular file is read twice: once for its checksum, which says whether it was
    imported before (before its lines are handled), then for its lines. Standard input
    (``-``), a pipe (``<(...)``) or a named FIFO can be read only once: what it holds is
    copied to a temporary file as it is read, and that is imported (removed afterwards).
    """
    if str(file) != "-" and stat.S_ISREG(file.stat().st_mode):
        try:
            checked = sha256(file)
        except OSError as error:
            raise InvalidInput(not_read(file, error, "the file")) from None
        yield file, checked
        return
    if str(file) == "-" and sys.stdin is None:  # started with it closed ('<&-', some services)
        raise _NO_INPUT
    checksum = hashlib.sha256()
    try:
        made = scratch_folder("import")
    except OSError as error:
        raise InvalidInput(
            unmade(error, "what is read from standard input or a pipe is kept first")
        ) from None
    with made as folder:
        copy = Path(folder) / "import.jsonl"
        try:
            # "-" is standard input (kept open: click's wrapper does not close it).
            with click.open_file(str(file), "rb") as source, copy.open("wb") as out:
                # Its kind is known by how it starts: /dev/zero or a binary pipe is refused
                # there, not copied until the folder's disk is full.
                start = source.read(_START)
                while len(start) < _START and (more := source.read(_START - len(start))):
                    start += more
                refuse_kind(start, shown(file))
                checksum.update(start)
                out.write(start)
                while chunk := source.read(1 << 20):
                    checksum.update(chunk)
                    out.write(chunk)
        except OSError as error:
            if str(file) == "-" and error.errno == errno.EBADF:  # closed since, or never open
                raise _NO_INPUT from None
            raise InvalidInput(
                f"{file} could not be copied to {folder} to be imported ({error.strerror}): "
                "what is read from standard input or a pipe is kept there first; make room "
                "there, or set TMPDIR to a folder with room, or import a file; nothing was "
                "written"
            ) from None
        yield copy, checksum.hexdigest()


_NO_INPUT = InvalidInput(
    "standard input is closed, so there are no lines to read from '-': pipe the lines in "
    "(... | portfolio-ledger import -), or give the file's path; nothing was written"
)


def sha256(file: Path) -> str:
    """The SHA-256 of the file's bytes, as they are."""
    checksum = hashlib.sha256()
    with file.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            checksum.update(chunk)
    return checksum.hexdigest()


_RETURNS = (
    "'import' reads JSON Lines, one decision per line (docs/import.md); a spreadsheet of "
    "items (a return, a register) is read with 'portfolio-ledger returns import FILE "
    "--mapping MAPPING' (docs/returns.md)"
)
_KINDS = (
    (b"PK\x03\x04", "an Excel workbook (.xlsx) or another zip file"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an Excel 97-2003 workbook (.xls)"),
    (b"%PDF-", "a PDF"),
)
"""Files that are not text, known by how they start, and what they are."""
_START = 512
"""How much of a file's start says what kind of file it is."""
_EXPORT_STARTS = re.compile(
    rb'\{"position":\d+,"recorded_at":'  # JSON Lines
    rb"|position,recorded_at,effective_date,"  # CSV's header
)
"""How an ``audit export``'s first line starts, JSON Lines or CSV: its first columns.

No decision's line starts so: a ``decision correct`` naming its position first has no
recorded time beside it, and the CSV's header is the export's own.
"""
_EXPORTED = (
    "is an audit export (portfolio-ledger audit export: a row per event recorded, with its "
    "position, recorded time and row_sha256), not decisions to import: 'import' records "
    "new decisions, from lines naming a command (docs/import.md). An export is checked "
    "with 'portfolio-ledger audit verify-export FILE'; to move a ledger to another database "
    "(an SQLite file to PostgreSQL, say), copy its record as docs/verification.md says "
    '("From SQLite to PostgreSQL"), or restore a backup; nothing was written'
)


def shown(file: Path) -> str:
    """How messages name the file imported: ``-`` is standard input."""
    return "standard input" if str(file) == "-" else str(file)


def check_kind(file: Path, shown: str) -> None:
    """Refuse, before anything is read, a file that is not UTF-8 text of JSON objects."""
    with file.open("rb") as handle:
        refuse_kind(handle.read(_START), shown)


def refuse_kind(start: bytes, shown: str) -> None:
    """Refuse a file whose first bytes, ``start``, say it is not UTF-8 text of JSON objects.

    UTF-16 (its byte-order mark), an SQLite database (a ledger's file, named to import
    rather than to --db), a workbook, a PDF, bytes that are no text (a NUL
    among its first 512), or a CSV (its first line no JSON object, but cells
    separated by commas, semicolons or tabs): each is said as what it is.
    """
    if start[:2] in UTF16_BOMS or start[:4] in UTF32_BOMS:
        utf = "UTF-32" if start[:4] in UTF32_BOMS else "UTF-16"
        raise InvalidInput(
            f"{shown} is {utf} text (it starts with a {utf} byte-order mark), and the import "
            'reads UTF-8: save it as UTF-8 (Excel: "CSV UTF-8"; PowerShell: Out-File '
            f"-Encoding utf8; iconv -f {utf} -t UTF-8) and import it again; nothing was written"
        )
    if start.startswith(b"SQLite format 3\x00"):  # a ledger's file: no spreadsheet
        raise InvalidInput(
            f"{shown} is an SQLite database (a ledger's file, perhaps), not JSON Lines: "
            "'import' records decisions from a file of them, one JSON object per line "
            "(docs/import.md); a ledger's file is opened with --db FILE, and a backup is "
            "restored as docs/verification.md says; nothing was written"
        )
    what = next((name for magic, name in _KINDS if start.startswith(magic)), None)
    if what is None and b"\x00" in start:
        what = "binary (it holds NUL bytes: no text, or UTF-16 without its mark)"
    first = start.removeprefix(UTF8_BOM).lstrip().split(b"\n", 1)[0]
    if what is None and _EXPORT_STARTS.match(first):
        raise InvalidInput(f"{shown} {_EXPORTED}")
    if (
        what is None
        and first[:1] not in (b"{", b"[", b"")
        and any(sep in first for sep in (b",", b";", b"\t"))
    ):
        what = "a CSV (its first line is no JSON object, but cells separated by , ; or tabs)"
    if what is not None:
        raise InvalidInput(f"{shown} is {what}, not JSON Lines: {_RETURNS}; nothing was written")
    if first.strip() in (b"{", b"["):
        _refuse_pretty(first.strip().decode(), shown)
    if CR_ALONE.search(first):  # an object, a CR alone, the next object: one "line"
        raise InvalidInput(
            f"{shown} ends its lines in a carriage return alone (\\r, as classic Mac tools "
            "end them), so the import reads it as one line: a line of JSON Lines ends in "
            "\\n or \\r\\n; convert it (tr '\\r' '\\n' < FILE > FILE.jsonl) and import "
            "it again; nothing was written"
        )


CR_ALONE = re.compile(rb"\}[ \t]*\r[ \t\r]*\{")
"""Two objects on one line, between them a carriage return and no line feed (``imports.py``
checks a line it cannot read for it too: the first line may be longer than this looks at)."""


def _refuse_pretty(opening: str, shown: str) -> None:
    """Refuse JSON written over several lines: its first line a ``{`` or ``[`` alone.

    No line of JSON Lines is that. Read line by line, the first was refused saying so, and
    every line after it as 'Extra data' of its own, up to 50 lines of them.
    """
    what, jq = ("an object", "jq -c .") if opening == "{" else ("an array", "jq -c '.[]'")
    raise InvalidInput(
        f"{shown} holds JSON written over several lines (it begins with a line of "
        f"'{opening}' alone, as a pretty-printer writes {what}), but the import takes JSON "
        f"Lines: each decision's object on a line of its own ({jq} FILE > FILE.jsonl writes "
        "them so); nothing was written"
    )


def refuse_empty(file: Path, shown: str) -> None:
    """Refuse a file with no decision in it: 0 bytes, a BOM alone, or blank lines alone.

    Before, ``import empty.jsonl`` said *Imported 0 lines*, exit 0, and into a
    ``--db`` not there yet made an empty ledger file: a script that wrote its
    decisions to the wrong file, or none, was told all went well.
    """
    what = no_text(file)
    if what is None:
        return
    raise InvalidInput(
        f"{shown} {what}: there is no decision in it to import. Give the file that holds the "
        "decisions, one JSON object per line (docs/import.md); nothing was written"
    )


def skip_utf8_bom(handle: BinaryIO) -> int:
    """Read past a UTF-8 byte-order mark at the start of the file; the bytes read past."""
    if handle.read(len(UTF8_BOM)) == UTF8_BOM:
        return len(UTF8_BOM)
    handle.seek(0)
    return 0


def read_past_line(handle: BinaryIO) -> None:
    """Read past the rest of a line, a chunk at a time: it is never held whole."""
    while chunk := handle.readline(1 << 20):
        if chunk.endswith(b"\n"):
            return
