"""Register rules that already exist as files: every .md/.txt/.docx/.pdf under a folder (or in a .zip)
becomes a rule.

Files that differ only by a date in the name (公司法(2018-10-26).md, 公司法(2023-12-29).md) are one
rule whose versions take effect on those dates. The rule remembers the file's path without the date
(its `source_path`), so running the import again finds it: unchanged files create nothing and a
changed file becomes a new version. A bad file is refused with a reason while the rest imports; the
work is committed in batches (or all at once, or not at all for a dry run).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import set_committed_value

from registry.auth.permissions import can_approve, can_edit_rule, can_place_rule
from registry.db import db
from registry.errors import UserFacingError, is_duplicate_key
from registry.io import textmeta
from registry.io.annexes import split_annexes
from registry.io.archives import ArchiveLimits, extract_zip
from registry.io.compilations import split_compilation
from registry.io.findings import Findings, examine
from registry.io.metadata import FileMetadata, MetadataSheet
from registry.io.readers import (
    DEFAULT_MAX_BYTES,
    IMAGE_SUFFIXES,
    SUFFIXES,
    UnreadableFile,
    check_size,
    read_document,
    read_source,
    skip_reason,
)
from registry.io.rulefields import rule_fields, update_fields
from registry.rules import attachments, services
from registry.rules.models import Rule

__all__ = ["SUFFIXES", "UnreadableFile", "scan", "import_group", "import_directory", "import_path"]

BATCH = 100


@dataclass
class SourceFile:
    path: Path
    relative: str
    dated_on: date | None
    refusal: str | None = None  # known before reading (a symbolic link …)
    text: str | None = None  # one rule of a compilation, already read and cut from its file
    part_title: str = ""  # that rule's heading in the compilation


@dataclass
class FileGroup:
    """The files that are versions of one rule, oldest first."""

    key: str
    category_path: str
    files: list[SourceFile]
    images: list[SourceFile] = field(default_factory=list)  # pictures that came with the rule: attached to it

    @property
    def label(self) -> str:
        """Name the group as a person would: its file, or the name its dated files share."""
        return self.files[0].relative if len(self.files) == 1 else self.key


@dataclass
class ImportItem:
    """What happened (or, in a dry run, would happen) to one file: shown by the preview and result pages."""

    file: str
    action: str  # created, new_version, unchanged, failed, skipped (not a document: an image, a nested zip)
    code: str = ""
    title: str = ""
    category: str = ""
    articles: int = 0
    effective_on: date | None = None
    warnings: list[str] = field(default_factory=list)
    reason: str = ""
    title_from: str = ""  # where each fact came from, as the preview shows it
    doc_number: str = ""
    doc_number_from: str = ""
    issued_on: date | None = None
    issued_from: str = ""
    effective_from: str = ""
    chapters: int = 0
    notes: list[str] = field(default_factory=list)
    rules_in_file: int = 1  # more than one: a compilation, which the import may split into its rules

    def __post_init__(self) -> None:
        if isinstance(self.issued_on, str):  # read back from a finished job's JSON
            self.issued_on = date.fromisoformat(self.issued_on)


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    new_versions: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    items: list[ImportItem] = field(default_factory=list)
    keep_items: bool = False  # the CLI and the bench keep only the counts, so memory stays flat

    @property
    def summary(self) -> str:
        text = _("%(a)s rules created, %(b)s new versions, %(c)s unchanged, %(d)s failed", a=len(self.created),
                 b=len(self.new_versions), c=len(self.unchanged), d=len(self.failed))
        if self.skipped:
            text += _("; %(n)s skipped", n=len(self.skipped))
        return text

    def counts(self) -> dict[str, int]:
        """Return how many files were created, became new versions, were unchanged or refused so far."""
        return {"created": len(self.created), "new_versions": len(self.new_versions),
                "unchanged": len(self.unchanged), "failed": len(self.failed)}

    def add(self, item: ImportItem) -> None:
        bucket = {"created": self.created, "new_version": self.new_versions, "unchanged": self.unchanged}
        if item.action == "failed":
            self.failed.append((item.file, item.reason))
        elif item.action == "skipped":
            self.skipped.append((item.file, item.reason))
        else:
            bucket[item.action].append(item.file)
        if self.keep_items:
            self.items.append(item)


def scan(directory: Path, skipped: list[tuple[str, str]] | None = None) -> list[FileGroup]:
    """Group the importable files under `directory` into one group per rule (links are not followed).

    Files that are not documents go to `skipped` with the reason (system clutter such as .DS_Store does not).
    """
    groups: dict[str, FileGroup] = {}
    images: list[tuple[Path, str]] = []
    for folder, dirs, names in os.walk(directory, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "__MACOSX")
        for name in sorted(names):
            path = Path(folder) / name
            relative = path.relative_to(directory)
            if path.suffix.lower() in IMAGE_SUFFIXES and not name.startswith(("~$", ".")):
                images.append((path, str(relative).replace("\\", "/")))
                continue
            if path.suffix.lower() not in SUFFIXES or name.startswith(("~$", ".")):
                why = skip_reason(name)
                if why and skipped is not None:
                    skipped.append((str(relative).replace("\\", "/"), why))
                continue
            stem, dated_on = textmeta.split_dated_name(path.stem)
            key = str(relative.with_name(stem + path.suffix)).replace("\\", "/")
            category = "/".join(relative.parts[:-1])
            refusal = "symbolic links are not followed" if path.is_symlink() else None
            group = groups.setdefault(key, FileGroup(key, category, []))
            group.files.append(SourceFile(path, str(relative).replace("\\", "/"), dated_on, refusal))
    for group in groups.values():
        group.files.sort(key=lambda f: (f.dated_on is not None, f.dated_on or date.min))
    for path, relative in images:
        owner, why = image_owner(relative, groups)
        if owner is not None:
            refusal = "symbolic links are not followed" if path.is_symlink() else None
            owner.images.append(SourceFile(path, relative, None, refusal))
        elif skipped is not None:
            skipped.append((relative, why))
    return sorted(groups.values(), key=lambda g: g.key)


def image_owner(relative: str, groups: dict[str, FileGroup]) -> tuple[FileGroup | None, str]:
    """Return the rule a picture belongs with, or why none can own it.

    A picture belongs to the rule whose file name it starts with (规定-附图1.png beside 规定.docx), else
    to the only rule of its folder (a zip of one rule and its scans); in a folder of several rules, or
    of none, it is listed as skipped with the reason.
    """
    image = PurePosixPath(relative)
    here = [g for g in groups.values() if PurePosixPath(g.key).parent == image.parent]
    named = [g for g in here if image.stem.startswith(PurePosixPath(g.key).stem)]
    if named:
        return max(named, key=lambda g: len(PurePosixPath(g.key).stem)), ""
    if len(here) == 1:
        return here[0], ""
    if not here:
        return None, _("an image with no document beside it: images are imported only as attachments of "
                       "the rule in their folder")
    return None, _("its folder holds %(n)s rules: name the image after the one it belongs to "
                   "(<rule file name>-图1.png) to attach it", n=len(here))


def read_text(path: Path) -> str:
    """Read one source file as Markdown text (kept for callers of the first importer)."""
    return read_document(path)


def generated_code(key: str) -> str:
    """Return a stable code for a file that states no document number."""
    return "IMP-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:8].upper()


def _code_for(stated: str, key: str) -> str:
    if stated and db.session.scalar(select(Rule.id).where(Rule.code == stated)) is None:
        return stated
    return generated_code(key)


class ImportRefused(UserFacingError):
    """A file the importing user may not bring in (another department's rule, a department not theirs)."""


def import_group(group: FileGroup, report: ImportReport, *, actor=None, as_draft: bool = False,
                 metadata: MetadataSheet | None = None,
                 max_bytes: int = DEFAULT_MAX_BYTES) -> None:
    """Bring one rule's files into the catalogue, adding only what is new; raise on a bad or refused file.

    Every change passes the checks of the pages (`auth/permissions.py`) for `actor`; None is the
    system itself (restores, benchmarks), which may do anything. Only an approver puts texts in
    force: anyone else's files become drafts, said in each file's warnings.
    """
    rule = db.session.scalar(select(Rule).where(Rule.source_path == group.key))
    approver = actor is None or can_approve(actor)
    if actor is not None and rule is not None and not can_edit_rule(actor, rule):
        raise ImportRefused(_("the file matches a rule you may not change (another department's, or one "
                              "without a department): ask its department or an approver"))
    files = group.files if approver else group.files[-1:]
    items = [ImportItem(skipped.relative, "failed", reason=_(
        "an earlier dated text: only an approver can record it as a version in force"))
        for skipped in group.files[:len(group.files) - len(files)]]
    for position, source in enumerate(files, 1):
        meta = metadata.lookup(source.relative, group.key) if metadata else None
        try:
            if source.refusal:
                raise UnreadableFile(source.refusal)
            text, notes = (source.text, []) if source.text is not None else _read(source.path, max_bytes)
        except (UnreadableFile, OSError) as error:
            error.source = source.relative  # the whole rule is refused; name the file that caused it
            raise
        body = services.normalise_body(text)
        found = examine(body, fallback_title=Path(group.key).stem, sheet_title=meta.title if meta else "",
                        sheet_effective=meta.effective_on if meta else None, name_dated=source.dated_on)
        if source.part_title and not meta:
            found.title, found.title_from = source.part_title, _("its heading in the compilation")
        item = _item(source, found, meta, notes)
        body, annexes = split_annexes(body)  # the annexes become the version's attachments
        if rule is not None and any(v.content_hash == services.content_hash(body) for v in rule.versions):
            items.append(_describe(item, rule))
            continue
        if rule is None:
            fields = rule_fields(meta, group.category_path, item.warnings)
            _check_department(actor, fields)
            rule = services.create_rule(
                actor, code=(meta.code if meta and meta.code else _code_for(found.doc_number, group.key)),
                title=found.title,
                source_path=group.key, **fields,
            )
            set_committed_value(rule, "versions", [])  # a new rule has none: spare the lazy load
            item.action = "created"
        else:
            changes = update_fields(rule, meta, item.warnings)
            if "department" in changes:
                _check_department(actor, changes)
            if changes:
                services.update_rule(actor, rule, **changes)
            item.action = "new_version"
        version = services.add_draft_version(actor, rule, body, _("Imported from %(file)s", file=source.relative))
        version.source_path = source.relative
        version.issued_on = found.issued_on
        for annex in annexes if not version.attachments else ():
            attachments.add_attachment(actor, version, annex.title, body=annex.text)
        if position == len(files) and group.images:  # the pictures go with the newest text
            _attach_images(actor, version, group.images, item, max_bytes)
        if approver and (not as_draft or position < len(files)):  # with --as-draft, earlier texts are history
            item.effective_on = _effective_on(rule, found.effective_on)
            if item.effective_on is not None:  # an undated text stays a draft: no date is invented
                services.approve_version(actor, version, item.effective_on)
        elif not as_draft:
            item.warnings.append(_("imported as a draft: only an approver can put a text in force"))
        items.append(_describe(item, rule))
    for item in items:  # reported only once the whole group went in
        report.add(item)


def _attach_images(actor, version, images: list[SourceFile], item: ImportItem, max_bytes: int) -> None:
    """Attach the pictures that came with a rule to its new version, each as the original file."""
    import mimetypes

    attached = []
    for image in images:
        try:
            if image.refusal:
                raise UnreadableFile(image.refusal)
            check_size(image.path, max_bytes)
            content = image.path.read_bytes()
        except (UnreadableFile, OSError) as error:
            item.warnings.append(_("%(file)s not attached: %(reason)s", file=image.relative, reason=error))
            continue
        media_type = mimetypes.guess_type(image.path.name)[0] or "application/octet-stream"
        attachments.add_attachment(actor, version, image.path.stem, content=content, filename=image.path.name,
                                   media_type=media_type)
        attached.append(image.path.name)
    if attached:
        item.notes.append(_("images attached: %(names)s", names="、".join(attached)))


def _read(path: Path, max_bytes: int) -> tuple[str, list[str]]:
    reading = read_source(path, max_bytes)
    return reading.text, reading.notes


def split_group(group: FileGroup, max_bytes: int = DEFAULT_MAX_BYTES) -> list[FileGroup]:
    """Return one group per rule of a one-file compilation (`<file>#<n>`), or the group itself.

    The parts' keys are their rules' `source_path`, so importing the file again finds each rule.
    A file that cannot be read is left whole: importing it reports why.
    """
    if len(group.files) != 1 or group.files[0].refusal:
        return [group]
    source = group.files[0]
    try:
        text, _notes = _read(source.path, max_bytes)
    except (UnreadableFile, OSError):
        return [group]
    parts = split_compilation(services.normalise_body(text))
    return [FileGroup(f"{group.key}#{n}", group.category_path,
                      [SourceFile(source.path, f"{source.relative}#{n}", source.dated_on, text=part.text,
                                  part_title=part.title)])
            for n, part in enumerate(parts, 1)] or [group]


def _check_department(actor, fields: dict) -> None:
    """Give an editor's new rule their own department; refuse a department they may not place rules in."""
    if actor is None:
        return
    if fields.get("department") is None and not can_place_rule(actor, None):
        fields["department"] = actor.department
    if fields.get("department") is None and not can_place_rule(actor, None):
        raise ImportRefused(_("you belong to no department, so you cannot create rules: ask an administrator"))
    if not can_place_rule(actor, fields.get("department")):
        raise ImportRefused(_("the sheet names a department you may not place rules in (%(name)s)",
                              name=fields["department"].name if fields.get("department") else "—"))


def _item(source: SourceFile, found: Findings, meta: FileMetadata | None, notes: list[str]) -> ImportItem:
    """Return the preview line of one file: its facts with their evidence, and its warnings."""
    return ImportItem(
        source.relative, "unchanged", articles=found.articles, chapters=found.chapters,
        rules_in_file=found.rules_in_file,
        warnings=(meta.warnings if meta else []) + found.warnings, notes=list(notes) + found.notes,
        title_from=found.title_from,
        doc_number=found.doc_number, doc_number_from=found.doc_number_from, issued_on=found.issued_on,
        issued_from=found.issued_from, effective_on=found.effective_on, effective_from=found.effective_from)


def _describe(item: ImportItem, rule: Rule) -> ImportItem:
    item.code, item.title = rule.code, rule.title
    item.category = rule.category.path_name if rule.category else ""
    if rule.department_id is None and rule.owner_id is None and rule.department is None and rule.owner is None:
        item.warnings.append(_("no department or owner: no review reminders will reach anyone"))
    return item


def _effective_on(rule: Rule, stated: date | None) -> date | None:
    """Return the stated date, moved up to the latest version's so the history stays in order."""
    if stated is None:
        return None
    latest = max((v.effective_on for v in rule.versions if v.effective_on), default=None)
    return max(stated, latest) if latest else stated


def import_directory(directory: Path, *, actor=None, as_draft: bool = False,
                     progress: Callable[[Iterator[FileGroup]], Iterator[FileGroup]] | None = None,
                     metadata: MetadataSheet | None = None, dry_run: bool = False,
                     batch_size: int | None = BATCH, max_bytes: int = DEFAULT_MAX_BYTES,
                     report: ImportReport | None = None,
                     split_compilations: bool | frozenset[str] = False) -> ImportReport:
    """Import every rule file under `directory`; bad files are reported, not fatal.

    `split_compilations` (True: every file; a set: the files named as the preview lists them) imports
    each rule of a compilation as a rule of its own.

    Commits every `batch_size` rules (None: once at the end); a dry run rolls everything back.
    An unexpected error rolls back the batch in progress and is raised.
    """
    report = report if report is not None else ImportReport()
    skipped: list[tuple[str, str]] = []
    groups = scan(directory, skipped)
    for name, reason in skipped:
        report.add(ImportItem(name, "skipped", reason=reason))
    iterator = progress(iter(groups)) if progress else iter(groups)
    batched = batch_size and not dry_run
    try:
        for done, whole in enumerate(iterator, 1):
            split = split_compilations is True or (split_compilations and whole.label in split_compilations)
            for group in split_group(whole, max_bytes) if split else [whole]:
                try:
                    _import_group_racing(group, report, actor=actor, as_draft=as_draft, metadata=metadata,
                                         max_bytes=max_bytes)
                except (UserFacingError, OSError) as error:
                    report.add(ImportItem(getattr(error, "source", None) or group.label, "failed",
                                          reason=str(error)))
            if batched and done % batch_size == 0:
                db.session.commit()
                db.session.expunge_all()
                if actor is not None:  # the acting user was expunged with the batch: the next one needs it
                    actor = db.session.merge(actor, load=False)
    except BaseException:
        db.session.rollback()
        raise
    if dry_run:
        db.session.rollback()
    else:
        db.session.commit()
    return report


def _import_group_racing(group: FileGroup, report: ImportReport, **options) -> None:
    """Import one group in a savepoint; when a concurrent import inserted the same rule first, try again once.

    The second try finds the rule the other import committed and adds only what is still new. Should
    it collide again, the group is refused with a reason instead of ending the whole import.
    """
    for attempt in (1, 2):
        try:
            with db.session.begin_nested():
                import_group(group, report, **options)
            return
        except IntegrityError as error:
            if not is_duplicate_key(error):
                raise
            if attempt == 2:
                raise UserFacingError(_("another import added the same rule at the same moment; "
                                        "run the import again to add what is missing")) from error


def import_path(path: Path, *, limits: ArchiveLimits | None = None, **options) -> ImportReport:
    """Import a folder, a .zip of files (unpacked safely into a temporary folder) or a single file."""
    report = options.pop("report", None) or ImportReport(keep_items=options.pop("keep_items", False))
    limits = limits or ArchiveLimits(max_file_bytes=options.get("max_bytes", DEFAULT_MAX_BYTES))
    if path.is_dir():
        return import_directory(path, report=report, **options)
    with tempfile.TemporaryDirectory(prefix="registry-import-") as workdir:
        folder = Path(workdir) / "files"
        folder.mkdir()
        if path.suffix.lower() == ".zip":
            skipped: list[tuple[str, str]] = []
            for name, reason in extract_zip(path, folder, limits, skipped):
                report.add(ImportItem(name, "failed", reason=reason))
            for name, reason in skipped:
                report.add(ImportItem(name, "skipped", reason=reason))
        else:
            refusal = _place_single(path, folder, options.get("max_bytes", DEFAULT_MAX_BYTES))
            if refusal:
                report.add(ImportItem(path.name, "failed", reason=refusal))
                return report
        return import_directory(folder, report=report, **options)


def _place_single(path: Path, folder: Path, max_bytes: int) -> str | None:
    """Copy a single file into the work folder, or return why it is refused."""
    if path.suffix.lower() not in SUFFIXES:
        return _("files of type %(type)s are not imported; use .docx, .doc, .wps, .odt, .pdf, .html, .md, .txt "
                 "or a .zip of them", type=path.suffix or "(none)")
    try:
        check_size(path, max_bytes)
    except UnreadableFile as error:
        return str(error)
    shutil.copyfile(path, folder / path.name)
    return None
