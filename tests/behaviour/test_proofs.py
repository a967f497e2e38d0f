"""Signed checkpoints, receipts and consistency proofs, through the command line.

Each test records a small ledger on an SQLite file and on PostgreSQL, makes a
signing key with 'audit keygen' and works with the commands an auditor and an
operator would: 'audit checkpoint', 'prove', 'consistency', the offline
'verify-receipt' and 'verify-consistency', and 'audit verify --checkpoint'.
Tampering goes through SQL on a connection of its own, as in test_tamper.py.
"""

from __future__ import annotations

import base64
import json
import shutil
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from sqlalchemy import text

from portfolio_ledger.application.ledger import PortfolioLedger
from portfolio_ledger.application.tree import tree_hash
from portfolio_ledger.audit import verify as verify_module
from portfolio_ledger.audit.checkpoint import (
    Checkpoint,
    read_checkpoint_unverified,
    sign_checkpoint,
)
from portfolio_ledger.audit.keys import NoteSigner
from portfolio_ledger.audit.merkle import prove_consistency
from portfolio_ledger.audit.receipts import ConsistencyProof
from portfolio_ledger.bootstrap import open_ledger
from tests.behaviour.test_tamper import (
    TREE,
    counts,
    first_part,
    forge_linked_event,
    positions_of,
    record_items,
    rewrite_and_relink,
    second_part,
    tampering,
    truncate,
)
from tests.conftest import Cli
from tests.ledger_copies import copy_of

ORIGIN = "ledger.example.org/portfolio"
PROPOSE = (
    "item", "propose", "--kind", "project", "--title", "T", "--owner", "O", "--sponsor", "S",
    "--category", "C", "-m", "why",
)  # fmt: skip


@dataclass
class Signed:
    """A ledger, its signing key, and the checkpoints taken so far (oldest first)."""

    run: Cli
    folder: Path
    key: Path
    checkpoints: list[Path]

    @property
    def public(self) -> Path:
        return Path(f"{self.key}.pub")

    def __call__(self, *args: str, key: Path | None = None) -> Result:
        return self.run(*args, env={"PORTFOLIO_LEDGER_SIGNING_KEY": str(key or self.key)})

    def checkpoint(self, *options: str) -> Path:
        result = self("audit", "checkpoint", *options)
        assert result.exit_code == 0, result.output
        path = self.folder / f"checkpoint-{len(self.checkpoints)}.txt"
        path.write_text(result.stdout, encoding="utf-8")
        self.checkpoints.append(path)
        return path

    def propose(self, key: str, *, signing_key: Path | None = None) -> Result:
        command = (*PROPOSE[:2], key, *PROPOSE[2:])
        return self(*command, key=signing_key)

    def verify(self, *options: str) -> Result:
        return self("audit", "verify", "--key", str(self.public), *options)


def size_of(path: Path) -> int:
    return read_checkpoint_unverified(path.read_text(encoding="utf-8")).size


def kept(url: str) -> list[int]:
    with tampering(url) as connection:
        rows = connection.execute(
            text("SELECT tree_size FROM portfolio_ledger_checkpoints ORDER BY tree_size")
        )
        return [int(size) for (size,) in rows]


def signed_ledger(run: Cli, tmp_path: Path, *parts: Callable[[PortfolioLedger], None]) -> Signed:
    """Each part of the history recorded, a checkpoint after each, under a key made first."""
    key = tmp_path / "keys" / "signing.key"
    ledger = Signed(run, tmp_path, key, [])
    for number, part in enumerate(parts):
        record_items(run.url, part)
        if number == 0:
            made = run("audit", "keygen", "--name", ORIGIN, "--out", str(key))
            assert made.exit_code == 0, made.output
        ledger.checkpoint()
    return ledger


def signed_template(url: str) -> Signed:
    """:func:`signed`'s ledger, its key and checkpoints in the working folder (the template's)."""
    return signed_ledger(Cli(url), Path.cwd(), first_part, second_part)


@pytest.fixture
def signed(run: Cli, tmp_path: Path, request: pytest.FixtureRequest) -> Signed:
    """Eighteen events, a key, a checkpoint; seven events more, another checkpoint.

    A copy of the module's (tests/ledger_copies.py), its key and checkpoint files too.
    """
    built: Signed = copy_of(signed_template, run.url, request)
    shutil.copytree(built.folder, tmp_path, dirs_exist_ok=True)
    moved = [tmp_path / path.relative_to(built.folder) for path in built.checkpoints]
    return Signed(run, tmp_path, tmp_path / built.key.relative_to(built.folder), moved)


def test_keygen_writes_a_private_key_prints_the_public_one_and_never_replaces_unasked(
    run: Cli, tmp_path: Path
) -> None:
    key = tmp_path / "config" / "signing.key"

    made = run("audit", "keygen", "--name", ORIGIN, env={"PORTFOLIO_LEDGER_SIGNING_KEY": str(key)})
    again = run("audit", "keygen", "--out", str(key))
    bad_name = run("audit", "keygen", "--name", "two words", "--out", str(tmp_path / "k"))
    forced = run("audit", "keygen", "--name", ORIGIN, "--out", str(key), "--force")

    assert made.exit_code == 0, made.output
    assert made.stdout.startswith(f"{ORIGIN}+")
    assert made.stdout.count("\n") == 1
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert again.exit_code == 2
    assert "already holds a key" in again.output
    assert "--force" in again.output
    assert bad_name.exit_code == 2
    assert "cannot name a key" in bad_name.output
    assert not (tmp_path / "k").exists()
    assert forced.exit_code == 0
    assert forced.stdout != made.stdout
    assert Path(f"{key}.pub").read_text(encoding="utf-8") == forced.stdout


def test_keygen_never_writes_the_secret_key_to_a_file_named_dash(
    run: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """'-' is standard output elsewhere; a secret key is never written there, nor to './-'."""
    monkeypatch.chdir(tmp_path)

    dash = run("audit", "keygen", "--name", ORIGIN, "--out", "-")
    from_env = run("audit", "keygen", env={"PORTFOLIO_LEDGER_SIGNING_KEY": "-"})

    for refused, named in ((dash, "'--out'"), (from_env, "PORTFOLIO_LEDGER_SIGNING_KEY")):
        assert refused.exit_code == 2, refused.output
        said = " ".join(refused.output.split())
        assert f"Invalid value for {named}: '-' would be standard output" in said
        assert "give the key file's path" in said
    assert list(tmp_path.iterdir()) == []


def test_a_checkpoint_is_printed_kept_and_the_ledger_verified_against_it(signed: Signed) -> None:
    old, new = signed.checkpoints

    verdict = signed.verify("--checkpoint", str(old))
    report = json.loads(signed.verify("--checkpoint", str(old), "--json").output)

    assert kept(signed.run.url) == [size_of(old), size_of(new)]
    assert new.read_text(encoding="utf-8").startswith(f"{ORIGIN}\n{size_of(new)}\n")
    assert "\n\n\u2014 " + ORIGIN in new.read_text(encoding="utf-8")
    assert verdict.exit_code == 0, verdict.output
    assert f"the latest of {size_of(new)} events" in verdict.output
    assert report["checkpoints"] == {"covered": size_of(new), "latest": size_of(new)}
    assert report["tree"]["covered"] == size_of(new)


def test_receipts_by_position_and_by_key_and_version_verify_offline(signed: Signed) -> None:
    approval = positions_of(signed.run.url, "ItemApproved")[0]
    by_position = signed.folder / "by-position.json"
    by_key = signed.folder / "by-key.json"

    first = signed("audit", "prove", str(approval), "--out", str(by_position))
    shown = json.loads(signed("audit", "prove", str(approval)).stdout)
    key, version = _subject_at(signed, approval)
    second = signed("audit", "prove", key, str(version), "--out", str(by_key))
    checked = signed("audit", "verify-receipt", str(by_key), "--key", str(signed.public))

    assert first.exit_code == 0, first.output + second.output
    assert second.exit_code == 0, first.output + second.output
    assert json.loads(by_key.read_text(encoding="utf-8")) == shown
    assert shown["position"] == approval
    assert shown["tree_size"] == size_of(signed.checkpoints[-1])
    assert checked.exit_code == 0, checked.output
    assert f"position {approval:,} " in checked.output
    assert "ItemApproved" in checked.output


def test_a_key_two_subjects_share_proves_the_one_spelt_as_the_trail_shows_it(
    signed: Signed,
) -> None:
    """A person ``ic`` beside the board ``IC``: each is proven by its key as ``audit trail``
    shows it (docs/verification.md: a key "and its version as `audit trail` shows them", as
    ``--item`` reads it); a spelling that is neither (``Ic``) is refused, naming both."""
    added = signed(
        "person", "add", "ic", "--name", "Ivy Chen", "--holds", "Clerk", "-m", "Registered",
        "--actor", "Sam", "--role", "PMO",
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    trail = json.loads(signed("audit", "trail", "--json").stdout)
    first = {row["subject"]: row["position"] for row in trail if row["version"] == 1}
    signed.checkpoint()

    board, person = (json.loads(signed("audit", "prove", key, "1").stdout) for key in ("IC", "ic"))
    mixed = signed("audit", "prove", "Ic", "1")

    assert (board["position"], person["position"]) == (first["IC"], first["ic"])
    assert mixed.exit_code == 1, mixed.output
    assert "board IC" in mixed.output
    assert "person ic" in mixed.output


def _subject_at(signed: Signed, position: int) -> tuple[str, int]:
    trail = json.loads(signed("audit", "trail", "--json").stdout)
    row = next(row for row in trail if row["position"] == position)
    return row["subject"], row["version"]


def test_an_old_and_a_new_checkpoint_are_consistent_until_history_is_rewritten(
    signed: Signed,
) -> None:
    old, new = signed.checkpoints
    proof = signed.folder / "proof.json"
    made = signed("audit", "consistency", str(old), str(new), "--out", str(proof))
    before = signed("audit", "verify-consistency", str(proof), "--key", str(signed.public))
    assert made.exit_code == 0, made.output
    assert before.exit_code == 0, before.output
    assert f"holds its first {size_of(old)} unchanged" in before.output

    # Someone with write access rewrites an approval signed in the old checkpoint,
    # and recomputes every later chain link and tree row.
    target = positions_of(signed.run.url, "ItemApproved")[0]
    assert target <= size_of(old)
    rewrite_and_relink(signed.run.url, target)
    by_its_own = signed.run("audit", "verify")
    again = signed("audit", "consistency", str(old), str(new))
    refused = signed("audit", "checkpoint")
    # Even holding the key, the rewriter cannot prove the new history extends the old.
    forged = _forged_proof(signed, old)
    after = signed("audit", "verify-consistency", str(forged), "--key", str(signed.public))
    # Once the owner deletes the checkpoints the ledger kept, the ledger is
    # self-consistent: only the checkpoint copied off the database catches it.
    with tampering(signed.run.url) as connection:
        connection.execute(text("DELETE FROM portfolio_ledger_checkpoints"))
    alone = signed.run("audit", "verify")
    against_old = signed.verify("--checkpoint", str(old))

    assert by_its_own.exit_code == 1
    assert "FAILED at position 1: rewritten." in by_its_own.output
    assert "signature not checked" in by_its_own.output
    assert again.exit_code == 1
    assert "no longer gives the root hash" in again.output
    assert refused.exit_code == 1
    assert "signed history was rewritten" in refused.output
    assert after.exit_code == 1, after.output
    assert after.output.startswith("FAILED:")
    assert "older tree" in after.output
    assert alone.exit_code == 0, alone.output
    assert against_old.exit_code == 1
    assert "FAILED at position 1: rewritten." in against_old.output
    assert f"from position 1 to {size_of(old)}" in against_old.output


def _forged_proof(signed: Signed, old: Path) -> Path:
    """A consistency proof from the old checkpoint to one signed over the rewritten tree."""
    signer = NoteSigner.from_text(signed.key.read_text(encoding="utf-8"))
    ledger, _ = open_ledger(signed.run.url)
    try:
        size = ledger.event_count()
        head = Checkpoint(ORIGIN, size, tree_hash(size, ledger.tree), ledger.recorded_at(size))
        hashes = prove_consistency(size_of(old), size, ledger.tree)
    finally:
        ledger.close()
    document = ConsistencyProof(
        old_checkpoint=old.read_text(encoding="utf-8"),
        new_checkpoint=sign_checkpoint(head, signer),
        consistency_proof=[base64.b64encode(h).decode() for h in hashes],
    )
    path = signed.folder / "forged.json"
    path.write_text(document.to_json(), encoding="utf-8")
    return path


def test_a_checkpoint_of_another_ledger_under_the_same_key_is_named_as_a_possibility(
    signed: Signed, tmp_path: Path
) -> None:
    # Every ledger one user signs with the default key shares key and origin. Handed the
    # other ledger's checkpoint, verify cannot tell it from this ledger's own rewritten
    # and signed over (see the test after this one): it says rewritten, and names both.
    other = Cli(f"sqlite:///{tmp_path / 'other.db'}")
    record_items(other.url, first_part)  # as many events, recorded at other times
    foreign = tmp_path / "other-checkpoint.txt"
    taken = other("audit", "checkpoint", env={"PORTFOLIO_LEDGER_SIGNING_KEY": str(signed.key)})
    assert taken.exit_code == 0, taken.output
    foreign.write_text(taken.stdout, encoding="utf-8")

    result = signed.verify("--checkpoint", str(foreign))
    said = " ".join(result.output.split())

    assert size_of(foreign) == size_of(signed.checkpoints[0])
    assert result.exit_code == 1, result.output
    assert "FAILED at position 1: rewritten." in said  # not 19, after its own of 18
    assert f"an event from position 1 to {size_of(foreign)} was changed" in said
    assert f"The ledger's own checkpoint of {size_of(foreign)} events" in said
    assert "Only if the checkpoint given is another ledger's, signed with the same key" in said


def test_a_rewrite_signed_over_after_its_checkpoints_were_deleted_is_still_an_alteration(
    signed: Signed,
) -> None:
    # Someone without the key rewrites an approval in the first checkpoint's events,
    # recomputes the links and tree rows, and deletes the checkpoints the ledger kept;
    # a key holder then signs as every month. The ledger's own checkpoint now holds,
    # so verify called the checkpoint in the minutes "not this ledger's": no alteration.
    old = signed.checkpoints[0]
    target = positions_of(signed.run.url, "ItemApproved")[0]
    assert target <= size_of(old)
    rewrite_and_relink(signed.run.url, target)
    with tampering(signed.run.url) as connection:
        connection.execute(text("DELETE FROM portfolio_ledger_checkpoints"))
    signed.checkpoint()  # the routine signing, over the rewritten history

    result = signed.verify("--checkpoint", str(old))
    said = " ".join(result.output.split())

    assert result.exit_code == 1, result.output
    assert "FAILED at position 1: rewritten." in said
    assert f"an event from position 1 to {size_of(old)} was changed" in said
    assert "The record was altered outside portfolio-ledger" in said
    assert "rows of the checkpoints it broke are deleted (no key needed)" in said


def test_signing_every_write_and_a_writer_without_the_key(signed: Signed) -> None:
    signed.checkpoint("--every", "1")
    head = size_of(signed.checkpoints[-1])

    signed_write = signed.propose("PRJ-101")
    keyless = signed.propose("PRJ-102", signing_key=signed.folder / "absent.key")
    after_gap = signed.propose("PRJ-103")
    verdict = signed.verify("--checkpoint", str(signed.checkpoints[0]))

    assert signed_write.exit_code == 0, signed_write.output
    assert "Warning" not in signed_write.output
    assert keyless.exit_code == 0, keyless.output
    assert "no signing key at" in keyless.output
    assert f"position {head + 2} is unsigned" in keyless.output
    assert after_gap.exit_code == 0
    assert f"position {head + 3} was recorded but not signed" in after_gap.output
    assert f"position {head + 2} is from before this write" in after_gap.output
    assert kept(signed.run.url)[-1] == head + 1
    assert verdict.exit_code == 1
    assert f"FAILED at position {head + 2}: not signed." in verdict.output
    assert f"positions {head + 2} to {head + 3} are in no checkpoint" in verdict.output


def test_an_event_appended_through_sql_is_named_as_not_signed(signed: Signed) -> None:
    last = size_of(signed.checkpoints[-1])
    forged = forge_linked_event(signed.run.url, copied_from=last)

    alone = signed.run("audit", "verify")
    verdict = signed.verify("--checkpoint", str(signed.checkpoints[-1]))

    assert forged == last + 1
    assert alone.exit_code == 0, alone.output  # linked and treed as the document says
    assert verdict.exit_code == 1
    assert f"FAILED at position {forged}: not signed." in verdict.output
    assert "appending through SQL" in verdict.output


def test_events_removed_after_a_checkpoint_are_missing_and_the_rest_still_has_its_root(
    signed: Signed,
) -> None:
    """Events, chain records and tree rows after position 22 deleted, the checkpoint of 25 kept.

    The chain and tree alone still verify, to 22: verification walks as far as
    the largest checkpoint and says the events it signs after 22 were removed,
    giving the root of the 22 events that are left.
    """
    last = size_of(signed.checkpoints[-1])
    truncate(signed.run.url, last - 3)

    verdict = signed.verify()
    as_json = signed.verify("--json")
    report = json.loads(as_json.stdout)

    assert verdict.exit_code == 1, verdict.output
    assert f"FAILED at position {last - 2}: missing." in verdict.output
    assert f"holds only {last - 3}" in verdict.output
    assert as_json.exit_code == 1
    assert (report["checked"], report["problem"]["kind"]) == (last - 3, "missing")
    assert report["tree"]["covered"] == last - 3
    assert report["tree"]["root"] is not None


def test_a_ledger_recorded_before_it_had_a_tree_gets_one_built_once(signed: Signed) -> None:
    with tampering(signed.run.url) as connection:
        connection.execute(text(f"DELETE FROM {TREE}"))
        connection.execute(text("DELETE FROM portfolio_ledger_checkpoints"))

    without = signed.run("audit", "verify")
    written = signed.propose("PRJ-201")
    built = signed("audit", "tree", "build")
    rebuilt = signed("audit", "tree", "build")
    verified = signed.run("audit", "verify")
    checkpoint = signed("audit", "checkpoint")

    assert without.exit_code == 0, without.output
    assert "Tree: none yet" in without.output
    assert "audit tree build" in without.output
    assert written.exit_code == 0, written.output
    assert built.exit_code == 0, built.output
    assert "Built the Merkle tree over positions 1 to" in built.output
    assert "already covers all" in rebuilt.output
    assert "Tree: the Merkle tree's rows for all" in verified.output
    assert checkpoint.exit_code == 0, checkpoint.output


def test_a_tree_built_while_verify_walks_is_not_taken_for_a_gap(
    signed: Signed, monkeypatch: pytest.MonkeyPatch
) -> None:
    """'audit tree build' committing between two of verify's pages: the tree as it stood."""
    with tampering(signed.run.url) as connection:
        connection.execute(text(f"DELETE FROM {TREE}"))
        connection.execute(text("DELETE FROM portfolio_ledger_checkpoints"))
    pages = {"read": 0}
    next_page = verify_module._next_page

    def built_after_the_first_page(store: Any, after: int | None, end: int | None) -> Any:
        if pages["read"] == 1:
            ledger, _ = open_ledger(signed.run.url)
            try:
                ledger.tree.build_tree()
            finally:
                ledger.close()
        pages["read"] += 1
        return next_page(store, after, end)

    monkeypatch.setattr(verify_module, "PAGE_SIZE", 5)
    monkeypatch.setattr(verify_module, "_next_page", built_after_the_first_page)

    result = signed.run("audit", "verify")

    assert pages["read"] > 2, result.output  # the build came in the middle of the walk
    assert result.exit_code == 0, result.output
    assert "Tree: none yet" in result.output
    assert signed.run("audit", "verify").exit_code == 0  # and the tree it built verifies


def test_checkpoint_builds_the_tree_of_an_old_ledger_first(signed: Signed) -> None:
    with tampering(signed.run.url) as connection:
        connection.execute(text(f"DELETE FROM {TREE}"))
        connection.execute(text("DELETE FROM portfolio_ledger_checkpoints"))

    result = signed("audit", "checkpoint")

    assert result.exit_code == 0, result.output
    assert f"Built the Merkle tree over positions 1 to {size_of(signed.checkpoints[-1])} " in (
        result.output
    )


@pytest.mark.parametrize("damage", ["interior hash", "row deleted", "rows beyond"])
def test_a_tree_changed_behind_the_ledgers_back_is_caught_and_refuses_appends(
    signed: Signed, damage: str
) -> None:
    with tampering(signed.run.url) as connection:
        if damage == "interior hash":
            row = bytes(
                connection.execute(
                    text(f"SELECT hashes FROM {TREE} WHERE position = 8")
                ).scalar_one()
            )
            changed = row[:64] + bytes(32) + row[96:]
            connection.execute(
                text(f"UPDATE {TREE} SET hashes = :h WHERE position = 8"), {"h": changed}
            )
        elif damage == "row deleted":
            connection.execute(text(f"DELETE FROM {TREE} WHERE position = 8"))
        else:
            connection.execute(text(f"INSERT INTO {TREE} VALUES (999, :h)"), {"h": bytes(32)})

    last = size_of(signed.checkpoints[-1])
    verdict = signed.run("audit", "verify")
    refused = signed.propose("PRJ-301")

    assert verdict.exit_code == 1
    expected = {
        "interior hash": "FAILED at position 8: tree altered.",
        "row deleted": "FAILED at position 8: not in the tree.",
        "rows beyond": f"FAILED at position {last + 1}: tree altered.",
    }[damage]
    assert expected in verdict.output, verdict.output
    if damage == "interior hash":
        assert "the 4 leaves ending here (positions 5 to 8)" in verdict.output
    if damage == "rows beyond":
        assert refused.exit_code == 1, refused.output
        assert "Merkle tree" in refused.output
        assert "nothing was written" in refused.output


def test_a_tree_deleted_whole_is_caught_by_the_checkpoints_and_refuses_appends(
    signed: Signed,
) -> None:
    with tampering(signed.run.url) as connection:
        connection.execute(text(f"DELETE FROM {TREE}"))
    before = counts(signed.run.url)

    verdict = signed.run("audit", "verify")
    refused = signed.propose("PRJ-301")
    after = counts(signed.run.url)
    built = signed("audit", "tree", "build")
    verified = signed.run("audit", "verify")

    assert verdict.exit_code == 1, verdict.output
    assert "FAILED at position 1: not in the tree." in verdict.output
    assert "Tree: none yet" not in verdict.output
    assert refused.exit_code == 1, refused.output
    assert "nothing was written" in refused.output
    assert after == before
    assert built.exit_code == 0, built.output
    assert verified.exit_code == 0, verified.output


def test_mistakes_get_clear_refusals_and_write_nothing(signed: Signed, tmp_path: Path) -> None:
    old, new = signed.checkpoints
    receipt = tmp_path / "receipt.json"
    assert signed("audit", "prove", "3", "--out", str(receipt)).exit_code == 0
    garbage = tmp_path / "garbage.txt"
    garbage.write_text("not a checkpoint\n", encoding="utf-8")
    under_a_file = garbage / "signing.key"
    cases: dict[str, tuple[Result, int, str]] = {
        "no key": (signed("audit", "checkpoint", key=tmp_path / "none.key"), 1, "audit keygen"),
        "checkpoint without key": (
            signed.run("audit", "verify", "--checkpoint", str(old)), 2, "--checkpoint needs --key"),
        "bad verifier key": (
            signed("audit", "verify-receipt", str(receipt), "--key", "ledger+1234+AAAA"), 2,
            "not a verifier key"),
        "no receipt": (
            signed("audit", "verify-receipt", str(tmp_path / "absent.json"), "--key",
                   str(signed.public)), 2, "absent.json' does not exist"),
        "not json": (
            signed("audit", "verify-receipt", str(garbage), "--key", str(signed.public)), 1,
            "not a JSON document"),
        "position beyond": (
            signed("audit", "prove", "999"), 1,
            f"the ledger has no event at position 999: it holds {size_of(new)} events"),
        # 0 is malformed, as 'decision correct 0' is (exit 2): positions count from 1
        "position zero": (signed("audit", "prove", "0"), 2, "0 is no ledger position or version"),
        "position negative": (
            signed("audit", "prove", "-3"), 2, "-3 is no ledger position or version (both"),
        "version negative": (
            signed("audit", "prove", "PRJ-404", "-1"), 2, "-1 is no ledger position or version"),
        "version zero": (
            signed("audit", "prove", "PRJ-404", "0"), 2, "(both count from 1): give a ledger"),
        "unknown key": (signed("audit", "prove", "PRJ-404", "1"), 1, "no event made version 1"),
        "three words": (signed("audit", "prove", "a", "b", "c"), 2, "give a ledger position"),
        "swapped": (signed("audit", "consistency", str(new), str(old)), 2, "comes first"),
        "garbage checkpoint": (
            signed("audit", "consistency", str(garbage), str(new)), 1, "checkpoint"),
        "out exists": (signed("audit", "prove", "3", "--out", str(receipt)), 2, "--overwrite"),
        "out folder missing": (
            signed("audit", "prove", "3", "--out", str(tmp_path / "no" / "r.json")), 2,
            "does not exist"),
        "key under a file": (
            signed("audit", "keygen", "--out", str(under_a_file)), 2, "is not a folder"),
        "other key": (
            signed("audit", "verify", "--checkpoint", str(old), "--key",
                   NoteSigner.generate(ORIGIN).verifier().text()), 1, "is not signed by"),
    }  # fmt: skip
    for case, (result, code, words) in cases.items():
        assert result.exit_code == code, f"{case}: {result.output}"
        assert words in result.output, f"{case}: {result.output}"
        assert "Traceback" not in result.output, case
    assert kept(signed.run.url) == [size_of(old), size_of(new)]


def test_a_position_recorded_since_the_last_checkpoint_is_told_apart_from_one_not_recorded(
    signed: Signed,
) -> None:
    # Signing a checkpoint proves the first; nothing proves the second, so it is not advised.
    head = size_of(signed.checkpoints[-1])
    assert signed.propose("PRJ-501").exit_code == 0  # no checkpoint asked for: unsigned

    unsigned = signed("audit", "prove", str(head + 1))
    beyond = signed("audit", "prove", str(head + 2))

    assert unsigned.exit_code == 1, unsigned.output
    assert (
        f"the ledger has signed no checkpoint of {head + 1} events or more (the latest is of "
        f"{head} events); sign one with 'portfolio-ledger audit checkpoint'"
    ) in unsigned.output
    assert beyond.exit_code == 1, beyond.output
    assert f"no event at position {head + 2}: it holds {head + 1} events" in beyond.output
    assert "audit checkpoint" not in beyond.output


def test_a_position_or_version_beyond_any_ledgers_says_where_to_find_the_right_one(
    signed: Signed,
) -> None:
    # Said with the rule alone, where a position merely not held says what lists the positions.
    beyond = "9" * 25
    position = signed("audit", "prove", beyond)
    version = signed("audit", "prove", "PRJ-001", beyond)

    assert position.exit_code == 1, position.output
    assert (
        f"the ledger has no event at position {beyond}: no ledger holds a position beyond "
        "9,223,372,036,854,775,807; 'portfolio-ledger audit trail' lists their positions"
    ) in position.output
    assert version.exit_code == 1, version.output
    assert (
        f"no event made version {beyond} of 'PRJ-001': no ledger holds a version beyond "
        "9,223,372,036,854,775,807; 'portfolio-ledger audit trail --item PRJ-001' lists its "
        "versions and positions"
    ) in version.output


def test_a_receipt_proof_or_manifest_given_to_the_others_check_is_named_as_what_it_is(
    signed: Signed, tmp_path: Path
) -> None:
    # Each was refused with every field it lacks and every field it has too many of.
    old, new = signed.checkpoints
    receipt, proof, export = tmp_path / "r.json", tmp_path / "p.json", tmp_path / "e.csv"
    assert signed("audit", "prove", "3", "--out", str(receipt)).exit_code == 0
    assert signed("audit", "consistency", str(old), str(new), "--out", str(proof)).exit_code == 0
    assert signed("audit", "export", "--format", "csv", "--out", str(export)).exit_code == 0
    manifest = f"{export}.manifest.json"
    key = ("--key", str(signed.public))
    cases = {
        "proof as receipt": (
            signed("audit", "verify-receipt", str(proof), *key),
            (
                "this is a consistency proof (portfolio-ledger/consistency/v1), not a receipt: "
                "check it with 'portfolio-ledger audit verify-consistency FILE'"
            ),
        ),
        "receipt as proof": (
            signed("audit", "verify-consistency", str(receipt), *key),
            (
                "this is a receipt (portfolio-ledger/receipt/v1), not a consistency proof: "
                "check it with 'portfolio-ledger audit verify-receipt FILE'"
            ),
        ),
        "manifest as receipt": (
            signed("audit", "verify-receipt", manifest, *key),
            (
                "this is an export manifest (portfolio-ledger audit export), not a receipt: check "
                "it with 'portfolio-ledger audit verify-export EXPORT', naming the file exported"
            ),
        ),
        "receipt as manifest": (
            signed("audit", "verify-export", str(export), "--manifest", str(receipt)),
            (
                f"the manifest {receipt}: this is a receipt (portfolio-ledger/receipt/v1), not an "
                "export manifest"
            ),
        ),
    }
    for case, (result, words) in cases.items():
        assert result.exit_code == 1, f"{case}: {result.output}"
        assert words in " ".join(result.output.split()), f"{case}: {result.output}"
        assert "Field required" not in result.output, case


def _exported(signed: Signed, out: Path, *args: str, key: Path | None = None) -> Any:
    result = signed("audit", "export", "--format", "jsonl", "--out", str(out), *args, key=key)
    assert result.exit_code == 0, result.output
    return result, json.loads(Path(f"{out}.manifest.json").read_text(encoding="utf-8"))


def test_an_export_is_proven_to_be_the_leaves_of_its_signed_checkpoint(
    signed: Signed, tmp_path: Path
) -> None:
    whole, filtered, unsigned = tmp_path / "all.jsonl", tmp_path / "one.jsonl", tmp_path / "u.jsonl"
    said, manifest = _exported(signed, whole)
    _exported(signed, filtered, "--item", "PRJ-001")
    assert signed.propose("PRJ-401").exit_code == 0  # the export after it has no checkpoint yet
    bare, bare_manifest = _exported(signed, unsigned, key=tmp_path / "absent.key")
    key = ("--key", str(signed.public))

    checked = signed("audit", "verify-export", str(whole), *key)
    given = signed(
        "audit", "verify-export", str(whole), *key, "--checkpoint", str(signed.checkpoints[-1])
    )
    some = signed("audit", "verify-export", str(filtered), *key)
    older = signed(
        "audit", "verify-export", str(whole), *key, "--checkpoint", str(signed.checkpoints[0])
    )
    refused = signed("audit", "verify-export", str(unsigned), *key)

    assert manifest["checkpoint"] == signed.checkpoints[-1].read_text(encoding="utf-8")
    assert "Signed checkpoint at export" in said.output
    assert checked.exit_code == 0, checked.output
    assert f"exactly leaves 1 to {manifest['rows']}" in checked.output
    assert given.exit_code == 0
    assert "and is the one given" in given.output
    assert some.exit_code == 0
    assert "are leaves of the tree" in some.output
    assert older.exit_code == 1
    assert "not at the one given" in older.output
    assert bare_manifest["checkpoint"] is None
    assert "No signed checkpoint" in bare.output
    assert refused.exit_code == 1
    assert "holds no signed checkpoint" in refused.output


def test_an_export_whose_events_were_rewritten_since_fails_its_checkpoint(
    signed: Signed, tmp_path: Path
) -> None:
    out = tmp_path / "all.jsonl"
    _exported(signed, out)
    rewrite_and_relink(signed.run.url, positions_of(signed.run.url, "ItemApproved")[0])
    signed.run("projections", "rebuild")

    result = signed("audit", "verify-export", str(out), "--key", str(signed.public))

    assert result.exit_code == 1
    assert "does not hold the history the export was taken from" in result.output
