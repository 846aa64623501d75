"""Demo content for the registry: departments, categories, users and the rules of one general office.

Plain data only — the demo loader turns it into database rows. The rules are written for the demo
(they are not any real institution's text) and are dated against 2026-11-29, so that some are overdue
for review, some fall due within 30, 60 or 90 days and one has a revision taking effect on 2027-01-01.
The rule texts live in `data_*.py` modules, one per pair of categories, and are collected here.
"""

from __future__ import annotations

from registry.demo.data_assets import RULES as _ASSET_RULES
from registry.demo.data_documents import RULES as _DOCUMENT_RULES
from registry.demo.data_general import RULES as _GENERAL_RULES
from registry.demo.data_people import RULES as _PEOPLE_RULES
from registry.demo.data_security import RULES as _SECURITY_RULES

DEMO_PASSWORD = "demo-pass-2026"  # every demo account uses it; printed by `make run`

DEPARTMENTS: list[dict] = [
    {"code": "BGS", "name": "办公室", "name_en": "General Office"},
    {"code": "FGC", "name": "法规处", "name_en": "Legal Affairs Division"},
    {"code": "RSC", "name": "人事处", "name_en": "Human Resources Division"},
    {"code": "CWC", "name": "财务处", "name_en": "Finance Division"},
    {"code": "JGSW", "name": "机关事务管理处", "name_en": "Administrative Services Division"},
    {"code": "BMB", "name": "保密办", "name_en": "Secrecy Office"},
    {"code": "XXZX", "name": "信息中心", "name_en": "Information Center"},
]


def _category(name: str, name_en: str, months: int, *children: dict) -> dict:
    """Describe one category of the catalogue with its default review cycle and sub-categories."""
    return {"name": name, "name_en": name_en, "review_cycle_months": months, "children": list(children)}


CATEGORIES: list[dict] = [
    _category(
        "综合管理",
        "General Administration",
        36,
        _category("制度建设", "Rule-making", 36),
        _category("法律事务", "Legal Affairs", 36),
        _category("督查督办", "Supervision and Follow-up", 36),
    ),
    _category(
        "办文",
        "Documents",
        24,
        _category("公文处理", "Official Documents", 24),
        _category("印章管理", "Seals", 24),
        _category("档案管理", "Archives", 36),
    ),
    _category(
        "办会",
        "Meetings",
        24,
        _category("会议管理", "Meeting Management", 24),
        _category("议事决策", "Collective Decision-making", 24),
    ),
    _category(
        "办事",
        "Office Affairs",
        24,
        _category("公务接待", "Official Reception", 36),
        _category("值班值守", "Duty Roster", 12),
    ),
    _category(
        "人事",
        "Personnel",
        24,
        _category("考勤与休假", "Attendance and Leave", 24),
        _category("教育培训", "Training", 36),
    ),
    _category(
        "财务",
        "Finance",
        24,
        _category("经费管理", "Budget and Funds", 24),
        _category("差旅报销", "Travel and Reimbursement", 24),
    ),
    _category(
        "资产",
        "Assets",
        36,
        _category("固定资产", "Fixed Assets", 36),
        _category("采购管理", "Procurement", 24),
    ),
    _category(
        "后勤",
        "Logistics",
        24,
        _category("公务用车", "Official Vehicles", 12),
        _category("食堂管理", "Canteen", 12),
        _category("安全生产", "Workplace Safety", 12),
    ),
    _category(
        "保密",
        "Confidentiality",
        24,
        _category("机要文件", "Classified Documents", 24),
    ),
    _category(
        "信息化",
        "Information Technology",
        24,
        _category("网络与信息安全", "Information Security", 24),
        _category("网站与新媒体", "Websites and New Media", 24),
    ),
]


def _user(email: str, name: str, role: str, department: str, locale: str = "zh_CN") -> dict:
    """Describe one demo account; the address is completed with the demo domain."""
    return {
        "email": f"{email}@registry-demo.example.org",
        "name": name,
        "role": role,
        "department": department,
        "locale": locale,
    }


# Each department's editor owns its rules. The 保密办 (housed in the 办公室) and the 信息中心 have no
# approver of their own: the 办公室 approver, listed first, approves for them.
USERS: list[dict] = [
    _user("admin", "系统管理员", "admin", "XXZX"),
    _user("approver.bgs", "王建国", "approver", "BGS"),
    _user("editor.bgs", "李文静", "editor", "BGS"),
    _user("approver.fgc", "赵明远", "approver", "FGC"),
    _user("editor.fgc", "孙晓雯", "editor", "FGC"),
    _user("approver.rsc", "周海燕", "approver", "RSC"),
    _user("editor.rsc", "吴佳琪", "editor", "RSC"),
    _user("approver.cwc", "郑国平", "approver", "CWC"),
    _user("editor.cwc", "钱晓东", "editor", "CWC"),
    _user("approver.jgsw", "冯志强", "approver", "JGSW"),
    _user("editor.jgsw", "何丽华", "editor", "JGSW"),
    _user("editor.bmb", "马晨", "editor", "BMB"),
    _user("editor.xxzx", "Lin Wei", "editor", "XXZX", "en"),
    _user("reader", "刘洋", "reader", "BGS"),
]

RULES: list[dict] = [
    *_GENERAL_RULES,
    *_DOCUMENT_RULES,
    *_PEOPLE_RULES,
    *_ASSET_RULES,
    *_SECURITY_RULES,
]
