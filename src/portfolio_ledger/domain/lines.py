"""Text printed on one line: a confirmation, a plain table's cell.

Loaded by every command that records (its *Recorded PRJ-042: ...* line) and by the
tables, so it stands apart from both: a decision loads no report stack.
"""

from __future__ import annotations

import re

BREAKS = re.compile("[\t\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")
"""What ``str.splitlines`` takes for the end of a line, and a tab."""


def one_line(text: str) -> str:
    """``text`` on one line: its line breaks and tabs as spaces, as a plain table shows a cell.

    A tab's width depends on where it falls, so it is a space, as a line break is; and a
    carriage return printed as it is would send the terminal back to the start of the line,
    to write what follows over what came before.
    """
    if BREAKS.search(text) is None:
        return text
    return " ".join(text.replace("\t", " ").splitlines())
