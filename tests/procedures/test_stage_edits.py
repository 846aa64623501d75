"""Admins add, remove and reorder a procedure's stages: gates stay coherent, runs keep the stages they started with,
every change is in the audit log, bad or stale forms are refused with a message."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from registry.db import db
from tests.conftest import PASSWORD


def _admin(app, make_user):
    admin = make_user("admin")
    client = app.test_client()
    assert client.post("/auth/login", data={"email": admin.email, "password": PASSWORD}).status_code == 302
    return client


def _procedure(app, name):
    from registry.procedures.models import Procedure
    from registry.procedures.settings import stages_token

    with app.app_context():
        procedure = db.session.scalar(select(Procedure).where(Procedure.name == name))
        return procedure.id, stages_token(procedure), {s.kind: s.id for s in procedure.stages}


def _stages(app, procedure_id):
    from registry.procedures.models import Procedure

    with app.app_context():
        procedure = db.session.get(Procedure, procedure_id)
        return [(s.position, s.kind, s.return_to) for s in procedure.stages]


def _edit(client, app, procedure, **data):
    procedure_id, token, _ids = _procedure(app, procedure)
    data = {"procedure_id": str(procedure_id), "stages_token": token, **data}
    response = client.post("/procedures/settings/stages", data=data, follow_redirects=True)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_an_admin_adds_moves_and_removes_stages_and_each_change_is_audited(app, office, make_user):
    from registry.audit.models import AuditEntry

    client = _admin(app, make_user)
    page = client.get("/procedures/settings").get_data(as_text=True)
    assert "Add a stage" in page and 'name="departments" value="FGC"' in page and "法规处" in page
    internal, _token, ids = _procedure(app, "内部管理制度")
    assert [k for _p, k, _r in _stages(app, internal)] == ["drafting", "decision", "publication"]

    page = _edit(client, app, "内部管理制度", op="add", kind="legal_review", name="合法性审查", position="2",
                 actor="departments", departments=["FGC"], clock="5", working="1")
    assert "were changed" in page
    stages = _stages(app, internal)
    assert [k for _p, k, _r in stages] == ["drafting", "legal_review", "decision", "publication"]
    assert stages[2] == (3, "decision", 1)  # the decision still sends the draft back to drafting
    with app.app_context():
        from registry.procedures.models import Procedure

        added = db.session.get(Procedure, internal).stage_of_kind("legal_review")
        assert (added.name, added.department_codes, added.requires, added.clock_days, added.clock_working_days) == (
            "合法性审查", "FGC", "opinion", 5, True)

    _internal, _token, ids = _procedure(app, "内部管理制度")
    page = _edit(client, app, "内部管理制度", op="up", stage_id=str(ids["legal_review"]))
    assert "Drafting (起草) must stay the first stage" in page  # refused: nothing moved
    assert [k for _p, k, _r in _stages(app, internal)][:2] == ["drafting", "legal_review"]
    page = _edit(client, app, "内部管理制度", op="down", stage_id=str(ids["legal_review"]))
    assert "needs the Legal review stage before it" in page and "合法性审查 would come after it" in page
    page = _edit(client, app, "内部管理制度", op="remove", stage_id=str(ids["legal_review"]))
    assert "cannot be removed while 审议决定 stays" in page
    page = _edit(client, app, "内部管理制度", op="add", kind="filing", position="4")
    assert "Filing (备案) comes after the publication stage" in page  # before 印发: refused
    page = _edit(client, app, "内部管理制度", op="add", kind="filing", position="5")
    assert "were changed" in page  # at the end, after 印发: right
    _internal, _token, ids = _procedure(app, "内部管理制度")
    assert [k for _p, k, _r in _stages(app, internal)][-1] == "filing"
    page = _edit(client, app, "内部管理制度", op="remove", stage_id=str(ids["filing"]))
    assert "were changed" in page

    with app.app_context():
        actions = [e.action for e in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))]
        details = [e.summary for e in db.session.scalars(
            select(AuditEntry).where(AuditEntry.action == "procedure.stages").order_by(AuditEntry.id))]
    assert actions.count("procedure.stages") == 3
    assert details[0].startswith("内部管理制度: add 合法性审查 → 起草 → 合法性审查 → 审议决定 → 印发")
    assert "remove 备案" in details[-1]


@pytest.mark.parametrize("change, message", [
    (dict(op="remove", stage="publication"), "needs its publication stage"),
    (dict(op="remove", stage="decision"), "Publication (公布) needs a decision stage"),
    (dict(op="remove", stage="signing"), "cannot be removed while 公布 stays"),
    (dict(op="remove", stage="legal_review"), "cannot be removed while 集体审议 stays"),
    (dict(op="remove", stage="drafting"), "sends the draft back to a stage that would be removed"),
    (dict(op="up", stage="publication"), "needs the Signing stage before it"),
    (dict(op="down", stage="publication"), "Filing (备案) comes after the publication stage"),
    (dict(op="add", kind="countersign", position="9"), "Countersigning would be there twice"),
    (dict(op="add", kind="consultation2", position="2"), "Choose the kind of the new stage"),
    (dict(op="add", kind="fair_competition", position="x"), "must be a whole number from 1 to 10"),
    (dict(op="add", kind="fair_competition", position="11"), "must be a whole number from 1 to 10"),
    (dict(op="add", kind="legal_review", position="2", actor="departments"), "Choose the departments"),
    (dict(op="add", kind="legal_review", position="2", actor="departments", departments=["NOPE"]),
     "No department has the code(s): NOPE"),
    (dict(op="add", kind="legal_review", position="2", actor="somebody"), "Choose who acts"),
    (dict(op="add", kind="legal_review", position="2", actor="role", actor_role="boss"), "Choose the role"),
    (dict(op="add", kind="legal_review", position="2", clock="-3"), "must be a whole number"),
    (dict(op="explode"), "Choose a change of the stages"),
    (dict(op="remove", stage_id="99999"), "No such stage"),
])
def test_an_edit_that_would_break_a_gate_or_is_malformed_is_refused_and_changes_nothing(app, office, make_user,
                                                                                      change, message):
    client = _admin(app, make_user)
    normative, _token, ids = _procedure(app, "行政规范性文件")
    before = _stages(app, normative)
    if "stage" in change:
        change = {**change, "stage_id": str(ids[change.pop("stage")])}
    page = _edit(client, app, "行政规范性文件", **change)
    assert message in page, page[page.find("flash"):][:600]
    assert _stages(app, normative) == before


def test_a_form_filled_in_on_an_older_stage_list_is_refused(app, office, make_user):
    client = _admin(app, make_user)
    internal, stale, ids = _procedure(app, "内部管理制度")
    assert "were changed" in _edit(client, app, "内部管理制度", op="add", kind="signing", position="3")
    before = _stages(app, internal)
    for data in ({"op": "remove", "stage_id": str(ids["publication"])}, {"op": "add", "kind": "filing",
                                                                          "position": "4"}):
        page = client.post("/procedures/settings/stages", data={"procedure_id": str(internal), "stages_token": stale,
                                                                **data}, follow_redirects=True)
        assert page.status_code == 200 and "changed by someone else" in page.get_data(as_text=True)
    assert _stages(app, internal) == before
    page = client.post("/procedures/settings/stages", data={"procedure_id": "x", "op": "add"}, follow_redirects=True)
    assert page.status_code == 200 and "No such procedure" in page.get_data(as_text=True)
    other = _admin(app, make_user)
    assert client.post("/procedures/settings/stages").status_code == 302
    assert other.get("/procedures/settings").status_code == 200


def test_runs_keep_the_stages_they_started_with_and_new_drafts_follow_the_new_list(app, office, drafted, make_user,
                                                                               clock):
    from registry.audit.models import AuditEntry
    from registry.auth.models import User
    from registry.procedures import services as s
    from registry.procedures.models import Procedure
    from registry.rules.queries import rule_by_code

    clock.set("2026-11-02")
    code, later = drafted("内部管理制度"), drafted("内部管理制度")
    with app.app_context():
        drafter = db.session.get(User, office.drafter.id)
        run = s.start_run(drafter, rule_by_code(code).versions[-1])
        s.complete_stage(drafter, run, opinion="起草说明")  # now at 审议决定, position 2
        db.session.commit()
        run_id = run.id

    client = _admin(app, make_user)
    internal, _token, ids = _procedure(app, "内部管理制度")
    assert "were changed" in _edit(client, app, "内部管理制度", op="add", kind="signing", name="签发",
                                   position="3", actor="role", actor_role="approver")
    page = client.get("/procedures/settings").get_data(as_text=True)
    assert page.count("<h2>Internal management rules") == 1  # the frozen copy is not offered for editing
    assert "were changed" in _edit(client, app, "内部管理制度", op="add", kind="filing", position="5")
    # a second edit: the run is on its copy already, no second copy is taken

    with app.app_context():
        from registry.procedures.models import ProcedureRun

        run = db.session.get(ProcedureRun, run_id)
        copy = run.procedure
        assert copy.id != internal and copy.snapshot_of_id == internal and copy.name.startswith("内部管理制度 · ")
        assert [st.kind for st in copy.stages] == ["drafting", "decision", "publication"]
        assert run.position == 2 and run.stage.kind == "decision"
        assert db.session.scalars(select(Procedure).where(Procedure.snapshot_of_id == internal)).all() == [copy]
        assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "procedure.snapshot")) is not None
        # the run goes on through the stages it started with, and publishes
        chief = db.session.get(User, office.approver.id)
        s.complete_stage(chief, run, meeting="主任办公会", meeting_on=date(2026, 11, 2), decision="同意")
        s.complete_stage(chief, run, published_on=date(2026, 11, 2), interpretation="解读")
        db.session.commit()
        assert run.status == "done" and rule_by_code(code).versions[-1].status == "approved"

    with app.app_context():
        drafter = db.session.get(User, office.drafter.id)
        fresh = s.start_run(drafter, rule_by_code(later).versions[-1])
        assert fresh.procedure_id == internal
        assert [st.kind for st in fresh.procedure.stages] == ["drafting", "decision", "signing", "publication",
                                                         "filing"]
        db.session.rollback()
    page = client.get(f"/procedures/rules/{code}/v/1").get_data(as_text=True)
    assert "签发" not in page.split('class="stages"')[1].split("</ol>")[0]  # its record shows the stages it went by
