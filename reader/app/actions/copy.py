"""Copying: the article as plain text (`y`), its id (`Y`), or the passage selected with the mouse,
through the terminal's clipboard (Textual's `copy_to_clipboard`, OSC 52: works over SSH too)."""

from __future__ import annotations

from reader.app.i18n import tr
from reader.app.screen_base import ScreenBase
from reader.model import Article
from reader.text import strip_controls


def article_text(article: Article, place: str, page: str) -> str:
    """The article as an editor pastes it: title, place, page, id, then the body."""
    head = [article.title]
    if article.subtitle:
        head.append(article.subtitle)
    facts = [
        f"{label}：{value}" for label, value in (("地区", place), ("版面", page), ("ID", article.id)) if value
    ]
    body = [*article.body, *article.captions]
    return strip_controls("\n".join([*head, *facts, "", *body]).strip() + "\n")


class CopyActions(ScreenBase):
    def action_copy_article(self) -> None:
        selected = self.screen.get_selected_text()
        if selected:
            self.app.copy_to_clipboard(strip_controls(selected))
            self.say(tr("copied_selection", self.lang).format(count=len(selected)))
            return
        article_id = self.current_article_id()
        library = self.view.library
        if article_id is None or library is None:
            return
        article = library.article(article_id)
        page = " · ".join(
            p for p in (article.date, article.page, f"{article.source} 第{article.page_order}篇") if p
        )
        self.app.copy_to_clipboard(article_text(article, self.region_label(article_id), page))
        self.say(tr("copied_article", self.lang))

    def action_copy_id(self) -> None:
        article_id = self.current_article_id()
        if article_id is None:
            return
        self.app.copy_to_clipboard(article_id)
        self.say(tr("copied_id", self.lang).format(id=article_id))
