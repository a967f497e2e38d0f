"""The RFC 6962 Merkle tree: stored hashes, roots and proofs against the RFC and its vectors."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Sequence
from functools import cache

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portfolio_ledger.application.chain import record_bytes
from portfolio_ledger.application.proof_errors import (
    HashStoreError,
    ProofFailed,
    ProofUnavailable,
)
from portfolio_ledger.application.tree import (
    EMPTY_ROOT,
    Frontier,
    hashes_in_row,
    hashes_to_append,
    leaf_hash,
    node_hash,
    row_of,
    split_stored_hash_index,
    stored_hash_count,
    stored_hash_index,
    tree_hash,
)
from portfolio_ledger.audit import merkle
from portfolio_ledger.audit.merkle import (
    check_consistency,
    check_inclusion,
    prove_consistency,
    prove_inclusion,
)

MAX_LEAVES = 300


class DictStore:
    """Hash storage as a dict, recording every batched read it answers."""

    def __init__(self) -> None:
        self.hashes: dict[int, bytes] = {}
        self.reads: list[list[int]] = []

    def read_hashes(self, indexes: Sequence[int]) -> list[bytes]:
        self.reads.append(list(indexes))
        return [self.hashes[index] for index in indexes]

    def append(self, leaves: Sequence[bytes]) -> None:
        size = self.size
        for row in hashes_to_append(size, leaves, self):
            assert row.stored_index not in self.hashes, "stored hashes are append-only"
            self.hashes[row.stored_index] = row.hash

    @property
    def size(self) -> int:
        size = 0
        while stored_hash_count(size + 1) <= len(self.hashes):
            size += 1
        return size


# The naive RFC 6962 section 2.1 definitions, recursive over the leaf hashes.


def reference_root(hashes: Sequence[bytes]) -> bytes:
    if not hashes:
        return hashlib.sha256(b"").digest()
    if len(hashes) == 1:
        return hashes[0]
    k = split_point(len(hashes))
    return node_hash(reference_root(hashes[:k]), reference_root(hashes[k:]))


def reference_path(m: int, hashes: Sequence[bytes]) -> list[bytes]:
    if len(hashes) == 1:
        return []
    k = split_point(len(hashes))
    if m < k:
        return [*reference_path(m, hashes[:k]), reference_root(hashes[k:])]
    return [*reference_path(m - k, hashes[k:]), reference_root(hashes[:k])]


def reference_proof(m: int, hashes: Sequence[bytes], complete: bool = True) -> list[bytes]:
    n = len(hashes)
    if m == n:
        return [] if complete else [reference_root(hashes)]
    k = split_point(n)
    if m <= k:
        return [*reference_proof(m, hashes[:k], complete), reference_root(hashes[k:])]
    return [*reference_proof(m - k, hashes[k:], False), reference_root(hashes[:k])]


def split_point(n: int) -> int:
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def synthetic_leaf(index: int) -> bytes:
    return f"event {index}".encode() * (1 + index % 3)


@cache
def big_tree() -> tuple[DictStore, tuple[bytes, ...]]:
    """A tree of MAX_LEAVES leaves appended in uneven batches; smaller trees are its prefixes."""
    store = DictStore()
    leaves = [synthetic_leaf(index) for index in range(MAX_LEAVES)]
    start = 0
    for batch in (1, 1, 2, 5, 7, 64, 1, 100):
        store.append(leaves[start : start + batch])
        start += batch
    store.append(leaves[start:])
    return store, tuple(leaf_hash(leaf) for leaf in leaves)


def flip(hash_: bytes, bit: int) -> bytes:
    changed = bytearray(hash_)
    changed[bit // 8] ^= 1 << (bit % 8)
    return bytes(changed)


# RFC 6962 vectors, as published with Certificate Transparency's reference
# implementation and kept in transparency-dev/merkle (proof/verify_test.go).
# Their leaf numbers are 1-based; ours are indexes, 0-based.
VECTOR_LEAVES = [
    bytes.fromhex(h)
    for h in (
        "",
        "00",
        "10",
        "2021",
        "3031",
        "40414243",
        "5051525354555657",
        "606162636465666768696a6b6c6d6e6f",
    )
]
VECTOR_ROOTS = [
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]
VECTOR_INCLUSION = [
    (0, 1, []),
    (
        0,
        8,
        [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        5,
        8,
        [
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
    (
        1,
        5,
        [
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
]
VECTOR_CONSISTENCY = [
    (1, 1, []),
    (
        1,
        8,
        [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        6,
        8,
        [
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (
        2,
        5,
        [
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
    (
        6,
        7,
        [
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
]


@pytest.fixture(scope="module")
def vector_store() -> DictStore:
    store = DictStore()
    store.append(VECTOR_LEAVES)
    return store


def test_the_rfc_6962_roots_for_every_size_up_to_eight(vector_store: DictStore) -> None:
    for size, root in enumerate(VECTOR_ROOTS):
        assert tree_hash(size, vector_store).hex() == root, f"size {size}"
    assert EMPTY_ROOT.hex() == VECTOR_ROOTS[0]


@pytest.mark.parametrize(("index", "size", "proof"), VECTOR_INCLUSION)
def test_the_rfc_6962_inclusion_vectors(
    vector_store: DictStore, index: int, size: int, proof: list[str]
) -> None:
    assert [h.hex() for h in prove_inclusion(index, size, vector_store)] == proof
    check_inclusion(
        leaf_hash=leaf_hash(VECTOR_LEAVES[index]),
        index=index,
        size=size,
        proof=[bytes.fromhex(h) for h in proof],
        root=bytes.fromhex(VECTOR_ROOTS[size]),
    )


@pytest.mark.parametrize(("old", "new", "proof"), VECTOR_CONSISTENCY)
def test_the_rfc_6962_consistency_vectors(
    vector_store: DictStore, old: int, new: int, proof: list[str]
) -> None:
    assert [h.hex() for h in prove_consistency(old, new, vector_store)] == proof
    check_consistency(
        old_size=old,
        old_root=bytes.fromhex(VECTOR_ROOTS[old]),
        new_size=new,
        new_root=bytes.fromhex(VECTOR_ROOTS[new]),
        proof=[bytes.fromhex(h) for h in proof],
    )


def test_go_tlog_leaf_hash_vector() -> None:
    # tlog's note_test.go: RecordHash("hello world") in base64.
    import base64

    expected = "TszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0="
    assert base64.b64encode(leaf_hash(b"hello world")).decode() == expected


def test_stored_hash_indexes_are_dense_and_invertible() -> None:
    seen = set()
    for level in range(12):
        for n in range(200):
            index = stored_hash_index(level, n)
            assert split_stored_hash_index(index) == (level, n)
            seen.add(index)
    # The first few, as tlog's layout has them: leaf 0, leaf 1, node(0,1), leaf 2, ...
    assert [stored_hash_index(0, n) for n in range(5)] == [0, 1, 3, 4, 7]
    assert stored_hash_index(1, 0) == 2
    assert stored_hash_index(2, 0) == 6
    assert set(range(stored_hash_count(200))) <= seen


@given(st.integers(min_value=0, max_value=MAX_LEAVES))
def test_stored_hash_count_is_two_n_minus_popcount(size: int) -> None:
    count = stored_hash_count(size)
    assert count == 2 * size - size.bit_count()
    # The first `count` indexes hold exactly the nodes whose leaves are all among
    # the first `size`; the next index belongs to leaf `size`.
    for index in range(count + 1):
        level, n = split_stored_hash_index(index)
        last_leaf = ((n + 1) << level) - 1
        assert (last_leaf < size) == (index < count), (index, level, n)


@given(st.integers(min_value=1, max_value=MAX_LEAVES))
def test_the_root_from_stored_hashes_is_the_rfc_6962_root(size: int) -> None:
    store, hashes = big_tree()
    store.reads.clear()

    root = tree_hash(size, store)

    assert root == reference_root(hashes[:size])
    assert len(store.reads) == 1
    assert len(store.reads[0]) <= size.bit_length()


@given(st.lists(st.integers(min_value=1, max_value=20), min_size=1, max_size=12))
def test_appending_in_batches_stores_the_same_rows_as_one_by_one(batches: list[int]) -> None:
    total = sum(batches)
    leaves = [synthetic_leaf(i) for i in range(total)]
    batched, single = DictStore(), DictStore()
    start = 0
    for batch in batches:
        before = stored_hash_count(start)
        rows = hashes_to_append(start, leaves[start : start + batch], batched)
        assert [row.stored_index for row in rows] == list(
            range(before, stored_hash_count(start + batch))
        )
        batched.hashes.update(rows)
        start += batch
    for leaf in leaves:
        single.append([leaf])

    assert batched.hashes == single.hashes
    assert len(batched.hashes) == stored_hash_count(total)


def test_a_batch_reads_earlier_hashes_once() -> None:
    store = DictStore()
    store.append([synthetic_leaf(i) for i in range(7)])
    store.reads.clear()

    store.append([synthetic_leaf(i) for i in range(7, 40)])

    assert len(store.reads) == 1
    assert store.reads[0] == sorted(set(store.reads[0]))


@st.composite
def index_in_tree(draw: st.DrawFn) -> tuple[int, int]:
    size = draw(st.integers(min_value=1, max_value=MAX_LEAVES))
    return draw(st.integers(min_value=0, max_value=size - 1)), size


@st.composite
def two_sizes(draw: st.DrawFn) -> tuple[int, int]:
    new = draw(st.integers(min_value=1, max_value=MAX_LEAVES))
    return draw(st.integers(min_value=1, max_value=new)), new


@given(index_in_tree(), st.data())
def test_every_inclusion_proof_verifies_and_no_tampered_one_does(
    case: tuple[int, int], data: st.DataObject
) -> None:
    index, size = case
    store, hashes = big_tree()
    root = reference_root(hashes[:size])
    store.reads.clear()

    proof = prove_inclusion(index, size, store)

    assert proof == reference_path(index, hashes[:size])
    assert len(store.reads) == (1 if size > 1 else 0)
    for read in store.reads:
        assert read == sorted(set(read))
        assert len(read) <= 2 * size.bit_length()
    check_inclusion(leaf_hash=hashes[index], index=index, size=size, proof=proof, root=root)

    for position in range(len(proof)):
        bit = data.draw(st.integers(min_value=0, max_value=255), label=f"bit of hash {position}")
        tampered = [*proof]
        tampered[position] = flip(proof[position], bit)
        with pytest.raises(ProofFailed):
            check_inclusion(
                leaf_hash=hashes[index], index=index, size=size, proof=tampered, root=root
            )
    other = data.draw(st.integers(min_value=-1, max_value=size).filter(lambda i: i != index))
    with pytest.raises(ProofFailed):
        check_inclusion(leaf_hash=hashes[index], index=other, size=size, proof=proof, root=root)
    bit = data.draw(st.integers(min_value=0, max_value=255), label="bit of the leaf hash")
    with pytest.raises(ProofFailed):
        check_inclusion(
            leaf_hash=flip(hashes[index], bit), index=index, size=size, proof=proof, root=root
        )
    if proof:
        with pytest.raises(ProofFailed):
            check_inclusion(
                leaf_hash=hashes[index], index=index, size=size, proof=proof[:-1], root=root
            )
    with pytest.raises(ProofFailed):
        check_inclusion(
            leaf_hash=hashes[index], index=index, size=size, proof=[*proof, root], root=root
        )


@given(index_in_tree(), st.integers(min_value=1, max_value=MAX_LEAVES))
def test_an_inclusion_proof_fails_against_another_size_and_its_root(
    case: tuple[int, int], other_size: int
) -> None:
    index, size = case
    store, hashes = big_tree()
    proof = prove_inclusion(index, size, store)
    other_root = reference_root(hashes[:other_size])
    if other_size == size:
        return
    with pytest.raises(ProofFailed):
        check_inclusion(
            leaf_hash=hashes[index], index=index, size=other_size, proof=proof, root=other_root
        )


def test_a_bare_proof_does_not_bind_the_size_alone() -> None:
    # Leaf 0's audit path is the same shape in trees of 5 and 6 leaves, so the
    # proof for 5 also "verifies" a claimed size of 6 against the root of 5.
    # RFC 9162 and Go's tlog.CheckRecord agree; this is why a receipt takes
    # its size and root together from the signed checkpoint, never apart.
    store, hashes = big_tree()
    proof = prove_inclusion(0, 5, store)
    root5 = reference_root(hashes[:5])
    check_inclusion(leaf_hash=hashes[0], index=0, size=6, proof=proof, root=root5)


@given(two_sizes(), st.data())
def test_every_consistency_proof_verifies_and_no_tampered_one_does(
    sizes: tuple[int, int], data: st.DataObject
) -> None:
    old, new = sizes
    store, hashes = big_tree()
    old_root, new_root = reference_root(hashes[:old]), reference_root(hashes[:new])
    store.reads.clear()

    proof = prove_consistency(old, new, store)

    assert proof == reference_proof(old, hashes[:new])
    assert len(store.reads) <= 1
    assert sum(len(read) for read in store.reads) <= 2 * new.bit_length() + 2
    check_consistency(old_size=old, old_root=old_root, new_size=new, new_root=new_root, proof=proof)

    for position in range(len(proof)):
        bit = data.draw(st.integers(min_value=0, max_value=255), label=f"bit of hash {position}")
        tampered = [*proof]
        tampered[position] = flip(proof[position], bit)
        with pytest.raises(ProofFailed):
            check_consistency(
                old_size=old, old_root=old_root, new_size=new, new_root=new_root, proof=tampered
            )
    if old < new:
        with pytest.raises(ProofFailed):
            check_consistency(
                old_size=old, old_root=new_root, new_size=new, new_root=old_root, proof=proof
            )
        with pytest.raises(ProofFailed):
            check_consistency(
                old_size=old, old_root=old_root, new_size=new, new_root=new_root, proof=proof[:-1]
            )
        with pytest.raises(ProofFailed):
            check_consistency(
                old_size=old,
                old_root=old_root,
                new_size=new,
                new_root=new_root,
                proof=[*proof, new_root],
            )
    bit = data.draw(st.integers(min_value=0, max_value=255), label="bit of the old root")
    with pytest.raises(ProofFailed):
        check_consistency(
            old_size=old, old_root=flip(old_root, bit), new_size=new, new_root=new_root, proof=proof
        )


@given(two_sizes(), two_sizes())
def test_a_consistency_proof_fails_for_other_sizes_with_their_roots(
    sizes: tuple[int, int], claimed: tuple[int, int]
) -> None:
    store, hashes = big_tree()
    proof = prove_consistency(*sizes, store)
    if claimed == sizes:
        return
    old, new = claimed
    old_root, new_root = reference_root(hashes[:old]), reference_root(hashes[:new])
    if old_root == new_root and not proof:
        return  # equal sizes claimed with an empty proof: true of any tree
    with pytest.raises(ProofFailed):
        check_consistency(
            old_size=old, old_root=old_root, new_size=new, new_root=new_root, proof=proof
        )


def test_equal_sizes_need_an_empty_proof_and_equal_roots() -> None:
    store, hashes = big_tree()
    root = reference_root(hashes[:9])
    assert prove_consistency(9, 9, store) == []
    check_consistency(old_size=9, old_root=root, new_size=9, new_root=root, proof=[])
    with pytest.raises(ProofFailed, match="must be empty"):
        check_consistency(old_size=9, old_root=root, new_size=9, new_root=root, proof=[root])
    with pytest.raises(ProofFailed, match="two different root hashes"):
        check_consistency(old_size=9, old_root=root, new_size=9, new_root=EMPTY_ROOT, proof=[])


def test_proofs_that_cannot_exist_are_refused_by_name() -> None:
    store, _ = big_tree()
    with pytest.raises(ProofUnavailable, match="leaf index 5 is not in a tree of 5 leaves"):
        prove_inclusion(5, 5, store)
    with pytest.raises(ProofUnavailable, match="at least 1 leaf"):
        prove_consistency(0, 5, store)
    with pytest.raises(ProofUnavailable, match="no more than the newer"):
        prove_consistency(6, 5, store)
    with pytest.raises(ProofFailed, match="at least 1 leaf"):
        check_consistency(
            old_size=0, old_root=EMPTY_ROOT, new_size=1, new_root=EMPTY_ROOT, proof=[]
        )
    with pytest.raises(ProofFailed, match="outside a tree of 3 leaves"):
        check_inclusion(leaf_hash=EMPTY_ROOT, index=3, size=3, proof=[], root=EMPTY_ROOT)
    with pytest.raises(ProofFailed, match="33 bytes"):
        check_inclusion(leaf_hash=EMPTY_ROOT, index=0, size=2, proof=[bytes(33)], root=EMPTY_ROOT)


def test_a_hash_store_that_answers_short_is_named() -> None:
    class Short:
        def read_hashes(self, indexes: Sequence[int]) -> list[bytes]:
            return [bytes(32)] * (len(indexes) - 1)

    class Damaged:
        def read_hashes(self, indexes: Sequence[int]) -> list[bytes]:
            return [b"short"] * len(indexes)

    with pytest.raises(HashStoreError, match="missing rows"):
        tree_hash(5, Short())
    with pytest.raises(HashStoreError, match="is 5 bytes"):
        prove_inclusion(1, 5, Damaged())


def test_the_module_documents_every_public_name() -> None:
    for name in dir(merkle):
        value = getattr(merkle, name)
        if not name.startswith("_") and getattr(value, "__module__", None) == merkle.__name__:
            assert value.__doc__, name


def test_the_documented_tree_example_gives_the_documented_hashes() -> None:
    # docs/verification.md, "The Merkle tree, exactly": the chain's worked example, as leaves.
    aggregate = bytes.fromhex("8269d687807c5f8c986c26bfffb1fac4")
    first = record_bytes(
        1, aggregate, 1, "portfolio_ledger.domain.events:ItemProposed", b'{"key":"PRJ-001"}'
    )
    second = record_bytes(
        2,
        aggregate,
        2,
        "portfolio_ledger.domain.events:ItemRejected",
        b'{"key":"PRJ-001","why":"no"}',
    )
    frontier = Frontier()

    row1, row2 = frontier.append(first), frontier.append(second)

    assert [h.hex() for h in row1] == [
        "ab79b3f0a8f3f41429012987843d3732cc77237b313cea6f3e14d0232346f2e2"
    ]
    assert [h.hex() for h in row2] == [
        "81553ff9ac60fdb9c84762bf1d090db23a5a59618c0f8a66df946d766ce1d784",
        "a400a031f2c01b90f75034e242201f623a35126db0f91801517302323b725b47",
    ]
    assert base64.b64encode(frontier.root()).decode() == (
        "pACgMfLAG5D3UDTiQiAfYjo1Em2w+RgBUXMCMjtyW0c="
    )
    assert [hashes_in_row(p) for p in (1, 2, 3, 4, 8, 12)] == [1, 2, 1, 3, 4, 3]
    assert all(row_of(stored_hash_index(0, p - 1)) == (p, 0) for p in range(1, 50))


@given(st.integers(min_value=1, max_value=MAX_LEAVES))
def test_the_frontier_grows_the_same_rows_and_root_as_the_stored_tree(size: int) -> None:
    store, hashes = big_tree()
    frontier = Frontier()
    for index in range(size):
        row = frontier.append(synthetic_leaf(index))
        position = index + 1
        assert len(row) == hashes_in_row(position)
        indexes = [stored_hash_index(0, index) + place for place in range(len(row))]
        assert store.read_hashes(indexes) == row
        assert {row_of(i) for i in indexes} == {(position, place) for place in range(len(row))}
    assert frontier.root() == reference_root(hashes[:size]) == tree_hash(size, store)
