"""iCalendar output of review due dates, for Outlook and any calendar app."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from icalendar import Alarm, Calendar, Event

from registry.db import utcnow
from registry.notifications.links import absolute, path_for
from registry.reviews.queries import ReviewStatus


def review_event(status: ReviewStatus) -> Event:
    """Return an all-day event on the due date; its UID stays the same when the date moves."""
    rule = status.rule
    event = Event()
    host = current_app.config["BASE_URL"].split("://")[-1].split("/")[0] or "registry"
    event.add("uid", f"review-{rule.id}@{host}")
    event.add("dtstamp", utcnow())
    event.add("dtstart", status.due_on)
    event.add("dtend", status.due_on + timedelta(days=1))
    event.add("summary", _("Review due: %(code)s %(title)s", code=rule.code, title=rule.title))
    url = absolute(path_for("rules.rule_page", code=rule.code))
    event.add("url", url)
    event.add("description", f"{status.note}\n{url}".strip())
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", _("Review due: %(code)s %(title)s", code=rule.code, title=rule.title))
    alarm.add("trigger", timedelta(days=-7))
    event.add_component(alarm)
    return event


def calendar_of(statuses: list[ReviewStatus], name: str) -> bytes:
    """Return an iCalendar file with one event per review due date."""
    calendar = Calendar()
    calendar.add("prodid", "-//Rules registry//reviews//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    for status in statuses:
        calendar.add_component(review_event(status))
    return calendar.to_ical()
