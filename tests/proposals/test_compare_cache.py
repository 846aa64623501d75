"""A 新旧对照 is computed once per pair of texts and process, and a changed text is compared afresh."""

from __future__ import annotations

from datetime import date

from registry.db import db
from registry.proposals.compare import compare_texts
from registry.proposals.compare_cache import ComparisonCache
from tests.proposals.conftest import BODY_V1


def test_the_page_and_its_exports_share_one_comparison(app, client, login, office):
    from registry.rules import services
    from registry.rules.queries import rule_by_code

    with app.app_context():
        rule = rule_by_code(office.code)
        services.approve_version(None, services.add_draft_version(None, rule, BODY_V1.replace("定点", "协议")),
                                 date(2025, 1, 1))
        draft = services.add_draft_version(None, rule, BODY_V1.replace("定点", "指定"))
        db.session.commit()
        draft_id = draft.id
    login(office.admin)
    cache = app.extensions["registry_comparisons"]
    url = f"/proposals/compare?code={office.code}&a=1&b=2"
    assert "<ins>协议</ins>" in client.get(url).get_data(as_text=True)
    assert client.get(f"/proposals/compare.docx?code={office.code}&a=1&b=2").status_code == 200
    csv = client.get(f"/proposals/compare.csv?code={office.code}&a=1&b=2").get_data(as_text=True)
    assert "协议" in csv and (cache.misses, cache.hits) == (1, 2)
    assert "<ins>指定</ins>" in client.get(f"/proposals/compare?code={office.code}&a=1&b=3").get_data(as_text=True)
    with app.app_context():  # a draft edited in place has another text, hence another comparison
        services.update_draft(None, db.session.get(type(draft), draft_id), BODY_V1.replace("定点", "约定"), "")
        db.session.commit()
    changed = client.get(f"/proposals/compare?code={office.code}&a=1&b=3").get_data(as_text=True)
    assert "<ins>约定</ins>" in changed and "<ins>指定</ins>" not in changed
    assert cache.misses == 3


def test_the_cache_is_bounded_and_drops_the_least_recently_used():
    texts = [f"第一条 文本{n}。\n\n第二条 相同。\n" for n in range(4)]
    cache = ComparisonCache(max_characters=3 * 2 * len(texts[0]))
    for n in range(3):
        cache.compare(texts[0], texts[n])
    cache.compare(texts[0], texts[0])  # recently used: stays
    cache.compare(texts[0], texts[3])  # over the bound: the oldest other pair goes
    assert len(cache) == 3 and cache.misses == 4 and cache.hits == 1
    again = cache.compare(texts[0], texts[1])
    assert cache.misses == 5 and again.rows == compare_texts(texts[0], texts[1]).rows
    assert ComparisonCache(max_characters=5).compare(texts[0], texts[1]).changes  # too long to keep: computed
