"""The published lists as a Word document in the official layout (through the one Word writer)."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _

from registry.cleanup.models import LISTS
from registry.io.documents import Block, PrintDocument
from registry.io.docxwriter import write_docx
from registry.labels import label


def lists_docx(title: str, lists: dict[str, list], published_on: date | None, language: str) -> bytes:
    """Write one heading and one table (序号, 编号, 名称) per list; an unpublished result says so."""
    when = (published_on.strftime("%Y年%m月%d日") if language == "zh" else published_on.isoformat()) \
        if published_on else _("not yet published")
    blocks = []
    for name in LISTS:
        rules = lists.get(name, [])
        blocks.append(Block.heading(f"{label(name, 'inventory_list_short')}（{len(rules)}）" if language == "zh"
                                    else f"{label(name, 'inventory_list')} ({len(rules)})", 2))
        rows = [[_("No."), _("Code"), _("Title")]] + [[str(i), r.code, r.title] for i, r in enumerate(rules, 1)]
        blocks.append(Block("table", rows=rows) if rules else Block("paragraph", _("None.")))
    document = PrintDocument(title=_("Results of the inventory: %(title)s", title=title),
                             meta=[(_("Published"), when)], blocks=blocks, language=language)
    return write_docx(document)
