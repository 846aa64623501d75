"""The workflow through the API: the procedure steps waiting for the token's user and the rules they must read
and confirm, with the same answers as the home page."""

from __future__ import annotations

import re
from datetime import date

from registry.db import db

BODY = "第一条 为了规范公务接待，制定本办法。\n第二条 本办法适用于本单位。\n第三条 本办法自公布之日起施行。\n"


def _token(client) -> dict:
    page = client.post("/account/tokens", data={"name": "OA", "scope": "read"}).get_data(as_text=True)
    return {"Authorization": "Bearer " + re.search(r'value="(rgt_[\w-]+)"', page).group(1)}


def _draft_in_procedure(app, department_id: int, drafter_id: int) -> str:
    """A 行政规范性文件 of 办公室 with a draft its drafter put on the procedure; return its code."""
    from registry.auth.models import Department, User
    from registry.procedures.defaults import seed_default_procedures
    from registry.procedures.services import start_run
    from registry.rules import services

    with app.app_context():
        seed_default_procedures()
        rule = services.create_rule(None, code="BG-001", title="公务接待管理办法", kind="行政规范性文件",
                                    department=db.session.get(Department, department_id))
        version = services.add_draft_version(None, rule, BODY)
        start_run(db.session.get(User, drafter_id), version)
        db.session.commit()
        return rule.code


def test_procedure_steps_waiting_for_the_tokens_user(app, client, login, make_user, make_department, clock):
    clock.set("2026-09-21")
    office = make_department("BGS", "办公室")
    drafter = make_user("editor", department_id=office, email="drafter@example.org")
    reader = make_user("reader", email="staff@example.org")
    code = _draft_in_procedure(app, office, drafter.id)
    login(drafter)
    bearer = _token(client)
    home = client.get("/home/").get_data(as_text=True)
    answer = app.test_client().get("/api/v1/procedures/waiting", headers=bearer)
    assert answer.status_code == 200
    data = answer.get_json()
    assert data["on"] == "2026-09-21"
    [step] = data["items"]
    assert (step["rule"], step["version"], step["what"], step["stage_kind"]) == (code, 1, "act", "drafting")
    assert step["stage_en"] == "Drafting" and step["stage_en"] in home and step["procedure"]  # home in English
    assert step["stage"] == "起草"  # the office's own name, in Chinese
    assert client.get(step["url"].split("localhost", 1)[-1]).status_code == 200  # the run's page
    client.post("/auth/logout")
    assert step["is_overdue"] is False
    login(reader)
    assert client.get("/api/v1/procedures/waiting").get_json()["items"] == []  # nothing waits for a reader
    assert app.test_client().get("/api/v1/procedures/waiting").status_code == 401


def test_acknowledgements_pending_until_confirmed(app, client, login, make_user, make_department, make_rule, clock):
    from registry.acknowledgements import services as acks
    from registry.rules.queries import rule_by_code

    clock.set("2026-03-02")
    office, finance = make_department("BGS", "办公室"), make_department("CWC", "财务处")
    clerk = make_user("reader", department_id=office, email="clerk@example.org")
    accountant = make_user("reader", department_id=finance, email="accountant@example.org")
    code = make_rule(code="BGS-001", versions=[(BODY, date(2026, 3, 1))], department_id=office)
    with app.app_context():
        version = rule_by_code(code).versions[-1]
        acks.request_acknowledgement(None, version, department_ids=[office], roles=[], everyone=False,
                                     due_on=date(2026, 3, 16))
        db.session.commit()
    login(clerk)
    bearer = _token(client)
    bot = app.test_client()
    [item] = bot.get("/api/v1/acknowledgements/pending", headers=bearer).get_json()["items"]
    assert (item["rule"], item["version"], item["previous_version"], item["due_on"], item["is_overdue"]) == (
        code, 1, None, "2026-03-16", False)
    assert item["url"].endswith(f"/rules/{code}#acknowledge")
    assert client.get(item["url"].split("localhost", 1)[-1].split("#")[0]).status_code == 200
    clock.set("2026-03-17")
    assert bot.get("/api/v1/acknowledgements/pending", headers=bearer).get_json()["items"][0]["is_overdue"] is True
    with app.app_context():
        from registry.acknowledgements.models import AcknowledgementRequest
        from registry.auth.models import User

        acks.acknowledge(db.session.get(User, clerk.id), db.session.get(AcknowledgementRequest, item["id"]))
        db.session.commit()
    assert bot.get("/api/v1/acknowledgements/pending", headers=bearer).get_json()["items"] == []
    client.post("/auth/logout")
    login(accountant)  # another department was not asked
    assert client.get("/api/v1/acknowledgements/pending").get_json()["items"] == []


def test_the_document_declares_the_workflow_operations(client, login, make_user):
    login(make_user())
    document = client.get("/api/v1/openapi.json").get_json()
    for path, schema in (("/api/v1/procedures/waiting", "WaitingSteps"),
                         ("/api/v1/acknowledgements/pending", "PendingAcknowledgements")):
        get = document["paths"][path]["get"]
        assert get["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith(schema)
        assert "401" in get["responses"] and get["tags"] == ["workflow"]
