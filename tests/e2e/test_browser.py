"""The catalogue and rule pages as a person uses them, in a real browser."""

from __future__ import annotations

from datetime import date

from tests.conftest import PASSWORD

BODY_1 = ("## 第一章 总则\n\n第一条 为规范公务接待工作，制定本办法。\n\n## 第二章 接待标准\n\n"
          "第二条 住宿费标准为每人每天350元。\n\n第三条 接待单位不得超标准接待。\n")
BODY_2 = BODY_1.replace("350元", "450元")


def _sign_in(page, base: str, email: str) -> None:
    page.goto(f"{base}/auth/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/home/")  # each person lands on their own page


def test_reader_finds_a_rule_and_reads_an_article(live_server, browser, in_thread, make_user, make_rule, tmp_path):
    user = in_thread(make_user, "reader")
    in_thread(make_rule, code="办发〔2024〕3号", title="公务接待管理办法",
              versions=[(BODY_1, date(2020, 1, 1)), (BODY_2, date(2024, 1, 1))])
    page = browser.new_page()
    _sign_in(page, live_server, user.email)
    page.click("header nav >> text=Catalogue")
    page.click("text=公务接待管理办法")
    assert "450元" in page.inner_text("#art-2")
    page.click("nav.toc >> text=第三条")
    assert page.evaluate("location.hash") == "#art-3"
    page.fill("input[name=on]", "2021-05-01")
    page.click("form[aria-label] button[type=submit]")
    assert "350元" in page.inner_text("#art-2")
    page.screenshot(path=str(tmp_path / "rule.png"), full_page=True)
    assert (tmp_path / "rule.png").stat().st_size > 10_000


def test_editor_drafts_and_sees_a_validation_message(live_server, browser, in_thread, make_user, make_department):
    department = in_thread(make_department)
    editor = in_thread(make_user, "editor", department_id=department)
    page = browser.new_page()
    _sign_in(page, live_server, editor.email)
    page.goto(f"{live_server}/rules/new")
    page.fill("input[name=code]", "")
    page.fill("input[name=title]", "会议管理办法")
    page.click("main button[type=submit]")
    assert page.locator(".field-code .field-errors").count() == 1
    page.fill("input[name=code]", "HY-001")
    page.fill("textarea[name=v-body]", "第一条 会议实行计划管理。\n\n第二条 严格控制会议规模。")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server}/rules/HY-001")
    assert "会议实行计划管理" in page.inner_text("main")


def test_reader_searches_from_the_header_and_lands_on_the_article(live_server, browser, in_thread, make_user,
                                                                  make_rule, tmp_path):
    user = in_thread(make_user, "reader")
    in_thread(make_rule, code="办发〔2024〕3号", title="公务接待管理办法",
              versions=[(BODY_1, date(2020, 1, 1)), (BODY_2, date(2024, 1, 1))])
    in_thread(make_rule, code="HR-7", title="Leave policy",
              versions=[("Article 1. Staff take annual leave in agreed periods.\n", date(2020, 1, 1))])
    page = browser.new_page()
    _sign_in(page, live_server, user.email)
    page.fill("header form[role=search] input[name=q]", "超标准")  # inside a sentence of Article 3
    page.press("header form[role=search] input[name=q]", "Enter")
    page.wait_for_url("**/search?q=*")
    hit = page.locator("ol.search-results > li").first
    assert hit.locator("mark").first.inner_text() == "超标准"
    assert "第三条" in hit.inner_text() and "version 2" in hit.inner_text()
    assert "1" in page.locator("ul.facets .count").first.inner_text()
    page.screenshot(path=str(tmp_path / "search.png"), full_page=True)
    hit.locator("a", has_text="第三条").click()
    page.wait_for_url("**/rules/*?hl=*#art-3")  # the rule page (text in force), not the bare version page
    assert "超标准接待" in page.inner_text("#art-3")
    assert page.locator("#art-3 mark").first.inner_text() == "超标准"
    assert page.evaluate("() => location.hash") == "#art-3"
    page.fill("header form[role=search] input[name=q]", "anual leave")  # misspelt: a suggestion, no error
    page.press("header form[role=search] input[name=q]", "Enter")
    page.wait_for_selector(".search-empty")
    page.click(".search-empty a:has-text('annual leave')")
    assert page.locator("ol.search-results mark").first.inner_text().lower() == "annual"
