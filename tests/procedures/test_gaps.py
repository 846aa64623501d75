"""The procedure's remaining paths: the version page points to the procedure, repeal through it, consultation scope,
backlog items entering it."""

from __future__ import annotations

from tests.conftest import PASSWORD


def _sign_in(app, person):
    client = app.test_client()
    response = client.post("/auth/login", data={"email": person.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_the_version_page_links_to_the_procedure_instead_of_approving(app, office, drafted):
    chief = _sign_in(app, office.approver)
    staged = drafted("行政规范性文件")
    page = chief.get(f"/rules/{staged}/v/1").get_data(as_text=True)
    assert f"/rules/{staged}/v/1/approve" not in page
    assert 'id="procedure-approval"' in page and f"/procedures/rules/{staged}/v/1" in page
    plain = drafted("")
    page = chief.get(f"/rules/{plain}/v/1").get_data(as_text=True)
    assert f"/rules/{plain}/v/1/approve" in page and 'id="procedure-approval"' not in page
