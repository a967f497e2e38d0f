"""Inclusion and consistency proofs over the ledger's Merkle tree: building them, checking them.

The tree itself (hashing, how hashes are stored, roots) is
:mod:`portfolio_ledger.application.tree`. Building mirrors Go's
``tlog.ProveRecord`` and ``tlog.ProveTree``, reading O(log n) stored hashes
in one batch through a :class:`HashReader`. Checking
(:func:`check_inclusion`, :func:`check_consistency`) is written from the
algorithms of RFC 9162 sections 2.1.3.2 and 2.1.4.2 instead, so that each
side is tested against an independent other.

Pure functions: no I/O here beyond the reader given.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from portfolio_ledger.application.proof_errors import ProofFailed, ProofUnavailable
from portfolio_ledger.application.tree import (
    HASH_SIZE,
    HashReader,
    maxpow2,
    node_hash,
    read_checked,
    subtree_hash,
    subtree_indexes,
)


def prove_inclusion(index: int, size: int, reader: HashReader) -> list[bytes]:
    """The RFC 6962 audit path for leaf ``index`` in the tree of ``size`` leaves."""
    if not 0 <= index < size:
        raise ProofUnavailable(
            f"leaf index {index} is not in a tree of {size} leaves (indexes run 0 to {size - 1})"
        )
    indexes: list[int] = []
    _inclusion_indexes(0, size, index, indexes)
    hashes = iter(read_checked(reader, indexes))
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
    hashes = iter(read_checked(reader, indexes))
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


# Helpers: [lo, hi) is a range of leaf indexes, as in Go's tlog.


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


def _inclusion_indexes(lo: int, hi: int, n: int, need: list[int]) -> None:
    if lo + 1 == hi:
        return
    k, _ = maxpow2(hi - lo)
    if n < lo + k:
        _inclusion_indexes(lo, lo + k, n, need)
        subtree_indexes(lo + k, hi, need)
    else:
        subtree_indexes(lo, lo + k, need)
        _inclusion_indexes(lo + k, hi, n, need)


def _inclusion_proof(lo: int, hi: int, n: int, hashes: Iterator[bytes]) -> list[bytes]:
    if lo + 1 == hi:
        return []  # the leaf itself: the verifier has its hash
    k, _ = maxpow2(hi - lo)
    if n < lo + k:
        proof = _inclusion_proof(lo, lo + k, n, hashes)
        sibling = subtree_hash(lo + k, hi, hashes)
    else:
        sibling = subtree_hash(lo, lo + k, hashes)
        proof = _inclusion_proof(lo + k, hi, n, hashes)
    proof.append(sibling)
    return proof


def _consistency_indexes(lo: int, hi: int, n: int, need: list[int]) -> None:
    if n == hi:
        if lo != 0:
            subtree_indexes(lo, hi, need)
        return
    k, _ = maxpow2(hi - lo)
    if n <= lo + k:
        _consistency_indexes(lo, lo + k, n, need)
        subtree_indexes(lo + k, hi, need)
    else:
        subtree_indexes(lo, lo + k, need)
        _consistency_indexes(lo + k, hi, n, need)


def _consistency_proof(lo: int, hi: int, n: int, hashes: Iterator[bytes]) -> list[bytes]:
    if n == hi:
        # The old tree itself is not sent (the verifier has its root);
        # any other common subtree is.
        return [] if lo == 0 else [subtree_hash(lo, hi, hashes)]
    k, _ = maxpow2(hi - lo)
    if n <= lo + k:
        proof = _consistency_proof(lo, lo + k, n, hashes)
        sibling = subtree_hash(lo + k, hi, hashes)
    else:
        sibling = subtree_hash(lo, lo + k, hashes)
        proof = _consistency_proof(lo + k, hi, n, hashes)
    proof.append(sibling)
    return proof
