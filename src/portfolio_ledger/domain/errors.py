"""Errors a user can cause, raised by the domain when a rule refuses a decision."""

from __future__ import annotations


class LedgerError(Exception):
    """Base of every error a user can cause; its message names thing, rule and fix."""


class DecisionRefused(LedgerError):  # noqa: N818 - a refusal, not a fault
    """A decision that the ledger's rules do not allow."""


class IllegalTransition(DecisionRefused):
    """The lifecycle does not allow this decision in the item's current stage."""

    def __init__(self, key: str, stage: str, action: str, rule: str, hint: str) -> None:
        self.key = key
        self.stage = stage
        self.action = action
        self.rule = rule
        message = f"cannot {action} {key}: it is {stage}; {rule}."
        if hint:
            message += f" {hint}"
        super().__init__(message)


class InvalidDecision(DecisionRefused):
    """A decision whose values break a rule of the item (currency, dates, ranks...)."""


class ItemNotFound(LedgerError):  # noqa: N818
    """No item is recorded under the given key."""

    def __init__(self, key: str) -> None:
        self.key = key
        super().__init__(
            f"no item {key} in this ledger; check the key with "
            "'portfolio-ledger items list', or propose it first."
        )

    @classmethod
    def at(cls, key: str, moment: str) -> ItemNotFound:
        """The item exists now but did not at the moment asked about."""
        error = cls(key)
        message = (
            f"{key} did not exist yet ({moment}); see when it was proposed with "
            f"'portfolio-ledger item history {key}'."
        )
        error.args = (message,)
        return error


class DuplicateItem(DecisionRefused):
    """An item is already recorded under the key a proposal wants to use."""

    def __init__(self, key: str) -> None:
        self.key = key
        super().__init__(
            f"item {key} already exists; keys are unique and never reused. "
            f"Choose another key, or see it with 'portfolio-ledger item show {key}'."
        )
