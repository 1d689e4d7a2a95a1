"""`x`: mark every untriaged article of a group as skipped, at the level the editor chooses.

The cursor stands on an article, which sits in a county inside a city inside a province (or in a
topic); the dialog offers each of those levels, innermost first, with how many untriaged articles
each holds, and in a search or filter the whole view first (`TriageActions.action_mark_group`
asks with it). `y`/`Enter` takes the highlighted
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
from reader.text import clean_inline

if TYPE_CHECKING:
    from reader.app.grouping import Row
    from reader.app.view import ViewState


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


def scopes_at_cursor(view: ViewState, row: Row | None, language: Language) -> list[Scope]:
    """The view (when narrowed), then each level of the cursor's group, innermost first; levels
    with nothing untriaged are left out."""
    if row is None:
        return []

    def untriaged(ids: list[str]) -> tuple[str, ...]:
        return tuple(i for i in ids if view.marks_of(i).verdict is None)

    scopes: list[Scope] = []
    rows = view.rows
    if view.visible_ids is not None:
        scopes.append(Scope(tr("scope_view", language), untriaged(article_ids(rows))))
    for size in range(len(row.path), 0, -1):
        path = row.path[:size]
        scopes.append(Scope(" › ".join(path), untriaged(group_ids(rows, path))))
    return [scope for scope in scopes if scope.todo]


__all__ = ["Scope", "ScopeScreen", "scopes_at_cursor"]
