"""Convert setting values by their declared type: environment text, or Python values from tests.

The declared types are few on purpose: bool, int, float, str, a Literal of allowed strings,
tuple[X, ...] (comma-separated in the environment) and any of these `| None` (empty text is None).
"""

from __future__ import annotations

import types
from typing import Literal, Union, get_args, get_origin

TRUE = frozenset({"1", "true", "yes", "on"})
FALSE = frozenset({"0", "false", "no", "off"})


class InvalidSettings(ValueError):
    """One or more settings do not fit their declared type; the app does not start."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("Invalid settings (see registry/config.py and README.md, Configuration):\n"
                         + "\n".join(f"  - {problem}" for problem in problems))


def _optional(kind: object) -> object | None:
    """Return X for `X | None`, else None."""
    if get_origin(kind) in (Union, types.UnionType):
        rest = [arg for arg in get_args(kind) if arg is not type(None)]
        if len(rest) == 1 and len(get_args(kind)) == 2:
            return rest[0]
    return None


def describe_type(kind: object) -> str:
    """Say in words what a value of this type looks like (for error messages and docs)."""
    inner = _optional(kind)
    if inner is not None:
        return f"{describe_type(inner)}, or empty"
    if kind is bool:
        return "on or off (1/0, true/false, yes/no, on/off)"
    if kind is int:
        return "a whole number"
    if kind is float:
        return "a number"
    if kind is str:
        return "text"
    if get_origin(kind) is Literal:
        return "one of " + ", ".join(str(arg) for arg in get_args(kind))
    if get_origin(kind) is tuple:
        return f"a comma-separated list, each {describe_type(get_args(kind)[0])}"
    raise TypeError(f"registry/config.py declares an unsupported setting type: {kind!r}")


def parse_text(raw: str, kind: object) -> object:
    """Convert environment text to the declared type; raise ValueError(what was expected)."""
    text = raw.strip()
    inner = _optional(kind)
    if inner is not None:
        if text == "":
            return None
        try:
            return parse_text(raw, inner)
        except ValueError:
            raise ValueError(describe_type(kind)) from None
    try:
        if kind is bool:
            if text.lower() in TRUE:
                return True
            if text.lower() in FALSE:
                return False
        elif kind is int:
            return int(text)
        elif kind is float:
            return float(text)
        elif kind is str:
            return raw
        elif get_origin(kind) is Literal:
            if text in get_args(kind):
                return text
        elif get_origin(kind) is tuple:
            item = get_args(kind)[0]
            return tuple(parse_text(part, item) for part in text.split(",") if part.strip())
    except ValueError:
        pass
    raise ValueError(describe_type(kind))


def check_value(value: object, kind: object) -> object:
    """Check a Python value (a test's override) against the declared type; text is converted."""
    if isinstance(value, str) and kind is not str and _optional(kind) is not str:
        return parse_text(value, kind)
    inner = _optional(kind)
    if inner is not None:
        return None if value is None else check_value(value, inner)
    if kind is float and isinstance(value, int | float) and not isinstance(value, bool):
        return value
    if get_origin(kind) is Literal and value in get_args(kind):
        return value
    if get_origin(kind) is tuple and isinstance(value, list | tuple):
        return tuple(check_value(item, get_args(kind)[0]) for item in value)
    if kind in (bool, int, str) and type(value) is kind:
        return value
    raise ValueError(describe_type(kind))
