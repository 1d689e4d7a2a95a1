"""Search, filter and the watch list: the query line, the workers that answer it, hits in the body."""

from __future__ import annotations

from typing import Any, Literal

from pyroaring import FrozenBitMap
from textual import on, work
from textual.timer import Timer
from textual.widgets import Input, Label
from textual.worker import get_current_worker

from reader.app.i18n import tr
from reader.app.screen_base import ScreenBase
from reader.app.view import ViewState
from reader.app.widgets.query_input import QueryInput
from reader.config import save_watch
from reader.history import load_history, remember
from reader.library import Library, LibraryError, filter_bits
from reader.locations import history_path
from reader.notes import articles_with_note
from reader.query import Query, QueryError, parse_query
from reader.text import clean_inline

QueryMode = Literal["search", "filter"]
SEARCH_PAUSE = 0.15  # seconds of no typing before the list narrows to the search


def search_with_notes(view: ViewState, needle: str) -> FrozenBitMap:
    """The positions of the library's hits for `needle`, and of the articles whose notes hold it
    (from the store's snapshot in the view state, outside the index). Safe in a worker: a view's
    annotations are never changed in place."""
    assert view.library is not None
    noted = articles_with_note(view.annotations, needle)
    found = view.library.search_bits(needle)
    return FrozenBitMap((found | view.catalogue.bits(noted)) if noted else found)


class QueryActions(ScreenBase):
    query_mode: QueryMode = "search"

    search_timer: Timer | None = None
    history: list[str] | None = None

    def open_query_bar(self, mode: QueryMode) -> None:
        self.query_mode = mode
        self.query_one("#query-prompt", Label).update(tr(f"{mode}_prompt", self.lang))
        field = self.query_one("#query", QueryInput)
        field.placeholder = tr(f"{mode}_placeholder", self.lang)
        if self.history is None:
            self.history = load_history(history_path())
        field.start(self.view.search if mode == "search" else self.view.query_text, self.history)
        self.query_one("#query-bar").display = True
        self.query_one("#keys").display = False
        # Now, not after the next idle (`focus()` waits for it): keys typed right after `/` are
        # already on their way, and would go to the list.
        self.set_focus(field)

    @on(Input.Changed, "#query")
    def query_changed(self, event: Input.Changed) -> None:
        """The list narrows as the search is typed, once typing pauses for SEARCH_PAUSE seconds."""
        event.stop()
        if self.query_mode != "search" or not self.query_one("#query-bar").display:
            return
        if self.search_timer is not None:
            self.search_timer.stop()
        text = event.value.strip()
        if text != (self.view.searching or self.view.search):
            self.search_timer = self.set_timer(SEARCH_PAUSE, lambda: self.search_for(text))

    def search_for(self, text: str) -> None:
        """Show the articles that hold `text` (a worker finds them; a newer search cancels it)."""
        if self.search_timer is not None:
            self.search_timer.stop()
            self.search_timer = None
        if not text:
            self.update_view(search="", search_bits=None, searching="", message=None)
        elif text != self.view.search or self.view.search_bits is None:
            # The view keeps showing the last results until these come: one repaint, not two.
            self.update_view(searching=text, message=None)
            self.run_query(None, text)

    def action_search(self) -> None:
        """`/` is a priority binding: it takes the focus to the search line as the key arrives,
        before the keys typed after it are handed to the list. Typed in the line, it is text."""
        field = self.query_one("#query", QueryInput)
        if field.has_focus:
            key = self.app._keymap.get("search", "slash").split(",")[0]
            field.insert_text_at_cursor("/" if key == "slash" else key if len(key) == 1 else "")
            return
        self.open_query_bar("search")

    def action_filter(self) -> None:
        self.open_query_bar("filter")

    @on(Input.Submitted, "#query")
    def query_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        if self.query_mode == "filter":
            query = None
            if text:
                try:
                    query = self.parse(text)
                except QueryError as error:
                    self.say(str(error), error=True)
                    self.query_one("#query", QueryInput).resume()  # open to fix the typo
                    return
            self.close_query_bar()
            if query is None:
                self.update_view(query_text="", filter_bits=None, message=None)
            else:
                self.update_view(query_text=text, message=None)
                self.run_query(query, "")
        else:
            self.close_query_bar()
            self.search_for(text)
            if text:
                self.history = remember(history_path(), self.history or [], text)

    def parse(self, text: str) -> Query:
        taxonomy = self.view.taxonomy
        return parse_query(text, taxonomy.resolve if taxonomy is not None else None)

    def run_filter(self, query: Query, view: ViewState | None = None) -> FrozenBitMap:
        view = view or self.view
        assert view.library is not None
        annotations = view.annotations
        return filter_bits(
            view.library,
            query,
            view.catalogue,
            view.marks,
            note_search=lambda word: articles_with_note(annotations, word),
        )

    def refreshed_queries(self, view: ViewState) -> dict[str, Any]:
        """A new library's search and filter results (for `replace`), run again on the UI thread."""
        changes: dict[str, Any] = {}
        if view.library is None:
            return {}
        needle = view.searching or view.search  # a search still on its way is answered here
        if needle:
            changes.update(search=needle, searching="", search_bits=search_with_notes(view, needle))
        if view.query_text:
            try:
                changes["filter_bits"] = self.run_filter(self.parse(view.query_text), view)
            except QueryError:
                changes["filter_bits"] = None
        return changes

    @work(thread=True, exclusive=True, group="query")
    def run_query(self, query: Query | None, needle: str) -> None:
        """Search or filter off the UI thread: an archive can take a while."""
        view = self.view
        if view.library is None:
            return
        if query is not None:
            kept = self.run_filter(query, view)
            if not get_current_worker().is_cancelled:
                self.app.call_from_thread(self.filter_found, view.library, kept)
            return
        try:
            found = search_with_notes(view, needle)
        except LibraryError as error:
            self.app.call_from_thread(self.library_failed, error)
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.search_found, view.library, needle, found)

    def search_found(self, library: Library, needle: str, found: FrozenBitMap) -> None:
        if needle == self.view.searching and library is self.view.library:  # else a newer one is on its way
            self.update_view(search=needle, search_bits=found, searching="")

    def filter_found(self, library: Library, kept: FrozenBitMap) -> None:
        if library is self.view.library:  # positions of another library's list mean nothing here
            self.update_view(filter_bits=kept)

    def library_failed(self, error: LibraryError) -> None:
        """The index failed under a search (damaged: it is set aside): say so, and load again."""
        self.update_view(searching="")
        self.say(str(error), error=True)
        self.notify(clean_inline(str(error)), severity="error", timeout=10)
        self.load()

    def action_next_hit(self) -> None:
        self.jump_hit(1)

    def action_previous_hit(self) -> None:
        self.jump_hit(-1)

    def jump_hit(self, step: int) -> None:
        """The next (+1) or previous (-1) hit; past the article's last (or first), the next (or
        previous) matching article, round to the list's other end."""
        if not self.view.search:
            self.say(tr("no_search", self.lang))
            return
        reader, hits = self.reader, len(self.reader.hit_lines)
        past = hits == 0 or (reader.hit_index >= hits - 1 if step > 0 else reader.hit_index <= 0)
        if past and self.view.search_bits:
            listed = self.article_list
            if not listed.move(step):
                if not (listed.first() if step > 0 else listed.last()):
                    return
                self.notify(tr("search_wrapped", self.lang), timeout=3)
            self.navigated = True
            self.shown_on_key = self.current_article_id()
            self.show_article(jump_to_hit=True)
            if step < 0:
                reader.jump_hit(-1)
            index = reader.hit_index if reader.hit_lines else None
        else:
            index = reader.jump_hit(step)
        if index is None:
            self.say(tr("no_hits", self.lang))
        else:
            self.say(tr("hit_of", self.lang).format(n=index + 1, total=len(self.reader.hit_lines)))

    # -- the watch list

    def action_watch(self) -> None:
        term = self.view.search.strip()
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
        self.update_view(watch=tuple(terms))
        return True
