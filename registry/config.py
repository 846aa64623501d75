"""Configuration in one place: defaults here, REGISTRY_* environment variables override them."""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_SECRET_KEY = "dev-only-change-me"


class Defaults:
    """Settings used unless a REGISTRY_<NAME> environment variable says otherwise."""

    SECRET_KEY = DEFAULT_SECRET_KEY
    DATABASE_URL = ""  # empty: SQLite file under the instance folder
    INDEX_DIR = ""  # empty: the Whoosh index under the instance folder
    LOGIN_REQUIRED = True
    DEFAULT_LOCALE = "zh_CN"
    LANGUAGES = ("zh_CN", "en")
    PER_PAGE = 20
    BASE_URL = "http://127.0.0.1:5000"
    MAX_CONTENT_LENGTH = 64 * 1024 * 1024
    IMPORT_MAX_FILE_MB = 20  # larger source files are refused with a reason
    IMPORT_MAX_PART_MB: int = 20  # a part of a .docx/.xlsx/zip unpacking to more is refused (zip bombs)
    IMPORT_MAX_UNPACKED_MB: int = 100  # all parts of one .docx/.xlsx together unpack to at most this
    IMPORT_CONVERT_TIMEOUT_SECONDS: int = 60  # LibreOffice converting one .doc/.wps/.odt is stopped after this
    IMPORT_JOB_STALE_SECONDS = 30  # a web import whose heartbeat is older died with its process
    PDF_FONT = ""  # a .ttf/.ttc with Chinese glyphs; empty: look for an installed one
    MAIL_SERVER = "localhost"
    MAIL_PORT = 25
    MAIL_USE_TLS = False
    MAIL_USE_SSL = False
    MAIL_USERNAME = ""
    MAIL_PASSWORD = ""
    MAIL_SENDER = "registry@localhost"
    MAIL_TIMEOUT = 10
    REMINDER_DAYS_BEFORE = ("30", "7")  # remind this many days before a due date …
    REMINDER_OVERDUE_EVERY_DAYS = 7  # … on the date, then every N days while overdue
    REMINDER_ESCALATE_AFTER_DAYS = 14  # … and tell the department's approver after M days overdue
    REMINDER_PROVIDERS = (
        "registry.reviews.providers:ReviewsDue",
        "registry.reviews.providers:RevisionTasksDue",
        "registry.proposals.reminders:DraftingDue",
    )
    WTF_CSRF_TIME_LIMIT = None
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"


def _coerce(value: str, default: object) -> object:
    """Turn an environment string into the type of the default it replaces."""
    if isinstance(default, bool):
        return value.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(default, int) and not isinstance(default, bool):
        return int(value)
    if isinstance(default, tuple):
        return tuple(part.strip() for part in value.split(",") if part.strip())
    return value


def system_locale() -> str | None:
    """Return the language of the shell (LC_ALL, else LC_MESSAGES, else LANG) if the interface has it."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "").lower()
        if value:
            return "zh_CN" if value.startswith("zh") else "en" if value.startswith("en") else None
    return None


def load_settings(instance_path: str, overrides: dict | None = None) -> dict:
    """Collect settings from the defaults, the environment and explicit overrides (tests)."""
    settings: dict = {}
    for name in dir(Defaults):
        if name.isupper():
            default = getattr(Defaults, name)
            raw = os.environ.get(f"REGISTRY_{name}")
            settings[name] = default if raw is None else _coerce(raw, default)
    for name, raw in os.environ.items():
        # Settings without a default (for instance REGISTRY_MAIL_DEBUG) still pass through.
        if name.startswith("REGISTRY_") and name[9:] not in settings:
            settings[name[9:]] = raw
    settings.update(overrides or {})
    instance = Path(instance_path)
    if not settings["DATABASE_URL"]:
        settings["DATABASE_URL"] = f"sqlite:///{instance / 'registry.sqlite3'}"
    if not settings["INDEX_DIR"]:
        settings["INDEX_DIR"] = str(instance / "index")
    settings["SQLALCHEMY_ENGINES"] = {"default": settings["DATABASE_URL"]}
    settings["BABEL_DEFAULT_LOCALE"] = settings["DEFAULT_LOCALE"]
    explicit = (overrides or {}).get("DEFAULT_LOCALE") or os.environ.get("REGISTRY_DEFAULT_LOCALE")
    settings.setdefault("CLI_LOCALE", explicit or system_locale() or settings["DEFAULT_LOCALE"])
    return settings
