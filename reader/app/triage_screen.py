"""The triage summary (`T`): verdict counts for the current view and per group, and the picks and
follow-ups, picks first; `Enter` returns the chosen article's id to the main screen."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.style import Style
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

#: The styles of the verdicts and the dim parts, from the screen's component classes (styles.tcss).
Styles = Mapping[str, Style | str]


def counts_text(counts: VerdictCounts, language: Language, styles: Styles | None = None) -> Text:
    """`选 2 · 跟 1 · 略 3 · 未判定 4`, a verdict that has articles in its list colour."""
    styles = styles or {}
    text = Text()
    for number, (key, value) in enumerate(
        (
            ("verdict_pick", counts.pick),
            ("verdict_followup", counts.followup),
            ("verdict_skip", counts.skip),
            ("triage_untriaged", counts.untriaged),
        )
    ):
        if number:
            text.append(" · ")
        text.append(f"{tr(key, language)} {value}", style=styles.get(key, "") if value else "")
    return text


def summary_text(rows: Sequence[Row], shown: Sequence[str], marks: Mapping[str, Marks], language: Language,
                 by_topic: bool, styles: Styles | None = None) -> Text:  # fmt: skip
    """The view's counts, then one line per group, indented by depth."""
    styles = styles or {}
    view = count_verdicts(shown, marks)
    text = Text(tr("triage_view", language).format(total=view.total), style="bold")
    text.append("  ")
    text.append_text(counts_text(view, language, styles))
    groups = group_counts(rows, marks)
    if groups:
        text.append("\n\n")
        text.append(tr("triage_groups", language), style="bold underline")
        if by_topic:
            text.append(f"（{tr('triage_multi', language)}）", style=styles.get("dim", ""))
        width = max(Text("  " * g.depth + clean_inline(g.label)).cell_len for g, _ in groups) + 2
    for group, counts in groups:
        text.append("\n")
        name = Text("  " * group.depth + clean_inline(group.label))
        name.pad_right(width - name.cell_len)
        text.append_text(name)
        text.append(f"{counts.total:>4}  ", style=styles.get("dim", ""))
        text.append_text(counts_text(counts, language, styles))
    return text


def pick_line(row: ArticleRow, verdict: str | None, language: Language, styles: Styles | None = None) -> Text:
    styles = styles or {}
    line = Text(no_wrap=True, overflow="ellipsis")
    line.append(f"{tr(f'verdict_{verdict}', language)} ", style=styles.get(f"verdict_{verdict}", ""))
    line.append(clean_inline(row.summary.label))
    line.append(f"  {clean_inline(' › '.join(row.path))}", style=styles.get("dim", ""))
    return line


class TriageScreen(ModalScreen[str | None]):
    """Counts per verdict and the picks-first list; Esc or T closes, Enter opens an article."""

    COMPONENT_CLASSES = {"triage--pick", "triage--followup", "triage--skip", "triage--dim"}

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

    def styles_by_key(self) -> dict[str, Style | str]:
        return {
            "verdict_pick": self.get_component_rich_style("triage--pick", partial=True),
            "verdict_followup": self.get_component_rich_style("triage--followup", partial=True),
            "verdict_skip": self.get_component_rich_style("triage--skip", partial=True),
            "dim": self.get_component_rich_style("triage--dim", partial=True),
        }

    def compose(self) -> ComposeResult:
        styles = self.styles_by_key()
        with Vertical(id="triage-box") as box:
            box.border_title = tr("triage_title", self.language)
            box.border_subtitle = tr("triage_keys", self.language)
            with VerticalScroll(id="triage-counts"):
                yield Static(
                    summary_text(self.rows, self.shown, self.marks, self.language, self.by_topic, styles),
                    id="triage-table",
                )
            yield Static(
                Text(tr("triage_picks", self.language), style="bold underline"), id="triage-picks-head"
            )
            if self.picks:
                yield OptionList(
                    *(
                        Option(
                            pick_line(row, self.marks.get(row.id, NO_MARKS).verdict, self.language, styles),
                            id=row.id,
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


__all__ = ["TriageScreen", "counts_text", "summary_text"]
