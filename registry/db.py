"""The declarative base shared by every model, and small helpers for time and sessions."""

from __future__ import annotations

import inspect
import select
import time
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import Flask, current_app, has_app_context
from flask_sqlalchemy_lite import SQLAlchemy
from sqlalchemy import DateTime, Engine, MetaData, TypeDecorator, event
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

db = SQLAlchemy()


def init_sessions(app: Flask) -> None:
    """Bind `db` to the app, without the teardown of async sessions the registry never opens.

    flask-sqlalchemy-lite registers a coroutine teardown, which Flask runs through asgiref's async_to_sync:
    a new thread and event loop at the end of every request (/health took 0.86 ms with it, 0.22 ms without).
    With no async engine configured there is no async session to close, so that teardown is dropped.
    """
    db.init_app(app)
    if "SQLALCHEMY_ASYNC_ENGINES" not in app.config:
        app.teardown_appcontext_funcs[:] = [
            f for f in app.teardown_appcontext_funcs if not inspect.iscoroutinefunction(f)]
    with app.app_context():
        for engine in db.engines.values():
            check_connections(engine, app.config["DATABASE_PING_IDLE_SECONDS"])


def check_connections(engine: Engine, ping_after: float) -> None:
    """Make sure a pooled connection still reaches the database when a request takes it.

    SQLAlchemy's pool_pre_ping sends `SELECT 1` at every checkout, a round trip that cost about a tenth
    of the workers' time under the load benchmark. Here a connection used within `ping_after` seconds
    is only asked whether the server has closed it (a poll of its socket with no wait: a terminated
    backend, a restarted server or a cut proxy leave the socket readable, at end of file or with the
    server's farewell), and an older one is pinged as before. A dead connection is replaced before the
    request uses it (DisconnectionError at checkout: the pool reconnects), and a database that does not
    answer at all still gives the 503 page (registry/faults.py). pool_recycle (DATABASE_POOL_RECYCLE_SECONDS)
    retires connections that a firewall might drop without telling either side.
    """
    @event.listens_for(engine, "checkin")
    def _checked_in(_dbapi_connection, record) -> None:
        record.info["checked_in"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _checked_out(dbapi_connection, record, _proxy) -> None:
        idle = time.monotonic() - record.info.get("checked_in", time.monotonic())
        if idle >= ping_after:
            try:
                alive = engine.dialect.do_ping(dbapi_connection)
            except Exception as error:
                if not engine.dialect.is_disconnect(error, dbapi_connection, None):
                    raise
                alive = False
        else:
            alive = not _closed_by_server(dbapi_connection)
        if not alive:
            record.info.pop("checked_in", None)
            raise DisconnectionError("the database closed this pooled connection")


def _closed_by_server(dbapi_connection) -> bool:
    """Say whether an idle network connection has something to read: only a closing server sends unasked.

    A driver without a socket (SQLite) has nothing to close under it.
    """
    fileno = getattr(dbapi_connection, "fileno", None)
    if fileno is None:
        return False
    try:
        readable, _w, _x = select.select([fileno()], [], [], 0)
    except (OSError, ValueError, TypeError):  # closed already: fileno() fails or gives -1
        return True
    return bool(readable)


def utcnow() -> datetime:
    """Return the current time as a timezone-aware UTC datetime."""
    return datetime.now(UTC)


def office_zone() -> ZoneInfo:
    """Return the office's time zone (TIMEZONE); UTC outside an app."""
    return ZoneInfo(current_app.config["TIMEZONE"] if has_app_context() else "UTC")


def local_time(moment: datetime) -> datetime:
    """Return a stored (UTC) moment as the office's wall-clock time."""
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(office_zone())


def today() -> date:
    """Return today's date in the office's time zone, the reference for 'in force today' and due dates.

    Not the server's: a server on UTC would otherwise start the office's day at 08:00 in Shanghai.
    """
    return local_time(utcnow()).date()


class UTCDateTime(TypeDecorator):
    """Store datetimes as UTC and always hand them back timezone-aware, on SQLite too."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value


class Model(DeclarativeBase):
    """Base class of every table; the naming convention keeps constraints migratable."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime}
