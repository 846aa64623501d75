"""Register rules that already exist as files: every .md/.txt under a folder becomes a rule.

Files that differ only by a date in the name (公司法(2018-10-26).md, 公司法(2023-12-29).md) are one
rule whose versions take effect on those dates. The rule remembers the file's path without the date
(its `source_path`), so running the import again finds it: unchanged files create nothing and a
changed file becomes a new version.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import select

from registry.admin.services import ensure_category_path
from registry.db import db
from registry.errors import UserFacingError
from registry.io import textmeta
from registry.rules import services
from registry.rules.models import Rule

SUFFIXES = {".md", ".markdown", ".txt"}
BATCH = 100


class UnreadableFile(UserFacingError):
    """A file that cannot be turned into a rule, with the reason."""


@dataclass
class SourceFile:
    path: Path
    relative: str
    dated_on: date | None


@dataclass
class FileGroup:
    """The files that are versions of one rule, oldest first."""

    key: str
    category_path: str
    files: list[SourceFile]


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    new_versions: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)

    @property
    def summary(self) -> str:
        return (f"{len(self.created)} rules created, {len(self.new_versions)} new versions, "
                f"{len(self.unchanged)} unchanged, {len(self.failed)} failed")


def scan(directory: Path) -> list[FileGroup]:
    """Group the importable files under `directory` into one group per rule."""
    groups: dict[str, FileGroup] = {}
    for path in sorted(p for p in directory.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES):
        relative = path.relative_to(directory)
        stem, dated_on = textmeta.split_dated_name(path.stem)
        key = str(relative.with_name(stem + path.suffix)).replace("\\", "/")
        category = "/".join(relative.parts[:-1])
        group = groups.setdefault(key, FileGroup(key, category, []))
        group.files.append(SourceFile(path, str(relative).replace("\\", "/"), dated_on))
    for group in groups.values():
        group.files.sort(key=lambda f: (f.dated_on is not None, f.dated_on or date.min))
    return list(groups.values())


def read_text(path: Path) -> str:
    """Read a text file as UTF-8, refusing empty, binary or undecodable files with a reason."""
    data = path.read_bytes()
    if not data.strip():
        raise UnreadableFile("the file is empty")
    if b"\x00" in data[:4096]:
        raise UnreadableFile("the file is binary, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UnreadableFile(f"not valid UTF-8 text ({error.reason} at byte {error.start})") from error
    return text


def generated_code(key: str) -> str:
    """Return a stable code for a file that states no document number."""
    return "IMP-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:8].upper()


def _code_for(text: str, key: str) -> str:
    stated = textmeta.stated_doc_number(text)
    if stated and db.session.scalar(select(Rule.id).where(Rule.code == stated)) is None:
        return stated
    return generated_code(key)


def import_group(group: FileGroup, report: ImportReport, *, actor=None, as_draft: bool = False,
                 today: date | None = None) -> None:
    """Bring one rule's files into the catalogue, adding only what is new."""
    today = today or date.today()
    rule = db.session.scalar(select(Rule).where(Rule.source_path == group.key))
    for source in group.files:
        text = read_text(source.path)
        body = services.normalise_body(text)
        if rule is not None and any(v.content_hash == services.content_hash(body) for v in rule.versions):
            report.unchanged.append(source.relative)
            continue
        if rule is None:
            fallback = Path(group.key).stem
            rule = services.create_rule(
                actor, code=_code_for(text, group.key), title=textmeta.title_of(text, fallback),
                category=ensure_category_path(group.category_path) if group.category_path else None,
                source_path=group.key,
            )
            report.created.append(source.relative)
        else:
            report.new_versions.append(source.relative)
        version = services.add_draft_version(actor, rule, body, f"Imported from {source.relative}")
        version.source_path = source.relative
        if not as_draft:
            effective = source.dated_on or textmeta.stated_effective_date(text) or today
            latest = max((v.effective_on for v in rule.versions if v.effective_on), default=None)
            services.approve_version(actor, version, max(effective, latest) if latest else effective)


def import_directory(directory: Path, *, actor=None, as_draft: bool = False,
                     progress: Callable[[Iterator[FileGroup]], Iterator[FileGroup]] | None = None) -> ImportReport:
    """Import every rule file under `directory`, committing in batches; bad files are reported, not fatal."""
    report = ImportReport()
    groups = scan(directory)
    iterator = progress(iter(groups)) if progress else iter(groups)
    for done, group in enumerate(iterator, 1):
        try:
            with db.session.begin_nested():
                import_group(group, report, actor=actor, as_draft=as_draft)
        except (UserFacingError, OSError) as error:
            report.failed.append((group.key, str(error)))
        if done % BATCH == 0:
            db.session.commit()
            db.session.expunge_all()
    db.session.commit()
    return report
