"""The modal screens: help, a multi-line editor (notes, the watch list), yes/no, and a one-line prompt.

Each one returns its answer through `dismiss`, so the main screen decides what to do with it and
the dialogs never touch the store. Everything shown is plain `Text`: titles carry article text.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Static, TextArea

from reader.app.i18n import tr
from reader.config import Language
from reader.text import clean_inline


class HelpScreen(ModalScreen[None]):
    """Every binding of the main screen with its keys, as the keymap has them now."""

    BINDINGS = [
        Binding("escape,question_mark,q", "dismiss", "Close", show=False),
        Binding("j,down", "scroll('down')", show=False),
        Binding("k,up", "scroll('up')", show=False),
    ]

    def __init__(
        self, rows: Sequence[tuple[str, str, str]], language: Language, extra: Text | None = None
    ) -> None:
        """`rows` are (keys, description, binding id); `extra` follows the table."""
        super().__init__()
        self.rows = rows
        self.language = language
        self.extra = extra

    def compose(self) -> ComposeResult:
        width = max((Text(keys).cell_len for keys, _, _ in self.rows), default=4) + 2
        table = Text()
        for keys, description, binding_id in self.rows:
            line = Text(keys.ljust(width), style="bold")
            line.append(description)
            line.append(f"  {binding_id}", style="dim")
            table.append_text(line)
            table.append("\n")
        table.rstrip()
        if self.extra is not None:
            table.append("\n")
            table.append_text(self.extra)
        with Vertical(id="help-box") as box:
            box.border_title = tr("help_title", self.language)
            box.border_subtitle = tr("help_close", self.language)
            with VerticalScroll(id="help-scroll"):
                yield Static(table, id="help-table")

    def action_scroll(self, direction: str) -> None:
        scroll = self.query_one("#help-scroll", VerticalScroll)
        if direction == "down":
            scroll.scroll_down(animate=False)
        else:
            scroll.scroll_up(animate=False)


class ConfirmScreen(ModalScreen[bool]):
    """A yes/no question; y or Enter says yes, n or Esc says no."""

    BINDINGS = [
        Binding("y,enter", "answer(True)", "Yes", show=False),
        Binding("n,escape", "answer(False)", "No", show=False),
    ]

    def __init__(self, question: str, language: Language) -> None:
        super().__init__()
        self.question = question
        self.language = language

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Static(Text(clean_inline(self.question)), id="confirm-question")
            yield Static(Text(tr("yes_no", self.language), style="bold"), id="confirm-keys")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class EditorScreen(ModalScreen[str | None]):
    """A multi-line editor: Ctrl+S returns the text; Esc returns None, asking first if text would be lost."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="editor.save"),
        Binding("escape", "cancel", "Cancel", id="editor.cancel"),
    ]

    def __init__(self, title: str, language: Language, text: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.language = language
        self.initial = text

    def compose(self) -> ComposeResult:
        with Vertical(id="editor-box") as box:
            box.border_title = clean_inline(self.title_text)
            box.border_subtitle = tr("note_help", self.language)
            yield TextArea(self.initial, id="editor", soft_wrap=True, show_line_numbers=False)

    def on_mount(self) -> None:
        editor = self.query_one(TextArea)
        editor.focus()
        editor.move_cursor(editor.document.end)

    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text)

    def action_cancel(self) -> None:
        text = self.query_one(TextArea).text
        if not text.strip() or text == self.initial:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmScreen(tr("discard_note", self.language), self.language), answered)


class PromptScreen(ModalScreen[str | None]):
    """One line of input (the export path); Enter returns it, Esc returns None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", show=False)]

    def __init__(self, title: str, value: str) -> None:
        super().__init__()
        self.title_text = title
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt-box") as box:
            box.border_title = self.title_text
            yield Input(self.value, id="prompt-input")

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)
