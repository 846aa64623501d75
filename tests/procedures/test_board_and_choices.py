"""The procedures in progress on the reviews dashboard (filtered, cheap), departments chosen from a list, and a
repeal run naming the rule in force that replaces the repealed one."""

from __future__ import annotations

from datetime import date

from registry.db import db
from tests.core.test_query_counts import counted
from tests.procedures.conftest import sign_in


def _page(client, url, **data):
    response = client.post(url, data=data, follow_redirects=True) if data else client.get(url)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _start(app, office, code, *, consult_until=None):
    from registry.auth.models import User
    from registry.procedures import services as s
    from registry.rules.queries import rule_by_code

    with app.app_context():
        drafter = db.session.get(User, office.drafter.id)
        run = s.start_run(drafter, rule_by_code(code).versions[-1])
        if consult_until:
            s.complete_stage(drafter, run, opinion="起草说明")
            s.open_consultation(drafter, run, consult_until)
        db.session.commit()


def test_the_reviews_dashboard_shows_the_procedures_in_progress_per_department(app, office, drafted, make_department,
                                                                               clock):
    from registry.auth.models import Department

    clock.set("2026-11-02")
    consulted, plain = drafted("行政规范性文件"), drafted("内部管理制度")
    _start(app, office, consulted, consult_until=date(2026, 11, 11))
    _start(app, office, plain)
    with app.app_context():
        db.session.get(Department, office.departments["BGS"]).name_en = "General Office"
        db.session.commit()
    clock.set("2026-11-05")
    chief = sign_in(app, office.approver)
    board = _page(chief, "/reviews/").split('id="procedure-board"')[1].split("</section>")[0]
    assert "General Office" in board and f"{consulted} 公务接待管理办法" in board and plain in board
    assert "Consultation" in board and "2026-11-11" in board and "Drafting" in board  # stages in English
    assert f"/procedures/rules/{consulted}/v/1" in board
    row = board.split(f"{plain} ")[1].split("</tr>")[0]
    assert '<td class="num">3</td>' in row  # three days in its stage
    other = make_department("HQ", "总部")
    board = _page(chief, f"/reviews/?department={other}").split('id="procedure-board"')[1].split("</section>")[0]
    assert consulted not in board and "No procedure is in progress" in board  # the dashboard's filter applies
    board = _page(chief, f"/reviews/?department={office.departments['BGS']}").split('id="procedure-board"')[1]
    assert consulted in board.split("</section>")[0]

    reader = sign_in(app, office.reader)  # a reader sees the draft under consultation, not the other
    board = _page(reader, "/reviews/").split('id="procedure-board"')[1].split("</section>")[0]
    assert consulted in board and plain not in board
    assert consulted in _page(chief, "/procedures/")  # its own page stays


def test_the_dashboard_costs_the_same_whatever_the_runs_and_reads_no_draft_text(app, office, drafted, clock):
    clock.set("2026-11-02")
    chief = sign_in(app, office.approver)

    def cost() -> tuple[int, list[str]]:
        chief.get("/reviews/")
        with counted(app) as statements:
            assert chief.get("/reviews/").status_code == 200
        return len(statements), statements

    for _ in range(2):
        _start(app, office, drafted("行政规范性文件"))
    few, statements = cost()
    assert not [s for s in statements if "rule_versions.body" in s]
    for kind in ("内部管理制度", "规章", "行政规范性文件", "内部管理制度"):
        _start(app, office, drafted(kind))
    many, statements = cost()
    assert many == few, "\n".join(statements)
    assert not [s for s in statements if "rule_versions.body" in s]


def test_consulted_departments_are_chosen_from_a_list_named_in_the_viewers_language(app, office, drafted,
                                                                                  set_locale, clock):
    from registry.auth.models import Department

    clock.set("2026-11-02")
    code = drafted("行政规范性文件")
    base = f"/procedures/rules/{code}/v/1"
    with app.app_context():
        db.session.get(Department, office.departments["RSC"]).name_en = "Personnel Office"
        db.session.commit()
    drafter = sign_in(app, office.drafter)
    page = _page(drafter, base)
    assert 'name="countersign" value="CWC"' in page and "Personnel Office" in page  # start: countersigners listed
    _page(drafter, f"{base}/start", countersign=["CWC", "RSC"])
    _page(drafter, f"{base}/act", action="complete", opinion="起草说明")
    page = _page(drafter, base)
    choices = page.split('id="consulted-choices"')[1].split("</fieldset>")[0]
    assert 'type="checkbox" name="consulted" value="RSC"' in choices and "Personnel Office" in choices
    assert "财务处" in choices  # no English name: the Chinese one
    page = _page(drafter, f"{base}/act", action="open", ends_on="2026-11-11", consulted=["RSC", "XYZ"])
    assert "No department has the code(s): XYZ" in page and 'id="consulted"' not in page  # refused, nothing opens
    page = _page(drafter, f"{base}/act", action="open", ends_on="2026-11-11", consulted=["RSC", "CWC"])
    consulted = page.split('id="consulted"')[1].split("</dd>")[0]
    assert "Personnel Office" in consulted and "财务处" in consulted
    set_locale(office.drafter.id, "zh_CN")
    page = _page(sign_in(app, office.drafter), base)
    assert "人事处" in page.split('id="consulted"')[1].split("</dd>")[0]
    with app.app_context():
        from registry.procedures import services
        from registry.rules.queries import rule_by_code

        run = services.run_of(rule_by_code(code).versions[-1])
        assert run.consulted == ["RSC", "CWC"] and run.countersigners == ["CWC", "RSC"]


def test_a_repeal_run_names_its_successor_among_the_rules_in_force(app, office, drafted, clock):
    from registry.auth.models import User
    from registry.procedures import services as s
    from registry.rules.queries import rule_by_code

    clock.set("2026-11-02")
    old, new, draft_only = drafted("内部管理制度"), drafted("内部管理制度"), drafted("内部管理制度")
    with app.app_context():
        drafter, chief = db.session.get(User, office.drafter.id), db.session.get(User, office.approver.id)
        for code in (old, new):
            run = s.start_run(drafter, rule_by_code(code).versions[-1])
            s.complete_stage(drafter, run, opinion="起草说明")
            s.complete_stage(chief, run, meeting="主任办公会", meeting_on=date(2026, 11, 2), decision="同意")
            s.complete_stage(chief, run, published_on=date(2026, 11, 2), interpretation="解读")
        db.session.commit()
        new_id, draft_id = rule_by_code(new).id, rule_by_code(draft_only).id
    chief = sign_in(app, office.approver)
    page = _page(chief, f"/rules/{old}/repeal")
    choices = page.split('name="successor_id"')[1].split("</select>")[0]
    assert f'value="{new_id}"' in choices and f"{new} 公务接待管理办法" in choices
    assert f">{old} " not in choices and f'value="{draft_id}"' not in choices  # itself, and a mere draft, are not
    for bad, message in ((str(draft_id), f"{draft_only} is not"), ("abc", "from the list of rules in force")):
        page = _page(chief, f"/rules/{old}/repeal", reason="已被新办法取代", successor_id=bad)
        assert message in page and "entered the procedure" not in page
    page = _page(chief, f"/rules/{old}/repeal", reason="已被新办法取代", successor_id=str(new_id))
    assert "entered the procedure" in page
    assert f"{new} 公务接待管理办法" in page.split('id="successor"')[1].split("</dd>")[0]

    clock.set("2026-11-20")
    with app.app_context():
        drafter, approver = db.session.get(User, office.drafter.id), db.session.get(User, office.approver.id)
        run = s.run_of(rule_by_code(old).versions[-1])
        assert run.purpose == "repeal" and run.successor.code == new
        s.complete_stage(drafter, run, opinion="废止说明")
        s.complete_stage(approver, run, meeting="主任办公会", meeting_on=date(2026, 11, 20), decision="同意废止")
        assert rule_by_code(old).successor is None  # only the publication repeals and links
        s.complete_stage(approver, run, published_on=date(2026, 11, 20), interpretation="解读")
        db.session.commit()
        repealed = rule_by_code(old)
        assert repealed.repealed_on == date(2026, 11, 20) and repealed.successor.code == new
    page = _page(sign_in(app, office.approver), f"/rules/{old}")
    assert f"/rules/{new}" in page and "Replaced by" in page
