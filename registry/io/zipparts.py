"""Read the members of a zip container (.docx, .xlsx, .zip) without trusting their declared sizes.

A 267 KB .docx may hold a document.xml that unpacks to 100 MB: the file-size limit says nothing about
what its parts become. Every part is streamed through a counter that stops and refuses past the
per-part limit, and the parts of one package together past the unpacked limit, before any parser
(python-docx, openpyxl) loads them into memory.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from flask import current_app, has_app_context
from flask_babel import gettext as _

from registry.config import Defaults
from registry.errors import UserFacingError

MB = 1024 * 1024
CHUNK = 1 << 16
MAX_NAME_BYTES = 255  # one path component, as every common file system stores it
MAX_PATH_BYTES = 1024


class OversizedPart(UserFacingError):
    """A part of a container unpacks to more than the limit allows."""


@dataclass(frozen=True)
class UnpackLimits:
    """How far the parts of one container may unpack: each, and all together."""

    part_bytes: int
    total_bytes: int


def unpack_limits() -> UnpackLimits:
    """Return the configured limits (the defaults outside an application, e.g. in the bench)."""
    config = current_app.config if has_app_context() else {
        "IMPORT_MAX_PART_MB": Defaults.IMPORT_MAX_PART_MB, "IMPORT_MAX_UNPACKED_MB": Defaults.IMPORT_MAX_UNPACKED_MB}
    return UnpackLimits(int(config["IMPORT_MAX_PART_MB"]) * MB, int(config["IMPORT_MAX_UNPACKED_MB"]) * MB)


def _too_large(name: str, limit: int) -> OversizedPart:
    return OversizedPart(_("the part %(part)s unpacks to more than %(limit)s MB (a zip bomb?)",
                           part=name, limit=round(limit / MB)))


def read_member(bundle: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    """Return one member's bytes, refusing it as soon as it passes `limit` (whatever its header says)."""
    if info.file_size > limit:
        raise _too_large(info.filename, limit)
    chunks, size = [], 0
    with bundle.open(info) as source:
        while chunk := source.read(CHUNK):
            size += len(chunk)
            if size > limit:
                raise _too_large(info.filename, limit)
            chunks.append(chunk)
    return b"".join(chunks)


def measure_member(bundle: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> int:
    """Return how many bytes a member really unpacks to, refusing past `limit`; keeps nothing."""
    if info.file_size > limit:
        raise _too_large(info.filename, limit)
    size = 0
    with bundle.open(info) as source:
        while chunk := source.read(CHUNK):
            size += len(chunk)
            if size > limit:
                raise _too_large(info.filename, limit)
    return size


def check_package(path: Path, limits: UnpackLimits | None = None) -> None:
    """Refuse a .docx/.xlsx any of whose parts, or all of them together, unpack past the limits.

    The parser that reads the package afterwards gets exactly these bytes: zipfile never yields more
    than a member's declared size, and the declared sizes were measured here.
    """
    limits = limits or unpack_limits()
    total = 0
    with zipfile.ZipFile(path) as bundle:
        for info in bundle.infolist():
            if info.is_dir():
                continue
            total += measure_member(bundle, info, limits.part_bytes)
            if total > limits.total_bytes:
                raise OversizedPart(_("the parts of the file unpack to more than %(limit)s MB (a zip bomb?)",
                                      limit=round(limits.total_bytes / MB)))


def decode_name(info: zipfile.ZipInfo) -> str:
    """Return a member's name: flagged UTF-8 as is, else UTF-8 (Linux zip), else GBK (Chinese Windows)."""
    name = info.filename
    if not info.flag_bits & 0x800:
        try:
            raw = name.encode("cp437")
        except UnicodeEncodeError:
            raw = None
        if raw is not None:
            for encoding in ("utf-8", "gbk"):
                try:
                    name = raw.decode(encoding)
                    break
                except UnicodeDecodeError:
                    continue
    return name.replace("\\", "/")


def name_refusal(name: str) -> str | None:
    """Return why a member name cannot be stored as a file here, or None when it can."""
    if any(ord(c) < 32 or c == "\x7f" for c in name):
        return _("the name holds control characters")
    try:
        encoded = [part.encode("utf-8") for part in name.split("/")]
    except UnicodeEncodeError:
        return _("the name cannot be stored (it is neither UTF-8 nor GBK)")
    if any(len(part) > MAX_NAME_BYTES for part in encoded) or sum(map(len, encoded)) > MAX_PATH_BYTES:
        return _("the name is longer than %(limit)s bytes", limit=MAX_NAME_BYTES)
    return None
