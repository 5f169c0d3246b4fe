"""``python -m farmhand``: the same as the ``farmhand`` command."""

from farmhand.cli.main import main

main()
