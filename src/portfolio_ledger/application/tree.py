"""The RFC 6962 Merkle tree over the ledger: its hashes, how they are stored, and its roots.

One leaf per event, in position order: the event at ledger position ``p`` is
leaf index ``p - 1``, and its leaf data is the event's chain record
``record(p)`` (:func:`portfolio_ledger.application.chain.record_bytes`), so
a receipt carries the event itself. Hashing is RFC 6962 section 2.1::

    leaf_hash(data)  = SHA-256(0x00 || data)
    node_hash(l, r)  = SHA-256(0x01 || l || r)

Hashes are numbered as Go's ``golang.org/x/mod/sumdb/tlog`` numbers them, so
that its reference code can be read beside this one: appending leaf ``n``
stores its leaf hash and the hash of every complete subtree that ends at it,
each at a dense, append-only *stored hash index* (:func:`stored_hash_index`).
A tree of ``n`` leaves has ``2n - popcount(n)`` stored hashes, and the root of
any size, an inclusion proof or a consistency proof needs O(log n) of them,
read in one batch through a :class:`HashReader`, never a replay of the leaves.

The hashes one append stores are contiguous: the ledger keeps them as one row
per position (:class:`Frontier` makes them), and its reader maps a stored
hash index back to that row (:func:`row_of`). This module is pure, like the
chain's: the storage adapters use it to write the tree in the events'
transaction, the audit side to prove and check.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from typing import NamedTuple, Protocol

from portfolio_ledger.application.proof_errors import HashStoreError, ProofUnavailable

HASH_SIZE = 32
"""Bytes in every hash of the tree (SHA-256)."""

EMPTY_ROOT = hashlib.sha256(b"").digest()
"""The root of the tree with no leaves, as RFC 6962 defines it (Go's tlog uses 32 zero bytes)."""

_LEAF_PREFIX = b"\x00"
_NODE_PREFIX = b"\x01"


def leaf_hash(data: bytes) -> bytes:
    """The hash of one leaf: SHA-256(0x00 || data)."""
    return hashlib.sha256(_LEAF_PREFIX + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """The hash of an interior node: SHA-256(0x01 || left || right)."""
    return hashlib.sha256(_NODE_PREFIX + left + right).digest()


class HashReader(Protocol):
    """Reads stored hashes by their stored hash indexes, many at a time."""

    def read_hashes(self, indexes: Sequence[int]) -> list[bytes]:
        """The hashes at ``indexes`` (sorted, ascending), in that order; raise if one is missing."""
        ...


class StoredHash(NamedTuple):
    """One stored hash: where it goes, and the hash."""

    stored_index: int
    hash: bytes


def stored_hash_index(level: int, n: int) -> int:
    """Where the ``n``-th hash at ``level`` (0: the leaves) is stored, as tlog lays it out."""
    # tlog walks down to the last leaf under the node, (n + 1) * 2**level - 1,
    # whose leaf hash is stored at m + m/2 + m/4 + ... = 2m - popcount(m);
    # the node itself follows that leaf's hash by its level.
    last_leaf = ((n + 1) << level) - 1
    return 2 * last_leaf - last_leaf.bit_count() + level


def split_stored_hash_index(index: int) -> tuple[int, int]:
    """The ``(level, n)`` stored at ``index``: the inverse of :func:`stored_hash_index`."""
    if index < 0:
        raise ValueError(f"stored hash index {index} is negative")
    # stored_hash_index(0, n) <= 2n, so the leaf whose append wrote this
    # index is at or after index // 2, and within log2(index) of it.
    n = index // 2
    at = stored_hash_index(0, n)
    while True:
        following = at + 1 + _trailing_ones(n)
        if following > index:
            break
        n += 1
        at = following
    level = index - at
    return level, n >> level


def row_of(index: int) -> tuple[int, int]:
    """The ledger position whose tree row holds stored hash ``index``, and its place in the row.

    The row at position ``p`` holds the hashes appending leaf ``p - 1``
    stored: its leaf hash (place 0), then the complete subtrees of 2, 4, ...
    leaves that end at it (places 1, 2, ...).
    """
    level, n = split_stored_hash_index(index)
    return ((n + 1) << level), level


def hashes_in_row(position: int) -> int:
    """How many hashes the tree row at ``position`` holds: 1 + its trailing zero bits."""
    return 1 + _trailing_ones(position - 1)


def stored_hash_count(size: int) -> int:
    """How many hashes a tree of ``size`` leaves stores: ``2 * size - popcount(size)``."""
    if size < 0:
        raise ValueError(f"tree size {size} is negative")
    return 2 * size - size.bit_count()


class Frontier:
    """The complete subtrees that tile a tree's leaves, largest first: enough to grow it.

    Appending a leaf gives that leaf's tree row (its hash, then the hash of
    each subtree it completes); :meth:`root` is the tree's root at its size.
    Built empty, or from O(log n) stored hashes (:meth:`read`).
    """

    def __init__(self, size: int = 0, hashes: Sequence[bytes] = ()) -> None:
        if len(hashes) != size.bit_count():
            raise ValueError(f"a tree of {size} leaves is tiled by {size.bit_count()} subtrees")
        self.size = size
        self._hashes = list(hashes)

    @classmethod
    def read(cls, size: int, reader: HashReader) -> Frontier:
        """The frontier of the stored tree's first ``size`` leaves, in one read."""
        if size < 0:
            raise ValueError(f"tree size {size} is negative")
        indexes: list[int] = []
        subtree_indexes(0, size, indexes)
        return cls(size, read_checked(reader, indexes))

    def append(self, data: bytes) -> list[bytes]:
        """Add the leaf with this data; the hashes its append stores, leaf hash first."""
        hash_ = leaf_hash(data)
        row = [hash_]
        n = self.size
        while n & 1:
            hash_ = node_hash(self._hashes.pop(), hash_)
            row.append(hash_)
            n >>= 1
        self._hashes.append(hash_)
        self.size += 1
        return row

    def append_as_stored(self, data: bytes, stored: bytes) -> bool:
        """Add the leaf with this data if ``stored`` is the row its append gives; else nothing.

        The row's hashes joined, as the ledger stores them: the same test as
        ``b"".join(self.append(data)) == stored``, made without building the
        row, and leaving the frontier as it was when the row differs (so the
        caller can look again, with :meth:`append`, at what differs).
        """
        hash_ = leaf_hash(data)
        if stored[:HASH_SIZE] != hash_:
            return False
        hashes = self._hashes
        at, n, end = len(hashes), self.size, HASH_SIZE
        while n & 1:
            at -= 1
            hash_ = node_hash(hashes[at], hash_)
            if stored[end : end + HASH_SIZE] != hash_:
                return False
            end += HASH_SIZE
            n >>= 1
        if len(stored) != end:
            return False
        del hashes[at:]
        hashes.append(hash_)
        self.size += 1
        return True

    def root(self) -> bytes:
        """The root hash of the tree as it stands (RFC 6962 MTH)."""
        if not self._hashes:
            return EMPTY_ROOT
        # Left to right the subtrees shrink: the tree folds them from the right.
        running = self._hashes[-1]
        for part in reversed(self._hashes[:-1]):
            running = node_hash(part, running)
        return running


def hashes_to_append(size: int, leaves: Sequence[bytes], reader: HashReader) -> list[StoredHash]:
    """The stored hashes to append when ``leaves`` (their data) follow a tree of ``size`` leaves.

    Rows come in index order, starting at ``stored_hash_count(size)``; the
    reader is asked once, for the at most log2(size) hashes that tile the
    earlier leaves.
    """
    frontier = Frontier.read(size, reader) if leaves else Frontier(0)
    rows: list[StoredHash] = []
    for n, data in enumerate(leaves, start=size):
        for level, hash_ in enumerate(frontier.append(data)):
            rows.append(StoredHash(stored_hash_index(level, n >> level), hash_))
    return rows


def tree_hash(size: int, reader: HashReader) -> bytes:
    """The root hash of the tree's first ``size`` leaves (RFC 6962 MTH), from O(log n) reads."""
    if size < 0:
        raise ProofUnavailable(f"a tree cannot have {size} leaves")
    return Frontier.read(size, reader).root()


# Helpers. Ports of tlog's index arithmetic keep its names' meaning: [lo, hi)
# is a range of leaf indexes, and every subtree is read as the complete,
# power-of-two subtrees that tile it from the left.


def _trailing_ones(n: int) -> int:
    return ((n + 1) & -(n + 1)).bit_length() - 1


def maxpow2(n: int) -> tuple[int, int]:
    """The largest power of two smaller than ``n`` (n >= 2), and its log2."""
    level = (n - 1).bit_length() - 1
    return 1 << level, level


def read_checked(reader: HashReader, indexes: list[int]) -> list[bytes]:
    """The stored hashes at ``indexes``, in one read; refuses a missing or malformed one."""
    if not indexes:
        return []
    hashes = reader.read_hashes(indexes)
    if len(hashes) != len(indexes):
        raise HashStoreError(
            f"asked for {len(indexes)} stored hashes, got {len(hashes)}: the hash store is "
            "missing rows the tree needs; check it against the ledger ('portfolio-ledger "
            "audit verify') before issuing proofs"
        )
    for index, hash_ in zip(indexes, hashes, strict=True):
        if len(hash_) != HASH_SIZE:
            raise HashStoreError(
                f"the stored hash at index {index} is {len(hash_)} bytes, not {HASH_SIZE}: "
                "the hash store is damaged"
            )
    return hashes


def subtree_indexes(lo: int, hi: int, need: list[int]) -> None:
    """Add to ``need`` the stored indexes of the complete subtrees that tile leaves [lo, hi)."""
    while lo < hi:
        k, level = maxpow2(hi - lo + 1)
        need.append(stored_hash_index(level, lo >> level))
        lo += k


def subtree_hash(lo: int, hi: int, hashes: Iterator[bytes]) -> bytes:
    """The hash of leaves [lo, hi), from the hashes :func:`subtree_indexes` named, in order."""
    parts: list[bytes] = []
    while lo < hi:
        k, _ = maxpow2(hi - lo + 1)
        parts.append(next(hashes))
        lo += k
    # The complete subtrees are left to right, each larger than the rest:
    # the range's hash folds them from the right.
    running = parts[-1]
    for part in reversed(parts[:-1]):
        running = node_hash(part, running)
    return running
