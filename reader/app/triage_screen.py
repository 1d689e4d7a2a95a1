"""The triage summary (`T`): verdict counts for the current view and per group, and the picks and
follow-ups, picks first; `Enter` returns the chosen article's id to the main screen."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from reader.app.grouping import ArticleRow, Row
from reader.app.i18n import tr
from reader.app.triage import VerdictCounts, count_verdicts, group_counts, picks_first
from reader.config import Language
from reader.library import NO_MARKS, Marks
from reader.text import clean_inline

if TYPE_CHECKING:
    from reader.app.screens import MainScreen


def counts_text(counts: VerdictCounts, language: Language) -> Text:
    """`选 2 · 跟 1 · 略 3 · 未判定 4`, each verdict in its list colour."""
    text = Text()
    for number, (key, value, style) in enumerate(
        (
            ("verdict_pick", counts.pick, "bold green"),
            ("verdict_followup", counts.followup, "bold yellow"),
            ("verdict_skip", counts.skip, "dim"),
            ("triage_untriaged", counts.untriaged, ""),
        )
    ):
        if number:
            text.append(" · ")
        text.append(f"{tr(key, language)} {value}", style=style if value else "")
    return text


def summary_text(rows: Sequence[Row], shown: Sequence[str], marks: Mapping[str, Marks], language: Language,
                 by_topic: bool) -> Text:  # fmt: skip
    """The view's counts, then one line per group, indented by depth."""
    view = count_verdicts(shown, marks)
    text = Text(tr("triage_view", language).format(total=view.total), style="bold")
    text.append("  ")
    text.append_text(counts_text(view, language))
    groups = group_counts(rows, marks)
    if groups:
        text.append("\n\n")
        text.append(tr("triage_groups", language), style="bold underline")
        if by_topic:
            text.append(f"（{tr('triage_multi', language)}）", style="dim")
        width = max(Text("  " * g.depth + clean_inline(g.label)).cell_len for g, _ in groups) + 2
    for group, counts in groups:
        text.append("\n")
        name = Text("  " * group.depth + clean_inline(group.label))
        name.pad_right(width - name.cell_len)
        text.append_text(name)
        text.append(f"{counts.total:>4}  ", style="dim")
        text.append_text(counts_text(counts, language))
    return text


def pick_line(row: ArticleRow, verdict: str | None, language: Language) -> Text:
    mark = tr(f"verdict_{verdict}", language)
    line = Text(no_wrap=True, overflow="ellipsis")
    line.append(f"{mark} ", style="bold green" if verdict == "pick" else "bold yellow")
    line.append(clean_inline(row.summary.label))
    line.append(f"  {clean_inline(' › '.join(row.path))}", style="dim")
    return line


class TriageScreen(ModalScreen[str | None]):
    """Counts per verdict and the picks-first list; Esc or T closes, Enter opens an article."""

    BINDINGS = [
        Binding("escape,T,q", "close", show=False),
        Binding("j", "move(1)", show=False),
        Binding("k", "move(-1)", show=False),
    ]

    def __init__(
        self,
        rows: Sequence[Row],
        shown: Sequence[str],
        marks: Mapping[str, Marks],
        language: Language,
        by_topic: bool = False,
    ) -> None:
        super().__init__()
        self.rows = rows
        self.shown = shown
        self.marks = marks
        self.language = language
        self.by_topic = by_topic
        self.picks = picks_first(rows, marks)

    def compose(self) -> ComposeResult:
        with Vertical(id="triage-box") as box:
            box.border_title = tr("triage_title", self.language)
            box.border_subtitle = tr("triage_keys", self.language)
            with VerticalScroll(id="triage-counts"):
                yield Static(
                    summary_text(self.rows, self.shown, self.marks, self.language, self.by_topic),
                    id="triage-table",
                )
            yield Static(
                Text(tr("triage_picks", self.language), style="bold underline"), id="triage-picks-head"
            )
            if self.picks:
                yield OptionList(
                    *(
                        Option(
                            pick_line(row, self.marks.get(row.id, NO_MARKS).verdict, self.language), id=row.id
                        )
                        for row in self.picks
                    ),
                    id="triage-picks",
                    markup=False,
                )
            else:
                yield Static(Text(tr("triage_no_picks", self.language), style="dim"), id="triage-picks-none")

    def on_mount(self) -> None:
        if self.picks:
            self.query_one(OptionList).focus()

    def action_close(self) -> None:
        self.dismiss(None)

    def action_move(self, step: int) -> None:
        if not self.picks:
            return
        options = self.query_one(OptionList)
        if step > 0:
            options.action_cursor_down()
        else:
            options.action_cursor_up()

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)


def show_triage(screen: MainScreen) -> None:
    """`T` on the main screen: the summary of what the list shows now; Enter opens an article."""
    from reader.app.notes_actions import open_article

    def chosen(article_id: str | None) -> None:
        if article_id is not None:
            open_article(screen, article_id)

    summary = TriageScreen(
        screen.rows, list(screen.row_ids), screen.marks, screen.lang, by_topic=screen.group_by == "topic"
    )
    screen.app.push_screen(summary, chosen)


__all__ = ["TriageScreen", "counts_text", "show_triage", "summary_text"]
