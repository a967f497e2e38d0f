"""Signed notes as Go's ``golang.org/x/mod/sumdb/note`` writes and opens them.

A signed note (https://c2sp.org/signed-note) is its text, a blank line, then
one line per signature::

    — <key name> base64(key hash (4 bytes, big-endian) || Ed25519 signature of the text)

The text is UTF-8 with no control characters but newline, and ends in one.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

from portfolio_ledger.application.proof_errors import (
    NoteFormatError,
    SignatureError,
    UnsignedNoteError,
)
from portfolio_ledger.audit.keys import (
    KEY_HASH_BYTES,
    NoteSigner,
    NoteVerifier,
    decode_base64,
    is_valid_name,
)

SIGNATURE_DASH = "\u2014 "
"""What begins every signature line: an em dash and a space."""

MAX_SIGNATURES = 100
"""Go's note.Open refuses a note with more signature lines than this; so do we."""


@dataclass(frozen=True, slots=True)
class NoteSignature:
    """One signature line of a note, not yet verified."""

    name: str
    key_hash: int
    signature: bytes


def sign_note(text: str, signer: NoteSigner) -> str:
    """The signed note: ``text``, a blank line, and the signer's signature line."""
    _check_note_characters(text)
    if not text.endswith("\n"):
        raise NoteFormatError("a note's text must end with a newline")
    signature = signer.key_hash.to_bytes(KEY_HASH_BYTES, "big") + signer.sign(text.encode())
    encoded = base64.b64encode(signature).decode("ascii")
    return f"{text}\n{SIGNATURE_DASH}{signer.name} {encoded}\n"


def split_note(message: str | bytes) -> tuple[str, list[NoteSignature]]:
    """The note's text and its signature lines, as Go's note.Open reads them: verifies nothing."""
    if isinstance(message, bytes):
        try:
            message = message.decode("utf-8")
        except UnicodeDecodeError as error:
            raise NoteFormatError(f"the note is not UTF-8 text (byte {error.start + 1})") from None
    _check_note_characters(message)
    split = message.rfind("\n\n")
    if split < 0:
        raise NoteFormatError(
            "the note has no signature block: a signed note is its text, a blank line, "
            "then one or more signature lines"
        )
    text, block = message[: split + 1], message[split + 2 :]
    if not block:
        raise NoteFormatError(_nothing_after_blank_line(message))
    if not block.endswith("\n"):
        raise NoteFormatError("the note's signature block must end with a newline")
    lines = block[:-1].split("\n")
    if len(lines) > MAX_SIGNATURES:
        raise NoteFormatError(f"the note has {len(lines)} signatures; at most {MAX_SIGNATURES}")
    return text, [_signature_line(line) for line in lines]


def open_note(message: str | bytes, verifier: NoteVerifier) -> str:
    """The note's text, once its signature by ``verifier``'s key is checked; else a refusal.

    Signatures by other keys are ignored, as the signed-note format requires.
    """
    text, signatures = split_note(message)
    others: list[str] = []
    for signature in signatures:
        if (signature.name, signature.key_hash) != (verifier.name, verifier.key_hash):
            others.append(f"{signature.name}+{signature.key_hash:08x}")
            continue
        # The first signature by our key decides, as in Go's note.Open.
        if not verifier.verify(text.encode(), signature.signature):
            raise SignatureError(
                f"the signature by {verifier.name}+{verifier.key_hash:08x} does not verify: "
                "the note's text or its signature was altered after signing"
            )
        return text
    raise UnsignedNoteError(
        f"the note is not signed by {verifier.name}+{verifier.key_hash:08x}; it is signed "
        f"only by {', '.join(others)}. Check it with the verifier key of the ledger that "
        "issued it"
    )


def _nothing_after_blank_line(message: str) -> str:
    """Why a note ending in a blank line is refused: one added after it, or no signature."""
    earlier = message.rstrip("\n").rfind("\n\n")
    if earlier >= 0 and message[earlier + 2 :].startswith(SIGNATURE_DASH):
        return (
            "the note has a blank line after its last signature line (added when it was "
            "saved or pasted?); a signed note ends with its last signature line and its "
            "newline: remove the blank line"
        )
    return "the note has no signature lines after its blank line"


def _check_note_characters(text: str) -> None:
    for offset, character in enumerate(text):
        if character < " " and character != "\n":
            raise NoteFormatError(
                f"the note holds the control character U+{ord(character):04X} at character "
                f"{offset + 1}; notes allow no control characters but newline"
            )
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise NoteFormatError(f"the note is not UTF-8 text (character {error.start + 1})") from None


def _signature_line(line: str) -> NoteSignature:
    if not line.startswith(SIGNATURE_DASH):
        raise NoteFormatError(
            f"the note's signature block holds {line[:40]!r}, not a signature line "
            "('\u2014 <key name> <base64 signature>')"
        )
    name, _, encoded = line[len(SIGNATURE_DASH) :].partition(" ")
    if not is_valid_name(name):
        raise NoteFormatError(f"the signature line names {name!r}, which is not a key name")
    raw = decode_base64(encoded, f"the signature by {name}", NoteFormatError)
    if len(raw) <= KEY_HASH_BYTES:
        raise NoteFormatError(f"the signature by {name} is too short to hold a key hash")
    return NoteSignature(name, int.from_bytes(raw[:KEY_HASH_BYTES], "big"), raw[KEY_HASH_BYTES:])
