"""Notes: write one on the current article (seeing its earlier notes), the notes list (`A`), and
opening an article chosen in a list of its own (the notes list, the triage summary)."""

from __future__ import annotations

from reader.app.i18n import tr
from reader.app.screen_base import ScreenBase


class NotesActions(ScreenBase):
    def action_note(self) -> None:
        """`a`: the editor for a new note on the current article, with its earlier notes shown."""
        article_id = self.current_article_id()
        library = self.view.library
        if article_id is None or library is None:
            return
        title = library.article(article_id).title or tr("untitled", self.lang)
        item = self.view.annotations.get(article_id)
        earlier = item.notes if item is not None else ()

        def saved(text: str | None) -> None:
            if text is None or not text.strip():
                return
            if self.change(article_id, lambda ref: self.store.add_note(ref, text)):
                self.say(tr("note_saved", self.lang))

        from reader.app.notes_screen import NoteEditorScreen  # the editor's TextArea loads only when used

        editor = NoteEditorScreen(tr("note_title", self.lang).format(title=title), self.lang, earlier)
        self.app.push_screen(editor, saved)

    def action_notes_list(self) -> None:
        """`A`: every note; the article chosen there opens in the reading pane."""
        from reader.app.notes_screen import NotesScreen

        def chosen(article_id: str | None) -> None:
            self.after_store_change()  # notes may have been edited or deleted there
            if article_id is not None:
                self.open_article(article_id)

        self.app.push_screen(NotesScreen(self.store, self.lang), chosen)

    def open_article(self, article_id: str) -> None:
        """Put the cursor on the article and read its body; a search or filter that hides it is
        cleared first, and an article no longer in the corpus is said so."""
        if self.view.library is None:
            return
        if article_id not in self.view.summary_by_id:
            self.say(tr("note_not_in_corpus", self.lang).format(id=article_id), error=True)
            return
        if not self.article_list.select_id(article_id):
            self.clear_queries()
            self.article_list.select_id(article_id)
        self.navigated = True
        self.show_article()
        self.set_focus(self.reader)
        self.body_opened()
