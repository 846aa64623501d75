"""`flask --app wsgi doctor`: check a deployment end to end and say what to fix; exit 1 on a problem.

It changes nothing: it reads the settings, connects to the database and the mail server (without
sending), compares the search index with the database, and looks for the PDF font and free disk.
"""

from __future__ import annotations

import ipaddress
import shutil
import unicodedata
from pathlib import Path
from urllib.parse import urlsplit

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import gettext as _

from registry.config import DEFAULT_SECRET_KEY
from registry.health import Check, check_database, check_revision, check_schema
from registry.i18n import in_cli_locale

MIN_SECRET_LENGTH = 16


def check_secret_key() -> Check:
    """The signing key is set, and long enough that sessions cannot be forged."""
    key = current_app.config["SECRET_KEY"]
    if key == DEFAULT_SECRET_KEY:
        return Check("secret_key", False, detail=_("REGISTRY_SECRET_KEY is the development key."),
                     fix=_("Set REGISTRY_SECRET_KEY to a long random value, e.g. "
                           "`python -c 'import secrets; print(secrets.token_hex(32))'`."))
    if len(key) < MIN_SECRET_LENGTH:
        return Check("secret_key", False, warning=True,
                     detail=_("REGISTRY_SECRET_KEY has only %(n)s characters.", n=len(key)),
                     fix=_("Use at least 32 random characters."))
    return Check("secret_key", True)


def check_base_url() -> Check:
    """Links in e-mails and calendar feeds need an absolute http(s) address others can reach."""
    url = current_app.config["BASE_URL"]
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return Check("base_url", False, detail=_("REGISTRY_BASE_URL is %(url)r, not an http(s) address.", url=url),
                     fix=_("Set REGISTRY_BASE_URL to the address users open, e.g. https://rules.example.org."))
    if _is_loopback(parts.hostname):
        return Check("base_url", False, warning=True, detail=_("%(url)s points at this machine.", url=url),
                     fix=_("Links in e-mails will not work for others: set REGISTRY_BASE_URL to the public address."))
    return Check("base_url", True, detail=url)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_index() -> Check:
    """The search index holds exactly what the database says it should (`flask search verify`)."""
    from registry.search.services import verify

    report = verify()
    if report.error:
        return Check("index", False, detail=report.error, fix=_("Run `flask --app wsgi search rebuild`."))
    if not report.ok:
        detail = _("%(missing)s missing, %(stale)s stale, %(extra)s extra documents.",
                   missing=len(report.missing), stale=len(report.stale), extra=len(report.extra))
        return Check("index", False, detail=detail,
                     fix=_("Run `flask --app wsgi search sync`, or `search rebuild` if that does not help."))
    return Check("index", True, detail=_("%(n)s changes waiting to be applied.", n=report.pending)
                 if report.pending else "")


def check_mail() -> Check:
    """The SMTP server answers (and accepts the credentials) without a message being sent."""
    from registry.notifications.mail import Mailer, MailError

    config = current_app.config
    try:
        with Mailer(config) as mailer:
            mailer.verify_connection()
    except MailError as error:
        return Check("mail", False, detail=str(error),
                     fix=_("Start the mail server or correct REGISTRY_MAIL_SERVER, _PORT, _USE_TLS/_USE_SSL and "
                           "the credentials; reminders cannot be e-mailed until then."))
    return Check("mail", True, detail=f"{config['MAIL_SERVER']}:{config['MAIL_PORT']}")


def check_font() -> Check:
    """PDF export needs a font with Chinese glyphs."""
    from registry.io.documents import find_cjk_font

    configured = current_app.config["PDF_FONT"]
    if configured and not Path(configured).is_file():
        return Check("font", False, detail=_("REGISTRY_PDF_FONT names no file: %(path)s.", path=configured),
                     fix=_("Correct REGISTRY_PDF_FONT, or leave it empty to use an installed font."))
    font = find_cjk_font(configured)
    if font is None:
        return Check("font", False, detail=_("No font with Chinese characters was found; PDF export is refused."),
                     fix=_("Install one (Debian: apt-get install fonts-wqy-zenhei) or set REGISTRY_PDF_FONT."))
    return Check("font", True, detail=str(font))


def check_disk() -> list[Check]:
    """The instance folder (uploads, SQLite) and the index folder have room to grow."""
    minimum = current_app.config["DOCTOR_MIN_FREE_MB"]
    checks = []
    for name, folder in (("disk_instance", current_app.instance_path), ("disk_index", current_app.config["INDEX_DIR"])):
        path = Path(folder)
        while not path.exists():  # the index folder may not exist before the first sync
            path = path.parent
        free = shutil.disk_usage(path).free // (1024 * 1024)
        detail = _("%(free)s MB free in %(path)s.", free=free, path=folder)
        if free < minimum:
            checks.append(Check(name, False, detail=detail,
                                fix=_("Free some space (at least %(n)s MB: REGISTRY_DOCTOR_MIN_FREE_MB).", n=minimum)))
        else:
            checks.append(Check(name, True, detail=detail))
    return checks


def titles() -> dict[str, str]:
    return {
        "secret_key": _("Secret key"), "base_url": _("Base URL"), "database": _("Database"),
        "schema": _("Database tables"), "revision": _("Schema revision"), "index": _("Search index"),
        "mail": _("Mail server"), "font": _("PDF font"), "disk_instance": _("Disk (instance folder)"),
        "disk_index": _("Disk (search index)"),
    }


def run_checks() -> list[Check]:
    """Every check in order; those that need the database (or its tables) are skipped without it."""
    database = check_database()
    checks = [check_secret_key(), check_base_url(), database]
    schema = check_schema() if database.ok else _skipped("schema")
    checks += [schema, check_revision() if database.ok else _skipped("revision"),
               check_index() if schema.ok else _skipped("index")]
    return checks + [check_mail(), check_font(), *check_disk()]


def _skipped(name: str) -> Check:
    return Check(name, False, skipped=True, detail=_("not checked: the database must be usable first."))


def _pad(text: str, columns: int) -> str:
    """Pad to a width in terminal columns (a Chinese character takes two)."""
    width = sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)
    return text + " " * max(columns - width, 0)


@click.command("doctor")
@with_appcontext
@in_cli_locale
def doctor_command() -> None:
    """Check settings, database, search index, mail, PDF font and disk space; exit 1 on a problem."""
    names = titles()
    checks = run_checks()
    for check in checks:
        label = (_("OK") if check.ok else _("WARNING") if check.warning else _("SKIPPED") if check.skipped
                 else _("PROBLEM"))
        line = f"{_pad(label, 8)} {names.get(check.name, check.name)}"
        detail = check.detail or check.problem
        click.echo(f"{line}: {detail}" if detail else line)
        if not check.ok and check.fix:
            click.echo(f"         → {check.fix}")
    failed = [check for check in checks if check.failed]
    if failed:
        click.echo(_("%(n)s problem(s) found.", n=len(failed)))
        raise SystemExit(1)
    click.echo(_("Everything checked is in order."))
