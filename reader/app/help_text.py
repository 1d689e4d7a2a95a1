"""The help screen's text beyond the key table: the filter language with examples, and the keys
that are the app's rather than the main screen's (the command palette)."""

from __future__ import annotations

from rich.text import Text

from reader.config import Language

# (example, what it finds): zh, en
FILTER_EXAMPLES: tuple[tuple[str, str, str], ...] = (
    ("医保 -骗保", "含“医保”、不含“骗保”", "has 医保, not 骗保"),
    ('"基金 监管"', "带空格的短语加引号", "a phrase with a space, quoted"),
    (
        "region:浙江",
        "任一级地区（region:全国 为全国性报道）",
        "any level of the region (region:全国: national)",
    ),
    ("topic:healthcare  topic:医疗医保", "话题 id 或名称", "a topic by id or label"),
    (
        "is:unread  is:pick  is:noted",
        "unread read bookmarked noted pick followup skip untriaged",
        "unread read bookmarked noted pick followup skip untriaged",
    ),
    ("date:2025-01", "日期前缀", "a prefix of the ISO date"),
    ("page:2  page:A05  page:要闻", "版次或版名", "the page, by number or name"),
)


def help_extra(language: Language) -> Text:
    english = language == "en"
    text = Text()
    text.append("\n")
    text.append("ctrl+p".ljust(10), style="bold")
    text.append("Command palette: every action by name" if english else "命令面板：按名称找到每个操作")
    text.append("\n\n")
    text.append("Filter (f)" if english else "筛选语言（f）", style="bold underline")
    text.append("\n")
    text.append(
        "Words are ANDed substrings; combine any of these:" if english else "词之间是“且”，可任意组合："
    )
    for example, zh, en in FILTER_EXAMPLES:
        text.append("\n  ")
        text.append(example, style="bold")
        text.append("  " + (en if english else zh), style="dim")
    text.append("\n\n")
    text.append("Search (/)" if english else "搜索（/）", style="bold underline")
    text.append("\n")
    text.append(
        "Exact substring of title and body; the list narrows as you type; ↑/↓ recall earlier searches"
        if english
        else "标题和正文里的原文子串；边输入边筛选；↑/↓ 调出以前的搜索"
    )
    return text
