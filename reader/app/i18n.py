"""The app's words in Chinese (the default) and English (`language = "en"` in the config).

One table, so a missing translation is one grep away; `tr` falls back to Chinese, then to the key.
"""

from __future__ import annotations

from reader.app.words_notes import WORDS as NOTES_WORDS
from reader.config import Language

WORDS: dict[str, tuple[str, str]] = {
    # reading pane
    "untitled": ("（无标题）", "(untitled)"),
    "byline": ("作者", "By"),
    "region": ("地区", "Region"),
    "topics": ("话题", "Topics"),
    "source": ("来源", "Source"),
    "keywords": ("关键词", "Keywords"),
    "page_item": ("{source} 第{order}篇", "{source} #{order}"),
    # the page view and the page grouping
    "page_view_title": ("版面 · {source}", "Page · {source}"),
    "page_view_keys": (
        "j/k 换篇 · Enter 打开 · [/] 上一版/下一版 · Esc 返回",
        "j/k story · Enter open · [/] prev/next page · Esc back",
    ),
    "page_reading": ("正在读取版面…", "Reading the page…"),
    "page_missing": (
        "找不到此版的文件（已移走或删除）：{source}",
        "The page file is gone (moved or deleted): {source}",
    ),
    "page_unreadable": (
        "此版的文件读不了：{source}：{detail}",
        "The page file cannot be read: {source}: {detail}",
    ),
    "page_changed": (
        "此版的文件读入后已改动，本篇已不在其中：{source}",
        "The page file changed since it was read; this story is no longer in it: {source}",
    ),
    "page_edited": (
        "此版的文件读入后已改动，有的文章已不在其中",
        "The page file changed since it was read; some stories are no longer in it",
    ),
    "page_story_hidden": (
        "这篇不在当前列表里（按 Esc 清除搜索和筛选）",
        "That story is not in the list now (Esc clears the search and filter)",
    ),
    "no_prev_page": ("已是第一版", "This is the first page"),
    "no_next_page": ("已是最后一版", "This is the last page"),
    "unnamed_paper": ("未注明报纸", "Paper not named"),
    "undated": ("日期不详", "Undated"),
    "caption": ("图注", "Caption"),
    "notes_head": ("笔记（{count}）", "Notes ({count})"),
    "anonymous": ("佚名", "anonymous"),
    "layer_search": ("搜索", "search"),
    "layer_watch": ("关注", "watch"),
    "layer_keyword": ("关键词", "keyword"),
    "layer_entity": ("实体", "entity"),
    "highlight_off": ("高亮已关（h）", "highlighting off (h)"),
    "no_article": ("没有文章。", "No articles."),
    "no_match": (
        "没有符合的文章。按 Esc 清除搜索和筛选。",
        "Nothing matches. Esc clears the search and filter.",
    ),
    "loading": ("正在读取版面…", "Reading pages…"),
    # groups
    "national": ("全国", "National"),
    "unknown": ("未知地区", "Unknown region"),
    "untopiced": ("未分类", "Unclassified"),
    # status line
    "by_region": ("按地区", "by region"),
    "by_topic": ("按话题", "by topic"),
    "by_page": ("按版面", "by page"),
    "triaged": ("已判定 {done}/{total}", "triaged {done}/{total}"),
    "stage_load": ("读取", "reading"),
    "stage_tag": ("标注", "tagging"),
    "progress": ("{stage} {done}/{total}…", "{stage} {done}/{total}…"),
    "search_status": ("搜索 {count} 篇「{needle}」", "search {count}: “{needle}”"),
    "searching_status": ("正在搜索「{needle}」…", "searching “{needle}”…"),
    "filter_status": ("筛选 {count} 篇 {query}", "filter {count}: {query}"),
    "copied_article": ("已复制全文", "Article copied"),
    "copied_id": ("已复制 ID {id}", "Copied id {id}"),
    "copied_selection": ("已复制选中的 {count} 字", "Copied the {count} selected characters"),
    "search_wrapped": ("搜索从头再来", "Search wrapped around"),
    "hit_of": ("第 {n}/{total} 处", "hit {n}/{total}"),
    # prompts and messages
    "search_prompt": ("搜索：", "Search: "),
    "filter_prompt": ("筛选：", "Filter: "),
    "search_placeholder": (
        "标题和正文里的字词，回车确定，Esc 取消",
        "words in title or body; Enter, Esc cancels",
    ),
    "filter_placeholder": (
        "医保 -骗保 region:浙江 topic:医疗医保 is:unread date:2025-01",
        "医保 -骗保 region:浙江 is:unread",
    ),
    "no_search": ("没有搜索：先按 / 搜索", "No search: press / first"),
    "no_hits": ("这篇文章里没有搜索结果", "No hits in this article"),
    "bookmarked": ("已加书签", "Bookmarked"),
    "marked_by": ("标记", "Marks"),
    "verdict_pick": ("选", "pick"),
    "verdict_followup": ("跟", "follow up"),
    "verdict_skip": ("略", "skip"),
    "bookmark_mark": ("书签", "bookmark"),
    "unbookmarked": ("已取消书签", "Bookmark removed"),
    "marked_read": ("标为已读", "Marked read"),
    "marked_unread": ("标为未读", "Marked unread"),
    "all_triaged": ("当前视图里的文章都已判定", "Everything in this view is triaged"),
    "note_saved": ("笔记已保存", "Note saved"),
    "note_title": ("笔记：{title}", "Note: {title}"),
    "note_help": ("Ctrl+S 保存 · Esc 取消", "Ctrl+S saves · Esc cancels"),
    "discard_note": ("放弃这段还没保存的文字？", "Discard the unsaved text?"),
    "watch_title": ("关注词（每行一个）", "Watch list (one term a line)"),
    "watch_added": ("已加入关注词：{term}", "Added to the watch list: {term}"),
    "watch_saved": ("关注词已保存（{count} 个）", "Watch list saved ({count} terms)"),
    "watch_exists": ("「{term}」已在关注词里", "“{term}” is already watched"),
    "mark_confirm": (
        "把{scope}里 {count} 篇未判定的文章标为「略」？",
        "Mark the {count} untriaged articles in {scope} as skip?",
    ),
    "scope_view": ("当前搜索/筛选结果", "the current search/filter"),
    "scope_group": ("「{group}」", "“{group}”"),
    "marked_many": ("已把 {count} 篇标为「略」，按 z 撤销", "Marked {count} as skip; z undoes"),
    "nothing_to_mark": ("没有未判定的文章", "Nothing untriaged here"),
    "undone": ("已撤销 {count} 篇的判定", "Undid the verdict on {count}"),
    "nothing_to_undo": ("没有可撤销的操作", "Nothing to undo"),
    "export_title": ("导出笔记和标记（.md / .json / .csv）", "Export notes and marks (.md / .json / .csv)"),
    "exported": ("已导出到 {path}", "Exported to {path}"),
    "export_failed": ("导出失败：{error}", "Export failed: {error}"),
    "help_title": ("按键", "Keys"),
    "help_close": ("Esc 或 ? 关闭", "Esc or ? closes"),
    "yes_no": ("y 确定 · n 取消", "y yes · n no"),
    "store_changed": ("标记已从磁盘重新读取", "Marks reloaded from disk"),
    "tagging_unavailable": (
        "标注模块不可用，只显示未标注的文章：{error}",
        "Tagging unavailable, articles untagged: {error}",
    ),
}

WORDS.update(NOTES_WORDS)


def tr(key: str, lang: Language = "zh") -> str:
    """The word for `key` in `lang`."""
    pair = WORDS.get(key)
    if pair is None:
        return key
    return pair[1] if lang == "en" and pair[1] else pair[0]
