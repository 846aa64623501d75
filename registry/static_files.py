"""Static files: versioned URLs, cached for a year by browsers, served without touching the database.

`url_for('static', filename=...)` adds `?v=<content hash>`; a response to a URL whose `v` is the file's current
hash is `Cache-Control: public, max-age=31536000, immutable`, since a changed file gets a new URL. A URL with
another (or no) `v` is answered as before, with `no-cache`, so a page cached from an older release still works.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from flask import Flask, Response, request

YEAR = 365 * 24 * 3600


class StaticVersions:
    """The content hash of each static file, computed once per file and modification time."""

    def __init__(self, folder: str) -> None:
        self.folder = Path(folder)
        self._hashes: dict[str, tuple[int, str]] = {}

    def version(self, filename: str) -> str | None:
        """Return a short hash of the file's content, or None when it does not exist."""
        path = self.folder / filename
        try:
            mtime = os.stat(path).st_mtime_ns
        except OSError:
            return None
        known = self._hashes.get(filename)
        if known is None or known[0] != mtime:
            known = (mtime, hashlib.sha256(path.read_bytes()).hexdigest()[:12])
            self._hashes[filename] = known
        return known[1]


def init_app(app: Flask) -> None:
    """Version static URLs and give the responses to versioned URLs a year's cache lifetime."""
    versions = StaticVersions(app.static_folder)

    @app.url_defaults
    def add_version(endpoint: str, values: dict) -> None:
        if endpoint == "static" and "v" not in values and (v := versions.version(values.get("filename", ""))):
            values["v"] = v

    @app.after_request
    def cache_versioned(response: Response) -> Response:
        if request.endpoint == "static" and response.status_code == 200 and request.args.get("v") \
                and request.args["v"] == versions.version(request.view_args.get("filename", "")):
            response.cache_control.no_cache = None
            response.cache_control.public = True
            response.cache_control.max_age = YEAR
            response.cache_control.immutable = True
        return response
