"""Near-duplicate articles: listed on a draft and on a proposed revision, and in the admin's report."""

from __future__ import annotations

from datetime import timedelta

from registry.db import db

MEALS = "接待用餐不得提供高档菜肴和香烟，不得提供酒水，工作餐标准按照当地规定执行，严禁借接待之机大吃大喝。"
MEALS_AGAIN = "接待用餐不得提供高档菜肴和香烟，不得提供酒水，工作餐标准按当地规定执行，严禁借接待之机大吃大喝。"
OTHER = "差旅人员应当按规定等级乘坐交通工具，未按规定等级乘坐的，超支部分由个人自理，不予报销，并追究责任。"
APPROVAL = "出差审批按照分级负责的原则办理，出差人员应当事先填写出差审批单，经批准后方可出差。"
BOILERPLATE = "各部门应当加强组织领导，明确责任分工，认真抓好本办法的贯彻落实，确保各项要求落到实处，取得实效。"


def body(*articles: str) -> str:
    numbers = "一二三四五六七八九十"
    return "\n\n".join(f"第{numbers[i]}条 {text}" for i, text in enumerate(articles)) + "\n"


def test_a_draft_and_a_proposed_revision_list_what_other_rules_already_say(app, office, make_rule, client_for,
                                                                           today):
    from registry.proposals import services as proposals
    from registry.rules.queries import rule_by_code

    make_rule(code="JD-1", title="公务接待管理办法", versions=[(body(OTHER, MEALS), today - timedelta(days=5))])
    make_rule(code="CL-1", title="差旅费管理办法", versions=[(body(APPROVAL), today - timedelta(days=5))],
              draft=body(APPROVAL, MEALS_AGAIN))
    approver = client_for(office["approver"])
    page = approver.get("/rules/CL-1/v/2").get_data(as_text=True)
    panel = page[page.index('id="overlaps"'):]
    assert "Other rules in force say nearly the same" in panel
    assert 'href="/rules/JD-1#art-2"' in panel and "公务接待管理办法 第二条" in panel and "%" in panel
    assert "第一条" not in panel  # its first article says nothing another rule says
    assert 'id="overlaps"' not in approver.get("/rules/JD-1/v/1").get_data(as_text=True)  # approved: not a draft

    with app.app_context():
        from registry.auth.models import User

        clerk = db.session.get(User, office["clerk"].id)
        proposal = proposals.submit_proposal(clerk, rule_by_code("JD-1"), "revision", "补充差旅规定",
                                             body=body(OTHER, MEALS, APPROVAL))
        db.session.commit()
        proposal_id = proposal.id
    shown = client_for(office["clerk"]).get(f"/proposals/{proposal_id}").get_data(as_text=True)
    panel = shown[shown.index('id="overlaps"'):]
    assert 'href="/rules/CL-1#art-1"' in panel and "第三条" in panel
    assert 'href="/rules/JD-1' not in panel  # its own rule is not an overlap


def test_the_report_lists_the_strongest_overlaps_without_boilerplate_or_short_articles(app, office, make_rule,
                                                                                      make_user, client_for, today):
    on = today - timedelta(days=5)
    make_rule(code="JD-1", title="公务接待管理办法", versions=[(body(OTHER, MEALS, "本办法自发布之日起施行。"), on)])
    make_rule(code="JD-2", title="接待工作细则", versions=[(body(MEALS_AGAIN, "本办法自发布之日起施行。"), on)])
    for n in range(10):  # the same closing article in ten rules: boilerplate, not an overlap worth reporting
        make_rule(code=f"BP-{n}", title=f"办法{n}", versions=[(body(BOILERPLATE), on)])
    admin = client_for(make_user("admin"))
    page = admin.get("/overlaps/").get_data(as_text=True)
    rows = page[page.index("<tbody>"):page.index("</tbody>")]
    assert rows.count("<tr>") == 1
    assert 'href="/rules/JD-1#art-2"' in rows and 'href="/rules/JD-2#art-1"' in rows
    assert "BP-" not in rows and "自发布之日起施行" not in rows
    assert client_for(office["approver"]).get("/overlaps/").status_code == 403

    make_rule(code="JD-3", title="会议接待规定", versions=[(body(MEALS), on)])  # the index follows approvals
    rows = admin.get("/overlaps/").get_data(as_text=True)
    assert 'href="/rules/JD-3#art-1"' in rows



def test_signatures_computed_at_once_equal_datasketchs_own():
    import zlib

    from datasketch import MinHash

    from registry.overlaps.detect import NUM_PERM, SEED, signatures, token_set

    sets = [token_set(MEALS), token_set(OTHER), token_set("Annual leave is granted by the head of department."), {"x"}]
    for tokens, made in zip(sets, signatures(sets), strict=True):
        own = MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=zlib.crc32)
        own.update_batch([t.encode() for t in tokens])
        assert (own.hashvalues == made.hashvalues).all()


def _answers(index):
    return ([(o.a.key, o.b.key, round(o.similarity, 6)) for o in index.strongest(1000)],
            sorted(index.signatures), {k: list(v) for k, v in sorted(index.by_rule.items())})


def test_replacing_one_rules_articles_answers_as_a_rebuild_would():
    from registry.overlaps.detect import OverlapIndex, articles_of

    texts = {"A": body(OTHER, MEALS), "B": body(MEALS_AGAIN), "C": body(APPROVAL), "D": body(OTHER)}
    index = OverlapIndex([a for key, text in texts.items() for a in articles_of(key, text, 20)], 0.6)
    changes = [("C", body(APPROVAL, MEALS)), ("B", ""), ("E", body(APPROVAL)), ("A", body(MEALS))]
    for rule_key, text in changes:  # a new version, a repeal, a new rule, a shorter text
        texts[rule_key] = text
        index.replace_rule(rule_key, articles_of(rule_key, text, 20))
        rebuilt = OverlapIndex([a for key, t in texts.items() for a in articles_of(key, t, 20)], 0.6)
        assert _answers(index) == _answers(rebuilt), rule_key
        assert [(a.key, s) for a, s in index.similar(MEALS)] == [(a.key, s) for a, s in rebuilt.similar(MEALS)]
    assert ("C#art-2", "A#art-1") in {(o.b.key, o.a.key) for o in index.strongest()} | {
        (o.a.key, o.b.key) for o in index.strongest()}


def test_an_approval_updates_the_index_in_place_instead_of_rebuilding_it(app, office, make_rule, today, monkeypatch):
    from registry.overlaps import detect, queries
    from registry.rules import services
    from registry.rules.queries import rule_by_code

    on = today - timedelta(days=5)
    make_rule(code="JD-1", title="公务接待管理办法", versions=[(body(OTHER, MEALS), on)])
    make_rule(code="CL-1", title="差旅费管理办法", versions=[(body(APPROVAL), on)])
    builds = []
    monkeypatch.setattr(queries, "OverlapIndex", lambda *args: builds.append(1) or detect.OverlapIndex(*args))
    with app.app_context():
        first, _ = queries.index_in_force(today)
        assert [a.key for a, _s in first.similar(MEALS_AGAIN)] == ["JD-1#art-2"]
        rule = rule_by_code("CL-1")
        services.approve_version(None, services.add_draft_version(None, rule, body(APPROVAL, MEALS_AGAIN)), today)
        db.session.commit()
        index, by_code = queries.index_in_force(today)
        assert index is first and builds == [1]  # updated in place, not rebuilt
        assert [a.key for a, _s in index.similar(MEALS)] == ["JD-1#art-2", "CL-1#art-2"]
        services.repeal_rule(None, rule_by_code("JD-1"), today, "并入差旅费管理办法")
        db.session.commit()
        index, by_code = queries.index_in_force(today)
        assert [a.key for a, _s in index.similar(MEALS)] == ["CL-1#art-2"] and "JD-1" not in by_code
        assert builds == [1]
        rebuilt = detect.OverlapIndex([a for code in ("CL-1",) for a in detect.articles_of(
            code, body(APPROVAL, MEALS_AGAIN), app.config["OVERLAP_MIN_CHARACTERS"])], app.config["OVERLAP_THRESHOLD"])
        assert _answers(index) == _answers(rebuilt)
