"""ELI-style identifiers: stable, readable URIs for a rule, its text on a day and one article.

    /eli/rule/{code}                      the rule (its page)
    /eli/rule/{code}/{YYYY-MM-DD}         the text in force on that day
    /eli/rule/{code}/{YYYY-MM-DD}/{eId}   one article (or 款/项) of that text, by the page's anchor

They never change with the site's page URLs, and resolve to the pages by redirect. A code may itself
contain "/" (办发〔2024〕3号 does not, GB/T 9704 codes may), so the longest existing code wins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote

from flask import current_app

DAY = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
ANCHOR = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")


def rule_uri(code: str) -> str:
    return f"{current_app.config['BASE_URL'].rstrip('/')}/eli/rule/{quote(code, safe='')}"


def version_uri(code: str, on: date) -> str:
    return f"{rule_uri(code)}/{on.isoformat()}"


def article_uri(code: str, on: date, anchor: str) -> str:
    return f"{version_uri(code, on)}/{anchor}"


@dataclass(frozen=True)
class Resolved:
    code: str
    on: date | None = None
    anchor: str | None = None


def readings(path: str) -> list[Resolved]:
    """Every way to read the path, the longest code first: (code), (code, day), (code, day, anchor)."""
    found = [Resolved(path)]
    parts = path.split("/")
    if len(parts) >= 2 and DAY.match(parts[-1]):
        try:
            found.append(Resolved("/".join(parts[:-1]), date.fromisoformat(parts[-1])))
        except ValueError:
            pass
    if len(parts) >= 3 and DAY.match(parts[-2]) and ANCHOR.match(parts[-1]):
        try:
            found.append(Resolved("/".join(parts[:-2]), date.fromisoformat(parts[-2]), parts[-1]))
        except ValueError:
            pass
    return found
