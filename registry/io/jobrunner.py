"""Run a confirmed web import in a thread of the web process, reporting progress in its status file.

The thread has its own app context (so its own database session) and speaks the uploader's language.
The import is one transaction, as before: a failure rolls everything back, search outbox included.
Leaving the app context applies a deferred search outbox, exactly as the end of a request did.
"""

from __future__ import annotations

import logging
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from flask import Flask

from registry.db import db
from registry.errors import UserFacingError
from registry.i18n import speaking
from registry.io.importer import FileGroup, ImportReport, import_path
from registry.io.jobs import StatusWriter, claim_job, write_result
from registry.io.metadata import load_sheet
from registry.io.uploads import StagedUpload

log = logging.getLogger(__name__)
HEARTBEAT_SECONDS = 2.0


def start_import_job(app: Flask, upload: StagedUpload, *, locale: str, max_bytes: int) -> bool:
    """Start importing a staged upload in the background; False if it was already started."""
    if not claim_job(upload.folder):
        return False
    writer = StatusWriter(upload.folder)
    writer.beat()
    thread = threading.Thread(target=_run, args=(app, upload, writer, locale, max_bytes),
                              name=f"import-{upload.token[:8]}", daemon=True)
    thread.start()
    return True


def _run(app: Flask, upload: StagedUpload, writer: StatusWriter, locale: str, max_bytes: int) -> None:
    stop = threading.Event()
    heartbeat = threading.Thread(target=_beat, args=(writer, stop), daemon=True)
    heartbeat.start()
    try:
        with app.app_context(), speaking(locale):
            report = _import(upload, writer, max_bytes)
            write_result(upload.folder, report)
            writer.update(state="indexing", counts=report.counts(), current="", force=True)
        # The app context is gone: a deferred search outbox has been applied to the index.
        writer.update(state="done", finished_at=time.time(), force=True)
    except UserFacingError as error:
        writer.update(state="failed", error=str(error), finished_at=time.time(), force=True)
    except Exception:
        log.exception("The background import of upload %s failed", upload.token)
        writer.update(state="failed", finished_at=time.time(), force=True)
    finally:
        stop.set()
        _remove_documents(upload)


def _import(upload: StagedUpload, writer: StatusWriter, max_bytes: int) -> ImportReport:
    from registry.auth.models import User

    actor = db.session.get(User, upload.user_id)
    report = ImportReport(keep_items=True)
    metadata = load_sheet(upload.sheet) if upload.sheet else None
    writer.update(state="running", force=True)

    def progress(groups: Iterator[FileGroup]) -> Iterator[FileGroup]:
        groups = list(groups)
        done = len(report.failed)  # members of a .zip refused before the files were grouped
        total = done + sum(len(group.files) for group in groups)
        for group in groups:
            writer.update(total=total, done=done, current=group.label, counts=report.counts())
            yield group
            done += len(group.files)
        writer.update(state="saving", total=total, done=done, current="", counts=report.counts())

    return import_path(upload.document, actor=actor, as_draft=upload.as_draft, metadata=metadata,
                       progress=progress, batch_size=None, max_bytes=max_bytes, report=report,
                       split_compilations=upload.split)


def _beat(writer: StatusWriter, stop: threading.Event) -> None:
    while not stop.wait(HEARTBEAT_SECONDS):
        writer.beat()


def _remove_documents(upload: StagedUpload) -> None:
    """Free the space of the uploaded files; the job's status and report stay until the folder expires."""
    shutil.rmtree(upload.document.parent, ignore_errors=True)
    if upload.sheet:
        Path(upload.sheet).unlink(missing_ok=True)
