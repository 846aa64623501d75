"""Schemathesis against the OpenAPI document, through the Flask app (WSGI): no server error, every answer
matches its documented status, content type and schema. Few examples per operation, so it stays quick."""

from __future__ import annotations

import re
from datetime import date

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from registry.db import db

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
MAX_EXAMPLES = 12
BODY = "## 第一章 总则\n\n第一条 出差住宿费按标准报销。\n\n第二条 会议费另行规定。\n"


def _workflow(app, department_id: int, user_id: int) -> None:
    """Give the user something in each workflow list: a rule to read and confirm, a procedure step to act at."""
    from registry.acknowledgements.services import request_acknowledgement
    from registry.auth.models import Department, User
    from registry.procedures.defaults import seed_default_procedures
    from registry.procedures.services import start_run
    from registry.rules import services
    from registry.rules.queries import rule_by_code

    with app.app_context():
        request_acknowledgement(None, rule_by_code("PUB-1").versions[-1], department_ids=[], roles=["approver"],
                                everyone=False, due_on=date(2100, 1, 1))
        seed_default_procedures()
        rule = services.create_rule(None, code="BG-1", title="公务接待管理办法", kind="行政规范性文件",
                                    department=db.session.get(Department, department_id))
        start_run(db.session.get(User, user_id), services.add_draft_version(None, rule, BODY))
        db.session.commit()


def test_every_operation_keeps_its_document(app, client, login, make_user, make_rule, make_department):
    make_rule(code="PUB-1", versions=[(BODY, date(2020, 1, 1))], category="财务/差旅")
    make_rule(code="DRAFT-1", draft=BODY)
    office = make_department()
    user = login(make_user("approver", department_id=office))
    _workflow(app, office, user.id)
    for path in ("/api/v1/acknowledgements/pending", "/api/v1/procedures/waiting"):
        assert client.get(path).get_json()["items"], path  # the schemas are checked on real items
    page = client.post("/account/tokens", data={"name": "schemathesis", "scope": "write"}).get_data(as_text=True)
    headers = {"Authorization": "Bearer " + re.search(r'value="(rgt_[\w-]+)"', page).group(1)}
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app, headers=headers)
    tried = []
    for result in schema.get_all_operations():
        operation = result.ok()
        tried.append(operation.label)

        @settings(max_examples=MAX_EXAMPLES, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def run(case):
            # The WSGI client does not decompress; the compression layer is not what is tested here.
            case.call_and_validate(headers={**headers, "Accept-Encoding": "identity"}, checks=CHECKS)

        run()
    assert len(tried) >= 14, tried
    assert {"GET /api/v1/procedures/waiting", "GET /api/v1/acknowledgements/pending"} <= set(tried)
