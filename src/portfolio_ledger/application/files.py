"""Files written for the ledger's users: whole or not at all, and why one could not be.

Every file a command writes (tables, workbooks, board packs, proofs, keys,
exports and their manifests) is written to a hidden file beside its place,
flushed to the disk, and renamed over the place only when it is whole, so the
place holds what it held before or the whole new file, never a part; files
that prove each other (an export and its manifest) are put in place together.
One wording says why a file could not be written, and what to do.
"""

from __future__ import annotations

import errno
import os
import secrets
import select
import stat
import sys
import time
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager, nullcontext, suppress
from pathlib import Path

from portfolio_ledger.application.left_behind import owner_mark, remove_hidden_left


def read_small(path: Path, limit: int) -> bytes | None:
    """``path``'s bytes, or None if it holds more than ``limit`` (OSError as raised).

    At most ``limit`` + 1 bytes are read: a pipe or a device (``/dev/zero``) named
    as a small file has no size to check first, and is never read without end. A
    named pipe is read as :func:`_piped` says; an unnamed one (``--key <(...)``, whose
    writer is there from the start however slow it is to write) as a file is.
    """
    if stat.S_ISFIFO(path.stat().st_mode) and path.resolve().exists():
        data = _piped(path, limit + 1)
    else:
        with path.open("rb") as file:
            data = file.read(limit + 1)
    return None if len(data) > limit else data


PIPE_WAIT_SECONDS = 5.0
"""How long a pipe named as a small file (a key, a checkpoint, rules) may go unwritten."""


def _piped(path: Path, most: int) -> bytes:
    """Up to ``most`` bytes a pipe's writer writes, to its end.

    A named pipe no program writes to (nor ever will) was waited on for ever: the
    command hung. Its first bytes are now awaited :data:`PIPE_WAIT_SECONDS`, then
    refused (``TimeoutError``, said as any unreadable file is); a writer that opens
    it a moment after the command does (a program started beside it) is read as
    before. Once it has written, its end is awaited however long it takes.
    """
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        waiting = select.poll()
        waiting.register(descriptor, select.POLLIN)
        deadline, data, written = time.monotonic() + PIPE_WAIT_SECONDS, bytearray(), False
        while len(data) < most:
            left = None if written else max(0, round((deadline - time.monotonic()) * 1000))
            ready = waiting.poll(left)
            if not ready:
                raise TimeoutError(
                    errno.ETIMEDOUT,
                    f"it is a pipe no program wrote to in {PIPE_WAIT_SECONDS:g} s; give the "
                    "file itself, or start what writes the pipe first",
                )
            try:
                chunk = os.read(descriptor, most - len(data))
            except BlockingIOError:
                continue
            if not chunk and ready[0][1] & select.POLLHUP:
                break  # its writer closed it: the end
            data += chunk
            written = written or bool(chunk)
        return bytes(data)
    finally:
        os.close(descriptor)


# A hidden file's name keeps this much of its place's name: the rest of the
# name (eight hex digits, the process's mark, the suffix) then fits the 255
# bytes a file system allows, however long the place's own name is.
_KEPT_OF_NAME = 200


def hidden_beside(place: Path, suffix: str = "part") -> Path:
    """A new hidden name in ``place``'s folder, to write ``place`` in before it is put there.

    It names this process (``owner_mark``), so that one left by a process killed
    while it wrote is known as such, and removed by the next :func:`put_in_place`
    of the same place.
    """
    return place.with_name(f".{_kept(place)}.{secrets.token_hex(4)}.{owner_mark()}.{suffix}")


def _kept(place: Path) -> str:
    return place.name.encode()[:_KEPT_OF_NAME].decode(errors="ignore")


def synced(path: Path) -> None:
    """Flush a file written and closed already to the disk."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


@contextmanager
def written_whole(
    place: Path,
    *,
    mode: int = 0o666,
    then: Callable[[], object] | None = None,
    replace: bool = True,
) -> Iterator[Path]:
    """A new hidden file beside ``place`` to write; renamed over ``place`` once the block ends.

    The file is made (with ``mode``, less the umask, as any new file) before
    the block, flushed to the disk after it, then renamed over ``place``. If
    the block raises, or the file cannot be made, flushed or renamed, it is
    removed and ``place`` is left as it was. ``then`` (the file's record in
    the ledger, say) runs once it is in place; if it raises, the earlier file
    is put back (:func:`put_in_place`). With ``replace`` False, a file at
    ``place`` is never replaced, even one made meanwhile (``FileExistsError``).
    """
    part = hidden_beside(place)
    os.close(os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode))
    with put_in_place((part, place), new=() if replace else (place,)) as rename:
        yield part
        synced(part)
        rename(then)


def not_written(path: Path, error: OSError, option: str = "--out") -> str:
    """Why ``path`` could not be written, that nothing was, and what to do (naming ``option``)."""
    folder = path.parent
    why = error.strerror or str(error)
    if not path.is_absolute() and not _current_folder_exists():
        why = (
            "the current folder no longer exists (it was removed while the shell or job "
            "running this command was in it)"
        )
        remedy = f"Change to a folder that exists (cd), or give {option} an absolute path."
    elif not folder.exists():
        why = f"the folder {folder} does not exist"
        remedy = f"Create it, or choose another {option}."
    elif not folder.is_dir():
        why, remedy = f"{folder} is not a folder", f"Choose another {option}."
    elif error.errno in {errno.ENOSPC, errno.EDQUOT}:
        remedy = f"Free some space or choose another {option}."
    elif isinstance(error, PermissionError):
        remedy = (
            "Close the file if it is open in another program (a spreadsheet), check that you "
            f"may write it, or choose another {option}."
        )
    else:
        remedy = f"Choose another {option}."
    return f"cannot write {path}: {why}; nothing was written. {remedy}"


def _current_folder_exists() -> bool:
    try:
        Path.cwd()
    except FileNotFoundError:
        return False
    return True


def not_read(path: Path, error: OSError, what: str) -> str:
    """Why ``what``, the file ``path``, could not be read to its end, and what to do.

    A read the system refuses part way (EIO: a failing disk, a network share gone,
    ``/proc/self/mem``) was an internal error, exit 70.
    """
    return (
        f"cannot read {what} {path}: {error.strerror or error}; nothing was written. Check "
        "that it can be read (cat it, or copy it to a local disk) and give that file"
    )


def write_synced(out: Path, content: bytes) -> None:
    """Write a small file (a hidden one, to put in place), flushed to the disk."""
    out.write_bytes(content)
    synced(out)


@contextmanager
def put_in_place(
    *places: tuple[Path, Path], new: Collection[Path] = ()
) -> Iterator[Callable[..., None]]:
    """Hidden files for ``(hidden, place)`` pairs: renamed over their places only all at once.

    The caller writes every hidden file, then calls what this yields, with what
    to do once they are in place if anything (``then``). Until then the files
    in place (an earlier export and its manifest) are left as they were, and
    if one rename fails, or ``then`` raises, they are put back; the hidden
    files are removed whatever happens. Several files, or one with a ``then``,
    are put in place (and ``then`` run) under the folder's lock
    (:func:`folder_locked`), so another writer's are never put back over.

    A place in ``new`` is never replaced: it is taken by linking its hidden
    file there, which fails (``FileExistsError``, the places taken so far
    given up) if a file is there, even one another process put there after
    the caller looked (a check, then a rename, would replace that one).
    Hidden files a process killed (SIGKILL) left beside the places are removed first.
    """
    for _, place in places:
        remove_hidden_left(place, _kept(place))

    def rename(then: Callable[[], object] | None = None) -> None:
        # Files that prove each other go in place under the folder's lock: two writers'
        # renames never interleave (one's export beside the other's manifest), nor one's
        # with a reader's check (``folder_locked``). The files to put back are those there
        # once it is held: taken before, another writer's pair, put in place meanwhile,
        # would be undone by half (its export put back to the earlier one, not its manifest).
        # A file and its record (``then``: a board pack tabled) likewise: another writer's
        # file put in place and recorded meanwhile would be put back over, its record kept.
        locked = len(places) > 1 or then is not None
        together = folder_locked(places[0][1].parent) if locked else nullcontext()
        earlier: dict[Path, Path | None] = {}
        try:
            with together:
                for _, place in places:
                    earlier[place] = None if place in new else _kept_aside(place)
                _rename_all(places, earlier, then, new=new)
        finally:
            for aside in earlier.values():
                if aside is not None:
                    with suppress(OSError):  # put back already
                        aside.unlink()

    try:
        yield rename
    finally:
        for hidden, _ in places:
            with suppress(OSError):  # never made (its folder was not one), or gone already
                hidden.unlink()


@contextmanager
def folder_locked(folder: Path, *, shared: bool = False) -> Iterator[None]:
    """Hold a lock on ``folder`` (``flock``): exclusive to put files in place, shared to read them.

    Files that prove each other (an export and its manifest) are renamed into
    place, one after the other, under the exclusive lock; a check that reads
    both holds the shared one, so it reads one pair, never one file of each
    of two. Where the folder cannot be locked (no ``flock``: Windows; a file
    system that refuses it), the block runs without the lock, as before.
    """
    if sys.platform == "win32":
        yield
        return
    import fcntl

    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        yield
        return
    try:
        with suppress(OSError):  # not lockable here: as before
            fcntl.flock(descriptor, fcntl.LOCK_SH if shared else fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # lets go of the lock


def _kept_aside(place: Path) -> Path | None:
    """A second name (a hard link) for the file at ``place``, to put it back by; None if none."""
    aside = hidden_beside(place, "earlier")
    try:
        if not place.is_file():
            return None
        os.link(place, aside)
    except OSError:  # a file system without hard links: it cannot be put back
        return None
    return aside


def _rename_all(
    places: Sequence[tuple[Path, Path]],
    earlier: dict[Path, Path | None],
    then: Callable[[], object] | None,
    *,
    new: Collection[Path],
) -> None:
    renamed: list[Path] = []
    for _, place in places:
        _refuse_not_a_file(place)
    try:
        for hidden, place in places:
            if place in new:
                _take_new(hidden, place)
            else:
                hidden.replace(place)
            renamed.append(place)
        if then is not None:
            then()
    except BaseException:  # an OSError, Ctrl-C between two renames, or ``then`` refused
        # A place taken by its link just before a Ctrl-C, not yet counted, is still ours:
        # the same file as its hidden one (kept until put_in_place ends).
        renamed += [p for h, p in places if p in new and p not in renamed and _same(h, p)]
        for done in renamed:  # one without the other proves nothing: the earlier stay
            aside = earlier[done]
            if aside is None:
                done.unlink(missing_ok=True)
            else:
                aside.replace(done)
        raise


_NOT_FILES = (
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
)


def _refuse_not_a_file(place: Path) -> None:
    """An ``OSError`` saying so if ``place`` is a device, a pipe or a socket (or leads to one).

    A file is renamed over its place: ``--out /dev/null --overwrite`` (or ``/dev/stdout``,
    a link to the terminal or a pipe) replaced the device with the file, run as root.
    """
    try:
        mode = place.stat().st_mode
    except FileNotFoundError:
        return
    kind = next((kind for test, kind in _NOT_FILES if test(mode)), None)
    if kind is not None:
        raise OSError(
            errno.EINVAL,
            f"it is {kind}, not a file, and a file written there would take its place",
            str(place),
        )


def _take_new(hidden: Path, place: Path) -> None:
    """Put ``hidden`` at ``place`` only if nothing is there: in one step, where links are made.

    ``FileExistsError`` (naming ``place``) if a file is there. On a file system
    without hard links, looked for and then renamed (as before links were used).
    Linked, ``hidden`` is left for put_in_place to remove: until then, a place
    that is the same file is known to be this one's (``_rename_all``).
    """
    taken = FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(place))
    try:
        os.link(hidden, place)
    except FileExistsError:
        raise taken from None
    except OSError:  # no hard links here: the check and the rename are two steps
        if place.exists():
            raise taken from None
        hidden.replace(place)


def _same(hidden: Path, place: Path) -> bool:
    """Whether ``place`` is the file ``hidden`` is (a link to it); False if either is gone."""
    try:
        return hidden.samefile(place)
    except OSError:
        return False
