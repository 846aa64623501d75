"""Every page of the crawl, rendered in English, shows no internal value, no piece of the interface in Chinese
(a catalogue translation shown whole, a department's, category's or stage's Chinese name where it has an
English one). The rules' own titles and text stay as the office wrote them."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from babel.messages.pofile import read_po
from sqlalchemy import select

from tests.core import test_no_server_errors
from tests.core.test_chinese_pages import PO, visible_pieces, visible_text
from tests.core.test_no_server_errors import _crawl

# Pages that edit a name in both languages, and the audit trail, which shows values as they were recorded.
BOTH_NAMES = re.compile(r"^/(admin/categories|admin/departments|procedures/settings|admin/audit)")
AUDIT_CHANGE = re.compile(r'<div><span class="muted">[^<]*:</span>.*?</div>', re.S)
# The machine values that are not English words as well (an English page may say "keep" or "editor").
RAW = re.compile(r"\b(under_review|in_force|not_yet_in_force|in_review|legal_review|fair_competition|"
                 r"hard_to_follow|stage_kind|campaign\.opened|review\.due|task\.due)\b")


def chinese_interface_pieces() -> set[str]:
    """The catalogue's Chinese translations of whole entries (headings, buttons, labels) without placeholders."""
    with PO.open("rb") as handle:
        catalogue = read_po(handle)
    return {m.string for m in catalogue if isinstance(m.id, str) and isinstance(m.string, str) and m.string
            and m.string != m.id and "%" not in m.id and re.search("[\u4e00-\u9fff]", m.string)}


def tag_names(app) -> set[str]:
    """Tags are free keywords, in no language: one may read like a heading (上位依据)."""
    from registry.db import db
    from registry.rules.models import Tag

    with app.app_context():
        return set(db.session.scalars(select(Tag.name)))


def chinese_names_with_english(app) -> set[str]:
    """The Chinese names of departments, categories and procedure stages that have an English name."""
    from registry.auth.models import Department
    from registry.db import db
    from registry.labels import LABELS
    from registry.procedures.models import ProcedureStage
    from registry.rules.models import Category

    with app.app_context():
        names = {name for name, english in db.session.execute(select(Department.name, Department.name_en))
                 if english and english != name}
        names |= {name for name, english in db.session.execute(select(Category.name, Category.name_en))
                  if english and english != name}
        names |= {name for name, kind in db.session.execute(select(ProcedureStage.name, ProcedureStage.kind))
                  if kind in LABELS["stage"]}
        return names


@pytest.mark.demo_data
@pytest.mark.parametrize("role", ["admin", "editor"])
def test_english_pages_show_no_raw_value_and_no_chinese_interface(app, client, make_user, login, role, monkeypatch):
    monkeypatch.setattr(test_no_server_errors, "SKIP", re.compile(test_no_server_errors.SKIP.pattern + "|/auth/lang/"))
    login(make_user(role, locale="en"))
    chinese = (chinese_interface_pieces() | chinese_names_with_english(app)) - tag_names(app)
    problems = []
    for url in _crawl(client, limit=120):
        response = client.get(url)
        if not response.mimetype.startswith("text/html") or url.startswith("/api/v1/reference"):
            continue
        html = response.get_data(as_text=True)
        problems += [(url, f"raw {found}") for found in sorted(set(RAW.findall(visible_text(html))))]
        if BOTH_NAMES.match(url):
            continue
        typed = {v for values in parse_qs(urlsplit(url).query).values() for v in values}  # the query, echoed
        pieces = visible_pieces(AUDIT_CHANGE.sub("", html)) - typed
        problems += [(url, f"Chinese {piece}") for piece in sorted(pieces & chinese)]
    assert problems == [], "\n".join(f"{url}: {what}" for url, what in problems)
