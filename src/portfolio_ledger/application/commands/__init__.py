"""Commands: what a user asks the ledger to record, validated before anything is written.

Each command is a pydantic model that forbids unknown fields. Field names
are the CLI's option names and the keys of ``portfolio-ledger import`` lines.
``portfolio_ledger.application.registry`` says which handler records each.

Each name is imported from its module when first asked for: a process that
records one command builds only that command's module's models.
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from portfolio_ledger.application.commands.base import (
        Attendance,
        Authorisation,
        Command,
        Decided,
        Governed,
        Mandated,
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
        TablePack,
    )
    from portfolio_ledger.application.commands.items import (
        AmendItem,
        AppraiseItem,
        ApproveItem,
        CancelItem,
        ChangeFunding,
        CompleteAction,
        DeclareDependency,
        DeferItem,
        EscalateIssue,
        GoLive,
        LeaveItem,
        MeasureBenefit,
        OnboardItem,
        PauseItem,
        ProposeItem,
        RecommendAction,
        RejectItem,
        RemoveDependency,
        ReportStatus,
        ReprioritiseItem,
        ResolveEscalation,
        ResumeItem,
        RetireItem,
        ReviewGate,
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

_MODULES = {
    "Attendance": "base",
    "Authorisation": "base",
    "Command": "base",
    "Decided": "base",
    "Governed": "base",
    "Mandated": "base",
    "Resolved": "base",
    "Allowance": "fields",
    "Amount": "fields",
    "with_mandate": "fields",
    "AppointMember": "governance",
    "ConstituteBoard": "governance",
    "DelegateAuthority": "governance",
    "RegisterPerson": "governance",
    "RevokeDelegation": "governance",
    "SetBoardLimit": "governance",
    "SetQuorum": "governance",
    "StandDownMember": "governance",
    "TablePack": "governance",
    "AmendItem": "items",
    "AppraiseItem": "items",
    "ApproveItem": "items",
    "CancelItem": "items",
    "ChangeFunding": "items",
    "DeferItem": "items",
    "EscalateIssue": "items",
    "GoLive": "items",
    "CompleteAction": "items",
    "DeclareDependency": "items",
    "RemoveDependency": "items",
    "LeaveItem": "items",
    "RecommendAction": "items",
    "MeasureBenefit": "items",
    "OnboardItem": "items",
    "PauseItem": "items",
    "ProposeItem": "items",
    "RejectItem": "items",
    "ReportStatus": "items",
    "ReprioritiseItem": "items",
    "ResolveEscalation": "items",
    "ResumeItem": "items",
    "RetireItem": "items",
    "ReviewGate": "items",
    "SetEnvelope": "items",
    "SetTolerances": "items",
    "StartDelivery": "items",
    "TransferItem": "items",
    "AddOrganisation": "records",
    "AnnulDecision": "records",
    "CorrectDecision": "records",
}


def __getattr__(name: str) -> Any:
    """The command model (or field type) ``name``, imported from its module when first asked."""
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


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
    "Authorisation",
    "CancelItem",
    "ChangeFunding",
    "Command",
    "CompleteAction",
    "ConstituteBoard",
    "CorrectDecision",
    "Decided",
    "DeclareDependency",
    "DeferItem",
    "DelegateAuthority",
    "EscalateIssue",
    "GoLive",
    "Governed",
    "LeaveItem",
    "Mandated",
    "MeasureBenefit",
    "OnboardItem",
    "PauseItem",
    "ProposeItem",
    "RecommendAction",
    "RegisterPerson",
    "RejectItem",
    "RemoveDependency",
    "ReportStatus",
    "ReprioritiseItem",
    "ResolveEscalation",
    "Resolved",
    "ResumeItem",
    "RetireItem",
    "ReviewGate",
    "RevokeDelegation",
    "SetBoardLimit",
    "SetEnvelope",
    "SetQuorum",
    "SetTolerances",
    "StandDownMember",
    "StartDelivery",
    "TablePack",
    "TransferItem",
    "with_mandate",
]
