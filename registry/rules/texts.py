"""Version texts kept per process, for pages that show a piece of many versions (search results).

A search page shows one article of each of its 20 hits, but picking the article means reading the whole
text: loading 20 bodies of laws (up to 94 k characters each) on every search cost more than the search
itself. A text is kept under its version's id and row_version, which every change of the row raises (an
edited draft is read again); approved versions never change. The bound is VERSION_TEXT_CACHE_CHARACTERS,
least recently used dropped first; each worker keeps its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from flask import Flask, current_app
from sqlalchemy import select

from registry.db import db
from registry.lru import Lru
from registry.rules.models import RuleVersion


class KeptVersion(Protocol):
    """What a text is kept under: a version row or a search hit's few columns of one."""

    id: int
    row_version: int


class TextCache:
    """Version texts by (id, row_version), bounded by their total length (registry/lru.py)."""

    def __init__(self, max_characters: int) -> None:
        self.max_characters = max_characters
        self._texts = Lru(max_characters)
        self.reads = 0  # texts read from the database (tests read it)

    def bodies(self, versions: Iterable[KeptVersion]) -> dict[int, str]:
        """Return the text of each version by id, reading from the database only those not kept."""
        wanted = {v.id: v.row_version for v in versions}
        found: dict[int, str] = {}
        for vid, row in wanted.items():
            if (text := self._texts.get((vid, row))) is not None:
                found[vid] = text
        missing = [vid for vid in wanted if vid not in found]
        if missing:
            rows = db.session.execute(select(RuleVersion.id, RuleVersion.row_version, RuleVersion.body)
                                      .where(RuleVersion.id.in_(missing))).all()
            self.reads += len(rows)
            for vid, row, body in rows:
                found[vid] = body
                if row == wanted[vid] and len(body) <= self.max_characters:
                    self._texts.put((vid, row), body, len(body))
        return found


def init_app(app: Flask) -> None:
    app.extensions["registry_texts"] = TextCache(app.config["VERSION_TEXT_CACHE_CHARACTERS"])


def version_bodies(versions: Iterable[KeptVersion]) -> dict[int, str]:
    """Return the texts of these versions (rows loaded without their body, or their id and row version) by id."""
    return current_app.extensions["registry_texts"].bodies(versions)
