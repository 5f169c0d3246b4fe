"""The layering of docs/architecture.md, checked on the imports themselves: data flows
API -> store <- engine -> devices; the API never drives a phone; scripts never touch the
store; lower layers never import upper ones; no import cycles between parts."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[1] / "src" / "farmhand"
SHARED = {"domain", "timeutil", "plans", "media", "config", "logging_setup", "__init__"}

# part -> the parts it may import (besides itself and the shared modules)
ALLOWED: dict[str, set[str]] = {
    "store": set(),
    "virtual": set(),
    "devices": {"virtual"},  # the in-process driver over the virtual phone model
    "scripts": {"devices"},
    "planning": {"store", "scripts"},
    "engine": {"store", "devices", "scripts", "virtual"},
    "api": {"planning", "store", "scripts"},
    "web": {"api", "planning", "store", "scripts"},
    "server": {"api", "engine", "store", "devices", "virtual", "planning", "scripts", "web"},
    "cli": {"server", "api", "engine", "store", "devices", "virtual", "planning", "scripts", "web"},
    "__main__": {"cli"},
}
for name in SHARED:
    ALLOWED[name] = set()


def part_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def imports() -> dict[str, set[tuple[str, str]]]:
    """part -> {(importing file, imported farmhand module)}"""
    found: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE.parent).with_suffix("")
        module = ".".join(relative.parts)
        tree = ast.parse(path.read_text(), str(path))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            for name in names:
                if name.startswith("farmhand."):
                    found[part_of(module)].add((str(relative), name))
    return found


@pytest.mark.parametrize("part", sorted(ALLOWED))
def test_part_imports_only_what_its_layer_allows(part: str) -> None:
    wrong = sorted(
        f"{where} imports {target}"
        for where, target in imports().get(part, set())
        if (other := part_of(target)) != part and other not in SHARED and other not in ALLOWED[part]
    )
    assert not wrong, "\n".join(wrong)


def test_every_part_is_classified() -> None:
    parts = {
        part_of(".".join(p.relative_to(PACKAGE.parent).with_suffix("").parts)) for p in PACKAGE.rglob("*.py")
    }
    assert parts <= set(ALLOWED), parts - set(ALLOWED)


def test_shared_modules_import_no_part() -> None:
    for part in SHARED:
        targets = {part_of(t) for _, t in imports().get(part, set())}
        assert targets <= SHARED, f"{part} imports {targets - SHARED}"
