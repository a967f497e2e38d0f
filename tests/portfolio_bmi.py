"""A German federal ministry's project register: two quarterly returns, as its office saves them.

``python -m tests.portfolio_bmi DIR`` writes ``bmi_projekte_2025_q2.csv`` and ``_q3.csv``:
a title row (``Stand: 30.06.2025``) above a header, ``1.234.567,89 €``, ``31.12.2025``,
``Grün``, ``In Umsetzung``, separated by semicolons and in Windows-1252 (a return refuses
it, saying to convert it with iconv), with ``bmi.toml``. Between the two, projects join,
leave, are renamed, re-costed, re-rated and moved. Written by h1; no figure is real.
"""

from __future__ import annotations

import random
import sys
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from pathlib import Path

SEP = "|"
"""Lists below are written as one text, parted at each ``|``: a line each was too long."""

DASH = "\u2013"  # an en dash, as autocorrect writes a spaced hyphen
UNITS = (
    f"Z I {DASH} Zentrale Dienste|DG II {DASH} Digitale Verwaltung|CI 1 {DASH} IT-Sich"
    f"erheit|Abt. Ö {DASH} Öffentliche Sicherheit|Referat BÜ {DASH} Bürgerdienste"
).split(SEP)
THEMES = (
    "Bürgerportal|E-Akte Bund|Förderdatenbank|Haushaltsverfahren|Netze des Bundes|Meldewesen|"
    "Rechenzentrum Süd|Bußgeldverfahren|Rechnungseingang (XRechnung)|Telefonie (VoIP)|"
    "Zugangsmanagement"
).split(SEP)
AMPEL = ["Grün", "Grün", "Gelb", "Gelb", "Rot", "nicht bewertet"]
PHASES = ["In Umsetzung"] * 5 + ["Genehmigt", "Pausiert", "Im Betrieb"]
DE_HEADER = (
    "Projekt-Nr.|Projektbezeichnung|Organisationseinheit|Projektkategorie|Projektart|"
    "Phase|Gesamtkosten (€)|Prognose Gesamtkosten (€)|Geplantes Projektende|Ampel|Bemerkung"
).split(SEP)


@dataclass(frozen=True)
class Vorhaben:
    """A row of the ministry's register."""

    nr: str
    title: str
    unit: str
    category: str
    kind: str
    phase: str
    cost: Decimal
    forecast: Decimal | None
    end: date
    ampel: str


def register_q2(seed: int = 7) -> list[Vorhaben]:
    """The register as at 30.06.2025: 44 projects and programmes."""
    rnd = random.Random(seed)  # noqa: S311 - made-up figures, not secrets
    rows = []
    for i in range(44):
        cost = Decimal(rnd.randint(2_500_000, 40_000_000_000)) / 100
        forecast = (cost * Decimal(rnd.choice(["0.97", "1", "1.04", "1.12"]))).quantize(
            Decimal("0.01")
        )
        rows.append(
            Vorhaben(
                f"BMI-{2021 + i % 4}-{i + 101:03d}",
                f"{rnd.choice(['Einführung', 'Modernisierung', 'Ablösung'])} {THEMES[i % 11]}"
                + (f" {DASH} Los {i // 11 + 1}" if i >= 11 else ""),
                UNITS[i % 5],
                rnd.choice(["Fachverfahren", "E-Government", "IT-Infrastruktur"]),
                "Programm" if i % 9 == 0 else "Projekt",
                rnd.choice(PHASES),
                cost,
                None if i % 13 == 4 else forecast,
                date(rnd.randint(2025, 2030), 12, 31),
                rnd.choice(AMPEL),
            )
        )
    return rows


def register_q3(q2: list[Vorhaben]) -> list[Vorhaben]:
    """The next quarter: 3 leave, 3 join, 3 renamed, 6 re-costed, 5 re-rated, 2 moved."""
    rows = [r for i, r in enumerate(q2) if i not in (3, 17, 30)]
    turn = {"Grün": "Gelb", "Gelb": "Rot", "Rot": "Grün", "nicht bewertet": "Gelb"}
    for i, r in enumerate(rows):
        if 5 <= i < 8:
            rows[i] = replace(r, title=f"{r.title} (neu zugeschnitten)")
        elif 10 <= i < 16:
            cost = (r.cost * Decimal("1.0735")).quantize(Decimal("0.01"))
            rows[i] = replace(r, cost=cost)
        elif 20 <= i < 25:
            rows[i] = replace(r, ampel=turn[r.ampel])
        elif 30 <= i < 32:
            rows[i] = replace(r, unit=UNITS[(UNITS.index(r.unit) + 1) % 5])
    new = [
        Vorhaben(
            f"BMI-2025-{201 + j}",
            f"Pilotvorhaben KI-Assistenz Nr. {j + 1}",
            UNITS[j],
            "E-Government",
            "Projekt",
            "Genehmigt",
            Decimal(f"{1_250_000 * (j + 1)}.5"),
            None,
            date(2027, 12, 31),
            "nicht bewertet",
        )
        for j in range(3)
    ]
    return rows + new


def euro(amount: Decimal | None) -> str:
    """``1.234.567,89 €``, as the register writes money."""
    if amount is None:
        return ""
    whole, cents = f"{amount:.2f}".split(".")
    return f"{int(whole):,}".replace(",", ".") + f",{cents} €"


def write_register(path: Path, rows: list[Vorhaben], stand: str) -> None:
    """The register as Excel saves 'CSV (Trennzeichen-getrennt)': semicolons, Windows-1252."""
    lines = [f"Projektübersicht IT-Vorhaben des Ressorts;Stand: {stand}", "", ";".join(DE_HEADER)]
    lines += [
        ";".join(
            [
                r.nr,
                r.title,
                r.unit,
                r.category,
                r.kind,
                r.phase,
                euro(r.cost),
                euro(r.forecast),
                r.end.strftime("%d.%m.%Y"),
                r.ampel,
                "",
            ]
        )
        for r in rows
    ]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))


MAPPING = (
    'source = "BMI Projektübersicht"\ncurrency = "EUR"\ndecimal = ","\n'
    'separator = ";"\ndates = "DD.MM.YYYY"\nheader_row = 3\nignore = ["Bemerkung"]\n'
    '[columns]\nkey = "Projekt-Nr."\ntitle = "Projektbezeichnung"\n'
    'organisation = "Organisationseinheit"\ncategory = "Projektkategorie"\n'
    'kind = "Projektart"\nstage = "Phase"\nwhole_life_cost = "Gesamtkosten (€)"\n'
    'forecast_cost = "Prognose Gesamtkosten (€)"\nforecast_date = "Geplantes Projektende"\n'
    'rag = "Ampel"\n[blank]\nforecast_cost = "not known"\nrag = "not assessed"\n'
    '[spellings.kind]\n"Programm" = "programme"\n"Projekt" = "project"\n'
    '[spellings.stage]\n"In Umsetzung" = "in delivery"\n"Genehmigt" = "approved"\n'
    '"Pausiert" = "paused"\n"Im Betrieb" = "live"\n[spellings.rag]\n"Grün" = "green"\n'
    '"Gelb" = "amber"\n"Rot" = "red"\n"nicht bewertet" = "not assessed"\n'
)
"""The mapping an office writes for it from docs/returns.md."""


def write_all(folder: Path) -> None:
    """The two returns and the mapping, into ``folder``."""
    q2 = register_q2()
    write_register(folder / "bmi_projekte_2025_q2.csv", q2, "30.06.2025")
    write_register(folder / "bmi_projekte_2025_q3.csv", register_q3(q2), "30.09.2025")
    (folder / "bmi.toml").write_text(MAPPING, encoding="utf-8")


if __name__ == "__main__":
    write_all(Path(sys.argv[1] if len(sys.argv) > 1 else "."))
