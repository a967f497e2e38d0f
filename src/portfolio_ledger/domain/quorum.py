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
