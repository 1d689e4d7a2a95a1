"""Moving through the list and the body, switching panes and grouping."""

from __future__ import annotations

from reader.app.screen_base import ScreenBase


class NavigationActions(ScreenBase):
    def follow_cursor(self, moved: bool) -> None:
        """Show the article under the cursor now, in the frame that moves the cursor, rather than
        one frame later when the list's `Selected` message arrives."""
        self.navigated = True
        if moved:
            self.shown_on_key = self.current_article_id()
            self.show_article(jump_to_hit=bool(self.view.search))

    def action_next_article(self) -> None:
        self.follow_cursor(self.article_list.move(1))

    def action_previous_article(self) -> None:
        self.follow_cursor(self.article_list.move(-1))

    def action_first_article(self) -> None:
        self.follow_cursor(self.article_list.first())

    def action_last_article(self) -> None:
        self.follow_cursor(self.article_list.last())

    def action_open_body(self) -> None:
        self.set_focus(self.reader)
        self.body_opened()

    def action_back(self) -> None:
        view = self.view
        if self.query_one("#query-bar").display:
            self.close_query_bar()
        elif self.reader.has_focus:
            self.set_focus(self.article_list)
        elif view.search or view.searching or view.query_text:
            self.clear_queries()

    def action_switch_pane(self) -> None:
        self.close_query_bar()
        if self.article_list.has_focus:
            self.set_focus(self.reader)
        else:
            self.set_focus(self.article_list)

    def action_page_down(self) -> None:
        self.reader.page_down()
        self.body_opened()  # scrolling the body is reading it

    def action_page_up(self) -> None:
        self.reader.page_up()
        self.body_opened()

    def action_group(self, group_by: str) -> None:
        self.update_view(group_by=group_by if group_by in ("topic", "page") else "region")

    def action_toggle_highlight(self) -> None:
        self.update_view(highlight=not self.view.highlight)
