"""Score reference recognition against the hand-labelled lines of bench/reference_labels.tsv (bench and tests)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from registry.links.references import find_references, normal_title

LABELS = Path(__file__).resolve().parents[2] / "bench" / "reference_labels.tsv"


@dataclass
class Score:
    lines: int = 0
    expected: int = 0
    found: int = 0
    right: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.right / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.right / self.expected if self.expected else 1.0


def _expected(cell: str) -> Counter:
    if cell.strip() == "-":
        return Counter()
    keys = []
    for item in cell.split(" ; "):
        title, _, article = item.strip().rpartition("#")
        keys.append((None if title == "SELF" else normal_title(title), int(article) if article else None))
    return Counter(keys)


def corpus_titles(corpus: Path) -> set[str]:
    """Return the normal titles of the corpus's texts: the registry that bare names are matched against."""
    titles = set()
    for lang in ("zh", "en"):
        rows = (corpus / lang / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()[1:]
        titles |= {normal_title(row.split("\t")[1]) for row in rows if row.count("\t") >= 1}
    return titles


def score(corpus: Path, known: set[str] | None = None, rows: slice = slice(None)) -> Score:
    """Compare what find_references reads in each labelled line with its labels (names without 《》 matched
    against `known`, by default the corpus's own titles)."""
    known = corpus_titles(corpus) if known is None else known
    result = Score()
    texts: dict[str, list[str]] = {}
    labelled = [row for row in LABELS.read_text(encoding="utf-8").splitlines()
                if row.strip() and not row.startswith("#")]
    for row in labelled[rows]:
        path, number, cell = row.split("\t")
        lines = texts.setdefault(path, (corpus / path).read_text(encoding="utf-8").split("\n"))
        line = lines[int(number) - 1]
        want = _expected(cell)
        got = Counter((normal_title(r.title) if r.title else None, r.article) for r in find_references(line, known))
        result.lines += 1
        result.expected += sum(want.values())
        result.found += sum(got.values())
        result.right += sum((want & got).values())
        if want != got:
            result.misses.append(f"{path}:{number}: missed {sorted(want - got, key=str)}, "
                                 f"wrong {sorted(got - want, key=str)}")
    return result
