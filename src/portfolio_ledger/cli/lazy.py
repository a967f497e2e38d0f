"""A command group whose commands other modules add, each module imported when it is used.

``item history`` needs ``item_views`` (where ``show`` and ``history`` are);
not the modules of the decisions it does not record. Importing them, and
building their options, was part of what every ``item`` command paid to
start (docs/performance.md).
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import Any

import click


class ListedGroup(click.Group):
    """A group whose commands are not all loaded: a mistyped one is matched against them all.

    Click suggests from the commands loaded (``self.commands``), so ``portfolio-ledger
    portfolo`` and ``item histroy`` were refused with no "Did you mean" while ``items lst``
    had one.
    """

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        """The command ``args`` names; one that is none is refused with the nearest names."""
        try:
            return super().resolve_command(ctx, args)
        except click.exceptions.NoSuchCommand as missing:
            raise click.exceptions.NoSuchCommand(
                missing.command_name, possibilities=self.list_commands(ctx), ctx=ctx
            ) from None


class LazyGroup(ListedGroup):
    """A group some of whose commands are added by other modules, imported when asked for.

    ``modules`` names, for each module under ``portfolio_ledger.cli``, the
    commands it adds to this group (with ``@group.command()``);
    ``tests/behaviour/test_lazy_groups.py`` checks that they are exactly those.
    What the top group does to each command it loads (``--db`` after it, an
    option given twice refused) is done here to each command as it arrives.
    """

    def __init__(self, *args: Any, modules: dict[str, tuple[str, ...]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.modules = modules
        self._prepare: Callable[[click.Command], None] | None = None
        self._prepared: set[str] = set()

    def list_commands(self, ctx: click.Context) -> list[str]:  # noqa: ARG002 - click signature
        """Every command's name, loaded or not."""
        elsewhere = (name for names in self.modules.values() for name in names)
        return sorted({*self.commands, *elsewhere})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:  # noqa: ARG002
        """The command, its module imported the first time one of its commands is asked for."""
        if cmd_name not in self.commands:
            for module, names in self.modules.items():
                if cmd_name in names:
                    import_module(f"portfolio_ledger.cli.{module}")
        self._prepare_arrivals()
        return self.commands.get(cmd_name)

    def load_all(self) -> None:
        """Import every module that adds commands here (for tools that walk them all)."""
        for module in self.modules:
            import_module(f"portfolio_ledger.cli.{module}")
        self._prepare_arrivals()

    def then_prepare(self, prepare: Callable[[click.Command], None]) -> None:
        """Apply ``prepare`` to every command that arrives from now on (not those here now)."""
        self._prepare = prepare
        self._prepared = set(self.commands)
        self._prepare_arrivals()

    def _prepare_arrivals(self) -> None:
        if self._prepare is None:
            return
        for name, command in list(self.commands.items()):
            if name not in self._prepared:
                self._prepared.add(name)
                self._prepare(command)
