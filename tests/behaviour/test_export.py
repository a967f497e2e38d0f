"""Audit exports: complete, unaltered, byte-identical, spreadsheet-safe, and checked."""

from __future__ import annotations

import csv
import hashlib
import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from portfolio_ledger.audit.digest import Digest
from portfolio_ledger.audit.export import ROW_HASH, jsonl_line, row_hash, text_of
from tests.behaviour.test_tamper import flip_a_byte, forge_link
from tests.conftest import Cli


@pytest.fixture(scope="module")
def demo(shared_demo: Cli) -> Cli:
    """The demo ledger, shared by the module's tests (which never write to it)."""
    return shared_demo


def export(run: Cli, out: Path, *args: str, file_format: str = "csv") -> Any:
    result = run("audit", "export", "--format", file_format, "--out", str(out), *args)
    assert result.exit_code == 0, result.output
    return json.loads(Path(f"{out}.manifest.json").read_text(encoding="utf-8"))


def verify_export(run: Cli, path: Path, *args: str) -> Any:
    return run("audit", "verify-export", str(path), *args)


def reseal(out: Path, **changes: Any) -> None:
    """Make the manifest agree with the file again (size, SHA-256), as a forger would."""
    manifest_file = Path(f"{out}.manifest.json")
    manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
    manifest.update(size=out.stat().st_size, sha256=hashlib.sha256(out.read_bytes()).hexdigest())
    manifest.update(changes)
    manifest_file.write_text(json.dumps(manifest), encoding="utf-8")


@pytest.mark.parametrize("file_format", ["csv", "jsonl"])
def test_an_export_of_the_demo_verifies_and_an_edited_line_is_named(
    demo: Cli, tmp_path: Path, file_format: str
) -> None:
    out = tmp_path / f"trail.{file_format}"
    manifest = export(demo, out, file_format=file_format)
    digest = demo("audit", "digest", "--json")

    assert manifest["rows"] == json.loads(digest.output)["position"]
    assert manifest["sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()
    assert manifest["size"] == out.stat().st_size
    assert manifest["ledger_digest"]["line"] == demo("audit", "digest").output.strip()
    assert (manifest["first_position"], manifest["last_position"]) == (1, manifest["rows"])
    assert manifest["tool"]["name"] == "portfolio-ledger"
    checked = verify_export(demo, out)
    assert checked.exit_code == 0, checked.output
    assert "holds exactly the" in checked.output

    lines = out.read_bytes().split(b"\n")
    lines[7] = lines[7].replace(b"Portfolio", b"Portfolia", 1)  # one field of one line
    assert b"Portfolia" in lines[7]
    out.write_bytes(b"\n".join(lines))

    for args in ((), ("--file-only",)):
        result = verify_export(demo, out, *args)
        assert result.exit_code == 1, result.output
        assert "FAILED" in result.output
        assert "line 8:" in result.output
        assert "row_sha256" in result.output


def test_exporting_twice_with_the_same_filters_gives_identical_bytes(
    demo: Cli, tmp_path: Path
) -> None:
    filters = ("--item", "PRJ-001", "--from", "2000-01-01")
    for file_format in ("csv", "jsonl"):
        first, second = tmp_path / f"a.{file_format}", tmp_path / f"b.{file_format}"
        export(demo, first, *filters, file_format=file_format)
        export(demo, second, *filters, file_format=file_format)

        assert first.read_bytes() == second.read_bytes()


def test_filters_select_rows_and_the_manifest_records_them(demo: Cli, tmp_path: Path) -> None:
    out = tmp_path / "approvals.jsonl"
    manifest = export(
        demo, out, "--type", "approved", "--actor", "helen carter", file_format="jsonl"
    )
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]

    assert rows, "the demo has approvals by Helen Carter"
    assert {r["event"] for r in rows} == {"approved"}
    assert {r["actor"] for r in rows} == {"Helen Carter"}
    assert manifest["rows"] == len(rows)
    assert manifest["filters"]["type"] == "approved"
    assert manifest["filters"]["actor"] == "helen carter"
    assert [r["position"] for r in rows] == sorted(r["position"] for r in rows)
    assert isinstance(rows[0]["refs"], list)
    assert verify_export(demo, out).exit_code == 0


def test_a_row_left_out_is_caught_against_the_ledger_even_with_a_doctored_manifest(
    demo: Cli, tmp_path: Path
) -> None:
    out = tmp_path / "trail.jsonl"
    manifest = export(demo, out, file_format="jsonl")
    lines = out.read_bytes().splitlines(keepends=True)
    del lines[4]  # drop one row, then make file and manifest agree again
    out.write_bytes(b"".join(lines))
    manifest.update(
        rows=manifest["rows"] - 1,
        size=out.stat().st_size,
        sha256=hashlib.sha256(out.read_bytes()).hexdigest(),
    )
    Path(f"{out}.manifest.json").write_text(json.dumps(manifest), encoding="utf-8")

    alone = verify_export(demo, out, "--file-only")
    assert alone.exit_code == 0, alone.output  # self-consistent on its own...
    result = verify_export(demo, out)
    assert result.exit_code == 1  # ...but not complete
    assert "the export is incomplete" in result.output
    assert "position 5 " in result.output


def test_a_jsonl_line_with_a_key_given_twice_is_refused_naming_the_line(
    demo: Cli, tmp_path: Path
) -> None:
    out = tmp_path / "trail.jsonl"
    export(demo, out, file_format="jsonl")
    lines = out.read_bytes().splitlines(keepends=True)
    # A forged first value ahead of the real one: a lenient reader keeps the
    # last, so the row's checksum (over the real value) would still match.
    lines[4] = lines[4].replace(b'"rationale":', b'"rationale":"Forged","rationale":', 1)
    out.write_bytes(b"".join(lines))
    reseal(out)

    for args in ((), ("--file-only",)):
        result = verify_export(demo, out, *args)
        assert result.exit_code == 1, result.output
        assert "FAILED" in result.output
        assert "line 5:" in result.output
        assert "the key 'rationale' is given twice" in result.output
        assert "Traceback" not in result.output


def test_a_manifest_with_a_key_given_twice_is_refused(demo: Cli, tmp_path: Path) -> None:
    out = tmp_path / "trail.csv"
    export(demo, out)
    manifest_file = Path(f"{out}.manifest.json")
    text = manifest_file.read_text(encoding="utf-8")
    manifest_file.write_text(text.replace('"rows":', '"rows": 1,\n  "rows":', 1), "utf-8")
    assert json.loads(manifest_file.read_text(encoding="utf-8")) == json.loads(text)

    result = verify_export(demo, out)

    assert result.exit_code == 1, result.output
    assert "the key 'rows' is given twice" in result.output
    assert "Traceback" not in result.output

    manifest = json.loads(text)
    manifest["columns"].insert(1, manifest["columns"][1])
    manifest_file.write_text(json.dumps(manifest), "utf-8")
    doubled = verify_export(demo, out, "--file-only")
    assert doubled.exit_code == 1, doubled.output
    assert "is named twice" in doubled.output


def test_a_truncated_export_or_a_damaged_manifest_fails_cleanly(demo: Cli, tmp_path: Path) -> None:
    out = tmp_path / "trail.csv"
    export(demo, out)
    manifest_file = Path(f"{out}.manifest.json")
    good_manifest = manifest_file.read_bytes()

    out.write_bytes(out.read_bytes()[:-40])
    cut = verify_export(demo, out, "--file-only")
    assert cut.exit_code == 1
    assert "FAILED" in cut.output

    manifest_file.write_bytes(good_manifest[: len(good_manifest) // 2])
    damaged = verify_export(demo, out)
    assert damaged.exit_code == 1
    assert "not valid JSON" in damaged.output

    manifest_file.write_bytes(good_manifest.replace(b'"rows"', b'"lines"'))
    wrong = verify_export(demo, out)
    assert wrong.exit_code == 1
    assert "not a valid export manifest" in wrong.output

    manifest_file.unlink()
    missing = verify_export(demo, out)
    assert missing.exit_code == 1
    assert "no manifest at" in missing.output


def test_an_existing_file_is_not_overwritten_unless_asked(demo: Cli, tmp_path: Path) -> None:
    out = tmp_path / "trail.csv"
    out.write_text("keep me", encoding="utf-8")

    refused = demo("audit", "export", "--format", "csv", "--out", str(out))
    assert refused.exit_code == 2
    assert "--overwrite" in refused.output
    assert out.read_text(encoding="utf-8") == "keep me"

    replaced = demo("audit", "export", "--format", "csv", "--out", str(out), "--overwrite")
    assert replaced.exit_code == 0, replaced.output
    assert out.read_bytes().startswith("\ufeffposition,".encode())


HOSTILE = '=HYPERLINK("http://evil.example","click"), then "quotes",\nand a new line'


def test_the_csv_opens_cleanly_in_a_spreadsheet(run: Cli, tmp_path: Path) -> None:
    recorded = run(
        "item", "propose", "PRJ-900", "--kind", "project", "--title", "@SUM(A1:A9)",
        "--owner", "+Owner", "--sponsor", "-Sponsor", "--category", "Ops",
        "-m", HOSTILE, "--ref", "Minutes, item 3",
    )  # fmt: skip
    assert recorded.exit_code == 0, recorded.output
    out = tmp_path / "trail.csv"
    export(run, out)

    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 1
    row = rows[0]
    assert row["rationale"] == "'" + HOSTILE  # neutralised, and the newline kept in one cell
    assert row["refs"] == '["Minutes, item 3"]'
    assert row["summary"].startswith("project proposed: @SUM")
    assert all(not cell.startswith(("=", "+", "-", "@")) for cell in row.values())
    assert out.read_bytes().count(b"\r\n") == 2  # header and row; the inner newline is quoted
    assert verify_export(run, out).exit_code == 0

    jsonl = tmp_path / "trail.jsonl"
    export(run, jsonl, file_format="jsonl")
    (record,) = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
    assert record["rationale"] == HOSTILE  # JSON Lines carries the text as recorded
    assert record["row_sha256"] == row["row_sha256"]  # one checksum for both formats


def test_an_export_of_an_empty_selection_still_has_a_manifest(run: Cli, tmp_path: Path) -> None:
    run("init")  # an export only reads: it makes no ledger where there is none
    out = tmp_path / "none.csv"
    manifest = export(run, out, "--to", "2000-01-01")  # a range holding no row

    assert manifest["rows"] == 0
    assert manifest["first_position"] is None
    checked = verify_export(run, out)
    assert checked.exit_code == 0
    # Taken from a ledger of no events, it is of every ledger's first history: said so,
    # not "chain verified to position 0", as if the ledger checked were shown its source.
    said = " ".join(checked.output.split())
    assert "a ledger of no events (as every ledger began: that proves nothing of which" in said
    assert "chain verified to position 0" not in said


def test_rows_recorded_after_the_export_do_not_disturb_its_check(run: Cli, tmp_path: Path) -> None:
    args = ("--kind", "project", "--title", "T", "--owner", "O", "--sponsor", "S")
    assert run("item", "propose", "PRJ-1", *args, "--category", "C", "-m", "x").exit_code == 0
    out = tmp_path / "trail.csv"
    export(run, out)
    assert run("item", "propose", "PRJ-2", *args, "--category", "C", "-m", "y").exit_code == 0

    result = verify_export(run, out)
    assert result.exit_code == 0, result.output
    assert "exactly the 1 row " in result.output


PROPOSE = ("--kind", "project", "--title", "T", "--owner", "O", "--sponsor", "S", "--category")


def propose(run: Cli, *keys: str) -> None:
    for key in keys:
        recorded = run("item", "propose", key, *PROPOSE, "C", "-m", f"Why {key}")
        assert recorded.exit_code == 0, recorded.output


def test_a_ledger_altered_since_the_export_is_named_once_by_position(
    run: Cli, tmp_path: Path
) -> None:
    propose(run, "PRJ-1", "PRJ-2", "PRJ-3")
    out = tmp_path / "trail.csv"
    export(run, out)
    flip_a_byte(run.url, 2)

    result = verify_export(run, out)

    assert result.exit_code == 1, result.output
    assert "up to position 3: position 2: changed:" in result.output
    assert "position position" not in result.output


def test_a_stray_chain_record_fails_an_export_check_against_the_ledger(
    run: Cli, tmp_path: Path
) -> None:
    propose(run, "PRJ-1", "PRJ-2")
    out = tmp_path / "trail.jsonl"
    export(run, out, file_format="jsonl")
    forge_link(run.url, copied_from=1, position=0)

    result = verify_export(run, out)

    assert result.exit_code == 1, result.output
    assert "position 0: inserted: the chain holds a record at position 0" in result.output


def take_digest(run: Cli) -> str:
    result = run("audit", "digest")
    assert result.exit_code == 0, result.output
    return str(result.output.strip())


def cut_to(out: Path, early: str) -> None:
    """Cut an export's rows after the early digest and point its manifest at that digest.

    Every value in the result is real: the rows, their checksums, the digest
    (one the ledger printed earlier). Only the rows recorded since are gone.
    """
    position = Digest.parse(early).position
    lines = out.read_bytes().splitlines(keepends=True)
    kept = [line for line in lines if json.loads(line)["position"] <= position]
    out.write_bytes(b"".join(kept))
    reseal(
        out,
        rows=len(kept),
        last_position=json.loads(kept[-1])["position"],
        ledger_digest=Digest.parse(early).as_dict(),
    )


def test_an_export_cut_short_and_pointed_at_an_earlier_digest_is_refused_given_the_latest(
    run: Cli, tmp_path: Path
) -> None:
    propose(run, "PRJ-1", "PRJ-2", "PRJ-3")
    early = take_digest(run)
    propose(run, "PRJ-4", "PRJ-5")
    latest = take_digest(run)
    out = tmp_path / "trail.jsonl"
    export(run, out, file_format="jsonl")
    cut_to(out, early)

    # Without a digest from the minutes, this is a true export of the ledger as
    # it stood at position 3, and nothing can tell otherwise.
    unaided = verify_export(run, out)
    assert unaided.exit_code == 0, unaided.output
    assert "Complete as of position 3, the digest in its manifest" in unaided.output

    for args in ((), ("--file-only",)):
        result = verify_export(run, out, "--digest", latest, *args)
        assert result.exit_code == 1, result.output
        assert "FAILED: the export was taken at position 3 (its manifest's digest), " in (
            result.output
        )
        assert "before the digest given (position 5)" in result.output

    at_early = verify_export(run, out, "--digest", early)
    assert at_early.exit_code == 0, at_early.output
    assert "taken at the digest given (position 3)" in at_early.output


def test_a_later_export_is_checked_against_an_earlier_digest_only_with_the_ledger(
    run: Cli, tmp_path: Path
) -> None:
    propose(run, "PRJ-1", "PRJ-2", "PRJ-3")
    early = take_digest(run)
    propose(run, "PRJ-4", "PRJ-5")
    out = tmp_path / "trail.csv"
    export(run, out)
    sha256 = early.rpartition("=")[2]
    foreign = early.replace(sha256, ("0" if sha256[0] != "0" else "1") + sha256[1:])

    alone = verify_export(run, out, "--file-only", "--digest", foreign)
    consistent = verify_export(run, out, "--digest", early)
    inconsistent = verify_export(run, out, "--digest", foreign)

    assert alone.exit_code == 0, alone.output
    assert "taken at position 5, after the digest given (position 3)" in alone.output
    assert "Without the ledger it could not be checked that the two are of one history" in (
        alone.output
    )
    assert consistent.exit_code == 0, consistent.output
    assert "also holds the digest given (position 3)" in consistent.output
    assert inconsistent.exit_code == 1, inconsistent.output
    assert "and the digest given names, up to position 5: position 3: rewritten:" in (
        inconsistent.output
    )


def test_a_manifest_at_the_digests_position_must_name_the_same_link(
    run: Cli, tmp_path: Path
) -> None:
    propose(run, "PRJ-1", "PRJ-2")
    latest = take_digest(run)
    out = tmp_path / "trail.csv"
    export(run, out)
    sha256 = latest.rpartition("=")[2]
    other = latest.replace(sha256, "f" * 64)
    edited = latest.replace("recorded=20", "recorded=19")

    same = verify_export(run, out, "--file-only", "--digest", latest)
    different = verify_export(run, out, "--file-only", "--digest", other)
    retimed = verify_export(run, out, "--file-only", "--digest", edited)

    assert same.exit_code == 0, same.output
    assert "taken at the digest given (position 2)" in same.output
    assert different.exit_code == 1, different.output
    assert "both at position 2 but name different links" in different.output
    assert retimed.exit_code == 1, retimed.output
    assert "not on when it was recorded" in retimed.output


def test_a_malformed_digest_for_verify_export_is_bad_usage(demo: Cli, tmp_path: Path) -> None:
    out = tmp_path / "trail.csv"
    export(demo, out)
    line = demo("audit", "digest").output.strip()

    result = verify_export(demo, out, "--digest", line.upper())

    assert result.exit_code == 2, result.output
    assert "Error: --digest: the digest given is not a ledger digest" in result.output


def test_file_only_passes_rows_rewritten_with_their_checksums_and_the_ledger_catches_them(
    demo: Cli, tmp_path: Path
) -> None:
    # What --file-only proves is the file's integrity against its manifest,
    # nothing more: a forger who recomputes the checksums passes it.
    out = tmp_path / "trail.jsonl"
    export(demo, out, file_format="jsonl")
    lines = out.read_bytes().splitlines(keepends=True)
    record = json.loads(lines[6])
    record["rationale"] = "Approved unanimously"
    record[ROW_HASH] = row_hash([text_of(value) for value in list(record.values())[:-1]])
    lines[6] = jsonl_line(record).encode("utf-8")
    out.write_bytes(b"".join(lines))
    reseal(out)

    alone = verify_export(demo, out, "--file-only")
    against = verify_export(demo, out)

    assert alone.exit_code == 0, alone.output
    assert "This proves only that the file is the one its manifest describes" in alone.output
    assert "recomputed their row_sha256 and the manifest's sha256 and size" in alone.output
    assert against.exit_code == 1, against.output
    assert "line 7: rationale differs from the ledger" in against.output


# Every start the CSV rule (docs/verification.md) neutralises, and some it leaves.
NEUTRALISED = {
    "equals": "=1+1",
    "plus": "+1",
    "minus": "-1",
    "at": "@SUM(A1:A9)",
    "tab": "\tTabbed",
    "carriage return": "\rReturned",
    "line feed": "\nFed",
    "quote": "'Quoted",
    # Not a lone quote: a rationale of punctuation alone is refused (it says nothing);
    # test_chain's property test neutralises and restores one, as any text.
    "full-width equals": "\uff1d1+1",
    "full-width plus": "\uff0b1",
    "full-width minus": "\uff0d1",
    "full-width at": "\uff20SUM(A1)",
    "spaces then equals": "   =1+1",
    "no-break space then at": "\u00a0@SUM(A1)",
    "ideographic space then full-width minus": "\u3000\uff0d1",
}
LEFT_AS_IS = {
    "plain": "Approved",
    "space then text": " Approved",
    "semicolon": "Approved; see minutes",
    "comma": "Approved, see minutes",
    "double quote": 'He said "approved"',
    "line feed inside": "Approved\nsee minutes",
    "equals inside": "a=b",
}


def test_every_csv_formula_start_is_neutralised_and_verifies(run: Cli, tmp_path: Path) -> None:
    texts = {**NEUTRALISED, **LEFT_AS_IS}
    for number, text in enumerate(texts.values(), start=1):
        recorded = run("item", "propose", f"PRJ-{number}", *PROPOSE, "C", "-m", text)
        assert recorded.exit_code == 0, recorded.output
    out, jsonl = tmp_path / "trail.csv", tmp_path / "trail.jsonl"
    export(run, out)
    export(run, jsonl, file_format="jsonl")

    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    cells = dict(zip(texts, (row["rationale"] for row in rows), strict=True))
    records = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
    raw = out.read_bytes().decode("utf-8")

    assert {name: cells[name] for name in NEUTRALISED} == {
        name: "'" + text for name, text in NEUTRALISED.items()
    }
    assert {name: cells[name] for name in LEFT_AS_IS} == LEFT_AS_IS
    assert '"Approved; see minutes"' in raw  # ; separates cells where , is a decimal comma
    assert '"He said ""approved"""' in raw
    assert [r["rationale"] for r in records] == list(texts.values())
    assert [r["row_sha256"] for r in records] == [row["row_sha256"] for row in rows]
    for args in ((), ("--file-only",)):
        checked = verify_export(run, out, *args)
        assert checked.exit_code == 0, checked.output
    again = tmp_path / "again.csv"
    export(run, again)
    assert again.read_bytes() == out.read_bytes()


@pytest.mark.parametrize("text", ["=1+1", "\uff20SUM(A1)", "  -1", "\nFed"])
def test_a_csv_cell_stripped_of_its_quote_is_refused_naming_the_line(
    run: Cli, tmp_path: Path, text: str
) -> None:
    # '=1+1 and =1+1 read back as the same text, so the row's checksum cannot
    # tell them apart; the second runs in a spreadsheet (a CSV saved again from
    # one loses the quote).
    propose(run, "PRJ-1")
    assert run("item", "propose", "PRJ-2", *PROPOSE, "C", "-m", text).exit_code == 0
    out = tmp_path / "trail.csv"
    export(run, out)
    content = out.read_bytes().decode("utf-8")
    armed = content.replace("'" + text, text, 1)  # inside the cell's quotes, if it has them
    assert armed != content
    out.write_bytes(armed.encode("utf-8"))
    reseal(out)

    for args in ((), ("--file-only",)):
        result = verify_export(run, out, *args)
        assert result.exit_code == 1, result.output
        assert "line 3: the rationale cell begins" in result.output
        assert "not safe to open" in result.output


def test_an_export_made_when_to_meant_the_instant_still_verifies(demo: Cli, tmp_path: Path) -> None:
    # Before 2026-12-02 '--to 12:00:05' meant 12:00:05.000000; it means the end of that second
    # now. An export made then, of the rows up to that instant, is checked by that reading.
    rows = json.loads(demo("audit", "trail", "--json").stdout)
    row = next(r for r in rows[1:] if not r["recorded_at"].endswith(".000000Z"))
    second = row["recorded_at"][:19] + "Z"  # the second it was recorded in, as history shows it
    instant = datetime.fromisoformat(second)
    out = tmp_path / "then.csv"
    manifest = export(demo, out, "--to", (instant - timedelta(microseconds=1)).isoformat())
    manifest["filters"]["to"] = second  # as a manifest written then records it: the text given
    Path(f"{out}.manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    now = tmp_path / "now.csv"
    export(demo, now, "--to", second)

    then_checked = verify_export(demo, out)
    now_checked = verify_export(demo, now)

    assert then_checked.exit_code == 0, then_checked.output
    assert f"--to {second} was read as that very instant" in " ".join(then_checked.output.split())
    assert now_checked.exit_code == 0, now_checked.output
    assert "was read as that very instant" not in now_checked.output


def test_an_export_whose_to_had_a_lower_case_t_read_a_minute_late_still_verifies(
    demo: Cli, tmp_path: Path
) -> None:
    # From 2026-12-02 '--to 2026-12-03t04:24:03Z' was read as 04:25:02.999999 (the year
    # taken for an hour and minute); it means the end of 04:24:03 now. An export made then
    # holds the rows of the minute after: today's reading alone called one of them added.
    rows = json.loads(demo("audit", "trail", "--json").stdout)
    first = datetime.fromisoformat(rows[0]["recorded_at"])
    # half a minute before the first row: the second alone holds none, the minute some
    instant = (first - timedelta(seconds=30)).replace(microsecond=0)
    second = instant.strftime("%Y-%m-%dt%H:%M:%SZ")
    out = tmp_path / "then.csv"
    late = instant + timedelta(minutes=1) - timedelta(microseconds=1)
    manifest = export(demo, out, "--to", late.isoformat())
    manifest["filters"]["to"] = second  # as a manifest written then records it: the text given
    Path(f"{out}.manifest.json").write_text(json.dumps(manifest), encoding="utf-8")

    checked = verify_export(demo, out)

    assert checked.exit_code == 0, checked.output
    assert f"--to {second} was read a minute late" in " ".join(checked.output.split())
