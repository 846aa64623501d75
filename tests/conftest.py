"""Shared fixtures: a fresh app and database per test (SQLite file, or a PostgreSQL schema)."""

from __future__ import annotations

import os
import shutil
import uuid
from datetime import UTC, date, datetime, time, timedelta
from types import SimpleNamespace

import jinja2
import pytest
import time_machine
from sqlalchemy import create_engine, text

from registry import create_app
from registry.db import Model, db

TEST_DATABASE_URL = os.environ.get("REGISTRY_TEST_DATABASE_URL", "")
PASSWORD = "correct-horse-9"


def _postgres_schema_url(base: str, schema: str) -> str:
    separator = "&" if "?" in base else "?"
    return f"{base}{separator}options=-csearch_path%3D{schema}"


class TemplateCodeCache(jinja2.BytecodeCache):
    """Compiled templates kept in memory for every app of the session (each test builds a new app, whose Jinja
    environment would compile each template again); a template whose source changes gets a new entry."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


TEMPLATE_CODE = TemplateCodeCache()


def _create_app(settings: dict):
    application = create_app(settings)
    application.jinja_env.bytecode_cache = TEMPLATE_CODE
    return application


@pytest.fixture
def database_url(tmp_path):
    """Yield an empty database: a new SQLite file, or a new schema in the test PostgreSQL."""
    if not TEST_DATABASE_URL:
        yield f"sqlite:///{tmp_path / 'registry.sqlite3'}"
        return
    schema = f"t_{uuid.uuid4().hex[:12]}"
    engine = create_engine(TEST_DATABASE_URL)
    with engine.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        yield _postgres_schema_url(TEST_DATABASE_URL, schema)
    finally:
        with engine.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        engine.dispose()


@pytest.fixture
def app_settings(tmp_path, database_url):
    """Settings for the test app; a test may change them before `app` is created."""
    return {
        "TESTING": True,
        "DATABASE_URL": database_url,
        "INDEX_DIR": str(tmp_path / "index"),
        "WTF_CSRF_ENABLED": False,
        "SECRET_KEY": "test-secret",
        "BASE_URL": "http://localhost",
        # Tests read English messages; tests/core/test_i18n.py covers the Chinese default.
        "DEFAULT_LOCALE": "en",
    }


@pytest.fixture
def app(app_settings, database_url, tmp_path, monkeypatch, request):
    """The test's app on its own empty database; `@pytest.mark.demo_data` starts it with the demo loaded."""
    monkeypatch.setenv("REGISTRY_INSTANCE_PATH", str(tmp_path / "instance"))
    with_demo = request.node.get_closest_marker("demo_data") is not None
    if with_demo and not TEST_DATABASE_URL:  # a copy of the database and index made once per session
        request.getfixturevalue("demo_template").copy_to(app_settings)
    elif (app_settings["DATABASE_URL"] == database_url and not TEST_DATABASE_URL
          and not os.path.exists(database_url.removeprefix("sqlite:///"))):
        # A copy of the tables made once per session: creating them costs more than the rest of a small test.
        shutil.copyfile(request.getfixturevalue("empty_schema"), database_url.removeprefix("sqlite:///"))
    application = _create_app(app_settings)
    with application.app_context():
        Model.metadata.create_all(db.engine)
    if with_demo and TEST_DATABASE_URL:  # a schema per test: load the demo into it
        _load_demo(application)
    yield application
    with application.app_context():
        db.engine.dispose()


def _load_demo(application) -> None:
    result = application.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="session")
def empty_schema(tmp_path_factory) -> str:
    """A SQLite file with every table and no rows, made once per session for the tests to copy."""
    from registry import models  # noqa: F401  (every table known)

    path = tmp_path_factory.mktemp("schema") / "registry.sqlite3"
    engine = create_engine(f"sqlite:///{path}")
    Model.metadata.create_all(engine)
    engine.dispose()
    return str(path)


class DemoTemplate:
    """A SQLite database and search index with the demo loaded, copied into each test that asks for them."""

    def __init__(self, folder) -> None:
        self.database, self.index = folder / "registry.sqlite3", folder / "index"

    def copy_to(self, settings: dict) -> None:
        target = settings["DATABASE_URL"].removeprefix("sqlite:///")
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(f"{self.database}{suffix}"):
                shutil.copyfile(f"{self.database}{suffix}", f"{target}{suffix}")
        if self.index.exists():
            shutil.copytree(self.index, settings["INDEX_DIR"])


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory):
    """Load the demo once per session (on the test clock, which is running when this is first asked for)."""
    folder = tmp_path_factory.mktemp("demo-template")
    settings = {"TESTING": True, "DATABASE_URL": f"sqlite:///{folder / 'registry.sqlite3'}",
                "INDEX_DIR": str(folder / "index"), "WTF_CSRF_ENABLED": False, "SECRET_KEY": "test-secret",
                "BASE_URL": "http://localhost", "DEFAULT_LOCALE": "en"}
    instance = os.environ.get("REGISTRY_INSTANCE_PATH")
    os.environ["REGISTRY_INSTANCE_PATH"] = str(folder / "instance")
    try:
        application = _create_app(settings)
        with application.app_context():
            Model.metadata.create_all(db.engine)
        _load_demo(application)
        with application.app_context():
            db.engine.dispose()  # the last connection closes: SQLite folds its write-ahead log into the file
    finally:
        if instance is None:
            os.environ.pop("REGISTRY_INSTANCE_PATH", None)
        else:
            os.environ["REGISTRY_INSTANCE_PATH"] = instance
    return DemoTemplate(folder)


@pytest.fixture
def build_app(tmp_path, monkeypatch):
    """Build further apps from whole settings, each with an instance folder of its own; close their engines
    afterwards. Nothing is created in their databases (make_app creates the tables)."""
    made = []

    def factory(settings: dict):
        monkeypatch.setenv("REGISTRY_INSTANCE_PATH", str(tmp_path / f"instance-{len(made)}"))
        application = _create_app(settings)
        made.append(application)
        return application

    yield factory
    for application in made:
        with application.app_context():
            db.engine.dispose()


@pytest.fixture
def make_app(app_settings, build_app):
    """Build a further app on the same database with changed settings; its engine is closed afterwards."""
    def factory(**overrides):
        application = build_app({**app_settings, **overrides})
        with application.app_context():
            Model.metadata.create_all(db.engine)
        return application

    return factory


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make_department(app):
    """Create a department and return its id."""
    def factory(code="BGS", name="办公室"):
        from registry.admin.services import save_department

        with app.app_context():
            department = save_department(None, None, code=code, name=name)
            db.session.commit()
            return department.id

    return factory


@pytest.fixture
def make_user(app):
    """Create a user with a role and return a simple record with id and email."""
    counter = iter(range(1, 10_000))

    def factory(role="reader", department_id=None, email=None, name=None, locale="en"):
        from registry.auth.models import Department
        from registry.auth.services import create_user

        n = next(counter)
        with app.app_context():
            department = db.session.get(Department, department_id) if department_id else None
            user = create_user(None, email=email or f"{role}{n}@example.org", name=name or f"{role.title()} {n}",
                               role=role, password=PASSWORD, department=department, locale=locale)
            db.session.commit()
            return SimpleNamespace(id=user.id, email=user.email, role=role, department_id=department_id)

    return factory


@pytest.fixture
def make_rule(app):
    """Create a rule with approved versions [(body, effective date)] and return its code."""
    counter = iter(range(1, 10_000))

    def factory(code=None, title="公务接待管理办法", versions=(), draft=None, department_id=None, repealed_on=None,
                category=None):
        from registry.admin.services import ensure_category_path
        from registry.auth.models import Department
        from registry.rules import services

        with app.app_context():
            rule = services.create_rule(
                None, code=code or f"GL-{next(counter):03d}", title=title,
                department=db.session.get(Department, department_id) if department_id else None,
                category=ensure_category_path(category) if category else None,
            )
            for body, effective_on in versions:
                version = services.add_draft_version(None, rule, body)
                services.approve_version(None, version, effective_on)
            if draft:
                services.add_draft_version(None, rule, draft)
            if repealed_on:
                services.repeal_rule(None, rule, repealed_on, "被新办法替代")
            db.session.commit()
            return rule.code

    return factory


def sign_in(client, email: str, **form) -> None:
    """Sign a test client in by the sign-in form (the password of make_user's accounts); assert it worked."""
    response = client.post("/auth/login", data={"email": email, "password": PASSWORD, **form})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]


@pytest.fixture
def login(client):
    """Sign the test client in as the given user, signing out whoever was signed in first.

    (Without the sign-out the login page would send a signed-in client on as the user it already was.)
    """
    def do_login(user):
        with client.session_transaction() as session:
            signed_in = "_user_id" in session
        if signed_in:
            client.post("/auth/logout")
        sign_in(client, user.email)
        return user

    return do_login


# The instant every test starts at; `REGISTRY_TEST_NOW=2028-02-29 pytest ...` runs the tests on another day.
CLOCK_START = os.environ.get("REGISTRY_TEST_NOW", "2026-12-01T10:00:00+00:00")
# Days on which date arithmetic goes wrong: month ends, 29 February, the year end, and the first days of a month.
CALENDAR_EDGES = ("2027-01-31", "2027-04-30", "2028-02-29", "2026-12-31", "2027-01-01", "2027-03-07")


def _instant(when: str | date | datetime) -> datetime:
    """Turn a day into noon UTC of that day (the same date in every time zone of the world but two)."""
    if isinstance(when, str):
        when = datetime.fromisoformat(when) if "T" in when else date.fromisoformat(when)
    if not isinstance(when, datetime):
        when = datetime.combine(when, time(12, 0))
    return when if when.tzinfo else when.replace(tzinfo=UTC)


class Clock:
    """The test's handle on the frozen clock: it ticks on from where it was set, so sleeps still work."""

    def __init__(self, coordinates: time_machine.Traveller) -> None:
        self._coordinates = coordinates

    def set(self, when: str | date | datetime) -> date:
        """Move the clock to a day (noon UTC) or an instant; return the new today."""
        self._coordinates.move_to(_instant(when))
        return self.today()

    def advance(self, **delta: float) -> date:
        """Move the clock on by a timedelta's keyword arguments (days=3); return the new today."""
        self._coordinates.shift(timedelta(**delta))
        return self.today()

    def today(self) -> date:
        from registry.db import today

        return today()


@pytest.fixture(autouse=True)
def clock(request):
    """Freeze the calendar for every test, ticking, at CLOCK_START or the day it is parametrised with.

    `@pytest.mark.parametrize("clock", CALENDAR_EDGES, indirect=True)` runs a test on each of those days;
    `clock.set(day)` moves it inside a test.
    """
    traveller = time_machine.travel(_instant(getattr(request, "param", CLOCK_START)), tick=True)
    coordinates = traveller.start()
    yield Clock(coordinates)
    traveller.stop()


@pytest.fixture(autouse=True)
def quick_password_hashes(request, monkeypatch):
    """Hash test passwords with few rounds: scrypt costs a tenth of a second a hash, and most tests create and
    sign in people. `@pytest.mark.real_password_hashes` keeps the production method (tests/auth checks it)."""
    if request.node.get_closest_marker("real_password_hashes"):
        return
    from functools import partial

    from werkzeug.security import generate_password_hash

    monkeypatch.setattr("registry.auth.models.generate_password_hash",
                        partial(generate_password_hash, method="pbkdf2:sha256:1000"))


@pytest.fixture
def today(clock):
    """Today on the test's clock."""
    return clock.today()


@pytest.fixture(scope="session", autouse=True)
def compiled_translations():
    """Compile the .po catalogues when their .mo is missing or stale (make does the same)."""
    from pathlib import Path

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po_path in (Path(__file__).resolve().parent.parent / "registry" / "translations").glob("*/LC_MESSAGES/*.po"):
        mo_path = po_path.with_suffix(".mo")
        if not mo_path.exists() or mo_path.stat().st_mtime < po_path.stat().st_mtime:
            with po_path.open("rb") as source:
                catalog = read_po(source)
            with mo_path.open("wb") as target:
                write_mo(target, catalog)


@pytest.fixture
def importer_args(make_user):
    """`--as EMAIL` of an approver, for `flask rules import` (which says who acts) in tests that import in force."""
    return ["--as", make_user("approver", email="importer@example.org").email]


@pytest.fixture
def set_locale(app):
    """Set a user's interface language (their e-mails and notifications follow it)."""
    def setter(user_id: int, locale: str) -> None:
        from registry.auth.models import User
        from registry.db import db

        with app.app_context():
            db.session.get(User, user_id).locale = locale
            db.session.commit()

    return setter
