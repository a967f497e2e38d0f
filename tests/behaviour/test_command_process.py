"""A ``portfolio-ledger`` process runs Python's collector less often from its start.

``__main__.py``: the console script and ``python -m portfolio_ledger``
set the youngest generation's threshold before the command line is imported,
and keep the older generations' as Python has them.
"""

from __future__ import annotations

import gc
import json
import subprocess
import sys
from importlib.metadata import entry_points

from portfolio_ledger.application.collector import COMMAND_COLLECT_AFTER

PROBE = """
import atexit, gc, json, runpy, sys
sys.argv = ["portfolio-ledger", *sys.argv[1:]]
seen = {}
def at_import(*_):
    if "click" in sys.modules and "at_import" not in seen:
        seen["at_import"] = gc.get_threshold()
sys.setprofile(at_import)
said = lambda: print(json.dumps([seen.get("at_import"), gc.get_threshold()]), file=sys.stderr)
atexit.register(said)
runpy.run_module("portfolio_ledger", run_name="__main__")
"""


def test_the_console_script_starts_at_the_command_line_s_entry() -> None:
    (script,) = entry_points(group="console_scripts", name="portfolio-ledger")
    assert script.value == "portfolio_ledger.__main__:main"


def test_a_command_runs_the_collector_every_command_collect_after_from_its_start() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, "--version"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    when_click_came, at_exit = json.loads(done.stderr.strip().splitlines()[-1])

    expected = [COMMAND_COLLECT_AFTER, *gc.get_threshold()[1:]]
    assert when_click_came == expected  # set before the command line was imported
    assert at_exit == expected
