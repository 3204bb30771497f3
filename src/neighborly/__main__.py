"""``python -m neighborly``: the same as the ``neighborly`` command."""

from neighborly.cli import command

raise SystemExit(command())
