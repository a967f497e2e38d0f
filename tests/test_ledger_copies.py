"""A module's template ledger when a worker comes back to the module after others.

pytest-xdist's ``--dist worksteal`` may run some of a module's tests, then another
module's (the module torn down: its templates dropped), then more of the first module's
tests it took from the other worker. The templates were kept in the module's stash, so
the first copy after the return read a template schema dropped at the teardown
(``relation "pl_test_....audit_trail" does not exist``, a CI run at ``a5292546``). Here
the teardown and the return are made in that order, on the server.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.conftest import stored_events
from tests.ledger_copies import copy_of, demo
from tests.pg_schemas import postgres_schema


class _Module:
    """What ``copy_of`` asks of a test's module: its stash, and its finalizers."""

    def __init__(self) -> None:
        self.stash = pytest.Stash()
        self.finalizers: list[Callable[[], object]] = []

    def addfinalizer(self, finalizer: Callable[[], object]) -> None:
        self.finalizers.append(finalizer)

    def teardown(self) -> None:
        while self.finalizers:
            self.finalizers.pop()()


class _Request:
    """A function-scoped request whose module is ``module``."""

    def __init__(self, module: _Module, request: pytest.FixtureRequest) -> None:
        self.node = self
        self.module = module
        self.request = request

    def getparent(self, kind: type) -> Any:
        assert kind is pytest.Module
        return self.module

    def getfixturevalue(self, name: str) -> Any:
        return self.request.getfixturevalue(name)


@pytest.mark.postgres
def test_a_module_come_back_to_after_its_teardown_builds_its_template_again(
    request: pytest.FixtureRequest,
) -> None:
    module = _Module()
    asked = _Request(module, request)
    try:
        with postgres_schema() as first:
            copy_of(demo, first, asked)  # type: ignore[arg-type]
            demo_events = stored_events(first)
        module.teardown()  # the worker ran another module: the template dropped

        with postgres_schema() as again:
            copy_of(demo, again, asked)  # type: ignore[arg-type]
            assert stored_events(again) == demo_events
    finally:
        module.teardown()  # the template built again, dropped: no schema left behind
