"""The index's Whoosh schema: fields over analysis.raw_tokens(), one document per rule version."""

from __future__ import annotations

from whoosh import fields
from whoosh.analysis import Token, Tokenizer
from whoosh.formats import Positions

from registry.search.analysis import latin_words, raw_tokens


class BigramTokenizer(Tokenizer):
    """The Whoosh side of pieces(): yields reusable Token objects for indexing."""

    def __init__(self, spelling: bool = False):
        self.spelling = spelling

    def __eq__(self, other):
        return type(other) is type(self) and other.spelling == self.spelling

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if self.spelling:
            for i, word in enumerate(latin_words(value)):
                token.text, token.boost, token.stopped = word, 1.0, False
                if positions:
                    token.pos = start_pos + i
                yield token
            return
        for text, pos, start, end in raw_tokens(value, mode == "query"):
            token.text, token.boost, token.stopped = text, 1.0, False
            if keeporiginal:
                token.original = text
            if positions:
                token.pos = start_pos + pos
            if chars:
                token.startchar, token.endchar = start_char + start, start_char + end
            yield token


_INDEX_ANALYZER = BigramTokenizer()


class BigramPositions(Positions):
    """Whoosh's Positions format (same postings, same bytes) fed straight from raw_tokens().

    Whoosh builds a Token object per token and passes it through two generator layers before counting
    positions: a tenth of a full build. Other analyzers take Whoosh's own path.
    """

    def word_values(self, value, analyzer, **kwargs):
        if not isinstance(analyzer, BigramTokenizer) or analyzer.spelling or kwargs.get("mode") == "query":
            yield from super().word_values(value, analyzer, **kwargs)
            return
        positions: dict[str, list[int]] = {}
        for text, pos, _start, _end in raw_tokens(value):
            if text in positions:
                positions[text].append(pos)
            else:
                positions[text] = [pos]
        boost = self.field_boost
        for text, poslist in positions.items():
            yield text, len(poslist), len(poslist) * boost, self.encode(poslist)


def text_field(field_boost: float = 1.0):
    """Return a Whoosh TEXT field over BigramTokenizer, with positions, written by BigramPositions."""
    field = fields.TEXT(analyzer=_INDEX_ANALYZER, field_boost=field_boost)
    field.format = BigramPositions(field_boost=field_boost)
    return field


def make_schema() -> fields.Schema:
    """Return the schema: one document per rule version; the text is not stored (the database has it)."""
    return fields.Schema(
        doc_id=fields.ID(stored=True, unique=True),
        rule_id=fields.ID(stored=True),
        version_id=fields.NUMERIC(int, bits=64, stored=True, sortable=True),
        number=fields.STORED,
        code_key=fields.ID(field_boost=8.0),
        code=text_field(field_boost=4.0),
        title=text_field(field_boost=4.0),
        tags=text_field(field_boost=2.0),
        body=text_field(),
        words=fields.TEXT(analyzer=BigramTokenizer(spelling=True), phrase=False),
        segments=fields.STORED,  # [(start, end, anchor, label)] of the preamble and every article
        category=fields.NUMERIC(int, sortable=True),
        category_path=fields.KEYWORD,
        department=fields.NUMERIC(int, sortable=True),
        kind=fields.ID(sortable=True),
        effective=fields.NUMERIC(int, sortable=True),
        until=fields.NUMERIC(int, sortable=True),
        repealed=fields.NUMERIC(int, sortable=True),
        lapses=fields.NUMERIC(int, sortable=True),
        fingerprint=fields.STORED,
    )
