"""Due-date arithmetic across month ends and leap years, and the reminder stages (property-based)."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from registry.reviews.schedule import ReminderSchedule, add_months, natural_due_date

dates = st.dates(min_value=date(1901, 1, 1), max_value=date(2199, 12, 31))
cycles = st.integers(min_value=0, max_value=240)


def test_month_ends_and_leap_years():
    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)
    assert add_months(date(2024, 2, 29), 48) == date(2028, 2, 29)
    assert add_months(date(2023, 8, 31), 6) == date(2024, 2, 29)
    assert add_months(date(2026, 10, 31), 1) == date(2026, 11, 30)
    assert add_months(date(2026, 12, 15), 1) == date(2027, 1, 15)
    assert add_months(date(2100, 1, 29), 1) == date(2100, 2, 28)  # 2100 is not a leap year


@given(dates, cycles)
def test_adding_months_moves_the_calendar_month_exactly(start, months):
    result = add_months(start, months)
    assert (result.year * 12 + result.month) - (start.year * 12 + start.month) == months
    last_day = calendar.monthrange(result.year, result.month)[1]
    assert result.day == min(start.day, last_day)


@given(dates, cycles)
def test_the_day_survives_unless_the_month_is_too_short(start, months):
    result = add_months(start, months)
    assert result.day <= start.day
    if start.day <= 28:
        assert result.day == start.day


@given(dates, dates, cycles)
def test_adding_months_keeps_order(a, b, months):
    if a <= b:
        assert add_months(a, months) <= add_months(b, months)


@given(dates, st.integers(min_value=0, max_value=120), st.integers(min_value=0, max_value=120))
def test_twelve_months_is_one_year_later(start, years, extra):
    result = add_months(start, 12 * years)
    assert result.month == start.month and result.year == start.year + years
    assert add_months(start, years + extra) >= add_months(start, years)


@given(dates, st.one_of(st.none(), dates), st.integers(min_value=1, max_value=120))
def test_due_date_counts_from_the_later_of_review_and_effective_date(effective, reviewed, cycle):
    due = natural_due_date(effective, reviewed, cycle)
    base = max(effective, reviewed) if reviewed else effective
    assert due == add_months(base, cycle)
    assert due > base


@given(dates, st.integers(min_value=-400, max_value=400))
def test_stages_follow_the_schedule(due, offset):
    schedule = ReminderSchedule()
    today = due - timedelta(days=offset)  # offset = days left
    stage = schedule.stage(due, today)
    if offset > 30:
        assert stage is None
    elif offset > 7:
        assert stage == "before-30"
    elif offset > 0:
        assert stage == "before-7"
    elif offset > -7:
        assert stage == "due"
    else:
        assert stage == f"overdue-{-offset // 7}"
    assert schedule.escalates(due, today) == (offset <= -14)


@given(dates)
def test_every_day_of_a_long_period_reaches_each_stage_once_in_order(due):
    schedule = ReminderSchedule()
    seen = []
    for offset in range(40, -30, -1):
        stage = schedule.stage(due, due - timedelta(days=offset))
        if stage and stage not in seen:
            seen.append(stage)
    assert seen == ["before-30", "before-7", "due", "overdue-1", "overdue-2", "overdue-3", "overdue-4"]


def test_schedule_is_configurable():
    schedule = ReminderSchedule.from_config({"REMINDER_DAYS_BEFORE": (14, 60, 1),
                                             "REMINDER_OVERDUE_EVERY_DAYS": 3, "REMINDER_ESCALATE_AFTER_DAYS": 5})
    due = date(2026, 3, 1)
    assert schedule.stage(due, due - timedelta(days=59)) == "before-60"
    assert schedule.stage(due, due - timedelta(days=14)) == "before-14"
    assert schedule.stage(due, due - timedelta(days=1)) == "before-1"
    assert schedule.stage(due, due + timedelta(days=7)) == "overdue-2"
    assert schedule.escalates(due, due + timedelta(days=5))
