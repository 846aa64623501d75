"""Phones and narrow windows: no page of the demo data is wider than a 390 px screen, in both languages."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from tests.e2e.test_browser import _sign_in

SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"  # gitignored; the README's come from here
FIXED = ["/home/", "/rules", "/search?q=差旅费", "/search?q=" + "差旅费住宿标准" * 12, "/reviews/", "/proposals/",
         "/proposals/campaigns", "/admin/users", "/admin/audit", "/notifications/"]
WIDE = "() => document.documentElement.scrollWidth"


def _demo_pages(app, admin_id: int) -> list[str]:
    """The fixed pages plus the longest rule page, a proposal, a 新旧对照 and a campaign over the demo data."""
    from datetime import timedelta

    from sqlalchemy import func, select

    from registry.auth.models import User
    from registry.db import db, today
    from registry.proposals import campaigns, services
    from registry.rules.models import Rule, RuleVersion

    with app.app_context():
        admin = db.session.get(User, admin_id)
        longest = db.session.scalars(select(Rule).join(Rule.versions).where(Rule.repealed_on.is_(None))
                                     .order_by(func.length(RuleVersion.body).desc())).first()
        twice = db.session.scalars(select(Rule).join(Rule.versions).group_by(Rule.id)
                                   .having(func.count(RuleVersion.id) > 1)).first()
        body = max(longest.versions, key=lambda v: v.number).body + "\n\n第九十九条 本办法由办公室负责解释。\n"
        proposal = services.submit_proposal(admin, longest, "revision", "条文需与新规衔接" * 5, body=body).id
        campaign = campaigns.open_campaign(admin, title="2026年度制度清理", deadline_on=today() + timedelta(days=30))
        for item in campaign.items[:5]:
            campaigns.dispose(admin, item, "keep", note="继续有效")
        db.session.commit()
        return FIXED + [f"/rules/{longest.code}", f"/proposals/{proposal}", f"/proposals/campaigns/{campaign.id}",
                        f"/proposals/compare?code={twice.code}&a=1&b=2"]


@pytest.mark.parametrize("locale", ["zh_CN", "en"])
def test_no_page_is_wider_than_a_phone(live_server, browser, in_thread, app, make_user, locale):
    runner = app.test_cli_runner()
    assert in_thread(runner.invoke, args=["demo", "load"]).exit_code == 0
    admin = in_thread(make_user, "admin", locale=locale)
    page = browser.new_page(viewport={"width": 390, "height": 844})
    _sign_in(page, live_server, admin.email)
    paths = in_thread(_demo_pages, app, admin.id)
    too_wide = {}
    SCREENSHOTS.mkdir(exist_ok=True)
    for number, path in enumerate(paths):
        page.goto(live_server + path)
        width = page.evaluate(WIDE)
        if width > 390:
            too_wide[path] = width
        page.screenshot(path=str(SCREENSHOTS / f"{locale}-390-{_name(path, number)}.png"))
    page.set_viewport_size({"width": 1280, "height": 900})
    for number, path in enumerate(paths):
        page.goto(live_server + path)
        assert page.evaluate(WIDE) <= 1280, path
        page.screenshot(path=str(SCREENSHOTS / f"{locale}-1280-{_name(path, number)}.png"))
    assert too_wide == {}


def _name(path: str, number: int) -> str:
    """A screenshot's file name: its number and the page's first path segment (home, rules, search …)."""
    return f"{number:02d}-" + (re.sub(r"[^a-z]+", "-", path.split("?")[0].lower()).strip("-") or "home")[:30]


def test_a_phone_search_shows_a_hit_on_the_first_screen(live_server, browser, in_thread, make_user, make_rule):
    user = in_thread(make_user, "reader")
    in_thread(make_rule, code="CL-1", title="差旅费管理办法", category="财务/差旅",
              versions=[("第一条 差旅费按标准报销。\n", date(2020, 1, 1))])
    page = browser.new_page(viewport={"width": 390, "height": 844})
    _sign_in(page, live_server, user.email)
    page.goto(f"{live_server}/rules")
    assert page.locator("main details.fold").evaluate("d => d.open") is False  # the category tree is folded
    assert page.locator("main td", has_text="差旅费管理办法").first.bounding_box()["y"] < 844
    page.goto(f"{live_server}/search?q=差旅费")
    assert page.locator("ol.search-results > li").first.bounding_box()["y"] < 844
    page.click("main details.fold > summary")
    assert page.locator("form.search-options").is_visible()
    wide = browser.new_page(viewport={"width": 1280, "height": 900})
    _sign_in(wide, live_server, user.email)
    wide.goto(f"{live_server}/search?q=差旅费")
    assert wide.locator("form.search-options").is_visible()  # open on a wide screen, no summary line
    assert not wide.locator("main details.fold > summary").is_visible()
