"""The standard-library receipt verifier printed in docs/verification.md works, and fast."""

from __future__ import annotations

import ast
import base64
import json
import re
import subprocess
import sys
import time
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portfolio_ledger.audit.checkpoint import open_checkpoint
from portfolio_ledger.audit.keys import NoteVerifier
from portfolio_ledger.audit.receipts import verify_receipt
from tests.unit.proofs import SyntheticLedger, synthetic_record

DOC = Path(__file__).parents[1] / "docs" / "verification.md"
MAX_SIZE = 100


def doc_block(marker: str) -> str:
    text = DOC.read_text(encoding="utf-8")
    match = re.search(rf"<!-- {marker} -->\n```\w*\n(.*?)```", text, re.DOTALL)
    assert match, f"docs/verification.md lost its {marker}"
    return match.group(1)


@cache
def doc_verify() -> Callable[[str], str]:
    namespace: dict[str, Any] = {"__name__": "doc_receipt_verifier"}
    code = doc_block("receipt-verifier")
    exec(compile(code, str(DOC), "exec"), namespace)  # noqa: S102 - our own docs
    verify = namespace["verify"]
    assert callable(verify)
    return verify  # type: ignore[no-any-return]


@cache
def ledger() -> SyntheticLedger:
    return SyntheticLedger(MAX_SIZE)


def edit(document: str, **changes: Any) -> str:
    data: dict[str, Any] = json.loads(document)
    data.update(changes)
    return json.dumps(data)


def flip(hash_: str, bit: int = 0) -> str:
    raw = bytearray(base64.b64decode(hash_))
    raw[bit // 8] ^= 1 << (bit % 8)
    return base64.b64encode(bytes(raw)).decode()


def test_the_script_is_short_and_uses_only_the_standard_library() -> None:
    code = doc_block("receipt-verifier")
    modules = {
        alias.name.split(".")[0]
        for node in ast.walk(ast.parse(code))
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in (
            node.names if isinstance(node, ast.Import) else [ast.alias(node.module or "")]
        )
    }

    assert modules <= sys.stdlib_module_names
    assert len([line for line in code.splitlines() if line.strip()]) <= 40


@settings(max_examples=60)
@given(st.data())
def test_the_script_accepts_every_receipt_the_ledger_issues(data: st.DataObject) -> None:
    size = data.draw(st.integers(min_value=1, max_value=MAX_SIZE))
    position = data.draw(st.integers(min_value=1, max_value=size))
    receipt = ledger().receipt(position, size)
    verify_receipt(receipt, ledger().signer.verifier())

    result = doc_verify()(receipt.to_json())

    assert result.startswith(f"OK position={position} tree_size={size} root=")
    assert result.endswith("(signature not checked)")


@settings(max_examples=60)
@given(st.data())
def test_the_script_refuses_any_flipped_proof_bit(data: st.DataObject) -> None:
    size = data.draw(st.integers(min_value=2, max_value=MAX_SIZE))
    position = data.draw(st.integers(min_value=1, max_value=size))
    receipt = ledger().receipt(position, size)
    proof = list(receipt.inclusion_proof)
    which = data.draw(st.integers(min_value=0, max_value=len(proof) - 1))
    proof[which] = flip(proof[which], data.draw(st.integers(min_value=0, max_value=255)))

    assert doc_verify()(edit(receipt.to_json(), inclusion_proof=proof)).startswith("FAILED")


def test_the_script_refuses_tampered_receipts_by_name() -> None:
    receipt = ledger().receipt(6, 13)
    document, proof, note = receipt.to_json(), receipt.inclusion_proof, receipt.checkpoint
    root = note.split("\n")[2]
    cases = {
        "wrong index": (edit(document, leaf_index=6, position=7), "not the record"),
        "index without position": (edit(document, leaf_index=6), "not the record"),
        "index beyond the tree": (edit(document, leaf_index=13, position=14), "does not fit"),
        "wrong size": (edit(document, tree_size=14), "does not fit"),
        "another origin": (edit(document, origin="other.example.org/log"), "does not fit"),
        "leaf of another event": (
            edit(document, leaf_data=base64.b64encode(synthetic_record(7)).decode()),
            "not the record",
        ),
        "leaf data altered": (
            edit(
                document,
                leaf_data=base64.b64encode(
                    synthetic_record(6).replace(b'"n": 6', b'"n": 9')
                ).decode(),
            ),
            "does not lead to the checkpoint's root",
        ),
        "root altered in the checkpoint": (
            edit(document, checkpoint=note.replace(root, flip(root), 1)),
            "does not lead to the checkpoint's root",
        ),
        "proof hash removed": (
            edit(document, inclusion_proof=proof[:-1]),
            "does not lead to the checkpoint's root",
        ),
        "proof hash added": (edit(document, inclusion_proof=[*proof, proof[0]]), "too long"),
    }
    for case, (tampered, says) in cases.items():
        result = doc_verify()(tampered)
        assert result.startswith("FAILED"), f"{case}: {result}"
        assert says in result, f"{case}: {result}"


def test_the_script_refuses_a_key_given_twice() -> None:
    document = (
        ledger().receipt(2, 4).to_json().replace('"position": 2,', '"position": 2, "position": 3,')
    )
    with pytest.raises(ValueError, match="given twice"):
        doc_verify()(document)


def test_the_script_reads_a_receipt_saved_again_with_a_bom_or_crlf(tmp_path: Path) -> None:
    """As verify-receipt does: a receipt saved as 'UTF-8 with BOM' is the same document.
    The script, run on such a file, ended in a traceback (json: Unexpected UTF-8 BOM)."""
    script = tmp_path / "check_receipt.py"
    script.write_text(doc_block("receipt-verifier"), encoding="utf-8")
    document = ledger().receipt(3, 5).to_json()
    for name, saved in {"bom": "\ufeff" + document, "crlf": document.replace("\n", "\r\n")}.items():
        receipt = tmp_path / f"receipt-{name}.json"
        receipt.write_bytes(saved.encode("utf-8"))
        run = subprocess.run(
            [sys.executable, str(script), str(receipt)], check=False, capture_output=True, text=True
        )
        assert (run.returncode, run.stderr) == (0, ""), f"{name}: {run.stderr}"
        assert run.stdout.startswith("OK position=3 tree_size=5 root="), name
    # What it prints FAILED for exits 1, so a job running it does not pass it.
    receipt.write_text(edit(document, tree_size=6), encoding="utf-8")
    run = subprocess.run(
        [sys.executable, str(script), str(receipt)], check=False, capture_output=True, text=True
    )
    assert (run.returncode, run.stdout[:7]) == (1, "FAILED:"), run.stdout


def test_the_documented_example_checkpoint_verifies_with_the_documented_key() -> None:
    """The example is the page's run's checkpoint-2026-11.txt: the demo's 314 events and two
    proposals (tests/test_docs_verifier.py holds the run to what the demo records now)."""
    note = doc_block("example-checkpoint")
    key = re.search(r"<!-- example-verifier-key -->\n`([^`]+)`", DOC.read_text(encoding="utf-8"))
    assert key, "docs/verification.md lost its example verifier key"

    checkpoint = open_checkpoint(note, NoteVerifier.from_text(key.group(1)))

    assert (checkpoint.origin, checkpoint.size) == ("ledger.example.org/portfolio", 316)


def test_the_script_takes_well_under_five_milliseconds_a_receipt() -> None:
    big = SyntheticLedger(2**14 + 3)
    # 300 positions spread over the whole tree, first and last included.
    positions = [1 + i * (big.size - 1) // 299 for i in range(300)]
    documents = [big.receipt(position, big.size).to_json() for position in positions]
    verify = doc_verify()

    started = time.perf_counter()
    results = [verify(document) for document in documents]
    elapsed = time.perf_counter() - started

    assert all(result.startswith("OK") for result in results)
    # A figure to read, not to assert: machines differ (the target is 5 ms).
    print(
        f"\nstdlib receipt verifier: {elapsed / len(documents) * 1000:.3f} ms per receipt "
        f"(tree of {big.size:,} leaves, {len(json.loads(documents[0])['inclusion_proof'])} "
        "proof hashes)"
    )


def test_the_auditors_page_says_how_long_the_script_is() -> None:
    """docs/receipt-verifier.md names the script by its length: the block's lines, as printed."""
    page = (DOC.parent / "receipt-verifier.md").read_text(encoding="utf-8")
    said = re.search(r"the (\d+)-line script", page)
    assert said, "docs/receipt-verifier.md no longer names the script by its length"
    assert int(said.group(1)) == len(doc_block("receipt-verifier").splitlines())
