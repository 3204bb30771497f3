"""``python -m neighborly``: the same as the ``neighborly`` command."""

from neighborly.cli import main

raise SystemExit(main())
