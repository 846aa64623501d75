"""Whole numbers from the query string, read in one place (the pages' arguments and the API's query models) so that
no value can reach the database unbounded.

`?page=99999999999999999999` used to become an OFFSET that SQLite cannot bind ("Python int too large") and
PostgreSQL refuses ("bigint out of range"); the same for ids such as `?category=` or `?edit=`. Values that do
not parse, or lie outside the range, are treated as absent: a list shows its first (or last) page instead.
"""

from __future__ import annotations

from flask import request

ID_MAX = 2**31 - 1  # the largest value of an INTEGER primary key on PostgreSQL
PAGE_MAX = 100_000  # far beyond any real list, and (PAGE_MAX * per page) still fits an OFFSET


def whole_number(value) -> int | None:
    """Return the value read as a whole number of at most 40 characters, or None."""
    text = str(value).strip()
    if not text or len(text) > 40:
        return None
    try:
        return int(text)
    except ValueError:
        return None


def bounded(value, default: int | None = None, *, minimum: int = 1, maximum: int = ID_MAX) -> int | None:
    """Return the value as an int within [minimum, maximum], or `default` (an id out of range is no id)."""
    number = whole_number(value)
    return number if number is not None and minimum <= number <= maximum else default


def page_number(value) -> int:
    """Return the value as a page number: 1 when absent, nonsense or below 1; at most PAGE_MAX."""
    number = whole_number(value)
    return 1 if number is None or number < 1 else min(number, PAGE_MAX)


def int_arg(name: str, default: int | None = None, *, minimum: int = 1, maximum: int = ID_MAX) -> int | None:
    """Return the query argument as an int within [minimum, maximum], or `default`."""
    return bounded(request.args.get(name, ""), default, minimum=minimum, maximum=maximum)


def page_arg(name: str = "page") -> int:
    """Return the requested page number: 1 when absent, nonsense or below 1; at most PAGE_MAX."""
    return page_number(request.args.get(name, ""))


def clamp_page(page: int, total: int, per_page: int) -> int:
    """Return the page within 1 … the last page of `total` items (a page past the end shows the last)."""
    return min(max(1, page), max(1, -(-total // per_page)))
