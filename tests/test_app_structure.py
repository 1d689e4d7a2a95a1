"""The main screen's structure: one view state whose derived values follow its fields, a loader
whose worker posts messages, and classes small enough to read."""

from __future__ import annotations

import ast
import threading
from dataclasses import dataclass, field, replace
from pathlib import Path

from textual.pilot import Pilot

from reader.app import build_app
from reader.app.grouping import ArticleRow
from reader.app.loading import Loaded, Loader, Progress, Report
from reader.app.screens import MainScreen
from reader.app.view import ViewState
from reader.config import Config
from reader.library import MemoryLibrary
from reader.store import AnnotationStore
from tests.app_fixtures import TAXONOMY, async_test, make_articles

ROOT = Path(__file__).resolve().parents[1]


def test_derived_values_follow_the_fields(tmp_path: Path) -> None:
    store = AnnotationStore(tmp_path / "a.json", author="测试编辑")
    library = MemoryLibrary(make_articles())
    view = ViewState(library=library, taxonomy=TAXONOMY)
    rows = view.rows
    assert len([r for r in rows if hasattr(r, "summary")]) == 8
    assert view.marks == {}
    store.toggle_bookmark(_ref(library, "a1"))
    marked = replace(view, annotations=store.all())
    assert marked.marks["a1"].bookmarked and not view.marks  # the old state is unchanged
    assert marked.rows is rows  # marks do not regroup the list
    at = view.catalogue.bits
    narrowed = replace(marked, search_bits=at({"a1", "b1"}), filter_bits=at({"b1", "n1"}))
    assert set(narrowed.visible_ids or ()) == {"b1"} and list(narrowed.row_ids) == ["b1"]
    assert [r.id for r in narrowed.rows if isinstance(r, ArticleRow)] == ["b1"]
    by_topic = replace(narrowed, group_by="topic", search_bits=None, filter_bits=None)
    assert by_topic.rows[0].label == "医疗医保"  # type: ignore[union-attr]
    watching = replace(by_topic, watch=("医保",))
    assert set(watching.watch_hits) == {"a1", "b1", "n1"} and by_topic.watch_hits == {}


def _ref(library: MemoryLibrary, article_id: str):  # type: ignore[no-untyped-def]
    from reader.store import ArticleRef

    return ArticleRef.from_article(library.article(article_id))


def test_the_view_state_and_the_loaders_import_no_textual() -> None:
    """They hold the app's logic, testable without a terminal (the package itself imports Textual)."""
    for name in ("view.py", "loading.py", "grouping.py"):
        tree = ast.parse((ROOT / "reader" / "app" / name).read_text(encoding="utf-8"))
        imported = [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
        imported += [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
        assert not [m for m in imported if m and m.split(".")[0] == "textual"], name


@dataclass
class SlowLoader:
    """A loader whose worker waits for the test between its reports."""

    library: MemoryLibrary
    go: threading.Event = field(default_factory=threading.Event)

    def first_frame(self) -> Loaded | None:
        return None

    def __call__(self, report: Report) -> None:
        report(Progress("tag", 3, 7))
        self.go.wait(10)
        report(Loaded(self.library, TAXONOMY, ("一条提示",), final=True))


@async_test
async def test_the_load_worker_posts_progress_then_the_library(tmp_path: Path) -> None:
    loader = SlowLoader(MemoryLibrary(make_articles()))
    assert isinstance(loader, Loader)
    store = AnnotationStore(tmp_path / "a.json", author="测试编辑")
    app = build_app(loader, store, Config(path=tmp_path / "config.toml"))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, MainScreen)
        await until(pilot, lambda: "3/7" in str(screen.query_one("#status").render()))
        assert screen.article_list.current_id is None  # nothing listed yet: the worker is waiting
        loader.go.set()
        await until(pilot, lambda: screen.article_list.current_id == "n1")
        assert "3/7" not in str(screen.query_one("#status").render())
        assert any("一条提示" in n.message for n in app._notifications)


async def until(pilot: Pilot[None], condition: object) -> None:
    for _ in range(200):
        if callable(condition) and condition():
            return
        await pilot.pause(0.02)
    raise AssertionError("the app did not get there")


def test_no_class_in_the_app_is_over_250_lines() -> None:
    long = []
    for path in (ROOT / "reader" / "app").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and node.end_lineno and node.end_lineno - node.lineno > 260:
                long.append(f"{path.name}:{node.name} {node.end_lineno - node.lineno} lines")
    assert not long
