"""Files put in place together: both new ones, or both earlier ones, whatever stops it."""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from portfolio_ledger.application import files
from portfolio_ledger.application.files import hidden_beside, put_in_place


def _earlier_pair(folder: Path) -> tuple[Path, Path, tuple[tuple[Path, Path], ...]]:
    """An earlier export and its manifest in ``folder``, and the pair to put in their place."""
    export, manifest = folder / "trail.csv", folder / "trail.csv.manifest.json"
    export.write_text("earlier export\n", encoding="utf-8")
    manifest.write_text("earlier manifest\n", encoding="utf-8")
    return export, manifest, ((hidden_beside(export), export), (hidden_beside(manifest), manifest))


def test_a_ctrl_c_between_the_two_renames_leaves_the_earlier_pair(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Only an OSError put the first file back: interrupted after the export was renamed
    # and before its manifest was, the new export stood beside the earlier manifest.
    export, manifest, pair = _earlier_pair(tmp_path)
    replace = Path.replace

    def interrupted(self: Path, target: Path) -> Path:
        if Path(target) == manifest and self.name.endswith(".part"):
            raise KeyboardInterrupt
        return replace(self, target)

    monkeypatch.setattr(Path, "replace", interrupted)

    with put_in_place(*pair) as rename:
        for hidden, place in pair:
            hidden.write_text(f"new {place.name}\n", encoding="utf-8")
        with pytest.raises(KeyboardInterrupt):
            rename()

    assert export.read_text(encoding="utf-8") == "earlier export\n"
    assert manifest.read_text(encoding="utf-8") == "earlier manifest\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [export.name, manifest.name]


def test_a_pair_that_must_be_new_gives_up_the_first_place_when_the_second_is_taken(
    tmp_path: Path,
) -> None:
    # Another process's manifest is there (its export not yet): this pair's export, put in
    # place first, is taken away again, and the other's manifest is left as it is.
    export, manifest = tmp_path / "trail.csv", tmp_path / "trail.csv.manifest.json"
    manifest.write_text("the other's manifest\n", encoding="utf-8")
    pair = ((hidden_beside(export), export), (hidden_beside(manifest), manifest))

    with put_in_place(*pair, new=(export, manifest)) as rename:
        for hidden, place in pair:
            hidden.write_text(f"new {place.name}\n", encoding="utf-8")
        with pytest.raises(FileExistsError) as raised:
            rename()

    assert raised.value.filename == str(manifest)
    assert manifest.read_text(encoding="utf-8") == "the other's manifest\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [manifest.name]


def test_a_place_not_named_new_is_replaced_beside_one_that_is(tmp_path: Path) -> None:
    key, public = tmp_path / "signing.key", tmp_path / "signing.key.pub"
    public.write_text("an earlier verifier key\n", encoding="utf-8")
    pair = ((hidden_beside(key), key), (hidden_beside(public), public))

    with put_in_place(*pair, new=(key,)) as rename:
        for hidden, place in pair:
            hidden.write_text(f"new {place.name}\n", encoding="utf-8")
        rename()

    assert key.read_text(encoding="utf-8") == "new signing.key\n"
    assert public.read_text(encoding="utf-8") == "new signing.key.pub\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [key.name, public.name]


def test_a_pair_put_back_is_the_one_there_when_the_folder_was_locked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The files to put back were taken before the folder's lock: another export --overwrite
    # that put its pair in place meanwhile was then undone by half when this one's manifest
    # could not be renamed: the earlier export put back beside the other's manifest, which
    # verify-export calls tampering.
    export, manifest, pair = _earlier_pair(tmp_path)
    real_lock, replace = files.folder_locked, Path.replace

    @contextmanager
    def other_pair_first(folder: Path, **options: bool) -> Iterator[None]:
        for place in (export, manifest):  # the other writer's pair, each a new file
            other = tmp_path / f"other-{place.name}"
            other.write_text(f"other {place.name}\n", encoding="utf-8")
            replace(other, place)
        with real_lock(folder, **options):
            yield

    def manifest_fails(self: Path, target: Path) -> Path:
        if Path(target) == manifest and self.name.endswith(".part"):
            raise OSError(errno.ENOSPC, "No space left on device")
        return replace(self, target)

    monkeypatch.setattr(files, "folder_locked", other_pair_first)
    monkeypatch.setattr(Path, "replace", manifest_fails)

    with put_in_place(*pair) as rename:
        for hidden, place in pair:
            hidden.write_text(f"new {place.name}\n", encoding="utf-8")
        with pytest.raises(OSError, match="No space"):
            rename()

    assert export.read_text(encoding="utf-8") == f"other {export.name}\n"
    assert manifest.read_text(encoding="utf-8") == f"other {manifest.name}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [export.name, manifest.name]


def test_a_ctrl_c_just_after_a_new_place_is_linked_gives_it_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Interrupted after the export's link was made and before it was counted as taken, the
    # export stayed in place with no manifest beside it, and the next export was refused.
    export, manifest = tmp_path / "trail.csv", tmp_path / "trail.csv.manifest.json"
    pair = ((hidden_beside(export), export), (hidden_beside(manifest), manifest))
    link = os.link

    def interrupted(source: Path, target: Path) -> None:
        link(source, target)
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "link", interrupted)

    with put_in_place(*pair, new=(export, manifest)) as rename:
        for hidden, place in pair:
            hidden.write_text(f"new {place.name}\n", encoding="utf-8")
        with pytest.raises(KeyboardInterrupt):
            rename()

    assert list(tmp_path.iterdir()) == []
