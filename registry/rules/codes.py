"""The shape of a rule code, checked in one place: the form, the import, the CLI and the demo all create
rules through `create_rule` / `update_rule`, which refuse a code this module rejects.

A code is part of every URL of its rule (/rules/<code>/…): "..", a line break or a control character
made the rule's pages unreachable, and "?", "#" or "%" change what a link means. A slash stays allowed
between two parts (national standards are numbered GB/T 9704-2012), but not at either end, twice in a
row, or before a part that the rule's own URLs use after the code (GL-1/edit would open GL-1's editor).
"""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

CODE_MAX_LENGTH = 100
MARKS = "-_.()（）〔〕[]【】·/"  # besides letters, digits (any script) and inner spaces
SHAPE = _l("Letters, digits, inner spaces and - _ . ( ) 〔 〕 [ ] 【 】 · /, up to 100 characters, "
           "e.g. 办发〔2024〕3号, GL-003 or GB/T 9704-2012.")


def code_problem(code: str) -> str | None:
    """Return why `code` (already stripped of surrounding spaces) cannot be a rule code, or None."""
    if not code:
        return _("A rule needs a code.")
    if len(code) > CODE_MAX_LENGTH:
        return _("A rule code has at most %(n)s characters.", n=CODE_MAX_LENGTH)
    bad = sorted({ch for ch in code if not (ch.isalnum() or ch in MARKS or ch == " ")})
    if bad:
        shown = " ".join(repr(ch)[1:-1] if not ch.isprintable() or ch.isspace() else ch for ch in bad)
        return _("A rule code cannot contain %(chars)s. Allowed: %(shape)s", chars=shown, shape=SHAPE)
    parts = code.split("/")
    if ".." in code or any(not part.strip() or part.startswith(".") or not any(ch.isalnum() for ch in part)
                           for part in parts):
        return _("Each part of a rule code (between “/”) needs a letter or digit, and cannot start "
                 "with “.” or contain “..”.")
    taken = _route_words() & {part.strip() for part in parts[1:]}
    if taken:
        return _("A rule code cannot have “/%(word)s” in it: the rule's pages use that address.",
                 word=sorted(taken)[0])
    return None


def _route_words() -> set[str]:
    """Return the words that follow a rule's code in the app's own URLs (edit, v, repeal …)."""
    words = set()
    for rule in current_app.url_map.iter_rules():
        _before, marker, tail = rule.rule.partition("<path:code>/")
        word = tail.split("/", 1)[0]
        if marker and word and not word.startswith("<"):
            words.add(word)
    return words
