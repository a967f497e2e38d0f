"""The demo's portfolio: its organisations, its items and the storylines their year follows.

Data only; ``story.py`` and the modules it calls record it through the
ledger's commands.
"""

from __future__ import annotations

SEED = 20261121

INVESTMENT_COMMITTEE = "Investment Committee"
EXECUTIVE_BOARD = "Executive Board (EXB)"
# The item whose business case is beyond the committee's limit: its approval
# is refused, escalated, and made by the Executive Board.
OVER_LIMIT = "Cloud migration"
OVER_LIMIT_COST = 52_000_000
# The item whose status report goes beyond the tolerance the committee set.
BEYOND_TOLERANCE = "Payroll replacement"
DIRECTION_GROUP = "Portfolio Direction Group"
DELIVERY_BOARD = "Digital Delivery Board"
SERVICE_BOARD = "Service Management Board"
RECORDS_PROCEDURE = "Portfolio office records procedure"

# The ledger's list of organisations (key, name): every item belongs to one.
ORGANISATIONS = (
    ("CORP", "Corporate Services"),
    ("DDAT", "Digital, Data and Technology"),
    ("CITZ", "Citizen Services"),
    ("OPS", "Operations"),
)

CATEGORIES = ("Corporate systems", "Citizen services", "Infrastructure", "Security", "Data")
OBJECTIVES = (
    "Modernise legacy estate",
    "Digital by default",
    "Reduce run costs",
    "Secure by design",
    "Better use of data",
)

# Each item: kind, title, category, organisation, and the storyline its year
# follows. The last three were under way before the ledger began: they are
# onboarded with their baseline (see ONBOARDED), not proposed.
PORTFOLIO: tuple[tuple[str, str, str, str, str], ...] = (
    ("programme", "ERP consolidation", "Corporate systems", "CORP", "delivering"),
    ("programme", "Cloud migration", "Infrastructure", "DDAT", "delivering"),
    ("programme", "Citizen digital front door", "Citizen services", "CITZ", "delivering"),
    ("programme", "Cyber resilience", "Security", "DDAT", "delivering"),
    ("programme", "Data and analytics platform", "Data", "DDAT", "paused"),
    ("programme", "Workplace modernisation", "Infrastructure", "OPS", "appraised"),
    ("project", "Payroll replacement", "Corporate systems", "CORP", "escalated"),
    ("project", "Finance ledger upgrade", "Corporate systems", "CORP", "delivering"),
    ("project", "HR case management", "Corporate systems", "CORP", "live"),
    ("project", "Procurement e-sourcing", "Corporate systems", "CORP", "rejected"),
    ("project", "Datacentre exit wave 1", "Infrastructure", "DDAT", "live"),
    ("project", "Datacentre exit wave 2", "Infrastructure", "DDAT", "leaving"),
    ("project", "Network refresh", "Infrastructure", "DDAT", "funding"),
    ("project", "Identity and access management", "Security", "DDAT", "escalated"),
    ("project", "Security operations centre", "Security", "DDAT", "leaving"),
    ("project", "Privileged access vault", "Security", "DDAT", "live"),
    ("project", "Online licensing", "Citizen services", "CITZ", "cancelled"),
    ("project", "Appointment booking", "Citizen services", "CITZ", "live"),
    ("project", "Contact centre telephony", "Citizen services", "OPS", "funding"),
    ("project", "Casework digitisation", "Citizen services", "OPS", "deferred"),
    ("project", "Master data management", "Data", "DDAT", "proposed"),
    ("project", "Reporting self-service", "Data", "CORP", "appraised"),
    ("project", "Records retention automation", "Data", "OPS", "rejected"),
    ("project", "Mainframe batch rehost", "Infrastructure", "DDAT", "cancelled"),
    ("project", "Endpoint management", "Security", "DDAT", "deferred"),
    ("project", "Document generation service", "Citizen services", "CITZ", "proposed"),
    ("service", "Email and collaboration", "Infrastructure", "DDAT", "established"),
    ("service", "Service desk", "Corporate systems", "OPS", "established"),
    ("service", "Legacy intranet", "Corporate systems", "CORP", "retiring"),
    ("service", "Legacy fax gateway", "Citizen services", "CITZ", "retiring"),
    ("service", "Managed print", "Infrastructure", "OPS", "retiring"),
    ("service", "Citizen identity verification", "Citizen services", "CITZ", "live"),
    ("service", "Enterprise integration platform", "Data", "DDAT", "live"),
    ("service", "Backup as a service", "Infrastructure", "DDAT", "delivering"),
    ("service", "Geospatial data service", "Data", "OPS", "escalated"),
    ("service", "Out-of-hours support", "Citizen services", "OPS", "established"),
    ("programme", "Shared services outsourcing", "Corporate systems", "CORP", "onboarded"),
    ("project", "Estates management system", "Corporate systems", "OPS", "onboarded"),
    ("service", "Grants payment service", "Citizen services", "CITZ", "onboarded"),
)

# The baseline each onboarded item joins with, as the old register held it:
# stage, whole-life cost, authorised budget, forecast cost (amounts in GBP,
# or "withheld"), and RAG.
LEGACY_REGISTER = "Legacy PPM register"
ONBOARDED: dict[str, tuple[str, str, str, str, str]] = {
    "Shared services outsourcing": ("in delivery", "withheld", "18000000", "withheld", "amber"),
    "Estates management system": ("in delivery", "3450000", "3200000", "3380000", "amber"),
    "Grants payment service": ("live", "1900000", "1750000", "1750000", "green"),
}
# The onboarded item whose delivery confidence is withheld while its
# contract is renegotiated (GMPP withholds ratings so).
WITHHELD = "Shared services outsourcing"

# Details that change, as dated decisions: each item's title, the change, and why.
TRANSFERRED = {
    "Contact centre telephony": (
        "CITZ",
        "The contact centre moves to Citizen Services; its telephony project goes with it.",
    ),
}
"""The organisation the item moves to."""
RECATEGORISED = {
    "Backup as a service": (
        "Security",
        "Reclassified after the ransomware review: immutable backups are a security control.",
    ),
}
"""The item's new category."""
LEAVERS = {
    "Security operations centre": (
        "bau",
        None,
        "The security operations centre is staffed and run as business as usual.",
    ),
    "Datacentre exit wave 2": (
        "merged",
        "Cloud migration",
        "Merged into the cloud migration programme, which takes on its last racks.",
    ),
}
"""Why the item leaves the portfolio, and the item it is merged into (by title)."""

# Putting the record right.
MISTYPED = "Finance ledger upgrade"
"""The item whose approval is recorded with a zero too many, then corrected."""
RECORDED_LATE = "Estates management system"
"""The item whose ranking minutes are typed in after a later status report."""
LATE_RANK = 10

PREFIXES = {"programme": "PGM", "project": "PRJ", "service": "SVC"}
OWNERS = (
    "Dana Okafor",
    "Liam Byrne",
    "Sofia Marques",
    "Kwame Mensah",
    "Hannah Wright",
    "Ravi Shah",
    "Elena Petrova",
    "Joe Fletcher",
)
SPONSORS = (
    "Chief Finance Officer",
    "Chief Operating Officer",
    "Director of Digital",
    "Director of Citizen Services",
    "Chief Information Security Officer",
)
