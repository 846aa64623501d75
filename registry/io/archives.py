"""Unpack an uploaded .zip safely: every member is checked before a byte is written.

Refused members (paths that escape the folder, links, encrypted or oversized entries, zip-bomb ratios)
are reported with a reason and skipped; the rest is extracted. An archive whose declared total is too
large, or that is not a zip at all, is refused whole.
"""

from __future__ import annotations

import contextlib
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from flask_babel import gettext as _

from registry.errors import UserFacingError
from registry.io.readers import DEFAULT_MAX_BYTES, IMAGE_SUFFIXES, SUFFIXES, skip_reason
from registry.io.zipparts import decode_name, name_refusal


class UnsafeArchive(UserFacingError):
    """The whole archive is refused (not a zip, or too large in total)."""


@dataclass(frozen=True)
class ArchiveLimits:
    max_file_bytes: int = DEFAULT_MAX_BYTES
    max_total_bytes: int = 512 * 1024 * 1024
    max_members: int = 10_000
    max_ratio: int = 100  # uncompressed/compressed; text compresses ~5-10x, bombs ~1000x
    ratio_floor: int = 1024 * 1024  # small members may compress well without being suspect


def member_name(info: zipfile.ZipInfo) -> str:
    """Return the member's name: UTF-8 first (flagged or not), then GBK from Chinese Windows."""
    return decode_name(info)


def safe_relative(name: str) -> PurePosixPath | None:
    """Return the member path if it stays inside the target folder, else None."""
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return None
    parts = [p for p in PurePosixPath(name).parts if p not in ("", ".")]
    if not parts or any(p == ".." for p in parts):
        return None
    return PurePosixPath(*parts)


def _refusal(info: zipfile.ZipInfo, name: str, relative: PurePosixPath | None, limits: ArchiveLimits) -> str | None:
    if relative is None:
        return _("the path leaves the archive's folder")
    unstorable = name_refusal(name)
    if unstorable:
        return unstorable
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        return _("symbolic links are not extracted")
    if info.flag_bits & 0x1:
        return _("the entry is password-protected")
    if info.file_size > limits.max_file_bytes:
        return _("the file is %(size)s MB, larger than the %(limit)s MB limit",
                 size=round(info.file_size / 1048576), limit=round(limits.max_file_bytes / 1048576))
    if info.file_size > limits.ratio_floor and info.file_size > limits.max_ratio * max(info.compress_size, 1):
        return _("the entry expands far more than any document would (a zip bomb?)")
    return None


def extract_zip(archive: Path, target: Path, limits: ArchiveLimits | None = None,
                skipped: list[tuple[str, str]] | None = None) -> list[tuple[str, str]]:
    """Extract the importable members of `archive` into `target`; return [(member, reason)] refused.

    Documents and images are extracted (the import attaches each image to the rule it came with);
    other members (a zip inside the zip …) go to `skipped` with the reason.
    """
    limits = limits or ArchiveLimits()
    try:
        bundle = zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, OSError) as error:
        raise UnsafeArchive(_("not a readable .zip archive (%(error)s)", error=error)) from error
    refused: list[tuple[str, str]] = []
    with bundle:
        members = [i for i in bundle.infolist() if not i.is_dir()]
        if len(members) > limits.max_members:
            raise UnsafeArchive(_("the archive holds %(n)s files; at most %(limit)s are accepted",
                                  n=len(members), limit=limits.max_members))
        declared = sum(i.file_size for i in members)
        if declared > limits.max_total_bytes:
            raise UnsafeArchive(_("the archive would expand to %(size)s MB, more than the %(limit)s MB limit",
                                  size=round(declared / 1048576), limit=round(limits.max_total_bytes / 1048576)))
        root = target.resolve()
        for info in members:
            name = member_name(info)
            relative = safe_relative(name)
            wanted = SUFFIXES | IMAGE_SUFFIXES  # pictures too: the import attaches them to their rule
            if relative is not None and relative.suffix.lower() not in wanted:
                why = skip_reason(relative.name)
                if why and skipped is not None:
                    skipped.append((name, why))
                continue
            reason = _refusal(info, name, relative, limits)
            destination = (root / relative) if relative is not None else None
            if reason is None and root not in _resolved_parents(destination):
                reason = _("the path leaves the archive's folder")
            if reason is None:
                reason = _copy_member(bundle, info, destination, limits.max_file_bytes)
            if reason:
                refused.append((name, reason))
    return refused


def _resolved_parents(destination: Path) -> list[Path]:
    try:
        return list(destination.resolve().parents)
    except (OSError, RuntimeError):  # a name the file system cannot hold, a loop
        return []


def _copy_member(bundle: zipfile.ZipFile, info: zipfile.ZipInfo, destination: Path, max_bytes: int) -> str | None:
    """Stream one member to disk, stopping if it produces more than declared (lying headers)."""
    written = 0
    try:
        destination.parent.mkdir(parents=True, exist_ok=True)
        with bundle.open(info) as source, destination.open("wb") as sink:
            while chunk := source.read(1 << 16):
                written += len(chunk)
                if written > max(info.file_size, 0) or written > max_bytes:
                    raise UnsafeArchive(_("the entry is larger than its header says"))
                sink.write(chunk)
    except (UnsafeArchive, zipfile.BadZipFile, RuntimeError, OSError, EOFError, ValueError) as error:
        with contextlib.suppress(OSError):
            destination.unlink(missing_ok=True)
        reason = str(error) if isinstance(error, UnsafeArchive) else _("the entry is damaged (%(error)s)",
                                                                       error=type(error).__name__)
        return reason
    return None
