"""The state of a web import running in the background, kept in files next to its staged upload.

Progress is not written to the database: the import holds the database's write transaction (on SQLite,
the only write lock) until it commits, and a second session writing progress would wait for it. A small
JSON file replaced atomically (temp file + os.replace) can be read at any moment by any worker of the
node. The job's folder is created with mkdir, which succeeds once: that is the claim that stops a
double-submitted confirmation from importing twice.
"""

from __future__ import annotations

import json
import os
import threading
import time
import uuid
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

from registry.io.importer import ImportItem, ImportReport

JOB_FOLDER = "job"
STATUS_FILE = "status.json"
RESULT_FILE = "result.json"
FINISHED = ("done", "failed")


@dataclass
class JobStatus:
    """What the status page shows: state, files done of total, the current file and the counts so far."""

    state: str = "queued"  # queued → running → saving → indexing → done, or failed
    total: int | None = None
    done: int = 0
    current: str = ""
    counts: dict[str, int] = field(default_factory=dict)
    started_at: float = field(default_factory=time.time)
    heartbeat_at: float = field(default_factory=time.time)
    finished_at: float | None = None
    error: str = ""  # a refusal fit to show; empty with state "failed" means an unexpected error

    @property
    def percent(self) -> int:
        if self.state == "done":
            return 100
        return int(100 * self.done / self.total) if self.total else 0

    @property
    def is_finished(self) -> bool:
        return self.state in FINISHED

    def is_interrupted(self, stale_seconds: float, now: float | None = None) -> bool:
        """True when the job stopped beating without finishing: its process died."""
        return not self.is_finished and (now or time.time()) - self.heartbeat_at > stale_seconds

    def saved_anything(self) -> bool:
        """True once the import's transaction committed (the search index may still be catching up)."""
        return self.state in ("indexing", "done")


def job_folder(upload_folder: Path) -> Path:
    return upload_folder / JOB_FOLDER


def claim_job(upload_folder: Path) -> bool:
    """Mark the upload as being imported; False if it already was (a second click, another worker)."""
    try:
        job_folder(upload_folder).mkdir()
    except FileExistsError:
        return False
    return True


def read_status(upload_folder: Path) -> JobStatus | None:
    """Return the job's last saved status; a claimed job not yet saved counts as queued since its claim."""
    folder = job_folder(upload_folder)
    try:
        return JobStatus(**json.loads((folder / STATUS_FILE).read_text()))
    except FileNotFoundError:
        if not folder.is_dir():
            return None
        claimed_at = folder.stat().st_mtime
        return JobStatus(started_at=claimed_at, heartbeat_at=claimed_at)
    except (OSError, ValueError, TypeError):
        return None


def write_json(path: Path, data) -> None:
    """Replace `path` atomically, so a reader never sees half a file."""
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    temporary.write_text(json.dumps(data, ensure_ascii=False, default=_encode), encoding="utf-8")
    os.replace(temporary, path)


def _encode(value):
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


class StatusWriter:
    """Saves a job's status from the import thread and its heartbeat thread without interleaving."""

    def __init__(self, upload_folder: Path, min_interval: float = 0.2):
        self.folder = job_folder(upload_folder)
        self.status = JobStatus()
        self.min_interval = min_interval
        self._lock = threading.Lock()
        self._saved_at = 0.0

    def update(self, *, force: bool = False, **changes) -> None:
        """Change the status and save it; progress ticks closer than min_interval are saved later."""
        with self._lock:
            state = self.status.state
            for name, value in changes.items():
                setattr(self.status, name, value)
            if force or self.status.state != state or time.monotonic() - self._saved_at >= self.min_interval:
                self._save()

    def beat(self) -> None:
        """Save the status with a fresh heartbeat: the job's process is alive."""
        with self._lock:
            self._save()

    def _save(self) -> None:
        self.status.heartbeat_at = time.time()
        write_json(self.folder / STATUS_FILE, asdict(self.status))
        self._saved_at = time.monotonic()


def write_result(upload_folder: Path, report: ImportReport) -> None:
    """Keep the per-file lines of a finished import for its status page."""
    write_json(job_folder(upload_folder) / RESULT_FILE, [asdict(item) for item in report.items])


def read_result(upload_folder: Path) -> ImportReport | None:
    """Return the finished import's report, or None when there is none (yet)."""
    try:
        rows = json.loads((job_folder(upload_folder) / RESULT_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    report = ImportReport(keep_items=True)
    for row in rows:
        effective_on = row.pop("effective_on", None)
        report.add(ImportItem(**row, effective_on=date.fromisoformat(effective_on) if effective_on else None))
    return report
