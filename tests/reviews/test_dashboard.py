"""The reviews dashboard's numbers against a hand-made data set, its filters, charts and "my reviews"."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, timedelta

import pytest

from registry.db import db
from registry.reviews.schedule import add_months
from tests.conftest import CALENDAR_EDGES


@pytest.fixture
def data_set(app, make_department, make_user, owned_rule, make_rule, today):
    """Twelve rules whose due dates are known relative to today."""
    from registry.reviews import services
    from registry.rules.queries import rule_by_code

    office, finance = make_department(), make_department(code="CWC", name="财务处")
    ua, ub = make_user("editor", department_id=office), make_user("editor", department_id=finance)
    approver = make_user("approver", department_id=office)

    def due(days: int, owner, department, **kw) -> str:
        effective = add_months(today + timedelta(days=days), -12)
        assert add_months(effective, 12) == today + timedelta(days=days)
        return owned_rule(owner.id, effective, 12, department, **kw)

    codes = {
        "overdue40": due(-40, ua, office, category="办文/公文处理"),
        "overdue5": due(-5, ua, office),
        "overdue20": due(-20, ub, finance),
        "due10": due(10, ua, office, category="办文/印章管理"),
        "due30": due(30, ub, finance),
        "due45": due(45, ub, finance),
        "due75": due(75, ua, office),
        "due200": due(200, ua, office),
        "reviewed": due(-3, ub, finance),
        "manual": due(300, ua, office),
    }
    make_rule(code="OLD-1", versions=[("第一条 旧。\n", date(2010, 1, 1))], repealed_on=date(2020, 1, 1))
    make_rule(code="NEW-1", versions=[("第一条 新。\n", today + timedelta(days=30))])
    with app.app_context():
        from registry.auth.models import User

        actor = db.session.get(User, approver.id)
        services.record_review(actor, rule_by_code(codes["reviewed"]), reviewed_on=today - timedelta(days=10),
                               outcome="keep", notes="still fine")
        services.set_due_date(actor, rule_by_code(codes["manual"]), today + timedelta(days=60), "audit finding")
        db.session.commit()
    return {"codes": codes, "office": office, "finance": finance, "ua": ua, "ub": ub, "approver": approver}


def numbers(html: str) -> dict[str, int]:
    return {name: int(n) for name, n in re.findall(r'id="count-([\w-]+)"><span class="n">(\d+)</span>', html)}


@pytest.mark.parametrize("clock", CALENDAR_EDGES, indirect=True)
def test_counts_lists_and_charts(app, client, login, data_set, today):
    login(data_set["approver"])
    html = client.get("/reviews/").get_data(as_text=True)
    assert numbers(html) == {"overdue": 3, "30": 2, "60": 2, "90": 1, "recent": 1}
    overdue = html[html.index('id="overdue"'):html.index('id="due-30"')]
    codes = data_set["codes"]
    assert overdue.index(codes["overdue40"]) < overdue.index(codes["overdue20"]) < overdue.index(codes["overdue5"])
    assert ">40</span>" in overdue
    assert codes["due200"] not in html and "OLD-1" not in html and "NEW-1" not in html
    assert "<title>办公室: 2</title>" in html and "<title>财务处: 1</title>" in html  # overdue per department
    month = (today + timedelta(days=10)).strftime("%b %Y")  # "Dec 2026"; 2026年12月 in Chinese
    assert re.search(rf"<title>{month}: \d+</title>", html)
    client.get("/auth/lang/zh_CN")
    month = today + timedelta(days=10)
    html = client.get("/reviews/").get_data(as_text=True)
    assert re.search(rf"<title>{month.year}年{month.month}月: \d+</title>", html)


@pytest.mark.parametrize("clock", CALENDAR_EDGES, indirect=True)
def test_numbers_from_the_query(app, data_set, today):
    from registry.reviews.queries import DashboardFilters, dashboard

    with app.app_context():
        board = dashboard(DashboardFilters(), today)
        assert (len(board.overdue), len(board.due_30), len(board.due_60), len(board.due_90)) == (3, 2, 2, 1)
        assert board.overdue_per_department == [("办公室", 2), ("财务处", 1)]
        first = today.replace(day=1)
        due_dates = [today + timedelta(days=d) for d in (-40, -5, -20, 10, 30, 45, 75, 200, 60)]
        due_dates.append(add_months(today - timedelta(days=10), 12))  # reviewed ten days ago, 12-month cycle
        months = [add_months(first, i) for i in range(12)]
        expected = Counter(d.replace(day=1) for d in due_dates if first <= d < add_months(first, 12))
        assert board.due_per_month == [(m, expected[m]) for m in months]
        assert board.total == 10
        assert [s.days_overdue for s in board.overdue] == [40, 20, 5]


@pytest.mark.parametrize("clock", CALENDAR_EDGES, indirect=True)
def test_filters_and_my_reviews(app, client, login, data_set):
    login(data_set["ub"])
    finance = numbers(client.get(f"/reviews/?department={data_set['finance']}").get_data(as_text=True))
    assert finance == {"overdue": 1, "30": 1, "60": 1, "90": 0, "recent": 1}
    mine = client.get("/reviews/?mine=1").get_data(as_text=True)
    assert numbers(mine) == finance
    with app.app_context():
        from sqlalchemy import select

        from registry.rules.models import Category

        documents = db.session.scalar(select(Category.id).where(Category.name == "办文"))
    by_category = numbers(client.get(f"/reviews/?category={documents}").get_data(as_text=True))
    assert by_category == {"overdue": 1, "30": 1, "60": 0, "90": 0, "recent": 0}  # includes sub-categories
    assert client.get("/reviews/?department=abc&owner=").status_code == 200


def test_dashboard_needs_sign_in(client):
    assert client.get("/reviews/").status_code in (302, 401)


def test_bands_are_paged_but_counted_whole(app, client, login, data_set):
    """Each band lists one screenful; its count, the charts and the other bands stay whole."""
    app.config["REVIEWS_BAND_PER_PAGE"] = 2
    login(data_set["approver"])
    codes = data_set["codes"]
    first = client.get("/reviews/").get_data(as_text=True)
    assert numbers(first) == {"overdue": 3, "30": 2, "60": 2, "90": 1, "recent": 1}
    overdue = first.split('id="overdue"')[1].split("</section>")[0]
    assert codes["overdue40"] in overdue and codes["overdue20"] in overdue and codes["overdue5"] not in overdue
    assert "overdue_page=2#overdue" in overdue
    second = client.get("/reviews/?overdue_page=2").get_data(as_text=True)
    assert numbers(second) == numbers(first)
    overdue = second.split('id="overdue"')[1].split("</section>")[0]
    assert codes["overdue5"] in overdue and codes["overdue40"] not in overdue
    due_30 = second.split('id="due-30"')[1].split("</section>")[0]
    assert codes["due10"] in due_30 and codes["due30"] in due_30  # the other bands keep their first page
    assert client.get("/reviews/?overdue_page=999").status_code == 200


@pytest.mark.parametrize("clock", CALENDAR_EDGES, indirect=True)
def test_due_dates_from_columns_agree_with_the_statuses_of_whole_rules(app, data_set, owned_rule, make_user, today):
    """The dashboard counts from columns (due_dates.py); rule pages, reminders and the API from whole rules.
    Both give every rule the same date, reason and note: cycles of the rule and of its category, a review,
    a date set by hand, a basis that changed, a lapsed rule, a repealed one and one not yet in force."""
    from sqlalchemy import select

    from registry.reviews import services
    from registry.reviews.due_dates import all_due_dates
    from registry.reviews.queries import review_statuses
    from registry.rules.models import Category
    from registry.rules.queries import rule_by_code

    category_cycle = owned_rule(None, today - timedelta(days=400), 0, category="办会/会议纪要")
    basis, implementing = owned_rule(None, date(2020, 1, 1), 24), owned_rule(None, today - timedelta(days=30), 36)
    lapsed = owned_rule(None, date(2020, 5, 1), 12)
    with app.app_context():
        from registry.auth.models import User

        actor = db.session.get(User, data_set["approver"].id)
        db.session.scalar(select(Category).where(Category.name == "会议纪要")).review_cycle_months = 6
        rule_by_code(lapsed).valid_until = today - timedelta(days=1)
        services.set_basis(actor, rule_by_code(implementing), [rule_by_code(basis)])
        services.basis_changed(actor, rule_by_code(basis), today + timedelta(days=20), "上位法修订")
        db.session.commit()
        whole = [(s.rule.code, s.due_on, s.reason, s.note) for s in review_statuses(today)]
        columns = [(d.code, d.due_on, d.reason, d.note) for d in all_due_dates(today)]
    assert columns == whole
    codes = {code for code, *_rest in columns}
    assert category_cycle in codes and lapsed not in codes and "OLD-1" not in codes and "NEW-1" not in codes
    assert {reason for _code, _due, reason, _note in columns} == {"cycle", "manual", "basis"}


def test_the_dashboard_loads_only_the_rules_it_shows(app, data_set, today):
    """Every rule is counted, but only a band page's rules are loaded whole, and no version text is read."""
    from sqlalchemy import event

    from registry.reviews.queries import DashboardFilters, dashboard
    from registry.rules.models import Rule

    with app.app_context():
        statements = []
        event.listen(db.engine, "before_cursor_execute",
                     lambda _c, _cur, statement, *_a: statements.append(statement))
        board = dashboard(DashboardFilters(), today)
        page = board.band_page("overdue", 1, 2)
        loaded = [o for o in db.session.identity_map.values() if isinstance(o, Rule)]
    assert len(board.overdue) == 3 and [s.rule.code for s in page.items] == [
        data_set["codes"]["overdue40"], data_set["codes"]["overdue20"]]
    assert page.items[0].rule.owner is not None and page.items[0].days_overdue == 40
    assert len(loaded) <= 2 + len(board.recent)  # the page's two, and the rules of recent reviews
    assert not any("rule_versions.body" in s for s in statements)
