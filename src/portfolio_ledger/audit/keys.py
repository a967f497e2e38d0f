"""Signer and verifier keys in the text forms of Go's signed-note package.

The signer key ``PRIVATE+KEY+<name>+<hash>+base64(0x01 || 32-byte seed)``
(keep it secret) and the verifier key ``<name>+<hash>+base64(0x01 || 32-byte
public key)`` (publish it), where 0x01 names Ed25519 and ``<hash>`` is 8
lowercase hex digits of the key hash: the first 4 bytes of SHA-256(name ||
"\\n" || 0x01 || public key). Go's ``golang.org/x/mod/sumdb/note`` is the
final word on these forms.

Ed25519 comes from the ``cryptography`` library; nothing here is hand-made
cryptography.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from portfolio_ledger.application.files import (
    hidden_beside,
    put_in_place,
    synced,
    written_whole,
)
from portfolio_ledger.application.graphemes import start_of
from portfolio_ledger.application.proof_errors import KeyFormatError, ProofError

ALGORITHM_ED25519 = 1
"""The note package's algorithm byte for Ed25519, its only key type."""

KEY_HASH_BYTES = 4
"""Bytes of the key hash that begin every signature."""

_ED25519_KEY_BYTES = 32
_ED25519_SIGNATURE_BYTES = 64
_SIGNER_PREFIX = "PRIVATE+KEY+"
"""How a signer key's text begins, and a verifier key's never does."""


def key_hash(name: str, key: bytes) -> int:
    """The note package's key hash: the first 4 bytes of SHA-256(name || "\\n" || key)."""
    digest = hashlib.sha256(name.encode("utf-8") + b"\n" + key).digest()
    return int.from_bytes(digest[:KEY_HASH_BYTES], "big")


MAX_NEW_NAME = 255
"""The longest name a new key is given: a host and path. It is written in every checkpoint,
and twice in each (origin and signature), and a manifest or receipt holds a note of at most
64,000 characters; keys made before with longer names are still read."""


def new_name_problem(name: str) -> str | None:
    """Why ``name`` may not name a new key (too long, or unreadable); None if it may.

    A new key's name is published with its verifier key and read by people in
    every checkpoint: a character that shows as nothing or turns the text
    around (a zero-width space, a right-to-left override: not printable)
    would make two names look alike. Keys made before with such names are
    still read.
    """
    if len(name) > MAX_NEW_NAME:
        return (
            f"a key name has at most {MAX_NEW_NAME} characters (it is written in every "
            f"checkpoint and receipt); this one has {len(name):,}: give the ledger's host and "
            "path (ledger.example.org/portfolio)"
        )
    hidden = next((c for c in name if not c.isprintable()), None)
    if hidden is None:
        return None
    return (
        f"a key name is read by people in every checkpoint, and this one holds "
        f"U+{ord(hidden):04X} ({unicodedata.name(hidden, 'a character with no name')}) at "
        f"character {name.index(hidden) + 1}, which shows as nothing or changes how the text "
        "around it reads; give the name without it (ledger.example.org/portfolio)"
    )


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
        """Read a verifier key ``<name>+<hash>+<base64>``, refusing any altered or truncated one.

        A signer key given for it (the file beside it, mistaken for its ``.pub``) is
        refused as such, not as a verifier key whose hash is ``'KEY'``.
        """
        if text.strip().startswith(_SIGNER_PREFIX):
            raise KeyFormatError(
                "it is a signer key (PRIVATE+KEY+...), the secret one, not the verifier key: "
                "give the verifier key 'audit keygen' printed (in the .pub file beside the "
                "signer key), and keep the signer key to yourself"
            )
        name, _, rest = text.strip().partition("+")
        hash_text, _, key_text = rest.partition("+")
        key = _decode_key(name, hash_text, key_text, "verifier key", "<name>+<hash>+<base64 key>")
        return cls(name, int(hash_text, 16), Ed25519PublicKey.from_public_bytes(key[1:]))

    @property
    def key_id(self) -> str:
        """The key's name and hash, ``<name>+<8 hex digits>``: how signatures name it."""
        return f"{self.name}+{self.key_hash:08x}"

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
        problem = new_name_problem(name)
        if problem is not None:
            raise KeyFormatError(problem)
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
            if _is_verifier_key(text):
                raise KeyFormatError(
                    "it is a verifier key (<name>+<hash>+<base64 key>), the public one, which "
                    "checks signatures and cannot make them: give the signer key 'audit keygen' "
                    "wrote (signing.key, beside the .pub)"
                )
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


def save_signer_key(path: Path, signer: NoteSigner, *, replace: bool = False) -> None:
    """Write the signer key to a file only its owner can read; replace one only if asked.

    The key is written to a new hidden file (mode 0600) beside ``path`` and
    renamed over it, so ``path`` holds the old key or the new one, never a part.
    """
    _refuse_unasked(path, replace=replace)
    with _made_meanwhile(path), written_whole(path, mode=0o600, replace=replace) as part:
        part.write_text(signer.text() + "\n", encoding="utf-8")


def save_key_pair(path: Path, signer: NoteSigner, *, replace: bool = False) -> Path:
    """Write the signer key (mode 0600) and beside it its verifier key (FILE.pub): both or neither.

    Each is written to a hidden file, and both are renamed into place together:
    if either cannot be, neither place changes (an earlier pair stays as it
    was). An OSError names the place it was about. Returns the verifier key's.
    """
    _refuse_unasked(path, replace=replace)
    public = path.with_name(path.name + ".pub")
    pair = ((hidden_beside(path), path), (hidden_beside(public), public))
    texts = ((signer.text(), 0o600), (signer.verifier().text(), 0o666))
    with _made_meanwhile(path), put_in_place(*pair, new=() if replace else (path,)) as rename:
        for (hidden, place), (text, mode) in zip(pair, texts, strict=True):
            _write_new(hidden, place, text + "\n", mode)
        rename()
    return public


@contextmanager
def _made_meanwhile(path: Path) -> Iterator[None]:
    """Refuse, replacing nothing, where another process wrote a key at ``path`` meanwhile.

    Looked for first (``_refuse_unasked``), the key file may still be made by
    another ``audit keygen`` before this one's is put in place: the place is
    then taken only if it is still free (``put_in_place``), never replaced.
    """
    try:
        yield
    except FileExistsError as error:
        made = Path(error.filename) if error.filename else path
        raise ProofError(
            f"{made} appeared while the key was being written (another 'audit keygen' at "
            "the same moment?); nothing was replaced, and the key there is the other's. "
            "Use that one, or pass --force to replace it"
        ) from None


def _refuse_unasked(path: Path, *, replace: bool) -> None:
    if path.exists() and not replace:
        raise ProofError(
            f"{path} already exists; a signer key is not overwritten unless asked (checkpoints "
            "signed with it would no longer verify with a new key). Choose another file, or "
            "pass --force to replace it."
        )


def _write_new(hidden: Path, place: Path, text: str, mode: int) -> None:
    """Make ``hidden`` (``mode`` less the umask), write and flush it; an error names ``place``."""
    try:
        descriptor = os.open(hidden, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            file.write(text)
        synced(hidden)
    except OSError as error:
        raise OSError(error.errno, error.strerror, str(place)) from None


def load_signer_key(path: Path) -> NoteSigner:
    """Read a signer key file written by :func:`save_signer_key`."""
    return NoteSigner.from_text(path.read_text(encoding="utf-8"))


def save_verifier_key(path: Path, verifier: NoteVerifier) -> None:
    """Write the verifier key, one line, to publish."""
    path.write_text(verifier.text() + "\n", encoding="utf-8")


def load_verifier_key(path: Path) -> NoteVerifier:
    """Read a verifier key file (one line, as published)."""
    return NoteVerifier.from_text(path.read_text(encoding="utf-8"))


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
        shown = name if len(name) <= 60 else start_of(name, 57) + "..."
        raise KeyFormatError(f"the {kind}'s name {shown!r} is not a key name; a {kind} is {form}")
    if len(hash_text) != 8 or not re.fullmatch(r"[0-9a-fA-F]{8}", hash_text):
        raise KeyFormatError(
            f"the {kind}'s hash {hash_text!r} is not 8 hex digits; a {kind} is {form}"
        )
    key = decode_base64(key_text, f"the {kind}'s key", KeyFormatError)
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


def decode_base64(text: str, what: str, error: type[ProofError]) -> bytes:
    """Decode canonical base64, or raise ``error`` naming ``what`` is wrong."""
    try:
        decoded = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise error(f"{what} is not base64") from None
    # One text per value: refuse the non-canonical spellings a decoder tolerates.
    if base64.b64encode(decoded).decode("ascii") != text:
        raise error(f"{what} is not canonical base64")
    return decoded


def _is_verifier_key(text: str) -> bool:
    """Whether ``text`` reads as a verifier key (for a refusal saying it is one)."""
    try:
        NoteVerifier.from_text(text)
    except KeyFormatError:
        return False
    return True
