"""Shell commands by family; importing this package registers them all."""

from farmhand.virtual.shell.commands import (
    activity,
    content,
    control,
    dumpsys,
    files,
    filters,
    ime,
    input,
    packages,
    system,
)

__all__ = [
    "activity",
    "content",
    "control",
    "dumpsys",
    "files",
    "filters",
    "ime",
    "input",
    "packages",
    "system",
]
