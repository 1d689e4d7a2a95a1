"""The notes list (`A`): every note, newest first, with its article, author and time.

Typing filters by note text (Chinese goes straight in; `/` moves to the filter line for words
that share letters with the keys), `Enter` returns the article's id to the main screen, `e` edits
and `d` deletes after a confirm. The screen writes through the `Store` it is given and says what
failed in one line; the main screen re-reads the marks when it comes back.
"""

from __future__ import annotations

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from reader.app.dialogs import ConfirmScreen, EditorScreen
from reader.app.i18n import tr
from reader.config import Language
from reader.localtime import local_time
from reader.notes import NoteEntry, filter_entries, note_entries
from reader.store import Note, NoteEvent, Store, StoreError
from reader.text import clean_inline

TITLE_CELLS = 24
TEXT_CELLS = 200


def note_line(entry: NoteEntry, language: Language) -> Text:
    """One entry of the list: time, author, the article's title, then the note's first line."""
    note = entry.note
    line = Text(no_wrap=True, overflow="ellipsis")
    line.append(local_time(note.updated, offset=False)[:16], style="dim")
    line.append("  ")
    line.append(clean_inline(note.author) or tr("anonymous", language), style="bold")
    if entry.edited:
        line.append(tr("note_edited_mark", language), style="dim")
    line.append("  ")
    title = clean_inline(entry.title) or tr("untitled", language)
    shown = Text(title)
    shown.truncate(TITLE_CELLS, overflow="ellipsis")
    line.append("《")
    line.append_text(shown)
    line.append("》")
    line.append("\n")
    first = clean_inline(note.text.splitlines()[0] if note.text.strip() else "")
    body = Text(first)
    body.truncate(TEXT_CELLS, overflow="ellipsis")
    line.append("  ")
    line.append_text(body)
    return line


def history_text(note: Note, events_: list[NoteEvent], language: Language) -> Text:
    """The highlighted note in full, with who wrote and changed it and when."""
    text = Text()
    for number, part in enumerate(note.text.splitlines() or [""]):
        if number:
            text.append("\n")
        text.append(clean_inline(part))
    for event in events_:
        text.append("\n")
        who = clean_inline(event.by) or tr("anonymous", language)
        text.append(f"{tr(f'history_{event.action}', language)} {local_time(event.at)} · {who}", style="dim")
    if not events_:
        text.append("\n")
        text.append(f"{tr('history_added', language)} {local_time(note.created)}", style="dim")
    return text


class NoteEditorScreen(EditorScreen):
    """The note editor, with the article's earlier notes above the text being written."""

    def __init__(
        self, title: str, language: Language, earlier: tuple[Note, ...] = (), text: str = ""
    ) -> None:
        super().__init__(title, language, text)
        self.earlier = earlier

    def compose(self) -> ComposeResult:
        with Vertical(id="editor-box") as box:
            box.border_title = clean_inline(self.title_text)
            box.border_subtitle = tr("note_help", self.language)
            if self.earlier:
                shown = Text(tr("earlier_notes", self.language).format(count=len(self.earlier)), style="bold")
                for note in self.earlier:
                    shown.append("\n")
                    who = clean_inline(note.author) or tr("anonymous", self.language)
                    shown.append(f"{local_time(note.updated, offset=False)[:16]} {who}：", style="dim")
                    shown.append(clean_inline(note.text))
                yield Static(shown, id="editor-earlier")
            yield TextArea(self.initial, id="editor", soft_wrap=True, show_line_numbers=False)


class NotesScreen(Screen[str | None]):
    """All notes newest first; returns the id of the article to open, or None."""

    BINDINGS = [
        Binding("escape", "close", "返回", show=False),
        Binding("e", "edit", "修改", show=False),
        Binding("d", "delete", "删除", show=False),
        Binding("j", "move(1)", show=False),
        Binding("k", "move(-1)", show=False),
        Binding("slash", "focus_filter", show=False),
    ]

    def __init__(self, store: Store, language: Language) -> None:
        super().__init__(id="notes")
        self.store = store
        self.language = language
        self.entries: list[NoteEntry] = []
        self.shown: list[NoteEntry] = []
        self._history: dict[tuple[str, str], list[NoteEvent]] = {}

    def compose(self) -> ComposeResult:
        with Vertical(id="notes-box"):
            yield Static(id="notes-title")
            yield Input(placeholder=tr("notes_filter_placeholder", self.language), id="notes-filter")
            yield OptionList(id="notes-list", markup=False)
            yield Static(id="notes-detail")
            yield Static(Text(tr("notes_keys", self.language), style="bold"), id="notes-keys")

    @property
    def option_list(self) -> OptionList:
        return self.query_one("#notes-list", OptionList)

    @property
    def filter_field(self) -> Input:
        return self.query_one("#notes-filter", Input)

    def on_mount(self) -> None:
        self.refresh_entries()
        self.option_list.focus()

    # -- the list

    def refresh_entries(self, keep: str | None = None) -> None:
        """Read the notes again from the store's snapshot and show the ones the filter lets by."""
        try:
            self.entries = note_entries(self.store.all().values())
        except StoreError as error:
            self.say(str(error))
            return
        self.apply_filter(keep)

    def apply_filter(self, keep: str | None = None) -> None:
        needle = self.filter_field.value
        self.shown = filter_entries(self.entries, needle)
        options = self.option_list
        options.clear_options()
        options.add_options(
            [Option(note_line(entry, self.language), id=entry.note.id) for entry in self.shown]
        )
        title = tr("notes_list_title", self.language).format(shown=len(self.shown), total=len(self.entries))
        self.query_one("#notes-title", Static).update(Text(title, style="bold"))
        if self.shown:
            ids = [entry.note.id for entry in self.shown]
            options.highlighted = ids.index(keep) if keep in ids else 0
        self.show_detail()

    def current(self) -> NoteEntry | None:
        index = self.option_list.highlighted
        return self.shown[index] if index is not None and 0 <= index < len(self.shown) else None

    def show_detail(self) -> None:
        detail = self.query_one("#notes-detail", Static)
        entry = self.current()
        if entry is None:
            needle = clean_inline(self.filter_field.value)
            key = "notes_no_match" if self.entries else "notes_none"
            detail.update(Text(tr(key, self.language).format(needle=needle), style="dim"))
            return
        note = entry.note
        cache_key = (note.id, note.updated)
        events_ = self._history.get(cache_key)
        if events_ is None and self.store.problem() is None:  # a server known to be away: no waiting
            try:
                events_ = self._history[cache_key] = self.store.note_history(note.id)
            except StoreError:
                events_ = None
        events_ = events_ or []
        head = Text(f"{note.id} · {note.article_id}", style="dim")
        head.append("\n")
        head.append_text(history_text(note, events_, self.language))
        detail.update(head)

    @on(OptionList.OptionHighlighted)
    def highlighted(self) -> None:
        self.show_detail()

    @on(Input.Changed, "#notes-filter")
    def filter_changed(self) -> None:
        self.apply_filter()

    @on(Input.Submitted, "#notes-filter")
    def filter_done(self, event: Input.Submitted) -> None:
        event.stop()
        self.option_list.focus()

    def on_key(self, event: events.Key) -> None:
        """Typing on the list goes to the filter: Chinese never clashes with the keys."""
        if self.focused is self.filter_field:
            if event.key in ("down", "escape"):
                event.stop()
                event.prevent_default()
                self.option_list.focus()
            return
        if event.key in self._bindings.key_to_bindings:
            return  # the screen's own keys (e, d, j, k, /) run as bindings after this
        if event.key == "backspace":
            self.filter_field.value = self.filter_field.value[:-1]
            event.stop()
        elif event.is_printable and event.character and event.character != " ":
            self.filter_field.value += event.character
            event.stop()

    # -- actions

    def say(self, message: str) -> None:
        self.notify(clean_inline(message), severity="error")

    def action_move(self, step: int) -> None:
        if step > 0:
            self.option_list.action_cursor_down()
        else:
            self.option_list.action_cursor_up()

    def action_focus_filter(self) -> None:
        self.filter_field.focus()

    def action_close(self) -> None:
        if self.filter_field.value:
            self.filter_field.value = ""
            self.option_list.focus()
            return
        self.dismiss(None)

    @on(OptionList.OptionSelected)
    def open_article(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        entry = self.current()
        if entry is not None:
            self.dismiss(entry.note.article_id)

    def action_edit(self) -> None:
        entry = self.current()
        if entry is None:
            return
        note = entry.note
        title = tr("note_edit_title", self.language).format(
            title=entry.title or tr("untitled", self.language)
        )

        def saved(text: str | None) -> None:
            if text is None or not text.strip() or text == note.text:
                return
            try:
                self.store.update_note(note.id, text)
            except (StoreError, OSError, ValueError) as error:
                self.say(tr("note_gone", self.language) if self.store.note(note.id) is None else str(error))
                self.refresh_entries()
                return
            self.notify(tr("note_updated", self.language))
            self.refresh_entries(keep=note.id)

        self.app.push_screen(EditorScreen(title, self.language, note.text), saved)

    def action_delete(self) -> None:
        entry = self.current()
        if entry is None:
            return
        note = entry.note
        preview = Text(clean_inline(note.text))
        preview.truncate(30, overflow="ellipsis")
        question = tr("note_delete_confirm", self.language).format(text=preview.plain)
        index = self.option_list.highlighted or 0

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                gone = self.store.delete_note(note.id)
            except (StoreError, OSError) as error:
                self.say(str(error))
                return
            self.notify(tr("note_deleted" if gone else "note_gone", self.language))
            self.refresh_entries()
            if self.shown:
                self.option_list.highlighted = min(index, len(self.shown) - 1)

        self.app.push_screen(ConfirmScreen(question, self.language), answered)


__all__ = ["NoteEditorScreen", "NotesScreen", "history_text", "note_line"]
