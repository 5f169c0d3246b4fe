"""Pydantic's validation errors, said the way farmhand's API says them:
``script_config.upload_wait_time: must be >= 0``."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails


def _field_path(prefix: str, loc: tuple[int | str, ...]) -> str:
    parts = [prefix] if prefix else []
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item}]")
        elif item not in ("function-after", "function-before", "function-plain"):
            parts.append(str(item))
    text = ".".join(parts).replace(".[", "[")
    return text or "body"


def _number(value: Any) -> str:
    """``0.0`` reads ``0``; other numbers as they are."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _expected(ctx: dict[str, Any]) -> str:
    return str(ctx.get("expected", "")).replace("'", "")


def describe_error(error: ErrorDetails) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    simple = {
        "missing": "is required",
        "int_type": "must be an integer",
        "int_parsing": "must be an integer",
        "int_from_float": "must be a whole number",
        "float_type": "must be a number",
        "float_parsing": "must be a number",
        "string_type": "must be a string",
        "bool_type": "must be true or false",
        "bool_parsing": "must be true or false",
        "list_type": "must be a list",
        "dict_type": "must be an object",
        "model_type": "must be an object",
        "model_attributes_type": "must be an object",
        "extra_forbidden": "is not a known field",
        "finite_number": "must be a finite number",
    }
    if kind in simple:
        return simple[kind]
    if kind == "greater_than_equal":
        return f"must be >= {_number(ctx.get('ge'))}"
    if kind == "less_than_equal":
        return f"must be <= {_number(ctx.get('le'))}"
    if kind == "greater_than":
        return f"must be > {_number(ctx.get('gt'))}"
    if kind == "less_than":
        return f"must be < {_number(ctx.get('lt'))}"
    if kind in ("literal_error", "enum"):
        return f"must be one of {_expected(ctx)}"
    if kind == "too_short":
        return (
            "must not be empty"
            if ctx.get("min_length") == 1
            else f"needs at least {ctx.get('min_length')} items"
        )
    if kind == "too_long":
        return f"must have at most {ctx.get('max_length')} items"
    if kind == "string_too_short":
        return (
            "must not be empty"
            if ctx.get("min_length") == 1
            else f"needs at least {ctx.get('min_length')} characters"
        )
    if kind == "string_too_long":
        return f"must have at most {ctx.get('max_length')} characters"
    message = str(error["msg"])
    for prefix in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(prefix)
    return message[:1].lower() + message[1:] if message else kind


def describe(exc: ValidationError, prefix: str = "") -> str:
    """All problems of a validation error, each as ``field.path: problem``."""
    seen: list[str] = []
    for error in exc.errors(include_url=False):
        line = f"{_field_path(prefix, tuple(error['loc']))}: {describe_error(error)}"
        if line not in seen:
            seen.append(line)
    return "; ".join(seen)
