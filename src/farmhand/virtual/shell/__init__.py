"""The phone's ``sh``: a parser (``parser``), an interpreter (``interp``) and one module per
command family (``commands``)."""

from farmhand.virtual.shell.interp import Shell
from farmhand.virtual.shell.parser import ShellSyntaxError, parse

__all__ = ["Shell", "ShellSyntaxError", "parse"]
