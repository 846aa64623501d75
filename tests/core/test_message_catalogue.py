"""The Chinese catalogue is appended to by hand: a message given twice would silently take the last translation."""

import re
from collections import Counter
from pathlib import Path

PO = Path(__file__).resolve().parents[2] / "registry/translations/zh/LC_MESSAGES/messages.po"


def test_every_message_is_translated_once():
    entries = PO.read_text(encoding="utf-8").split("\n\n")
    keys = Counter()
    for entry in entries:
        body = "\n".join(line for line in entry.split("\n") if not line.startswith("#"))
        assert body.count("\nmsgid ") + body.startswith("msgid ") <= 1, f"two messages run together: {body[:80]}"
        found = re.search(r'^msgid (".*"(?:\n".*")*)', body, re.M)
        context = re.search(r'^msgctxt (".*")$', body, re.M)
        if found and found.group(1) != '""':
            keys[(context.group(1) if context else None, found.group(1))] += 1
    assert [key for key, n in keys.items() if n > 1] == []
