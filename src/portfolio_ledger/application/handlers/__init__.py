"""Command handlers: one short function per command, declared in the registry where written.

Each gets its aggregates from the unit of work, asks them to decide (the
domain checks the rules), and gives the unit of work what changed. The
registry imports a handler's module when its command is first used
(``registry.WHERE`` says which), so nothing here imports them all.
"""
