"""The ``farmhand`` command."""
