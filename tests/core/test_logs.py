"""Every log line of a request carries its id; the id comes back in a header and on error pages."""

from __future__ import annotations

import io
import json
import logging

import pytest

from registry import create_app
from registry.auth.policy import POLICY, READERS, Access
from tests.conftest import PASSWORD


@pytest.fixture
def noisy_client(make_app, make_user, monkeypatch):
    """A signed-in client of an app with a view that logs a line and one that fails."""
    user = make_user("reader")

    def factory(**overrides):
        application = make_app(**overrides)

        def speak():
            logging.getLogger("registry.rules.views").info("looked at the catalogue")
            return "ok"

        def fail():
            raise RuntimeError("a bug")

        application.add_url_rule("/test/speak", "test_speak", speak)
        application.add_url_rule("/test/fail", "test_fail", fail)
        for endpoint in ("test_speak", "test_fail"):
            monkeypatch.setitem(POLICY, endpoint, Access(READERS))
        client = application.test_client()
        client.post("/auth/login", data={"email": user.email, "password": PASSWORD})
        return client

    return factory


def _get(client, path, **headers):
    stream = io.StringIO()  # the WSGI server's error stream, where the registry logs during a request
    response = client.get(path, headers=headers, errors_stream=stream)
    return response, stream.getvalue().splitlines()


def test_a_line_logged_in_a_view_carries_the_request_id(noisy_client):
    client = noisy_client()
    response, lines = _get(client, "/test/speak")
    request_id = response.headers["X-Request-ID"]
    assert len(request_id) == 32
    assert lines[0].endswith(f" INFO [{request_id}] registry.rules.views: looked at the catalogue")
    other, _ = _get(client, "/test/speak")
    assert other.headers["X-Request-ID"] != request_id


def test_a_sane_incoming_request_id_is_kept_and_a_hostile_one_replaced(noisy_client):
    client = noisy_client()
    response, lines = _get(client, "/test/speak", **{"X-Request-ID": "lb-7f3a.42"})
    assert response.headers["X-Request-ID"] == "lb-7f3a.42" and "[lb-7f3a.42]" in lines[0]
    for hostile in ("x" * 200, "<script>alert(1)</script>", "a b", ""):
        response, lines = _get(client, "/test/speak", **{"X-Request-ID": hostile})
        assert response.headers["X-Request-ID"] != hostile and len(response.headers["X-Request-ID"]) == 32


def test_json_lines(noisy_client):
    client = noisy_client(LOG_FORMAT="json")
    response, lines = _get(client, "/test/speak")
    entry = json.loads(lines[0])
    assert entry["request_id"] == response.headers["X-Request-ID"]
    assert entry["message"] == "looked at the catalogue" and entry["level"] == "INFO"
    assert entry["logger"] == "registry.rules.views"


def test_the_500_page_shows_the_id_that_the_log_line_carries(noisy_client):
    client = noisy_client(LOG_FORMAT="json")
    response, lines = _get(client, "/test/fail", **{"Accept-Language": "zh-CN"})
    assert response.status_code == 500
    request_id = response.headers["X-Request-ID"]
    assert f'<code class="request-id">{request_id}</code>' in response.get_data(as_text=True)
    entry = json.loads(lines[0])
    assert entry["request_id"] == request_id and entry["level"] == "ERROR"
    assert "RuntimeError: a bug" in entry["exception"]


def test_an_unknown_log_format_is_refused_at_start(app_settings, tmp_path, monkeypatch):
    monkeypatch.setenv("REGISTRY_INSTANCE_PATH", str(tmp_path / "instance-x"))
    with pytest.raises(ValueError, match="LOG_FORMAT='xml'"):
        create_app({**app_settings, "LOG_FORMAT": "xml"})
