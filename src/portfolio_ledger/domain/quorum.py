"""A board's quorum beside its members: more than it has, and no meeting of it can decide.

Boards are constituted before their members are appointed, and members are
stood down, so a quorum larger than the membership is allowed; it is said
wherever the board is shown, and in a refusal for want of quorum.
"""

from __future__ import annotations

from portfolio_ledger.domain.boards import Board


def quorum_unreachable(board: Board) -> str | None:
    """``cannot be met with its 2 members (...)``, and the way out; None if it can be."""
    members = len(board.members)
    if board.quorum <= members:
        return None
    who = ", ".join(sorted(board.members)) or "none"
    return (
        f"cannot be met with its {members} "
        f"member{'' if members == 1 else 's'} ({who}): appoint members ('portfolio-ledger "
        f"board appoint {board.key} KEY') or set a lower quorum ('portfolio-ledger board "
        f"set-quorum {board.key} N')"
    )


def quorum_lost(before: Board, after: Board) -> str | None:
    """The warning for a decision that leaves ``after`` unable to meet its quorum; else None.

    Said when the decision raised the quorum or took members away (a quorum set or
    corrected, a member stood down, an appointment annulled) and the board, as it now
    stands, has fewer members than its quorum: recorded, as the body that runs the
    board decided it, but no meeting of the board can decide until it is put right.
    A board being made up (constituted, then its members appointed) is not warned of.
    """
    if after.quorum <= before.quorum and len(after.members) >= len(before.members):
        return None
    return quorum_warning(after)


def quorum_warning(board: Board) -> str | None:
    """The warning that ``board``, as it stands, cannot meet its quorum; None if it can.

    :func:`quorum_lost`'s words, for a decision that left it so; an import says them of
    a board its lines left so once the whole file is recorded.
    """
    said = quorum_unreachable(board)
    if said is None:
        return None
    return (
        f"{board.label()} now has a quorum of {board.quorum}, which {said}. Until then no "
        f"meeting of {board.key} can decide: its approvals, funding changes, tolerances, "
        "delegations and other decisions naming its meeting (a pause, say) are refused for "
        "want of quorum."
    )
