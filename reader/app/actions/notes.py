"""Notes on the current article."""

from __future__ import annotations

from reader.app.i18n import tr
from reader.app.screen_base import ScreenBase


class NotesActions(ScreenBase):
    def action_note(self) -> None:
        article_id = self.current_article_id()
        library = self.view.library
        if article_id is None or library is None:
            return
        title = library.article(article_id).title or tr("untitled", self.lang)

        def saved(text: str | None) -> None:
            if text is None or not text.strip():
                return
            if self.change(article_id, lambda ref: self.store.add_note(ref, text)):
                self.say(tr("note_saved", self.lang))

        from reader.app.dialogs import EditorScreen  # the editor's TextArea loads only when used

        self.app.push_screen(EditorScreen(tr("note_title", self.lang).format(title=title), self.lang), saved)
