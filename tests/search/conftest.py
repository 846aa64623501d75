"""Helpers for the search tests: signed-in clients and a JSON search shortcut."""

from __future__ import annotations

import pytest


@pytest.fixture
def reader(make_user, login):
    return login(make_user("reader"))


@pytest.fixture
def api_search(client):
    """Return a function running GET /api/v1/search with the given arguments."""
    def run(q: str, **args):
        response = client.get("/api/v1/search", query_string={"q": q, **args})
        assert response.status_code == 200, response.get_data(as_text=True)[:500]
        return response.get_json()

    return run


def codes(result: dict) -> list[str]:
    return [hit["code"] for hit in result["hits"]]
