"""The main screen: the article list beside the reading pane, a status line, and every action.

The screen owns the state the widgets show — the library, the store's marks, the search and the
filter — and hands it down; widgets post messages back up. Slow work (loading, tagging, search
over a big library) runs in thread workers that report back with `call_from_thread`.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Collection
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Literal, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingsMap
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Input, Label, Static
from textual.worker import get_current_worker

from reader.app.bindings import main_bindings
from reader.app.grouping import (
    ArticleRow,
    GroupBy,
    GroupLabels,
    Row,
    article_ids,
    article_rows,
    build_rows,
    group_ids,
    next_untriaged,
    triage_count,
)
from reader.app.i18n import tr
from reader.app.loading import Loaded, Loader, LoadEvent, Progress, load_taxonomy
from reader.app.widgets.article_list import ArticleList
from reader.app.widgets.reader_pane import ReaderDoc, ReaderPane
from reader.config import Config, save_watch
from reader.library import NO_MARKS, Library, LibraryError, Marks, Summary, filter_ids
from reader.query import Query, QueryError, parse_query
from reader.store import ArticleAnnotations, ArticleRef, Store, StoreError, Verdict
from reader.text import clean_inline

if TYPE_CHECKING:
    from reader.topics import Taxonomy

READ_DELAY = 1.5  # seconds an article must stay on screen before it counts as read
PAINT_WAIT = 1.0  # seconds the loader waits at most for a partial list to be painted


def settle_collector() -> None:
    """Let the garbage collector run again (`reader` starts the app with it off), leaving out
    everything made so far: Textual's classes and the library's summaries live as long as the app,
    and walking a hundred thousand of them now and then would stall a keypress."""
    gc.freeze()
    gc.enable()


class LoadCancelled(Exception):
    """Raised inside the loader's thread when a newer load has replaced it."""


class MainScreen(Screen[None], inherit_bindings=False):
    """List, reader, status and the query line."""

    BINDINGS: ClassVar[list[Binding | tuple[str, str] | tuple[str, str, str]]] = [*main_bindings("zh")]

    def __init__(
        self,
        source: Library | Loader,
        store: Store,
        config: Config,
        taxonomy: Taxonomy | None = None,
    ) -> None:
        super().__init__(id="main")
        self.source = source
        self.store = store
        self.config = config
        self.lang = config.language
        if self.lang != "zh":
            self._bindings = BindingsMap(main_bindings(self.lang))
        self.labels = GroupLabels(
            tr("national", self.lang), tr("unknown", self.lang), tr("untopiced", self.lang)
        )
        self.library: Library | None = None
        self.summaries: list[Summary] = []
        self.summary_by_id: dict[str, Summary] = {}
        self.row_ids: Collection[str] = ()  # the articles the list shows now
        self.all_ids: Collection[str] = ()
        self._entries: dict[GroupBy, list[ArticleRow]] = {}
        self._entries_for: tuple[object, ...] = ()
        self.taxonomy: Taxonomy | None = taxonomy
        self.group_by: GroupBy = "region"
        self.search = ""
        self.search_ids: set[str] | None = None
        self.query_text = ""
        self.filter_ids: set[str] | None = None
        self.highlight = True
        self.annotations: dict[str, ArticleAnnotations] = {}
        self.marks: dict[str, Marks] = {}
        self.watch_hits: dict[str, list[str]] = {}
        self.rows: list[Row] = []
        self.undo_verdicts: dict[str, Verdict | None] | None = None
        self.progress = ""
        self.message: Text | None = None
        self.query_mode: Literal["search", "filter"] = "search"
        self._read_timer: Timer | None = None
        self.navigated = False
        self._shown_on_key: str | None = None
        self._legend: Text | None = None
        self.store_problem: str | None = None  # why writes cannot be saved now (a server gone away)

    # -- layout

    def compose(self) -> ComposeResult:
        with Horizontal(id="panes"):
            yield ArticleList(id="list")
            with Vertical(id="reading"):
                yield ReaderPane(id="body")
                yield Static(id="legend")
        with Horizontal(id="query-bar"):
            yield Label(tr("search_prompt", self.lang), id="query-prompt", markup=False)
            yield Input(id="query")
        yield Static(id="status")
        yield Footer()

    @property
    def article_list(self) -> ArticleList:
        return self.query_one(ArticleList)

    @property
    def reader(self) -> ReaderPane:
        return self.query_one(ReaderPane)

    def on_mount(self) -> None:
        self.watch(self.reader, "scroll_y", lambda _y: self.show_legend(), init=False)
        self.query_one("#query-bar").display = False
        self.article_list.focus()
        self.reader.show(None, placeholder=tr("loading", self.lang))
        self.reload_marks()
        self.show_notices(self.store.take_notices())
        self.set_interval(self.store.poll_interval, self.poll_store)
        self.call_after_refresh(settle_collector)  # if no list came in time for the first frame
        if callable(self.source) and not hasattr(self.source, "summaries"):
            glimpse = getattr(self.source, "glimpse", None)
            first = glimpse() if callable(glimpse) else None
            if first is None:
                self.load(self.source)
            else:  # an up-to-date index: its first pages go into the first frame, the rest after it
                self.taxonomy = load_taxonomy(self.config.topics)[0]  # its problems come with the load
                self.set_library(first)
                self.call_after_refresh(self.load, self.source)
        else:
            if self.taxonomy is None:
                self.taxonomy, problems = load_taxonomy(self.config.topics)
                self.show_notices(problems)
            self.set_library(cast(Library, self.source))
        self.update_status()

    # -- loading

    @work(thread=True, exclusive=True, group="load")
    def load(self, loader: Loader) -> None:
        worker = get_current_worker()

        def report(event: LoadEvent) -> None:
            if worker.is_cancelled:
                raise LoadCancelled
            self.app.call_from_thread(self.on_load_event, event)
            if isinstance(event, Loaded) and not event.final:
                # Let the screen paint these rows before reading more: the reading holds the
                # interpreter, and the first screenful matters more than the rest of the list.
                painted = threading.Event()
                self.app.call_from_thread(self.call_after_refresh, painted.set)
                painted.wait(PAINT_WAIT)

        try:
            loader(report)
        except LoadCancelled:
            return

    def on_load_event(self, event: LoadEvent) -> None:
        if isinstance(event, Progress):
            stage = tr("stage_load" if event.stage == "load" else "stage_tag", self.lang)
            self.progress = tr("progress", self.lang).format(stage=stage, done=event.done, total=event.total)
            self.update_status()
        elif isinstance(event, Loaded):
            self.taxonomy = event.taxonomy or self.taxonomy
            self.progress = (
                ""
                if event.final
                else tr("progress", self.lang).format(stage=tr("stage_tag", self.lang), done=0, total="…")
            )
            self.show_notices(event.notices)
            if event.library is not self.library:  # nothing changed on disk: the list stays as it is
                self.set_library(event.library)
            else:
                self.update_status()

    def set_library(self, library: Library) -> None:
        """Show a (new) library: searches and filters are run again, the cursor stays put."""
        self.library = library
        self.summaries = library.summaries()
        self.summary_by_id = {summary.id: summary for summary in self.summaries}
        self.all_ids = self.summary_by_id.keys()
        self.watch_hits = self.compute_watch_hits()
        if self.search:
            self.search_ids = library.search(self.search)
        if self.query_text:
            try:
                self.filter_ids = self.run_filter(self.parse(self.query_text))
            except QueryError:
                self.filter_ids = None
        # Tagging regroups the list: until the user has moved, the first article stays selected.
        self.rebuild(keep=self.article_list.current_id if self.navigated else None)
        settle_collector()

    # -- the list

    def topic_label(self, topic_id: str) -> str:
        return self.taxonomy.label(topic_id, self.lang) if self.taxonomy is not None else topic_id

    def visible_ids(self) -> set[str] | None:
        if self.search_ids is None:
            return self.filter_ids
        if self.filter_ids is None:
            return self.search_ids
        return self.search_ids & self.filter_ids

    def rebuild(self, jump_to_hit: bool = False, keep: str | None | Literal[False] = False) -> None:
        """Regroup and narrow the list; the cursor stays on the same article if it is still there
        (or goes to `keep`, None meaning the first article)."""
        if keep is False:
            keep = self.article_list.current_id
        visible = self.visible_ids()
        self.rows = build_rows(
            self.summaries, self.group_by, visible, self.topic_label, self.labels, self.entries()
        )
        self.row_ids = visible if visible is not None else self.all_ids
        self.article_list.show(self.rows, self.marks, self.watch_hits, keep=keep)
        self.show_article(jump_to_hit=jump_to_hit)
        self.update_status()

    def entries(self) -> list[ArticleRow]:
        """Every article as a list row under its group, made once per library and grouping: a
        search, a filter or a switch back to the other grouping then only picks rows."""
        made_for = self._entries_for
        if not made_for or made_for[0] is not self.summaries or made_for[1:] != (self.lang, self.taxonomy):
            # A new library, language or topic set: start again (held, not compared by id, so a
            # new list can never pass for the old one).
            self._entries_for, self._entries = (self.summaries, self.lang, self.taxonomy), {}
        rows = self._entries.get(self.group_by)
        if rows is None:
            rows = self._entries[self.group_by] = article_rows(
                self.summaries, self.group_by, self.topic_label, self.labels
            )
        return rows

    def compute_watch_hits(self) -> dict[str, list[str]]:
        hits: dict[str, list[str]] = {}
        if self.library is None:
            return hits
        for term in self.config.watch:
            for article_id in self.library.search(term):
                hits.setdefault(article_id, []).append(term)
        return hits

    @on(ArticleList.Selected)
    def selected(self, event: ArticleList.Selected) -> None:
        if event.article_id != self.current_article_id():
            return  # the cursor has moved on since (a held-down key): that move shows its article
        if event.article_id == self._shown_on_key:
            self._shown_on_key = None  # a moving key showed it already
            return
        self.show_article(jump_to_hit=bool(self.search))

    def follow_cursor(self, moved: bool) -> None:
        """Show the article under the cursor now, in the frame that moves the cursor, rather than
        one frame later when the list's `Selected` message arrives."""
        self.navigated = True
        if moved:
            self._shown_on_key = self.current_article_id()
            self.show_article(jump_to_hit=bool(self.search))

    # -- the reading pane

    def current_article_id(self) -> str | None:
        return self.article_list.current_id

    def show_article(self, keep_scroll: bool = False, jump_to_hit: bool = False) -> None:
        article_id = self.current_article_id()
        if self.library is None or article_id is None:
            empty = (
                "loading"
                if self.library is None
                else "no_match"
                if self.visible_ids() is not None
                else "no_article"
            )
            self.reader.show(None, placeholder=tr(empty, self.lang))
            self.show_legend()
            return
        article = self.library.article(article_id)
        notes = self.annotations[article_id].notes if article_id in self.annotations else ()
        doc = ReaderDoc(
            article=article,
            notes=notes,
            topics=[self.topic_label(t) for t in article.topics],
            search=self.search,
            watch=self.config.watch,
            highlight=self.highlight,
            language=self.lang,
            region=self.region_label(article_id),
            marked_by=self.marked_by(article_id),
        )
        self.reader.show(doc, keep_scroll=keep_scroll)
        if jump_to_hit and self.search:
            self.reader.jump_hit(1)
        self.show_legend()
        self.schedule_read(article_id)

    def on_resize(self) -> None:
        self.call_after_refresh(self.show_legend)  # the same scroll is another % at another height

    def show_legend(self) -> None:
        """The line under the body: how far down it is read, and the key to the highlight layers.

        It stands in for a scrollbar, which would cost more to draw than the article for every
        keypress. An unchanged line is not drawn again.
        """
        legend = Text()
        if self.reader.doc is not None:
            position = self.reader.position()
            if position:
                legend.append(position, style="bold")
                legend.append(" · ")
            legend.append_text(
                self.reader.legend() if self.highlight else Text(tr("highlight_off", self.lang))
            )
        if legend != self._legend:
            self._legend = legend
            self.query_one("#legend", Static).update(legend, layout=False)

    def region_label(self, article_id: str) -> str:
        row = self.article_list.current_row
        if self.group_by == "region" and isinstance(row, ArticleRow) and row.id == article_id:
            return " › ".join(row.path)
        summary = self.summary_by_id.get(article_id)
        if summary is None:
            return ""
        if summary.scope == "national":
            return self.labels.national
        return " › ".join(summary.region.path()) or self.labels.unknown

    def schedule_read(self, article_id: str) -> None:
        """An article shown for READ_DELAY seconds counts as read (skimming past does not)."""
        if self._read_timer is not None:
            self._read_timer.stop()
            self._read_timer = None
        if self.marks.get(article_id, NO_MARKS).read:
            return

        def mark() -> None:
            if self.current_article_id() == article_id and not self.marks.get(article_id, NO_MARKS).read:
                self.change(article_id, lambda ref: self.store.set_read(ref, True))

        self._read_timer = self.set_timer(READ_DELAY, mark)

    # -- marks and the store

    def reload_marks(self) -> None:
        try:
            self.annotations = self.store.all()
        except StoreError as error:
            self.notify(str(error), severity="error")
            return
        self.marks = {key: self.marks_of(item) for key, item in self.annotations.items()}

    def marked_by(self, article_id: str) -> str:
        """ "选 · 王编辑 · 2026-12-01 21:00:14": who set the verdict and the bookmark, and when,
        for marks another editor set (this editor's own need no name)."""
        item = self.annotations.get(article_id)
        if item is None:
            return ""
        parts = []
        for key, is_set, by, at in (
            (f"verdict_{item.verdict}", item.verdict is not None, item.verdict_by, item.verdict_at),
            ("bookmark_mark", item.bookmarked, item.bookmarked_by, item.bookmarked_at),
        ):
            if is_set and by and by != self.store.author:
                stamp = (at or "").replace("T", " ").rstrip("Z")
                parts.append(" · ".join(p for p in (tr(key, self.lang), by, stamp) if p))
        return " ／ ".join(parts)

    @staticmethod
    def marks_of(item: ArticleAnnotations) -> Marks:
        return Marks.of(item)

    def ref(self, article_id: str) -> ArticleRef:
        if self.library is not None:
            return ArticleRef.from_article(self.library.article(article_id))
        return ArticleRef(article_id)

    def change(self, article_id: str, write: Callable[[ArticleRef], object]) -> bool:
        """Run one store write for an article and refresh what shows its marks."""
        try:
            write(self.ref(article_id))
        except (StoreError, OSError, ValueError) as error:
            self.notify(clean_inline(str(error)), severity="error")
            return False
        self.after_store_change(article_id)
        return True

    def after_store_change(self, article_id: str | None = None) -> None:
        if article_id is not None:
            item = self.store.get(article_id)
            if item is not None:
                self.annotations[article_id] = item
                self.marks[article_id] = self.marks_of(item)
        else:
            self.reload_marks()
        self.show_notices(self.store.take_notices())
        self.article_list.update_marks(self.marks)
        self.update_status()
        shown = self.reader.doc
        if (
            article_id is not None
            and shown is not None
            and shown.article.id == article_id
            and shown.marked_by != self.marked_by(article_id)
        ):
            self.show_article(keep_scroll=True)

    def poll_store(self) -> None:
        """Pick up marks written by another session (or the CLI) since we last looked, and say in
        the status line while the store cannot save."""
        problem = self.store.problem()
        if problem != self.store_problem:
            self.store_problem = problem
            self.update_status()
        try:
            if not self.store.changed():
                return
            self.store.reload()
        except (StoreError, OSError) as error:
            self.notify(clean_inline(str(error)), severity="error")
            return
        self.after_store_change()
        self.show_article(keep_scroll=True)

    def show_notices(self, notices: tuple[str, ...] | list[str]) -> None:
        for notice in notices:
            self.notify(clean_inline(notice), severity="warning", timeout=8)

    # -- status line

    def update_status(self) -> None:
        triaged, total = triage_count(self.row_ids, self.marks)
        text = Text()
        text.append(tr("triaged", self.lang).format(done=triaged, total=total), style="bold")
        text.append(" · " + tr("by_region" if self.group_by == "region" else "by_topic", self.lang))
        shown = total
        if self.search:
            text.append(" · ")
            text.append(tr("search_status", self.lang).format(needle=clean_inline(self.search), count=shown))
        if self.query_text:
            text.append(" · ")
            text.append(
                tr("filter_status", self.lang).format(query=clean_inline(self.query_text), count=shown)
            )
        if self.progress:
            text.append(" · " + self.progress, style="italic")
        if self.message is not None:
            text.append(" · ")
            text.append_text(self.message)
        if self.store_problem is not None:
            text.append(" · ")
            text.append(clean_inline(self.store_problem), style="bold reverse")
        self.query_one("#status", Static).update(text, layout=False)  # one line, always

    def say(self, message: str, error: bool = False) -> None:
        """A one-line message in the status line (errors also as a notification)."""
        self.message = Text(clean_inline(message), style="bold reverse" if error else "")
        self.update_status()

    # -- actions: moving

    def action_next_article(self) -> None:
        self.follow_cursor(self.article_list.move(1))

    def action_previous_article(self) -> None:
        self.follow_cursor(self.article_list.move(-1))

    def action_first_article(self) -> None:
        self.follow_cursor(self.article_list.first())

    def action_last_article(self) -> None:
        self.follow_cursor(self.article_list.last())

    def action_open_body(self) -> None:
        self.reader.focus()
        article_id = self.current_article_id()
        if article_id is not None and not self.marks.get(article_id, NO_MARKS).read:
            self.change(article_id, lambda ref: self.store.set_read(ref, True))

    def action_back(self) -> None:
        if self.query_one("#query-bar").display:
            self.close_query_bar()
        elif self.reader.has_focus:
            self.article_list.focus()
        elif self.search or self.query_text:
            self.search, self.search_ids, self.query_text, self.filter_ids = "", None, "", None
            self.message = None
            self.rebuild()

    def action_switch_pane(self) -> None:
        self.close_query_bar()
        if self.article_list.has_focus:
            self.reader.focus()
        else:
            self.article_list.focus()

    def action_page_down(self) -> None:
        self.reader.page_down()

    def action_page_up(self) -> None:
        self.reader.page_up()

    def action_group(self, group_by: str) -> None:
        self.group_by = "topic" if group_by == "topic" else "region"
        self.rebuild()

    def action_toggle_highlight(self) -> None:
        self.highlight = not self.highlight
        self.show_article(keep_scroll=True)

    # -- actions: search and filter

    def open_query_bar(self, mode: Literal["search", "filter"]) -> None:
        self.query_mode = mode
        self.query_one("#query-prompt", Label).update(tr(f"{mode}_prompt", self.lang))
        field = self.query_one("#query", Input)
        field.placeholder = tr(f"{mode}_placeholder", self.lang)
        field.value = self.search if mode == "search" else self.query_text
        self.query_one("#query-bar").display = True
        field.focus()

    def close_query_bar(self) -> None:
        bar = self.query_one("#query-bar")
        if bar.display:
            bar.display = False
            self.article_list.focus()

    def action_search(self) -> None:
        self.open_query_bar("search")

    def action_filter(self) -> None:
        self.open_query_bar("filter")

    @on(Input.Submitted, "#query")
    def query_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        self.message = None
        if self.query_mode == "filter":
            if text:
                try:
                    query = self.parse(text)
                except QueryError as error:
                    self.say(str(error), error=True)
                    return
            self.query_text = text
            self.close_query_bar()
            if not text:
                self.filter_ids = None
                self.rebuild()
            else:
                self.run_query(query, "")
        else:
            self.search = text
            self.close_query_bar()
            if not text:
                self.search_ids = None
                self.rebuild()
            else:
                self.run_query(None, text)

    def parse(self, text: str) -> Query:
        resolve = self.taxonomy.resolve if self.taxonomy is not None else None
        return parse_query(text, resolve)

    def run_filter(self, query: Query) -> set[str]:
        assert self.library is not None
        marks = self.marks
        return set(filter_ids(self.library, query, lambda i: marks.get(i, NO_MARKS).states(), self.summaries))

    @work(thread=True, exclusive=True, group="query")
    def run_query(self, query: Query | None, needle: str) -> None:
        """Search or filter off the UI thread: an archive can take a while."""
        if self.library is None:
            return
        if query is not None:
            ids = self.run_filter(query)
            if not get_current_worker().is_cancelled:
                self.app.call_from_thread(self.query_done, "filter", ids)
        else:
            try:
                found = self.library.search(needle)
            except LibraryError as error:
                self.app.call_from_thread(self.library_failed, error)
                return
            if not get_current_worker().is_cancelled:
                self.app.call_from_thread(self.query_done, "search", found)

    def library_failed(self, error: LibraryError) -> None:
        """The index failed under a search (damaged: it is set aside): say so, and load again."""
        self.say(str(error), error=True)
        self.notify(clean_inline(str(error)), severity="error", timeout=10)
        if callable(self.source) and not hasattr(self.source, "summaries"):
            self.load(self.source)

    def query_done(self, kind: str, ids: set[str]) -> None:
        if kind == "filter":
            self.filter_ids = ids
        else:
            self.search_ids = ids
        self.rebuild(jump_to_hit=kind == "search")

    def action_next_hit(self) -> None:
        self.jump_hit(1)

    def action_previous_hit(self) -> None:
        self.jump_hit(-1)

    def jump_hit(self, step: int) -> None:
        if not self.search:
            self.say(tr("no_search", self.lang))
            return
        index = self.reader.jump_hit(step)
        if index is None:
            self.say(tr("no_hits", self.lang))
        else:
            self.say(tr("hit_of", self.lang).format(n=index + 1, total=len(self.reader.hit_lines)))

    # -- actions: marks

    def action_bookmark(self) -> None:
        article_id = self.current_article_id()
        if article_id is None:
            return
        state: list[bool] = []
        if self.change(article_id, lambda ref: state.append(self.store.toggle_bookmark(ref))):
            self.say(tr("bookmarked" if state and state[0] else "unbookmarked", self.lang))

    def action_toggle_read(self) -> None:
        article_id = self.current_article_id()
        if article_id is None:
            return
        if self._read_timer is not None:
            self._read_timer.stop()
            self._read_timer = None
        read = not self.marks.get(article_id, NO_MARKS).read
        if self.change(article_id, lambda ref: self.store.set_read(ref, read)):
            self.say(tr("marked_read" if read else "marked_unread", self.lang))

    def action_verdict(self, verdict: str) -> None:
        """Set a verdict (empty clears it); a real verdict moves on to the next untriaged article."""
        article_id = self.current_article_id()
        if article_id is None:
            return
        value = cast(Verdict, verdict) if verdict else None
        previous: dict[str, Verdict | None] = {}

        def write(ref: ArticleRef) -> None:
            previous[ref.id] = self.store.set_verdict(ref, value)

        if not self.change(article_id, write):
            return
        self.undo_verdicts = previous
        self.message = None
        if value is None:
            self.update_status()
            return
        self.navigated = True
        target = next_untriaged(self.rows, self.article_list.cursor, self.marks)
        if target is None:
            self.say(tr("all_triaged", self.lang))
        else:
            self.article_list.go_to_row(target)
            self.update_status()

    def action_mark_group(self) -> None:
        """Skip every untriaged article in the search/filter result, or else in the cursor's group."""
        row = self.article_list.current_row
        if row is None:
            return
        if self.visible_ids() is not None:
            ids, scope = article_ids(self.rows), tr("scope_view", self.lang)
        else:
            ids = group_ids(self.rows, row.path)
            scope = tr("scope_group", self.lang).format(group=" › ".join(row.path))
        todo = [i for i in ids if self.marks.get(i, NO_MARKS).verdict is None]
        if not todo:
            self.say(tr("nothing_to_mark", self.lang))
            return

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                self.undo_verdicts = self.store.set_verdicts([self.ref(i) for i in todo], "skip")
            except (StoreError, OSError) as error:
                self.notify(clean_inline(str(error)), severity="error")
                return
            self.after_store_change()
            self.say(tr("marked_many", self.lang).format(count=len(todo)))

        question = tr("mark_confirm", self.lang).format(scope=scope, count=len(todo))
        from reader.app.dialogs import ConfirmScreen

        self.app.push_screen(ConfirmScreen(question, self.lang), answered)

    def action_undo(self) -> None:
        if not self.undo_verdicts:
            self.say(tr("nothing_to_undo", self.lang))
            return
        previous, self.undo_verdicts = self.undo_verdicts, None
        try:
            self.store.restore_verdicts(previous)
        except (StoreError, OSError) as error:
            self.notify(clean_inline(str(error)), severity="error")
            return
        self.after_store_change()
        self.say(tr("undone", self.lang).format(count=len(previous)))

    # -- actions: notes, watch list, export, help

    def action_note(self) -> None:
        article_id = self.current_article_id()
        if article_id is None or self.library is None:
            return
        title = self.library.article(article_id).title or tr("untitled", self.lang)

        def saved(text: str | None) -> None:
            if text is None or not text.strip():
                return
            if self.change(article_id, lambda ref: self.store.add_note(ref, text)):
                self.say(tr("note_saved", self.lang))
                self.show_article(keep_scroll=True)

        from reader.app.dialogs import EditorScreen  # the editor's TextArea loads only when used

        self.app.push_screen(EditorScreen(tr("note_title", self.lang).format(title=title), self.lang), saved)

    def action_watch(self) -> None:
        term = self.search.strip()
        if not term:
            self.say(tr("no_search", self.lang))
            return
        if term in self.config.watch:
            self.say(tr("watch_exists", self.lang).format(term=term))
            return
        if self.set_watch([*self.config.watch, term]):
            self.say(tr("watch_added", self.lang).format(term=term))

    def action_edit_watch(self) -> None:
        def saved(text: str | None) -> None:
            if text is None:
                return
            terms = list(dict.fromkeys(line.strip() for line in text.splitlines() if line.strip()))
            if self.set_watch(terms):
                self.say(tr("watch_saved", self.lang).format(count=len(terms)))

        from reader.app.dialogs import EditorScreen

        editor = EditorScreen(tr("watch_title", self.lang), self.lang, "\n".join(self.config.watch))
        self.app.push_screen(editor, saved)

    def set_watch(self, terms: list[str]) -> bool:
        """Use `terms` as the watch list now, and save them to the config file if there is one."""
        if self.config.path is not None:
            try:
                save_watch(self.config.path, terms)
            except (OSError, ValueError) as error:
                self.say(str(error), error=True)
                return False
        self.config.watch = terms
        self.watch_hits = self.compute_watch_hits()
        self.article_list.update_marks(self.marks, self.watch_hits)
        self.show_article(keep_scroll=True)
        return True

    def action_export(self) -> None:
        default = f"reader-export-{datetime.now():%Y%m%d-%H%M%S}.md"

        def chosen(path: str | None) -> None:
            if path:
                self.export_to(Path(path).expanduser())

        from reader.app.dialogs import PromptScreen

        self.app.push_screen(PromptScreen(tr("export_title", self.lang), default), chosen)

    def export_to(self, path: Path) -> None:
        """Write the annotations as `reader export` would, in the format the file name asks for."""
        from reader.export import to_csv, to_json_text, to_markdown, write_report

        suffix = path.suffix.lower()
        try:
            if suffix == ".json":
                text = to_json_text(self.store.export_json())
            elif suffix == ".csv":
                text = to_csv(self.store.all().values())
            else:
                articles = [self.library.article(s.id) for s in self.summaries] if self.library else None
                text = to_markdown(self.store.all().values(), articles)
            write_report(path, text)
        except (OSError, StoreError, LibraryError) as error:
            self.say(tr("export_failed", self.lang).format(error=error), error=True)
            return
        message = tr("exported", self.lang).format(path=path.resolve())
        self.say(message)
        self.notify(clean_inline(message), timeout=10)

    def help_rows(self) -> list[tuple[str, str, str]]:
        """(keys, description, id) of every main-screen binding, with the user's keymap applied."""
        bindings = self._bindings.copy()
        bindings.apply_keymap(self.app._keymap)
        by_id: dict[str, tuple[list[str], Binding]] = {}
        for key_bindings in bindings.key_to_bindings.values():
            for binding in key_bindings:
                keys, _ = by_id.setdefault(binding.id or binding.action, ([], binding))
                keys.append(self.app.get_key_display(binding))
        order = [b.id for b in main_bindings(self.lang)]
        rows = [(" ".join(keys), binding.description, key) for key, (keys, binding) in by_id.items()]
        return sorted(rows, key=lambda row: order.index(row[2]) if row[2] in order else len(order))

    def action_help(self) -> None:
        from reader.app.dialogs import HelpScreen

        self.app.push_screen(HelpScreen(self.help_rows(), self.lang))
