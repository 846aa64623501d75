"""Genuine originals: files as their publishers issued them, and the layouts found in them.

The originals themselves (listed with sources and checksums in tests/io/fixtures/genuine/truth.json) are
shared test data, not part of the repository: `test_genuine_original_reads_as_its_truth` reads each from
$REGISTRY_GENUINE_DOCS (default: the shared corpus's genuine/ folder) and is skipped where it is not there.
The other tests rebuild, in small files made here, what those originals showed the importer getting wrong:
Word lists that share their counters, memoranda's subject lines and release dates, titled English sections
that hold their own prose, numbers that run on across unnumbered topics, a note wrapped over two lines,
control characters from an OCR layer.
"""

from __future__ import annotations

import hashlib
import json
import os
from datetime import date
from pathlib import Path

import pytest

from registry.io import textmeta
from registry.io.findings import examine
from registry.io.readers import read_source
from registry.rules.articles import parse_body
from registry.rules.services import normalise_body

TRUTH = Path(__file__).parent / "fixtures" / "genuine" / "truth.json"
GENUINE = Path(os.environ.get("REGISTRY_GENUINE_DOCS", "/work/shared/corpus/genuine"))
ENTRIES = json.loads(TRUTH.read_text(encoding="utf-8"))
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def test_the_truth_lists_each_original_with_its_source_and_checksum():
    assert len(ENTRIES) >= 15
    for entry in ENTRIES:
        assert set(entry["source"]) == {"repo", "commit", "path"}, entry["file"]
        assert len(entry["source"]["commit"]) == 40 and len(entry["sha256"]) == 64, entry["file"]
        assert entry["licence"] and entry["publisher"] and entry["title"], entry["file"]
    kinds = {Path(e["file"]).suffix for e in ENTRIES}
    assert {".pdf", ".docx"} <= kinds


@pytest.mark.parametrize("entry", ENTRIES, ids=[e["file"] for e in ENTRIES])
def test_genuine_original_reads_as_its_truth(app, entry):
    path = GENUINE / entry["file"]
    if not path.exists():
        pytest.skip(f"{entry['file']} is not in {GENUINE} (shared test data, not part of the repository)")
    if hashlib.sha256(path.read_bytes()).hexdigest() != entry["sha256"]:
        pytest.skip(f"{path} is not the listed file")
    with app.test_request_context():
        found = examine(normalise_body(read_source(path).text), fallback_title=path.stem)
    known_misses = set(entry.get("known_misses", []))
    facts = {
        "articles": (found.articles, entry["articles"]),
        "rules": (found.rules_in_file, entry["rules"]),
        "title": (found.title, entry["title"]),
        "doc_number": (found.doc_number or None, entry["doc_number"]),
        "issued_on": (found.issued_on, entry["issued_on"] and date.fromisoformat(entry["issued_on"])),
        "effective_on": (found.effective_on, entry["effective_on"] and date.fromisoformat(entry["effective_on"])),
    }
    if entry["articles"] is None:
        del facts["articles"], facts["rules"]
    if entry["effective_on"] is None:  # none stated: none, or the issue date assumed with a warning
        got = facts.pop("effective_on")[0]
        assert got is None or got == found.issued_on or "effective_on" in known_misses, got
    wrong = {name: got for name, (got, want) in facts.items() if got != want and name not in known_misses}
    assert not wrong, wrong
    assert not known_misses & {name for name, (got, want) in facts.items() if got == want}, \
        "a known miss is now right: take it off the entry's known_misses"


def _numbered_docx(path: Path) -> Path:
    """A Word file like NHS bodies' constitutions: '1. Introduction' typed, then 1.1 by Word's list, then the
    next chapter by a second w:num of the same abstract list, then a list of its own restarting at 1."""
    from docx import Document
    from docx.oxml import parse_xml

    doc = Document()
    numbering = doc.part.numbering_part.element
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {W} w:abstractNumId="80"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
        '<w:lvlText w:val="%1"/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
        '<w:lvlText w:val="%1.%2"/></w:lvl></w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {W} w:numId="81"><w:abstractNumId w:val="80"/></w:num>'))
    numbering.append(parse_xml(f'<w:num {W} w:numId="82"><w:abstractNumId w:val="80"/></w:num>'))
    numbering.append(parse_xml(
        f'<w:num {W} w:numId="83"><w:abstractNumId w:val="80"/>'
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'))
    doc.add_paragraph("1. Introduction")
    for num_id, level, text in [(81, 1, "Background"), (81, 1, "Name"), (82, 0, "Composition of the Board"),
                                (82, 1, "Board Membership"), (81, 0, "Appointments"), (83, 0, "Standing orders"),
                                (83, 1, "Meetings")]:
        paragraph = doc.add_paragraph(text)
        paragraph._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {W}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'))
    doc.save(path)
    return path


def test_word_lists_that_share_an_abstract_list_count_on(tmp_path):
    lines = [line.strip() for line in read_source(_numbered_docx(tmp_path / "constitution.docx")).text.splitlines()
             if line.strip()]
    assert lines == ["1. Introduction", "1.1 Background", "1.2 Name", "2 Composition of the Board",
                     "2.1 Board Membership", "3 Appointments", "1 Standing orders", "1.1 Meetings"]


MEMO = """February 27, 2018

M-18-12

MEMORANDUM FOR THE HEADS OF EXECUTIVE DEPARTMENTS AND AGENCIES

FROM: Jane Doe

SUBJECT: Implementation of the Modernizing Government Technology Act

This memorandum sets forth the actions agencies should take.

Background

The Act has two provisions:

1. The establishment of a central fund; and

2. The authorization of working capital funds.

Section 1 – The Fund

The fund is administered by the Board. It receives proposals.

Section 2 – The Board

The Board reviews proposals and makes recommendations.

Section 3 – Submissions

Agencies submit proposals as follows.

Section 4 – Further Information

Each proposal should:

1. Describe how the project fulfils the agency's plan;

2. Estimate the funding requested;

3. Describe the metrics for success.
"""


def test_a_memorandum_is_named_by_its_subject_dated_by_its_date_line_and_its_sections_are_its_units(app):
    with app.test_request_context():
        found = examine(MEMO, fallback_title="memo")
    assert (found.title, found.doc_number, found.issued_on) == (
        "Implementation of the Modernizing Government Technology Act", "M-18-12", date(2018, 2, 27))
    assert (found.articles, found.rules_in_file) == (4, 1)  # Sections 1–4; the 1. 2. 3. inside are lists
    assert not any("compilation" in w for w in found.warnings)


DIRECTIVE = """U.S. Department of Homeland Security
Washington, DC 20528

Binding Operational Directive BOD-18-01

Original Release Date: October 16, 2017

SUBJECT: Enhance Email and Web Security

A binding operational directive is a compulsory direction to agencies.

I. Background

Federal agency hygiene greatly impacts user security.

A. Email Security

STARTTLS signals that encryption is possible.

B. Web Security

HTTPS remedies these vulnerabilities.

II. Required Actions

All agencies are required to:

1) Within 30 days, develop a plan of action.

2) Within 90 days, deploy the plan.

3) Report monthly on progress.

III. DHS Actions

DHS will review each plan and report to OMB.

IV. Potential Budgetary Implications

Agencies should address budget needs within their plans.

V. DHS Point of Contact

Write to the directive's mailbox with questions.

Attachments:

1. Plan of Action Template
"""


def test_roman_sections_that_hold_their_prose_are_the_units_with_the_lists_inside_them(app):
    with app.test_request_context():
        found = examine(DIRECTIVE, fallback_title="bod")
    assert (found.title, found.doc_number, found.issued_on) == (
        "Enhance Email and Web Security", "BOD-18-01", date(2017, 10, 16))
    articles = [s for s in parse_body(DIRECTIVE).segments if s.kind == "article"]
    assert [a.label for a in articles] == ["I.", "II.", "III.", "IV.", "V."]
    assert "1) Within 30 days" in articles[1].text  # the actions stay inside II, numbered as written


ACTIONS = """U.S. Department of Homeland Security
Cybersecurity and Infrastructure Security Agency
Office of the Director
Washington, DC 20528

# Binding Operational Directive 20-01

Background

A vulnerability is a weakness in an information system.

Required Actions

Enable Receipt of Unsolicited Reports

1. Within 30 days, update the security contact for each domain.

2. Within 30 days, update the organization field for each domain.

Develop and Publish a Vulnerability Disclosure Policy

3. Within 180 days, publish a vulnerability disclosure policy.

4. Include all newly launched systems in the scope of the policy.

Reporting Requirements and Metrics

5. After publication, report to the agency within 30 days.
"""


def test_numbers_that_run_on_across_unnumbered_topics_are_the_provisions():
    articles = [s.label for s in parse_body(ACTIONS).segments if s.kind == "article"]
    assert articles == ["1.", "2.", "3.", "4.", "5."]


def test_a_promulgation_note_wrapped_over_lines_dates_the_law_and_its_closing_order_is_the_number(app):
    text = ("# 中华人民共和国行政许可法\n\n(2003年8月27日第十届全国人民代表大会\n\n常务委员会第四次会议通过)\n\n"
            "第一条 为了规范行政许可，制定本法。\n第二条 本法自2004年7月1日起施行。\n")
    with app.test_request_context():
        found = examine(text, fallback_title="x")
    assert (found.issued_on, found.effective_on) == (date(2003, 8, 27), date(2004, 7, 1))
    note = ("# 中华人民共和国劳动合同法\n\n（2007年6月29日第十届全国人民代表大会常务委员会第二十八次会议通过"
            "根据2012年12月28日"
            "第十一届全国人民代表大会常务委员会第三十次会议《关于修改＜中华人民共和国劳动合同法＞的决定》修正主席令第73号）\n\n"
            "第一条 为了完善劳动合同制度，制定本法。\n")
    assert textmeta.stated_doc_number(note) == "主席令第73号"
    assert textmeta.describe(note).issued.on == date(2012, 12, 28)


@pytest.mark.parametrize(("header", "title", "number", "issued"), [
    ("Commissioning policy:\nindividual funding requests\nVersion 3, 8 February 2023\n"
     "Publication reference: PR2086\n", "Commissioning policy: individual funding requests", "PR2086",
     date(2023, 2, 8)),
    ("Funding Guidelines for Agencies Receiving Disbursements from the\nTechnology Modernization Fund\n"
     "Date: 3 May 2024\n", "Funding Guidelines for Agencies Receiving Disbursements from the Technology "
     "Modernization Fund", "", date(2024, 5, 3)),
    ("Binding Operational Directive 19-02 (BOD 19-02)\nOriginal Release Date: April 29, 2019\n"
     "SUBJECT: Vulnerability Remediation Requirements\n", "Vulnerability Remediation Requirements", "BOD 19-02",
     date(2019, 4, 29)),
])
def test_english_headers_give_title_number_and_date(header, title, number, issued):
    stated = textmeta.describe(header + "\nThe text of the policy begins here.\n")
    assert (stated.title, stated.doc_number, stated.issued.on) == (title, number, issued)


def test_control_characters_of_an_ocr_layer_leave_the_body_and_the_word_export_works(app):
    from registry.io.documents import docx_bytes
    from registry.io.exports import rule_document
    from registry.rules.models import Rule, RuleVersion

    body = normalise_body("# Directive\x0c\n1. Agencies\x02 shall report.\x00\n2. Agencies shall\x1b act.\n")
    assert body == "# Directive\n\n1. Agencies shall report.\n2. Agencies shall act.\n"
    with app.test_request_context():
        version = RuleVersion(number=1, body=body, status="draft")
        data = docx_bytes(rule_document(Rule(code="D-1", title="Directive", versions=[version]), version, None,
                                        date(2026, 1, 1)))
    assert data[:2] == b"PK"
