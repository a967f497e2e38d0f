"""A correction naming a field as its command names it is told the field's name.

A secretary who appointed a member with ``board appoint IC mlee --as chair``,
and reads ``Seat`` in ``board show``, corrects the seat with ``--set
seat=chair``; the correction field is ``role``, and the refusal said
*'member appointed' says nothing of seat: check the field's name*, which it
does say. So for ``budget`` (``item approve --budget``, the field
``authorised_budget``), ``terms`` (``terms_of_reference``), ``holds``
(``roles``), and a delegation's ``category``, ``from`` and ``until``: each
is now named with the field to correct, on the command line and on an
import's line alike (bad usage, exit 2, nothing written), on SQLite and
PostgreSQL; and a grant's ``to`` (its ``delegate``) with the field no correction
changes, and what to do instead.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.behaviour.test_governance import day, gov
from tests.behaviour.test_governance_record_keeping import PUT_RIGHT, _position
from tests.conftest import Cli

__all__ = ["gov"]  # the fixture, used by name


def _trail(run: Cli, subject: str, event: str) -> int:
    rows = json.loads(run("audit", "trail", "--item", subject, "--json").stdout)
    return int(next(row["position"] for row in rows if row["event"] == event))


def _told(run: Cli, position: int, name: str, label: str, field: str) -> None:
    before = run.events()
    result = run("decision", "correct", str(position), "--set", f"{name}=x", *PUT_RIGHT)
    said = " ".join(result.output.split())
    assert result.exit_code == 2, result.output
    assert f"; not {name}. '{label}' records {name} as {field}: correct {field}." in said
    assert "says nothing of" not in said
    assert "Traceback" not in result.output
    assert run.events() == before


def _granted(gov: Cli) -> int:
    """The position of a delegation to mlee, granted by the IC."""
    return _position(
        gov, "authority", "delegate", "DEL-001", "--board", "IC", "--to", "mlee",
        "--limit", "GBP 1,000,000", "--present", "hcarter,cdubois,mlee",
        "--vote", "hcarter=for,cdubois=for", "--actor", "hcarter", "-m", "Delegated",
        "--effective-date", day(2),
    )  # fmt: skip


def test_a_field_named_as_its_command_names_it_is_told_its_name(gov: Cli) -> None:
    appointed = _trail(gov, "IC", "member appointed")
    _told(gov, appointed, "seat", "member appointed", "role")
    _told(gov, appointed, "as", "member appointed", "role")
    _told(gov, _trail(gov, "IC", "board constituted"), "terms", "board constituted",
          "terms_of_reference")  # fmt: skip
    _told(gov, _trail(gov, "hcarter", "person registered"), "holds", "person registered",
          "roles")  # fmt: skip
    granted = _granted(gov)
    for name, field in (("category", "categories"), ("from", "valid_from"), ("until", "valid_to")):
        _told(gov, granted, name, "authority delegated", field)


def test_every_decisions_ref_is_told_its_name(gov: Cli) -> None:
    # Every recording command takes --ref (and an import line "ref"): corrected with
    # ``--set ref=...``, each decision was told it "says nothing of ref", though it keeps them.
    _told(gov, _trail(gov, "IC", "member appointed"), "ref", "member appointed", "references")
    _told(gov, _granted(gov), "ref", "authority delegated", "references")


def test_a_field_named_as_its_command_names_it_that_no_correction_changes(gov: Cli) -> None:
    # ``authority delegate --to mlee`` corrected with ``--set to=cdubois`` was told the grant
    # "says nothing of to": it does (its delegate), and no correction changes it.
    granted = _granted(gov)
    before = gov.events()
    result = gov("decision", "correct", str(granted), "--set", "to=cdubois", *PUT_RIGHT)
    said = " ".join(result.output.split())

    assert result.exit_code == 2, result.output
    assert "'authority delegated' records to as delegate, which no correction changes" in said
    assert "says nothing of" not in said
    assert "first revoke it ('authority revoke')" in said  # what to do instead, as for delegate
    assert gov.events() == before


def test_a_mistyped_field_is_still_said_to_be_none_of_the_decisions(gov: Cli) -> None:
    before = gov.events()
    result = gov("decision", "correct", str(_trail(gov, "IC", "member appointed")),
                 "--set", "seet=chair", *PUT_RIGHT)  # fmt: skip
    assert result.exit_code == 2, result.output
    assert "'member appointed' says nothing of seet: check the field's name" in " ".join(
        result.output.split()
    )
    assert gov.events() == before


def test_an_import_line_is_told_the_fields_name_too(gov: Cli, tmp_path: Path) -> None:
    line = {
        "command": "decision correct", "position": _trail(gov, "IC", "member appointed"),
        "changes": {"seat": "member"}, "authority": "PMO record-keeping procedure",
        "actor": "Board Secretary", "role": "Secretary", "rationale": "Put right",
    }  # fmt: skip
    file = tmp_path / "corrections.jsonl"
    file.write_text(json.dumps(line) + "\n", encoding="utf-8")
    before = gov.events()
    result = gov("import", str(file))
    assert result.exit_code != 0, result.output
    said = " ".join(result.output.split())
    assert "'member appointed' records seat as role: correct role" in said
    assert "says nothing of seat" not in said
    assert gov.events() == before


def test_an_envelopes_amount_is_told_its_name(gov: Cli) -> None:
    # ``portfolio envelope AMOUNT`` corrected with ``--set amount=...`` was told the envelope
    # "says nothing of amount", in the message that listed envelope as what it may change.
    _position(gov, "portfolio", "envelope", "GBP 1,000,000", "--authority", "IC",
              "--actor", "hcarter", "-m", "Capital plan", "--effective-date", day(2))  # fmt: skip
    _told(gov, _trail(gov, "PORTFOLIO", "envelope set"), "amount", "envelope set", "envelope")
    _position(gov, "portfolio", "envelope", "GBP 1,200,000", "--authority", "IC",
              "--actor", "hcarter", "-m", "Mid-year", "--effective-date", day(3))  # fmt: skip
    changed = _trail(gov, "PORTFOLIO", "envelope changed")
    _told(gov, changed, "amount", "envelope changed", "envelope")
