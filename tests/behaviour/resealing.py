"""An export's manifest made to fit its file again, as someone who edits an export can."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path


def reseal(out: Path) -> None:
    """The manifest beside ``out`` given the file's ``size`` and ``sha256`` as it now is.

    The manifest's checksums are public arithmetic: an editor recomputes them, so only the
    rows' own checksums, the ledger, or a signature can catch what was changed.
    """
    data = out.read_bytes()
    manifest_file = Path(f"{out}.manifest.json")
    manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
    manifest.update(size=len(data), sha256=hashlib.sha256(data).hexdigest())
    manifest_file.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
