"""What ``portfolio-ledger import`` reads: the file given, its checksum, its bytes' encoding."""

from __future__ import annotations

import hashlib
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

import click

from portfolio_ledger.application.errors import InvalidInput

UTF8_BOM = b"\xef\xbb\xbf"
"""A UTF-8 byte-order mark: only a mark of the encoding (Excel's "CSV UTF-8", Notepad)."""
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
"""UTF-16 byte-order marks, little- and big-endian (PowerShell 5's Out-File, say)."""


@contextmanager
def readable(file: Path) -> Iterator[tuple[Path, str]]:
    """A regular file to read the lines from, and the SHA-256 of the bytes given.

    A regular file is read twice: once for its checksum, which says whether it was
    imported before (before its lines are handled), then for its lines. Standard input
    (``-``), a pipe (``<(...)``) or a named FIFO can be read only once: what it holds is
    copied to a temporary file as it is read, and that is imported (removed afterwards).
    """
    if str(file) != "-" and stat.S_ISREG(file.stat().st_mode):
        yield file, sha256(file)
        return
    checksum = hashlib.sha256()
    with tempfile.TemporaryDirectory(prefix="portfolio-ledger-import-") as folder:
        copy = Path(folder) / "import.jsonl"
        try:
            # "-" is standard input (kept open: click's wrapper does not close it).
            with click.open_file(str(file), "rb") as source, copy.open("wb") as out:
                while chunk := source.read(1 << 20):
                    checksum.update(chunk)
                    out.write(chunk)
        except OSError as error:
            raise InvalidInput(
                f"{file} could not be copied to {folder} to be imported ({error.strerror}): "
                "what is read from standard input or a pipe is kept there first; make room "
                "there, or set TMPDIR to a folder with room, or import a file; nothing was "
                "written"
            ) from None
        yield copy, checksum.hexdigest()


def sha256(file: Path) -> str:
    """The SHA-256 of the file's bytes, as they are."""
    checksum = hashlib.sha256()
    with file.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            checksum.update(chunk)
    return checksum.hexdigest()


def check_encoding(file: Path, shown: str) -> None:
    """Refuse a file in UTF-16 (it starts with that byte-order mark): the import reads UTF-8."""
    with file.open("rb") as handle:
        start = handle.read(2)
    if start in UTF16_BOMS:
        raise InvalidInput(
            f"{shown} is UTF-16 text (it starts with a UTF-16 byte-order mark), and the import "
            'reads UTF-8: save it as UTF-8 (Excel: "CSV UTF-8"; PowerShell: Out-File '
            "-Encoding utf8; iconv -f UTF-16 -t UTF-8) and import it again; nothing was written"
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
