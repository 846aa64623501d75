"""Claiming work with a database write that another process may be attempting at the same moment."""

from __future__ import annotations

import time

from sqlalchemy.exc import OperationalError

from registry.db import db


def retry_when_locked(action, attempts: int = 20):
    """Run `action`; when SQLite says the database is locked, roll back and run it again from the start.

    SQLite cannot upgrade a transaction that began by reading to a writer once another process has
    written meanwhile ("database is locked" at once, without waiting); starting over is the cure.
    PostgreSQL waits on the row lock instead and never gets here.
    """
    for attempt in range(attempts):
        try:
            return action()
        except OperationalError as error:
            if "locked" not in str(error) or attempt == attempts - 1:
                raise
            db.session.rollback()
            time.sleep(0.02 * (attempt + 1))
    raise AssertionError("unreachable")
