"""Page numbers and ids from the query string: nonsense, negative and huge values never reach the database."""

from __future__ import annotations

from datetime import date

import pytest

HUGE = "99999999999999999999"
PAGES = ["0", "-5", "abc", "1e3", HUGE, "-" + HUGE, "9" * 400]
PAGED = ["/rules", "/api/v1/rules", "/admin/audit", "/notifications/", "/reviews/log", "/search?q=办法",
         "/api/v1/search?q=办法"]


@pytest.fixture
def admin(make_user, login, make_rule):
    for n in range(1, 4):
        make_rule(code=f"P-{n}", title=f"第{n}号办法", versions=[("第一条 办法。\n", date(2024, 1, 1))])
    return login(make_user("admin"))


@pytest.mark.parametrize("value", PAGES)
def test_every_paged_list_takes_any_page_number(client, admin, value):
    for url in PAGED:
        separator = "&" if "?" in url else "?"
        response = client.get(f"{url}{separator}page={value}")
        assert response.status_code == 200, f"{url} page={value} answered {response.status_code}"


def test_a_page_past_the_end_shows_the_last_page(app, client, admin):
    app.config["PER_PAGE"] = 2
    listed = client.get(f"/api/v1/rules?page={HUGE}&per_page=2").get_json()
    assert (listed["page"], listed["pages"], [r["code"] for r in listed["items"]]) == (2, 2, ["P-3"])
    assert client.get("/api/v1/rules?page=-3&per_page=2").get_json()["page"] == 1
    html = client.get(f"/rules?page={HUGE}").get_data(as_text=True)
    assert "P-3" in html and "P-1" not in html


HUGE_IDS = [f"/rules?category={HUGE}&department={HUGE}", f"/reviews/?department={HUGE}&owner={HUGE}",
            f"/admin/search/synonyms?edit={HUGE}", f"/proposals/compare?code=P-1&a={HUGE}&b=1",
            f"/export/docx/P-1?version={HUGE}", f"/api/v1/rules?category=-{HUGE}"]


@pytest.mark.parametrize("url", HUGE_IDS)
def test_huge_ids_are_ignored_or_not_found(client, admin, url):
    assert client.get(url).status_code in (200, 404)
