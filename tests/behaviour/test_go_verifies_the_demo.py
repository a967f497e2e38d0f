"""Go's sumdb/note and sumdb/tlog accept every receipt and proof the demo ledger issues.

The demo ledger is recorded through the command line, on SQLite and on
PostgreSQL; checkpoints are signed at sizes 1, 2, 4, ... and the head,
receipts issued by 'audit prove' for the first, middle and last events, and
consistency proofs by 'audit consistency' between those sizes. The Go
verifier (tests/go/src/plverify), which shares no code with ours, must accept
each one and refuse each tampered one, as 'audit verify-receipt' does.
"""

from __future__ import annotations

import base64
import itertools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from portfolio_ledger.audit.keys import NoteSigner
from portfolio_ledger.audit.notes import sign_note
from portfolio_ledger.audit.signing import sign_checkpoint_now
from portfolio_ledger.bootstrap import open_ledger
from tests.conftest import Cli
from tests.go_verifier import build_plverify, run_plverify

ORIGIN = "ledger.example.org/portfolio"


@dataclass(frozen=True)
class Demo:
    """The demo ledger, its key files and its signed checkpoints (by size), in a folder."""

    run: Cli
    folder: Path
    signing_key: Path
    verifier_key: Path
    checkpoints: dict[int, Path]
    size: int

    def cli(self, *args: str) -> Any:
        return self.run(*args, env={"PORTFOLIO_LEDGER_SIGNING_KEY": str(self.signing_key)})


@pytest.fixture(scope="module")
def plverify(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_plverify(tmp_path_factory.mktemp("plverify"))


@pytest.fixture(scope="module")
def demo(module_db_url: str, tmp_path_factory: pytest.TempPathFactory) -> Demo:
    folder = tmp_path_factory.mktemp("demo-proofs")
    run = Cli(module_db_url)
    assert run("demo").exit_code == 0
    key = folder / "signing.key"
    made = run("audit", "keygen", "--name", ORIGIN, "--out", str(key))
    assert made.exit_code == 0, made.output
    signer = NoteSigner.from_text(key.read_text(encoding="utf-8"))
    ledger, _ = open_ledger(module_db_url)
    try:
        size = ledger.event_count()
        sizes = sorted({1 << k for k in range(size.bit_length()) if 1 << k <= size} | {size})
        checkpoints = {}
        for at in sizes:
            path = folder / f"checkpoint-{at}.txt"
            path.write_text(sign_checkpoint_now(ledger, signer, size=at).kept.note, "utf-8")
            checkpoints[at] = path
    finally:
        ledger.close()
    return Demo(run, folder, key, Path(f"{key}.pub"), checkpoints, size)


def receipt(demo: Demo, position: int, size: int) -> Path:
    out = demo.folder / f"receipt-{position}-of-{size}.json"
    if not out.exists():
        made = demo.cli(
            "audit", "prove", str(position), "--checkpoint", str(demo.checkpoints[size]),
            "--out", str(out),
        )  # fmt: skip
        assert made.exit_code == 0, made.output
    return out


def consistency(demo: Demo, old: int, new: int) -> Path:
    out = demo.folder / f"consistency-{old}-{new}.json"
    if not out.exists():
        made = demo.cli(
            "audit", "consistency", str(demo.checkpoints[old]), str(demo.checkpoints[new]),
            "--out", str(out),
        )  # fmt: skip
        assert made.exit_code == 0, made.output
    return out


def tampered(path: Path, **changes: Any) -> Path:
    data = json.loads(path.read_text(encoding="utf-8"))
    data.update(changes)
    out = path.with_name(f"tampered-{'-'.join(changes)}-{path.name}")
    out.write_text(json.dumps(data), encoding="utf-8")
    return out


def flip(hash_: str) -> str:
    raw = bytearray(base64.b64decode(hash_))
    raw[0] ^= 0x01
    return base64.b64encode(bytes(raw)).decode()


def key_text(demo: Demo) -> str:
    """The verifier key as its text (``--key`` takes the text or a file)."""
    return demo.verifier_key.read_text(encoding="utf-8").strip()


def other_key(demo: Demo) -> Path:
    """A file holding the verifier key of another signer with the same name."""
    path = demo.folder / "other.pub"
    path.write_text(NoteSigner.generate(ORIGIN).verifier().text() + "\n", encoding="utf-8")
    return path


def both_refuse(demo: Demo, plverify: Path, kind: str, cases: dict[str, Path]) -> None:
    """Go's verifier and ours each refuse every case (``wrong key``: checked with another key)."""
    for case, document in cases.items():
        key_file = other_key(demo) if case == "wrong key" else demo.verifier_key
        go = run_plverify(plverify, kind, key_file, document)
        ours = demo.cli("audit", f"verify-{kind}", str(document), "--key", str(key_file))

        assert go.returncode == 1, f"{case}: {go.stdout}{go.stderr}"
        assert go.stdout.startswith("FAILED:"), case
        assert ours.exit_code == 1, f"{case}: {ours.output}"
        assert ours.output.startswith("FAILED:"), case
        assert "Traceback" not in ours.output


def test_go_accepts_the_receipts_of_the_first_middle_and_last_events(
    demo: Demo, plverify: Path
) -> None:
    for size in (1, 2, demo.size):
        for position in sorted({1, (size + 1) // 2, size}):
            document = receipt(demo, position, size)

            go = run_plverify(plverify, "receipt", demo.verifier_key, document)
            ours = demo.cli("audit", "verify-receipt", str(document), "--key", key_text(demo))

            assert go.returncode == 0, go.stdout + go.stderr
            assert go.stdout.startswith(f"OK receipt: position {position} ")
            assert ours.exit_code == 0, ours.output
            assert f"position {position:,} " in ours.output


def test_go_opens_every_checkpoint_the_ledger_signed(demo: Demo, plverify: Path) -> None:
    for size, path in demo.checkpoints.items():
        go = run_plverify(plverify, "checkpoint", demo.verifier_key, path)

        assert go.returncode == 0, go.stdout + go.stderr
        assert f"tree of {size} leaves" in go.stdout


def test_go_accepts_consistency_between_sizes_from_one_through_the_powers_of_two(
    demo: Demo, plverify: Path
) -> None:
    sizes = sorted(demo.checkpoints)
    pairs = {(1, 1), (1, demo.size), (sizes[-2], demo.size), *itertools.pairwise(sizes)}
    pairs |= {(1, new) for new in sizes}
    for old, new in sorted(pairs):
        document = consistency(demo, old, new)

        go = run_plverify(plverify, "consistency", demo.verifier_key, document)
        ours = demo.cli("audit", "verify-consistency", str(document), "--key", key_text(demo))

        assert go.returncode == 0, f"{old} to {new}: {go.stdout}{go.stderr}"
        assert f"extends {ORIGIN} tree of {old} leaves" in go.stdout
        assert ours.exit_code == 0, ours.output


def test_go_and_we_refuse_every_tampered_receipt(demo: Demo, plverify: Path) -> None:
    size = demo.size
    middle = (size + 1) // 2
    original = receipt(demo, middle, size)
    data = json.loads(original.read_text(encoding="utf-8"))
    proof = data["inclusion_proof"]
    note = data["checkpoint"].replace(f"\n{size}\n", f"\n{size + 1}\n")
    cases = {
        "flipped proof hash": tampered(original, inclusion_proof=[flip(proof[0]), *proof[1:]]),
        "wrong index": tampered(original, leaf_index=middle, position=middle + 1),
        "wrong size": tampered(original, tree_size=size - 1),
        "altered note text": tampered(original, checkpoint=note),
        "wrong key": original,
    }
    both_refuse(demo, plverify, "receipt", cases)


def test_go_and_we_refuse_every_tampered_consistency_proof(demo: Demo, plverify: Path) -> None:
    sizes = sorted(demo.checkpoints)
    old, new = sizes[2], demo.size
    original = consistency(demo, old, new)
    data = json.loads(original.read_text(encoding="utf-8"))
    hashes = data["consistency_proof"]
    another_size = demo.checkpoints[sizes[3]].read_text(encoding="utf-8")
    note = data["new_checkpoint"].replace(f"\n{new}\n", f"\n{new - 1}\n")
    cases = {
        "flipped proof hash": tampered(
            original, consistency_proof=[*hashes[:-1], flip(hashes[-1])]
        ),
        "wrong old size": tampered(original, old_checkpoint=another_size),
        "altered note text": tampered(original, new_checkpoint=note),
        "wrong key": original,
    }
    both_refuse(demo, plverify, "consistency", cases)


@pytest.mark.parametrize("line", ["recorded", "recorded  2026-12-06T15:50:57Z", "recorded -"])
def test_go_and_we_refuse_a_recorded_line_that_is_no_time(
    demo: Demo, plverify: Path, line: str
) -> None:
    """docs/verification.md: a recorded line is one whose first word is ``recorded``.

    ``recorded`` alone is such a line, with no time: both refuse it (Go's took it
    for an extension line, as it looked only for ``recorded `` with its space).
    """
    signer = NoteSigner.from_text(demo.signing_key.read_text(encoding="utf-8"))
    head = demo.checkpoints[demo.size].read_text(encoding="utf-8").split("\n")[:3]
    path = demo.folder / "checkpoint-recorded-no-time.txt"
    path.write_text(sign_note("\n".join([*head, line]) + "\n", signer), encoding="utf-8")

    go = run_plverify(plverify, "checkpoint", demo.verifier_key, path)
    ours = demo.cli("audit", "verify", "--checkpoint", str(path), "--key", str(demo.verifier_key))

    assert go.returncode == 1, go.stdout + go.stderr
    assert "malformed checkpoint: recorded line" in go.stdout
    assert ours.exit_code != 0, ours.output
    assert "recorded time" in ours.output
