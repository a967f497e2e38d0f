"""Where the signing key lives, reading keys and checkpoint files, and writing proofs out.

The signer key is a file the database never sees: ``--key PATH``, else
``$PORTFOLIO_LEDGER_SIGNING_KEY``, else ``signing.key`` in the user's
configuration folder (``~/.config/portfolio-ledger`` on Linux). A verifier
key is given as its one line of text, or as the file holding it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from click.decorators import FC

from portfolio_ledger.application.home import expand_user
from portfolio_ledger.audit.documents import MAX_DOCUMENT
from portfolio_ledger.cli.app_folder import app_folder
from portfolio_ledger.cli.context import refuse_the_ledger_file
from portfolio_ledger.cli.options import FilePath

if TYPE_CHECKING:
    from portfolio_ledger.application.proof_errors import ProofError
    from portfolio_ledger.audit.keys import NoteSigner, NoteVerifier

SIGNING_KEY_ENV = "PORTFOLIO_LEDGER_SIGNING_KEY"
"""Names the signer key file, where ``--key`` does not."""
SIGNER_KEY_WANTED = "give the signer key 'audit keygen' wrote (signing.key, beside the .pub)"
VERIFIER_KEY_WANTED = (
    "give the verifier key 'audit keygen' printed (in the .pub file beside the signer key), "
    "as its text or the file's path"
)


def default_signing_key() -> Path:
    """``signing.key`` in the user's configuration folder."""
    return app_folder() / "signing.key"


def signing_key_path(given: Path | None) -> Path:
    """The signer key file: ``--key``, else ``$PORTFOLIO_LEDGER_SIGNING_KEY``, else the default."""
    if given is not None:
        return given
    named = os.environ.get(SIGNING_KEY_ENV, "").strip()
    return expand_user(Path(named)) if named else default_signing_key()


def load_signer(given: Path | None) -> NoteSigner:
    """Read the signer key, or refuse saying where it was looked for and how to make one.

    A file named by ``--key`` or ``$PORTFOLIO_LEDGER_SIGNING_KEY`` that holds no signer
    key is bad usage of it (exit 2), as a file given as a verifier key's ``--key`` is.
    """
    from portfolio_ledger.application.proof_errors import (
        KeyFileNamedWrongly,
        KeyFormatError,
        ProofError,
    )
    from portfolio_ledger.audit.keys import NoteSigner

    path = signing_key_path(given)
    if not path.exists():
        raise ProofError(
            f"no signing key at {path}; make one with 'portfolio-ledger audit keygen', or "
            f"give yours with --key or {SIGNING_KEY_ENV}"
        )
    try:
        # Read as every key file is, at most MAX_DOCUMENT: a device or an endless pipe named
        # as the key (--key /dev/zero) was read whole, until the system killed the process.
        text = read_document(path, "signing key")
        try:
            return NoteSigner.from_text(text)
        except KeyFormatError as error:
            raise KeyFormatError(f"{path} is not a signing key: {error}") from None
    except ProofError as error:
        named = "'--key'" if given is not None else _named_by_variable()
        if named is None:  # the default file, which nothing typed named
            raise
        said = with_fix(str(error), SIGNER_KEY_WANTED)
        raise KeyFileNamedWrongly(f"Invalid value for {named}: {said}") from None


def with_fix(said: str, wanted: str) -> str:
    """A key refused, with the key to give where the reason says nothing of what to do."""
    return said if " give " in f" {said}" or "; use " in said else f"{said}; {wanted}"


def _named_by_variable() -> str | None:
    """``$PORTFOLIO_LEDGER_SIGNING_KEY``'s name, where it names the signer key."""
    return SIGNING_KEY_ENV if os.environ.get(SIGNING_KEY_ENV, "").strip() else None


class VerifierKeyType(click.ParamType["NoteVerifier", Any]):
    """A verifier key: its text, or a file that holds it."""

    name = "VERIFIER_KEY"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> NoteVerifier:
        """The key, read and checked."""
        from portfolio_ledger.application.proof_errors import KeyFormatError, ProofError
        from portfolio_ledger.audit.keys import NoteVerifier

        if isinstance(value, NoteVerifier):
            return value
        path = expand_user(Path(value))
        text, where = value, "the key given"
        # Any file but a folder: a pipe too (--key <(curl ...) names /dev/fd/63).
        held = isinstance(value, str) and path.exists() and not path.is_dir()
        if held:  # a file that cannot be read as one (/dev/zero): bad usage, as a bad key is
            try:
                text, where = read_document(path, "verifier key"), str(path)
            except ProofError as error:
                self.fail(with_fix(str(error), VERIFIER_KEY_WANTED), param, ctx)
        elif not isinstance(value, str):
            self.fail(f"{value!r} is not a verifier key", param, ctx)
        elif "+" not in value:  # a key always has its '+': a path, then
            # (here it is no file: a folder, or nothing by that name)
            said = (
                f"{value} is a folder, not a file holding a verifier key"
                if path.is_dir()
                else f"no file {value}"
            )
            self.fail(
                f"{said}: give the ledger's verifier key (<name>+<hash>+<base64 key>, as "
                "'audit keygen' printed it) or the path of a file holding it",
                param,
                ctx,
            )
        try:
            return NoteVerifier.from_text(text)
        except KeyFormatError as error:
            hint = (
                ""
                if held
                else " (and it is a folder, not a file holding one)"
                if path.is_dir()
                else " (and no file of that name exists)"
            )
            said = f"{where} is not a verifier key{hint}: {error}"
            self.fail(with_fix(said, VERIFIER_KEY_WANTED), param, ctx)


VERIFIER_KEY = VerifierKeyType()


def verifier_option(*, required: bool) -> Callable[[FC], FC]:
    """``--key VERIFIER_KEY``: the ledger's published verifier key, or a file holding it."""
    return click.option(
        "--key",
        "verifier",
        type=VERIFIER_KEY,
        required=required,
        help="The ledger's verifier key (as 'audit keygen' printed it), or a file holding it.",
    )


def checkpoint_options(help_text: str) -> Callable[[FC], FC]:
    """``--checkpoint FILE`` (a signed checkpoint) and ``--key``, the key it is checked with."""

    def decorate(function: FC) -> FC:
        function = verifier_option(required=False)(function)
        return click.option(
            "--checkpoint",
            "checkpoint_file",
            type=FilePath(exists=True),
            help=f"{help_text} Needs --key.",
        )(function)

    return decorate


def given_checkpoint(checkpoint_file: Path | None, verifier: NoteVerifier | None) -> str | None:
    """The checkpoint given with ``--checkpoint``, read from its file; refused without ``--key``."""
    if checkpoint_file is None:
        return None
    if verifier is None:
        raise click.UsageError(
            "--checkpoint needs --key: the ledger's verifier key (as 'audit keygen' printed "
            "it), to check the checkpoint's signature"
        )
    return read_checkpoint_note(checkpoint_file)


def read_document(path: Path, what: str) -> str:
    """A checkpoint, receipt, proof or key file's text; a clear refusal if it cannot be read."""
    from portfolio_ledger.application.files import read_small  # not at start: audit trail
    from portfolio_ledger.application.proof_errors import ProofError

    try:
        data = read_small(path, MAX_DOCUMENT)
        if data is None:
            raise ProofError(
                f"{path} is too large to be a {what} (more than "
                f"{MAX_DOCUMENT / (1 << 20):g} MiB; a real one is a few kB): give the {what} "
                "file itself, not a bigger file, a device or an endless pipe"
            )
        # Line ends as text mode reads them (a copy saved with CRLF is the same note), and
        # without the byte-order mark of a copy saved as 'UTF-8 with BOM' (Notepad's).
        text = data.decode("utf-8").removeprefix("\ufeff")
        return text.replace("\r\n", "\n").replace("\r", "\n")
    except FileNotFoundError:
        raise ProofError(f"no {what} file at {path}") from None
    except UnicodeDecodeError:
        raise ProofError(f"{path} is not a {what}: it is not UTF-8 text") from None
    except OSError as error:
        raise ProofError(f"cannot read the {what} {path}: {error.strerror}") from None


def read_checkpoint_note(path: Path) -> str:
    """A signed checkpoint's text from a file, refused naming the file if it is not one."""
    from portfolio_ledger.application.proof_errors import ProofError
    from portfolio_ledger.audit.checkpoint import read_checkpoint_unverified

    text = read_document(path, "checkpoint")
    try:
        read_checkpoint_unverified(text)
    except ProofError as error:
        raise ProofError(
            f"{path} is not a signed checkpoint ({error}); give the file 'audit checkpoint' "
            "printed, exactly as it was"
        ) from None
    return text


def write_document(text: str, out: Path | None, *, overwrite: bool) -> None:
    """Write ``text`` to ``out`` (a new file unless ``overwrite``), or to standard output."""
    if out is None:
        click.echo(text, nl=False)
        return
    from portfolio_ledger.cli.output import refuse_missing_folder, replacing

    refuse_the_ledger_file(out)
    refuse_missing_folder(out)
    if out.exists() and not overwrite:
        raise click.UsageError(f"{out} exists; choose another --out, or pass --overwrite.")
    with replacing(out, overwrite=overwrite) as part:  # refuses a file it cannot write, saying why
        part.write_text(text, encoding="utf-8")


def cannot_write(path: Path, error: OSError) -> ProofError:
    """The refusal for a file that could not be written: which, why, and what to do."""
    from portfolio_ledger.application.files import not_written
    from portfolio_ledger.application.proof_errors import ProofError

    return ProofError(not_written(path, error))
