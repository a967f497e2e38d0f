"""Item events that move an item through its lifecycle, and out of the portfolio."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from portfolio_ledger.domain.errors import InvalidDecision, LedgerError
from portfolio_ledger.domain.item_event import (
    EVENTS_MODULE,
    ItemEvent,
    allowed,
    named_authority,
    stored_as,
)
from portfolio_ledger.domain.lifecycle import Action, LeaveReason, Stage

if TYPE_CHECKING:
    from portfolio_ledger.domain.item import PortfolioItem


@dataclass(frozen=True)
class _Move(ItemEvent):
    """A move to another stage, made under an authority named."""

    action: ClassVar[Action]
    to: ClassVar[Stage]

    def check(self, item: PortfolioItem) -> None:
        """Allowed from the item's stage, under an authority named."""
        allowed(self.action, item)
        named_authority(self.action, item, self.decision)

    def change(self, item: PortfolioItem) -> None:
        """The item is at its new stage."""
        item.stage = self.to


@stored_as(EVENTS_MODULE)
@dataclass(frozen=True)
class DeliveryStarted(_Move):
    """An approved item was mobilised and is in delivery."""

    label: ClassVar[str] = "delivery started"
    governs: ClassVar[str] = "start its delivery"
    action: ClassVar[Action] = Action.START_DELIVERY
    to: ClassVar[Stage] = Stage.IN_DELIVERY


@stored_as(EVENTS_MODULE)
@dataclass(frozen=True)
class ItemPaused(_Move):
    """Delivery was paused; the stage it was paused from is remembered."""

    label: ClassVar[str] = "paused"
    governs: ClassVar[str] = "pause it"
    action: ClassVar[Action] = Action.PAUSE
    to: ClassVar[Stage] = Stage.PAUSED

    def change(self, item: PortfolioItem) -> None:
        """Pause, remembering where from."""
        item.paused_from = item.stage
        item.stage = Stage.PAUSED


@stored_as(EVENTS_MODULE)
@dataclass(frozen=True)
class ItemResumed(_Move):
    """A paused item resumed, back to the stage it was paused from."""

    stage: Stage
    label: ClassVar[str] = "resumed"
    governs: ClassVar[str] = "resume it"
    action: ClassVar[Action] = Action.RESUME
    to: ClassVar[Stage] = Stage.IN_DELIVERY

    def check(self, item: PortfolioItem) -> None:
        """A paused item, back to the stage its record says it was paused from.

        The record says the stage (``resumed (in delivery)``); a decision recorded late,
        corrected or annulled before it that would leave the item paused from another
        (delivery never started) would make the record say what the item did not do.
        """
        super().check(item)
        paused_from = item.paused_from or Stage.IN_DELIVERY
        if self.stage is not paused_from:
            raise InvalidDecision(
                f"cannot resume {item.key} to {self.stage.value}: it was paused from "
                f"{paused_from.value}; a paused item resumes to the stage it was paused from"
            )

    def change(self, item: PortfolioItem) -> None:
        """Return to the stage before the pause."""
        item.stage = item.paused_from or self.stage
        item.paused_from = None

    def describe(self) -> str:
        """Back to which stage."""
        return f"resumed ({self.stage.value})"


@stored_as(EVENTS_MODULE)
@dataclass(frozen=True)
class ItemWentLive(_Move):
    """The item went live and entered the service catalogue."""

    label: ClassVar[str] = "went live"
    governs: ClassVar[str] = "take it live"
    action: ClassVar[Action] = Action.GO_LIVE
    to: ClassVar[Stage] = Stage.LIVE


@stored_as(EVENTS_MODULE)
@dataclass(frozen=True)
class ItemRetired(_Move):
    """A live item was retired from the catalogue."""

    label: ClassVar[str] = "retired"
    governs: ClassVar[str] = "retire it"
    action: ClassVar[Action] = Action.RETIRE
    to: ClassVar[Stage] = Stage.RETIRED


@stored_as(EVENTS_MODULE)
@dataclass(frozen=True)
class ItemCancelled(_Move):
    """An approved item was stopped before going live."""

    label: ClassVar[str] = "cancelled"
    governs: ClassVar[str] = "cancel it"
    action: ClassVar[Action] = Action.CANCEL
    to: ClassVar[Stage] = Stage.CANCELLED


@stored_as(EVENTS_MODULE)
@dataclass(frozen=True)
class ItemLeft(ItemEvent):
    """The item left the portfolio from an open stage, for a reason (and into which item)."""

    reason: LeaveReason
    merged_into: str | None
    from_stage: Stage
    label: ClassVar[str] = "left the portfolio"
    governs: ClassVar[str] = "take it out of the portfolio"
    correctable: ClassVar[frozenset[str]] = frozenset({"reason", "merged_into"})

    def check(self, item: PortfolioItem) -> None:
        """An open item; a merger names the item it was merged into, other reasons none."""
        allowed(Action.LEAVE, item)
        named_authority(Action.LEAVE, item, self.decision)
        if (self.reason is LeaveReason.MERGED) != (self.merged_into is not None):
            raise InvalidDecision(
                f"{item.key} leaving as merged names the item it was merged into "
                "(--merged-into KEY); other reasons name none"
            ).naming_fields("merged-into")
        if self.merged_into == item.key:
            raise merged_into_itself(item.key)

    def change(self, item: PortfolioItem) -> None:
        """The item has left: its stage, reason and (for a merger) where it went."""
        item.left_from = item.stage
        item.stage = Stage.LEFT
        item.left_reason = self.reason
        item.merged_into = self.merged_into

    def describe(self) -> str:
        """Why it left, and from where."""
        into = f" {self.merged_into}" if self.merged_into else ""
        return f"left the portfolio ({self.from_stage.value}): {self.reason.value}{into}"


def merged_into_itself(key: str) -> LedgerError:
    """The refusal of an item named as the item it was merged into."""
    return InvalidDecision(
        f"{key} cannot be merged into itself: an item is merged into another, which carries "
        "the work on; name that item with --merged-into"
    ).naming_fields("merged-into")
