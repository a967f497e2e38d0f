"""The scales a portfolio office rates things on."""

from __future__ import annotations

from enum import Enum


class RAG(Enum):
    """Red, amber, green: the delivery confidence of an item or one of its dimensions."""

    RED = "red"
    AMBER = "amber"
    GREEN = "green"


class RiskRating(Enum):
    """The overall risk of a business case."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    VERY_HIGH = "very high"


class Severity(Enum):
    """How serious an escalated issue is."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"
