"""Telling a gone process's leftovers from a live one's never touches a process."""

from __future__ import annotations

import os
import sys

import pytest

from portfolio_ledger.application import left_behind


def test_on_windows_every_process_is_taken_to_run_and_none_is_signalled(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # There os.kill(pid, 0) does not ask whether pid runs: it ends it (TerminateProcess).
    def ended(pid: int, signal: int) -> None:
        raise AssertionError(f"process {pid} was sent {signal}")

    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(os, "kill", ended)
    assert left_behind.alive(4242)


def test_a_gone_process_is_told_from_a_live_one() -> None:
    assert left_behind.alive(os.getpid())
    assert not left_behind.alive(2**22 + 1)  # above Linux's largest process id
