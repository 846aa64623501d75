"""Who acts at each default stage, and who waits: the home page's queue and the header's count."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from registry.db import db
from tests.conftest import PASSWORD

# stage kind → (who may act, who may not), by the office fixture's names
ACTORS = {
    "drafting": (("drafter", "approver"), ("legal", "finance", "reader")),
    "consultation": (("drafter", "approver"), ("legal", "reader")),
    "legal_review": (("legal",), ("drafter", "finance", "reader")),
    "fair_competition": (("legal",), ("drafter", "reader")),
    "countersign": (("drafter", "approver"), ("legal", "reader")),
    "decision": (("approver",), ("drafter", "legal", "reader")),
    "signing": (("approver",), ("drafter", "legal", "reader")),
    "publication": (("approver",), ("drafter", "legal", "reader")),
    "filing": (("drafter", "approver"), ("legal", "reader")),
}


@pytest.mark.parametrize("kind", ["行政规范性文件", "规章"])
def test_each_default_stage_is_allowed_and_refused_by_role(app, office, drafted, kind):
    from registry.auth.models import User
    from registry.procedures import services
    from registry.rules.queries import rule_by_code

    code = drafted(kind)
    with app.app_context():
        person = {name: db.session.get(User, getattr(office, name).id) for name in
                  ("drafter", "approver", "legal", "finance", "reader")}
        run = services.start_run(person["drafter"], rule_by_code(code).versions[-1])
        assert [s.kind for s in run.procedure.stages] == list(ACTORS)
        for stage in run.procedure.stages:
            allowed, refused = ACTORS[stage.kind]
            run.position = stage.position
            for name in allowed:
                assert services.may_act(person[name], run), (stage.kind, name)
            for name in refused:
                assert not services.may_act(person[name], run), (stage.kind, name)
                with pytest.raises(services.ProcedureError, match="You do not act"):
                    services.complete_stage(person[name], run, opinion="x")


def test_the_internal_procedure_is_short(app, office, drafted):
    from registry.procedures.defaults import DEFAULTS

    assert [s["kind"] for s in DEFAULTS["内部管理制度"]["stages"]] == ["drafting", "decision", "publication"]
    assert len(DEFAULTS["规章"]["stages"]) == 9


def _page(app, person, path="/home/"):
    client = app.test_client()
    assert client.post("/auth/login", data={"email": person.email, "password": PASSWORD}).status_code == 302
    return client.get(path).get_data(as_text=True)


def test_countersigning_departments_find_the_draft_waiting_for_them(app, office, drafted):
    from registry.auth.models import User
    from registry.procedures import services
    from registry.rules.queries import rule_by_code

    code = drafted("行政规范性文件")
    with app.app_context():
        run = services.start_run(db.session.get(User, office.drafter.id), rule_by_code(code).versions[-1],
                                 countersign_codes=["CWC", "RSC"])
        run.position = run.procedure.stage_of_kind("countersign").position
        db.session.commit()
        run_id = run.id
    page = _page(app, office.finance)
    assert 'id="procedure-steps"' in page and "to countersign" in page and "Countersigning" in page
    assert 'id="nav-procedures"' in page and '<span class="count"' in page.split('id="nav-procedures"')[1][:200]
    assert f"/procedures/rules/{code}/v/1" in _page(app, office.finance, "/procedures/")
    assert 'id="procedure-steps"' not in _page(app, office.reader)
    assert 'id="procedure-steps"' not in _page(app, office.legal)
    with app.app_context():
        from registry.procedures.models import ProcedureRun

        services.countersign(db.session.get(User, office.finance.id), db.session.get(ProcedureRun, run_id),
                             agree=True)
        db.session.commit()
    assert 'id="procedure-steps"' not in _page(app, office.finance)
    assert "to countersign" in _page(app, office.personnel)
    page = _page(app, office.approver)
    assert 'id="procedure-steps"' not in page and 'id="drafts"' not in page  # not a draft to approve in one step
    with app.app_context():
        services.countersign(db.session.get(User, office.personnel.id), db.session.get(ProcedureRun, run_id),
                             agree=True)
        db.session.commit()
    page = _page(app, office.approver)  # every department signed: the drafting department moves it on
    assert "to act on" in page and 'id="drafts"' not in page


def test_an_accepted_proposal_enters_the_procedure_and_the_drafter_is_told(app, office, make_user):
    from registry.auth.models import Department, User
    from registry.notifications.models import Notification
    from registry.procedures.services import run_of
    from registry.proposals import services as proposals
    from registry.rules import services as rules

    with app.app_context():
        chief = db.session.get(User, office.approver.id)
        rule = rules.create_rule(None, code="BG-500", title="会议管理办法", kind="行政规范性文件",
                                 department=db.session.get(Department, office.departments["BGS"]))
        rules.approve_version(None, rules.add_draft_version(None, rule, "第一条 旧文。\n"), rule.created_at.date(),
                              through_procedure=True)
        proposal = proposals.submit_proposal(db.session.get(User, office.reader.id), rule, "revision", "更新",
                                             body="第一条 新文。\n")
        proposals.accept_proposal(chief, proposal)
        db.session.commit()
        run = run_of(proposal.result_version)
        assert run is not None and run.stage.kind == "drafting"
        told = db.session.scalars(select(Notification.user_id).where(Notification.kind == "procedure.arrived")).all()
        assert office.drafter.id in told


def test_the_cli_seeds_once_and_lists(app, runner, office, drafted):
    from registry.auth.models import User
    from registry.procedures import services
    from registry.rules.queries import rule_by_code

    assert "0 procedure(s) created" in runner.invoke(args=["procedures", "seed"]).output  # the fixture seeded
    code = drafted("规章")
    with app.app_context():
        services.start_run(db.session.get(User, office.drafter.id), rule_by_code(code).versions[-1])
        db.session.commit()
    output = runner.invoke(args=["procedures", "list"]).output
    assert "规章 [规章]: 起草 → 征求意见 → 合法性审核" in output and f"{code} v1 起草" in output


def test_an_admin_changes_a_procedure_and_bad_values_are_refused(app, office, make_user):
    from registry.procedures.models import Procedure

    admin = make_user("admin")
    page = _page(app, admin, "/procedures/settings")
    assert "行政规范性文件" in page and "s3_codes" in page
    client = app.test_client()
    client.post("/auth/login", data={"email": office.approver.email, "password": PASSWORD})
    assert client.get("/procedures/settings").status_code == 403
    client = app.test_client()
    client.post("/auth/login", data={"email": admin.email, "password": PASSWORD})
    with app.app_context():
        from registry.procedures.settings import stages_token

        normative = db.session.scalar(select(Procedure).where(Procedure.name == "行政规范性文件"))
        pid, token = normative.id, stages_token(normative)
    assert token in page  # the form carries the stage list it was filled in on
    stale = client.post("/procedures/settings", data={"procedure_id": str(pid), "stages_token": "1.1.drafting"},
                        follow_redirects=True).get_data(as_text=True)
    assert "changed by someone else" in stale
    base = {"procedure_id": str(pid), "stages_token": token, "kinds": "行政规范性文件, 试行办法", "document_type": "规",
            "consultation_min_days": "10", "consultation_working_days": "1", "effective_delay_days": "0",
            "filing_days": "30", "s3_codes": "FGC,CWC", "s3_clock": "20", "s3_working": "1", "s3_return": "1"}
    for change, message in (({"kinds": "规章"}, "already follows the procedure 规章"),
                            ({"s3_codes": "NOPE"}, "No department has the code(s): NOPE"),
                            ({"filing_days": "x"}, "must be a whole number"),
                            ({"s3_return": "5"}, "must be a whole number from 1 to 2")):
        page = client.post("/procedures/settings", data={**base, **change}, follow_redirects=True)
        assert message in page.get_data(as_text=True)
    page = client.post("/procedures/settings", data=base, follow_redirects=True).get_data(as_text=True)
    assert "Procedure 行政规范性文件 saved" in page
    assert '<option value="CWC" selected>财务处</option>' in page  # the stage's departments, chosen in a list
    chosen = {**base, "s3_codes": ["CWC", "FGC"], "s4_codes_shown": "1"}  # 公平竞争审查: nobody chosen
    page = client.post("/procedures/settings", data=chosen, follow_redirects=True).get_data(as_text=True)
    assert "Named departments act at 公平竞争审查: choose at least one." in page
    chosen["s4_codes"] = ["RSC"]
    page = client.post("/procedures/settings", data=chosen, follow_redirects=True).get_data(as_text=True)
    assert "Procedure 行政规范性文件 saved" in page
    with app.app_context():
        normative = db.session.get(Procedure, pid)
        assert (normative.stage_at(3).department_codes, normative.stage_at(4).department_codes) == ("CWC,FGC", "RSC")
    page = client.post("/procedures/settings", data=base, follow_redirects=True).get_data(as_text=True)
    with app.app_context():
        normative = db.session.get(Procedure, pid)
        assert sorted(k.kind for k in normative.kinds) == ["行政规范性文件", "试行办法"]
        assert normative.consultation_min_days == 10 and normative.stage_at(3).department_codes == "FGC,CWC"
        assert normative.stage_at(3).clock_days == 20 and normative.stage_at(1).clock_days is None
