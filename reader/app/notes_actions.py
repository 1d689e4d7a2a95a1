"""The main screen's note actions: write a note (seeing the earlier ones), open the notes list and
the article chosen there, and the note matches that `/` and `note:` add to the index's hits.

Functions of the screen rather than its methods, so the screen keeps one short method per key.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reader.app.i18n import tr
from reader.notes import articles_with_note

if TYPE_CHECKING:
    from reader.app.screens import MainScreen
    from reader.library import Library
    from reader.store import ArticleAnnotations


def search_with_notes(library: Library, annotations: dict[str, ArticleAnnotations], needle: str) -> set[str]:
    """The index's hits for `needle`, and the articles whose notes hold it (resolved from the
    store's snapshot, outside the index). Safe in a worker: `annotations` is the caller's copy."""
    return library.search(needle) | articles_with_note(annotations, needle)


def write_note(screen: MainScreen) -> None:
    """`a`: the editor for a new note on the current article, with its earlier notes shown."""
    article_id = screen.current_article_id()
    if article_id is None or screen.library is None:
        return
    title = screen.library.article(article_id).title or tr("untitled", screen.lang)
    item = screen.annotations.get(article_id)
    earlier = item.notes if item is not None else ()

    def saved(text: str | None) -> None:
        if text is None or not text.strip():
            return
        if screen.change(article_id, lambda ref: screen.store.add_note(ref, text)):
            screen.say(tr("note_saved", screen.lang))
            screen.show_article(keep_scroll=True)

    from reader.app.notes_screen import NoteEditorScreen  # the editor's TextArea loads only when used

    editor = NoteEditorScreen(tr("note_title", screen.lang).format(title=title), screen.lang, earlier)
    screen.app.push_screen(editor, saved)


def open_notes_list(screen: MainScreen) -> None:
    """`A`: every note; the article chosen there opens in the reading pane."""
    from reader.app.notes_screen import NotesScreen

    def chosen(article_id: str | None) -> None:
        screen.after_store_change()  # notes may have been edited or deleted there
        screen.show_article(keep_scroll=True)
        if article_id is not None:
            open_article(screen, article_id)

    screen.app.push_screen(NotesScreen(screen.store, screen.lang), chosen)


def open_article(screen: MainScreen, article_id: str) -> None:
    """Put the cursor on the article and read its body; a search or filter that hides it is
    cleared first, and an article no longer in the corpus is said so."""
    if screen.library is None:
        return
    if article_id not in screen.summary_by_id:
        screen.say(tr("note_not_in_corpus", screen.lang).format(id=article_id), error=True)
        return
    if not screen.article_list.select_id(article_id):
        screen.search, screen.search_ids, screen.query_text, screen.filter_ids = "", None, "", None
        screen.rebuild(keep=article_id)
    screen.navigated = True
    screen.show_article()
    screen.action_open_body()


__all__ = ["open_article", "open_notes_list", "search_with_notes", "write_note"]
