"""A negative number typed as an argument (``portfolio envelope -5``) is read as the argument.

click takes every word that starts with '-' for an option, so ``portfolio envelope -5``
was refused as "No such option: -5", never reaching the rule the amount breaks, which
``portfolio envelope -- -5`` and ``--limit -5`` are refused by: "-5 is negative; amounts
of money are zero or more" (exit 2). No option is spelt '-' and a digit, so such a word
where an argument goes (not an option's value: ``-m -5`` is a rationale) is an argument:
the command's arguments are given after ``--``, in the order typed, and refused by their
own rule (``AMOUNT: -5 is negative``, ``QUORUM: must be at least 1``).
"""

from __future__ import annotations

import re

import click

NEGATIVE = re.compile(r"-\.?[0-9]")
"""A word that starts as a negative number does: ``-5``, ``-0.5``, ``-.5``, ``-5m``."""


def read_negative_numbers(command: click.Command) -> None:
    """Make ``command`` (and the commands under a group) take a negative number as an argument."""
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            read_negative_numbers(sub)
        return  # a group's words name its commands: each command reads its own
    if not any(isinstance(param, click.Argument) for param in command.params):
        return
    parse = command.parse_args

    def parse_args(ctx: click.Context, args: list[str]) -> list[str]:
        return parse(ctx, arguments_last(args, command.get_params(ctx)))

    command.parse_args = parse_args  # type: ignore[method-assign]


def arguments_last(args: list[str], params: list[click.Parameter]) -> list[str]:
    """``args`` with its arguments after ``--`` where one is a negative number; else as given.

    The words are walked as click's parser walks them: an option that takes a value
    takes the next word, whatever it is (``--limit -5``, ``-m -5``); ``--opt=V`` and
    ``-mV`` hold theirs. Any other word starting with '-' is an option, left for click.
    """
    takes = {
        spelt: 0 if (p.is_flag or p.count) else p.nargs
        for p in params
        if isinstance(p, click.Option)
        for spelt in (*p.opts, *p.secondary_opts)
    }
    options: list[str] = []
    arguments: list[str] = []
    at = 0
    while at < len(args):
        word = args[at]
        if word == "--":
            arguments.extend(args[at + 1 :])
            break
        if word in takes:
            options.extend(args[at : at + 1 + takes[word]])
            at += 1 + takes[word]
            continue
        is_option = word.startswith("-") and word != "-" and not NEGATIVE.match(word)
        (options if is_option else arguments).append(word)
        at += 1
    if not any(NEGATIVE.match(word) for word in arguments):
        return args
    return [*options, "--", *arguments]
