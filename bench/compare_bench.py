"""Time the 新旧对照 on real regulation pairs from the shared corpus: python bench/compare_bench.py."""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from registry.proposals.compare import compare_texts  # noqa: E402
from registry.proposals.exports import comparison_docx  # noqa: E402

CORPUS = Path("/work/shared/corpus/zh")
PAIRS = [
    ("地方性法规/上海/上海市检验检测条例.md", "地方性法规/上海/上海市检验检测条例(2024-12-31).md"),
    ("地方性法规/上海/上海市优化营商环境条例(2020-04-10).md", "地方性法规/上海/上海市优化营商环境条例(2024-09-27).md"),
    ("行政法规/专利法实施细则(2010-01-09).md", "行政法规/专利法实施细则(2023-12-11).md"),
]


def main() -> None:
    if not CORPUS.exists():
        sys.exit(f"the shared corpus is not available at {CORPUS}")
    for old_path, new_path in PAIRS:
        old, new = (CORPUS / old_path).read_text(encoding="utf-8"), (CORPUS / new_path).read_text(encoding="utf-8")
        best = float("inf")
        for _ in range(3):
            started = time.perf_counter()
            comparison = compare_texts(old, new)
            best = min(best, time.perf_counter() - started)
        started = time.perf_counter()
        size = len(comparison_docx(comparison, "bench", {}))
        docx_time = time.perf_counter() - started
        print(f"{Path(new_path).stem}: {len(old) + len(new):,} chars, {len(comparison.rows)} rows "
              f"{comparison.counts}; compare {best * 1000:.0f} ms; docx {docx_time * 1000:.0f} ms ({size:,} bytes)")


if __name__ == "__main__":
    main()
