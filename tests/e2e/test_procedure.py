"""In a real browser: a reader's proposal becomes a draft that goes through the whole procedure to its filing."""

from __future__ import annotations

from datetime import date

from registry.db import db
from tests.conftest import PASSWORD

OLD = "第一条 为了规范会议，制定本办法。\n第二条 会议实行计划管理。\n"
NEW = "第一条 为了规范会议，制定本办法。\n第二条 会议实行计划管理，严格控制规模。\n"


def _office(app, make_department, make_user):
    from registry.auth.models import Department
    from registry.procedures.defaults import seed_default_procedures
    from registry.rules import services

    bgs, fgc = make_department("BGS", "办公室"), make_department("FGC", "法规处")
    people = {"drafter": make_user("editor", bgs), "legal": make_user("editor", fgc),
              "chief": make_user("approver", bgs), "reader": make_user("reader")}
    with app.app_context():
        seed_default_procedures()
        rule = services.create_rule(None, code="BG-700", title="会议管理办法", kind="行政规范性文件",
                                    department=db.session.get(Department, bgs))
        services.approve_version(None, services.add_draft_version(None, rule, OLD), date(2026, 1, 1),
                                 through_procedure=True)
        plain = services.create_rule(None, code="BG-701", title="会议费管理办法",
                                     department=db.session.get(Department, bgs))
        services.approve_version(None, services.add_draft_version(None, plain, OLD), date(2026, 1, 1))
        db.session.commit()
    return people


def _as(browser, base, person):
    page = browser.new_context().new_page()
    page.goto(f"{base}/auth/login")
    page.fill("input[name=email]", person.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/home/")
    return page


def _submit(page, selector):
    with page.expect_navigation():
        page.click(selector)
    return page.inner_text("main")


def test_from_a_readers_proposal_to_a_filed_rule(app, live_server, browser, in_thread, make_department, make_user,
                                                  clock):
    clock.set("2026-11-02")
    people = in_thread(_office, app, make_department, make_user)
    base, run_url = live_server, f"{live_server}/procedures/rules/BG-700/v/2"

    reader = _as(browser, base, people["reader"])
    reader.goto(f"{base}/proposals/new?code=BG-700")
    reader.fill("textarea[name=body]", NEW)
    reader.fill("textarea[name=rationale]", "控制会议规模")
    _submit(reader, "main button[type=submit]")
    proposal_url = reader.url

    chief = _as(browser, base, people["chief"])
    chief.goto(proposal_url)
    _submit(chief, "button[value=accept]")

    drafter = _as(browser, base, people["drafter"])
    assert "Procedure steps waiting for you" in drafter.inner_text("main")
    with drafter.expect_navigation():
        drafter.click("#procedure-steps a")
    assert drafter.url == run_url
    assert "missing the drafting explanation" in _submit(drafter, "#act button[value=complete]")
    drafter.fill("#act textarea[name=opinion]", "必要性：会议过多。主要内容：控制规模。")
    _submit(drafter, "#act button[value=complete]")
    drafter.fill("#act input[name=ends_on]", "2026-11-11")  # 7 working days
    choices = drafter.locator("#consulted-choices")  # departments named in a list, none chosen: all staff
    assert "法规处" in choices.inner_text() and choices.locator("input[value=FGC]").is_checked() is False
    assert "Consultation until" in _submit(drafter, "#act button[value=open]")
    assert "all staff" in drafter.inner_text("#consulted")

    chief.goto(f"{base}/reviews/")  # the office's progress page shows where the draft stands
    board = chief.inner_text("#procedure-board")
    assert "BG-700" in board and "Consultation" in board and "2026-11-11" in board  # the chief reads English

    reader.goto(run_url)
    reader.select_option("#ledger select[name=article]", "第二条")
    reader.fill("#ledger textarea[name=text]", "建议写明规模上限。")
    assert "your comment was recorded" in _submit(reader, "#ledger button[type=submit]")

    clock.set("2026-11-12")
    drafter, legal, chief = (_as(browser, base, people[n]) for n in ("drafter", "legal", "chief"))
    drafter.goto(run_url)
    drafter.select_option("#ledger select[name=disposition]", "rejected")
    drafter.fill("#ledger input[name=reason]", "规模上限另行规定。")
    _submit(drafter, "#ledger button[type=submit]")
    _submit(drafter, "#act button[value=complete]")

    legal.goto(run_url)
    legal.fill("#act textarea[name=opinion]", "经审核，合法。")
    _submit(legal, "#act button[value=complete]")
    drafter.goto(run_url)
    _submit(drafter, "#act button[value=complete]")  # 会签: no department was asked

    chief.goto(run_url)
    chief.fill("#act input[name=meeting]", "第15次办公会")
    chief.fill("#act input[name=meeting_on]", "2026-11-12")
    chief.fill("#act textarea[name=decision]", "审议通过")
    _submit(chief, "#act button[value=complete]")
    chief.fill("#act input[name=password]", PASSWORD)
    _submit(chief, "#act button[value=complete]")
    chief.fill("#act input[name=published_on]", "2026-11-12")
    chief.fill("#act textarea[name=interpretation]", "解读：控制会议规模。")
    assert "规〔2026〕1号" in _submit(chief, "#act button[value=complete]")

    drafter.goto(run_url)
    drafter.fill("#act input[name=filed_on]", "2026-11-20")
    drafter.fill("#act input[name=filing_reference]", "备〔2026〕3号")
    _submit(drafter, "#act button[value=complete]")
    assert "备〔2026〕3号" in drafter.inner_text("#filed")
    reader = _as(browser, base, people["reader"])  # signed in again: the clock jumped past the idle limit
    reader.goto(f"{base}/rules/BG-700")
    assert "严格控制规模" in reader.inner_text("main") and "规〔2026〕1号" in reader.inner_text("#making")

    chief = _as(browser, base, people["chief"])  # later, the rule is repealed: BG-701 replaces it
    chief.goto(f"{base}/rules/BG-700/repeal")
    chief.fill("textarea[name=reason]", "已由会议费管理办法取代")
    chief.select_option("select[name=successor_id]", label="BG-701 会议费管理办法")
    assert "entered the procedure" in _submit(chief, "main form button[type=submit]")
    assert "BG-701 会议费管理办法" in chief.inner_text("#successor")


def test_an_admin_changes_the_stages_and_a_broken_gate_is_explained(app, live_server, browser, in_thread,
                                                                    make_department, make_user):
    in_thread(_office, app, make_department, make_user)
    admin = _as(browser, live_server, in_thread(make_user, "admin"))
    admin.goto(f"{live_server}/procedures/settings")
    stages = admin.locator("section[id^=stages-]").first  # 内部管理制度: 起草 → 审议决定 → 印发
    form = stages.locator("form[id^=add-stage-]")
    form.locator("select[name=kind]").select_option("signing")
    form.locator("select[name=position]").select_option(label="before 3. 印发")
    form.locator("select[name=actor]").select_option("role")
    assert "were changed" in _submit(admin, "section[id^=stages-] form[id^=add-stage-] button[type=submit]")
    stages = admin.locator("section[id^=stages-]").first
    assert [t.strip().split()[0] for t in stages.locator("ol.stage-list > li").all_inner_texts()] == [
        "起草", "审议决定", "签发", "印发"]
    row = stages.locator("ol.stage-list > li").nth(1)  # 审议决定: removing it would leave 印发 without a decision
    with admin.expect_navigation():
        row.locator("button[value=remove]").click()
    assert "needs a decision stage" in admin.inner_text("main")
    assert admin.locator("section[id^=stages-]").first.locator("ol.stage-list > li").count() == 4
