"""A closed campaign's frozen result keeps departments by id (names in both languages) and times in UTC ISO 8601.

Results frozen before this revision held the department names in the language of the person who closed
the campaign, and decision times as "YYYY-MM-DD HH:MM" in UTC. Each name is matched back to its
department (by its Chinese or English name); a name no department has any more is kept as the Chinese name.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-02
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

campaigns = sa.table("campaigns", sa.column("id", sa.Integer), sa.column("result", sa.JSON))
departments = sa.table("departments", sa.column("id", sa.Integer), sa.column("name", sa.String),
                       sa.column("name_en", sa.String))


def _results(connection):
    for campaign_id, result in connection.execute(sa.select(campaigns.c.id, campaigns.c.result)
                                                  .where(campaigns.c.result.isnot(None))):
        yield campaign_id, json.loads(result) if isinstance(result, str) else result


def _save(connection, campaign_id: int, result: dict) -> None:
    connection.execute(campaigns.update().where(campaigns.c.id == campaign_id).values(result=result))


def upgrade() -> None:
    connection = op.get_bind()
    rows = connection.execute(sa.select(departments.c.id, departments.c.name, departments.c.name_en)).all()
    by_name = {name_en: (department_id, name, name_en) for department_id, name, name_en in rows if name_en}
    by_name.update({name: (department_id, name, name_en) for department_id, name, name_en in rows})  # Chinese wins
    for campaign_id, result in list(_results(connection)):
        if not result or all("id" in d for d in result.get("departments", [])):
            continue  # already in the new form
        known = {}
        for department in result.get("departments", []):
            department_id, name, name_en = by_name.get(department["name"], (None, department["name"], ""))
            if department["name"] in ("—", ""):
                department_id, name, name_en = None, "", ""
            known[department["name"]] = department_id
            department.update({"id": department_id, "name": name, "name_en": name_en or ""})
            department.pop("percent", None)
        for decision in result.get("decisions", []):
            decision["department_id"] = known.get(decision.pop("department", None))
            moment = decision.get("decided_at") or ""
            if moment and "T" not in moment:
                decision["decided_at"] = moment.replace(" ", "T") + ":00+00:00"
        _save(connection, campaign_id, result)


def downgrade() -> None:
    connection = op.get_bind()
    for campaign_id, result in list(_results(connection)):
        if not result or not all("id" in d for d in result.get("departments", [])):
            continue
        names = {}
        for department in result.get("departments", []):
            names[department["id"]] = department["name"] or "—"
            total, done = department["total"], department["done"]
            department.update({"name": names[department["id"]],
                               "percent": round(100 * done / total) if total else 100})
            department.pop("id", None)
            department.pop("name_en", None)
        for decision in result.get("decisions", []):
            decision["department"] = names.get(decision.pop("department_id", None), "—")
            moment = decision.get("decided_at") or ""
            if "T" in moment:
                decision["decided_at"] = moment[:16].replace("T", " ")
        _save(connection, campaign_id, result)
