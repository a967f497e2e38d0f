"""Where an audit export goes: a folder that is not there, a place it cannot write, a name.

An export that cannot be written is refused naming the file and why (exit
1), never an internal error, and leaves nothing behind: no half file, no
file without its manifest. The file's extension is its format, as for the
tables (docs/tables.md): ``--format`` may be left out, and a name that says
another format is refused before anything is written (exit 2).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Cli


@pytest.fixture(scope="module")
def demo(shared_demo: Cli) -> Cli:
    """The demo ledger, shared by the module's tests (which never write to it)."""
    return shared_demo


def _left_in(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


def test_an_export_into_a_folder_that_does_not_exist_is_refused_naming_it(
    demo: Cli, tmp_path: Path
) -> None:
    out = tmp_path / "no-such-folder" / "trail.csv"

    result = demo("audit", "export", "--format", "csv", "--out", str(out))

    assert result.exit_code == 2, result.output  # bad usage of --out, as a folder given is
    assert "Internal error" not in result.output
    assert f"the folder {out.parent} does not exist" in result.output
    assert f"mkdir -p {out.parent}" in result.output
    assert "--out" in result.output
    assert not out.parent.exists()


def test_an_export_under_a_file_is_refused_saying_it_is_not_a_folder(
    demo: Cli, tmp_path: Path
) -> None:
    a_file = tmp_path / "notes.txt"
    a_file.write_text("not a folder", encoding="utf-8")
    out = a_file / "trail.jsonl"

    result = demo("audit", "export", "--format", "jsonl", "--out", str(out))

    assert result.exit_code == 2, result.output
    assert "Internal error" not in result.output
    assert f"{a_file} is not a folder" in result.output
    assert _left_in(tmp_path) == ["notes.txt"]


def test_an_export_into_a_folder_that_takes_no_files_is_refused_and_writes_nothing(
    demo: Cli,
) -> None:
    # /proc takes no new files, whoever asks (root included, as in CI): a read-only folder.
    result = demo("audit", "export", "--format", "csv", "--out", "/proc/trail.csv")

    assert result.exit_code == 1, result.output
    assert "Internal error" not in result.output
    assert "/proc" in result.output
    assert not Path("/proc/trail.csv").exists()
    assert not Path("/proc/trail.csv.manifest.json").exists()


def test_a_manifest_that_cannot_be_written_leaves_no_export_without_one(
    demo: Cli, tmp_path: Path
) -> None:
    out = tmp_path / "trail.csv"
    (tmp_path / "trail.csv.manifest.json").mkdir()  # where the manifest should go

    result = demo("audit", "export", "--format", "csv", "--out", str(out), "--overwrite")

    assert result.exit_code == 1, result.output
    assert "Internal error" not in result.output
    assert "trail.csv.manifest.json" in result.output
    assert "nothing was written" in result.output
    assert _left_in(tmp_path) == ["trail.csv.manifest.json"]


@pytest.mark.parametrize(
    ("name", "file_format"),
    [("trail.csv", "jsonl"), ("trail.jsonl", "csv"), ("trail.txt", "csv"), ("trail", "jsonl")],
)
def test_a_file_name_that_says_another_format_is_refused_before_anything_is_written(
    demo: Cli, tmp_path: Path, name: str, file_format: str
) -> None:
    out = tmp_path / name

    result = demo("audit", "export", "--format", file_format, "--out", str(out))

    assert result.exit_code == 2, result.output
    assert f".{file_format}" in result.output
    assert _left_in(tmp_path) == []


@pytest.mark.parametrize(("name", "file_format"), [("trail.JSONL", "jsonl"), ("t.Csv", "csv")])
def test_the_format_follows_the_file_name_when_not_given(
    demo: Cli, tmp_path: Path, name: str, file_format: str
) -> None:
    out = tmp_path / name

    result = demo("audit", "export", "--out", str(out))

    assert result.exit_code == 0, result.output
    manifest = json.loads((tmp_path / f"{name}.manifest.json").read_text(encoding="utf-8"))
    assert manifest["format"] == file_format
    assert demo("audit", "verify-export", str(out)).exit_code == 0


def test_a_file_name_of_no_export_format_and_no_format_is_refused_naming_both(
    demo: Cli, tmp_path: Path
) -> None:
    result = demo("audit", "export", "--out", str(tmp_path / "trail.xlsx"))

    assert result.exit_code == 2, result.output
    assert ".csv" in result.output
    assert ".jsonl" in result.output
    assert _left_in(tmp_path) == []


def test_checking_an_export_that_is_not_there_names_the_export_not_its_manifest(
    demo: Cli, tmp_path: Path
) -> None:
    missing = tmp_path / "trail.csv"

    result = demo("audit", "verify-export", str(missing))

    assert result.exit_code == 2, result.output  # a path naming no file: bad usage
    assert f"'{missing}' does not exist" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("spelling", ["same", "dotted", "linked"])
def test_an_export_over_the_ledger_s_own_file_is_refused_even_with_overwrite(
    tmp_path: Path, spelling: str
) -> None:
    """A ledger file named *.csv is never replaced by an export, however the path is spelt."""
    ledger_file = tmp_path / "ledger.csv"
    run = Cli(f"sqlite:///{ledger_file}")
    assert run("init").exit_code == 0
    out = {"same": ledger_file, "dotted": tmp_path / "." / "ledger.csv"}.get(spelling)
    if out is None:
        out = tmp_path / "link.csv"
        out.symlink_to(ledger_file)
    before = ledger_file.read_bytes()

    result = run("audit", "export", "--out", str(out), "--overwrite")

    assert result.exit_code == 2, result.output
    assert "the ledger's own database file" in result.output
    assert ledger_file.read_bytes() == before
    assert run("audit", "verify").exit_code == 0


@pytest.mark.parametrize(
    ("name", "command"),
    [
        ("ledger.csv", ("portfolio", "--out")),
        ("ledger.json", ("audit", "prove", "1", "--overwrite", "--out")),
        ("ledger.xlsx", ("economics", "--out")),
        ("ledger.key", ("audit", "keygen", "--name", "x", "--force", "--out")),
        ("ledger.html", ("report", "board-pack", "--as-at", "2026-11-30", "--out")),
    ],
    ids=["table", "receipt", "board-pack", "workbook", "key"],
)
def test_no_command_writes_its_file_over_the_ledger(
    tmp_path: Path, name: str, command: tuple[str, ...]
) -> None:
    ledger_file = tmp_path / name
    run = Cli(f"sqlite:///{ledger_file}")
    assert run("demo").exit_code == 0
    key = {"PORTFOLIO_LEDGER_SIGNING_KEY": str(tmp_path / "signing.key")}
    assert run("audit", "keygen", "--name", "ledger.example.org/x", env=key).exit_code == 0
    assert run("audit", "checkpoint", env=key).exit_code == 0
    before = ledger_file.read_bytes()

    result = run(*command, str(ledger_file))

    assert result.exit_code == 2, result.output
    assert "the ledger's own database file" in result.output
    assert ledger_file.read_bytes() == before


def test_an_export_again_whose_manifest_cannot_be_written_leaves_the_earlier_pair_as_it_was(
    demo: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The export was renamed over the earlier one before its manifest was written; when
    # the manifest could not be (a full disk, say), the new export was removed: the earlier
    # export was lost and its manifest described a file that was no longer there.
    from portfolio_ledger.audit import exporting

    out = tmp_path / "trail.csv"
    assert demo("audit", "export", "--format", "csv", "--out", str(out)).exit_code == 0
    manifest = tmp_path / "trail.csv.manifest.json"
    before = (out.read_bytes(), manifest.read_bytes())

    def disk_full(path: Path, content: bytes) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(exporting, "write_synced", disk_full)
    result = demo("audit", "export", "--format", "csv", "--out", str(out), "--overwrite")

    assert result.exit_code == 1, result.output
    assert "No space left on device" in result.output
    assert (out.read_bytes(), manifest.read_bytes()) == before
    assert _left_in(tmp_path) == ["trail.csv", "trail.csv.manifest.json"]
    assert demo("audit", "verify-export", str(out)).exit_code == 0


@pytest.mark.parametrize(
    ("sibling", "command"),
    [
        ("-shm", ("audit", "keygen", "--name", "x", "--out")),
        ("-wal", ("audit", "prove", "1", "--out")),
        ("-journal", ("audit", "prove", "1", "--out")),
    ],
    ids=["key-as-shm", "receipt-as-wal", "receipt-as-journal"],
)
def test_no_command_writes_the_file_sqlite_keeps_beside_the_ledger_while_it_is_not_there(
    tmp_path: Path, sibling: str, command: tuple[str, ...]
) -> None:
    """FILE-wal, -shm and -journal are SQLite's, there or not: a key written there is lost.

    SQLite removes FILE-shm and FILE-wal when the ledger closes, and reads them
    as its own when it opens: a signing key written as ledger.db-shm was deleted
    by the next command that opened the ledger.
    """
    ledger_file = tmp_path / "ledger.db"
    run = Cli(f"sqlite:///{ledger_file}")
    assert run("demo").exit_code == 0
    key = {"PORTFOLIO_LEDGER_SIGNING_KEY": str(tmp_path / "signing.key")}
    assert run("audit", "keygen", "--name", "ledger.example.org/x", env=key).exit_code == 0
    assert run("audit", "checkpoint", env=key).exit_code == 0
    out = tmp_path / f"ledger.db{sibling}"
    assert not out.exists()

    result = run(*command, str(out))

    assert result.exit_code == 2, result.output
    assert "the ledger's own database file" in result.output
    assert not out.exists()
    assert run("audit", "verify").exit_code == 0


@pytest.mark.parametrize(
    "command",
    [
        ("audit", "export", "--out", "{long}.csv"),
        ("audit", "verify-export", "{long}.csv"),
        ("portfolio", "--out", "{long}/x.csv"),
        ("portfolio", "--out", "{long}.csv"),
        ("portfolio", "export", "--out", "{long}.csv"),
        ("report", "board-pack", "--as-at", "2026-11-30", "--out", "{long}.html"),
        ("audit", "keygen", "--name", "x", "--out", "{long}.key"),
    ],
    ids=["export", "verify-export", "table-folder", "table", "return", "board-pack", "key"],
)
def test_a_file_name_longer_than_the_file_system_takes_is_refused_not_an_internal_error(
    demo: Cli, tmp_path: Path, command: tuple[str, ...]
) -> None:
    long = str(tmp_path / ("a" * 300))

    result = demo(*(part.format(long=long) for part in command))

    assert result.exit_code == 1, result.output
    assert "Internal error" not in result.output
    assert "File name too long" in result.output
    assert _left_in(tmp_path) == []


def test_an_out_in_a_loop_of_links_is_refused_as_no_folder(demo: Cli, tmp_path: Path) -> None:
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")

    result = demo("portfolio", "--out", str(tmp_path / "a" / "x.csv"))

    assert result.exit_code == 2, result.output
    assert "Internal error" not in result.output
    assert f"{tmp_path / 'a'} is not a folder (a symbolic link to no folder" in result.output


def test_a_receipt_into_a_loop_of_links_is_refused_as_no_folder(tmp_path: Path) -> None:
    run = Cli(f"sqlite:///{tmp_path / 'ledger.db'}")
    assert run("demo").exit_code == 0
    key = {"PORTFOLIO_LEDGER_SIGNING_KEY": str(tmp_path / "signing.key")}
    assert run("audit", "keygen", "--name", "ledger.example.org/x", env=key).exit_code == 0
    assert run("audit", "checkpoint", env=key).exit_code == 0
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    out = tmp_path / "a" / "receipt.json"

    result = run("audit", "prove", "1", "--out", str(out))

    assert result.exit_code == 2, result.output
    assert "Internal error" not in result.output
    assert f"{out.parent} is not a folder (a symbolic link to no folder" in result.output


def test_an_export_whose_manifest_would_replace_a_folder_is_refused_keeping_the_earlier(
    demo: Cli, tmp_path: Path
) -> None:
    """The earlier export stays: it was replaced, then removed, as the manifest could not be."""
    out = tmp_path / "trail.csv"
    assert demo("audit", "export", "--out", str(out)).exit_code == 0
    earlier = out.read_bytes()
    Path(f"{out}.manifest.json").unlink()
    Path(f"{out}.manifest.json").mkdir()

    result = demo("audit", "export", "--out", str(out), "--overwrite")

    assert result.exit_code == 1, result.output
    assert "nothing was written" in result.output
    assert out.read_bytes() == earlier
    assert _left_in(tmp_path) == ["trail.csv", "trail.csv.manifest.json"]


def test_nor_beside_the_file_a_linked_ledger_s_name_leads_to(tmp_path: Path) -> None:
    """SQLite keeps real.db-shm beside real.db when the ledger is opened as link.db."""
    (tmp_path / "data").mkdir()
    real = tmp_path / "data" / "real.db"
    assert Cli(f"sqlite:///{real}")("demo").exit_code == 0
    (tmp_path / "link.db").symlink_to(real)
    out = tmp_path / "data" / "real.db-shm"

    result = Cli(f"sqlite:///{tmp_path / 'link.db'}")(
        "audit", "keygen", "--name", "x", "--out", str(out)
    )

    assert result.exit_code == 2, result.output
    assert "the ledger's own database file" in result.output
    assert not out.exists()


def test_a_name_near_the_longest_a_folder_takes_is_written_with_its_manifest(
    demo: Cli, tmp_path: Path
) -> None:
    # 240 bytes, its manifest's name 254: a file system takes 255. The hidden files
    # they are written in first used to add a dot, the name and a suffix, and failed.
    out = tmp_path / ("t" * 236 + ".csv")

    result = demo("audit", "export", "--out", str(out))

    assert result.exit_code == 0, result.output
    assert _left_in(tmp_path) == sorted([out.name, out.name + ".manifest.json"])
    checked = demo("audit", "verify-export", str(out))
    assert checked.exit_code == 0, checked.output


@pytest.mark.parametrize(
    ("command", "suffix"),
    [
        (("portfolio", "export", "--format", "csv"), ".csv"),
        (("portfolio",), ".xlsx"),
        (("audit", "trail", "--format", "csv"), ".csv"),
    ],
    ids=["portfolio export", "a view's workbook", "the trail's table"],
)
def test_every_file_a_command_writes_may_have_the_longest_name(
    demo: Cli, tmp_path: Path, command: tuple[str, ...], suffix: str
) -> None:
    out = tmp_path / ("p" * (255 - len(suffix)) + suffix)

    result = demo(*command, "--out", str(out))

    assert result.exit_code == 0, result.output
    assert _left_in(tmp_path) == [out.name]


def test_a_signing_key_may_have_the_longest_name_its_verifier_key_allows(
    demo: Cli, tmp_path: Path
) -> None:
    out = tmp_path / ("k" * 247 + ".key")  # and FILE.pub, 255 bytes

    result = demo("audit", "keygen", "--name", "ledger.example.org/p", "--out", str(out))

    assert result.exit_code == 0, result.output
    assert _left_in(tmp_path) == [out.name, out.name + ".pub"]


@pytest.mark.parametrize(
    "command",
    [
        ("audit", "trail", "--out", "view.csv"),
        ("items", "list", "--out", "view.json"),
        ("economics", "--out", "view.txt"),
        ("portfolio", "--out", "view.xlsx"),
    ],
    ids=["a csv", "json", "a table", "a workbook"],
)
def test_a_view_written_to_a_full_disk_is_refused_saying_so(
    demo: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: tuple[str, ...]
) -> None:
    # Only a hidden file that could not be made was refused; a disk that filled while
    # the view was written or flushed was 'Internal error: OSError ... This is a bug'.
    from portfolio_ledger.application import files

    def disk_full(path: Path) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files, "synced", disk_full)
    out = tmp_path / command[-1]

    result = demo(*command[:-1], str(out))

    assert result.exit_code == 1, result.output
    assert f"cannot write {out}: No space left on device; nothing was written." in result.output
    assert "Free some space or choose another --out." in result.output
    assert _left_in(tmp_path) == []


@pytest.mark.parametrize("earlier", [False, True], ids=["a new key", "a key replaced"])
def test_a_signing_key_whose_verifier_key_cannot_be_written_is_not_written_either(
    run: Cli, tmp_path: Path, earlier: bool
) -> None:
    # The signer key was put in place, then FILE.pub failed (here a folder stands there):
    # 'nothing was written', but the key stayed (a new one without its verifier key, or the
    # earlier key replaced), and keygen again was refused as a key already there.
    out = tmp_path / "signing.key"
    if earlier:
        out.write_text("the earlier key\n", encoding="utf-8")
    (tmp_path / "signing.key.pub").mkdir()

    result = run("audit", "keygen", "--name", "ledger.example.org/x", "--out", str(out),
                 "--force")  # fmt: skip

    assert result.exit_code == 1, result.output
    assert f"cannot write {out}.pub: " in result.output
    assert "nothing was written" in result.output
    assert _left_in(tmp_path) == (
        ["signing.key", "signing.key.pub"] if earlier else ["signing.key.pub"]
    )
    if earlier:
        assert out.read_text(encoding="utf-8") == "the earlier key\n"
