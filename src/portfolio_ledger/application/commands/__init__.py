"""Commands: what a user asks the ledger to record, validated before anything is written.

Each command is a pydantic model that forbids unknown fields. Field names
are the CLI's option names and the keys of ``portfolio-ledger import`` lines.
``portfolio_ledger.application.registry`` says which handler records each.
"""

from portfolio_ledger.application.commands.base import (
    Attendance,
    Command,
    Decided,
    Governed,
    Resolved,
)
from portfolio_ledger.application.commands.fields import Allowance, Amount, with_mandate
from portfolio_ledger.application.commands.governance import (
    AppointMember,
    ConstituteBoard,
    DelegateAuthority,
    RegisterPerson,
    RevokeDelegation,
    SetBoardLimit,
    SetQuorum,
    StandDownMember,
)
from portfolio_ledger.application.commands.items import (
    AmendItem,
    AppraiseItem,
    ApproveItem,
    CancelItem,
    ChangeFunding,
    DeferItem,
    EscalateIssue,
    GoLive,
    LeaveItem,
    OnboardItem,
    PauseItem,
    ProposeItem,
    RejectItem,
    ReportStatus,
    ReprioritiseItem,
    ResolveEscalation,
    ResumeItem,
    RetireItem,
    SetEnvelope,
    SetTolerances,
    StartDelivery,
    TransferItem,
)
from portfolio_ledger.application.commands.records import (
    AddOrganisation,
    AnnulDecision,
    CorrectDecision,
)

__all__ = [
    "AddOrganisation",
    "Allowance",
    "AmendItem",
    "Amount",
    "AnnulDecision",
    "AppointMember",
    "AppraiseItem",
    "ApproveItem",
    "Attendance",
    "CancelItem",
    "ChangeFunding",
    "Command",
    "ConstituteBoard",
    "CorrectDecision",
    "Decided",
    "DeferItem",
    "DelegateAuthority",
    "EscalateIssue",
    "GoLive",
    "Governed",
    "LeaveItem",
    "OnboardItem",
    "PauseItem",
    "ProposeItem",
    "RegisterPerson",
    "RejectItem",
    "ReportStatus",
    "ReprioritiseItem",
    "ResolveEscalation",
    "Resolved",
    "ResumeItem",
    "RetireItem",
    "RevokeDelegation",
    "SetBoardLimit",
    "SetEnvelope",
    "SetQuorum",
    "SetTolerances",
    "StandDownMember",
    "StartDelivery",
    "TransferItem",
    "with_mandate",
]
