"""Work that one node at a time should do, serialised by a PostgreSQL advisory lock.

On PostgreSQL `run_alone(name)` holds `pg_advisory_lock` on a connection of its own for the duration, so a second
node that starts the same job waits for the first and then finds the work done (the unique keys still refuse
duplicates if anything slips past). SQLite is one file on one machine, where writers queue anyway: no lock.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import text

from registry.db import db


@contextmanager
def run_alone(name: str) -> Iterator[None]:
    """Run the block while no other process on the same PostgreSQL database runs a block of that name."""
    if db.engine.dialect.name != "postgresql":
        yield
        return
    with db.engine.connect() as connection:
        connection.execute(text("SELECT pg_advisory_lock(hashtext(:name))"), {"name": name})
        connection.commit()
        try:
            yield
        finally:
            connection.execute(text("SELECT pg_advisory_unlock(hashtext(:name))"), {"name": name})
            connection.commit()
