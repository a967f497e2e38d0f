"""The RFC 6962 Merkle tree over the ledger: hashes, their storage, roots, proofs and checks.

One leaf per event, in position order: the event at ledger position ``p`` is
leaf index ``p - 1``, and its leaf data is the event's chain record
``record(p)`` (:func:`portfolio_ledger.application.chain.record_bytes`), so
a receipt carries the event itself. Hashing is RFC 6962 section 2.1::

    leaf_hash(data)  = SHA-256(0x00 || data)
    node_hash(l, r)  = SHA-256(0x01 || l || r)

Storage follows Go's ``golang.org/x/mod/sumdb/tlog`` exactly, so that its
reference code can be read beside this one: appending leaf ``n`` stores its
leaf hash and the hash of every complete subtree that ends at it, each at a
dense, append-only *stored hash index* (:func:`stored_hash_index`). A tree of
``n`` leaves has ``2n - popcount(n)`` stored hashes, and the root of any
size, an inclusion proof or a consistency proof needs O(log n) of them, read
in one batch through a :class:`HashReader` (a dict in tests, a SQL table in
the ledger), never a replay of the leaves.

Building mirrors ``tlog.StoredHashesForRecordHash``, ``tlog.TreeHash``,
``tlog.ProveRecord`` and ``tlog.ProveTree``. Checking
(:func:`check_inclusion`, :func:`check_consistency`) is written from the
algorithms of RFC 9162 sections 2.1.3.2 and 2.1.4.2 instead, so that each
side is tested against an independent other.

Pure functions: no I/O here beyond the reader given.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from typing import NamedTuple, Protocol

from portfolio_ledger.audit.proof_errors import (
    HashStoreError,
    ProofFailed,
    ProofUnavailable,
)

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
    """One row of hash storage: where a hash goes, and the hash."""

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


def stored_hash_count(size: int) -> int:
    """How many hashes a tree of ``size`` leaves stores: ``2 * size - popcount(size)``."""
    if size < 0:
        raise ValueError(f"tree size {size} is negative")
    return 2 * size - size.bit_count()


def hashes_to_append(size: int, leaves: Sequence[bytes], reader: HashReader) -> list[StoredHash]:
    """The stored hashes to append when ``leaves`` (their data) follow a tree of ``size`` leaves.

    Rows come in index order, starting at ``stored_hash_count(size)``; the
    reader is asked once, for the at most log2(size) earlier hashes the new
    subtrees complete.
    """
    if size < 0:
        raise ValueError(f"tree size {size} is negative")
    stored = stored_hash_count(size)
    wanted = sorted(
        {
            index
            for n in range(size, size + len(leaves))
            for index in _left_siblings(n)
            if index < stored
        }
    )
    known = dict(zip(wanted, _read(reader, wanted), strict=True))
    rows: list[StoredHash] = []
    for n, data in enumerate(leaves, start=size):
        rows.extend(_stored_for_leaf(n, leaf_hash(data), known))
    return rows


def tree_hash(size: int, reader: HashReader) -> bytes:
    """The root hash of the tree's first ``size`` leaves (RFC 6962 MTH), from O(log n) reads."""
    if size < 0:
        raise ProofUnavailable(f"a tree cannot have {size} leaves")
    if size == 0:
        return EMPTY_ROOT
    indexes: list[int] = []
    _subtree_indexes(0, size, indexes)
    hashes = iter(_read(reader, indexes))
    root = _subtree_hash(0, size, hashes)
    _expect_consumed(hashes, "the root")
    return root


def prove_inclusion(index: int, size: int, reader: HashReader) -> list[bytes]:
    """The RFC 6962 audit path for leaf ``index`` in the tree of ``size`` leaves."""
    if not 0 <= index < size:
        raise ProofUnavailable(
            f"leaf index {index} is not in a tree of {size} leaves (indexes run 0 to {size - 1})"
        )
    indexes: list[int] = []
    _inclusion_indexes(0, size, index, indexes)
    hashes = iter(_read(reader, indexes))
    proof = _inclusion_proof(0, size, index, hashes)
    _expect_consumed(hashes, "an inclusion proof")
    return proof


def prove_consistency(old_size: int, new_size: int, reader: HashReader) -> list[bytes]:
    """The RFC 6962 consistency proof that the tree of ``old_size`` leaves prefixes ``new_size``."""
    if not 1 <= old_size <= new_size:
        raise ProofUnavailable(
            f"no consistency proof from {old_size} to {new_size} leaves: the older tree "
            "must have at least 1 leaf and no more than the newer"
        )
    indexes: list[int] = []
    _consistency_indexes(0, new_size, old_size, indexes)
    hashes = iter(_read(reader, indexes))
    proof = _consistency_proof(0, new_size, old_size, hashes)
    _expect_consumed(hashes, "a consistency proof")
    return proof


def check_inclusion(
    *, leaf_hash: bytes, index: int, size: int, proof: Sequence[bytes], root: bytes
) -> None:
    """Refuse unless ``proof`` shows the leaf hash ``leaf_hash`` at ``index`` in the tree ``root``.

    RFC 9162 section 2.1.3.2; raises :class:`ProofFailed` naming what failed.
    """
    if not 0 <= index < size:
        raise ProofFailed(f"leaf index {index} is outside a tree of {size} leaves")
    _expect_hashes([leaf_hash, root, *proof], "inclusion")
    fn, sn = index, size - 1
    running = leaf_hash
    for sibling in proof:
        if sn == 0:
            raise ProofFailed(
                f"the inclusion proof has {len(proof)} hashes, more than leaf {index} "
                f"of a tree of {size} leaves needs"
            )
        if fn & 1 or fn == sn:
            running = node_hash(sibling, running)
            fn, sn = _shift_while_even(fn, sn)
        else:
            running = node_hash(running, sibling)
        fn, sn = fn >> 1, sn >> 1
    if sn != 0:
        raise ProofFailed(
            f"the inclusion proof has {len(proof)} hashes, fewer than leaf {index} "
            f"of a tree of {size} leaves needs"
        )
    if running != root:
        raise ProofFailed(
            f"the inclusion proof for leaf {index} does not lead to the root hash of the "
            f"tree of {size} leaves: the leaf, its index, the size or a proof hash is wrong"
        )


def check_consistency(
    *, old_size: int, old_root: bytes, new_size: int, new_root: bytes, proof: Sequence[bytes]
) -> None:
    """Refuse unless ``proof`` shows the tree ``old_root`` is a prefix of ``new_root``.

    RFC 9162 section 2.1.4.2 for ``old_size < new_size``; equal sizes need an
    empty proof and equal roots. Raises :class:`ProofFailed` naming what failed.
    """
    if not 1 <= old_size <= new_size:
        raise ProofFailed(
            f"no consistency proof goes from {old_size} to {new_size} leaves: the older "
            "tree must have at least 1 leaf and no more than the newer"
        )
    _expect_hashes([old_root, new_root, *proof], "consistency")
    if old_size == new_size:
        if proof:
            raise ProofFailed("a consistency proof between trees of equal size must be empty")
        if old_root != new_root:
            raise ProofFailed(
                f"two different root hashes for the same {old_size} leaves: two different "
                "histories were signed as one log's"
            )
        return
    if not proof:
        raise ProofFailed(f"the consistency proof from {old_size} to {new_size} leaves is empty")
    old_running, new_running = _run_consistency_path(old_size, old_root, new_size, proof)
    if old_running != old_root:
        raise ProofFailed(
            f"the consistency proof does not lead to the root hash of the older tree "
            f"({old_size} leaves): a root, a size or a proof hash is wrong"
        )
    if new_running != new_root:
        raise ProofFailed(
            f"the consistency proof does not lead to the root hash of the newer tree "
            f"({new_size} leaves): a root, a size or a proof hash is wrong"
        )


# Helpers. Ports of tlog's index arithmetic keep its names' meaning: [lo, hi)
# is a range of leaf indexes, and every subtree is read as the complete,
# power-of-two subtrees that tile it from the left.


def _trailing_ones(n: int) -> int:
    return ((n + 1) & -(n + 1)).bit_length() - 1


def _maxpow2(n: int) -> tuple[int, int]:
    """The largest power of two smaller than ``n`` (n >= 2), and its log2."""
    level = (n - 1).bit_length() - 1
    return 1 << level, level


def _shift_while_even(fn: int, sn: int) -> tuple[int, int]:
    while fn and not fn & 1:
        fn, sn = fn >> 1, sn >> 1
    return fn, sn


def _run_consistency_path(
    old_size: int, old_root: bytes, new_size: int, proof: Sequence[bytes]
) -> tuple[bytes, bytes]:
    """The old and new roots a consistency proof implies (RFC 9162 2.1.4.2, steps 2 to 6)."""
    path = list(proof)
    if old_size & (old_size - 1) == 0:  # a power of two: the old root is itself a node
        path.insert(0, old_root)
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    old_running = new_running = path[0]
    for sibling in path[1:]:
        if sn == 0:
            raise ProofFailed(
                f"the consistency proof has {len(proof)} hashes, more than {old_size} "
                f"to {new_size} leaves needs"
            )
        if fn & 1 or fn == sn:
            old_running = node_hash(sibling, old_running)
            new_running = node_hash(sibling, new_running)
            fn, sn = _shift_while_even(fn, sn)
        else:
            new_running = node_hash(new_running, sibling)
        fn, sn = fn >> 1, sn >> 1
    if sn != 0:
        raise ProofFailed(
            f"the consistency proof has {len(proof)} hashes, fewer than {old_size} "
            f"to {new_size} leaves needs"
        )
    return old_running, new_running


def _left_siblings(n: int) -> list[int]:
    """Storage indexes of the subtrees that leaf ``n`` completes, as their left halves."""
    # Each trailing 1 bit of n closes a subtree whose left half is already stored.
    return [stored_hash_index(level, (n >> level) - 1) for level in range(_trailing_ones(n))]


def _stored_for_leaf(n: int, hash_: bytes, known: dict[int, bytes]) -> list[StoredHash]:
    rows = [StoredHash(stored_hash_index(0, n), hash_)]
    for level, left_index in enumerate(_left_siblings(n)):
        hash_ = node_hash(known[left_index], hash_)
        rows.append(StoredHash(stored_hash_index(level + 1, n >> (level + 1)), hash_))
    # Later leaves of the same batch may close subtrees over these new hashes.
    known.update(rows)
    return rows


def _read(reader: HashReader, indexes: list[int]) -> list[bytes]:
    if not indexes:
        return []
    hashes = reader.read_hashes(indexes)
    if len(hashes) != len(indexes):
        raise HashStoreError(
            f"asked for {len(indexes)} stored hashes, got {len(hashes)}: the hash store is "
            "missing rows the tree needs; check it against the ledger before issuing proofs"
        )
    for index, hash_ in zip(indexes, hashes, strict=True):
        if len(hash_) != HASH_SIZE:
            raise HashStoreError(
                f"the stored hash at index {index} is {len(hash_)} bytes, not {HASH_SIZE}: "
                "the hash store is damaged"
            )
    return hashes


def _expect_consumed(hashes: Iterator[bytes], what: str) -> None:
    # The index and hash walks must agree; a leftover means a bug here, not bad data.
    if next(hashes, None) is not None:
        raise AssertionError(f"index arithmetic disagreed while building {what}")


def _expect_hashes(hashes: Sequence[bytes], kind: str) -> None:
    for hash_ in hashes:
        if len(hash_) != HASH_SIZE:
            raise ProofFailed(
                f"a hash in the {kind} check is {len(hash_)} bytes; SHA-256 hashes are "
                f"{HASH_SIZE} bytes"
            )


def _subtree_indexes(lo: int, hi: int, need: list[int]) -> None:
    while lo < hi:
        k, level = _maxpow2(hi - lo + 1)
        need.append(stored_hash_index(level, lo >> level))
        lo += k


def _subtree_hash(lo: int, hi: int, hashes: Iterator[bytes]) -> bytes:
    parts: list[bytes] = []
    while lo < hi:
        k, _ = _maxpow2(hi - lo + 1)
        parts.append(next(hashes))
        lo += k
    # The complete subtrees are left to right, each larger than the rest:
    # the range's hash folds them from the right.
    running = parts[-1]
    for part in reversed(parts[:-1]):
        running = node_hash(part, running)
    return running


def _inclusion_indexes(lo: int, hi: int, n: int, need: list[int]) -> None:
    if lo + 1 == hi:
        return
    k, _ = _maxpow2(hi - lo)
    if n < lo + k:
        _inclusion_indexes(lo, lo + k, n, need)
        _subtree_indexes(lo + k, hi, need)
    else:
        _subtree_indexes(lo, lo + k, need)
        _inclusion_indexes(lo + k, hi, n, need)


def _inclusion_proof(lo: int, hi: int, n: int, hashes: Iterator[bytes]) -> list[bytes]:
    if lo + 1 == hi:
        return []  # the leaf itself: the verifier has its hash
    k, _ = _maxpow2(hi - lo)
    if n < lo + k:
        proof = _inclusion_proof(lo, lo + k, n, hashes)
        sibling = _subtree_hash(lo + k, hi, hashes)
    else:
        sibling = _subtree_hash(lo, lo + k, hashes)
        proof = _inclusion_proof(lo + k, hi, n, hashes)
    proof.append(sibling)
    return proof


def _consistency_indexes(lo: int, hi: int, n: int, need: list[int]) -> None:
    if n == hi:
        if lo != 0:
            _subtree_indexes(lo, hi, need)
        return
    k, _ = _maxpow2(hi - lo)
    if n <= lo + k:
        _consistency_indexes(lo, lo + k, n, need)
        _subtree_indexes(lo + k, hi, need)
    else:
        _subtree_indexes(lo, lo + k, need)
        _consistency_indexes(lo + k, hi, n, need)


def _consistency_proof(lo: int, hi: int, n: int, hashes: Iterator[bytes]) -> list[bytes]:
    if n == hi:
        # The old tree itself is not sent (the verifier has its root);
        # any other common subtree is.
        return [] if lo == 0 else [_subtree_hash(lo, hi, hashes)]
    k, _ = _maxpow2(hi - lo)
    if n <= lo + k:
        proof = _consistency_proof(lo, lo + k, n, hashes)
        sibling = _subtree_hash(lo + k, hi, hashes)
    else:
        sibling = _subtree_hash(lo, lo + k, hashes)
        proof = _consistency_proof(lo + k, hi, n, hashes)
    proof.append(sibling)
    return proof
