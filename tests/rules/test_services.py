"""Rules, versions and their status over time, through the services."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from registry.db import db
from registry.rules import queries, services
from registry.rules.status import IN_FORCE, NOT_YET_IN_FORCE, REPEALED, rule_status, version_in_force
from tests.conftest import CALENDAR_EDGES

V1 = "第一条 接待工作实行对口负责。\n\n第二条 接待标准按规定执行。\n"
V2 = "第一条 接待工作实行对口负责。\n\n第二条 接待标准按照最新规定执行。\n\n第三条 本办法自发布之日起施行。\n"


def test_point_in_time_answers_every_date(app, make_rule):
    code = make_rule(versions=[(V1, date(2020, 1, 1)), (V2, date(2023, 7, 1))])
    with app.app_context():
        rule = queries.rule_by_code(code)
        assert version_in_force(rule, date(2019, 12, 31)) is None
        assert version_in_force(rule, date(2020, 1, 1)).number == 1
        assert version_in_force(rule, date(2023, 6, 30)).number == 1
        assert version_in_force(rule, date(2023, 7, 1)).number == 2
        assert rule_status(rule, date(2019, 1, 1)) == NOT_YET_IN_FORCE


@pytest.mark.parametrize("clock", CALENDAR_EDGES, indirect=True)
def test_future_effective_date_keeps_the_old_text_in_force(app, make_rule, today):
    code = make_rule(versions=[(V1, today - timedelta(days=100))])
    with app.app_context():
        rule = queries.rule_by_code(code)
        draft = services.add_draft_version(None, rule, V2, "修订第二条")
        services.approve_version(None, draft, today + timedelta(days=30))
        db.session.commit()
        assert version_in_force(rule, today).number == 1
        assert version_in_force(rule, today + timedelta(days=30)).number == 2
        assert rule_status(rule, today) == IN_FORCE


def test_unchanged_text_returns_the_existing_version(app, make_rule, today):
    code = make_rule(versions=[(V1, today)])
    with app.app_context():
        rule = queries.rule_by_code(code)
        again = services.add_draft_version(None, rule, V1.replace("\n", "\r\n"))
        assert again.number == 1 and len(rule.versions) == 1


def test_approved_versions_are_immutable(app, make_rule, today):
    code = make_rule(versions=[(V1, today)])
    with app.app_context():
        version = queries.rule_by_code(code).versions[0]
        with pytest.raises(services.RuleError, match="approved"):
            services.update_draft(None, version, V2, "")
        with pytest.raises(services.RuleError):
            services.approve_version(None, version, today)


def test_only_one_open_draft(app, make_rule, today):
    code = make_rule(versions=[(V1, today)], draft=V2)
    with app.app_context():
        with pytest.raises(services.RuleError, match="still a draft"):
            services.add_draft_version(None, queries.rule_by_code(code), V2 + "第四条 新增。\n")


@pytest.mark.parametrize("clock", CALENDAR_EDGES, indirect=True)
def test_repeal_keeps_history_and_changes_status(app, make_rule, today):
    code = make_rule(versions=[(V1, date(2020, 1, 1))], repealed_on=today)
    with app.app_context():
        rule = queries.rule_by_code(code)
        assert rule_status(rule, today) == REPEALED
        assert rule_status(rule, today - timedelta(days=1)) == IN_FORCE
        assert version_in_force(rule, today) is None
        assert len(rule.versions) == 1
        with pytest.raises(services.RuleError, match="already repealed"):
            services.repeal_rule(None, rule, today, "again")


def test_duplicate_code_is_refused(app, make_rule):
    make_rule(code="GL-001")
    with app.app_context(), pytest.raises(services.RuleError, match="already used"):
        services.create_rule(None, code="GL-001", title="x")


def test_stale_row_version_is_refused(app, make_rule):
    code = make_rule()
    with app.app_context():
        rule = queries.rule_by_code(code)
        with pytest.raises(services.StaleEdit):
            services.update_rule(None, rule, expected_row_version=rule.row_version - 1, title="新标题")


@pytest.mark.parametrize("clock", CALENDAR_EDGES, indirect=True)
def test_status_expression_agrees_with_python(app, make_rule, today):
    make_rule(code="A", versions=[(V1, date(2020, 1, 1))])
    make_rule(code="B", versions=[(V1, today + timedelta(days=5))])
    make_rule(code="C", draft=V1)
    make_rule(code="D", versions=[(V1, date(2020, 1, 1))], repealed_on=date(2021, 1, 1))
    with app.app_context():
        page = queries.catalogue(queries.CatalogueFilters(per_page=50), today)
        by_python = {r.code: rule_status(r, today) for r in page.items}
        assert by_python == {"A": "in_force", "B": "not_yet_in_force", "C": "draft", "D": "repealed"}
        assert page.counts["status"] == {"in_force": 1, "not_yet_in_force": 1, "draft": 1, "repealed": 1}
        for status in by_python.values():
            filtered = queries.catalogue(queries.CatalogueFilters(status=status), today)
            assert [r.code for r in filtered.items] == [c for c, s in by_python.items() if s == status]


def test_related_links_work_both_ways(app, make_rule):
    a, b = make_rule(code="A"), make_rule(code="B")
    with app.app_context():
        rule_a, rule_b = queries.rule_by_code(a), queries.rule_by_code(b)
        services.set_related(rule_a, [rule_b])
        db.session.commit()
        assert [r.code for r in queries.related_rules(rule_b)] == ["A"]
        assert [r.code for r in queries.related_rules(rule_a)] == ["B"]


def test_changes_are_audited(app, make_rule, today):
    from sqlalchemy import select

    from registry.audit.models import AuditEntry

    make_rule(versions=[(V1, today)], repealed_on=today)
    with app.app_context():
        actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
        assert actions == ["rule.create", "version.create", "version.approve", "rule.repeal"]
