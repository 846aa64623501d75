"""Backup and restore of the whole registry as a portable .zip: one JSON file per table plus a
Markdown file per rule version, for people.

Generic over the SQLAlchemy metadata: every table (rules, versions, reviews, proposals, the search outbox,
whatever is added later) is written in dependency order with type-aware JSON, rows sorted by primary
key, in a zip with fixed timestamps — so exporting, restoring and exporting again gives the same bytes.
Password hashes are left out unless asked for.
"""

from __future__ import annotations

import base64
import json
import zipfile
from datetime import UTC, date, datetime, time
from decimal import Decimal
from pathlib import Path

from flask_babel import gettext as _
from sqlalchemy import JSON, Date, DateTime, Integer, LargeBinary, Numeric, Table, Time, func, insert, inspect, select
from sqlalchemy import text as sql_text
from sqlalchemy.types import TypeDecorator

from registry.db import Model, db
from registry.errors import UserFacingError

FORMAT = "registry-backup"
FORMAT_VERSION = 1
FIXED_TIME = (1980, 1, 1, 0, 0, 0)
REDACTED = {"users": {"password_hash": ""}}  # left out unless --with-password-hashes


class BackupError(UserFacingError):
    """The archive cannot be written or restored, with the reason."""


def _kind(column) -> type | None:
    kind = column.type.impl if isinstance(column.type, TypeDecorator) else column.type
    for base in (DateTime, Date, Time, LargeBinary, Numeric, JSON):
        if isinstance(kind, base):
            return base
    return None


def encode_value(column, value):
    """Return a JSON-safe form of a column value (dates as ISO text, datetimes in UTC, bytes in base64)."""
    if value is None:
        return None
    kind = _kind(column)
    if kind is DateTime:
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC).isoformat()
    if kind in (Date, Time):
        return value.isoformat()
    if kind is LargeBinary:
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, Decimal):
        return str(value)
    return value


def decode_value(column, value):
    """Invert encode_value() for the column's type."""
    if value is None:
        return None
    kind = _kind(column)
    if kind is DateTime:
        parsed = datetime.fromisoformat(value)
        aware = isinstance(column.type, TypeDecorator) or getattr(column.type, "timezone", False)
        return parsed if aware else parsed.astimezone(UTC).replace(tzinfo=None)
    if kind is Date:
        return date.fromisoformat(value)
    if kind is Time:
        return time.fromisoformat(value)
    if kind is LargeBinary:
        return base64.b64decode(value)
    if kind is Numeric and isinstance(value, str):
        return Decimal(value)
    return value


# Live credentials, not records: a restored registry starts with nobody signed in and no reset link open.
NOT_BACKED_UP = {"sign_ins", "password_resets"}


def tables() -> list[Table]:
    """Every table of the registry that a backup holds, parents before children."""
    return [t for t in Model.metadata.sorted_tables if t.name not in NOT_BACKED_UP]


def _ordered(table: Table):
    keys = list(table.primary_key.columns) or list(table.columns)
    return select(table).order_by(*keys)


def _dump(data) -> bytes:
    return (json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1) + "\n").encode("utf-8")


def _write(bundle: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    bundle.writestr(info, data)


def export_archive(path: Path, *, with_password_hashes: bool = False) -> dict[str, int]:
    """Write every table to `path`; return the row count per table."""
    counts: dict[str, int] = {}
    with zipfile.ZipFile(path, "w") as bundle:
        for table in tables():
            redact = {} if with_password_hashes else REDACTED.get(table.name, {})
            rows = []
            for row in db.session.execute(_ordered(table)).mappings():
                rows.append({c.name: redact.get(c.name, encode_value(c, row[c.name])) for c in table.columns})
            counts[table.name] = len(rows)
            _write(bundle, f"tables/{table.name}.json", _dump(rows))
        _write_versions_markdown(bundle)
        manifest = {"format": FORMAT, "format_version": FORMAT_VERSION, "tables": [t.name for t in tables()],
                    "counts": counts, "password_hashes": with_password_hashes,
                    "schema_revision": _schema_revision()}
        _write(bundle, "manifest.json", _dump(manifest))
    return counts


def _schema_revision() -> str | None:
    if not inspect(db.session.connection()).has_table("alembic_version"):
        return None
    return db.session.scalar(sql_text("SELECT version_num FROM alembic_version"))


def _write_versions_markdown(bundle: zipfile.ZipFile) -> None:
    """Write each rule version as versions/<code>/v<n>.md with a small header, for reading."""
    from registry.rules.models import Rule, RuleVersion

    query = select(Rule.code, Rule.title, RuleVersion).join(RuleVersion.rule).order_by(Rule.id, RuleVersion.number)
    for code, title, version in db.session.execute(query):
        folder = "".join("_" if ch in '\\/:*?"<>|' else ch for ch in code).strip(". ") or "rule"
        header = (f"<!-- {code} · {title} · v{version.number} · {version.status} · "
                  f"effective {version.effective_on.isoformat() if version.effective_on else '-'} -->\n\n")
        _write(bundle, f"versions/{folder}/v{version.number}.md", (header + version.body).encode("utf-8"))
        db.session.expunge(version)


def _load(bundle: zipfile.ZipFile, name: str):
    try:
        return json.loads(bundle.read(name).decode("utf-8"))
    except KeyError as error:
        raise BackupError(_("the archive has no %(name)s", name=name)) from error
    except ValueError as error:
        raise BackupError(_("%(name)s in the archive is not valid JSON", name=name)) from error


def nonempty_tables() -> list[str]:
    """Return the registry tables that hold rows (a restore needs none)."""
    return [t.name for t in tables() if db.session.scalar(select(func.count()).select_from(t))]


def restore_archive(path: Path) -> dict[str, int]:
    """Fill an empty database from an archive written by export_archive(); return rows per table."""
    try:
        bundle = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        raise BackupError(_("not a readable backup archive (%(error)s)", error=error)) from error
    with bundle:
        manifest = _load(bundle, "manifest.json")
        if manifest.get("format") != FORMAT or manifest.get("format_version") != FORMAT_VERSION:
            raise BackupError(_("this file is not a registry backup of a format this version can read"))
        known = {t.name for t in tables()}
        unknown = [name for name in manifest["tables"] if name not in known]
        if unknown:
            raise BackupError(_("the archive has tables this version does not know: %(tables)s",
                                tables=", ".join(unknown)))
        inspector = inspect(db.session.connection())
        missing = [t.name for t in tables() if not inspector.has_table(t.name)]
        if missing:
            raise BackupError(_("the database has no tables yet (%(table)s …); run `flask db upgrade` first",
                                table=missing[0]))
        busy = nonempty_tables()
        if busy:
            raise BackupError(_("the database is not empty (%(tables)s); restore needs an empty database",
                                tables=", ".join(busy)))
        counts = {}
        for table in tables():
            if table.name not in manifest["tables"]:
                continue
            rows = _load(bundle, f"tables/{table.name}.json")
            counts[table.name] = _insert(table, rows)
    _reset_sequences()
    return counts


def _insert(table: Table, rows: list[dict]) -> int:
    columns = {c.name: c for c in table.columns}
    extra = {name for row in rows for name in row} - set(columns)
    if extra:
        raise BackupError(_("table %(table)s in the archive has unknown columns: %(columns)s", table=table.name,
                            columns=", ".join(sorted(extra))))
    decoded = _parents_first(table, [{name: decode_value(columns[name], value) for name, value in row.items()}
                                     for row in rows])
    for start in range(0, len(decoded), 500):
        db.session.execute(insert(table), decoded[start:start + 500])
    return len(rows)


def _parents_first(table: Table, rows: list[dict]) -> list[dict]:
    """Order rows of a self-referencing table (categories) so parents are inserted before children."""
    pairs = [(fk.parent.name, fk.column.name) for fk in table.foreign_keys if fk.column.table is table]
    if not pairs:
        return rows
    child_col, parent_col = pairs[0]
    placed, ordered, pending = set(), [], list(rows)
    while pending:
        ready = [r for r in pending if r.get(child_col) is None or r[child_col] in placed]
        if not ready:
            raise BackupError(_("table %(table)s in the archive refers to rows that are missing", table=table.name))
        for row in ready:
            placed.add(row[parent_col])
            ordered.append(row)
        pending = [r for r in pending if r not in ready]
    return ordered


def _reset_sequences() -> None:
    """Move PostgreSQL id sequences past the restored ids, so new rows get fresh ids."""
    if db.session.get_bind().dialect.name != "postgresql":
        return
    db.session.flush()
    for table in tables():
        keys = list(table.primary_key.columns)
        if len(keys) == 1 and isinstance(keys[0].type, Integer) and keys[0].autoincrement in (True, "auto"):
            db.session.execute(sql_text(
                f"SELECT setval(pg_get_serial_sequence(:t, :c), COALESCE(MAX({keys[0].name}), 1), "
                f"MAX({keys[0].name}) IS NOT NULL) FROM {table.name}"
            ), {"t": table.name, "c": keys[0].name})
