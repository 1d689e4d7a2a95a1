"""The editor's marks: bookmarks, read / unread, verdicts (one or a whole group at the level
chosen) and their undo, and the triage summary."""

from __future__ import annotations

from typing import cast

from reader.app.grouping import next_untriaged
from reader.app.i18n import tr
from reader.app.screen_base import ScreenBase
from reader.store import ArticleRef, StoreError, Verdict
from reader.text import clean_inline


class TriageActions(ScreenBase):
    undo_verdicts: dict[str, Verdict | None] | None = None

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
        self.stop_read_timer()
        read = not self.view.marks_of(article_id).read
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
            if value is not None and not self.view.marks_of(ref.id).read:
                self.store.set_read(ref, True)  # judging an article is reading it

        if not self.change(article_id, write):
            return
        self.undo_verdicts = previous
        self.update_view(message=None)
        if value is None:
            return
        self.navigated = True
        view = self.view
        target = next_untriaged(view.rows, self.article_list.cursor, view.marks)
        if target is None:
            self.say(tr("all_triaged", self.lang))
        else:
            self.article_list.go_to_row(target)

    def action_mark_group(self) -> None:
        """Skip every untriaged article of the level the editor chooses: the cursor's county, city
        or province (or topic), or the whole search or filter (`reader.app.group_marks`)."""
        from reader.app.group_marks import ScopeScreen, scopes_at_cursor

        row = self.article_list.current_row
        if row is None:
            return
        scopes = scopes_at_cursor(self.view, row, self.lang)
        if not scopes:
            self.say(tr("nothing_to_mark", self.lang))
            return
        dialog = ScopeScreen(scopes, self.lang)

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            todo = scopes[dialog.choice].todo
            try:
                self.undo_verdicts = self.store.set_verdicts([self.ref(i) for i in todo], "skip")
            except (StoreError, OSError) as error:
                self.notify(clean_inline(str(error)), severity="error")
                return
            self.after_store_change()
            self.say(tr("marked_many", self.lang).format(count=len(todo)))

        self.app.push_screen(dialog, answered)

    def action_triage_summary(self) -> None:
        """`T`: counts per verdict for the view and each group, the picks first; Enter opens one."""
        from reader.app.triage_screen import TriageScreen

        view = self.view

        def chosen(article_id: str | None) -> None:
            if article_id is not None:
                self.open_article(article_id)

        summary = TriageScreen(
            view.rows, list(view.row_ids), view.marks, self.lang, by_topic=view.group_by == "topic"
        )
        self.app.push_screen(summary, chosen)

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
