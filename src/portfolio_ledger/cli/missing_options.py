"""A command missing several required options names them all, not one a run.

click stops at the first: ``item propose PRJ-042 -m "Why"`` said *Missing option
'--kind'*, then, given it, *'--title'*, then *'--owner'*, *'--sponsor'* and
*'--category'*: five runs to learn what one could say, as an import line's
refusal already does (*rationale: is required; estimated_cost: is required; ...*).
One missing is still click's own message (with its choices, where it has them).
"""

from __future__ import annotations

import click


def name_every_missing(command: click.Command) -> None:
    """Make ``command`` (and the commands under it) name every required value left out."""
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            name_every_missing(sub)
        return
    parse = command.parse_args

    def parse_args(ctx: click.Context, args: list[str]) -> list[str]:
        words = list(args)  # click's parser takes the words off the list it is given
        try:
            return parse(ctx, args)
        except click.MissingParameter:
            missing = left_out(command, ctx, words)
            if len(missing) < 2:
                raise
            listed = f"{', '.join(missing[:-1])} and {missing[-1]}"
            raise click.UsageError(
                f"Missing {len(missing)} required values: {listed}. Give each; "
                f"'{ctx.command_path} --help' says what each takes.",
                ctx,
            ) from None

    command.parse_args = parse_args  # type: ignore[method-assign]


def left_out(command: click.Command, ctx: click.Context, args: list[str]) -> list[str]:
    """Each required option or argument ``args`` leaves out, as click names it, in order.

    A value from its environment variable (``PORTFOLIO_LEDGER_ACTOR``) or a
    default is given. Words click cannot read name none: its own refusal stands.
    """
    try:
        given, _, _ = command.make_parser(ctx).parse_args(args=list(args))
    except click.UsageError:
        return []
    missing: list[str] = []
    for param in command.get_params(ctx):
        if not param.required:
            continue
        value, _ = param.consume_value(ctx, given)
        if param.value_is_missing(value):
            missing.append(param.get_error_hint(ctx))
    return missing
