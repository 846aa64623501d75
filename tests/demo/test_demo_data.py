"""The demo data holds together: every reference resolves and the versions tell a believable history."""

from __future__ import annotations

import re
from datetime import date

import pytest

from registry.demo import data

AS_OF = date(2026, 11, 29)  # the day the demo data was written against: its "today"
TOP_CATEGORIES = ["综合管理", "办文", "办会", "办事", "人事", "财务", "资产", "后勤", "保密", "信息化"]
ROLES = {"admin", "approver", "editor", "reader"}
ARTICLE_LINE = re.compile(r"^(第[一二三四五六七八九十百零]+条|Article \d+)\s", re.MULTILINE)

RULES_BY_CODE = {rule["code"]: rule for rule in data.RULES}
USER_EMAILS = {user["email"] for user in data.USERS}
DEPARTMENT_CODES = {department["code"] for department in data.DEPARTMENTS}


def _category_paths(nodes: list[dict], prefix: str = "") -> list[str]:
    paths = []
    for node in nodes:
        path = f"{prefix}{node['name']}"
        paths.append(path)
        paths.extend(_category_paths(node.get("children", []), f"{path}/"))
    return paths


def _category_nodes(nodes: list[dict]) -> list[dict]:
    return [item for node in nodes for item in [node, *_category_nodes(node.get("children", []))]]


def _bodies(rule: dict) -> list[str]:
    bodies = [version["body"] for version in rule["versions"]]
    return bodies + ([rule["draft"]["body"]] if "draft" in rule else [])


def test_departments_are_unique_and_named_in_both_languages():
    assert 7 <= len(data.DEPARTMENTS) <= 9
    assert len(DEPARTMENT_CODES) == len(data.DEPARTMENTS)
    assert all(department["name"] and department["name_en"] for department in data.DEPARTMENTS)


def test_categories_have_the_ten_top_levels_and_english_names():
    assert [node["name"] for node in data.CATEGORIES] == TOP_CATEGORIES
    nodes = _category_nodes(data.CATEGORIES)
    assert all(node["name_en"] for node in nodes)
    assert all(12 <= node["review_cycle_months"] <= 36 for node in nodes)
    paths = _category_paths(data.CATEGORIES)
    assert len(paths) == len(set(paths))


def test_users_cover_every_role_and_resolve_their_department():
    assert 8 <= len(data.USERS) <= 14
    assert len(USER_EMAILS) == len(data.USERS)
    assert {user["role"] for user in data.USERS} == ROLES
    assert all(user["department"] in DEPARTMENT_CODES for user in data.USERS)
    assert {user["locale"] for user in data.USERS} == {"zh_CN", "en"}
    assert isinstance(data.DEMO_PASSWORD, str) and len(data.DEMO_PASSWORD) >= 8


def test_rules_are_many_with_unique_codes_and_cover_everything():
    assert len(data.RULES) >= 34
    assert len(RULES_BY_CODE) == len(data.RULES)
    assert {rule["category"].split("/")[0] for rule in data.RULES} == set(TOP_CATEGORIES)
    assert {rule["department"] for rule in data.RULES} == DEPARTMENT_CODES
    english = [rule for rule in data.RULES if rule["title"].isascii()]
    assert 5 <= len(english) <= 6


@pytest.mark.parametrize("rule", data.RULES, ids=lambda rule: rule["code"])
def test_rule_references_resolve(rule):
    assert rule["category"] in _category_paths(data.CATEGORIES)
    assert rule["department"] in DEPARTMENT_CODES
    assert rule["owner"] in USER_EMAILS
    for key in ("related", "basis"):
        codes = rule.get(key, [])
        assert len(codes) == len(set(codes)), f"{key} lists a code twice"
        assert rule["code"] not in codes
        assert all(code in RULES_BY_CODE for code in codes), f"unknown {key}: {codes}"


def test_each_link_is_listed_once():
    pairs = [frozenset((rule["code"], code)) for rule in data.RULES for code in rule["related"]]
    assert len(pairs) == len(set(pairs))


@pytest.mark.parametrize("rule", data.RULES, ids=lambda rule: rule["code"])
def test_versions_are_dated_in_order_and_each_changes_the_text(rule):
    assert rule["versions"] or rule.get("draft"), "a rule needs a version or a draft"
    dates = [date.fromisoformat(version["effective_on"]) for version in rule["versions"]]
    assert dates == sorted(dates) and len(dates) == len(set(dates))
    bodies = _bodies(rule)
    assert all(earlier != later for earlier, later in zip(bodies, bodies[1:], strict=False))
    for version in [*rule["versions"], *([rule["draft"]] if "draft" in rule else [])]:
        assert version["change_summary"]


@pytest.mark.parametrize("rule", data.RULES, ids=lambda rule: rule["code"])
def test_bodies_are_articles_without_a_title_heading(rule):
    for body in _bodies(rule):
        assert len(ARTICLE_LINE.findall(body)) >= 5
        assert not body.lstrip().startswith("# ")
        assert f"# {rule['title']}" not in body


@pytest.mark.parametrize("rule", [r for r in data.RULES if "repealed" in r], ids=lambda rule: rule["code"])
def test_repeals_follow_the_last_version_and_are_past(rule):
    repealed_on = date.fromisoformat(rule["repealed"]["on"])
    assert date.fromisoformat(rule["versions"][-1]["effective_on"]) < repealed_on <= AS_OF
    assert rule["repealed"]["reason"]
    assert "draft" not in rule


def test_the_demo_shows_every_kind_of_history():
    counts = [len(rule["versions"]) for rule in data.RULES]
    assert counts.count(2) >= 8 and counts.count(3) >= 3
    assert 3 <= sum("repealed" in rule for rule in data.RULES) <= 4
    assert 2 <= sum("draft" in rule for rule in data.RULES) <= 3
    assert any(not rule["versions"] and "draft" in rule for rule in data.RULES)
    future = [
        rule
        for rule in data.RULES
        if rule["versions"] and date.fromisoformat(rule["versions"][-1]["effective_on"]) > AS_OF
    ]
    assert len(future) == 1 and len(future[0]["versions"]) >= 2


def test_some_bodies_have_chapters_and_sections():
    chaptered = [
        rule for rule in data.RULES if re.search(r"^## (第.+章|Chapter \d+) ", _bodies(rule)[-1], re.M)
    ]
    sectioned = [rule for rule in data.RULES if re.search(r"^### 第.+节 ", _bodies(rule)[-1], re.M)]
    assert len(chaptered) >= 10 and len(sectioned) >= 2


@pytest.mark.parametrize("word", ["公务接待", "差旅费", "保管期限", "三重一大", "八项规定"])
def test_searchable_terms_appear_in_the_text(word):
    assert any(word in body for rule in data.RULES for body in _bodies(rule))


def test_the_document_rule_names_the_national_regulation_as_its_basis():
    basis = RULES_BY_CODE["中办发〔2012〕14号"]
    assert basis["category"] == "综合管理"
    assert any(
        "中办发〔2012〕14号" in rule["basis"] for rule in data.RULES if rule["category"] == "办文/公文处理"
    )
