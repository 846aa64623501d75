"""Read and acknowledge through the pages: who is asked, what they see, one-click confirmation, progress, exports."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from openpyxl import load_workbook
from sqlalchemy import func, select

from registry.db import db
from tests.acknowledgements.conftest import TEXT_V2


def panel(html: str) -> str:
    """Return the acknowledgement panel of a rule page (the text of the rule is shown below it)."""
    start = html.index('id="acknowledge"')
    return html[start:html.index('<div class="layout rule">', start)]


def ask(client, code, due_on, **choices):
    data = {"due_on": due_on.isoformat(), **choices}
    return client.post(f"/acknowledgements/rules/{code}/request", data=data)


def test_the_owner_asks_a_department_who_see_it_waiting_and_confirm_in_one_click(app, office, rule_in_force,
                                                                                 client_for, today):
    code = rule_in_force(today)
    owner = client_for(office["owner"])
    page = owner.get(f"/rules/{code}").get_data(as_text=True)
    assert "Nobody has been asked to read this rule yet." in panel(page)
    response = ask(owner, code, today + timedelta(days=30), departments=str(office["bgs"]))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/acknowledgements/rules/{code}/progress")

    clerk, accountant = client_for(office["clerk"]), client_for(office["accountant"])
    home = clerk.get("/home/").get_data(as_text=True)
    assert 'id="to-acknowledge"' in home and "公务接待管理办法" in home
    assert 'id="to-acknowledge"' not in accountant.get("/home/").get_data(as_text=True)  # another department
    mine = panel(clerk.get(f"/rules/{code}").get_data(as_text=True))
    assert "Please read and confirm" in mine and f"confirm by {(today + timedelta(days=30)).isoformat()}" in mine
    assert "only the articles below changed" not in mine  # a first text is read whole
    assert "Please read and confirm" not in panel(accountant.get(f"/rules/{code}").get_data(as_text=True))

    response = clerk.post(f"/acknowledgements/rules/{code}/confirm", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "your confirmation is recorded" in page and "You confirmed reading version 1" in panel(page)
    assert 'id="to-acknowledge"' not in clerk.get("/home/").get_data(as_text=True)
    clerk.post(f"/acknowledgements/rules/{code}/confirm")  # twice is once
    refused = accountant.post(f"/acknowledgements/rules/{code}/confirm", follow_redirects=True)
    assert "You are not among the people asked to read this rule." in refused.get_data(as_text=True)
    from registry.acknowledgements.models import Acknowledgement

    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Acknowledgement)) == 1

    progress = owner.get(f"/acknowledgements/rules/{code}/progress").get_data(as_text=True)
    assert "Confirmed: 1 of 3" in progress  # owner, approver and clerk of 办公室
    assert '<svg class="chart"' in progress and "办公室 1/3" in progress
    assert progress.count("not yet") == 2

    rows = list(csv.reader(io.StringIO(owner.get(f"/acknowledgements/rules/{code}/export.csv")
                                       .get_data().decode("utf-8-sig"))))
    assert rows[0] == ["name", "email", "department", "confirmed", "confirmed_at"]
    by_name = {r[0]: r for r in rows[1:]}
    assert set(by_name) == {"Owner", "Approver", "Clerk"}
    assert by_name["Clerk"][3] == "yes" and by_name["Clerk"][4] and by_name["Owner"][3] == "no"
    book = load_workbook(io.BytesIO(owner.get(f"/acknowledgements/rules/{code}/export.xlsx").get_data()))
    sheet = book.active
    assert [c.value for c in sheet[1]] == ["Name", "E-mail", "Department", "Confirmed", "Confirmed at"]
    assert sorted(r[0] for r in sheet.iter_rows(min_row=2, values_only=True)) == ["Approver", "Clerk", "Owner"]


def test_roles_and_all_staff(app, office, rule_in_force, client_for, today):
    code = rule_in_force(today)
    owner = client_for(office["owner"])
    assert ask(owner, code, today, roles="approver").status_code == 302

    def asked(person) -> bool:
        page = client_for(office[person]).get(f"/rules/{code}").get_data(as_text=True)
        return "Please read and confirm" in panel(page)

    assert asked("approver") and not asked("loner")
    assert ask(owner, code, today, everyone="y").status_code == 302  # changes who, on the same request
    loner = client_for(office["loner"])
    assert "Please read and confirm" in panel(loner.get(f"/rules/{code}").get_data(as_text=True))
    assert "Confirmed: 0 of 5" in owner.get(f"/acknowledgements/rules/{code}/progress").get_data(as_text=True)


def test_bad_requests_are_explained_on_the_form(app, office, rule_in_force, client_for, today):
    code = rule_in_force(today)
    owner = client_for(office["owner"])
    nobody = ask(owner, code, today)
    assert nobody.status_code == 200
    assert "Choose who must read it: all staff, departments or roles." in nobody.get_data(as_text=True)
    past = ask(owner, code, today - timedelta(days=1), everyone="y")
    assert past.status_code == 200 and "cannot lie in the past" in past.get_data(as_text=True)
    bad_date = owner.post(f"/acknowledgements/rules/{code}/request", data={"due_on": "31.12.2026", "everyone": "y"})
    assert bad_date.status_code == 200 and "is not a valid date; use YYYY-MM-DD." in bad_date.get_data(as_text=True)
    bad_role = ask(owner, code, today, roles="king")
    assert bad_role.status_code == 200 and "is not a valid choice" in bad_role.get_data(as_text=True)
    # A clerk (neither owner nor editor of the rule) may not ask anyone, nor see who has read it.
    clerk = client_for(office["clerk"])
    assert ask(clerk, code, today, everyone="y").status_code == 403
    assert clerk.get(f"/acknowledgements/rules/{code}/progress").status_code == 403
    assert clerk.get(f"/acknowledgements/rules/{code}/export.csv").status_code == 403
    assert owner.get(f"/acknowledgements/rules/{code}/export.pdf").status_code == 404


def _approve_v2(app, office, client_for, code, today, substantive: bool):
    from registry.rules import services
    from registry.rules.queries import rule_by_code

    with app.app_context():
        services.add_draft_version(None, rule_by_code(code), TEXT_V2, "第二条 adds registration")
        db.session.commit()
    data = {"effective_on": today.isoformat()} | ({"substantive": "y"} if substantive else {})
    approver = client_for(office["approver"])
    assert "The change is substantive" in approver.get(f"/rules/{code}/v/2/approve").get_data(as_text=True)
    response = approver.post(f"/rules/{code}/v/2/approve", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:500]


def test_a_substantive_amendment_asks_again_showing_only_the_changed_articles(app, office, rule_in_force,
                                                                               client_for, today):
    code = rule_in_force(today - timedelta(days=90))
    owner, clerk = client_for(office["owner"]), client_for(office["clerk"])
    assert ask(owner, code, today + timedelta(days=10), departments=str(office["bgs"])).status_code == 302
    clerk.post(f"/acknowledgements/rules/{code}/confirm")
    _approve_v2(app, office, client_for, code, today, substantive=True)

    mine = panel(clerk.get(f"/rules/{code}").get_data(as_text=True))
    assert "You are asked to read version 2" in mine
    assert "only the articles below changed since version 1" in mine
    assert "第二条" in mine and "提前三日登记" in mine
    assert "第一条" not in mine and "第三条" not in mine  # unchanged articles are not asked again
    assert 'id="to-acknowledge"' in clerk.get("/home/").get_data(as_text=True)
    assert "Confirmed: 0 of 3" in owner.get(f"/acknowledgements/rules/{code}/progress").get_data(as_text=True)
    from registry.acknowledgements.models import AcknowledgementRequest

    with app.app_context():
        requests = db.session.scalars(select(AcknowledgementRequest).order_by(AcknowledgementRequest.id)).all()
        assert [r.version.number for r in requests] == [1, 2]
        assert requests[1].department_ids == {office["bgs"]}  # the same people as before


def test_an_amendment_not_marked_substantive_asks_nobody_again(app, office, rule_in_force, client_for, today):
    code = rule_in_force(today - timedelta(days=90))
    owner, clerk = client_for(office["owner"]), client_for(office["clerk"])
    assert ask(owner, code, today + timedelta(days=10), everyone="y").status_code == 302
    clerk.post(f"/acknowledgements/rules/{code}/confirm")
    _approve_v2(app, office, client_for, code, today, substantive=False)

    assert "You confirmed reading version 1" in panel(clerk.get(f"/rules/{code}").get_data(as_text=True))
    assert 'id="to-acknowledge"' not in clerk.get("/home/").get_data(as_text=True)
    form = owner.get(f"/acknowledgements/rules/{code}/request").get_data(as_text=True)
    assert "as not substantive" in form
    refused = ask(owner, code, today + timedelta(days=10), everyone="y")
    assert refused.status_code == 200
    from registry.acknowledgements.models import AcknowledgementRequest

    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AcknowledgementRequest)) == 1


def test_a_repealed_rule_is_no_longer_waiting(app, office, rule_in_force, client_for, today):
    code = rule_in_force(today)
    assert ask(client_for(office["owner"]), code, today, everyone="y").status_code == 302
    from registry.rules import services
    from registry.rules.queries import rule_by_code

    with app.app_context():
        services.repeal_rule(None, rule_by_code(code), today, "被新办法替代")
        db.session.commit()
    clerk = client_for(office["clerk"])
    assert 'id="to-acknowledge"' not in clerk.get("/home/").get_data(as_text=True)
    assert "Please read and confirm" not in clerk.get(f"/rules/{code}").get_data(as_text=True)
