"""The tests' clock: every test starts on a fixed day, may be moved, and still ticks."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta

import pytest

from registry.db import today, utcnow
from tests.conftest import CALENDAR_EDGES, CLOCK_START, _instant


def test_every_test_starts_at_the_same_instant():
    assert abs(utcnow() - _instant(CLOCK_START)) < timedelta(seconds=5)
    assert today() == _instant(CLOCK_START).date()
    assert abs(time.time() - _instant(CLOCK_START).timestamp()) < 5  # the standard library's clock is set too


@pytest.mark.parametrize("clock", CALENDAR_EDGES, indirect=True)
def test_a_parametrised_test_runs_on_that_day(clock, request):
    assert today() == date.fromisoformat(request.node.callspec.params["clock"]) == clock.today()


def test_the_clock_moves_and_ticks(clock):
    assert clock.set("2028-02-29") == date(2028, 2, 29)
    assert clock.advance(days=1) == date(2028, 3, 1)
    before = utcnow()
    time.sleep(0.02)
    assert utcnow() > before and datetime.fromtimestamp(time.time(), UTC).date() == date(2028, 3, 1)


def test_today_and_times_are_the_offices_not_the_servers(app, client, make_user, login, clock):
    """16:30 UTC on 1 December is already 2 December, 00:30, in Shanghai (the default TIMEZONE)."""
    from registry.db import db
    from registry.notifications.services import notify

    clock.set("2026-12-01T16:30:00+00:00")
    with app.app_context():
        assert today().isoformat() == "2026-12-02"
    user = login(make_user("reader"))
    with app.app_context():
        from registry.auth.models import User

        notify(db.session.get(User, user.id), "test", "A notice", url="/rules")
        db.session.commit()
    assert "2026-12-02 00:30" in client.get("/notifications/").get_data(as_text=True)


def test_an_unknown_time_zone_stops_the_app_at_start(make_app):
    from registry.config import InvalidSettings

    with pytest.raises(InvalidSettings, match="TIMEZONE"):
        make_app(TIMEZONE="Mars/Olympus_Mons")
    assert make_app(TIMEZONE="UTC").config["TIMEZONE"] == "UTC"
