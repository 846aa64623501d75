"""Links inside notifications: stored as site paths, made absolute with BASE_URL for e-mail."""

from __future__ import annotations

from flask import current_app


def path_for(endpoint: str, **values) -> str:
    """Build the site path of an endpoint, with or without a request (CLI, background jobs)."""
    return current_app.url_map.bind("localhost").build(endpoint, values)


def absolute(path: str) -> str:
    """Return `path` as a full URL under the configured BASE_URL (already absolute URLs pass through)."""
    if not path or "://" in path:
        return path
    return current_app.config["BASE_URL"].rstrip("/") + "/" + path.lstrip("/")
