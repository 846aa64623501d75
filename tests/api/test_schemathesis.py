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

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
MAX_EXAMPLES = 12
BODY = "## 第一章 总则\n\n第一条 出差住宿费按标准报销。\n\n第二条 会议费另行规定。\n"


def test_every_operation_keeps_its_document(app, client, login, make_user, make_rule):
    make_rule(code="PUB-1", versions=[(BODY, date(2020, 1, 1))], category="财务/差旅")
    make_rule(code="DRAFT-1", draft=BODY)
    login(make_user("approver"))
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
    assert len(tried) >= 12, tried
