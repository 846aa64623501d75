"""Small behaviours in a real browser: copying a citation, the proposal form's "merge into"."""

from __future__ import annotations

from datetime import date

from tests.e2e.test_browser import BODY_1, BODY_2, _sign_in


def test_one_click_copies_the_citation_of_an_article(live_server, browser, in_thread, make_user, make_rule):
    user = in_thread(make_user, "reader", locale="zh_CN")
    in_thread(make_rule, code="CL-1", title="差旅费管理办法",
              versions=[(BODY_1, date(2020, 1, 1)), (BODY_2, date(2024, 1, 1))])
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server)
    page = context.new_page()
    _sign_in(page, live_server, user.email)
    page.goto(f"{live_server}/rules/CL-1")
    page.click("#art-3 button:has-text('复制引用')")
    page.wait_for_function("() => document.querySelector('#art-3 button[data-copy]').textContent === '引用已复制'")
    assert page.evaluate("() => navigator.clipboard.readText()") == "《差旅费管理办法》（2024年修订）第三条"
    page.click("#art-3 button:has-text('复制链接')")
    page.wait_for_function("() => document.querySelector('#art-3 button:nth-of-type(2)').textContent === '链接已复制'")
    assert page.evaluate("() => navigator.clipboard.readText()").endswith("/rules/CL-1/v/2#art-3")
    context.close()


def test_without_a_clipboard_the_citation_appears_selected_in_a_field(live_server, browser, in_thread, make_user,
                                                                      make_rule):
    user = in_thread(make_user, "reader")
    in_thread(make_rule, code="HR-7", title="Annual Leave Policy",
              versions=[("Article 12. Staff take annual leave.\n", date(2024, 1, 1))])
    page = browser.new_page()
    page.add_init_script("Object.defineProperty(navigator, 'clipboard', {value: undefined})")
    _sign_in(page, live_server, user.email)
    page.goto(f"{live_server}/rules/HR-7")
    page.click("section.article button:has-text('Copy citation')")
    field = page.locator("section.article .copy-fallback")
    assert field.is_visible() and field.input_value() == "Annual Leave Policy (2024), Article 12"
    assert page.evaluate("() => [document.activeElement.selectionStart, document.activeElement.selectionEnd]") \
        == [0, len("Annual Leave Policy (2024), Article 12")]


def test_the_proposal_form_asks_for_merge_into_only_for_a_merge(live_server, browser, in_thread, make_user,
                                                                make_rule):
    user = in_thread(make_user, "editor")
    in_thread(make_rule, code="CL-1", title="差旅费管理办法", versions=[(BODY_1, date(2020, 1, 1))])
    page = browser.new_page()
    _sign_in(page, live_server, user.email)
    page.goto(f"{live_server}/proposals/new?code=CL-1")
    merge_into = page.locator("input[name=merge_into]")
    assert not merge_into.is_visible()
    page.select_option("select[name=kind]", "merge")
    assert merge_into.is_visible()
    page.select_option("select[name=kind]", "repeal")
    assert not merge_into.is_visible()
