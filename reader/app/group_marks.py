"""`x`: mark every untriaged article of a group as skipped, at the level the editor chooses.

The cursor stands on an article, which sits in a county inside a city inside a province (or in a
topic); the dialog offers each of those levels, innermost first, with how many untriaged articles
each holds, and in a search or filter the whole view first. `y`/`Enter` takes the highlighted
level, a digit takes that level, `n`/`Esc` changes nothing; `z` undoes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from reader.app.dialogs import ConfirmScreen
from reader.app.grouping import article_ids, group_ids
from reader.app.i18n import tr
from reader.config import Language
from reader.library import NO_MARKS
from reader.store import StoreError
from reader.text import clean_inline

if TYPE_CHECKING:
    from reader.app.screens import MainScreen


@dataclass(frozen=True)
class Scope:
    """One level the editor can mark: its name, and the untriaged articles in it."""

    name: str
    todo: tuple[str, ...]


class ScopeScreen(ConfirmScreen):
    """A yes/no question with a choice of level; `choice` is the chosen scope when it says yes."""

    BINDINGS = [
        *ConfirmScreen.BINDINGS,
        Binding("j,down", "step(1)", show=False),
        Binding("k,up", "step(-1)", show=False),
        *(Binding(str(n), f"choose({n - 1})", show=False) for n in range(1, 10)),
    ]

    def __init__(self, scopes: list[Scope], language: Language) -> None:
        super().__init__(tr("scope_title", language), language)
        self.scopes = scopes
        self.choice = 0

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Static(Text(self.question, style="bold"), id="confirm-question")
            yield Static(self.choices(), id="scope-choices")
            keys = f"{tr('yes_no', self.language)} · {tr('scope_keys', self.language)}"
            yield Static(Text(keys, style="bold"), id="confirm-keys")

    def choices(self) -> Text:
        text = Text()
        for number, scope in enumerate(self.scopes):
            if number:
                text.append("\n")
            chosen = number == self.choice
            line = tr("scope_line", self.language).format(
                name=clean_inline(scope.name), count=len(scope.todo)
            )
            text.append(
                f"{'▶' if chosen else ' '} {number + 1} {line}", style="reverse bold" if chosen else ""
            )
        return text

    def action_step(self, step: int) -> None:
        self.choice = max(0, min(len(self.scopes) - 1, self.choice + step))
        self.query_one("#scope-choices", Static).update(self.choices())

    def action_choose(self, index: int) -> None:
        if index < len(self.scopes):
            self.choice = index
            self.dismiss(True)


def scopes_at_cursor(screen: MainScreen) -> list[Scope]:
    """The view (when narrowed), then each level of the cursor's group, innermost first; levels
    with nothing untriaged are left out."""
    row = screen.article_list.current_row
    if row is None:
        return []
    marks = screen.marks

    def untriaged(ids: list[str]) -> tuple[str, ...]:
        return tuple(i for i in ids if marks.get(i, NO_MARKS).verdict is None)

    scopes: list[Scope] = []
    if screen.visible_ids() is not None:
        scopes.append(Scope(tr("scope_view", screen.lang), untriaged(article_ids(screen.rows))))
    for size in range(len(row.path), 0, -1):
        path = row.path[:size]
        scopes.append(Scope(" › ".join(path), untriaged(group_ids(screen.rows, path))))
    return [scope for scope in scopes if scope.todo]


def mark_group(screen: MainScreen) -> None:
    """`x`: ask which level, then skip its untriaged articles in one store write."""
    scopes = scopes_at_cursor(screen)
    if screen.article_list.current_row is None:
        return
    if not scopes:
        screen.say(tr("nothing_to_mark", screen.lang))
        return
    dialog = ScopeScreen(scopes, screen.lang)

    def answered(yes: bool | None) -> None:
        if not yes:
            return
        todo = scopes[dialog.choice].todo
        try:
            screen.undo_verdicts = screen.store.set_verdicts([screen.ref(i) for i in todo], "skip")
        except (StoreError, OSError) as error:
            screen.notify(clean_inline(str(error)), severity="error")
            return
        screen.after_store_change()
        screen.say(tr("marked_many", screen.lang).format(count=len(todo)))

    screen.app.push_screen(dialog, answered)


__all__ = ["Scope", "ScopeScreen", "mark_group", "scopes_at_cursor"]
