"""The demo's board pack as an accessibility auditor reads it (WCAG 2.2 AA), in Chromium.

What the pack does for accessibility, and what it does not, is in docs/reports.md
("Accessibility").
"""

from __future__ import annotations

from tests.behaviour.board_pack.tools import Pack, probed

TARGETS = """<script>addEventListener("load", () => {
  const p = document.createElement("pre"); p.id = "probe";
  p.textContent = JSON.stringify([...document.querySelectorAll("nav a")].map(a => {
    const r = a.getBoundingClientRect(); return [a.textContent, r.width, r.height]; }));
  document.body.appendChild(p); });</script>"""


def test_each_link_of_the_contents_is_a_target_at_least_24_px_high(pack: Pack) -> None:
    """WCAG 2.2's target size (2.5.8): the contents' links were 15 px high, 19 px apart.

    A link a pointer or a finger can miss: each is as high as the 24 px the criterion asks
    (so none is nearer another than that), for a reader who cannot point finely.
    """
    links = probed(pack.html, pack.folder, TARGETS)
    assert len(links) == 6
    assert [name for name, _, height in links if height < 24] == []
