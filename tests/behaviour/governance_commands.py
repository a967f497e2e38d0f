"""The command lines that record the governance oracle's steps, and the people, boards
and items every history starts from (tests/behaviour/test_governance_oracle.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.governance_oracle_terms import Meeting, Step

TODAY = datetime.now(UTC).date()
DAY0 = TODAY - timedelta(days=100)
PEOPLE = {
    "a": ("Ann Avery", ("Chief Finance Officer",)),
    "b": ("Ben Bright", ("Head of Roads",)),
    "c": ("Cat Cole", ("Chief Information Officer",)),
    "d": ("Dan Dale", ()),
    "e": ("Eve East", ("Head of Health",)),
}
# ITB's sponsor joins a person and a post: Dan Dale is refused as its sponsor; the CIO, Cat
# Cole, is not (a post counts only as the whole text, governance.md's People).
ITEMS = {
    "ITA": ("Head of Roads", "Roads"),
    "ITB": ("Dan Dale and Chief Information Officer", "Health"),
}
MEMBERS = {"TOP": ("a", "e"), "IC": ("a", "b", "c", "d")}
AMOUNTS = (400_000, 500_000, 999_999, 1_000_000, 1_000_001, 1_500_000)


def setup_steps() -> list[Step]:
    steps = [
        Step("person registered", k, DAY0, {"name": n, "roles": r}) for k, (n, r) in PEOPLE.items()
    ]
    steps.append(Step("board constituted", "TOP", DAY0, {"limit": None, "quorum": 2}))
    steps.append(Step("board constituted", "IC", DAY0, {"limit": 1_000_000, "quorum": 2}))
    for board, members in MEMBERS.items():
        steps += [Step("member appointed", board, DAY0, {"person": k}) for k in members]
    for item, (sponsor, category) in ITEMS.items():
        steps.append(Step("proposed", item, DAY0, {"sponsor": sponsor, "category": category}))
        steps.append(Step("appraised", item, DAY0))
    return steps


def meeting_args(m: Meeting) -> list[str]:
    votes = ",".join(f"{k}={v}" for k, v in m.votes)
    return ["--present", ",".join(m.present), *(["--vote", votes] if votes else [])]


def argv(step: Step) -> list[str]:  # noqa: PLR0911
    """The command line that records ``step``."""
    d, s, when = step.data, step.subject, ["--effective-date", step.day.isoformat()]
    words = ["--authority", "Executive Board", "-m", "Oracle step", *when]
    match step.kind:
        case "person registered":
            holds = [a for role in d["roles"] for a in ("--holds", role)]
            return ["person", "add", s, "--name", str(d["name"]), *holds, "-m", "Joined", *when]
        case "board constituted":
            limit = ["--unlimited"] if d["limit"] is None else ["--limit", str(d["limit"])]
            parent = ["--escalates-to", "TOP"] if s == "IC" else []
            return ["board", "create", s, "--name", f"Board {s}", "--terms", "Terms", *limit,
                    *parent, "--quorum", str(d["quorum"]), *words]  # fmt: skip
        case "member appointed" | "member stood down":
            verb = "appoint" if step.kind == "member appointed" else "stand-down"
            return ["board", verb, s, str(d["person"]), *words]
        case "quorum set":
            return ["board", "set-quorum", s, str(d["quorum"]), *words]
        case "authority limit set":
            return ["board", "set-limit", s, "--limit", str(d["limit"]), *words]
        case "proposed":
            return ["item", "propose", s, "--kind", "project", "--title", s, "--owner", "Olu Owen",
                    "--sponsor", str(d["sponsor"]), "--category", str(d["category"]),
                    "-m", "Proposed", *when]  # fmt: skip
        case "appraised":
            return [
                "item",
                "appraise",
                s,
                "--estimated-cost",
                "1",
                "--expected-benefits",
                "2",
                "--risk-rating",
                "low",
                "--alignment-score",
                "50",
                "-m",
                "Case",
                *when,
            ]
    return governed_argv(step, when)


def governed_argv(step: Step, when: list[str]) -> list[str]:
    d, s = step.data, step.subject
    said = ["-m", "Oracle step", *when]
    meeting = d.get("meeting")
    match step.kind:
        case "approved" | "funding changed":
            verb = "approve" if step.kind == "approved" else "fund"
            if isinstance(meeting, Meeting):
                how = ["--board", meeting.board, *meeting_args(meeting)]
            else:
                how = ["--delegation", str(d["delegation"])]
            return ["item", verb, s, "--budget", str(d["budget"]), *how, *said]
        case "authority delegated":
            assert isinstance(meeting, Meeting)
            cats = [a for c in d["categories"] for a in ("--category", c)]
            until = [] if d["valid_to"] is None else ["--until", str(d["valid_to"])]
            return [
                "authority",
                "delegate",
                s,
                "--board",
                meeting.board,
                "--to",
                str(d["delegate"]),
                "--limit",
                str(d["limit"]),
                *cats,
                "--from",
                str(d["valid_from"]),
                *until,
                *meeting_args(meeting),
                *said,
            ]
        case "delegation revoked":
            assert isinstance(meeting, Meeting)
            return ["authority", "revoke", s, *meeting_args(meeting), *said]
    sets = [a for k, v in dict(d["changes"]).items() for a in ("--set", f"{k}={v}")]
    return ["decision", "correct", str(d["corrects"]), *sets, "--authority", "Record-keeping",
            "-m", "Oracle correction"]  # fmt: skip
