"""Signed checkpoints: Go's note vectors, the C2SP body, keys, and every refusal."""

from __future__ import annotations

import base64
import hashlib
import stat
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portfolio_ledger.application.proof_errors import (
    CheckpointFormatError,
    KeyFormatError,
    NoteFormatError,
    ProofError,
    SignatureError,
    UnsignedNoteError,
)
from portfolio_ledger.application.tree import EMPTY_ROOT
from portfolio_ledger.audit import checkpoint as checkpoint_module
from portfolio_ledger.audit.checkpoint import (
    Checkpoint,
    open_checkpoint,
    read_checkpoint_unverified,
    sign_checkpoint,
)
from portfolio_ledger.audit.keys import (
    NoteSigner,
    NoteVerifier,
    load_signer_key,
    load_verifier_key,
    save_signer_key,
    save_verifier_key,
)
from portfolio_ledger.audit.notes import open_note, sign_note, split_note
from portfolio_ledger.domain.errors import LedgerError

# The signed-note vectors of golang.org/x/mod/sumdb/note (note.go, note_test.go).
PETER_SIGNER = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
PETER_VERIFIER = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
ENOCH_VERIFIER = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop"
TEXT = (
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n"
)
PETER_SIG = (
    "\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKv"
    "qfqdngotpRZb6KE6RyyBwJnAM=\n"
)
ENOCH_SIG = (
    "\u2014 EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTG"
    "wnWLox33WWd1RvMc+QQ=\n"
)

ORIGIN = "ledger.example.org/portfolio"
RECORDED_AT = datetime(2026, 11, 30, 12, 0, 0, tzinfo=UTC)
ROOT = hashlib.sha256(b"a root").digest()


@pytest.fixture(scope="module")
def signer() -> NoteSigner:
    return NoteSigner.generate(ORIGIN)


def test_signing_reproduces_gos_signed_note_byte_for_byte() -> None:
    peter = NoteSigner.from_text(PETER_SIGNER)

    assert sign_note(TEXT, peter) == TEXT + "\n" + PETER_SIG
    assert peter.verifier().text() == PETER_VERIFIER
    assert peter.text() == PETER_SIGNER


def test_opening_gos_notes_ignores_signatures_by_other_keys() -> None:
    message = TEXT + "\n" + PETER_SIG + ENOCH_SIG

    assert open_note(message, NoteVerifier.from_text(PETER_VERIFIER)) == TEXT
    assert open_note(message, NoteVerifier.from_text(ENOCH_VERIFIER)) == TEXT
    assert open_note(message.encode(), NoteVerifier.from_text(PETER_VERIFIER)) == TEXT


@pytest.mark.parametrize(
    "message",
    [
        TEXT,
        TEXT + "\n",
        TEXT + "\n" + PETER_SIG[:-1],
        "\x01" + TEXT + "\n" + PETER_SIG,
        TEXT + "\n" + "\u2014 Bad Name " + PETER_SIG.rsplit(" ", maxsplit=1)[-1],
        TEXT + "\n" + PETER_SIG + "Unexpected line.\n",
        TEXT + "\n" + PETER_SIG * 101,
        TEXT + "\n" + "\u2014 PeterNeumann x08g\n",
        TEXT + "\n" + "\u2014 PeterNeumann not base64!\n",
    ],
    ids=[
        "no signature block",
        "blank line only",
        "no final newline",
        "control character",
        "space in the key name",
        "a line that is not a signature",
        "too many signatures",
        "signature too short",
        "signature not base64",
    ],
)
def test_gos_malformed_notes_are_refused(message: str) -> None:
    with pytest.raises(NoteFormatError):
        open_note(message, NoteVerifier.from_text(PETER_VERIFIER))


def test_a_note_with_a_blank_line_after_its_signature_says_so() -> None:
    # A checkpoint pasted into a file with a blank line after it (an editor, an email):
    # it was said to lack a newline at its end, which it has.
    for message in (TEXT + "\n" + PETER_SIG + "\n", TEXT + "\n" + PETER_SIG + "\n\n"):
        with pytest.raises(NoteFormatError, match="blank line after its last signature") as error:
            open_note(message, NoteVerifier.from_text(PETER_VERIFIER))
        assert "must end with a newline" not in str(error.value)


def test_a_note_that_is_not_utf8_is_refused() -> None:
    with pytest.raises(NoteFormatError, match="not UTF-8"):
        open_note(
            b"\xff" + (TEXT + "\n" + PETER_SIG).encode(), NoteVerifier.from_text(PETER_VERIFIER)
        )


def test_a_forged_signature_by_our_key_is_refused() -> None:
    forged = TEXT + "\n" + PETER_SIG[:60] + "ABCD" + PETER_SIG[60:]
    with pytest.raises(SignatureError, match="PeterNeumann\\+c74f20a3 does not verify"):
        open_note(forged, NoteVerifier.from_text(PETER_VERIFIER))


def test_a_note_signed_only_by_another_key_names_the_keys_it_has() -> None:
    with pytest.raises(UnsignedNoteError, match="signed only by EnochRoot\\+af0cfe78"):
        open_note(TEXT + "\n" + ENOCH_SIG, NoteVerifier.from_text(PETER_VERIFIER))


def test_the_key_hash_is_the_note_packages() -> None:
    peter = NoteVerifier.from_text(PETER_VERIFIER)
    expected = hashlib.sha256(b"PeterNeumann\n" + peter.key_bytes).digest()[:4]

    assert peter.key_hash == int.from_bytes(expected, "big") == 0xC74F20A3


def mangled(key: str) -> list[str]:
    """Every proper substring of the key, and the key with each character moved by one."""
    versions = {key[i:j] for i in range(len(key) + 1) for j in range(i + 1, len(key) + 1)}
    versions.discard(key)
    for i in range(len(key)):
        versions.add(key[:i] + chr(ord(key[i]) + 1) + key[i + 1 :])
    return sorted(versions)


def test_every_mangling_of_a_verifier_key_is_refused() -> None:
    refused = 0
    for version in mangled(PETER_VERIFIER):
        with pytest.raises(KeyFormatError):
            NoteVerifier.from_text(version)
        refused += 1
    assert refused > 2000
    # Go's own: a wrong-length key and an unknown algorithm, each with its hash adjusted.
    for key in (
        "PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==",
        "PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
    ):
        with pytest.raises(KeyFormatError):
            NoteVerifier.from_text(key)


def test_every_mangling_of_a_signer_key_is_refused() -> None:
    for version in mangled(PETER_SIGNER):
        with pytest.raises(KeyFormatError):
            NoteSigner.from_text(version)


def test_a_generated_key_reads_back_and_its_texts_have_the_note_forms(signer: NoteSigner) -> None:
    secret, public = signer.text(), signer.verifier().text()
    name, key_hash, key = public.split("+", 2)  # base64 may itself hold '+'

    assert secret.startswith(f"PRIVATE+KEY+{ORIGIN}+{key_hash}+")
    assert (name, len(key_hash)) == (ORIGIN, 8)
    assert base64.b64decode(key)[0] == 1
    assert NoteSigner.from_text(secret).verifier().text() == public
    assert NoteVerifier.from_text(public).key_hash == signer.key_hash
    assert secret not in repr(signer)


@pytest.mark.parametrize("name", ["", "has space", "a+b", "tab\there", "nul\x00"])
def test_a_key_cannot_be_named_what_a_note_cannot_carry(name: str) -> None:
    with pytest.raises(KeyFormatError, match="cannot name a key"):
        NoteSigner.generate(name)


def test_key_files_round_trip_and_the_secret_one_is_private(
    tmp_path: Path, signer: NoteSigner
) -> None:
    secret, public = tmp_path / "ledger.key", tmp_path / "ledger.pub"

    save_signer_key(secret, signer)
    save_verifier_key(public, signer.verifier())

    assert stat.S_IMODE(secret.stat().st_mode) == 0o600
    assert load_signer_key(secret).text() == signer.text()
    assert load_verifier_key(public).text() == signer.verifier().text()
    with pytest.raises(ProofError, match="not overwritten unless asked"):
        save_signer_key(secret, NoteSigner.generate(ORIGIN))
    assert load_signer_key(secret).text() == signer.text()
    replacement = NoteSigner.generate(ORIGIN)
    save_signer_key(secret, replacement, replace=True)
    assert load_signer_key(secret).text() == replacement.text()
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600
    assert sorted(path.name for path in tmp_path.iterdir()) == ["ledger.key", "ledger.pub"]


def test_the_checkpoint_body_is_c2sp_with_a_recorded_line() -> None:
    checkpoint = Checkpoint(ORIGIN, 5, EMPTY_ROOT, RECORDED_AT.replace(microsecond=527265))

    assert checkpoint.body() == (
        "ledger.example.org/portfolio\n"
        "5\n"
        "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n"
        "recorded 2026-11-30T12:00:00Z\n"
    )
    assert Checkpoint.parse(checkpoint.body()) == checkpoint


def test_a_recorded_time_in_another_zone_is_written_in_utc() -> None:
    local = datetime(2026, 11, 30, 13, 0, 0, tzinfo=timezone(timedelta(hours=1)))
    assert "recorded 2026-11-30T12:00:00Z\n" in Checkpoint(ORIGIN, 1, ROOT, local).body()
    with pytest.raises(CheckpointFormatError, match="zone"):
        Checkpoint(ORIGIN, 1, ROOT, datetime(2026, 11, 30))  # noqa: DTZ001 - the point


origins = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zs", "Zl", "Zp")), min_size=1
).filter(lambda s: "+" not in s and not any(c.isspace() for c in s))


@given(
    origin=origins,
    size=st.integers(min_value=0, max_value=2**63 - 1),
    root=st.binary(min_size=32, max_size=32),
    recorded=st.none() | st.datetimes(timezones=st.just(UTC)),
    extensions=st.lists(
        st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), min_size=1).filter(
            lambda s: not s.startswith("recorded")
        ),
        max_size=3,
    ),
)
def test_any_checkpoint_body_reads_back_as_itself(
    origin: str, size: int, root: bytes, recorded: datetime | None, extensions: list[str]
) -> None:
    checkpoint = Checkpoint(origin, size, root, recorded, tuple(extensions))
    assert Checkpoint.parse(checkpoint.body()) == checkpoint
    assert Checkpoint.parse(checkpoint.body()).body() == checkpoint.body()


GOOD_ROOT = base64.b64encode(ROOT).decode()
RECORDED_LINE = "recorded 2026-11-30T12:00:00Z\n"
_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
# 32 bytes leave 2 unused bits in the last base64 digit; flipping one decodes the same.
NON_CANONICAL_ROOT = GOOD_ROOT[:-2] + _ALPHABET[_ALPHABET.index(GOOD_ROOT[-2]) ^ 1] + "="


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (f"{ORIGIN}\n5\n{GOOD_ROOT}", "ends with a newline"),
        (f"{ORIGIN}\n5\n", "at least 3 lines"),
        (f"\n5\n{GOOD_ROOT}\n", "origin must be non-empty"),
        (f"{ORIGIN}\n05\n{GOOD_ROOT}\n", "without leading zeros"),
        (f"{ORIGIN}\n-5\n{GOOD_ROOT}\n", "without leading zeros"),
        (f"{ORIGIN}\n+5\n{GOOD_ROOT}\n", "without leading zeros"),
        (f"{ORIGIN}\n 5\n{GOOD_ROOT}\n", "without leading zeros"),
        (f"{ORIGIN}\n{2**63}\n{GOOD_ROOT}\n", "cannot state a tree"),
        (f"{ORIGIN}\n5\n{GOOD_ROOT[:-2]}\n", "not base64"),
        (f"{ORIGIN}\n5\n{base64.b64encode(ROOT[:31]).decode()}\n", "31 bytes"),
        (f"{ORIGIN}\n5\n{NON_CANONICAL_ROOT}\n", "not canonical"),
        (f"{ORIGIN}\n5\n{GOOD_ROOT}\n\n", "must not be empty"),
        (f"{ORIGIN}\n5\n{GOOD_ROOT}\nrecorded 2026-11-30 12:00:00\n", "is not YYYY"),
        (f"{ORIGIN}\n5\n{GOOD_ROOT}\nrecorded 2026-02-30T12:00:00Z\n", "not a real time"),
        (f"{ORIGIN}\n5\n{GOOD_ROOT}\n{RECORDED_LINE}{RECORDED_LINE}", "twice"),
    ],
)
def test_a_malformed_checkpoint_body_is_refused_by_name(body: str, problem: str) -> None:
    with pytest.raises(CheckpointFormatError, match=problem):
        Checkpoint.parse(body)


def test_a_signed_checkpoint_opens_with_its_key(signer: NoteSigner) -> None:
    checkpoint = Checkpoint(ORIGIN, 42, ROOT, RECORDED_AT)

    note = sign_checkpoint(checkpoint, signer)

    assert note.startswith(checkpoint.body() + "\n\u2014 " + ORIGIN + " ")
    assert open_checkpoint(note, signer.verifier()) == checkpoint
    assert read_checkpoint_unverified(note) == checkpoint


def test_a_witness_cosignature_does_not_stop_it_opening(signer: NoteSigner) -> None:
    note = sign_checkpoint(Checkpoint(ORIGIN, 42, ROOT, RECORDED_AT), signer)
    witness = NoteSigner.generate("witness.example.com")
    text, _ = split_note(note)
    cosigned = note + sign_note(text, witness).split("\n\n")[-1]

    assert open_checkpoint(cosigned, signer.verifier()).size == 42
    assert open_note(cosigned, witness.verifier()) == text


@given(st.data())
def test_any_change_to_a_signed_checkpoints_text_is_refused(data: st.DataObject) -> None:
    signer = NoteSigner.from_text(PETER_SIGNER)
    checkpoint = Checkpoint("PeterNeumann", 1234, ROOT, RECORDED_AT)
    note = sign_checkpoint(checkpoint, signer)
    body = checkpoint.body()
    at = data.draw(st.integers(min_value=0, max_value=len(body) - 1))
    replacement = data.draw(
        st.characters(min_codepoint=0x20, max_codepoint=0x7E).filter(lambda c: c != body[at])
    )
    altered = note[:at] + replacement + note[at + 1 :]

    # The text's last newline is the blank line's first: changing it unframes the note.
    with pytest.raises((SignatureError, NoteFormatError)):
        open_checkpoint(altered, signer.verifier())


def test_an_altered_size_is_refused_as_a_bad_signature(signer: NoteSigner) -> None:
    note = sign_checkpoint(Checkpoint(ORIGIN, 42, ROOT, RECORDED_AT), signer)
    with pytest.raises(SignatureError, match="altered after signing"):
        open_checkpoint(note.replace("\n42\n", "\n43\n", 1), signer.verifier())


def test_a_checkpoint_signed_by_another_key_of_the_same_name_is_refused(
    signer: NoteSigner,
) -> None:
    impostor = NoteSigner.generate(ORIGIN)
    note = sign_checkpoint(Checkpoint(ORIGIN, 42, ROOT, RECORDED_AT), impostor)

    with pytest.raises(UnsignedNoteError, match=f"not signed by {ORIGIN}"):
        open_checkpoint(note, signer.verifier())


def test_an_unsigned_checkpoint_is_refused(signer: NoteSigner) -> None:
    with pytest.raises(NoteFormatError, match="no signature block"):
        open_checkpoint(Checkpoint(ORIGIN, 42, ROOT).body(), signer.verifier())


def test_a_checkpoint_of_another_log_is_refused(signer: NoteSigner) -> None:
    other = Checkpoint("other.example.org/log", 42, ROOT)
    with pytest.raises(ProofError, match="sign a log's checkpoints with a key named after"):
        sign_checkpoint(other, signer)
    # Even signed by our key (bypassing sign_checkpoint), the origin must be the key's name.
    note = sign_note(other.body(), signer)
    with pytest.raises(CheckpointFormatError, match=r"is of the log 'other\.example\.org/log'"):
        open_checkpoint(note, signer.verifier())


def test_every_error_is_a_ledger_error_and_every_public_name_is_documented() -> None:
    for error in (
        CheckpointFormatError,
        KeyFormatError,
        NoteFormatError,
        SignatureError,
        UnsignedNoteError,
    ):
        assert issubclass(error, LedgerError)
    for name in dir(checkpoint_module):
        value = getattr(checkpoint_module, name)
        if (
            not name.startswith("_")
            and getattr(value, "__module__", None) == checkpoint_module.__name__
        ):
            assert value.__doc__, name
