"""Whole processes timed in turns: ``python -m bench.pair ROUNDS LABEL=COMMAND...``.

For comparing start-up: a command before and after a change, beside its
import floor, in the same minutes. Each round runs every command once (in
the given order on even rounds, reversed on odd ones, so neither side always
follows the other); each COMMAND is a shell command line, ``{round}`` in it
replaced by the round's number (a decision needs a new rank each time).
Prints the median wall and CPU (user + system) seconds of each, and each as
a ratio to the first. A command that fails stops the run with its output.

    python -m bench.pair 15 \\
        "floor=.venv/bin/python -c 'import sqlalchemy'" \\
        "before=PYTHONPATH=/tmp/before/src .venv/bin/python -m portfolio_ledger economics" \\
        "after=.venv/bin/python -m portfolio_ledger economics"
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time


def timed(command: str) -> tuple[float, float]:
    """Wall and CPU seconds of one shell command line, run to its end (the shell's own included)."""
    started = time.perf_counter()
    process = subprocess.Popen(  # noqa: S602 - the command lines are the caller's own
        command, shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    assert process.stderr is not None
    said = process.stderr.read().decode(errors="replace")
    process.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {command}\n{said[-2000:]}")
    return wall, usage.ru_utime + usage.ru_stime


def main() -> None:
    """Run the rounds; print the medians and ratios."""
    rounds = int(sys.argv[1])
    commands = [argument.split("=", 1) for argument in sys.argv[2:]]
    times: dict[str, list[tuple[float, float]]] = {label: [] for label, _ in commands}
    for number in range(rounds):
        order = commands if number % 2 == 0 else commands[::-1]
        for label, command in order:
            times[label].append(timed(command.replace("{round}", str(number))))
    first = commands[0][0]
    base_wall = statistics.median(wall for wall, _ in times[first])
    base_cpu = statistics.median(cpu for _, cpu in times[first])
    print(f"{rounds} rounds; medians, and each as a ratio to {first}")
    for label, _ in commands:
        wall = statistics.median(w for w, _ in times[label])
        cpu = statistics.median(c for _, c in times[label])
        print(
            f"{label:>16}  wall {wall:6.3f} s ({wall / base_wall:4.2f}x)"
            f"  CPU {cpu:6.3f} s ({cpu / base_cpu:4.2f}x)"
        )


if __name__ == "__main__":
    main()
