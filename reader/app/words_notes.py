"""The words of the notes list, the note editor, the triage summary, group marks and `reader serve`,
in Chinese and English; `reader.app.i18n` merges them into its table."""

from __future__ import annotations

WORDS: dict[str, tuple[str, str]] = {
    # the notes list
    "notes_list_title": ("全部笔记（{shown}/{total}）", "All notes ({shown}/{total})"),
    "notes_filter_placeholder": ("输入字词筛选笔记（/ 到这里）", "type to filter the notes (/ comes here)"),
    "notes_keys": (
        "Enter 打开文章 · e 修改 · d 删除 · Esc 返回",
        "Enter opens the article · e edits · d deletes · Esc goes back",
    ),
    "notes_none": ("还没有笔记。在文章上按 a 写一条。", "No notes yet. Press a on an article to write one."),
    "notes_no_match": ("没有笔记含有「{needle}」", "No note holds “{needle}”"),
    "note_edited_mark": ("（已修改）", " (edited)"),
    "note_edit_title": ("修改笔记：{title}", "Edit note: {title}"),
    "note_updated": ("笔记已修改", "Note edited"),
    "note_delete_confirm": ("删除这条笔记？「{text}」", "Delete this note? “{text}”"),
    "note_deleted": ("笔记已删除", "Note deleted"),
    "note_gone": ("这条笔记已不在了（别人删了？）", "That note is gone (deleted by someone else?)"),
    "note_not_in_corpus": ("这篇文章已不在语料中：{id}", "That article is no longer in the corpus: {id}"),
    "history_added": ("写于", "written"),
    "history_edited": ("改于", "edited"),
    "history_deleted": ("删于", "deleted"),
    "history_restored": ("恢复于", "restored"),
    "earlier_notes": ("这篇文章已有的笔记（{count}）", "Earlier notes on this article ({count})"),
    # the triage summary
    "triage_title": ("判定汇总", "Triage summary"),
    "triage_view": ("当前视图：{total} 篇", "This view: {total} articles"),
    "triage_groups": ("各组", "By group"),
    "triage_picks": ("选用和跟进（选用在前）", "Picks and follow-ups (picks first)"),
    "triage_no_picks": ("还没有选用或跟进的文章", "Nothing picked or followed up yet"),
    "triage_untriaged": ("未判定", "untriaged"),
    "triage_keys": ("Enter 打开 · Esc 或 T 关闭", "Enter opens · Esc or T closes"),
    "triage_multi": (
        "按话题分组时一篇文章可在几个话题下",
        "by topic, an article can be under several topics",
    ),
    # marking a group
    "scope_title": ("把哪一级里未判定的文章标为「略」？", "Skip the untriaged articles of which group?"),
    "scope_keys": ("↑↓ 换一级 · 数字直接选", "↑↓ another level · a digit takes it"),
    "scope_line": ("{name}（{count} 篇未判定）", "{name} ({count} untriaged)"),
}
