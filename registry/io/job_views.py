"""The background web import: confirming a preview starts it; a page and a JSON status follow it.

The page polls the JSON once a second (static/import_progress.js) and reloads itself when the job
ends, to show the report; without JavaScript it refreshes itself. Only the uploader and admins see a job.
"""

from __future__ import annotations

from datetime import UTC, datetime

from flask import abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from registry.auth.permissions import can_follow_import, can_import, require
from registry.io.blueprint import bp
from registry.io.forms import ConfirmForm
from registry.io.jobrunner import start_import_job
from registry.io.jobs import JobStatus, read_result, read_status
from registry.io.uploads import choose_splits, load_upload, max_bytes, staged_elsewhere

COUNTS = ("created", "new_versions", "unchanged", "failed")


def _expired(token: str = "") -> str:
    node = staged_elsewhere(current_app.instance_path, token)
    if node:
        return _("This import is unknown or has expired on this server: it was uploaded to another server of the "
                 "registry (node %(node)s), which alone can confirm and follow it. Upload the file again here, "
                 "or go back to that server (a load balancer should keep each person on one server).", node=node)
    return _("This import is unknown or has expired (uploads are kept for a day). Upload the file again.")


@bp.post("/import/<token>")
def confirm(token: str):
    """Start importing a previewed upload; a second click finds it started and only follows it."""
    require(can_import(current_user))
    staged = load_upload(current_app.instance_path, token)
    if staged is None or staged.user_id != current_user.id:
        flash(_expired(token), "error")
        return redirect(url_for("io.upload"))
    if not ConfirmForm().validate_on_submit():
        abort(400)
    staged = choose_splits(staged, request.form.getlist("split"))
    start_import_job(current_app._get_current_object(), staged, locale=str(get_locale()), max_bytes=max_bytes())
    return redirect(url_for("io.job", token=token))


def _load_job(token: str):
    """Return (upload, status) of a job the current user may follow, or the HTTP status why not."""
    staged = load_upload(current_app.instance_path, token)
    status = read_status(staged.folder) if staged else None
    if status is None:
        return 404
    if not can_follow_import(current_user, staged.user_id):
        return 403
    return staged, status


@bp.get("/import/<token>")
def job(token: str):
    found = _load_job(token)
    if found == 404:
        flash(_expired(token), "error")
        return redirect(url_for("io.upload"))
    require(found != 403)
    staged, status = found
    shown = describe(status)
    report = read_result(staged.folder) if shown["state"] == "done" or shown["saved"] else None
    return render_template("io/job.html", job=shown, report=report, token=token)


@bp.get("/import/<token>/status.json")
def job_status(token: str):
    found = _load_job(token)
    if found == 404:
        return jsonify({"error": {"status": 404, "message": _expired(token)}}), 404
    if found == 403:
        return jsonify({"error": {"status": 403, "message": _("You do not have permission to do this.")}}), 403
    return jsonify(describe(found[1]))


def describe(status: JobStatus) -> dict:
    """The job as the page and the JSON show it, with its messages in the reader's language."""
    stale = current_app.config["IMPORT_JOB_STALE_SECONDS"]
    state = "interrupted" if status.is_interrupted(stale) else status.state
    return {
        "state": state,
        "finished": state in ("done", "failed", "interrupted"),
        "saved": status.saved_anything(),
        "percent": status.percent,
        "done": status.done,
        "total": status.total,
        "current": status.current,
        "counts": {name: status.counts.get(name, 0) for name in COUNTS},
        "progress_text": (_("%(done)s of %(total)s files", done=status.done, total=status.total)
                          if status.total is not None else _("Reading the upload…")),
        "message": _message(state, status),
        "started_at": _iso(status.started_at),
        "heartbeat_at": _iso(status.heartbeat_at),
        "finished_at": _iso(status.finished_at),
    }


def _message(state: str, status: JobStatus) -> str:
    if state == "failed":
        if status.error:
            return _("The import failed and nothing was saved: %(reason)s", reason=status.error)
        return _("The import stopped on an unexpected error and nothing was saved. Try again, or tell the "
                 "administrator.")
    if state == "interrupted":
        if status.saved_anything():
            return _("Interrupted while updating the search index: the rules were saved and the index catches "
                     "up by itself.")
        return _("Interrupted — nothing was imported. Upload the file again.")
    return {
        "queued": _("Starting the import…"),
        "running": _("Importing the files…") if status.total is not None else _("Reading the upload…"),
        "saving": _("Saving the rules…"),
        "indexing": _("Updating the search index…"),
        "done": _("Import finished"),
    }.get(state, state)


def _iso(timestamp: float | None) -> str | None:
    return datetime.fromtimestamp(timestamp, UTC).isoformat(timespec="seconds") if timestamp else None
