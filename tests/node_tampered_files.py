"""Files the command line made, tampered with as the threat table of docs/verification.md says.

Each tampering writes a copy into a folder of its own and returns the arguments of the
Node.js verifier's check that must refuse it (tests/behaviour/test_node_verifier.py).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

from tests.conftest import Cli
from tests.node_verifier import ORIGIN, Made, plverify

Tampering = Callable[[Made, Path], list[str | Path]]


def copy(made: Made, tmp: Path, name: str, edit: Callable[[bytes], bytes]) -> Path:
    """A copy of one of the files, edited, with its manifest beside it as it was."""
    out = tmp / name
    out.write_bytes(edit((made / name).read_bytes()))
    manifest = made / f"{name}.manifest.json"
    if manifest.exists():
        (tmp / manifest.name).write_bytes(manifest.read_bytes())
    return out


def manifest_edited(path: Path, **changes: object) -> None:
    """Change a manifest's keys, the file's sha256 and size made the file's again."""
    where = path.with_name(path.name + ".manifest.json")
    manifest = json.loads(where.read_text(encoding="utf-8"))
    data = path.read_bytes()
    manifest.update(sha256=hashlib.sha256(data).hexdigest(), size=len(data), **changes)
    where.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def resealed_line(line: bytes, **changes: object) -> bytes:
    """A JSON Lines row with its values changed and its row_sha256 recomputed (the rule)."""
    row = json.loads(line)
    row.update(changes)

    def form(value: object) -> str:
        if value is None:
            return ""
        if isinstance(value, list | dict):
            return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return str(value)

    texts = [form(v) for k, v in row.items() if k != "row_sha256"]
    joined = json.dumps(texts, ensure_ascii=False, separators=(",", ":")).encode()
    row["row_sha256"] = hashlib.sha256(joined).hexdigest()
    written = json.dumps(row, ensure_ascii=False, separators=(",", ":"))
    for char in "\u0085\u2028\u2029":
        written = written.replace(char, f"\\u{ord(char):04x}")
    return written.encode() + b"\n"


def lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True)


def cell_edited(made: Made, tmp: Path) -> list[str | Path]:
    return ["export", copy(made, tmp, "trail.csv", lambda d: d.replace(b"line two", b"line 2"))]


def row_removed(made: Made, tmp: Path) -> list[str | Path]:
    return ["export", copy(made, tmp, "trail.jsonl", lambda d: b"".join(lines(d)[:-1]))]


def rows_reordered(made: Made, tmp: Path) -> list[str | Path]:
    swap = lambda d: b"".join([lines(d)[1], lines(d)[0], *lines(d)[2:]])  # noqa: E731
    return ["export", copy(made, tmp, "trail.jsonl", swap)]


def manifests_swapped(made: Made, tmp: Path) -> list[str | Path]:
    return ["export", made / "trail.csv", "--manifest", made / "trail.jsonl.manifest.json"]


def checkpoint_replaced(made: Made, tmp: Path) -> list[str | Path]:
    out = copy(made, tmp, "trail.csv", lambda d: d)
    manifest_edited(out, checkpoint=(made / "old.txt").read_text(encoding="utf-8"))
    return ["export", out]


def row_resealed(made: Made, tmp: Path) -> list[str | Path]:
    edit = lambda d: resealed_line(lines(d)[0], rationale="edited") + b"".join(lines(d)[1:])  # noqa: E731
    out = copy(made, tmp, "trail.jsonl", edit)
    manifest_edited(out)
    assert plverify("export", out).returncode == 0, "resealed: passes on its own, as documented"
    return ["export", out, "--db", made.db]


def row_left_out(made: Made, tmp: Path) -> list[str | Path]:
    out = copy(made, tmp, "trail.jsonl", lambda d: b"".join(lines(d)[:2] + lines(d)[3:]))
    manifest_edited(out, rows=4)
    assert plverify("export", out).returncode == 0, "resealed: passes on its own, as documented"
    return ["export", out, "--db", made.db]


def filtered_row_left_out(made: Made, tmp: Path) -> list[str | Path]:
    out = copy(made, tmp, "filtered.jsonl", lambda d: b"".join(lines(d)[1:]))
    manifest_edited(out, rows=4, first_position=2)
    assert plverify("export", out).returncode == 0, "resealed: passes on its own, as documented"
    return ["export", out, "--db", made.db]


def quote_removed(made: Made, tmp: Path) -> list[str | Path]:
    out = copy(
        made, tmp, "trail.csv", lambda d: d.replace(",'\uff1dcat,".encode(), ",\uff1dcat,".encode())
    )
    manifest_edited(out)
    return ["export", out]


def key_twice(made: Made, tmp: Path) -> list[str | Path]:
    forged = lambda d: d.replace(b'"rationale":', b'"rationale":"forged","rationale":', 1)  # noqa: E731
    out = copy(made, tmp, "trail.jsonl", forged)
    manifest_edited(out)
    return ["export", out]


def manifest_key_twice(made: Made, tmp: Path) -> list[str | Path]:
    out = copy(made, tmp, "trail.csv", lambda d: d)
    where = tmp / "trail.csv.manifest.json"
    where.write_text(where.read_text().replace('"rows":', '"rows": 1, "rows":'))
    return ["export", out]


def second_mark(made: Made, tmp: Path) -> list[str | Path]:
    out = copy(made, tmp, "trail.csv", lambda d: b"\xef\xbb\xbf" + d)
    manifest_edited(out)
    return ["export", out]


def cut_short_to_an_earlier_digest(made: Made, tmp: Path) -> list[str | Path]:
    out = copy(made, tmp, "trail.jsonl", lambda d: b"".join(lines(d)[:2]))
    _, recorded, sha256 = (f.split("=")[1] for f in made.earlier_digest.split()[1:])
    digest = {"position": 2, "recorded": recorded, "sha256": sha256, "line": made.earlier_digest}
    manifest_edited(out, rows=2, last_position=2, ledger_digest=digest,
                    checkpoint=(made / "old.txt").read_text(encoding="utf-8"))  # fmt: skip
    assert plverify("export", out, "--db", made.db, "--key", made.key).returncode == 0
    return ["export", out, "--digest", made.digest]


def receipt_edited(key: str, value: Callable[[object], object]) -> Tampering:
    def tampered(made: Made, tmp: Path) -> list[str | Path]:
        receipt = json.loads((made / "receipt.json").read_text(encoding="utf-8"))
        receipt[key] = value(receipt[key])
        (tmp / "receipt.json").write_text(json.dumps(receipt, indent=2), encoding="utf-8")
        return ["receipt", made.key, tmp / "receipt.json"]

    return tampered


def other_key(made: Made, tmp: Path) -> list[str | Path]:
    made_by = Cli(f"sqlite:///{tmp / 'unused.db'}")
    made_by("audit", "keygen", "--name", ORIGIN, "--out", str(tmp / "other.key"))
    return ["receipt", tmp / "other.key.pub", made / "receipt.json"]


def proof_edited(made: Made, tmp: Path) -> list[str | Path]:
    proof = json.loads((made / "proof.json").read_text(encoding="utf-8"))
    proof["consistency_proof"][0] = "A" * 43 + "="
    (tmp / "proof.json").write_text(json.dumps(proof, indent=2), encoding="utf-8")
    return ["consistency", made.key, tmp / "proof.json"]


def checkpoint_root_edited(made: Made, tmp: Path) -> list[str | Path]:
    text = (made / "new.txt").read_text(encoding="utf-8").split("\n")
    text[2] = "A" * 43 + "="
    (tmp / "new.txt").write_text("\n".join(text), encoding="utf-8")
    return ["checkpoint", made.key, tmp / "new.txt"]


FILES: dict[str, tuple[Tampering, str]] = {
    "an export edited, its checksums left": (cell_edited, "line 2: its row_sha256"),
    "an export shortened": (row_removed, "the file holds 4 rows"),
    "an export reordered": (rows_reordered, "line 2: position 1 out of order"),
    "two exports' manifests swapped": (manifests_swapped, "another export's"),
    "the manifest's checkpoint replaced": (checkpoint_replaced, "the manifest was edited"),
    "rows and checksums recomputed": (row_resealed, "line 1: rationale is"),
    "a row left out, the manifest resealed": (row_left_out, "position 3: no row"),
    "a filtered export's row left out, resealed": (
        filtered_row_left_out,
        "position 1: no row, though its filters select it",
    ),
    "a CSV cell's neutralising ' removed": (quote_removed, "neutralising"),
    "a JSON Lines key given twice": (key_twice, 'line 1: the key "rationale" is given twice'),
    "a CSV saved again with a second byte-order mark": (second_mark, "line 1: a second"),
    "a manifest key given twice": (manifest_key_twice, 'the key "rows" is given twice'),
    "cut short, pointed at an earlier digest": (cut_short_to_an_earlier_digest, "position 2"),
    "a receipt's proof hash": (
        receipt_edited("inclusion_proof", lambda p: ["A" * 43 + "=", *list(p)[1:]]),  # type: ignore[call-overload]
        "root",
    ),
    "a receipt's index": (receipt_edited("leaf_index", lambda _: 1), "leaf_index"),
    "a receipt's size": (receipt_edited("tree_size", lambda _: 4), "tree_size"),
    "a receipt's leaf data": (
        receipt_edited(
            "leaf_data", lambda d: str(d)[:20] + ("B" if str(d)[20] != "B" else "C") + str(d)[21:]
        ),
        "root",
    ),
    "a receipt's checkpoint text": (
        receipt_edited("checkpoint", lambda c: str(c).replace("\n5\n", "\n6\n")),
        "signature",
    ),
    "a receipt checked with another key": (other_key, "no signature by the verifier key"),
    "a consistency proof's hash": (proof_edited, "does not lead"),
    "a checkpoint's root": (checkpoint_root_edited, "signature does not verify"),
}
