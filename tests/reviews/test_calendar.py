"""iCalendar output, parsed back with the icalendar library: a rule's next review, a user's private feed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from icalendar import Calendar

from registry.reviews.schedule import add_months
from tests.conftest import CALENDAR_EDGES


def events(body: bytes) -> list:
    return list(Calendar.from_ical(body).walk("VEVENT"))


@pytest.mark.parametrize("clock", CALENDAR_EDGES, indirect=True)
def test_rule_ics_has_its_next_review(client, login, make_user, owned_rule, make_rule, today):
    owner = make_user("editor")
    code = owned_rule(owner.id, add_months(today, -11), 12, title="公文处理办法")
    login(owner)
    response = client.get(f"/reviews/ics/{code}")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    (event,) = events(response.data)
    assert event.decoded("dtstart") == add_months(add_months(today, -11), 12)
    assert event.decoded("dtend") - event.decoded("dtstart") == timedelta(days=1)
    assert "公文处理办法" in str(event["summary"]) and code in str(event["summary"])
    assert str(event["url"]) == f"https://rules.example.org/rules/{code}"
    assert str(event["uid"]).startswith("review-")
    (alarm,) = list(event.walk("VALARM"))
    assert alarm.decoded("trigger") == timedelta(days=-7)
    repealed = make_rule(versions=[("第一条 x\n", today - timedelta(days=400))], repealed_on=today)
    assert client.get(f"/reviews/ics/{repealed}").status_code == 404


@pytest.mark.parametrize("clock", CALENDAR_EDGES, indirect=True)
def test_private_feed_with_a_revocable_token(app, client, login, make_user, owned_rule, today):
    owner, someone = make_user("editor"), make_user("editor")
    mine = [owned_rule(owner.id, add_months(today, -n), 12) for n in (1, 5, 13)]
    owned_rule(someone.id, add_months(today, -2), 12)
    login(owner)
    assert "/reviews/feed/" not in client.get("/reviews/calendar").get_data(as_text=True)
    client.post("/reviews/calendar/renew")
    page = client.get("/reviews/calendar").get_data(as_text=True)
    feed = page.split('value="https://rules.example.org')[1].split('"')[0]
    assert feed.startswith("/reviews/feed/") and feed.endswith(".ics")

    client.post("/auth/logout")
    response = client.get(feed)  # calendar apps do not sign in: the token is the key
    assert response.status_code == 200
    found = events(response.data)
    assert len(found) == 3 and all(any(code in str(e["summary"]) for e in found) for code in mine)
    assert sorted(e.decoded("dtstart") for e in found) == sorted(add_months(add_months(today, -n), 12)
                                                                  for n in (1, 5, 13))

    login(owner)
    client.post("/reviews/calendar/renew")
    assert client.get(feed).status_code == 404  # the old address stops working
    new_feed = client.get("/reviews/calendar").get_data(as_text=True).split('value="https://rules.example.org')[1].split('"')[0]
    assert client.get(new_feed).status_code == 200
    client.post("/reviews/calendar/revoke")
    assert client.get(new_feed).status_code == 404
    assert client.get("/reviews/feed/guessed-token.ics").status_code == 404
