"""Convert legacy word-processor files (.doc, .wps, .odt) to .docx through LibreOffice, when installed.

Each conversion runs `soffice --headless --convert-to docx` in its own temporary folder with its own
throw-away user profile (two conversions at once would otherwise fight over one profile lock), in its
own process group, so a timeout ends LibreOffice and every child it started, and nothing is left on
disk or running afterwards.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

from flask import current_app, has_app_context
from flask_babel import gettext as _

from registry.config import Defaults
from registry.errors import UserFacingError

PROGRAMS = ("soffice", "libreoffice")


class ConversionFailed(UserFacingError):
    """LibreOffice is missing, timed out or produced nothing."""


def soffice() -> str | None:
    """Return LibreOffice's command, or None when it is not installed."""
    for name in PROGRAMS:
        found = shutil.which(name)
        if found:
            return found
    return None


def timeout_seconds() -> int:
    """Return how long one conversion may take (the default outside an application)."""
    if has_app_context():
        return int(current_app.config["IMPORT_CONVERT_TIMEOUT_SECONDS"])
    return Defaults.IMPORT_CONVERT_TIMEOUT_SECONDS


@contextlib.contextmanager
def converted_docx(path: Path, timeout: int | None = None) -> Iterator[Path]:
    """Yield a .docx converted from `path` in a temporary folder that is removed afterwards."""
    program = soffice()
    if program is None:
        raise ConversionFailed(_("%(type)s files are read through LibreOffice, which is not installed on the "
                                 "server (an administrator can run `make libreoffice`); save the file as .docx",
                                 type=path.suffix.lower()))
    with tempfile.TemporaryDirectory(prefix="registry-convert-") as work:
        folder = Path(work)
        source = folder / ("source" + path.suffix.lower())  # a plain name: LibreOffice mangles some others
        shutil.copyfile(path, source)
        command = [program, f"-env:UserInstallation=file://{folder / 'profile'}", "--headless", "--norestore",
                   "--nolockcheck", "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(folder / "out"),
                   str(source)]
        _run(command, timeout or timeout_seconds(), folder)
        result = folder / "out" / "source.docx"
        if not result.is_file() or result.stat().st_size == 0:
            raise ConversionFailed(_("LibreOffice could not read the file (damaged, or password-protected?)"))
        yield result


def _run(command: list[str], timeout: int, folder: Path) -> None:
    """Run LibreOffice in its own process group; on timeout end the whole group."""
    env = {**os.environ, "HOME": str(folder)}
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, cwd=folder, env=env, start_new_session=True)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired as error:
        raise ConversionFailed(_("LibreOffice took longer than %(seconds)s seconds to convert the file",
                                 seconds=timeout)) from error
    finally:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)  # the group: soffice.bin and any helper it started
        process.wait()
