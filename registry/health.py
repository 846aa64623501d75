"""Is the database there, reachable and set up? Shared by /health, the page guard and `flask doctor`.

Each check returns a `Check` instead of raising, so a monitor, a page and the command line can each
say what is wrong in their own way. Details meant for administrators (paths, server errors) go to
`detail`; `problem` is short and safe to show on a public endpoint.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import inspect, make_url, text
from sqlalchemy.exc import SQLAlchemyError

from registry.db import Model, db


@dataclass
class Check:
    """The outcome of one check: what was checked, whether it passed, and what to do if not."""

    name: str
    ok: bool
    problem: str = ""  # a short reason, fit for /health
    detail: str = ""  # more for an administrator (CLI, log)
    fix: str = ""  # what to do about it
    warning: bool = False  # worth saying, not worth failing for
    skipped: bool = False  # not run: a check it depends on failed

    @property
    def failed(self) -> bool:
        return not (self.ok or self.warning or self.skipped)


def sqlite_file(url: str) -> Path | None:
    """Return the file of a SQLite URL, or None for other databases and in-memory SQLite."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    if parsed.database.startswith("file:"):  # URI form: file:path?mode=ro
        return Path(parsed.database[5:].partition("?")[0])
    return Path(parsed.database)


def database_file_missing(url: str) -> bool:
    """True when the URL names a SQLite file that does not exist (connecting would create it empty)."""
    path = sqlite_file(url)
    return path is not None and not path.exists()


def first_line(error: BaseException) -> str:
    """The driver's own message, first line only (no SQL statement or parameters, which may be private)."""
    orig = getattr(error, "orig", None) or error
    return (str(orig).strip().splitlines() or [type(orig).__name__])[0]


def check_database() -> Check:
    """Connect and run a trivial query; a missing SQLite file is reported rather than created."""
    url = current_app.config["DATABASE_URL"]
    if database_file_missing(url):
        return Check("database", False, problem="database file missing",
                     detail=_("The database file %(path)s does not exist.", path=sqlite_file(url)),
                     fix=_("Restore the file, correct REGISTRY_DATABASE_URL, or run `flask --app wsgi db upgrade` "
                           "to create a new, empty database."))
    try:
        with db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError as error:
        return Check("database", False, problem="cannot connect", detail=first_line(error),
                     fix=_("Start the database server or correct REGISTRY_DATABASE_URL (%(url)s).",
                           url=make_url(url).render_as_string(hide_password=True)))
    return Check("database", True, detail=make_url(url).render_as_string(hide_password=True))


def check_schema() -> Check:
    """Every table the models declare exists (`flask db upgrade` was run for this version)."""
    expected = set(Model.metadata.tables)
    try:
        with db.engine.connect() as connection:
            present = set(inspect(connection).get_table_names())
    except SQLAlchemyError as error:
        return Check("schema", False, problem="cannot connect", detail=first_line(error))
    missing = expected - present
    if not missing:
        return Check("schema", True)
    fix = _("Run `flask --app wsgi db upgrade`.")
    if missing == expected:
        return Check("schema", False, problem="database not initialised", fix=fix,
                     detail=_("The database has none of the registry's tables."))
    return Check("schema", False, problem="schema out of date", fix=fix,
                 detail=_("Tables missing: %(names)s.", names=", ".join(sorted(missing))))


def check_revision() -> Check:
    """The database's Alembic revision is the latest this code knows."""
    from registry.migrate import alembic_config

    heads = set(ScriptDirectory.from_config(alembic_config()).get_heads())
    try:
        with db.engine.connect() as connection:
            current = set(MigrationContext.configure(connection).get_current_heads())
    except SQLAlchemyError as error:
        return Check("revision", False, problem="cannot connect", detail=first_line(error))
    if current == heads:
        return Check("revision", True, detail=", ".join(sorted(current)))
    names = ", ".join(sorted(current)) or _("none")
    script = ScriptDirectory.from_config(alembic_config())
    known = {revision.revision for revision in script.walk_revisions()}
    if current - known:
        return Check("revision", False, problem="unknown revision",
                     detail=_("The database is at revision %(current)s, which this version of the registry "
                              "does not know (latest: %(head)s).", current=names, head=", ".join(sorted(heads))),
                     fix=_("Install the version of the registry that upgraded this database."))
    return Check("revision", False, problem="schema out of date",
                 detail=_("The database is at revision %(current)s; the latest is %(head)s.",
                          current=names, head=", ".join(sorted(heads))),
                 fix=_("Run `flask --app wsgi db upgrade`."))


def health_report() -> tuple[dict, int]:
    """The body and status of /health: 200 when the database answers and has its tables, else 503."""
    checks = [check_database()]
    if checks[0].ok:
        checks.append(check_schema())
    ok = all(check.ok for check in checks)
    body = {
        "status": "ok" if ok else "error",
        "checks": {check.name: {"ok": check.ok, **({"problem": check.problem} if check.problem else {})}
                   for check in checks},
    }
    return body, 200 if ok else 503
