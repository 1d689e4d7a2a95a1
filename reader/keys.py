"""The main screen's keys as data: binding ids, default keys, actions and descriptions.

Kept apart from `reader.app.bindings` (which makes Textual bindings of them) so that `reader config`
can check a `[keymap]` the way the app will use it without importing Textual.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class KeySpec:
    id: str
    keys: str
    action: str
    zh: str
    en: str
    footer: bool = False
    key_display: str | None = None
    priority: bool = False  # acted on as the key arrives, before the focused widget sees it
    group: str | None = None  # keys shown together in the footer under one label (GROUPS)
    short: tuple[str, str] | None = None  # (zh, en) label for the footer, where room is short


#: Footer labels of the key groups: (zh, en).
GROUPS: dict[str, tuple[str, str]] = {
    "move": ("上下", "move"),
    "group_by": ("分组", "group"),
    "page_step": ("翻版", "pages"),
    "verdict": ("判定", "verdict"),
}


KEYS: tuple[KeySpec, ...] = (
    KeySpec("next", "j,down", "next_article", "下一篇", "Next article", footer=True, group="move"),
    KeySpec("previous", "k,up", "previous_article", "上一篇", "Previous article", footer=True, group="move"),
    KeySpec("first", "g", "first_article", "第一篇", "First article"),
    KeySpec("last", "G", "last_article", "最后一篇", "Last article"),
    KeySpec("open", "enter", "open_body", "读正文", "Read the body"),
    KeySpec("back", "escape", "back", "返回 / 清除搜索", "Back / clear search"),
    KeySpec("switch_pane", "tab", "switch_pane", "切换窗格", "Switch pane"),
    KeySpec("page_down", "space,pagedown", "page_down", "正文下翻", "Body page down"),
    KeySpec("page_up", "b,pageup", "page_up", "正文上翻", "Body page up"),
    KeySpec("search", "slash", "search", "搜索", "Search", footer=True, priority=True),
    KeySpec("next_hit", "n", "next_hit", "下一处", "Next hit"),
    KeySpec("previous_hit", "N", "previous_hit", "上一处", "Previous hit"),
    KeySpec("filter", "f", "filter", "筛选", "Filter", footer=True),
    KeySpec(
        "group_region", "r", "group('region')", "按地区分组", "Group by region", footer=True, group="group_by"
    ),
    KeySpec(
        "group_topic", "t", "group('topic')", "按话题分组", "Group by topic", footer=True, group="group_by"
    ),
    KeySpec("group_page", "p", "group('page')", "按版面分组", "Group by page", group="group_by"),
    KeySpec("page_view", "v", "page_view", "看整版", "Page view", short=("整版", "page")),
    KeySpec(
        "previous_page",
        "left_square_bracket",
        "previous_page",
        "上一版",
        "Previous page",
        key_display="[",
        group="page_step",
    ),
    KeySpec(
        "next_page",
        "right_square_bracket",
        "next_page",
        "下一版",
        "Next page",
        key_display="]",
        group="page_step",
    ),
    KeySpec("highlight", "h", "toggle_highlight", "高亮开关", "Highlighting on/off"),
    KeySpec("bookmark", "s", "bookmark", "书签", "Bookmark", footer=True),
    KeySpec("note", "a", "note", "笔记", "Note", footer=True),
    KeySpec("notes_list", "A", "notes_list", "全部笔记", "All notes", short=("笔记表", "notes")),
    KeySpec("pick", "1", "verdict('pick')", "选用", "Pick", footer=True, group="verdict"),
    KeySpec("followup", "2", "verdict('followup')", "跟进", "Follow up", footer=True, group="verdict"),
    KeySpec("skip", "3", "verdict('skip')", "略过", "Skip", footer=True, group="verdict"),
    KeySpec("clear_verdict", "0", "verdict('')", "清除判定", "Clear verdict"),
    KeySpec("toggle_read", "u", "toggle_read", "已读/未读", "Read/unread"),
    KeySpec(
        "mark_group",
        "x",
        "mark_group",
        "整组标为略过",
        "Skip whole group",
        footer=True,
        short=("整组", "group"),
    ),
    KeySpec("triage_summary", "T", "triage_summary", "判定汇总", "Triage summary", short=("汇总", "summary")),
    KeySpec("undo", "z", "undo", "撤销判定", "Undo verdicts"),
    KeySpec("watch", "w", "watch", "搜索词加入关注", "Watch this search"),
    KeySpec("edit_watch", "W", "edit_watch", "编辑关注词", "Edit watch list"),
    KeySpec("export", "e", "export", "导出", "Export", footer=True),
    KeySpec("copy", "y", "copy_article", "复制全文（或选中的文字）", "Copy the article (or the selection)"),
    KeySpec("copy_id", "Y", "copy_id", "复制文章 ID", "Copy the article id"),
    KeySpec("help", "question_mark", "help", "帮助", "Help", footer=True, key_display="?"),
    KeySpec("quit", "q", "app.quit", "退出", "Quit", footer=True),
)

BINDING_IDS = frozenset(spec.id for spec in KEYS)
