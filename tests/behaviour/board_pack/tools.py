"""What the board pack's tests share: the demo's pack, and the tools that read it back.

The PDF is read back with poppler's ``pdftotext`` and ``pdfinfo``; the HTML is opened
in headless Chromium. Both are Debian packages that ``.ci/run`` installs as root;
elsewhere, without them, those tests skip saying so.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Cli

SECTIONS = ("summary", "charts", "decisions", "exceptions", "recommendations", "digest")
HEADINGS = (
    "1. Summary",
    "2. Charts",
    "3. Decisions since",
    "4. Exceptions",
    "5. Recommendations",
    "6. Ledger digest",
)


def needs(tool: str) -> str:
    """The tool's path, or a skip that says how to install it."""
    found = shutil.which(tool)
    if found is None:
        package = {
            "pdftotext": "poppler-utils",
            "pdftoppm": "poppler-utils",
            "pdfinfo": "poppler-utils",
        }.get(tool, tool)
        if os.geteuid() == 0:
            pytest.fail(f"{tool} is missing; .ci/run installs it (apt-get install -y {package})")
        pytest.skip(f"{tool} is not installed: apt-get install -y {package} (as root)")
    return found


class Page(HTMLParser):
    """The tags, ids and table cells of an HTML page."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.starts: list[tuple[str, dict[str, str | None]]] = []
        self.tables: dict[str, list[list[str]]] = {}
        self._table: str | None = None
        self._cell: list[str] | None = None
        self._head = False
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.starts.append((tag, dict(attrs)))
        if tag == "table":
            self._table = dict(attrs).get("id") or f"table-{len(self.tables)}"
            self.tables[self._table] = []
        elif tag == "thead":
            self._head = True
        elif tag == "tr" and self._table is not None and not self._head:
            self.tables[self._table].append([])
        elif tag in {"td", "th"} and self._table is not None and not self._head:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in {"td", "th"} and self._cell is not None and self._table is not None:
            self.tables[self._table][-1].append("".join(self._cell).strip())
            self._cell = None
        elif tag == "thead":
            self._head = False
        elif tag == "table":
            self._table = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)

    def ids(self) -> set[str]:
        return {str(attrs["id"]) for _, attrs in self.starts if attrs.get("id")}

    def rows(self, table: str) -> dict[str, list[str]]:
        """A table's body rows by their first cell."""
        return {row[0]: row[1:] for row in self.tables[table] if row}


@dataclass
class Pack:
    run: Cli
    folder: Path
    html: str
    pdf: Path
    today: date
    """The day the demo was recorded on (a run may cross midnight after the module was read)."""

    def json(self, *args: str) -> Any:
        result = self.run(*args, "--json")
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)  # a warning goes to stderr


def money(amount: Any, currency: str = "GBP") -> str:
    value = Decimal(amount)
    return f"{currency} {value:,.0f}" if value == value.to_integral_value() else f"{value:,.2f}"


PROBE = """<script>window.__errors = [];
addEventListener("error", e => __errors.push(String(e.message || e.target.outerHTML)), true);
const __error = console.error;
console.error = (...a) => { __errors.push(a.join(" ")); __error(...a); };
addEventListener("load", () => { const p = document.createElement("pre"); p.id = "probe";
  p.textContent = JSON.stringify({scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth, errors: __errors});
  document.body.appendChild(p); });</script>"""


def chromium(*args: str) -> subprocess.CompletedProcess[str]:
    command = [needs("chromium"), "--headless", "--disable-gpu", "--hide-scrollbars",
               "--window-size=1280,2000", *args]  # fmt: skip
    if os.geteuid() == 0:
        command.insert(1, "--no-sandbox")  # Chromium refuses to run sandboxed as root
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)


def probed(html: str, folder: Path, probe: str = PROBE) -> Any:
    """What the probe saw of the page in Chromium: by default its errors and widths.

    Another ``probe`` is a script that writes its JSON in a ``<pre id="probe">`` on load.
    """
    # A copy of the page, and only the copy, carries a probe that reports what it measures.
    copy = folder / "probed.html"
    copy.write_text(html.replace("<head>", "<head>" + probe, 1), encoding="utf-8")
    dom = chromium("--virtual-time-budget=5000", "--dump-dom", copy.as_uri()).stdout
    found = re.search(r'<pre id="probe">(.*?)</pre>', dom, re.DOTALL)
    assert found is not None, dom[-500:]
    return json.loads(found.group(1).replace("&quot;", '"'))


def paused_and_packed(run: Cli, why: str, folder: Path) -> None:
    """An item onboarded, then paused with the rationale ``why``; its pack in ``folder``.

    ``pack.html`` and ``pack.pdf``, as at 2026-11-30 and reproducible: the pause is the
    one decision the pack's decisions table lists with a rationale of a test's choosing.
    """
    for args in (
        ("item", "onboard", "PRJ-1", "--title", "Payroll", "--category", "Corporate",
         "--stage", "in-delivery", "--authority", "Baseline", "-m", "Onboarded",
         "--effective-date", "2026-10-01"),
        ("item", "pause", "PRJ-1", "--authority", "Portfolio board", "-m", why,
         "--effective-date", "2026-11-20"),
    ):  # fmt: skip
        result = run(*args)
        assert result.exit_code == 0, result.output
    for name in ("pack.html", "pack.pdf"):
        made = run("report", "board-pack", "--as-at", "2026-11-30", "--reproducible",
                   "--out", str(folder / name))  # fmt: skip
        assert made.exit_code == 0, made.output
