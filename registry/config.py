"""Configuration in one place: every setting is declared once below, with its type and default.

A REGISTRY_<NAME> environment variable overrides a default. Its text is converted by the declared
type (see `registry.settings_types`), and a value that does not fit stops the app at start with a
message naming the variable, instead of surfacing as a TypeError in the first request that reads it.
"""

from __future__ import annotations

import difflib
import logging
import os
from collections.abc import Collection
from pathlib import Path
from typing import Literal, get_type_hints
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from registry.settings_types import InvalidSettings, check_value, parse_text

DEFAULT_SECRET_KEY = "dev-only-change-me"
PREFIX = "REGISTRY_"

log = logging.getLogger(__name__)

__all__ = ["DEFAULT_SECRET_KEY", "Defaults", "InvalidSettings", "declared", "load_settings"]


class Defaults:
    """Every setting the registry reads; REGISTRY_<NAME> in the environment overrides the default."""

    SECRET_KEY: str = DEFAULT_SECRET_KEY  # signs sessions; the app refuses to serve with this one
    DATABASE_URL: str = ""  # empty: SQLite file under the instance folder
    DATABASE_PING_IDLE_SECONDS: float = 10  # a pooled connection idle longer is pinged before use (else a socket poll)
    DATABASE_POOL_RECYCLE_SECONDS: int = 1800  # pooled connections older than this are replaced (-1: never)
    INDEX_DIR: str = ""  # empty: the Whoosh index under the instance folder
    LOGIN_REQUIRED: bool = True  # off: anonymous visitors read and search rules in force
    DEFAULT_LOCALE: Literal["zh_CN", "en"] = "zh_CN"  # when neither user nor browser says
    CLI_LOCALE: Literal["zh_CN", "en"] | None = None  # empty: DEFAULT_LOCALE if set, else the shell's
    LANGUAGES: tuple[str, ...] = ("zh_CN", "en")  # the interface languages offered
    PER_PAGE: int = 20  # catalogue and search page size
    COMPARE_CACHE_CHARACTERS: int = 4_000_000  # texts compared whose 新旧对照 each worker keeps (LRU)
    VERSION_TEXT_CACHE_CHARACTERS: int = 3_000_000  # version texts each worker keeps for search results (LRU)
    RULE_BODY_CACHE_CHARACTERS: int = 3_000_000  # rule pages' texts as HTML each worker keeps (LRU)
    REVIEWS_BAND_PER_PAGE: int = 50  # rules listed per band of the reviews dashboard; "Next" pages on
    TIMEZONE: str = "Asia/Shanghai"  # the office's time zone (IANA name): "today", due dates, times shown
    BASE_URL: str = "http://127.0.0.1:5000"  # absolute links in e-mails and calendar feeds
    IMPORT_MAX_FILE_MB: int = 20  # larger source files are refused with a reason
    IMPORT_MAX_PART_MB: int = 20  # a part of a .docx/.xlsx/zip unpacking to more is refused (zip bombs)
    IMPORT_MAX_UNPACKED_MB: int = 100  # all parts of one .docx/.xlsx together unpack to at most this
    IMPORT_CONVERT_TIMEOUT_SECONDS: int = 60  # LibreOffice converting one .doc/.wps/.odt is stopped after this
    IMPORT_JOB_STALE_SECONDS: float = 30  # a web import whose heartbeat is older died with its process
    PDF_FONT: str = ""  # a .ttf/.ttc with Chinese glyphs; empty: look for an installed one

    MAIL_SERVER: str = "localhost"  # SMTP host for reminders and notifications
    MAIL_PORT: int = 25
    MAIL_USE_TLS: bool = False  # STARTTLS after connecting
    MAIL_USE_SSL: bool = False  # SMTP over TLS from the start (port 465)
    MAIL_USERNAME: str = ""  # empty: no login
    MAIL_PASSWORD: str = ""
    MAIL_SENDER: str = "registry@localhost"  # the From: address
    MAIL_TIMEOUT: float = 10  # seconds before an unanswering server counts as down

    REMINDER_DAYS_BEFORE: tuple[int, ...] = (30, 7)  # remind this many days before a due date …
    REMINDER_OVERDUE_EVERY_DAYS: int = 7  # … on the date, then every N days while overdue
    REMINDER_ESCALATE_AFTER_DAYS: int = 14  # … and tell the department's approver after M days overdue
    REMINDER_PROVIDERS: tuple[str, ...] = (  # module:Class of each kind of reminder
        "registry.reviews.providers:ReviewsDue",
        "registry.reviews.providers:RevisionTasksDue",
        "registry.proposals.reminders:DraftingDue",
        "registry.acknowledgements.reminders:AcknowledgementsDue",
        "registry.procedures.clocks:ProcedureClocks",
        "registry.rules.validity:ValidityEvaluations",
    )
    VALIDITY_EVALUATION_MONTHS: int = 6  # a rule with a validity period is evaluated (后评估) this long before its end
    ACKNOWLEDGE_WITHIN_DAYS: int = 30  # staff asked to read a rule in force confirm within this many days
    OVERLAP_THRESHOLD: float = 0.6  # two articles whose token sets share this much (Jaccard) are near-duplicates
    OVERLAP_MIN_CHARACTERS: int = 40  # shorter articles (施行日期, 解释权) are not compared
    DORMANT_AFTER_MONTHS: int = 24  # a rule in force unused (no views, evidence, acknowledgements) this long is dormant
    EVIDENCE_MAX_FILE_MB: int = 10  # a file attached as evidence of use may hold at most this
    EVIDENCE_FILE_TYPES: tuple[str, ...] = ("pdf", "docx", "doc", "xlsx", "xls", "odt", "ods", "txt", "csv", "jpg",
                                            "jpeg", "png")  # the extensions evidence files may have

    INSTITUTION_NAME: str = ""  # whose rules these are: the jurisdiction in the pages' schema.org data

    LDAP_URL: str = ""  # the directory, e.g. ldap://dc.example.org or ldaps://…:636; empty: local accounts only
    LDAP_BIND_DN: str = ""  # the registry's own account to search with; empty: anonymous search
    LDAP_BIND_PASSWORD: str = ""
    LDAP_USER_BASE: str = ""  # where people are, e.g. ou=people,dc=example,dc=org
    LDAP_USER_FILTER: str = "(&(objectClass=inetOrgPerson)(|(uid={login})(mail={login})))"  # AD: sAMAccountName
    LDAP_NAME_ATTRIBUTE: str = "cn"  # AD: displayName
    LDAP_EMAIL_ATTRIBUTE: str = "mail"
    LDAP_DEPARTMENT_ATTRIBUTE: str = "departmentNumber"  # matched to a department's code or name; AD: department
    LDAP_GROUP_BASE: str = ""  # where groups are; empty: roles are not read from the directory
    LDAP_GROUP_FILTER: str = "(|(member={dn})(uniqueMember={dn}))"
    LDAP_GROUP_ROLES: tuple[str, ...] = ()  # "group cn=role", e.g. registry-editors=editor,registry-admins=admin
    LDAP_TIMEOUT_SECONDS: float = 5  # a directory that does not answer by then counts as down

    WEBHOOK_TIMEOUT_SECONDS: float = 10  # a receiver that does not answer by then counts as failed (retried)
    WEBHOOK_MAX_ATTEMPTS: int = 6  # attempts before a delivery is marked failed (back-off 1 min … 12 h)

    SEARCH_SYNC_ON_COMMIT: bool = True  # apply the search outbox to this node's index after each commit
    SEARCH_SYNC_BATCH: int = 50  # a commit touching more rules is indexed once, when the command ends
    SEARCH_SYNC_INTERVAL_SECONDS: float = 5  # how often searches pick up other nodes' changes
    SEARCH_OUTBOX_OVERLAP_SECONDS: int = 300  # re-read outbox rows this much older than the last applied
    SEARCH_OUTBOX_RETENTION_DAYS: int = 30  # applied outbox rows are deleted after this many days
    SEARCH_PAGES_KEPT: int = 500  # result pages each worker keeps while their hits stay the same (0: none kept)
    GC_THRESHOLDS: tuple[int, ...] = (20_000, 20, 50)  # a served process's collector (collector.py); empty: Python's

    # Flask's and its extensions' own keys, set here so that their values are ours and typed.
    MAX_CONTENT_LENGTH: int = 64 * 1024 * 1024  # bytes of one request body (uploads)
    SESSION_COOKIE_HTTPONLY: bool = True  # scripts cannot read the session cookie
    SESSION_COOKIE_SAMESITE: Literal["Lax", "Strict"] = "Lax"  # not sent with cross-site posts
    SESSION_COOKIE_SECURE: bool | None = None  # empty: Secure except in debug and testing
    REMEMBER_COOKIE_HTTPONLY: bool = True  # the same for Flask-Login's remember-me cookie
    REMEMBER_COOKIE_SAMESITE: Literal["Lax", "Strict"] = "Lax"
    REMEMBER_COOKIE_SECURE: bool | None = None  # empty: as SESSION_COOKIE_SECURE
    WTF_CSRF_ENABLED: bool = True  # tests turn it off; never in production
    WTF_CSRF_TIME_LIMIT: int | None = None  # a form's token lasts as long as the session
    SESSION_REFRESH_EACH_REQUEST: bool = False  # no Set-Cookie on every response of a signed-in user
    REMEMBER_COOKIE_REFRESH_EACH_REQUEST: bool = False  # nor of the remember-me cookie
    COMPRESS_REGISTER: bool = True  # compress large responses here; off when the reverse proxy does it
    COMPRESS_STREAMS: bool = False  # streamed responses (static files) as they are: flask-compress leaks their file
    COMPRESS_MIN_SIZE: int = 500  # bytes below which a response is sent as it is
    COMPRESS_LEVEL: int = 6  # gzip level (1 fastest … 9 smallest)
    COMPRESS_BR_LEVEL: int = 4  # brotli quality (0 … 11)

    # Logs and the doctor command.
    LOG_FORMAT: Literal["plain", "json"] = "plain"  # text lines or one JSON object per line, with the request id
    LOG_LEVEL: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"  # the lowest level the registry logs
    DOCTOR_MIN_FREE_MB: int = 500  # `flask doctor` reports a problem when the instance or index disk has less free

    # Sessions and sign-in (registry/auth/signins.py, throttle.py, passwords.py, resets.py)
    SIGN_IN_IDLE_MINUTES: int = 480  # a sign-in without "stay signed in" ends after this long unused
    REMEMBER_COOKIE_DURATION: int = 14 * 24 * 3600  # seconds "stay signed in" lasts; the server ends it then
    LOGIN_LIMIT_PER_ACCOUNT: str = "5 per 15 minutes"  # failed sign-ins to one account before a pause
    LOGIN_LIMIT_PER_ADDRESS: str = "30 per 15 minutes"  # failed sign-ins (and reset requests) from one address
    LOGIN_LIMIT_STORAGE_URI: str = "memory://"  # redis://127.0.0.1:6379 when several nodes share the count
    LOGIN_LIMIT_KEY_PREFIX: str = "registry"  # keys in that storage start with this
    TRUSTED_PROXIES: int = 0  # proxies in front that set X-Forwarded-For: the client's address comes from there
    PASSWORD_MIN_LENGTH: int = 12  # shorter passwords are refused everywhere one is set
    PASSWORD_RESET_MINUTES: int = 60  # an e-mailed password-reset link works once, for this long


# REGISTRY_* variables that are read before (or instead of) the settings: known, not warned about.
ENVIRONMENT_ONLY = {
    "INSTANCE_PATH": "the instance folder, read before the settings (registry/__init__.py)",
    "TEST_DATABASE_URL": "the tests' PostgreSQL (tests/conftest.py)",
    "CORPUS": "the benchmarks' corpus folder (bench/)",
}


def declared() -> dict[str, object]:
    """Return each declared setting's type, by name."""
    return get_type_hints(Defaults)


def system_locale() -> str | None:
    """Return the language of the shell (LC_ALL, else LC_MESSAGES, else LANG) if the interface has it."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "").lower()
        if value:
            return "zh_CN" if value.startswith("zh") else "en" if value.startswith("en") else None
    return None


def load_settings(instance_path: str, overrides: dict | None = None, *,
                  flask_keys: Collection[str] = ()) -> dict:
    """Collect the defaults, the environment and explicit overrides (tests), checked against the types.

    Raises InvalidSettings listing every variable whose value does not fit. `flask_keys` are the keys
    Flask itself defines (TESTING, DEBUG …): overrides may set those without a declaration here.
    """
    types = declared()
    overrides = dict(overrides or {})
    problems: list[str] = []
    settings = _from_environment(types, problems)
    settings.update(_from_overrides(types, overrides, flask_keys, problems))
    problems += _check_time_zone(settings["TIMEZONE"])
    if problems:
        raise InvalidSettings(problems)
    _warn_about_unknown_variables(types)
    _derive(settings, Path(instance_path), explicit_locale="DEFAULT_LOCALE" in overrides
            or PREFIX + "DEFAULT_LOCALE" in os.environ)
    return settings


def _from_environment(types: dict, problems: list[str]) -> dict:
    """Return every declared setting: its REGISTRY_<NAME> converted by type, else its default."""
    settings = {}
    for name, kind in types.items():
        raw = os.environ.get(PREFIX + name)
        try:
            settings[name] = getattr(Defaults, name) if raw is None else parse_text(raw, kind)
        except ValueError as error:
            problems.append(f"{PREFIX}{name}={raw!r}: expected {error}")
    return settings


def _from_overrides(types: dict, overrides: dict, flask_keys: Collection[str], problems: list[str]) -> dict:
    """Return the overrides checked against the declared types; an undeclared key is a problem."""
    settings = {}
    for name, value in overrides.items():
        if name in types:
            try:
                settings[name] = check_value(value, types[name])
            except ValueError as error:
                problems.append(f"setting {name}={value!r}: expected {error}")
        elif name in flask_keys:
            settings[name] = value
        else:
            problems.append(f"setting {name} is not declared in registry/config.py (Defaults)")
    return settings


def _check_time_zone(name: str) -> list[str]:
    """Return a problem unless `name` is a time zone the system knows (zoneinfo)."""
    try:
        ZoneInfo(name)
    except (ValueError, ZoneInfoNotFoundError):
        return [f"{PREFIX}TIMEZONE={name!r}: expected an IANA time zone name such as Asia/Shanghai or UTC"]
    return []


def _derive(settings: dict, instance: Path, *, explicit_locale: bool) -> None:
    """Fill the settings whose default depends on another one or on the machine."""
    if not settings["DATABASE_URL"]:
        settings["DATABASE_URL"] = f"sqlite:///{instance / 'registry.sqlite3'}"
    if not settings["INDEX_DIR"]:
        settings["INDEX_DIR"] = str(instance / "index")
    settings["SQLALCHEMY_ENGINES"] = {"default": {"url": settings["DATABASE_URL"],
                                                  "pool_recycle": settings["DATABASE_POOL_RECYCLE_SECONDS"]}}
    settings["BABEL_DEFAULT_LOCALE"] = settings["DEFAULT_LOCALE"]
    if settings["CLI_LOCALE"] is None:
        # An explicit setting wins over the shell, so tests and cron jobs do not depend on the machine.
        settings["CLI_LOCALE"] = (settings["DEFAULT_LOCALE"] if explicit_locale else None) \
            or system_locale() or settings["DEFAULT_LOCALE"]


def _warn_about_unknown_variables(types: dict) -> None:
    """Log each REGISTRY_* variable that is no setting (a typo would otherwise be silently ignored).

    A warning, not a refusal: orchestrators add variables of their own with the same prefix (Kubernetes
    gives a service named "registry" REGISTRY_SERVICE_HOST, REGISTRY_PORT …), which must not stop the app.
    """
    for variable in sorted(os.environ):
        name = variable[len(PREFIX):]
        if variable.startswith(PREFIX) and name not in types and name not in ENVIRONMENT_ONLY:
            close = difflib.get_close_matches(name, list(types), n=1)
            hint = f"; did you mean {PREFIX}{close[0]}?" if close else ""
            log.warning("%s is not a registry setting and is ignored%s", variable, hint)

