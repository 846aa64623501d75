"""Exports written once per version, format and heading, kept as files, served with an ETag.

A PDF of a long rule takes seconds and its .docx a second, and the version they print never changes. What
else the file shows — the title, code, category, dates of replacement or repeal, the "printed on" date, the
chosen fonts — is small, so the key is the version's id, the format, and a digest of those lines with
`WRITER_VERSION`, which is raised whenever a writer changes what it writes: a changed heading or a new
release gets a new file and a new ETag, and a kept file is right for as long as it is kept. The digest is
also the ETag, so `If-None-Match` is answered with 304 before anything is read or written.

The files live under the instance folder, `exports/<version id>/<format>-<digest>.<ext>`; each node keeps its
own (a second node renders a file once more, never a wrong one). Writing one removes the older files of the
same version and format, so a version keeps one file per format. Deleting the folder is always safe.
"""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from urllib.parse import quote

from flask import Response, current_app, send_file

WRITER_VERSION = "2026-12-02.1"  # raise when pdfwriter, docxwriter or the comparison .docx write otherwise
PRIVATE = "private, no-cache"  # kept by the browser, asked again each time (the reader may lose access)
renders = 0  # files written by this process (tests read it)


def digest(kind: str, parts: Iterable[object]) -> str:
    """Return the key of an export: what it is (`kind`), what it shows (`parts`) and the writers' version."""
    h = hashlib.sha256(f"{WRITER_VERSION}\x1f{kind}".encode())
    for part in parts:
        h.update(b"\x1f" + repr(part).encode())
    return h.hexdigest()[:32]


def folder() -> Path:
    return Path(current_app.instance_path) / "exports"


def kept(owner: str, name: str, key: str, extension: str, make: Callable[[], bytes]) -> Path:
    """Return the file of this export, writing it with `make()` when it is not kept yet.

    `owner` names the version (or pair of versions) it belongs to, `name` the format; the file is written
    to a temporary name and renamed, so a reader never sees half a file and two workers may race harmlessly.
    """
    global renders
    directory = folder() / owner
    path = directory / f"{name}-{key}.{extension}"
    if path.is_file():
        return path
    data = make()
    directory.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=".part-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    renders += 1
    for older in directory.glob(f"{name}-*.{extension}"):
        if older != path:
            older.unlink(missing_ok=True)
    return path


def not_modified(etag: str) -> Response:
    """Answer a download whose ETag the browser already has."""
    response = Response(status=304)
    response.set_etag(etag)
    response.headers["Cache-Control"] = PRIVATE
    return response


def send_kept(path: Path, mimetype: str, filename: str, etag: str) -> Response:
    """Send a kept export as a download with its ETag; the browser asks again with If-None-Match."""
    # Read whole (a few MB at most): a file object left to the WSGI server is closed only if it closes it.
    response = send_file(io.BytesIO(path.read_bytes()), mimetype=mimetype, etag=etag, conditional=True)
    ascii_name = filename.encode("ascii", "ignore").decode() or f"export{path.suffix}"
    response.headers["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}")
    response.headers["Cache-Control"] = PRIVATE
    return response
