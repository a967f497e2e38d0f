"""An independent model of the governance rules, written from the docs alone.

Read from docs/governance.md (*People*, *Boards*, *Delegated authority*,
*Governed decisions*, *What is checked, in this order*, *"As it stood on the
effective date"*, *The auditors' questions*), docs/concepts.md (*Two clocks*,
*Governance the ledger enforces*) and docs/events.md (*Effective order*, the
governance events): it imports nothing of portfolio_ledger, so a rule the
ledger applies otherwise than its docs say shows here as a disagreement.

The model answers two questions about a short history of decisions:

1. ``Oracle.record(step)``: would the ledger accept the decision now, or refuse
   it, and for which rule (the first that fails, in the docs' order)? An
   accepted decision is kept, as the ledger keeps it.
2. ``Oracle.verdicts(key)``: the verdict ``audit authority KEY`` gives each
   decision recorded on an item or a delegation, by ledger position.

It covers people (registered once, on the first day), boards (members
appointed and stood down, quorum and limit set, over effective dates, a parent
with no limit), items proposed and appraised on the first day then approved
and funded at a board's meeting or under a delegation (now and then recorded in
the role, ``--role``, that sponsors the item: *whoever records it neither proposed
nor sponsors the item*), delegations granted
and revoked at their board's meeting, and corrections of a quorum set, a
stand-down's date, a revocation's date and a grant's limit. Every check is
against governance as now recorded, on the decision's effective date: a
decision is judged when recorded against what was recorded by then, and by
the audit against what is recorded now.

Where the docs give no order between two rules, the model takes the ledger's,
as settled when the two first disagreed: a delegated decision's limit before
its grant's validity; an approval's own lifecycle, then its authority, then a
change of nothing, then the later decisions (refused only for one that would
no longer hold); a correction of a delegation's record: its delegate, then the
record as corrected, then a widening by one not on the board.
"""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

from tests.governance_oracle_terms import (
    BEFORE_ITEM,
    CATEGORY,
    GRANT,
    LATER,
    LIFECYCLE,
    LIMIT,
    MAJORITY,
    NO_BOARD,
    NO_CHANGE,
    NO_DELEGATION,
    NOT_A_MEMBER,
    NOT_DELEGATE,
    NOT_PRESENT,
    QUORUM,
    REVOKED,
    SEGREGATION,
    UNKNOWN_PERSON,
    WIDENING,
    WINDOW,
    BoardOn,
    Meeting,
    Person,
    Record,
    Step,
    same_text,
)


class Oracle:
    def __init__(self) -> None:
        self.records: list[Record] = []
        self.people: dict[str, tuple[Person, date]] = {}

    # --- folds: a subject as it stood on a day (effective order: day, then recorded)

    def of(self, subject: str, day: date) -> list[Record]:
        mine = [r for r in self.records if r.subject == subject and r.kind != "correction"]
        return sorted((r for r in mine if r.day <= day), key=lambda r: r.day)

    def board_on(self, key: str, day: date) -> BoardOn | None:
        records = self.of(key, day)
        if not records or records[0].kind != "board constituted":
            return None
        first = records[0].data
        board = BoardOn(first["limit"], first["quorum"], set())
        for r in records[1:]:
            if r.kind == "member appointed":
                board.members.add(str(r.data["person"]))
            elif r.kind == "member stood down":
                board.members.discard(str(r.data["person"]))
            elif r.kind == "quorum set":
                board.quorum = r.data["quorum"]
            elif r.kind == "authority limit set":
                board.limit = r.data["limit"]
        return board

    def registered(self, key: str, day: date) -> bool:
        return key in self.people and self.people[key][1] <= day

    def first(self, subject: str, kind: str) -> Record | None:
        return next((r for r in self.records if r.subject == subject and r.kind == kind), None)

    def grant(self, key: str) -> Record | None:
        return self.first(key, "authority delegated")

    def revocation(self, key: str) -> Record | None:
        return self.first(key, "delegation revoked")

    def in_role(self, item: str, role: str) -> bool:
        """Whether ``role`` (a decision's --role) is the text that proposed or sponsors ``item``."""
        proposal = self.records[[r.subject for r in self.records].index(item)]
        texts = [str(proposal.data["sponsor"]), str(proposal.data["actor"])]
        return any(same_text(role, t) for t in texts)

    def conflicted(self, item: str) -> set[str]:
        """The people who proposed or sponsor ``item`` (its proposal's actor and sponsor text)."""
        proposal = self.records[[r.subject for r in self.records].index(item)]
        texts = [str(proposal.data["sponsor"]), str(proposal.data["actor"])]
        return {k for k, (p, _) in self.people.items() if any(p.is_(t) for t in texts)}

    # --- the checks, in the docs' order

    def meeting_fails(  # noqa: PLR0911
        self, m: Meeting, day: date, conflicted: set[str], in_role: bool = False
    ) -> str | None:
        board = self.board_on(m.board, day)
        if board is None:
            return NO_BOARD
        everyone = (m.actor, *m.present)
        if not all(self.registered(k, day) for k in everyone):
            return UNKNOWN_PERSON
        if not all(k in board.members for k in everyone):
            return NOT_A_MEMBER
        if m.actor not in m.present:
            return NOT_PRESENT
        if m.actor in conflicted or in_role or any(k in conflicted for k, _ in m.votes):
            return SEGREGATION
        if len([k for k in m.present if k not in conflicted]) < board.quorum:
            return QUORUM
        votes = [v for _, v in m.votes]
        if votes.count("for") <= votes.count("against"):
            return MAJORITY
        return None

    def grant_fails(self, key: str, limit: int | None = None) -> str | None:
        """Whether the grant of delegation ``key`` is a resolution its board could make."""
        grant = self.grant(key)
        assert grant is not None
        meeting = grant.data["meeting"]
        failure = self.meeting_fails(meeting, grant.day, {str(grant.data["delegate"])})
        if failure:
            return failure
        board = self.board_on(meeting.board, grant.day)
        assert board is not None
        own = grant.data["limit"] if limit is None else limit
        if board.limit is not None and own > board.limit:
            return LIMIT
        return None

    def delegated_fails(  # noqa: PLR0911
        self, item: str, key: str, actor: str, day: date, budget: int, *, role: str = "Oracle"
    ) -> str | None:
        grant = self.grant(key)
        if grant is None or grant.day > day:
            return NO_DELEGATION
        if actor != grant.data["delegate"]:
            return NOT_DELEGATE
        revoked = self.revocation(key)
        if revoked is not None and revoked.day <= day:
            return REVOKED
        until = grant.data["valid_to"]
        if day < grant.data["valid_from"] or (until is not None and day > until):
            return WINDOW
        categories = grant.data["categories"]
        proposal = self.first(item, "proposed")
        assert proposal is not None
        if categories and not any(same_text(str(proposal.data["category"]), c) for c in categories):
            return CATEGORY
        if actor in self.conflicted(item) or self.in_role(item, role):
            return SEGREGATION
        board = self.board_on(str(grant.data["board"]), day)
        assert board is not None
        if budget > grant.data["limit"] or (board.limit is not None and budget > board.limit):
            return LIMIT
        return GRANT if self.grant_fails(key) else None  # the docs give no order: the ledger's

    def authority_fails(self, item: str, data: dict[str, Any], day: date) -> str | None:
        """Whether an approval or funding change of ``item`` held on ``day``, as now recorded."""
        budget, role = data["budget"], str(data.get("role", "Oracle"))
        assert isinstance(budget, int)
        if "delegation" in data:
            return self.delegated_fails(
                item, str(data["delegation"]), str(data["actor"]), day, budget, role=role
            )
        meeting = data["meeting"]
        failure = self.meeting_fails(meeting, day, self.conflicted(item), self.in_role(item, role))
        if failure:
            return failure
        board = self.board_on(meeting.board, day)
        assert board is not None
        return LIMIT if board.limit is not None and budget > board.limit else None

    # --- recording

    def record(self, step: Step) -> str | None:
        """The rule the ledger refuses ``step`` for, or None: then it is recorded here too."""
        failure = self.refusal(step)
        if failure is None:
            self.keep(step)
        return failure

    def keep(self, step: Step) -> None:
        position = len(self.records) + 1
        data = {**step.data, "actor": step.actor, "role": step.role}
        if step.kind == "correction":
            target = self.records[int(str(step.data["corrects"])) - 1]
            delegation = target.kind in ("authority delegated", "delegation revoked")
            data["widened"] = delegation and self.widens(target, dict(step.data["changes"]))
            for name, value in dict(step.data["changes"]).items():
                if name == "effective_date":
                    target.day = value
                else:
                    target.data[name] = value
            self.records.append(Record(position, target.subject, "correction", step.day, data))
            return
        if step.kind == "person registered":
            person = Person(step.subject, str(step.data["name"]), tuple(step.data["roles"]))
            self.people[step.subject] = (person, step.day)
        self.records.append(Record(position, step.subject, step.kind, step.day, data))

    def refusal(self, step: Step) -> str | None:
        if step.kind in ("approved", "funding changed"):
            return self.item_refusal(step)
        if step.kind == "authority delegated":
            return self.grant_refusal(step)
        if step.kind == "delegation revoked":
            grant = self.grant(step.subject)
            assert grant is not None
            meeting = step.data["meeting"]
            return self.meeting_fails(meeting, step.day, {str(grant.data["delegate"])})
        if step.kind == "correction":
            return self.correction_refusal(step)
        if step.kind in ("quorum set", "authority limit set"):
            return self.board_refusal(step)
        return None  # registrations, constitutions, appointments, stand-downs

    def board_refusal(self, step: Step) -> str | None:
        """A quorum or limit set (or corrected) to what it already was on its day changes nothing.

        Every later one on the board is checked again with the step in place.
        """
        after = copy.deepcopy(self)
        after.keep(step)
        position = int(str(step.data.get("corrects", len(after.records))))
        records = [r for r in after.records if r.subject == step.subject and r.kind != "correction"]
        values: dict[str, Any] = {}
        for r in sorted(records, key=lambda r: r.day):
            name = {"quorum set": "quorum", "authority limit set": "limit"}.get(r.kind)
            if name is None or r.kind == "board constituted":
                values.update({k: r.data.get(k) for k in ("quorum", "limit") if k in r.data})
                continue
            if values.get(name) == r.data[name]:
                return NO_CHANGE if r.position == position else LATER
            values[name] = r.data[name]
        return None

    def grant_refusal(self, step: Step) -> str | None:
        meeting = step.data["meeting"]
        failure = self.meeting_fails(meeting, step.day, {str(step.data["delegate"])})
        if failure:
            return failure
        board = self.board_on(meeting.board, step.day)
        assert board is not None
        if board.limit is not None and step.data["limit"] > board.limit:
            return LIMIT
        return None

    def stage_fails(self, item: str, step: Step) -> tuple[str | None, bool]:
        """Lifecycle: the rule the step itself breaks, and whether a later decision breaks one.

        The step takes its place in effective order among the item's decisions; a
        funding change to the budget the item already has changes nothing.
        """
        mine = [r for r in self.records if r.subject == item]
        mine.append(Record(0, item, step.kind, step.day, step.data))
        stage, budget, own, later = "", None, None, False
        for r in sorted(mine, key=lambda r: r.day):
            allowed = {"approved": "appraised", "funding changed": "approved"}.get(r.kind)
            broken = LIFECYCLE if allowed is not None and stage != allowed else None
            if broken is None and r.kind == "funding changed" and r.data["budget"] == budget:
                broken = NO_CHANGE
            if broken and r.position == 0:
                own = own or broken
            later = later or bool(broken and r.position != 0)
            stage = {"proposed": "proposed", "appraised": "appraised", "approved": "approved"}.get(
                r.kind, stage
            )
            budget = r.data.get("budget", budget)
        return own, later

    def item_refusal(self, step: Step) -> str | None:
        """Lifecycle first, then the authority, a change of nothing, the later decisions."""
        made = next(r for r in self.records if r.subject == step.subject)
        if step.day < made.day:
            return BEFORE_ITEM
        own, later = self.stage_fails(step.subject, step)
        if own == LIFECYCLE:
            return own
        data = {**step.data, "actor": step.actor, "role": step.role}
        failure = self.authority_fails(step.subject, data, step.day)
        if failure or own:
            return failure or own
        # A later decision is checked again with the step in place, and refuses it when it
        # would no longer hold: its authority does not rest on the step (its budget is
        # cumulative, not an increment), so a later one already invalid does not refuse it.
        return LATER if later else None

    def correction_refusal(self, step: Step) -> str | None:
        target = self.records[int(str(step.data["corrects"])) - 1]
        changes = dict(step.data["changes"])
        if target.kind in ("quorum set", "authority limit set"):
            return self.board_refusal(step)
        if target.kind not in ("authority delegated", "delegation revoked"):
            return None  # a quorum or a stand-down's day: recorded, and warned of
        grant = self.grant(target.subject)
        assert grant is not None
        delegate = self.people[str(grant.data["delegate"])][0]
        if delegate.is_(step.actor):
            return SEGREGATION
        if target.kind == "delegation revoked":
            meeting = target.data["meeting"]
            failure = self.meeting_fails(meeting, changes["effective_date"], {delegate.key})
        else:
            failure = self.grant_fails(target.subject, changes["limit"])
        if failure:
            return failure  # the decision as corrected would itself be refused
        if self.widens(target, changes) and not self.may_widen(
            target.subject, step.actor, step.day
        ):
            return WIDENING
        return None

    def may_widen(self, key: str, actor: str, day: date) -> bool:
        """Whether ``actor`` was a member of the board that granted ``key`` on ``day``.

        The delegate aside; by key, name, or name and key, not a post.
        """
        grant = self.grant(key)
        assert grant is not None
        board = self.board_on(str(grant.data["board"]), day)
        members = [self.people[k][0] for k in (board.members if board else set())]
        return any(p.is_(actor, posts=False) for p in members if p.key != grant.data["delegate"])

    @staticmethod
    def widens(target: Record, changes: dict[str, Any]) -> bool:
        if target.kind == "delegation revoked":
            return bool(changes["effective_date"] > target.day)
        return bool(changes["limit"] > target.data["limit"])

    def describe(self, subject: str) -> str:
        """The model's record of ``subject``, a line a decision, for a failure's message."""
        return "\n".join(
            f"  {r.position} {r.kind} {r.day} {r.data}"
            for r in self.records
            if r.subject == subject
        )

    # --- the audit

    def verdicts(self, key: str) -> dict[int, str]:
        """``audit authority KEY``'s verdict on each decision of item or delegation ``key``."""
        out: dict[int, str] = {}
        for r in (r for r in self.records if r.subject == key):
            if r.kind in ("approved", "funding changed"):
                out[r.position] = "invalid" if self.authority_fails(key, r.data, r.day) else "valid"
            elif r.kind == "authority delegated":
                out[r.position] = "invalid" if self.grant_fails(key) else "valid"
            elif r.kind == "delegation revoked":
                grant = self.grant(key)
                assert grant is not None
                meeting = r.data["meeting"]
                failure = self.meeting_fails(meeting, r.day, {str(grant.data["delegate"])})
                out[r.position] = "invalid" if failure else "valid"
            elif r.data.get("widened") and not self.may_widen(key, r.data["actor"], r.day):
                out[r.position] = "invalid"  # as now recorded, widened by one not on the board
            else:
                out[r.position] = "not required"
        return out
