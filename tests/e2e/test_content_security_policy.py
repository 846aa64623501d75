"""The pages work under the strict Content-Security-Policy: Chromium reports no violation, behaviours run."""

from __future__ import annotations

from datetime import date

from tests.e2e.test_browser import BODY_1, _sign_in
from tests.io.samples import zip_bytes

PAGES = ["/rules", "/rules/new", "/search?q=接待", "/reviews/", "/reviews/calendar", "/reviews/log",
         "/proposals/", "/proposals/new", "/proposals/backlog", "/proposals/campaigns", "/proposals/campaigns/new",
         "/notifications/", "/notifications/preferences", "/io/import", "/admin/users", "/admin/users/new",
         "/admin/departments", "/admin/categories", "/admin/audit", "/admin/search/synonyms",
         "/admin/search/misses", "/no/such/page"]
# Chromium reports a blocked inline script, handler or style both as an event and on the console.
LISTEN = """window.__violations = [];
document.addEventListener("securitypolicyviolation",
  e => window.__violations.push(e.violatedDirective + " " + (e.blockedURI || "inline")));"""


def _watched_page(browser):
    page = browser.new_page()
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text) if message.type == "error" else None)
    page.add_init_script(LISTEN)
    return page, console


def _violations(page) -> list[str]:
    return page.evaluate("window.__violations")


def test_main_pages_raise_no_policy_violation(live_server, browser, in_thread, make_user, make_rule):
    admin = in_thread(make_user, "admin")
    code = in_thread(make_rule, code="办发〔2024〕3号", title="公务接待管理办法", versions=[(BODY_1, date(2020, 1, 1))])
    page, console = _watched_page(browser)
    page.goto(f"{live_server}/auth/login")
    assert _violations(page) == []
    _sign_in(page, live_server, admin.email)
    seen = []
    for path in PAGES + [f"/rules/{code}"]:
        response = page.goto(f"{live_server}{path}")
        assert response.headers["content-security-policy"].startswith("default-src 'self'")
        seen.append((path, _violations(page)))
    assert [(path, found) for path, found in seen if found] == []
    assert [text for text in console if "Content Security Policy" in text] == []


def test_behaviours_moved_out_of_inline_handlers_still_work(live_server, browser, in_thread, make_user):
    approver = in_thread(make_user, "approver")  # an editor without a department may not create rules
    page, console = _watched_page(browser)
    _sign_in(page, live_server, approver.email)

    # The calendar address is selected whole on a click, ready to copy.
    page.goto(f"{live_server}/reviews/calendar")
    page.click("main button[type=submit]")  # create the address
    page.click("input.feed-url")
    selected = page.eval_on_selector("input.feed-url", "i => [i.selectionStart, i.selectionEnd, i.value.length]")
    assert selected[0] == 0 and selected[1] == selected[2] > 0

    # Confirming an import disables the button and shows that it is starting.
    page.goto(f"{live_server}/io/import")
    page.set_input_files("input[name=document]", files=[{"name": "规章.zip", "mimeType": "application/zip",
                         "buffer": zip_bytes({"办文/会议办法.md": "# 会议办法\n\n第一条 会议。\n".encode()})}])
    page.click("main button[type=submit]")
    page.wait_for_selector("text=Import preview")
    page.eval_on_selector("form.import-confirm", "f => f.addEventListener('submit', e => e.preventDefault())")
    page.click("form.import-confirm button")
    assert page.eval_on_selector("form.import-confirm button", "b => b.disabled") is True
    assert page.is_visible("form.import-confirm .import-running")
    assert _violations(page) == [] and [t for t in console if "Content Security Policy" in t] == []
