"""Working days by China's official calendar (holidays and adjusted working days), through `chinese_calendar`.

The State Council publishes each year's holidays late in the year before; for a year the package does not
know yet, Monday to Friday count as working days and `calendar_known` says so, so that pages can warn.
"""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar


def calendar_known(day: date) -> bool:
    """Say whether the official calendar of the day's year is known."""
    try:
        chinese_calendar.is_workday(day)
    except NotImplementedError:
        return False
    return True


def is_working_day(day: date) -> bool:
    """Say whether offices work on `day` (an adjusted Saturday does; a holiday Monday does not)."""
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return day.weekday() < 5


def add_days(start: date, days: int, working: bool) -> date:
    """Return the day `days` calendar days, or `days` working days, after `start` (start not counted)."""
    if not working:
        return start + timedelta(days=days)
    day, counted = start, 0
    while counted < days:
        day += timedelta(days=1)
        counted += is_working_day(day)
    return day


def days_between(start: date, end: date, working: bool) -> int:
    """Count the (working) days after `start` up to and including `end`."""
    if not working:
        return (end - start).days
    return sum(is_working_day(start + timedelta(days=n)) for n in range(1, (end - start).days + 1))
