"""Driving the web import through the test client: upload, confirm, follow the background job."""

from __future__ import annotations

import io
import re
import time

GOOD = "# 印章管理办法\n\n办发〔2024〕7号\n\n第一条 印章由办公室保管。\n\n第二条 用印须登记。\n"


def upload(client, data: bytes, name: str, **extra):
    return client.post("/io/import", data={"document": (io.BytesIO(data), name), **extra},
                       content_type="multipart/form-data")


def preview_token(client, data: bytes, name: str) -> str:
    """Upload a file and return the token of its preview's confirm button."""
    page = upload(client, data, name).get_data(as_text=True)
    return re.search(r"/io/import/([0-9a-f]{32})", page).group(1)


def follow(client, token: str, timeout: float = 60, until=None) -> dict:
    """Poll the job's status JSON until it has finished (or `until(status)` holds); return the last status."""
    deadline = time.monotonic() + timeout
    while True:
        response = client.get(f"/io/import/{token}/status.json")
        assert response.status_code == 200, response.get_data(as_text=True)
        status = response.get_json()
        if (until or (lambda s: s["finished"]))(status):
            return status
        assert time.monotonic() < deadline, status
        time.sleep(0.05)
