"""Uploads waiting between the preview and the import: a private folder per upload under the instance.

Nothing is written to the database until the user confirms the preview; abandoned uploads are removed
after a day. The folder is the node's own: on several nodes, the confirmation and the job's progress must
reach the node that staged it (sticky sessions). Each instance folder has a node id (`node-id`), and a token
ends with the id of the node that made it, so another node refuses it saying where it belongs.
"""

from __future__ import annotations

import json
import re
import secrets
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from werkzeug.utils import secure_filename

MAX_AGE_SECONDS = 24 * 3600
TOKEN = re.compile(r"^[0-9a-f]{32}$")


@dataclass
class StagedUpload:
    token: str
    folder: Path
    document: Path
    sheet: Path | None
    user_id: int
    as_draft: bool
    split: frozenset[str] = frozenset()  # the compilations (as the preview names them) to split into rules


def uploads_root(instance_path: str) -> Path:
    return Path(instance_path) / "imports"


def safe_name(filename: str, fallback: str) -> str:
    """Keep the (possibly Chinese) file name but never a path; secure_filename would drop Chinese."""
    name = Path((filename or "").replace("\\", "/")).name.strip().lstrip(".")
    name = re.sub(r'[\x00-\x1f<>:"|?*]', "_", name)
    return name[:200] or secure_filename(fallback) or fallback


def max_bytes() -> int:
    """The largest file an upload or import may hold (IMPORT_MAX_FILE_MB), in bytes."""
    return current_app.config["IMPORT_MAX_FILE_MB"] * 1024 * 1024


def node_id(instance_path: str) -> str:
    """Return this node's id (8 hex digits), made once per instance folder."""
    path = Path(instance_path) / "node-id"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            with open(path, "x") as out:
                out.write(secrets.token_hex(4))
        except FileExistsError:  # another worker made it first
            pass
        return path.read_text().strip()


def staged_elsewhere(instance_path: str, token: str) -> str | None:
    """Return the id of the other node whose token this is, or None (unknown, expired, or this node's)."""
    if not TOKEN.match(token or "") or (uploads_root(instance_path) / token).exists():
        return None
    node = token[-8:]
    return None if node == node_id(instance_path) else node


def stage_upload(instance_path: str, document, sheet, user_id: int, as_draft: bool) -> StagedUpload:
    """Save the uploaded file (and sheet) into a fresh private folder; return its token."""
    root = uploads_root(instance_path)
    remove_stale(root)
    token = secrets.token_hex(12) + node_id(instance_path)  # 96 random bits, then the node that holds it
    folder = root / token
    folder.mkdir(parents=True)
    document_path = folder / "upload" / safe_name(document.filename, "upload.bin")
    document_path.parent.mkdir()
    document.save(document_path)
    sheet_path = None
    if sheet is not None and getattr(sheet, "filename", ""):
        sheet_path = folder / ("sheet" + Path(safe_name(sheet.filename, "sheet.csv")).suffix.lower())
        sheet.save(sheet_path)
    (folder / "upload.json").write_text(json.dumps({
        "document": document_path.name, "sheet": sheet_path.name if sheet_path else None,
        "user_id": user_id, "as_draft": as_draft,
    }))
    return load_upload(instance_path, token)


def load_upload(instance_path: str, token: str) -> StagedUpload | None:
    """Return the staged upload with this token, or None if unknown or expired."""
    if not TOKEN.match(token or ""):
        return None
    folder = uploads_root(instance_path) / token
    try:
        info = json.loads((folder / "upload.json").read_text())
    except (OSError, ValueError):
        return None
    return StagedUpload(token, folder, folder / "upload" / info["document"],
                        folder / info["sheet"] if info.get("sheet") else None, info["user_id"], info["as_draft"],
                        frozenset(info.get("split", ())))


def choose_splits(upload: StagedUpload, names: list[str]) -> StagedUpload:
    """Remember which compilations of the previewed upload the confirmed import splits into rules."""
    path = upload.folder / "upload.json"
    info = json.loads(path.read_text())
    info["split"] = sorted({name[:1000] for name in names})[:1000]
    path.write_text(json.dumps(info))
    return StagedUpload(upload.token, upload.folder, upload.document, upload.sheet, upload.user_id,
                        upload.as_draft, frozenset(info["split"]))


def discard_upload(upload: StagedUpload) -> None:
    shutil.rmtree(upload.folder, ignore_errors=True)


def remove_stale(root: Path) -> None:
    """Delete staged uploads older than a day."""
    if not root.is_dir():
        return
    limit = time.time() - MAX_AGE_SECONDS
    for folder in root.iterdir():
        if folder.is_dir() and folder.stat().st_mtime < limit:
            shutil.rmtree(folder, ignore_errors=True)
