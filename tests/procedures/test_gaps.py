"""The procedure's remaining paths: the version page points to the procedure, repeal through it, consultation scope,
backlog items entering it."""

from __future__ import annotations

from tests.procedures.conftest import sign_in


def test_the_version_page_links_to_the_procedure_instead_of_approving(app, office, drafted):
    chief = sign_in(app, office.approver)
    staged = drafted("行政规范性文件")
    page = chief.get(f"/rules/{staged}/v/1").get_data(as_text=True)
    assert f"/rules/{staged}/v/1/approve" not in page
    assert 'id="procedure-approval"' in page and f"/procedures/rules/{staged}/v/1" in page
    plain = drafted("")
    page = chief.get(f"/rules/{plain}/v/1").get_data(as_text=True)
    assert f"/rules/{plain}/v/1/approve" in page and 'id="procedure-approval"' not in page


def _through_internal_procedure(run, drafter, chief, published_on):
    from registry.procedures import services as s

    s.complete_stage(drafter, run, opinion="起草说明")
    s.complete_stage(chief, run, meeting="主任办公会", meeting_on=published_on, decision="同意")
    return s.complete_stage(chief, run, published_on=published_on, interpretation="解读")


def test_a_rule_of_a_kind_with_a_procedure_is_repealed_only_through_it(app, office, drafted, clock):
    from datetime import date

    from registry.auth.models import User
    from registry.db import db
    from registry.procedures import services as s
    from registry.rules.queries import rule_by_code
    from registry.rules.services import RuleError, repeal_rule

    clock.set("2026-11-02")
    code = drafted("内部管理制度")
    with app.app_context():
        rule = rule_by_code(code)
        drafter, chief = db.session.get(User, office.drafter.id), db.session.get(User, office.approver.id)
        _through_internal_procedure(s.start_run(drafter, rule.versions[-1]), drafter, chief, date(2026, 11, 2))
        db.session.commit()
        assert rule.versions[-1].status == "approved"
        try:
            repeal_rule(chief, rule, date(2026, 12, 1), "不再适用")
            raise AssertionError("a one-step repeal was accepted")
        except RuleError as refusal:
            assert "Internal management rules" in str(refusal) and "repeal procedure" in str(refusal)
        db.session.rollback()

    chief_client = sign_in(app, office.approver)
    page = chief_client.get(f"/rules/{code}/repeal").get_data(as_text=True)
    assert 'id="repeal-procedure"' in page and 'name="repealed_on"' not in page
    page = chief_client.post(f"/rules/{code}/repeal", data={"reason": " "}, follow_redirects=True).get_data(
        as_text=True)
    assert 'id="repeal-procedure"' in page  # the reason is required: the form explains and nothing starts
    response = chief_client.post(f"/rules/{code}/repeal", data={"reason": "已被新办法取代"})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/procedures/rules/{code}/v/2")
    assert "entered the procedure" in chief_client.get(response.headers["Location"]).get_data(as_text=True)

    clock.set("2026-11-20")
    with app.app_context():
        rule = rule_by_code(code)
        carrier = rule.versions[-1]
        run = s.run_of(carrier)
        assert run.purpose == "repeal" and carrier.status == "draft" and rule.repealed_on is None
        assert carrier.body == rule.versions[0].body and "已被新办法取代" in carrier.change_summary
        assert "carries the repeal" in s.frozen_reason(carrier)
        drafter, chief = db.session.get(User, office.drafter.id), db.session.get(User, office.approver.id)
        s.complete_stage(drafter, run, opinion="废止说明")
        s.complete_stage(chief, run, meeting="主任办公会", meeting_on=date(2026, 11, 20), decision="同意废止")
        assert rule.repealed_on is None  # only publication repeals
        s.complete_stage(chief, run, published_on=date(2026, 11, 20), effective_on=date(2026, 12, 1),
                         interpretation="解读")
        db.session.commit()
        rule = rule_by_code(code)
        assert rule.repealed_on == date(2026, 12, 1)
        assert "已被新办法取代" in rule.repeal_reason and run.document_number in rule.repeal_reason
        assert carrier.status == "approved" and run.status == "done"
    with app.app_context():
        code2 = drafted("内部管理制度")
        rule = rule_by_code(code2)
        chief = db.session.get(User, office.approver.id)
        try:
            s.start_repeal(chief, rule, "不再适用")
            raise AssertionError("a rule with no approved version was put on a repeal")
        except s.ProcedureError as refusal:
            assert "nothing to repeal" in str(refusal)


def test_a_consultation_of_chosen_departments_is_read_and_commented_by_their_staff_only(app, office, drafted,
                                                                                       make_user, clock):
    clock.set("2026-11-02")
    code = drafted("行政规范性文件")
    base = f"/procedures/rules/{code}/v/1"
    drafter = sign_in(app, office.drafter)
    drafter.post(f"{base}/start", data={"countersign": "CWC"})
    drafter.post(f"{base}/act", data={"action": "complete", "opinion": "起草说明"})
    page = drafter.post(f"{base}/act", data={"action": "open", "ends_on": "2026-11-11", "consulted": "XYZ"},
                        follow_redirects=True).get_data(as_text=True)
    assert "XYZ" in page and 'id="consulted"' not in page  # an unknown code is refused, nothing opens
    page = drafter.post(f"{base}/act", data={"action": "open", "ends_on": "2026-11-11", "consulted": "rsc"},
                        follow_redirects=True).get_data(as_text=True)
    assert "人事处" in page.split('id="consulted"')[1].split("</dd>")[0]  # named, not coded
    outsider = sign_in(app, office.reader)  # staff without a department: not consulted
    assert outsider.get(base).status_code == 404
    assert outsider.post(f"{base}/comment", data={"article": "", "text": "意见"}).status_code == 404
    reader_rsc = make_user("reader", office.departments["RSC"], email="clerk@example.org")
    clerk = sign_in(app, reader_rsc)
    assert "Send comment" in clerk.get(base).get_data(as_text=True)
    assert "recorded" in clerk.post(f"{base}/comment", data={"article": "第二条", "text": "建议修改。"},
                                    follow_redirects=True).get_data(as_text=True)
    finance = sign_in(app, office.finance)  # a countersigner takes part and may comment too
    assert "recorded" in finance.post(f"{base}/comment", data={"article": "", "text": "同意。"},
                                      follow_redirects=True).get_data(as_text=True)
    with app.app_context():
        from registry.auth.models import User
        from registry.db import db
        from registry.procedures import consultation, services
        from registry.rules.queries import rule_by_code

        run = services.run_of(rule_by_code(code).versions[-1])
        assert [c.text for c in run.comments] == ["建议修改。", "同意。"]
        try:
            consultation.add_comment(db.session.get(User, office.reader.id), run, "", "也想评论")
            raise AssertionError("a staff member outside the consulted departments commented")
        except services.ProcedureError as refusal:
            assert "RSC" in str(refusal)


def test_a_backlog_item_enacted_as_a_new_rule_enters_the_chosen_kinds_procedure(app, office, clock):
    from datetime import date

    from registry.auth.models import Department, User
    from registry.db import db
    from registry.proposals import backlog

    clock.set("2026-11-02")
    with app.app_context():
        chief = db.session.get(User, office.approver.id)
        item = backlog.propose_missing_rule(chief, title="印章管理办法", need="没有印章管理的规定。",
                                            department=db.session.get(Department, office.departments["BGS"]))
        backlog.advance(chief, item, "accept", drafter=db.session.get(User, office.drafter.id),
                        due_on=date(2026, 11, 30))
        drafter = db.session.get(User, office.drafter.id)
        backlog.advance(drafter, item, "start")
        backlog.advance(drafter, item, "submit")
        db.session.commit()
        item_id = item.id
    client = sign_in(app, office.approver)
    page = client.get(f"/proposals/backlog/{item_id}").get_data(as_text=True)
    assert 'id="enact-new-rule"' in page and "行政规范性文件" in page
    url = f"/proposals/backlog/{item_id}"
    page = client.post(url, data={"action": "enact", "new_rule": "y", "rule_code": "BG-YZ", "kind": "无此类别",
                                  "body": "第一条 印章。\n"}, follow_redirects=True).get_data(as_text=True)
    assert "No procedure is set for the kind" in page
    page = client.post(url, data={"action": "enact", "new_rule": "y", "rule_code": "BG-YZ", "kind": "行政规范性文件",
                                  "body": " "}, follow_redirects=True).get_data(as_text=True)
    assert "first draft" in page
    page = client.post(url, data={"action": "enact", "new_rule": "y", "rule_code": "BG-YZ", "kind": "行政规范性文件",
                                  "body": "第一条 为了规范印章管理，制定本办法。\n"},
                       follow_redirects=True).get_data(as_text=True)
    assert "BG-YZ" in page
    with app.app_context():
        from registry.procedures import services
        from registry.proposals.models import MissingRule
        from registry.rules.queries import rule_by_code

        rule = rule_by_code("BG-YZ")
        assert rule.kind == "行政规范性文件" and rule.title == "印章管理办法" and rule.department.code == "BGS"
        run = services.run_of(rule.versions[-1])
        assert run is not None and run.stage.kind == "drafting" and run.procedure.name == "行政规范性文件"
        assert db.session.get(MissingRule, item_id).rule_id == rule.id


def test_a_review_concluding_repeal_starts_the_repeal_procedure_for_such_a_kind(app, office, drafted, clock):
    from datetime import date

    from registry.auth.models import User
    from registry.db import db
    from registry.procedures import services as s
    from registry.reviews.services import record_review
    from registry.rules.queries import rule_by_code

    clock.set("2026-11-02")
    code = drafted("内部管理制度")
    with app.app_context():
        rule = rule_by_code(code)
        drafter, chief = db.session.get(User, office.drafter.id), db.session.get(User, office.approver.id)
        _through_internal_procedure(s.start_run(drafter, rule.versions[-1]), drafter, chief, date(2026, 11, 2))
        record_review(chief, rule, reviewed_on=date(2026, 11, 2), outcome="repeal", notes="评估后废止")
        db.session.commit()
        assert rule.repealed_on is None
        run = s.run_of(rule.versions[-1])
        assert run.purpose == "repeal" and run.repeal_reason == "评估后废止"
