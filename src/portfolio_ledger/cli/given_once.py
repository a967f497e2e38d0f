"""An option that takes one value, given twice with different values, is refused.

click keeps the last value unsaid: 'item approve --budget "GBP 1,000,000" ...
--budget "GBP 100,000"' recorded the second budget, and '-m "why" ... -m "more"'
only the second reason. Options that may be repeated (--ref, --vote) and flags
are left alone, and so is the same value given again (``--board IC`` in a
meeting's options and beside them).
"""

from __future__ import annotations

import click

from portfolio_ledger.domain.errors import quoted


def refuse_different_repeats(command: click.Command) -> None:
    """Make ``command`` (and the commands under it) refuse such an option, naming it."""
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            refuse_different_repeats(sub)
    parse = command.parse_args

    def parse_args(ctx: click.Context, args: list[str]) -> list[str]:
        try:
            _, rest, order = command.make_parser(ctx).parse_args(args=list(args))
        except click.UsageError:
            return parse(ctx, args)  # click says what is wrong with them
        # A group's own options come before its command's name and arguments.
        own = args[: len(args) - len(rest)] if isinstance(command, click.Group) else args
        once = [p for p in order if isinstance(p, click.Option) and not (p.multiple or p.is_flag)]
        for param in dict.fromkeys(p for p in once if once.count(p) > 1):
            given = values_given(param, own, command.params)
            if len(set(given)) > 1:
                times = "twice" if len(given) == 2 else f"{len(given)} times"
                shown = ", ".join(quoted(value, 40) for value in given)
                raise click.UsageError(
                    f"{'/'.join(param.opts)} was given {times} ({shown}); it takes "
                    "one value, and only the last would be used. Give it once.",
                    ctx,
                )
        return parse(ctx, args)

    command.parse_args = parse_args  # type: ignore[method-assign]


def values_given(option: click.Option, args: list[str], params: list[click.Parameter]) -> list[str]:
    """Each value ``option`` was given in ``args`` (``--opt V``, ``--opt=V``, ``-oV``).

    The words are walked as click's parser walks them: a word that is another option's
    value (``--owner -mike``) is that value, not ``-m`` given ``ike``.
    """
    takes_value = {
        spelt: not (p.is_flag or p.count)
        for p in params
        if isinstance(p, click.Option)
        for spelt in (*p.opts, *p.secondary_opts)
    }
    values: list[str] = []
    words = iter(args)
    for word in words:
        if word == "--":
            break
        name, joined, value = word.partition("=") if word.startswith("--") else (word, "", "")
        if not joined and len(word) > 2 and word[0] == "-" and word[1] != "-":
            name, value = word[:2], word[2:]  # -mWHY: the short option and its value
        if not takes_value.get(name, False):
            continue  # an argument, a flag, or an option click will refuse
        if not (joined or value):
            value = next(words, "")
        if name in option.opts:
            values.append(value)
    return values
