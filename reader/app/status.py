"""The status line, drawn from the view state.

It is one line at any width. What must never fall off comes first — triaged / total, the search
and filter counts, the last message (a hit counter, "exported to …") and a store that cannot save;
the search text, the filter and the message are shortened to make room for each other, and the
grouping and progress come last, where a narrow terminal cuts them.
"""

from __future__ import annotations

from rich.text import Text

from reader.app.grouping import triage_count
from reader.app.i18n import tr
from reader.app.view import ViewState
from reader.text import clean_inline

SEPARATOR = " · "
MIN_QUOTE = 6  # cells a shortened search text or filter keeps


def short(text: str, cells: int) -> str:
    """`text` cut to `cells` terminal cells, with an ellipsis when cut."""
    out = Text(text)
    out.truncate(max(cells, 1), overflow="ellipsis")
    return out.plain


def fit_message(message: Text, cells: int) -> Text:
    """`message` in `cells` cells: its first word and its end kept ("已导出到 …/out/marks.json"),
    the middle cut — the end of a path or a count matters more than its start."""
    if message.cell_len <= cells or cells < 12:
        return message
    plain = message.plain
    head = plain[: plain.find(" ") + 1] if " " in plain[: cells // 2] else ""
    room = cells - Text(head).cell_len - 1
    tail = len(plain)
    while tail > len(head) and Text(plain[tail - 1 :]).cell_len <= room:
        tail -= 1
    out = message[: len(head)]
    out.append("…")
    out.append_text(message[tail:])
    return out


def status_text(view: ViewState, width: int = 10_000) -> Text:
    lang = view.language
    triaged, total = triage_count(view.row_ids, view.marks)
    search, query = clean_inline(view.search), clean_inline(view.query_text)
    message = view.message.copy() if view.message is not None else None
    # What the quoted texts may take: the room left by everything else that must show.
    fixed = Text(tr("triaged", lang).format(done=triaged, total=total))
    if message is not None:
        fixed.append(SEPARATOR)
        fixed.append_text(message)
    if view.store_problem is not None:
        fixed.append(SEPARATOR + clean_inline(view.store_problem))
    frame = len(tr("search_status", lang)) + len(tr("filter_status", lang)) if search or query else 0
    room = width - fixed.cell_len - frame - 8
    quoted = [q for q in (search, query) if q]
    share = max(room // max(len(quoted), 1), MIN_QUOTE)
    if search:
        search = short(search, share)
    if query:
        query = short(query, share)

    text = Text()
    text.append(tr("triaged", lang).format(done=triaged, total=total), style="bold")
    if view.search:
        text.append(SEPARATOR)
        text.append(tr("search_status", lang).format(needle=search, count=total))
    if view.searching:
        text.append(SEPARATOR)
        text.append(tr("searching_status", lang).format(needle=short(clean_inline(view.searching), share)))
    if view.query_text:
        text.append(SEPARATOR)
        text.append(tr("filter_status", lang).format(query=query, count=total))
    if view.store_problem is not None:
        text.append(SEPARATOR)
        text.append(clean_inline(view.store_problem), style="bold reverse")
    if message is not None:
        text.append(SEPARATOR)
        text.append_text(fit_message(message, width - text.cell_len))
    if view.progress:
        text.append(SEPARATOR + view.progress, style="italic")
    text.append(SEPARATOR + tr(f"by_{view.group_by}", lang))
    return text
