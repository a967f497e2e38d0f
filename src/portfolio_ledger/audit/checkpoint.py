"""Signed checkpoints: the tree head as a C2SP tlog-checkpoint, in a signed note Go can open.

The checkpoint body (https://c2sp.org/tlog-checkpoint) is the note text::

    <origin>
    <tree size, decimal>
    <root hash, base64>
    recorded 2026-11-30T12:00:00Z

The fourth line is an extension line: when the event at the tree's last
position was recorded (UTC, to the second, as the ledger digest gives it).
The signed note (https://c2sp.org/signed-note, and Go's
``golang.org/x/mod/sumdb/note``, whose source is the final word here) is the
text, a blank line, then one line per signature::

    — <key name> base64(key hash (4 bytes, big-endian) || Ed25519 signature of the text)

Keys are in the note package's text forms: the signer key
``PRIVATE+KEY+<name>+<hash>+base64(0x01 || 32-byte seed)`` (keep it secret)
and the verifier key ``<name>+<hash>+base64(0x01 || 32-byte public key)``
(publish it), where 0x01 names Ed25519 and ``<hash>`` is 8 lowercase hex
digits of the key hash: the first 4 bytes of SHA-256(name || "\\n" || 0x01 ||
public key). The checkpoint's origin is the key's name, as C2SP recommends,
and opening a checkpoint requires it.

Ed25519 comes from the ``cryptography`` library; nothing here is hand-made
cryptography.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from portfolio_ledger.audit.merkle import HASH_SIZE
from portfolio_ledger.audit.proof_errors import (
    CheckpointFormatError,
    KeyFormatError,
    NoteFormatError,
    ProofError,
    SignatureError,
    UnsignedNoteError,
)

ALGORITHM_ED25519 = 1
"""The note package's algorithm byte for Ed25519, its only key type."""

SIGNATURE_DASH = "\u2014 "
"""What begins every signature line: an em dash and a space."""

MAX_SIGNATURES = 100
"""Go's note.Open refuses a note with more signature lines than this; so do we."""

MAX_TREE_SIZE = 2**63 - 1
"""The largest tree size a checkpoint may state (Go parses sizes as int64)."""

RECORDED = "recorded"
"""The extension line's keyword for when the tree's last event was recorded."""

_TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")
_SIZE = re.compile(r"0|[1-9][0-9]*")
_ED25519_KEY_BYTES = 32
_ED25519_SIGNATURE_BYTES = 64
_KEY_HASH_BYTES = 4


def key_hash(name: str, key: bytes) -> int:
    """The note package's key hash: the first 4 bytes of SHA-256(name || "\\n" || key)."""
    digest = hashlib.sha256(name.encode("utf-8") + b"\n" + key).digest()
    return int.from_bytes(digest[:_KEY_HASH_BYTES], "big")


def is_valid_name(name: str) -> bool:
    """Whether ``name`` may name a key: non-empty UTF-8 without spaces, '+' or controls."""
    if not name or "+" in name:
        return False
    if any(character.isspace() or character < " " for character in name):
        return False
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: not UTF-8 text
        return False
    return True


@dataclass(frozen=True, slots=True)
class NoteVerifier:
    """A published Ed25519 verifier key: checks signatures by one named key."""

    name: str
    key_hash: int
    public_key: Ed25519PublicKey = field(repr=False)

    @classmethod
    def from_text(cls, text: str) -> NoteVerifier:
        """Read a verifier key ``<name>+<hash>+<base64>``, refusing any altered or truncated one."""
        name, _, rest = text.strip().partition("+")
        hash_text, _, key_text = rest.partition("+")
        key = _decode_key(name, hash_text, key_text, "verifier key", "<name>+<hash>+<base64 key>")
        return cls(name, int(hash_text, 16), Ed25519PublicKey.from_public_bytes(key[1:]))

    @property
    def key_bytes(self) -> bytes:
        """The key as the note package encodes it: 0x01 || the 32-byte public key."""
        raw = self.public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)
        return bytes([ALGORITHM_ED25519]) + raw

    def text(self) -> str:
        """The verifier key in the note package's text form, to publish."""
        encoded = base64.b64encode(self.key_bytes).decode("ascii")
        return f"{self.name}+{self.key_hash:08x}+{encoded}"

    def verify(self, message: bytes, signature: bytes) -> bool:
        """Whether ``signature`` is this key's Ed25519 signature of ``message``."""
        if len(signature) != _ED25519_SIGNATURE_BYTES:
            return False
        try:
            self.public_key.verify(signature, message)
        except InvalidSignature:
            return False
        return True


@dataclass(frozen=True, slots=True)
class NoteSigner:
    """A secret Ed25519 signer key: signs notes under one name."""

    name: str
    key_hash: int
    private_key: Ed25519PrivateKey = field(repr=False)

    @classmethod
    def generate(cls, name: str) -> NoteSigner:
        """A new random signer key named ``name``."""
        if not is_valid_name(name):
            raise KeyFormatError(
                f"{name!r} cannot name a key: a key name is non-empty, with no spaces, "
                "'+' or control characters (for example ledger.example.org/portfolio)"
            )
        private_key = Ed25519PrivateKey.generate()
        public = _public_key_bytes(private_key)
        return cls(name, key_hash(name, public), private_key)

    @classmethod
    def from_text(cls, text: str) -> NoteSigner:
        """Read a signer key ``PRIVATE+KEY+<name>+<hash>+<base64>``; the hash must match the key."""
        form = "PRIVATE+KEY+<name>+<hash>+<base64 seed>"
        private, _, rest = text.strip().partition("+")
        marker, _, rest = rest.partition("+")
        if private != "PRIVATE" or marker != "KEY":
            raise KeyFormatError(
                f"the signer key does not begin with PRIVATE+KEY+; a signer key is {form}"
            )
        name, _, rest = rest.partition("+")
        hash_text, _, key_text = rest.partition("+")
        seed = _decode_key(name, hash_text, key_text, "signer key", form, check_hash=False)
        private_key = Ed25519PrivateKey.from_private_bytes(seed[1:])
        # The hash names the public key, so it can only be checked once derived.
        if int(hash_text, 16) != key_hash(name, _public_key_bytes(private_key)):
            raise KeyFormatError(
                "the signer key's hash does not match its key: the key text was altered; "
                "use the key file exactly as it was generated"
            )
        return cls(name, int(hash_text, 16), private_key)

    def text(self) -> str:
        """The signer key in the note package's text form. Secret: store it, never print it."""
        seed = self.private_key.private_bytes_raw()
        encoded = base64.b64encode(bytes([ALGORITHM_ED25519]) + seed).decode("ascii")
        return f"PRIVATE+KEY+{self.name}+{self.key_hash:08x}+{encoded}"

    def verifier(self) -> NoteVerifier:
        """The verifier key that checks this signer's signatures."""
        return NoteVerifier(self.name, self.key_hash, self.private_key.public_key())

    def sign(self, message: bytes) -> bytes:
        """The Ed25519 signature of ``message``."""
        return self.private_key.sign(message)


def save_signer_key(path: Path, signer: NoteSigner) -> None:
    """Write the signer key to a new file only its owner can read; never overwrite one."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise ProofError(
            f"{path} already exists; a signer key is never overwritten (checkpoints signed "
            "with it would no longer verify). Choose another file, or move the old one away."
        ) from None
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(signer.text() + "\n")


def load_signer_key(path: Path) -> NoteSigner:
    """Read a signer key file written by :func:`save_signer_key`."""
    return NoteSigner.from_text(path.read_text(encoding="utf-8"))


def save_verifier_key(path: Path, verifier: NoteVerifier) -> None:
    """Write the verifier key, one line, to publish."""
    path.write_text(verifier.text() + "\n", encoding="utf-8")


def load_verifier_key(path: Path) -> NoteVerifier:
    """Read a verifier key file (one line, as published)."""
    return NoteVerifier.from_text(path.read_text(encoding="utf-8"))


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
    signature = signer.key_hash.to_bytes(_KEY_HASH_BYTES, "big") + signer.sign(text.encode())
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


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """A tree head: origin, size and root hash, and when its last event was recorded."""

    origin: str
    size: int
    root: bytes
    recorded_at: datetime | None = None
    extensions: tuple[str, ...] = ()
    """Other extension lines (opaque, as C2SP allows), kept so the body reads back the same."""

    def __post_init__(self) -> None:
        if not self.origin or any(character < " " for character in self.origin):
            raise CheckpointFormatError(
                "a checkpoint's origin must be non-empty text without control characters"
            )
        if not 0 <= self.size <= MAX_TREE_SIZE:
            raise CheckpointFormatError(f"a checkpoint cannot state a tree of {self.size} leaves")
        if len(self.root) != HASH_SIZE:
            raise CheckpointFormatError(
                f"a checkpoint's root hash is {HASH_SIZE} bytes, not {len(self.root)}"
            )
        for line in self.extensions:
            if not line or "\n" in line or line.startswith(f"{RECORDED} "):
                raise CheckpointFormatError(f"{line!r} cannot be an extension line here")
        if self.recorded_at is not None:
            if self.recorded_at.tzinfo is None:
                raise CheckpointFormatError("a checkpoint's recorded time must carry its zone")
            # Seconds, in UTC, as the ledger digest states its recorded time.
            exact = self.recorded_at.astimezone(UTC).replace(microsecond=0)
            object.__setattr__(self, "recorded_at", exact)

    def body(self) -> str:
        """The note text: origin, size, base64 root, then the extension lines."""
        lines = [self.origin, str(self.size), base64.b64encode(self.root).decode("ascii")]
        if self.recorded_at is not None:
            # isoformat pads the year to 4 digits, where strftime's %Y may not.
            stamp = self.recorded_at.replace(tzinfo=None).isoformat(timespec="seconds")
            lines.append(f"{RECORDED} {stamp}Z")
        lines.extend(self.extensions)
        return "\n".join(lines) + "\n"

    @classmethod
    def parse(cls, text: str) -> Checkpoint:
        """Read a checkpoint body, refusing anything C2SP tlog-checkpoint does not allow."""
        if not text.endswith("\n"):
            raise CheckpointFormatError("a checkpoint body ends with a newline")
        lines = text[:-1].split("\n")
        if len(lines) < 3:
            raise CheckpointFormatError(
                "a checkpoint body has at least 3 lines (origin, size, root hash), "
                f"not {len(lines)}"
            )
        origin, size_text, root_text, *extra = lines
        if not _SIZE.fullmatch(size_text) or len(size_text) > 19:
            raise CheckpointFormatError(
                f"the checkpoint's tree size {size_text!r} is not a decimal number "
                "without leading zeros"
            )
        root = _decode_base64(root_text, "the checkpoint's root hash", CheckpointFormatError)
        if len(root) != HASH_SIZE:
            raise CheckpointFormatError(
                f"the checkpoint's root hash is {len(root)} bytes, not {HASH_SIZE}"
            )
        recorded_at, extensions = _extension_lines(extra)
        return cls(origin, int(size_text), root, recorded_at, extensions)


def sign_checkpoint(checkpoint: Checkpoint, signer: NoteSigner) -> str:
    """The checkpoint as a note signed by ``signer``, whose name must be its origin."""
    if checkpoint.origin != signer.name:
        raise ProofError(
            f"the checkpoint's origin {checkpoint.origin!r} is not the signer key's name "
            f"{signer.name!r}; sign a log's checkpoints with a key named after its origin"
        )
    return sign_note(checkpoint.body(), signer)


def open_checkpoint(note: str | bytes, verifier: NoteVerifier) -> Checkpoint:
    """The checkpoint a signed note states, once signature and origin are checked."""
    checkpoint = Checkpoint.parse(open_note(note, verifier))
    if checkpoint.origin != verifier.name:
        raise CheckpointFormatError(
            f"the checkpoint is of the log {checkpoint.origin!r}, not {verifier.name!r}, the "
            "log the verifier key names"
        )
    return checkpoint


def read_checkpoint_unverified(note: str | bytes) -> Checkpoint:
    """The checkpoint a signed note states, without checking any signature (for the issuer)."""
    text, _ = split_note(note)
    return Checkpoint.parse(text)


def _public_key_bytes(private_key: Ed25519PrivateKey) -> bytes:
    raw = private_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return bytes([ALGORITHM_ED25519]) + raw


def _decode_key(
    name: str,
    hash_text: str,
    key_text: str,
    kind: str,
    form: str,
    *,
    check_hash: bool = True,
) -> bytes:
    if not is_valid_name(name):
        raise KeyFormatError(f"the {kind}'s name {name!r} is not a key name; a {kind} is {form}")
    if len(hash_text) != 8 or not re.fullmatch(r"[0-9a-fA-F]{8}", hash_text):
        raise KeyFormatError(
            f"the {kind}'s hash {hash_text!r} is not 8 hex digits; a {kind} is {form}"
        )
    key = _decode_base64(key_text, f"the {kind}'s key", KeyFormatError)
    if not key or key[0] != ALGORITHM_ED25519:
        raise KeyFormatError(
            f"the {kind} is not an Ed25519 key (algorithm byte {key[:1].hex() or 'missing'}, "
            "expected 01)"
        )
    if len(key) != 1 + _ED25519_KEY_BYTES:
        raise KeyFormatError(
            f"the {kind} holds {len(key) - 1} key bytes, not {_ED25519_KEY_BYTES}: "
            "it is truncated or altered"
        )
    if check_hash and int(hash_text, 16) != key_hash(name, key):
        raise KeyFormatError(
            f"the {kind}'s hash {hash_text} does not match its name and key: the key text "
            "was altered; use it exactly as published"
        )
    return key


def _decode_base64(text: str, what: str, error: type[ProofError]) -> bytes:
    try:
        decoded = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise error(f"{what} is not base64") from None
    # One text per value: refuse the non-canonical spellings a decoder tolerates.
    if base64.b64encode(decoded).decode("ascii") != text:
        raise error(f"{what} is not canonical base64")
    return decoded


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
    raw = _decode_base64(encoded, f"the signature by {name}", NoteFormatError)
    if len(raw) <= _KEY_HASH_BYTES:
        raise NoteFormatError(f"the signature by {name} is too short to hold a key hash")
    return NoteSignature(name, int.from_bytes(raw[:_KEY_HASH_BYTES], "big"), raw[_KEY_HASH_BYTES:])


def _extension_lines(lines: list[str]) -> tuple[datetime | None, tuple[str, ...]]:
    recorded_at: datetime | None = None
    others: list[str] = []
    for line in lines:
        if not line:
            raise CheckpointFormatError("a checkpoint's extension lines must not be empty")
        keyword, _, value = line.partition(" ")
        if keyword != RECORDED:
            others.append(line)
            continue
        if recorded_at is not None:
            raise CheckpointFormatError("the checkpoint states its recorded time twice")
        if not _TIME.fullmatch(value):
            raise CheckpointFormatError(
                f"the checkpoint's recorded time {value!r} is not YYYY-MM-DDTHH:MM:SSZ"
            )
        try:
            recorded_at = datetime.strptime(value, _TIME_FORMAT).replace(tzinfo=UTC)
        except ValueError:
            raise CheckpointFormatError(
                f"the checkpoint's recorded time {value!r} is not a real time"
            ) from None
    return recorded_at, tuple(others)
