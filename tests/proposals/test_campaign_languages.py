"""A closed campaign's result is stored without language: whoever reads it sees it in their own language.

Closed in Chinese, read in English (and the other way round), on the page and in the exports; results frozen
before revision 0016 (names in the closer's language) are converted by the migration.
"""

from __future__ import annotations

import csv
import io
import json

import pytest
from alembic import command
from openpyxl import load_workbook
from sqlalchemy import create_engine, select, text

from registry.auth.models import Department
from registry.db import db
from registry.migrate import alembic_config
from registry.proposals.models import Campaign
from tests.proposals.test_campaigns import items, open_campaign

ENGLISH = {"办公室": "General Office", "财务处": "Finance Division"}


@pytest.fixture
def named_office(app, office):
    with app.app_context():
        for department in db.session.scalars(select(Department)):
            department.name_en = ENGLISH[department.name]
        db.session.commit()
    return office


def _closed(app, client, login, office, closer_language):
    campaign_id = open_campaign(client, login, office)
    ids = items(app, campaign_id)
    login(office.stranger)
    client.post(f"/proposals/campaigns/{campaign_id}/items/{ids['GL-002']}", data={"disposition": "keep"})
    login(office.admin)
    client.get(f"/auth/lang/{closer_language}")
    assert client.post(f"/proposals/campaigns/{campaign_id}/close").status_code == 302
    return campaign_id


def _read(client, campaign_id):
    url = f"/proposals/campaigns/{campaign_id}"
    page = client.get(url).get_data(as_text=True)
    book = load_workbook(io.BytesIO(client.get(f"{url}/export.xlsx").data))
    decisions, progress = (list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets)
    rows = list(csv.DictReader(io.StringIO(client.get(f"{url}/export.csv").data.decode("utf-8-sig"))))
    return page, decisions, progress, rows


@pytest.mark.parametrize("closer, reader, shown, hidden", [
    ("zh_CN", "en", ("General Office", "Finance Division"), ("办公室", "财务处")),
    ("en", "zh_CN", ("办公室", "财务处"), ("General Office", "Finance Division")),
])
def test_a_closed_campaign_speaks_its_readers_language(app, client, login, named_office, closer, reader, shown,
                                                      hidden):
    campaign_id = _closed(app, client, login, named_office, closer)
    with app.app_context():
        stored = json.dumps(db.session.get(Campaign, campaign_id).result, ensure_ascii=False)
    assert all(name in stored for name in ENGLISH), stored
    assert all(name in stored for name in ENGLISH.values()), stored
    login(named_office.owner)
    client.get(f"/auth/lang/{reader}")
    page, decisions, progress, rows = _read(client, campaign_id)
    progress_card = page.index("Progress per department" if reader == "en" else "各部门进度")
    chart = page[progress_card:page.index('id="items"')]
    table = page[page.index('id="items"'):page.index('id="missing"')]
    for name in shown:
        assert f"<title>{name}:" in chart and f"<td>{name}</td>" in table
    for name in hidden:
        assert name not in chart and name not in table
    assert {row[0]: row[2] for row in decisions[1:]} == {"GL-001": shown[0], "GL-002": shown[1]}
    assert {row[0] for row in progress[2:4]} == set(shown)
    assert {row["rule"]: row["department"] for row in rows} == {"GL-001": shown[0], "GL-002": shown[1]}
    decided = {row["rule"]: row["decided_at"] for row in rows}
    assert decided["GL-001"] == "" and decided["GL-002"].startswith("2026-12-01 18:")  # 10:00 UTC is 18:00 in Shanghai


def test_the_migration_converts_results_frozen_in_one_language(database_url):
    config = alembic_config(database_url)
    command.upgrade(config, "0013")
    old = {"total": 2, "done": 1, "percent": 50, "missing": 0, "dispositions": {"keep": 1},
           "departments": [{"name": "General Office", "total": 1, "done": 0, "percent": 0},
                           {"name": "财务处", "total": 1, "done": 1, "percent": 100},
                           {"name": "Dissolved Unit", "total": 0, "done": 0, "percent": 100}],
           "decisions": [{"item": 1, "rule": "GL-001", "title": "办法", "department": "General Office",
                          "disposition": "", "merge_into": "", "note": "", "decided_by": "", "decided_at": ""},
                         {"item": 2, "rule": "GL-002", "title": "办法", "department": "财务处",
                          "disposition": "keep", "merge_into": "", "note": "", "decided_by": "Stranger",
                          "decided_at": "2026-12-01 10:05"}]}
    engine = create_engine(database_url)
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO departments (id, code, name, name_en) VALUES "
                                "(1, 'BGS', '办公室', 'General Office'), (2, 'CWC', '财务处', 'Finance Division')"))
        connection.execute(text("INSERT INTO campaigns (id, title, note, deadline_on, scope, status, opened_at, result)"
                                " VALUES (1, 't', '', '2026-12-31', '{}', 'closed', '2026-12-01 00:00:00', :r)"),
                           {"r": json.dumps(old, ensure_ascii=False)})
    command.upgrade(config, "head")
    with engine.connect() as connection:
        result = connection.execute(text("SELECT result FROM campaigns")).scalar_one()
    result = json.loads(result) if isinstance(result, str) else result
    assert [(d["id"], d["name"], d["name_en"]) for d in result["departments"]] == [
        (1, "办公室", "General Office"), (2, "财务处", "Finance Division"), (None, "Dissolved Unit", "")]
    assert [(d["department_id"], d["decided_at"]) for d in result["decisions"]] == [
        (1, ""), (2, "2026-12-01T10:05:00+00:00")]
    command.downgrade(config, "0013")
    with engine.connect() as connection:
        result = connection.execute(text("SELECT result FROM campaigns")).scalar_one()
    engine.dispose()
    result = json.loads(result) if isinstance(result, str) else result
    assert [d["department"] for d in result["decisions"]] == ["办公室", "财务处"]
    assert result["decisions"][1]["decided_at"] == "2026-12-01 10:05"
