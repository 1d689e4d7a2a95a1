"""The status line, drawn from the view state: triaged / total, the grouping, the search and the
filter with their counts, progress, the last message, and a store that cannot save."""

from __future__ import annotations

from rich.text import Text

from reader.app.grouping import triage_count
from reader.app.i18n import tr
from reader.app.view import ViewState
from reader.text import clean_inline


def status_text(view: ViewState) -> Text:
    lang = view.language
    triaged, total = triage_count(view.row_ids, view.marks)
    text = Text()
    text.append(tr("triaged", lang).format(done=triaged, total=total), style="bold")
    text.append(" · " + tr("by_region" if view.group_by == "region" else "by_topic", lang))
    if view.search:
        text.append(" · ")
        text.append(tr("search_status", lang).format(needle=clean_inline(view.search), count=total))
    if view.query_text:
        text.append(" · ")
        text.append(tr("filter_status", lang).format(query=clean_inline(view.query_text), count=total))
    if view.progress:
        text.append(" · " + view.progress, style="italic")
    if view.message is not None:
        text.append(" · ")
        text.append_text(view.message)
    if view.store_problem is not None:
        text.append(" · ")
        text.append(clean_inline(view.store_problem), style="bold reverse")
    return text
