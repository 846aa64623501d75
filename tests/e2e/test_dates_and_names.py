"""In a real browser, in both languages, at desktop and phone width: a date field shows the format of the
interface language and keeps a wrong date as typed next to the message; a Chinese misspelling gets a
suggestion; a repealed rule, hidden from the catalogue until asked for, links to its successor."""

from __future__ import annotations

from datetime import date

import pytest

from tests.e2e.test_browser import _sign_in

SIZES = {1280: {"width": 1280, "height": 900}, 390: {"width": 390, "height": 844}}
WIDE = "() => document.documentElement.scrollWidth"
TEXT = {
    "zh_CN": {"format": "年-月-日", "bad": "“2026-02-30”不是有效日期", "repealed": "同时显示已废止的制度",
              "successor": "替代制度：", "did_you_mean": "您是不是要找"},
    "en": {"format": "YYYY-MM-DD", "bad": "“2026-02-30” is not a valid date", "repealed": "Show repealed rules too",
           "successor": "Replaced by", "did_you_mean": "Did you mean"},
}


@pytest.mark.parametrize("width", SIZES)
@pytest.mark.parametrize("locale", ["zh_CN", "en"])
def test_a_bad_date_keeps_its_text_with_the_message(live_server, browser, in_thread, make_user, make_rule, locale,
                                                     width):
    in_thread(make_rule, code="GL-1", versions=[("第一条 公务接待从简。\n", date(2020, 1, 1))])
    admin = in_thread(make_user, "admin", locale=locale)
    page = browser.new_page(viewport=SIZES[width])
    _sign_in(page, live_server, admin.email)
    page.goto(f"{live_server}/proposals/campaigns/new")
    deadline = page.locator("input[name=deadline_on]")
    assert deadline.get_attribute("placeholder") == TEXT[locale]["format"]
    assert deadline.get_attribute("type") == "text"  # no picker in the browser's own language
    page.fill("input[name=title]", "年度清理")
    deadline.fill("2026-02-30")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("input[name=deadline_on]").input_value() == "2026-02-30"
    assert page.locator(".field-deadline_on .field-errors").inner_text().startswith(TEXT[locale]["bad"])
    page.goto(f"{live_server}/rules/GL-1?on=2026-02-30")
    assert page.locator("input#on").input_value() == "2026-02-30"
    assert TEXT[locale]["bad"] in page.locator("main").inner_text()
    assert page.evaluate(WIDE) <= width


@pytest.mark.parametrize("width", SIZES)
@pytest.mark.parametrize("locale", ["zh_CN", "en"])
def test_a_repealed_rule_is_one_click_away_and_links_to_its_successor(live_server, browser, in_thread, app,
                                                                       make_user, make_rule, locale, width):
    new = in_thread(make_rule, code="GL-2", title="公务接待管理办法",
                    versions=[("第一条 公务接待从简。\n第二条 接待标准按规定执行。\n", date(2020, 1, 1))])
    old = in_thread(make_rule, code="GL-1", title="接待工作暂行规定",
                    versions=[("第一条 旧规定。\n", date(2010, 1, 1))])
    in_thread(_repeal, app, old, new)
    reader = in_thread(make_user, "reader", locale=locale)
    page = browser.new_page(viewport=SIZES[width])
    _sign_in(page, live_server, reader.email)
    page.goto(f"{live_server}/rules")
    assert page.locator("main a[href='/rules/GL-1']").count() == 0
    if width == 390:
        page.click("main details.fold > summary")
    page.click(f"text={TEXT[locale]['repealed']}")
    page.click("main a[href='/rules/GL-1']")
    notice = page.locator(".successor")
    assert TEXT[locale]["successor"] in notice.inner_text()
    notice.locator("a").click()
    page.wait_for_url(f"{live_server}/rules/GL-2")
    page.goto(f"{live_server}/search?q=公务接侍")
    suggestion = page.locator(".search-empty a", has_text="公务接待")
    assert TEXT[locale]["did_you_mean"] in page.locator(".search-empty").inner_text()
    assert suggestion.bounding_box()["y"] < SIZES[width]["height"]  # on the first screen, also on a phone
    suggestion.click()
    assert page.locator("ol.search-results > li").count() == 1
    assert page.evaluate(WIDE) <= width


def _repeal(app, old: str, new: str) -> None:
    from registry.db import db
    from registry.rules import services
    from registry.rules.queries import rule_by_code

    with app.app_context():
        services.repeal_rule(None, rule_by_code(old), date(2020, 1, 1), "被新办法替代", rule_by_code(new))
        db.session.commit()
