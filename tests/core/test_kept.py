"""Answers kept a few seconds per process (registry/kept.py) are forgotten when this process writes."""

from __future__ import annotations

from registry.db import db
from registry.kept import kept
from registry.rules.models import Tag


def test_a_kept_answer_is_reused_then_forgotten_on_a_write(app):
    counted = []

    def count() -> int:
        counted.append(1)
        return len(counted)

    with app.app_context():
        assert kept("test", 1, count) == 1
        assert kept("test", 1, count) == 1  # kept: not asked again
        assert kept("test", 2, count) == 2  # another key
        db.session.add(Tag(name="kept-test"))
        db.session.flush()  # a write of this process forgets every kept answer
        assert kept("test", 1, count) == 3
        db.session.rollback()
