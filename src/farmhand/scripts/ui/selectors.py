"""Selector tables: how a script finds "the Post button" on screens that change with every
app release, kept as data (``farmhand/scripts/selectors/*.yaml``, format in docs/selectors.md).

Per semantic element an ordered fallback list of matchers; the first matcher that matches an
element on the screen wins. Per-app-version overrides (keyed by a ``versionName`` prefix) are
tried before the base list; a locale overlay holds the same elements in other languages, used
only to recognise an app that does not run in English.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

from farmhand.domain import ErrorCode
from farmhand.scripts.ui.hierarchy import Hierarchy, UiElement

_STRING_KEYS = (
    "text", "text_contains", "text_startswith", "text_regex",
    "desc", "desc_contains", "desc_startswith", "desc_regex",
    "hint", "hint_contains",
    "label", "label_contains", "label_startswith", "label_regex",
    "id", "id_contains", "class", "package",
)  # fmt: skip
_BOOL_KEYS = ("clickable", "enabled", "selected", "checked", "checkable", "focused", "scrollable")
_FRACTION_KEYS = ("x_min", "x_max", "y_min", "y_max", "h_min", "h_max")
_OTHER_KEYS = ("within", "not_within", "pick")
_ALL_KEYS = frozenset(_STRING_KEYS + _BOOL_KEYS + _FRACTION_KEYS + _OTHER_KEYS)


class SelectorTableError(ValueError):
    """A selector table that cannot be loaded; the message names the file and the entry."""


def norm(value: str) -> str:
    """Compare labels the way a person reads them: case, curly quotes, ellipses and runs of
    spaces do not matter ("Don’t allow" == "don't  allow", "Add comment…" == "Add comment...")."""
    value = unicodedata.normalize("NFC", value)
    value = value.replace("\u2019", "'").replace("\u2018", "'").replace("\u2026", "...")
    return " ".join(value.split()).casefold()


def _as_tuple(value: Any, where: str) -> tuple[str, ...]:
    if isinstance(value, str | int | float):
        return (str(value),)
    if isinstance(value, list) and all(isinstance(v, str | int | float) for v in value):
        return tuple(str(v) for v in value)
    raise SelectorTableError(f"{where}: expected a string or a list of strings, got {value!r}")


@dataclass(frozen=True)
class Matcher:
    """One fallback entry: every condition given must hold. String conditions take one value
    or a list (any of them)."""

    conditions: Mapping[str, tuple[str, ...]]
    flags: Mapping[str, bool]
    fractions: Mapping[str, float]
    within: str | None = None
    not_within: str | None = None
    pick: str = "first"  # first | last | lowest | highest
    _regexes: Mapping[str, tuple[re.Pattern[str], ...]] = field(default_factory=dict, compare=False)

    @classmethod
    def parse(cls, raw: Any, where: str) -> Matcher:
        if not isinstance(raw, dict) or not raw:
            raise SelectorTableError(f"{where}: a matcher must be a non-empty mapping, got {raw!r}")
        unknown = set(raw) - _ALL_KEYS
        if unknown:
            raise SelectorTableError(f"{where}: unknown key(s) {sorted(unknown)}")
        conditions: dict[str, tuple[str, ...]] = {}
        regexes: dict[str, tuple[re.Pattern[str], ...]] = {}
        flags: dict[str, bool] = {}
        fractions: dict[str, float] = {}
        for key, value in raw.items():
            if key in _STRING_KEYS:
                values = _as_tuple(value, f"{where}.{key}")
                if key.endswith("_regex"):
                    try:
                        regexes[key] = tuple(re.compile(v, re.IGNORECASE) for v in values)
                    except re.error as exc:
                        raise SelectorTableError(f"{where}.{key}: bad regular expression ({exc})") from None
                conditions[key] = values if key in ("class", "id", "package") else tuple(map(norm, values))
            elif key in _BOOL_KEYS:
                if not isinstance(value, bool):
                    raise SelectorTableError(f"{where}.{key}: expected true or false")
                flags[key] = value
            elif key in _FRACTION_KEYS:
                if not isinstance(value, int | float) or not 0 <= value <= 1:
                    raise SelectorTableError(f"{where}.{key}: expected a fraction of the screen, 0..1")
                fractions[key] = float(value)
            elif key == "pick" and value not in ("first", "last", "lowest", "highest"):
                raise SelectorTableError(f"{where}.pick: expected first, last, lowest or highest")
        return cls(
            conditions=conditions,
            flags=flags,
            fractions=fractions,
            within=raw.get("within"),
            not_within=raw.get("not_within"),
            pick=raw.get("pick", "first"),
            _regexes=regexes,
        )

    @classmethod
    def of(cls, **raw: Any) -> Matcher:
        """A matcher built in code, for values known only at run time (a username, a comment)."""
        return cls.parse(raw, "runtime")

    def describe(self) -> str:
        parts = [f"{k}={'|'.join(v)}" for k, v in self.conditions.items()]
        parts += [f"{k}={str(v).lower()}" for k, v in self.flags.items()]
        if self.within:
            parts.append(f"within={self.within}")
        return " ".join(parts)

    # --- matching --------------------------------------------------------------------------
    def _strings_match(self, el: UiElement) -> bool:
        for key, values in self.conditions.items():
            if key == "id":
                if el.id_name not in values and el.res_id not in values:
                    return False
                continue
            if key == "id_contains":
                if not any(v in el.res_id.casefold() for v in values):
                    return False
                continue
            if key == "class":
                short = el.cls.rsplit(".", 1)[-1]
                if el.cls not in values and short not in values:
                    return False
                continue
            if key == "package":
                if el.package not in values:
                    return False
                continue
            field_name, _, op = key.partition("_")
            if field_name == "label":
                candidates = [el.text, el.desc]
            elif field_name == "hint":
                # An empty EditText shows its hint as its text on many Android versions.
                candidates = [el.hint, el.text] if el.cls.endswith("EditText") else [el.hint]
            else:
                candidates = [el.text if field_name == "text" else el.desc]
            if not any(self._one(op, values, key, c) for c in candidates if c):
                return False
        return True

    def _one(self, op: str, values: tuple[str, ...], key: str, candidate: str) -> bool:
        if op == "regex":
            return any(p.search(candidate) for p in self._regexes[key])
        value = norm(candidate)
        if op == "":
            return value in values
        if op == "contains":
            return any(v in value for v in values)
        if op == "startswith":
            return value.startswith(values)
        return False

    def matches(self, el: UiElement, size: tuple[int, int]) -> bool:
        for key, wanted in self.flags.items():
            if getattr(el, key) != wanted:
                return False
        if self.fractions:
            width, height = size
            x, y = el.center
            fx = x / width if width else 0.0
            fy = y / height if height else 0.0
            fh = (el.bounds[3] - el.bounds[1]) / height if height else 0.0
            f = self.fractions
            if not (
                f.get("x_min", 0) <= fx <= f.get("x_max", 1)
                and f.get("y_min", 0) <= fy <= f.get("y_max", 1)
                and f.get("h_min", 0) <= fh <= f.get("h_max", 1)
            ):
                return False
        return self._strings_match(el)


@dataclass(frozen=True)
class PopupRule:
    """A pop-up to get out of the way: when any ``when`` matcher matches (default: the tap
    target itself), tap the first ``tap`` target found, or press Back if ``back`` is set."""

    name: str
    when: tuple[Matcher, ...]
    tap: tuple[Matcher, ...]
    back: bool = False


@dataclass(frozen=True)
class FaultRule:
    """A screen that ends the task with an error code."""

    code: ErrorCode
    name: str
    when: tuple[Matcher, ...]


@dataclass
class SelectorTable:
    app: str
    packages: tuple[str, ...] = ()
    elements: dict[str, tuple[Matcher, ...]] = field(default_factory=dict)
    screens: dict[str, tuple[str, ...]] = field(default_factory=dict)
    popups: list[PopupRule] = field(default_factory=list)
    faults: list[FaultRule] = field(default_factory=list)
    versions: dict[str, dict[str, tuple[Matcher, ...]]] = field(default_factory=dict)
    locales: dict[str, dict[str, tuple[Matcher, ...]]] = field(default_factory=dict)


def _matchers(raw: Any, where: str) -> tuple[Matcher, ...]:
    if isinstance(raw, dict):
        raw = [raw]
    if not isinstance(raw, list) or not raw:
        raise SelectorTableError(f"{where}: expected a list of matchers")
    return tuple(Matcher.parse(item, f"{where}[{i}]") for i, item in enumerate(raw))


def _element_map(raw: Any, where: str) -> dict[str, tuple[Matcher, ...]]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise SelectorTableError(f"{where}: expected a mapping of element names to matchers")
    return {str(name): _matchers(items, f"{where}.{name}") for name, items in raw.items()}


def parse_table(data: Any, source: str) -> SelectorTable:
    if not isinstance(data, dict) or "app" not in data:
        raise SelectorTableError(f"{source}: expected a mapping with an 'app' key")
    known = {"app", "packages", "elements", "screens", "popups", "faults", "versions", "locales"}
    unknown = set(data) - known
    if unknown:
        raise SelectorTableError(f"{source}: unknown section(s) {sorted(unknown)}")
    table = SelectorTable(app=str(data["app"]), packages=tuple(data.get("packages") or ()))
    table.elements = _element_map(data.get("elements"), f"{source}: elements")
    for name, markers in (data.get("screens") or {}).items():
        table.screens[str(name)] = _as_tuple(markers, f"{source}: screens.{name}")
    for i, rule in enumerate(data.get("popups") or []):
        where = f"{source}: popups[{i}]"
        if not isinstance(rule, dict) or "name" not in rule or ("tap" not in rule and not rule.get("back")):
            raise SelectorTableError(f"{where}: a pop-up needs a name and 'tap' (or back: true)")
        tap = _matchers(rule["tap"], f"{where}.tap") if "tap" in rule else ()
        when = _matchers(rule["when"], f"{where}.when") if "when" in rule else tap
        table.popups.append(PopupRule(str(rule["name"]), when, tap, bool(rule.get("back", False))))
    for code_name, rules in (data.get("faults") or {}).items():
        try:
            code = ErrorCode(code_name)
        except ValueError:
            raise SelectorTableError(f"{source}: faults.{code_name}: not an error code") from None
        for i, rule in enumerate(rules):
            where = f"{source}: faults.{code_name}[{i}]"
            if not isinstance(rule, dict) or "name" not in rule or "when" not in rule:
                raise SelectorTableError(f"{where}: a fault needs a name and 'when'")
            table.faults.append(FaultRule(code, str(rule["name"]), _matchers(rule["when"], f"{where}.when")))
    for prefix, overrides in (data.get("versions") or {}).items():
        table.versions[str(prefix)] = _element_map(overrides, f"{source}: versions.{prefix}")
    for locale, overlay in (data.get("locales") or {}).items():
        table.locales[str(locale)] = _element_map(overlay, f"{source}: locales.{locale}")
    return table


@cache
def load_table(name: str) -> SelectorTable:
    """A bundled table by name (``tiktok``, ``instagram``, ``system``)."""
    resource = resources.files("farmhand.scripts.selectors").joinpath(f"{name}.yaml")
    try:
        text = resource.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SelectorTableError(f"no selector table named {name!r}") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise SelectorTableError(f"{name}.yaml: not valid YAML ({exc})") from None
    return parse_table(data, f"{name}.yaml")


def version_matches(prefix: str, version: str) -> bool:
    """``43`` matches ``43.1.4`` and ``43``, not ``430.1``."""
    return version == prefix or version.startswith(prefix + ".")


@dataclass(frozen=True)
class Found:
    name: str
    element: UiElement
    matcher: Matcher


class Selectors:
    """An app's table merged with the system table, resolved for one app version."""

    def __init__(self, app: SelectorTable, system: SelectorTable | None = None, version: str | None = None):
        self.app = app
        self.system = system or SelectorTable(app="system")
        self.version = version
        prefixes = [p for p in app.versions if version and version_matches(p, version)]
        # Most specific prefix first: "43.1" before "43".
        self._overrides = [app.versions[p] for p in sorted(prefixes, key=len, reverse=True)]
        self.popups = [*self.app.popups, *self.system.popups]
        self.faults = [*self.system.faults, *self.app.faults]

    def matchers(self, name: str) -> tuple[Matcher, ...]:
        out: list[Matcher] = []
        for overrides in self._overrides:
            out.extend(overrides.get(name, ()))
        base = self.app.elements.get(name) or self.system.elements.get(name)
        if base is None and not out:
            raise KeyError(f"no selector for element {name!r} in the {self.app.app} table")
        out.extend(base or ())
        return tuple(out)

    def known(self, name: str) -> bool:
        return name in self.app.elements or name in self.system.elements

    # --- finding ---------------------------------------------------------------------------
    def _all(self, h: Hierarchy, matcher: Matcher, depth: int) -> list[UiElement]:
        size = h.size
        found = [el for el in h if el.visible and matcher.matches(el, size)]
        if matcher.within:
            containers = self.find_all(h, matcher.within, depth + 1)
            found = [el for el in found if any(h.is_inside(el, c) for c in containers)]
        if matcher.not_within:
            excluded = self.find_all(h, matcher.not_within, depth + 1)
            found = [el for el in found if not any(h.is_inside(el, c) or el == c for c in excluded)]
        return found

    @staticmethod
    def _pick(matcher: Matcher, found: list[UiElement]) -> UiElement:
        if matcher.pick == "last":
            return found[-1]
        if matcher.pick == "lowest":
            return max(found, key=lambda el: el.center[1])
        if matcher.pick == "highest":
            return min(found, key=lambda el: el.center[1])
        return found[0]

    def match(self, h: Hierarchy, matchers: Iterable[Matcher], name: str = "runtime") -> Found | None:
        for matcher in matchers:
            found = self._all(h, matcher, 0)
            if found:
                return Found(name, self._pick(matcher, found), matcher)
        return None

    def find(self, h: Hierarchy, name: str) -> Found | None:
        return self.match(h, self.matchers(name), name)

    def find_all(self, h: Hierarchy, name: str, depth: int = 0) -> list[UiElement]:
        """Every element the first matching fallback entry finds (e.g. all gallery thumbnails)."""
        if depth > 5:
            raise SelectorTableError(f"'within' nests too deep at {name!r} (a cycle?)")
        for matcher in self.matchers(name):
            found = self._all(h, matcher, depth)
            if found:
                return found
        return []

    def screen(self, h: Hierarchy) -> str | None:
        """The first screen (table order) one of whose marker elements is present."""
        for screen, markers in [*self.app.screens.items(), *self.system.screens.items()]:
            if any(self.find(h, marker) for marker in markers):
                return screen
        return None

    def fault(self, h: Hierarchy) -> tuple[FaultRule, UiElement] | None:
        for rule in self.faults:
            found = self.match(h, rule.when, rule.name)
            if found:
                return rule, found.element
        return None

    def popup(self, h: Hierarchy) -> tuple[PopupRule, UiElement | None] | None:
        """The known pop-up on top: when several show (dialogs stacked over each other), the
        one drawn last, since only that one takes taps."""
        best: tuple[int, PopupRule, UiElement | None] | None = None
        for rule in self.popups:
            when = self.match(h, rule.when, rule.name)
            if when is None:
                continue
            candidate: tuple[int, PopupRule, UiElement | None]
            if rule.back:
                candidate = (when.element.index, rule, None)
            else:
                target = self.match(h, rule.tap, rule.name)
                if target is None:
                    continue
                candidate = (target.element.index, rule, target.element)
            if best is None or candidate[0] > best[0]:
                best = candidate
        return (best[1], best[2]) if best else None

    def locale(self, h: Hierarchy) -> str | None:
        """The language of a non-English app, recognised by its overlay labels; else None."""
        for locale, overlay in self.app.locales.items():
            for name, matchers in overlay.items():
                if self.match(h, matchers, name):
                    return locale
        return None
