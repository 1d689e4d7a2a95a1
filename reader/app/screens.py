"""The main screen: the article list beside the reading pane, a status line, and the query line.

The screen holds one `ViewState` (`reader.app.view`) in a reactive and repaints what a new state
changes (`watch_view`); its actions live in `reader.app.actions`, one module per concern. The load
worker posts `Loaded` / `Progress` messages (`reader.app.messages`) and never waits for the screen.
"""

from __future__ import annotations

import gc
from dataclasses import replace
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingsMap
from textual.containers import Horizontal, Vertical
from textual.widgets import Label, Static
from textual.worker import get_current_worker

from reader.app import messages
from reader.app.actions.copy import CopyActions
from reader.app.actions.export import ExportActions
from reader.app.actions.help import HelpActions
from reader.app.actions.navigation import NavigationActions
from reader.app.actions.notes import NotesActions
from reader.app.actions.page import PageActions
from reader.app.actions.query import QueryActions
from reader.app.actions.triage import TriageActions
from reader.app.bindings import main_bindings
from reader.app.grouping import ArticleRow
from reader.app.i18n import tr
from reader.app.loading import Loaded, Loader, LoadEvent
from reader.app.read_state import ReadState
from reader.app.status import status_text
from reader.app.store_link import StoreLink
from reader.app.view import ViewState
from reader.app.widgets.article_list import ArticleList
from reader.app.widgets.article_text import ReaderDoc
from reader.app.widgets.key_legend import KeyLegend
from reader.app.widgets.query_input import QueryInput
from reader.app.widgets.reader_pane import ReaderPane
from reader.config import Config
from reader.library import LibraryError
from reader.store import Store
from reader.text import clean_inline


def settle_collector() -> None:
    """Let the garbage collector run again (`reader` starts the app with it off), leaving out
    everything made so far: Textual's classes and the library's summaries live as long as the app,
    and walking a hundred thousand of them now and then would stall a keypress."""
    gc.freeze()
    gc.enable()


ID_CELLS = 12  # of an article's id shown under the body: a prefix the CLI takes as unique


class LoadCancelled(Exception):
    """Raised inside the loader's thread when a newer load has replaced it."""


class MainScreen(
    NavigationActions,
    QueryActions,
    TriageActions,
    NotesActions,
    PageActions,
    ExportActions,
    CopyActions,
    HelpActions,
    ReadState,
    StoreLink,
    inherit_bindings=False,
):
    """List, reader, status and the query line."""

    BINDINGS: ClassVar[list[Binding | tuple[str, str] | tuple[str, str, str]]] = [*main_bindings("zh")]

    def __init__(self, source: Loader, store: Store, config: Config) -> None:
        super().__init__(source, store, config)
        if self.lang != "zh":
            self._bindings = BindingsMap(main_bindings(self.lang))
        self._legend: Text | None = None
        self._status: Text | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="panes"):
            yield ArticleList(id="list")
            with Vertical(id="reading"):
                yield ReaderPane(id="body")
                yield Static(id="legend")
        yield Static(id="status")
        # The query line takes the keys' row while it is open: the panes keep their size, so
        # opening and closing it repaints one row, not the screen.
        with Horizontal(id="bottom"):
            with Horizontal(id="query-bar"):
                yield Label(tr("search_prompt", self.lang), id="query-prompt", markup=False)
                yield QueryInput(id="query")
            yield KeyLegend("keys")  # ctrl+p is in the help

    def on_mount(self) -> None:
        self.watch(self.reader, "scroll_y", lambda _y: self.show_legend(), init=False)
        # The query line starts hidden (styles.tcss): a `/` that came before this (it is a priority
        # binding) has opened it, and keeps it with the focus.
        self.set_focus(
            self.query_one("#query") if self.query_one("#query-bar").display else self.article_list
        )
        self.reader.show(None, placeholder=tr("loading", self.lang))
        self.reload_marks()
        self.show_notices(self.store.take_notices())
        self.set_interval(self.store.poll_interval, self.poll_store)
        self.call_after_refresh(settle_collector)  # if no list came in time for the first frame
        first = self.source.first_frame()
        if first is None:
            self.load()
        else:  # an up-to-date index or a ready library: it goes into the first frame
            self.take(first)
            if not first.final:
                self.call_after_refresh(self.load)
        self.show_status()

    # -- loading

    @work(thread=True, exclusive=True, group="load")
    def load(self) -> None:
        worker = get_current_worker()

        def report(event: LoadEvent) -> None:
            if worker.is_cancelled:
                raise LoadCancelled
            self.post_message(
                messages.Loaded(event) if isinstance(event, Loaded) else messages.Progress(event)
            )

        try:
            self.source(report)
        except LoadCancelled:
            return

    @on(messages.Progress)
    def load_progress(self, message: messages.Progress) -> None:
        event = message.event
        stage = tr("stage_load" if event.stage == "load" else "stage_tag", self.lang)
        self.update_view(
            progress=tr("progress", self.lang).format(stage=stage, done=event.done, total=event.total)
        )

    @on(messages.Loaded)
    def load_done(self, message: messages.Loaded) -> None:
        self.take(message.event)

    def take(self, event: Loaded) -> None:
        """Show a (new) library: searches and filters are run again, the cursor stays put."""
        progress = (
            ""
            if event.final
            else tr("progress", self.lang).format(stage=tr("stage_tag", self.lang), done=0, total="…")
        )
        self.show_notices(event.notices)
        if event.error is not None:
            self.say(event.error, error=True)
        taxonomy = event.taxonomy or self.view.taxonomy
        if event.library is self.view.library:  # nothing changed on disk: the list stays as it is
            self.update_view(progress=progress)
            return
        new = replace(self.view, library=event.library, taxonomy=taxonomy, progress=progress)
        self.view = replace(new, **self.refreshed_queries(new))
        settle_collector()

    # -- repainting what a new view state changes

    def watch_view(self, old: ViewState, new: ViewState) -> None:
        list_changed = (
            old.library is not new.library
            or old.group_by != new.group_by
            or old.taxonomy is not new.taxonomy
            or old.search_bits is not new.search_bits
            or old.filter_bits is not new.filter_bits
        )
        marks_changed = old.annotations is not new.annotations or old.watch != new.watch
        if old.search != new.search or old.highlight != new.highlight:
            self.article_list.set_search(new.search if new.highlight else "")
        if list_changed:
            # Tagging regroups the list: until the user has moved, the first article stays selected.
            keep = self.current_article_id() if self.navigated or old.library is new.library else None
            jump = old.search_bits is not new.search_bits and bool(new.search) and old.library is new.library
            self.article_list.show(new.rows, new.marks, new.watch_hits, keep=keep)
            self.show_article(jump_to_hit=jump)
        else:
            if marks_changed:
                self.article_list.update_marks(new.marks, new.watch_hits if old.watch != new.watch else None)
            if self.doc_inputs(old) != self.doc_inputs(new):
                self.show_article(keep_scroll=True)
        self.show_status()

    def doc_inputs(self, view: ViewState) -> tuple[object, ...]:
        """What the reading pane shows of the view beside the article itself."""
        article_id = self.current_article_id()
        item = view.annotations.get(article_id) if article_id is not None else None
        notes = item.notes if item is not None else ()
        return (view.highlight, view.search, view.watch, tuple(notes), self.marked_by(article_id or "", view))

    def show_status(self) -> None:
        status = self.query_one("#status", Static)
        text = status_text(self.view, status.content_region.width or 10_000)
        if text != self._status:
            self._status = text
            status.update(text, layout=False)  # one line, always

    # -- the list and the reading pane

    @on(ArticleList.Opened)
    def opened(self, event: ArticleList.Opened) -> None:
        if event.article_id == self.current_article_id():
            self.action_open_body()

    @on(ArticleList.Selected)
    def selected(self, event: ArticleList.Selected) -> None:
        if event.article_id != self.current_article_id():
            return  # the cursor has moved on since (a held-down key): that move shows its article
        if event.article_id == self.shown_on_key:
            self.shown_on_key = None  # a moving key showed it already
            return
        self.show_article(jump_to_hit=bool(self.view.search))

    def show_article(self, keep_scroll: bool = False, jump_to_hit: bool = False) -> None:
        article_id = self.current_article_id()
        view = self.view
        if view.library is None or article_id is None:
            empty = (
                "loading"
                if view.library is None
                else "no_match"
                if view.visible_ids is not None
                else "no_article"
            )
            self.reader.show(None, placeholder=tr(empty, self.lang))
            self.show_legend()
            return
        try:
            article = view.library.article(article_id)
        except LibraryError as error:  # the archive's server went away: the list stays, the line says why
            self.reader.show(None, placeholder=clean_inline(str(error)))
            self.say(str(error), error=True)
            return
        item = view.annotations.get(article_id)
        doc = ReaderDoc(
            article=article,
            notes=item.notes if item is not None else (),
            topics=[view.topic_label(t) for t in article.topics],
            search=view.search,
            watch=view.watch,
            highlight=view.highlight,
            language=self.lang,
            region=self.region_label(article_id),
            marked_by=self.marked_by(article_id),
        )
        self.reader.show(doc, keep_scroll=keep_scroll)
        if jump_to_hit and view.search:
            self.reader.jump_hit(1)
        self.show_legend()
        self.schedule_read(article_id)

    def region_label(self, article_id: str) -> str:
        row = self.article_list.current_row
        view = self.view
        if view.group_by == "region" and isinstance(row, ArticleRow) and row.id == article_id:
            return " › ".join(row.path)
        summary = view.summary_by_id.get(article_id)
        if summary is None:
            return ""
        if summary.scope == "national":
            return view.labels.national
        return " › ".join(summary.region.path()) or view.labels.unknown

    def on_resize(self) -> None:
        self.call_after_refresh(self.show_legend)  # the same scroll is another % at another height
        self.call_after_refresh(self.show_status)  # another width shortens other parts

    def show_legend(self) -> None:
        """The line under the body: how far down it is read, and the key to the highlight layers.

        It stands in for a scrollbar, which would cost more to draw than the article for every
        keypress. An unchanged line is not drawn again.
        """
        legend = Text()
        doc = self.reader.doc
        if doc is not None:
            position = self.reader.position()
            if position:
                legend.append(position, style="bold")
                legend.append(" · ")
            legend.append(f"ID {doc.article.id[:ID_CELLS]}", style="bold")  # `reader note ID` takes a prefix
            legend.append(" · ")
            legend.append_text(
                self.reader.legend() if self.view.highlight else Text(tr("highlight_off", self.lang))
            )
        if legend != self._legend:
            self._legend = legend
            self.query_one("#legend", Static).update(legend, layout=False)
