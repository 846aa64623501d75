"""The search adapter's fences: Whoosh's internals in one module, checked; the rest engine-neutral."""

from __future__ import annotations

import ast
import inspect
import subprocess
import sys
from datetime import date
from pathlib import Path

import whoosh

from registry.search import contract, engine, whoosh_internals
from registry.search.contract import Document, Scope

SEARCH = Path(__file__).resolve().parents[2] / "registry" / "search"
# The modules that know nothing of the engine (the query language, highlighting, spelling, the outbox, the
# contract, compilation, documents, the services and pages around the index).
NEUTRAL = ("querylang", "highlight", "spelling", "outbox", "contract", "compile", "documents", "services",
           "queries", "views", "cli", "forms", "models", "__init__")
# The only Whoosh module allowed outside the backend: its Porter stemmer, shared by every backend's tokens.
STEMMER = {"whoosh", "whoosh.lang", "whoosh.lang.porter"}


def _imported(module: str) -> set[str]:
    tree = ast.parse((SEARCH / f"{module}.py").read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_the_engine_neutral_modules_do_not_import_whoosh():
    for module in NEUTRAL:
        whooshy = {name for name in _imported(module) if name.split(".")[0] == "whoosh"
                   or name.startswith("registry.search.whoosh_") or name == "registry.search.engine"
                   and module != "__init__"}
        assert not whooshy, f"registry/search/{module}.py imports {whooshy}: keep Whoosh behind engine.py"
    assert _imported("analysis") & {"whoosh", "whoosh.analysis", "whoosh.fields", "whoosh.formats"} == set()


def test_importing_them_loads_no_whoosh_beyond_the_stemmer():
    modules = ", ".join(f"registry.search.{m}" for m in ("querylang", "highlight", "spelling", "outbox",
                                                          "compile", "documents", "contract"))
    code = f"import sys, {modules}; print(sorted(m for m in sys.modules if m.split('.')[0] == 'whoosh'))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            cwd=SEARCH.parents[1]).stdout
    assert set(ast.literal_eval(loaded)) <= STEMMER, f"importing the neutral modules loaded {loaded}"


def test_only_the_fence_reads_private_attributes():
    """Private attributes of other objects (`matcher._ids`, not `self._ids`) are read in whoosh_internals.py only."""
    for path in SEARCH.glob("*.py"):
        if path.name == "whoosh_internals.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        private = {f"{ast.unparse(node.value)}.{node.attr}" for node in ast.walk(tree)
                   if isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__")
                   and not (isinstance(node.value, ast.Name) and node.value.id == "self")
                   and node.attr != "_get_current_object"}  # werkzeug's documented way to unwrap current_app
        assert not private, f"{path.name} reads {private}: name Whoosh's privates in whoosh_internals.py"


def test_whoosh_is_the_version_the_fence_was_checked_against(tmp_path):
    assert whoosh.__version__ == whoosh_internals.CHECKED_VERSION, (
        f"whoosh {whoosh.versionstring()} is installed but registry/search/whoosh_internals.py was checked "
        f"against {whoosh_internals.CHECKED_VERSION}: check every entry of PRIVATE, then update CHECKED_VERSION")


def _one_document_index(tmp_path) -> engine.WhooshIndex:
    document = Document(doc_id="1", rule_id="1", version_id=1, number=1, code_key="t-1", code="T-1", title="管理",
                        tags="", body="应当 annual leave", words="annual leave", segments=[], category=3,
                        department=0, kind="approved", effective=20200101, until=99991231, repealed=99991231)
    with engine.writing(tmp_path) as writer:
        writer.replace([], [document])
    return engine.WhooshIndex(tmp_path)


def test_every_private_access_still_has_its_shape(tmp_path):
    index = _one_document_index(tmp_path)
    with index.cache.searcher() as state:
        reader = state.searcher.leaf_searchers()[0][0].reader()
        found = whoosh_internals.problems(reader, "category", "body", "应当")
        assert not found, "Whoosh changed under registry/search/whoosh_internals.py:\n" + "\n".join(found)
        # and the fast paths read what the public interface reads
        assert whoosh_internals.column_values(reader, "category") == [3]
        assert whoosh_internals.posting_list(reader, "body", "应当") == ([0], [1.0])
    index.close()


def test_the_check_is_not_blind(tmp_path, monkeypatch):
    index = _one_document_index(tmp_path)
    gone = whoosh_internals.Private("whoosh.codec.whoosh3.W3LeafMatcher", "_read_gone", "a renamed attribute")
    monkeypatch.setattr(whoosh_internals, "PRIVATE", (*whoosh_internals.PRIVATE, gone))
    monkeypatch.setattr(whoosh, "__version__", (2, 7, 6))
    with index.cache.searcher() as state:
        reader = state.searcher.leaf_searchers()[0][0].reader()
        found = whoosh_internals.problems(reader, "category", "body", "应当")
    index.close()
    assert found[0] == "whoosh 2.7.6 is installed; whoosh_internals was checked against 2.7.5"
    assert found[1:] == ["whoosh.codec.whoosh3.W3LeafMatcher has no _read_gone (a renamed attribute)"]


def test_the_whoosh_index_implements_the_contract():
    for name, member in inspect.getmembers(contract.SearchIndex, inspect.isfunction):
        if name.startswith("_"):
            continue
        mine = getattr(engine.WhooshIndex, name, None)
        assert mine is not None, f"WhooshIndex lacks {name}()"
        assert list(inspect.signature(mine).parameters) == list(inspect.signature(member).parameters), name
    assert hasattr(engine.Writer, "replace") and "state" in engine.Writer(Path("/nonexistent")).__dict__


def test_a_query_before_any_index_says_there_is_none(tmp_path):
    index = engine.WhooshIndex(tmp_path)
    try:
        index.query(contract.Term("body", "x"), Scope(on=date(2026, 1, 1)), page=1, per_page=20)
    except contract.NoIndex as error:
        assert "no search index" in str(error)
    else:
        raise AssertionError("a query without an index should raise NoIndex")
    assert index.state() is None and list(index.fingerprints()) == []


def test_indexes_written_before_the_fence_still_open():
    """Whoosh pickles classes by name: the schema's tokenizer and each segment's codec keep their old names."""
    import pickle

    from registry.search import analysis, whoosh_fields

    for old in ("registry.search.engine _Codec", "registry.search.analysis BigramTokenizer",
                "registry.search.analysis BigramPositions"):
        module, name = old.split()
        found = pickle.loads(f"c{module}\n{name}\n.".encode())
        assert found in (whoosh_internals.CODEC.__class__, whoosh_fields.BigramTokenizer,
                         whoosh_fields.BigramPositions), old
    assert analysis.BigramTokenizer is whoosh_fields.BigramTokenizer


def _postings_of(path) -> tuple[list, list]:
    from whoosh.filedb.filestore import FileStorage

    ix = FileStorage(str(path), supports_mmap=False).open_index()
    with ix.reader() as reader:
        terms = []
        for fieldname, text in reader.all_terms():
            info = reader.term_info(fieldname, text)
            matcher = reader.postings(fieldname, text)
            items = list(matcher.items_as("positions")) if fieldname == "body" else list(matcher.all_ids())
            terms.append((fieldname, text, info.weight(), info.doc_frequency(), info.min_length(),
                          info.max_length(), info.max_weight(), items))
        stored = list(reader.all_stored_fields())
    ix.close()
    return terms, stored


def test_a_full_build_writes_what_whoosh_writes(tmp_path, monkeypatch):
    """The full build's term pool (spilling to many runs here) and block writer give Whoosh's own index."""
    words = ["应当", "管理", "annual", "leave", "规定", "办法", "travel", "审批"]
    documents = [Document(doc_id=str(i), rule_id=str(i), version_id=i, number=1, code_key=f"t-{i}", code=f"T-{i}",
                          title=f"管理办法{i}", tags="", body=" ".join(words[(i * j) % 8] for j in range(300 + i)),
                          words="annual leave", segments=[(0, 3, "a1", "第一条")], category=i % 3, department=0,
                          kind="approved", effective=20200101, until=99991231, repealed=99991231)
                 for i in range(1, 41)]
    with engine.writing(tmp_path / "whoosh") as writer:  # Whoosh's own pool and field writer
        writer.replace([], documents)
    monkeypatch.setattr(engine, "BUILD_POOL_BYTES", 20_000)
    with engine.building(tmp_path / "built") as builder:
        builder.replace([], documents)
        assert len(builder._writer.pool._runs) > 3  # noqa: SLF001 — it did spill
    ours = _postings_of(next((tmp_path / "built").glob("gen-*")))
    theirs = _postings_of(tmp_path / "whoosh" / engine.current_name(tmp_path / "whoosh"))
    assert ours == theirs and len(ours[0]) > 100
