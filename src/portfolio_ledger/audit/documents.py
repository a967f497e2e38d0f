"""The ledger's own JSON documents, told apart: a receipt, a consistency proof, a manifest.

Each says what it is (a receipt's and a proof's ``format``, a manifest's ``kind``),
so one handed to the command for another is named, with the command that checks
it, rather than refused with a list of every field it lacks.
"""

from __future__ import annotations

from typing import Final

RECEIPT_FORMAT: Final = "portfolio-ledger/receipt/v1"
"""The ``format`` every receipt states, so that a later version is told apart."""

CONSISTENCY_FORMAT: Final = "portfolio-ledger/consistency/v1"
"""The ``format`` every consistency proof states."""

MANIFEST_KIND: Final = "portfolio-ledger audit export"
"""The ``kind`` every export's manifest states."""

MAX_DOCUMENT: Final = 10 << 20
"""The most read of a key, checkpoint, receipt, proof or manifest (10 MiB; a real one is a
few kB): a pipe or a device (``/dev/zero``) named as one is never read without end."""

_DOCUMENTS: Final = {
    RECEIPT_FORMAT: ("receipt", "'portfolio-ledger audit verify-receipt FILE'"),
    CONSISTENCY_FORMAT: ("consistency proof", "'portfolio-ledger audit verify-consistency FILE'"),
    MANIFEST_KIND: (
        "export manifest",
        "'portfolio-ledger audit verify-export EXPORT', naming the file exported beside it",
    ),
}


def another_document(data: object, wanted: str) -> str | None:
    """Why ``data`` is not the ``wanted`` document, if it is another of the ledger's; else None.

    ``wanted`` is ``receipt``, ``consistency proof`` or ``export manifest``.
    """
    if not isinstance(data, dict):
        return None
    said = (data.get("format"), data.get("kind"))  # a manifest's format is csv or jsonl
    stated = next((text for text in said if isinstance(text, str) and text in _DOCUMENTS), None)
    if stated is None:
        return None
    what, command = _DOCUMENTS[stated]
    if what == wanted:
        return None
    return f"this is {_a(what)} ({stated}), not {_a(wanted)}: check it with {command}"


def _a(what: str) -> str:
    return ("an " if what[0] in "aeiou" else "a ") + what


MAX_NOTE = 64_000
"""The longest signed checkpoint a manifest, receipt or consistency proof holds."""


def note_too_long(note: str, holder: str) -> str | None:
    """Why a signed checkpoint is too long for a ``holder`` (a manifest); None if it is not.

    Only a key with a very long name makes one so (the name is written twice in each).
    """
    if len(note) <= MAX_NOTE:
        return None
    origin = note.partition("\n")[0]
    return (
        f"the signed checkpoint has {len(note):,} characters and a {holder} holds at most "
        f"{MAX_NOTE:,}: its signing key's name has {len(origin):,} characters. Make a signing "
        "key with a shorter name ('portfolio-ledger audit keygen --name "
        "ledger.example.org/portfolio --force')"
    )
