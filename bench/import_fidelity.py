"""Measure how faithfully the importer reads real documents: structure, characters, title, 文号, dates.

    .venv/bin/python bench/import_fidelity.py [--fixtures DIR] [-v] [--pdf]

Reads every document under tests/io/fixtures/docs (each rendering of a real text: the national laws
database's altChunk .docx, PDFs with running headers, footers, page numbers and hard wraps, .txt in
UTF-8/GBK/Big5, .doc/.odt when LibreOffice is installed) exactly as an import does, and compares it
with the document's truth file (tests/io/fixtures/truth/*.json: true title, 文号, issue and effective
dates, number of articles). Prints one line per file and the totals:

- units: articles found vs the true count (structure right when equal, and the file taken for as many
  rules as it holds: numbering that starts again under each heading is not a compilation);
- issued: the issue date (印发/公布, or the latest date of the promulgation notes) right;
- chars: the share of the source text's characters (whitespace aside, its 目录 aside) found in the text;
- title / 文号 / effective date right;
- numbered lines changed: each line of the source text that starts with a number (1. (1) ① 一、 （一）
  …), looked up in the text of the rendered rule page and of the exported .docx (and, with --pdf, of
  each text's PDF export read back); a line whose marker or words differ there counts once per rendering.

Genuine originals (--genuine DIR, default $REGISTRY_GENUINE_DOCS or the shared corpus's genuine/): files as
their publishers issued them (the national laws database's Word downloads, government PDFs, a Word file with
list-numbered headings), listed with their sources and the facts read from each in
tests/io/fixtures/genuine/truth.json. Their files are shared test data, not part of the repository; a file
whose checksum differs from the listed one is not measured. Their reference text is read by other tools
(pdftotext for a PDF, LibreOffice for a .docx, the altChunk's own HTML for a national-laws download), less
the lines the truth lists as page furniture (page numbers, running heads); a numbered line is matched by its
marker and its first words, since the reference keeps the page's hard wraps. A file whose truth gives no
unit count is measured for characters, dates and numbers, not for structure.

Targets: structure right in >= 95 % of files, 0 numbered lines changed, >= 99.5 % of characters kept,
every stated effective date right. Exit 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import email
import email.policy
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections import Counter
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FIXTURES = ROOT / "tests" / "io" / "fixtures"
GENUINE_TRUTH = FIXTURES / "genuine" / "truth.json"
GENUINE_DOCS = Path(os.environ.get("REGISTRY_GENUINE_DOCS", "/work/shared/corpus/genuine"))
PREFIX = 12  # characters of a numbered line's words that identify it where the reference keeps hard wraps

# A numbered line: its marker (1. 1.1 (1) （一） ① 一、 A.) and the text after it.
NUMBERED = re.compile(r"^\s*((?:\d+(?:\.\d+)*[.．、)）]|[(（][\d一二三四五六七八九十百]+[)）]|[①-⑳]"
                      r"|[一二三四五六七八九十百]+、|[A-Z][.．]))\s*(\S.*)$")


@dataclass
class Row:
    file: str
    read: bool
    units: int = 0
    true_units: int = 0
    kept: int = 0
    total: int = 0
    title_ok: bool = False
    number_ok: bool = False
    issued_ok: bool = False
    date_ok: bool = False
    rules: int = 1
    true_rules: int = 1
    stated_date: bool = False
    numbered: int = 0
    renumbered: int = 0
    note: str = ""

    scored: bool = True  # False where the truth gives no unit count

    @property
    def structure_ok(self) -> bool:
        """The top-level units found are the true count, and the file is taken for as many rules as it holds."""
        return self.units == self.true_units and self.rules == self.true_rules


def _chars(text: str) -> Counter[str]:
    """The characters of a text, less spacing, Markdown marks and list bullets (Word draws its bullets)."""
    return Counter(c for c in text if not c.isspace() and c not in "#|*-•◦▪·")


def numbered_lines(text: str, prefix: int | None = None) -> dict[str, str]:
    """Return the numbered lines of a text: the words after the marker (their first `prefix`) → the marker."""
    lines: dict[str, str] = {}
    for line in text.splitlines():
        match = NUMBERED.match(line)
        if match:
            words = _squash(match.group(2))
            if prefix is None or len(words) >= prefix:
                lines.setdefault(words[:prefix] if prefix else words, match.group(1))
    return lines


def _squash(words: str) -> str:
    return "".join(ch for ch in words if not ch.isspace())


def renumbered(source: dict[str, str], shown: str, prefix: int | None = None) -> int:
    """Count the source's numbered lines whose marker differs in (or is missing from) a shown text."""
    found = numbered_lines(shown, prefix)
    return sum(1 for words, marker in source.items() if found.get(words) != marker)


def page_text(body: str) -> str:
    """Return the text a reader sees on the rule page: each rendered section's HTML without its tags."""
    from html import unescape

    from registry.rules.render import render_body

    html = "\n".join(str(section.html) for section in render_body(body).sections)
    html = re.sub(r"<(?:br|/p|/li|/h\d|/tr|/div)\s*/?>", "\n", html)
    return unescape(re.sub(r"<[^>]+>", "", html))


def docx_text(title: str, body: str) -> str:
    """Return the text of the rule's .docx export, read back with python-docx."""
    from docx import Document

    from registry.io.documents import docx_bytes
    from registry.io.exports import rule_document
    from registry.rules.models import Rule, RuleVersion

    version = RuleVersion(number=1, body=body, status="draft")
    rule = Rule(code="BENCH", title=title, versions=[version])
    exported = Document(io.BytesIO(docx_bytes(rule_document(rule, version, None, date(2026, 1, 1)))))
    return "\n".join(p.text for p in exported.paragraphs)


def pdf_text(title: str, body: str) -> str:
    """Return the text of the rule's PDF export, read back as the importer reads a PDF."""
    from registry.io.documents import pdf_bytes
    from registry.io.exports import rule_document
    from registry.io.readers import read_pdf
    from registry.rules.models import Rule, RuleVersion

    version = RuleVersion(number=1, body=body, status="draft")
    rule = Rule(code="BENCH", title=title, versions=[version])
    with tempfile.TemporaryDirectory() as work:
        path = Path(work) / "export.pdf"
        path.write_bytes(pdf_bytes(rule_document(rule, version, None, date(2026, 1, 1))))
        return read_pdf(path)


def pdf_renumbered(path: Path, source: str) -> tuple[int, int]:
    """Return (numbered lines changed in the PDF export, numbered lines) for one document."""
    from registry.io.findings import examine
    from registry.io.readers import read_source
    from registry.rules.services import normalise_body

    body = normalise_body(read_source(path).text)
    wanted = numbered_lines(source)
    return renumbered(wanted, pdf_text(examine(body, fallback_title=path.stem).title, body)), len(wanted)


def measure(path: Path, truth: dict, source: str, prefix: int | None = None) -> Row:
    """Read one document as the importer does and compare it with its truth."""
    from registry.io.findings import examine
    from registry.io.readers import UnreadableFile, read_source
    from registry.rules.services import normalise_body

    row = Row(path.name, False, true_units=truth["articles"] or 0, true_rules=truth.get("rules", 1),
              scored=truth["articles"] is not None)
    expected = _chars(source)
    for line in truth.get("toc", []):
        expected -= _chars(line)
    row.total = sum(expected.values())
    row.stated_date = truth["effective_on"] is not None
    try:
        reading = read_source(path)
    except UnreadableFile as error:
        row.note = str(error)
        return row
    row.read = True
    body = normalise_body(reading.text)
    found = examine(body, fallback_title=path.stem)
    got = _chars(body)
    row.kept = sum(min(n, got[c]) for c, n in expected.items())
    row.units = found.articles
    row.rules = found.rules_in_file
    row.title_ok = found.title == truth.get("titles", {}).get(path.name, truth["title"])
    row.number_ok = (found.doc_number or None) == truth["doc_number"]
    wanted = date.fromisoformat(truth["effective_on"]) if truth["effective_on"] else None
    # A text that states no effective date: none, or its issue date assumed with a warning, is right.
    row.date_ok = found.effective_on == wanted or (wanted is None and found.effective_on == found.issued_on)
    issued = date.fromisoformat(truth["issued_on"]) if truth.get("issued_on") else None
    row.issued_ok = found.issued_on == issued
    wanted_lines = numbered_lines(source, prefix)
    row.numbered = len(wanted_lines)
    page = renumbered(wanted_lines, page_text(body), prefix)
    try:
        exported = renumbered(wanted_lines, docx_text(found.title, body), prefix)
    except ValueError as error:  # the export failed: none of its numbered lines reached the reader
        exported = len(wanted_lines)
        row.note += f" Word export failed: {str(error)[:60]}"
    row.renumbered = page + exported
    if row.renumbered:
        row.note += f" renumbered: page {page}, docx {exported}"
    if not row.title_ok:
        row.note += f" title={found.title!r}"
    if not row.number_ok:
        row.note += f" 文号={found.doc_number!r}"
    if not row.date_ok:
        row.note += f" effective={found.effective_on}"
    if not row.issued_ok:
        row.note += f" issued={found.issued_on}"
    if row.rules != row.true_rules:
        row.note += f" rules in file={row.rules}"
    return row


class _HtmlText(HTMLParser):
    """The text of an HTML page, a line per block (p, div, br, tr …), for the altChunk's reference text."""

    BREAKS = {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "center"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        self.skip += tag in ("script", "style")
        if tag in self.BREAKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        self.skip -= tag in ("script", "style") and self.skip > 0
        if tag in self.BREAKS or tag in ("td", "th"):
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def _altchunk_reference(path: Path) -> str | None:
    """Return the text of a national-laws download's altChunk (its HTML part), or None for other .docx."""
    with zipfile.ZipFile(path) as archive:
        names = [n for n in archive.namelist() if n.lower().endswith((".mht", ".mhtml")) and n.startswith("word/")]
        if not names:
            return None
        message = email.message_from_bytes(archive.read(names[0]), policy=email.policy.compat32)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            raw = part.get_payload(decode=True) or b""
            charset = part.get_content_charset() or "utf-8"
            match = re.search(rb"charset\s*=\s*[\"']?([A-Za-z0-9_-]+)", raw[:2000])
            charset = match.group(1).decode() if match else charset
            html = raw.decode({"gb2312": "gb18030", "gbk": "gb18030"}.get(charset.lower(), charset), "replace")
            parser = _HtmlText()
            parser.feed(html)
            return "".join(parser.parts)
    return None


def without_contents(text: str) -> str:
    """Drop a printed 目录 / Contents: from its title line to the line before its first entry comes again."""
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if re.sub(r"\s+", "", line) in ("目录", "Contents")), None)
    if start is None:
        return text
    seen: set[str] = set()
    for i in range(start + 1, len(lines)):
        key = re.sub(r"\s+", "", lines[i])
        if key and key in seen:
            return "\n".join(lines[:start] + lines[i:])
        if key:
            seen.add(key)
    return text


def reference_text(path: Path, furniture: list[str], contents: bool = False) -> str:
    """Return what a reader of the genuine file sees, read by other tools than the importer's, less its
    page furniture (and its 目录, which the import sets aside, where the truth says it prints one)."""
    if path.suffix.lower() == ".pdf":
        text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True,
                              timeout=120).stdout.decode("utf-8", "replace")
    elif (chunk := _altchunk_reference(path)) is not None:
        text = chunk
    else:
        from registry.io.convert import soffice

        with tempfile.TemporaryDirectory() as out:
            subprocess.run([soffice(), "--headless", "--convert-to", "txt:Text (encoded):UTF8", "--outdir", out,
                            str(path)], capture_output=True, check=True, timeout=300)
            text = (Path(out) / (path.stem + ".txt")).read_text(encoding="utf-8-sig")
    patterns = [re.compile(f) for f in furniture]
    text = "\n".join(line for line in text.replace("\f", "\n").splitlines()
                      if not any(p.match(line.strip()) for p in patterns))
    return without_contents(text) if contents else text


def genuine_rows(directory: Path, truth_path: Path = GENUINE_TRUTH) -> tuple[list[Row], list[str]]:
    """Measure the genuine originals found in `directory`; return the rows and the files not measured."""
    from registry.io.convert import soffice

    rows, missing = [], []
    if shutil.which("pdftotext") is None:
        return [], ["pdftotext (poppler-utils) is not installed: the genuine set needs it for its reference text"]
    for entry in json.loads(truth_path.read_text(encoding="utf-8")):
        path = directory / entry["file"]
        if not path.exists():
            missing.append(f"{entry['file']}: not in {directory}")
            continue
        if hashlib.sha256(path.read_bytes()).hexdigest() != entry["sha256"]:
            missing.append(f"{entry['file']}: not the listed file (checksum differs)")
            continue
        if path.suffix == ".docx" and _altchunk_reference(path) is None and soffice() is None:
            missing.append(f"{entry['file']}: LibreOffice is needed for its reference text")
            continue
        rows.append(measure(path, entry, reference_text(path, entry.get("furniture", []), entry.get("contents", False)),
                            PREFIX))
    return rows, missing


def _mark(right: bool) -> str:
    return "ok" if right else "x"


def _table(rows: list[Row], verbose: bool) -> None:
    print(f"{'file':44} {'read':>4} {'units':>9} {'chars':>7} {'title':>5} {'文号':>4} {'date':>4} {'issued':>6} "
          f"{'numbers':>9}")
    for row in rows:
        share = 100 * row.kept / row.total if row.total else 0
        units = f"{row.units:>4}/{row.true_units:<4}" if row.scored else f"{row.units:>4}/-   "
        print(f"{row.file:44} {'yes' if row.read else 'NO':>4} {units} {share:6.1f}% "
              f"{_mark(row.title_ok):>5} {_mark(row.number_ok):>4} {_mark(row.date_ok):>4} {_mark(row.issued_ok):>6} "
              f"{row.renumbered:>4}/{row.numbered:<4}"
              + (f"  {row.note.strip()}" if verbose and row.note else ""))


def _totals(label: str, rows: list[Row]) -> bool:
    """Print the totals of a set of rows; return whether they meet the targets."""
    if not rows:
        print(f"{label}: no files measured")
        return True
    read = [r for r in rows if r.read]
    scored = [r for r in rows if r.scored]
    structure = sum(r.structure_ok for r in scored)
    kept, total = sum(r.kept for r in rows), sum(r.total for r in rows)
    stated = [r for r in rows if r.stated_date]
    changed = sum(r.renumbered for r in rows)
    print(f"== {label}")
    print(f"files read: {len(read)}/{len(rows)}")
    share = 100 * structure / max(len(scored), 1)
    print(f"structure right: {structure}/{len(scored)} = {share:.1f} %  (target >= 95 %)")
    print(f"units found: {sum(r.units for r in scored)} of {sum(r.true_units for r in scored)} true")
    print(f"characters kept: {kept}/{total} = {100 * kept / max(total, 1):.2f} %  (target >= 99.5 %)")
    print(f"titles right: {sum(r.title_ok for r in rows)}/{len(rows)}; "
          f"文号 right: {sum(r.number_ok for r in rows)}/{len(rows)}")
    print(f"numbered lines whose number changed (page + docx): {changed} of "
          f"{sum(r.numbered for r in rows)} numbered lines  (target 0)")
    print(f"issue dates right: {sum(r.issued_ok for r in rows)}/{len(rows)}")
    print(f"stated effective dates right: {sum(r.date_ok for r in stated)}/{len(stated)}  (target: all)")
    return not (structure < 0.95 * len(scored) or changed or kept < 0.995 * total
                or not all(r.date_ok for r in stated))


def run(fixtures: Path, verbose: bool, with_pdf: bool = False, genuine: Path | None = GENUINE_DOCS) -> int:
    from registry.io.convert import soffice

    rows: list[Row] = []
    skipped: list[str] = []
    for truth_file in sorted((fixtures / "truth").glob("*.json")):
        truth = json.loads(truth_file.read_text(encoding="utf-8"))
        source = (fixtures / "texts" / truth["text"]).read_text(encoding="utf-8")
        for name in truth["documents"]:
            path = fixtures / "docs" / name
            if path.suffix in (".doc", ".odt", ".wps") and soffice() is None:
                skipped.append(name)
                continue
            rows.append(measure(path, truth, source))
    _table(rows, verbose)
    if skipped:
        print(f"(skipped without LibreOffice: {len(skipped)})")
    print()
    met = _totals("renderings of real texts (tests/io/fixtures/docs)", rows)
    real: list[Row] = []
    if genuine is not None:
        print()
        if genuine.is_dir():
            real, missing = genuine_rows(genuine)
            _table(real, verbose)
            for line in missing:
                print(f"not measured: {line}")
            print()
            met = _totals(f"genuine originals ({genuine})", real) and met
        else:
            print(f"genuine originals: {genuine} is not on this machine (shared test data); not measured")
        if real:
            print()
            met = _totals("whole set", rows + real) and met
    pdf_changed = 0
    if with_pdf:  # one PDF export per text (its first rendering): exports are slow on a busy machine
        counted = 0
        for truth_file in sorted((fixtures / "truth").glob("*.json")):
            truth = json.loads(truth_file.read_text(encoding="utf-8"))
            source = (fixtures / "texts" / truth["text"]).read_text(encoding="utf-8")
            changed_here, lines = pdf_renumbered(fixtures / "docs" / truth["documents"][0], source)
            pdf_changed += changed_here
            counted += lines
        print(f"numbered lines whose number changed in the PDF exports: {pdf_changed} of {counted}  (target 0)")
    return 0 if met and not pdf_changed else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fixtures", default=str(FIXTURES))
    parser.add_argument("-v", "--verbose", action="store_true", help="say what was found where a fact is wrong")
    parser.add_argument("--pdf", action="store_true", help="also export each text to PDF and count its numbered lines")
    parser.add_argument("--genuine", default=str(GENUINE_DOCS),
                        help="folder of the genuine originals listed in tests/io/fixtures/genuine/truth.json")
    parser.add_argument("--no-genuine", action="store_true", help="measure the renderings only")
    args = parser.parse_args()

    from registry import create_app

    workdir = Path(tempfile.mkdtemp(prefix="fidelity-bench-"))
    os.environ.setdefault("REGISTRY_INSTANCE_PATH", str(workdir / "instance"))
    app = create_app({"DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}", "SECRET_KEY": "bench"})
    with app.test_request_context():
        return run(Path(args.fixtures), args.verbose, args.pdf, None if args.no_genuine else Path(args.genuine))


if __name__ == "__main__":
    sys.exit(main())
