"""The tests' clock: every test starts on a fixed day, may be moved, and still ticks."""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta

import pytest

from registry.db import today, utcnow
from tests.conftest import CALENDAR_EDGES, CLOCK_START, _instant


def test_every_test_starts_at_the_same_instant():
    assert abs(utcnow() - _instant(CLOCK_START)) < timedelta(seconds=5)
    assert today() == date.today() == _instant(CLOCK_START).date()


@pytest.mark.parametrize("clock", CALENDAR_EDGES, indirect=True)
def test_a_parametrised_test_runs_on_that_day(clock, request):
    assert today() == date.fromisoformat(request.node.callspec.params["clock"]) == clock.today()


def test_the_clock_moves_and_ticks(clock):
    assert clock.set("2028-02-29") == date(2028, 2, 29)
    assert clock.advance(days=1) == date(2028, 3, 1)
    before = utcnow()
    time.sleep(0.02)
    assert utcnow() > before and datetime.now().date() == date(2028, 3, 1)
