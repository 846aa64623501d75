"""The registry application: create_app() builds and wires a Flask app."""

from __future__ import annotations

import os
import re
from pathlib import Path

from flask import Flask
from flask_babel import lazy_gettext
from werkzeug.middleware.proxy_fix import ProxyFix

from registry import faults, logs, security_headers, static_files
from registry.config import DEFAULT_SECRET_KEY, load_settings
from registry.requests import Request, refuse_nul_in_path

ROOT = Path(__file__).resolve().parent.parent


SQLITE_WRITE = re.compile(r"\s*(INSERT|UPDATE|DELETE|REPLACE|SAVEPOINT|CREATE|DROP|ALTER)\b", re.I)


class InsecureSecretKey(RuntimeError):
    """Raised when a production app would start with the well-known default key."""


def create_app(overrides: dict | None = None) -> Flask:
    """Build the application: settings, extensions, blueprints, CLI and error pages."""
    app = Flask(
        __name__,
        instance_path=os.environ.get("REGISTRY_INSTANCE_PATH") or str(ROOT / "instance"),
        template_folder=str(ROOT / "templates"),
        static_folder="static",
    )
    app.request_class = Request  # form, query and JSON values without NUL characters
    app.url_value_preprocessor(refuse_nul_in_path)  # and no path with one
    app.config.update(load_settings(app.instance_path, overrides, flask_keys=set(app.config)))
    if app.config["TRUSTED_PROXIES"]:  # behind gunicorn's web server every client would be 127.0.0.1
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=app.config["TRUSTED_PROXIES"],
                                x_proto=app.config["TRUSTED_PROXIES"])
    _refuse_default_secret(app)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    register_extensions(app)
    logs.init_app(app)  # request ids and log format, before any hook that may log
    faults.init_app(app)  # the database guard runs first, before anything loads the signed-in user
    register_blueprints(app)
    register_cli(app)
    from registry.errors import register_error_handlers

    register_error_handlers(app)
    security_headers.init_app(app)
    static_files.init_app(app)
    return app


def _refuse_default_secret(app: Flask) -> None:
    if app.config["SECRET_KEY"] == DEFAULT_SECRET_KEY and not (app.debug or app.testing):
        raise InsecureSecretKey(
            "REGISTRY_SECRET_KEY is not set. Set it to a long random value before serving, e.g.\n"
            "  export REGISTRY_SECRET_KEY=$(python -c 'import secrets; print(secrets.token_hex(32))')\n"
            "(`make run` and debug mode use a development key.)"
        )


def register_extensions(app: Flask) -> None:
    """Bind the extension objects created in registry.extensions to this app."""
    from registry import models  # noqa: F401  (every table known before first use)
    from registry.auth.session import load_user, load_user_first
    from registry.auth.throttle import init_throttle
    from registry.db import init_sessions
    from registry.extensions import babel, compress, csrf, login_manager
    from registry.i18n import install_template_gettext, select_locale

    init_sessions(app)
    csrf.init_app(app)
    compress.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    install_template_gettext(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    # Flask-Login's own English sentence, else shown untranslated on Chinese pages.
    login_manager.login_message = lazy_gettext("Please sign in to see this page.")
    login_manager.localize_callback = str  # the lazy text, read in the request's language, is what is flashed
    login_manager.user_loader(load_user)
    app.before_request(load_user_first)
    init_throttle(app)
    if app.config["DATABASE_URL"].startswith("sqlite"):
        _tune_sqlite(app)


def _tune_sqlite(app: Flask) -> None:
    """Make SQLite enforce foreign keys, keep savepoints real, and queue writers instead of failing."""
    from sqlalchemy import event

    from registry.extensions import db

    with app.app_context():
        engine = db.engine

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # We begin transactions ourselves (below): pysqlite's own handling lets a released
        # SAVEPOINT commit, which breaks nested transactions.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    @event.listens_for(engine, "before_cursor_execute")
    def _begin_before_first_write(_conn, cursor, statement, _parameters, _context, _executemany):
        # Reads run on a fresh snapshot each; the first write opens the transaction with IMMEDIATE,
        # which waits for the single write lock (busy_timeout). A deferred transaction that read
        # first would instead fail at once with "database is locked" when another process wrote.
        if not cursor.connection.in_transaction and SQLITE_WRITE.match(statement):
            cursor.execute("BEGIN IMMEDIATE")


def register_blueprints(app: Flask) -> None:
    """Mount one blueprint per domain area."""
    from registry.acknowledgements.blueprint import bp as acknowledgements_bp
    from registry.admin.blueprint import bp as admin_bp
    from registry.api.blueprint import bp as api_bp
    from registry.api.docs_views import adopt_search
    from registry.auth.blueprint import bp as auth_bp
    from registry.cleanup.blueprint import bp as cleanup_bp
    from registry.home.blueprint import bp as home_bp
    from registry.io.blueprint import bp as io_bp
    from registry.links.blueprint import bp as links_bp
    from registry.main_views import bp as main_bp
    from registry.notifications.blueprint import bp as notifications_bp
    from registry.overlaps.blueprint import bp as overlaps_bp
    from registry.procedures.blueprint import bp as procedures_bp
    from registry.proposals.blueprint import bp as proposals_bp
    from registry.reviews.blueprint import bp as reviews_bp
    from registry.rules.blueprint import bp as rules_bp
    from registry.search.blueprint import api as search_api_bp
    from registry.search.blueprint import bp as search_bp
    from registry.standards.blueprint import bp as standards_bp
    from registry.tokens.blueprint import bp as tokens_bp
    from registry.usage.blueprint import bp as usage_bp
    from registry.webhooks.blueprint import bp as webhooks_bp

    for bp in (main_bp, auth_bp, rules_bp, admin_bp, api_bp, search_bp, io_bp, proposals_bp, reviews_bp,
               notifications_bp, home_bp, acknowledgements_bp, usage_bp, links_bp, overlaps_bp, cleanup_bp,
               procedures_bp, tokens_bp, webhooks_bp, standards_bp):
        app.register_blueprint(bp)
    adopt_search(app)  # search's JSON view under the API's schemas
    from registry.extensions import csrf

    csrf.exempt(api_bp)
    csrf.exempt(search_api_bp)


def register_cli(app: Flask) -> None:
    """Add each domain's click group to `flask --app wsgi …`."""
    from registry.auth.cli import users_cli
    from registry.demo.cli import demo_cli
    from registry.directory.cli import directory_cli
    from registry.doctor import doctor_command
    from registry.io.cli import registry_cli
    from registry.links.cli import links_cli
    from registry.migrate import db_cli
    from registry.procedures.cli import procedures_cli
    from registry.proposals.cli import proposals_cli
    from registry.reviews.cli import reminders_cli
    from registry.rules.cli import rules_cli
    from registry.search.cli import search_cli
    from registry.standards.cli import akn_cli
    from registry.webhooks.cli import webhooks_cli

    for group in (db_cli, rules_cli, users_cli, demo_cli, search_cli, registry_cli, proposals_cli, reminders_cli,
                  doctor_command, links_cli, procedures_cli, webhooks_cli, akn_cli, directory_cli):
        app.cli.add_command(group)
