"""A file an auditor saved again as *UTF-8 with BOM* (Notepad's default on Windows).

A checkpoint, a verifier key, a receipt or a consistency proof copied into the
minutes and saved again with a byte-order mark is the same document, as one
saved with CRLF line ends already was (docs/verification.md, "Receipts and
consistency proofs"): before, the checkpoint was said to be *altered after
signing*, the key's hash *does not match its name*, and the receipt *not JSON
(Expecting value at column 1)*. An export's manifest, and a JSON Lines export
(whose bytes its manifest fixes), are still refused, now naming the mark
rather than *Expecting value at column 1*.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from tests.behaviour.test_proofs import Signed, signed  # noqa: F401  (the fixture)

BOM = "\ufeff".encode()


def _with_a_bom(path: Path, to: Path | None = None) -> Path:
    to = to or path.with_name(f"bom-{path.name}")
    to.write_bytes(BOM + path.read_bytes().replace(b"\n", b"\r\n"))
    return to


def test_a_checkpoint_key_receipt_and_proof_saved_with_a_bom_still_verify(
    signed: Signed,  # noqa: F811
) -> None:
    old, new = signed.checkpoints
    key = _with_a_bom(signed.public)
    checkpoint = _with_a_bom(new)
    verified = signed("audit", "verify", "--checkpoint", str(checkpoint), "--key", str(key))
    assert verified.exit_code == 0, verified.output

    receipt = signed.folder / "receipt.json"
    assert signed("audit", "prove", "3", "--out", str(receipt)).exit_code == 0
    checked = signed("audit", "verify-receipt", str(_with_a_bom(receipt)), "--key", str(key))
    assert checked.exit_code == 0, checked.output
    assert checked.output.startswith("OK")

    proof = signed.folder / "proof.json"
    older = str(_with_a_bom(old))
    made = signed("audit", "consistency", older, str(checkpoint), "--out", str(proof))
    assert made.exit_code == 0, made.output
    consistent = signed("audit", "verify-consistency", str(_with_a_bom(proof)), "--key", str(key))
    assert consistent.exit_code == 0, consistent.output


def test_an_export_and_its_manifest_saved_with_a_bom_are_refused_naming_the_mark(
    signed: Signed,  # noqa: F811
) -> None:
    out = signed.folder / "trail.jsonl"
    assert signed("audit", "export", "--out", str(out)).exit_code == 0
    checkpoint = _with_a_bom(signed.checkpoints[-1])
    manifest = Path(f"{out}.manifest.json")
    saved = signed.folder / "saved.jsonl"
    saved.write_bytes(out.read_bytes())
    _with_a_bom(manifest, Path(f"{saved}.manifest.json"))
    refused = signed("audit", "verify-export", str(saved), "--file-only")
    assert refused.exit_code == 1, refused.output
    assert "byte-order mark" in refused.output
    assert "Expecting value" not in refused.output

    data = BOM + out.read_bytes()
    saved.write_bytes(data)
    fields = json.loads(manifest.read_text(encoding="utf-8"))
    fields.update(size=len(data), sha256=hashlib.sha256(data).hexdigest())
    Path(f"{saved}.manifest.json").write_text(json.dumps(fields, indent=2) + "\n", "utf-8")
    for args in (("--file-only",), ("--checkpoint", str(checkpoint), "--key", str(signed.public))):
        refused = signed("audit", "verify-export", str(saved), *args)
        assert refused.exit_code == 1, refused.output
        assert "line 1:" in refused.output, refused.output
        assert "byte-order mark" in refused.output, refused.output
