"""The demo's portfolio: its items and the storylines their year follows, its names and words.

Data only; ``story.py`` records it through the ledger's commands.
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

CATEGORIES = ("Corporate systems", "Citizen services", "Infrastructure", "Security", "Data")
OBJECTIVES = (
    "Modernise legacy estate",
    "Digital by default",
    "Reduce run costs",
    "Secure by design",
    "Better use of data",
)

# Each item: kind, title, category, and the storyline its year follows.
PORTFOLIO: tuple[tuple[str, str, str, str], ...] = (
    ("programme", "ERP consolidation", "Corporate systems", "delivering"),
    ("programme", "Cloud migration", "Infrastructure", "delivering"),
    ("programme", "Citizen digital front door", "Citizen services", "delivering"),
    ("programme", "Cyber resilience", "Security", "delivering"),
    ("programme", "Data and analytics platform", "Data", "paused"),
    ("programme", "Workplace modernisation", "Infrastructure", "appraised"),
    ("project", "Payroll replacement", "Corporate systems", "escalated"),
    ("project", "Finance ledger upgrade", "Corporate systems", "delivering"),
    ("project", "HR case management", "Corporate systems", "live"),
    ("project", "Procurement e-sourcing", "Corporate systems", "rejected"),
    ("project", "Datacentre exit wave 1", "Infrastructure", "live"),
    ("project", "Datacentre exit wave 2", "Infrastructure", "delivering"),
    ("project", "Network refresh", "Infrastructure", "funding"),
    ("project", "Identity and access management", "Security", "escalated"),
    ("project", "Security operations centre", "Security", "delivering"),
    ("project", "Privileged access vault", "Security", "live"),
    ("project", "Online licensing", "Citizen services", "cancelled"),
    ("project", "Appointment booking", "Citizen services", "live"),
    ("project", "Contact centre telephony", "Citizen services", "funding"),
    ("project", "Casework digitisation", "Citizen services", "deferred"),
    ("project", "Master data management", "Data", "proposed"),
    ("project", "Reporting self-service", "Data", "appraised"),
    ("project", "Records retention automation", "Data", "rejected"),
    ("project", "Mainframe batch rehost", "Infrastructure", "cancelled"),
    ("project", "Endpoint management", "Security", "deferred"),
    ("project", "Document generation service", "Citizen services", "proposed"),
    ("service", "Email and collaboration", "Infrastructure", "established"),
    ("service", "Service desk", "Corporate systems", "established"),
    ("service", "Legacy intranet", "Corporate systems", "retiring"),
    ("service", "Legacy fax gateway", "Citizen services", "retiring"),
    ("service", "Managed print", "Infrastructure", "retiring"),
    ("service", "Citizen identity verification", "Citizen services", "live"),
    ("service", "Enterprise integration platform", "Data", "live"),
    ("service", "Backup as a service", "Infrastructure", "delivering"),
    ("service", "Geospatial data service", "Data", "escalated"),
    ("service", "Out-of-hours support", "Citizen services", "established"),
)

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
