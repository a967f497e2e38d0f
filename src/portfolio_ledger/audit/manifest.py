"""The manifest written beside every export: what was asked for, what was written, from what."""

from __future__ import annotations

import json
import shlex
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from portfolio_ledger.application.field_wording import worded
from portfolio_ledger.application.files import read_small
from portfolio_ledger.application.strict_json import JSONInputError, loads
from portfolio_ledger.audit.digest import Digest, DigestError
from portfolio_ledger.audit.documents import (
    MANIFEST_KIND,
    MAX_DOCUMENT,
    MAX_NOTE,
    another_document,
)
from portfolio_ledger.domain.errors import LedgerError

HEX64 = r"^[0-9a-f]{64}$"
ROW_HASH_RULE = (
    "row_sha256 is SHA-256 over the UTF-8 JSON array (no spaces) of the row's other "
    "cells' text forms, in column order; see docs/verification.md"
)


class ManifestError(LedgerError):
    """A manifest that is missing, unreadable or not a manifest."""


ENCODINGS = {"csv": "utf-8 with byte-order mark, CRLF", "jsonl": "utf-8, LF"}
"""Each format's encoding, in the words the manifest gives it."""


class _Strict(BaseModel):
    # Strict: a count given as the text "13", or as 13.0, is not read as 13.
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class Filters(_Strict):
    """The filters the export was made with, as given on the command line."""

    item: str | None = None
    actor: str | None = None
    type: str | None = None
    start: str | None = Field(default=None, alias="from")
    end: str | None = Field(default=None, alias="to")
    clock: Literal["recorded", "effective"] = "recorded"
    organisation: tuple[str, ...] = ()
    category: tuple[str, ...] = ()
    stage: tuple[str, ...] = ()
    rag: tuple[str, ...] = ()
    kind: tuple[str, ...] = ()

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, strict=True)

    @classmethod
    def of(cls, options: dict[str, Any]) -> Filters:
        """The filters as the command line's options gave them."""
        renamed = {option: field for field, option in _OPTIONS.items()}
        return cls.model_validate(
            {renamed.get(name, name): value for name, value in options.items()}
        )

    def select_everything(self) -> bool:
        """Whether these filters keep every row (the clock alone filters nothing)."""
        return not any(value for name, value in self if name != "clock")

    def spelt(self) -> str | None:
        """The filters as ``audit export``'s options (``--item PRJ-002``); None for none.

        What a filtered export covers, said where it is made and where it is
        checked, not left to be read from the manifest.
        """
        if self.select_everything():
            return None
        given: list[str] = []
        for name, value in self:
            if not value or (name == "clock" and not (self.start or self.end)):
                continue
            option = "--" + {"start": "from", "end": "to"}.get(name, name)
            values = value if isinstance(value, tuple) else (value,)
            given.extend(f"{option} {shlex.quote(str(one))}" for one in values)
        return " ".join(given)

    def options(self) -> dict[str, Any]:
        """The command line's options these filters were made from."""
        values = self.model_dump()
        return {_OPTIONS.get(name, name): value for name, value in values.items()}


_OPTIONS = {
    "type": "event_type",
    "organisation": "organisations",
    "category": "categories",
    "stage": "stages",
    "rag": "rags",
    "kind": "kinds",
}
"""Each manifest field whose command-line option has another name, and that name."""


class LedgerDigest(_Strict):
    """The ledger's digest when the export was taken: every row is at or before it."""

    position: int = Field(ge=0)
    recorded: str | None
    sha256: str = Field(pattern=HEX64)
    line: str

    def digest(self) -> Digest:
        """The digest itself, read from its line and checked against the fields."""
        digest = Digest.parse(self.line)
        if (digest.position, digest.sha256, digest.as_dict()["recorded"]) != (
            self.position,
            self.sha256,
            self.recorded,
        ):
            raise DigestError("the manifest's digest line and its fields disagree")
        return digest


class Tool(_Strict):
    """What wrote the export."""

    name: Literal["portfolio-ledger"] = "portfolio-ledger"
    version: str


class Manifest(_Strict):
    """Everything needed to check an export on its own, and against the ledger."""

    kind: Literal["portfolio-ledger audit export"] = MANIFEST_KIND
    manifest_version: Literal[1] = 1
    file: str
    format: Literal["csv", "jsonl"]
    encoding: str
    columns: list[str] = Field(min_length=2)
    row_hash: str = ROW_HASH_RULE
    rows: int = Field(ge=0)
    first_position: int | None = Field(ge=1)
    last_position: int | None = Field(ge=1)
    size: int = Field(ge=0, description="bytes")
    sha256: str = Field(pattern=HEX64)
    filters: Filters
    ledger_digest: LedgerDigest
    checkpoint: str | None = Field(default=None, max_length=MAX_NOTE)
    """The signed checkpoint of the ledger's first ``ledger_digest.position`` events (a signed
    note), or None if the export was made with no signing key at hand."""
    exported_at: str
    tool: Tool

    @field_validator("manifest_version", mode="before")
    @classmethod
    def _a_number(cls, version: object) -> object:
        # JSON's true is not the number 1, though Python's True == 1.
        if isinstance(version, bool):
            raise ValueError("Input should be the number 1")  # noqa: TRY004 - pydantic's way
        return version

    @field_validator("exported_at")
    @classmethod
    def _a_time_in_utc(cls, exported_at: str) -> str:
        try:
            datetime.strptime(exported_at, "%Y-%m-%dT%H:%M:%SZ")  # noqa: DTZ007 - Z is in the text
        except ValueError:
            raise ValueError(
                "should be a time in UTC to the second, YYYY-MM-DDTHH:MM:SSZ"
            ) from None
        return exported_at

    @model_validator(mode="after")
    def _the_encoding_of_its_format(self) -> Manifest:
        if self.encoding != ENCODINGS[self.format]:
            raise ValueError(
                f"encoding: a {self.format} export's encoding is {ENCODINGS[self.format]!r}, "
                f"not {self.encoding!r}"
            )
        return self

    @field_validator("columns")
    @classmethod
    def _each_column_once(cls, columns: list[str]) -> list[str]:
        # A column named twice would make a row's cells ambiguous, as a JSON key twice would.
        # Counted once each: columns.count(name) for every name took minutes for a manifest
        # of 40,000 columns (hours for the 10 MiB a manifest may be).
        twice = sorted(name for name, times in Counter(columns).items() if times > 1)
        if twice:
            raise ValueError(f"the column {twice[0]!r} is named twice; each column is named once")
        return columns

    def to_bytes(self) -> bytes:
        """The manifest as pretty JSON, UTF-8, ending in a newline."""
        data = self.model_dump(mode="json", by_alias=True)
        return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


# Keys every version of portfolio-ledger wrote: one missing was taken out since. Not so
# ``checkpoint`` and the item filters (organisation ... kind): versions before 2026-11-30
# wrote neither, and their manifests are read with no checkpoint and none of those filters.
_ALWAYS_WRITTEN: dict[str, tuple[str, ...]] = {
    "": ("kind", "manifest_version", "row_hash"),
    "filters": ("item", "actor", "type", "from", "to", "clock"),
    "tool": ("name",),
}


def _refuse_another_or_taken_out(data: object, path: Path) -> None:
    """Refuse another kind of document, or a manifest lacking a key every version wrote."""
    other = another_document(data, "export manifest")
    if other:
        raise ManifestError(f"the manifest {path}: {other}")
    for part, names in _ALWAYS_WRITTEN.items():
        values = (data.get(part) if part else data) if isinstance(data, dict) else None
        missing = [name for name in names if isinstance(values, dict) and name not in values]
        if missing:
            raise ManifestError(
                f"the manifest {path} is not a valid export manifest: "
                f"{part + '.' if part else ''}{missing[0]}: every manifest holds it, and this "
                "one does not (edited since it was written?)"
            )


def manifest_path(export: Path) -> Path:
    """Where an export's manifest lives: beside it, named FILE.manifest.json."""
    return export.with_name(export.name + ".manifest.json")


def load_manifest(path: Path) -> Manifest:
    """Read and validate a manifest, with a message naming what is wrong."""
    try:
        raw = read_small(path, MAX_DOCUMENT)
    except FileNotFoundError:
        raise ManifestError(
            f"no manifest at {path}; an export's manifest is written beside it as "
            "FILE.manifest.json. Give its path with --manifest if it was moved."
        ) from None
    except OSError as error:
        raise ManifestError(f"cannot read the manifest {path}: {error.strerror}") from None
    if raw is None:
        raise ManifestError(
            f"{path} is too large to be an export's manifest (more than "
            f"{MAX_DOCUMENT >> 20} MiB); give the manifest the export was written with"
        )
    try:
        # Strictly: with a key given twice, which value counts would be a guess.
        data = loads(raw)
    except JSONInputError as error:
        raise ManifestError(
            f"the manifest {path} is not valid JSON ({error}); it may be truncated, damaged "
            "or edited by hand. Use the manifest the export was written with"
        ) from None
    _refuse_another_or_taken_out(data, path)
    try:
        # From the text, where JSON's arrays are the filters' lists; strictly read already.
        manifest = Manifest.model_validate_json(raw) if isinstance(data, dict) else None
        if manifest is None:
            manifest = Manifest.model_validate(data)  # says it is not an object
        manifest.ledger_digest.digest()
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in detail['loc']) or 'manifest'}: {worded(detail)}"
            for detail in error.errors()[:5]
        )
        raise ManifestError(
            f"the manifest {path} is not a valid export manifest: {problems}; it was edited "
            "or damaged since the export wrote it: use the manifest the export was written with"
        ) from None
    except DigestError as error:
        raise ManifestError(
            f"the manifest {path} holds a bad ledger digest (ledger_digest): {error.problem}; "
            "the manifest was edited or damaged since the export wrote it: use the one "
            "written with it"
        ) from None
    return manifest
