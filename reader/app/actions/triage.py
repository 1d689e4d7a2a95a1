"""The editor's marks: bookmarks, read / unread, verdicts (one or a whole group) and their undo."""

from __future__ import annotations

from typing import cast

from reader.app.grouping import article_ids, group_ids, next_untriaged
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
        """Skip every untriaged article in the search/filter result, or else in the cursor's group."""
        row = self.article_list.current_row
        if row is None:
            return
        view = self.view
        if view.visible_ids is not None:
            ids, scope = article_ids(view.rows), tr("scope_view", self.lang)
        else:
            ids = group_ids(view.rows, row.path)
            scope = tr("scope_group", self.lang).format(group=" › ".join(row.path))
        todo = [i for i in ids if view.marks_of(i).verdict is None]
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
