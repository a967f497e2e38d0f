"""What a killed process leaves behind, told by its name: whose it is, and whether it still runs.

A command works in files and folders it removes as it ends: the hidden file it
writes a file in before putting it in place (``.NAME.RANDOM.PID-HOST.part``), a
temporary folder (``storage/scratch.py``). A process killed with SIGKILL, or a
power cut, leaves them. Each is named by its process id and by its host (and the
PID namespace an id is counted in), so the next command there can tell a gone
process's from a live one's, another host's on a shared folder, or another
container's, and remove only the first.
"""

from __future__ import annotations

import hashlib
import os
import re
import socket
import stat
import sys
from pathlib import Path


def this_host() -> str:
    """This host's name, and the PID namespace a process id is counted in where there is one.

    Containers sharing a temporary folder may share a host name (a pod's) and not their
    process ids: named by the host alone, a live folder of another container's process was
    removed as a gone process's, its id not running in this one.
    """
    host = socket.gethostname().replace("/", "_") or "host"
    try:
        namespace = str(Path("/proc/self/ns/pid").readlink())
    except OSError:  # no /proc (macOS, Windows): one namespace
        return host
    return f"{host}~{''.join(c for c in namespace if c.isdigit())}"


def alive(pid: int) -> bool:
    """Whether a process ``pid`` runs on this host (another user's counts).

    On Windows every process is taken to run: there ``os.kill(pid, 0)`` does not
    ask, it ends the process (``TerminateProcess``), so nothing is swept there.
    """
    if sys.platform == "win32":
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OSError, OverflowError):  # another user's process, or the id cannot be asked of
        return True
    return True


def owner_mark() -> str:
    """``PID-HOST``: this process, and its host as eight hex digits (a host name may be long)."""
    host = hashlib.sha256(this_host().encode()).hexdigest()[:8]
    return f"{os.getpid()}-{host}"


HIDDEN_SUFFIXES = ("part", "partial", "earlier")
"""The hidden files beside a place: a file being written, an export's, an earlier file kept."""


def remove_hidden_left(place: Path, kept: str) -> None:
    """Remove the hidden files beside ``place`` (named from ``kept``) of this user's gone processes.

    Only names this code gives (``.KEPT.RANDOM.PID-HOST.SUFFIX``), of regular files
    this user owns, made on this host by a process that no longer runs: a live
    process's (another command writing the same file), another host's and any other
    file are left. A file that cannot be looked at or removed is left, unsaid.
    """
    shape = re.compile(
        rf"\.{re.escape(kept)}\.[0-9a-f]{{8}}\.(?P<pid>[0-9]{{1,10}})-(?P<host>[0-9a-f]{{8}})"
        rf"\.(?:{'|'.join(HIDDEN_SUFFIXES)})"
    )
    mark_host = owner_mark().partition("-")[2]
    try:
        entries = list(os.scandir(place.parent))
    except OSError:
        return
    for entry in entries:
        found = shape.fullmatch(entry.name)
        if found is None or found["host"] != mark_host or alive(int(found["pid"])):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
            if stat.S_ISREG(info.st_mode) and info.st_uid == os.getuid():
                Path(entry.path).unlink()
        except OSError:
            continue
