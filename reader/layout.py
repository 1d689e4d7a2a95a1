"""How a newspaper page marks its parts: bylines, datelines, credits, sign-offs, labels, headings.

Each test looks at one block of text and knows nothing about its neighbours; the page splitter
(`reader.segment`) weighs them in context. The rules come from how Chinese papers are typeset —
□ 本报记者 某某 under a headline, 本报讯（记者 某某） opening the lead, （某某） closing a story,
某某 摄 under a photo — not from the words of any one page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from reader.hanzi import simplified
from reader.resources import DATA_DIR
from reader.text import CLOSERS, ends_sentence, is_cjk

HAN = r"\u3400-\u4dbf\u4e00-\u9fff"
MARKERS = "□▢■◎●◆○◇▲△☆★◉"
ROLE = (
    r"(?:本报|本刊|本台|本网|[" + HAN + r"]{2,6}?(?:日报|晚报|报社|报|电视台|台|网|社))?"
    r"(?:全媒体|融媒体|融媒|首席|特约|见习|实习|驻站|驻[" + HAN + r"]{1,4})?"
    r"(?:摄影记者|记者|通讯员|实习生|评论员|特约撰稿人?|撰稿人?|编辑|摄影师|摄影|拍友)"
)
ROLE_RE = re.compile(ROLE)
NAME_RE = re.compile(rf"[{HAN}]{{2,4}}")
CREDIT_MARKS = ("摄影报道", "图文报道", "摄影", "摄", "供图", "制图", "绘图", "绘")
# Words a credit line may carry beside names and roles: 记者刘斌 摄 信息来源:彭雪琴.
CREDIT_WORDS = frozenset({*CREDIT_MARKS, "报道", "图", "文", "信息来源", "来源", "图片来源", "供稿", "摄像"})
CREDIT_TAIL = re.compile(rf"\s*[/／]?\s*(?:{'|'.join(CREDIT_MARKS)})$")
WORK_TOKEN = re.compile(
    rf"^(?:文|图|摄影|摄|漫画|插图)(?:[/／](?:文|图|摄影|摄))?(?:\s*[/／:：]\s*([{HAN}]{{2,4}}))?$"
)
NUMERAL = "一二三四五六七八九十"
OWN_PAPER = rf"(?:本报|本刊|本台|本网|[{HAN}]{{2,6}}(?:日报|晚报|报))"
DATELINE = re.compile(
    # 每日甘肃网-嘉峪关日报讯: a news site's name before the paper it carries
    rf"^(?:[{HAN}]{{2,6}}网[-—·])?"
    rf"(?:{OWN_PAPER}讯"
    # 本报通讯员赵峰报道, 本报记者 王涛 李明报道：: who reported it, the story straight after
    rf"|本报(?:{ROLE})\s*[{HAN}]{{2,3}}?(?:[、\s]+[{HAN}]{{2,3}}?)*\s*报道(?:[：:]|\s*(?=\d|近日|昨日|日前|今天|今日|当天))"
    rf"|[{HAN}]报讯"  # 晨报讯, 星报讯: a paper known by one character before 报
    rf"|本报[{HAN}]{{1,6}}?讯"  # 本报永修讯, 本报石城讯: the paper's desk in a county
    # 陇西讯(记者张爱平): a county desk's place and 讯, certain only with the reporter after it
    rf"|[{HAN}]{{2,6}}讯(?=\s*[（(]\s*{ROLE})"
    rf"|【{OWN_PAPER}(?:消息|讯|综合|报道)】"
    # 【记者郑家瑜报导】, 【特约记者曾俊豪/莒光报导】, 【本报综合报道】: who reported it, in brackets
    rf"|【(?:{OWN_PAPER}|{ROLE})[^【】]{{0,16}}?(?:报导|报道)】"
    # 新华社杭州3月2日电, 据新华社布加勒斯特8月18日电, 新华社北京八月十四日电 (older pages spell dates out)
    rf"|据?(?:本报|本刊|新华社|中新社|中新网|人民网|新华网|央视网|央广网|光明网|[{HAN}]{{2,6}}(?:日报|晚报|报|台)|[{HAN}]{{1,6}}网)"
    # 红网长沙县分站4月20日讯: a one-character site and its local desk
    rf"[{HAN}]{{0,10}}?(?:\d{{1,2}}|[{NUMERAL}]{{1,3}})月(?:\d{{1,2}}|[{NUMERAL}廿卅]{{1,3}})日(?:电|讯))"
    rf"(?:\s*[（(][^（）()]{{1,40}}[）)])?"
    # 本报讯 路前进、记者张占辉报道： names before 报道 and a colon
    rf"(?:\s*[^。，,：:（）()\s]{{2,30}}(?:[、\s][^。，,：:（）()]{{2,30}})*?报道[：:])?"
)
TRAILING_PAREN = re.compile(r"[（(][^（）()]{1,40}[）)]$")
POSITION = re.compile(r"[（(](?:前排|后排|中排|前|后)?[左右中上下](?:[一二三四五六七八九]|起)?[）)]")
CAPTION_LEAD = re.compile(r"(?:^|[。！？])(?:图为|上图|下图|左图|右图|图[一二三四]|资料图)")
CAPTION_TAIL = re.compile(r"(?:资料图片?|新华社发|供图|摄)[）)]?$")
END_MARKS = frozenset({"完", "待续", "未完待续", "上", "中", "下", "续完"})
SLOGAN_PHRASES = (
    "习近平新时代中国特色社会主义思想",
    "社会主义核心价值观",
    "不忘初心",
    "牢记使命",
    "讲文明树新风",
    "中国梦",
    "公益广告",
)
LABELS = frozenset(
    """公益广告 广告 传真 征文选登 来稿选登 征文 图片新闻 新闻图片 图片报道 图说 新闻速递 简讯 短讯
    快讯 资讯 要闻 要闻速览 一周要闻 本版编辑 责任编辑 编辑 美编 校对 版式 组版 读者来信 声明 启事
    广告热线 新闻热线 投稿邮箱 导读 本期导读 特别报道 专题 专版 综合新闻 地方新闻 副刊 连载 时评
    社论 评论 新闻 封面 头版""".split()
)
FURNITURE = re.compile(
    r"^(?:(?:本版|责任)?(?:编辑|责编|美编|校对|组版|版式|设计|制图|审读|终审)\s*[：:].{0,30}"
    r"|第\s*[0-9０-９一二三四五六七八九十]+\s*版.{0,30}"
    r"|[A-Za-z]?\d{1,3}\s*版\s*[：:].{0,20}|当前版.{0,20}"
    r"|.{0,20}\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*(?:星期|周)[一二三四五六日天].{0,30}"
    # a web page's date stamp: 星期三, 4月30, 2025 Views
    r"|(?:星期|周)[一二三四五六日天]\s*[,，]?\s*\d{1,2}\s*月\s*\d{1,2}\s*[,，]?\s*\d{4}\s*(?:Views|浏览)?"
    # a masthead with the date, as e-paper sites print it: 惠州日报2019年08月25日, 江苏法治报_2025年06月13日A03
    rf"|_?[{HAN}·]{{1,12}}(?:报|刊)[_\s]*\d{{4}}\s*[年.\-/]\s*\d{{1,2}}\s*[月.\-/]\s*\d{{1,2}}\s*日?.{{0,20}}"
    # a masthead's registration number: 国内统一连续出版物号:CN53-0003 昭通日报社出版
    r"|.{0,20}(?:国内统一连续出版物号|国内统一刊号|CN\s*\d{2}\s*[-—]\s*\d{4}).{0,40}"
    # the site's own buttons and fields
    r"|(?:上一篇|下一篇|上一版|下一版|上一期|下一期|返回目录|返回首页|返回版面|打印本页|关闭窗口).{0,40}"
    r"|(?:发布日期|发布时间|日期|字号|版面|浏览|点击|阅读)(?:次数|数|量)?\s*[：:].{0,30})$"
)
SECTION_NAME = re.compile(rf"[{HAN}]{{2,4}}(?:新闻|要闻|专版|周刊|副刊|视点|时评)")
PAGE_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
# A headline does not end on a word that needs a continuation: 的, 和, 在, 将 …
OPEN_ENDINGS = frozenset(
    "的地得和与及或在对把被将从向以于是等跟同并而但由给让使其之所因若如为、，,“（(《「『—"
)
CLAUSE_SPLIT = re.compile(r"[，,、；;]")


@lru_cache(maxsize=1)
def _surnames() -> tuple[frozenset[str], frozenset[str]]:
    lines = [
        line
        for line in (DATA_DIR / "surnames.txt").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    single = frozenset("".join(line for line in lines if " " not in line))
    double = frozenset(word for line in lines if " " in line for word in line.split())
    return single, double


def looks_like_name(token: str) -> bool:
    """A Chinese personal name: two to four Han characters after a common surname."""
    if not NAME_RE.fullmatch(token):
        return False
    single, double = _surnames()
    return token[0] in single and len(token) <= 3 or token[:2] in double


def _two_names(text: str) -> bool:
    """Two names printed without a space between them (席啸闫掌哲, 张三李四)."""
    return 4 <= len(text) <= 6 and any(
        looks_like_name(text[:cut]) and looks_like_name(text[cut:]) for cut in (2, 3)
    )


def han_length(text: str) -> int:
    """Characters that count for length rules: everything but whitespace."""
    return len("".join(text.split()))


def _name_tokens(tokens: list[str], *, need_role: bool) -> bool:
    """Whether every token is a role, a name, or a role glued to a name (记者王涛).

    A name standing after a role may have a rare surname; a name on its own or glued to a role
    must start with a common one, so 通讯员之家 is not a byline.
    """
    saw_role = saw_name = after_role = False
    for token in tokens:
        if token in CREDIT_WORDS:
            continue
        work = WORK_TOKEN.match(token)
        if work:
            saw_role = after_role = True
            saw_name = saw_name or bool(work.group(1))
            continue
        role = ROLE_RE.match(token)
        rest = token[role.end() :] if role else token
        if role and not rest:
            saw_role = after_role = True
            continue
        if saw_name and not role and PLACE_REPORT.fullmatch(token):  # 记者 吕雪莉 格尔木报道
            continue
        if (
            looks_like_name(rest)
            or (after_role and not role and NAME_RE.fullmatch(rest))
            or (role and _two_names(rest))  # 本报记者席啸闫掌哲: two names run together
        ):
            saw_name = True
            saw_role = saw_role or bool(role)
            after_role = after_role and not role
            continue
        return False
    return saw_name and (saw_role or not need_role)


GLUED_ROLE = re.compile(r"(?=通讯员|记者|实习生|摄影记者)")
SOURCE_WORD = re.compile(r"(信息来源|图片来源)")


def _split_glued(token: str) -> list[str]:
    """记者杨涛通讯员刘爱 → 记者杨涛, 通讯员刘爱: a role glued after a role and its name."""
    pieces, start = [], 0
    for match in GLUED_ROLE.finditer(token):
        cut = match.start()
        role = ROLE_RE.match(token, start)
        if role is not None and role.end() < cut and NAME_RE.fullmatch(token, role.end(), cut):
            pieces.append(token[start:cut])
            start = cut
    return [*pieces, token[start:]]


def _tokens(text: str) -> list[str]:
    """Name-sized tokens, split at spaces, list marks and slashes (全媒体记者/姚时美)."""
    text = SOURCE_WORD.sub(r" \1 ", text)
    tokens = [t for t in re.split(r"[\s、，,:：]+", text) if t]
    slashed = [p for t in tokens for p in ([t] if WORK_TOKEN.match(t) else re.split(r"[/／]", t)) if p]
    return [p for t in slashed for p in _split_glued(t)]


# What a web article's byline line carries around the names: 2011-12-30 □记者 某某 格尔木报道 来源:经济参考报
BYLINE_DATE = re.compile(r"^\d{4}\s*[-./年]\s*\d{1,2}\s*[-./月]\s*\d{1,2}\s*日?\s+")
BYLINE_SOURCE = re.compile(rf"\s+(?:来源|信息来源)\s*[：:]\s*[{HAN}A-Za-z·]{{2,12}}$")
PLACE_REPORT = re.compile(rf"[{HAN}]{{2,6}}报道")


def is_byline(text: str) -> bool:
    """□ 本报记者 吴良艺 □ 本报实习生 梁贺 · 通讯员 董黎姿 · □ 任红生 · 文/图 张三 · 文/圖:宋志富."""
    text = BYLINE_SOURCE.sub("", BYLINE_DATE.sub("", simplified(text.strip())))
    if not text or han_length(text) > 50 or ends_sentence(text) or CREDIT_TAIL.search(text):
        return False
    marked = text[0] in MARKERS
    tokens = _tokens(text.translate({ord(m): " " for m in MARKERS}))
    return bool(tokens) and _name_tokens(tokens, need_role=not marked)


def is_credit(text: str) -> bool:
    """A photo credit line: 梁贺 摄 · 全媒体记者 吕斌 通讯员 任子安 摄 · 图/张三 · 赵松 摄(贵州图片库发)."""
    text = simplified(text.strip())  # 記者 陳明 攝 reads as 记者 陈明 摄
    if text.endswith((")", "）")):
        text = PICTURE_SOURCE.sub("", text).rstrip() or text  # who sent it is no name of the credit
    if han_length(text) > 40:
        return False
    tail = CREDIT_TAIL.search(text)
    if tail:
        head = text[: tail.start()].translate({ord(m): " " for m in MARKERS})
        tokens = _tokens(head)
        return bool(tokens) and _name_tokens(tokens, need_role=False)
    tokens = _tokens(text)
    return (
        bool(tokens)
        and all(WORK_TOKEN.match(t) for t in tokens[:1])
        and _name_tokens(tokens, need_role=False)
    )


# Who sent a picture, in brackets after its credit or its caption: 摄(中经视觉), （新华社发）
PICTURE_SOURCE = re.compile(
    rf"[（(]\s*(?:[{HAN}A-Za-z]{{1,8}}(?:社|视觉|图片库|图库|网)(?:发|供图|供稿)?|资料图片?|资料照片"
    rf"|来源[：:]\s*[{HAN}]{{2,10}})\s*[）)]$"
)
ORG_CREDIT = re.compile(rf"(?<=[。！？!?”])\s*[{HAN}]{{2,14}}(?:供图|供稿)$")  # …酿丰收。芦淞区委宣传部供图
PAREN_CREDIT = re.compile(r"[（(]([^（）()]{2,40})[）)]$")  # …在观展。(中新社记者贾天勇摄)


def _credit_start(text: str) -> int | None:
    """Where the credit that ends `text` starts, if one does."""
    if text.endswith(CREDIT_MARKS):
        # The answer CREDIT_TAIL.search would give, without trying every position of a paragraph.
        found = None  # the longest credit: 通讯员 魏巍 鲁珊 摄, not 鲁珊 摄
        for cut in range(len(text) - 2, 0, -1):
            if text[cut - 1] in "。！？!?" + CLOSERS or text[cut - 1].isspace():
                tail = text[cut:].strip()
                if han_length(tail) > 40:
                    break
                if tail and is_credit(tail):
                    found = cut
        if found is not None:
            return found
    org = ORG_CREDIT.search(text) if text.endswith(("供图", "供稿")) else None
    if org:
        return org.start()
    paren = PAREN_CREDIT.search(text) if text.endswith((")", "）")) else None
    if paren and CREDIT_TAIL.search(paren.group(1)) and is_credit(paren.group(1)):
        return paren.start()
    return None


def split_inline_credit(text: str) -> tuple[str, str] | None:
    """Split a caption that ends with its credit into (caption, credit): …审判工作共赢。李晶晶 摄 ·
    …田园画卷。胡江涛摄(中经视觉) · …学生在上课。(新华社发) · …酿丰收。芦淞区委宣传部供图."""
    text = text.rstrip()
    probe = simplified(text)  # 攝 reads as 摄; the characters map one to one
    if len(probe) != len(text):
        probe = text
    source = PICTURE_SOURCE.search(probe)
    core = probe[: source.start()].rstrip() if source else probe
    cut = _credit_start(core)
    if cut is None and source and core[-1:] in tuple("。！？!?" + CLOSERS):
        cut = source.start()  # the bracket alone is the credit
    if cut is None:
        return None
    return text[:cut].rstrip(), text[cut:].strip()


def split_dateline(text: str) -> tuple[str, str] | None:
    """Split 本报讯（记者 某某）… or 新华社杭州3月2日电 … into (dateline, rest of the lead)."""
    probe = simplified(text)  # 本報訊 reads as 本报讯; the characters map one to one
    match = DATELINE.match(probe if len(probe) == len(text) else text)
    if not match:
        return None
    end = match.end()
    rest = text[end:]
    if rest.startswith(" "):
        # 本报讯 记者 王涛 通讯员 张国昌 …: spaced bylines straight after the dateline.
        taken: list[str] = []
        for token in rest.split(" ")[1:]:
            role = ROLE_RE.match(token)
            if (role and (role.end() == len(token) or looks_like_name(token[role.end() :]))) or (
                taken and looks_like_name(token)
            ):
                taken.append(token)
            else:
                break
        while taken and ROLE_RE.fullmatch(taken[-1]):
            taken.pop()
        if taken:
            end += 1 + len(" ".join(taken))
    return text[:end].rstrip(), text[end:].lstrip()


BRACKETED = re.compile(r"[（(]\s*(.+?)\s*[）)]")


SIGNOFF_WORK = re.compile(r"\s*(?:参与采写|参与报道|采写|整理|综合报道|综合|报道|供稿)$")


def is_signoff(text: str) -> bool:
    """（李鑫朝 吴德良）, （本报记者 张三）, （本报记者某某整理） or （某某参与采写） closing an article."""
    match = BRACKETED.fullmatch(text.strip())
    if match is None:
        return False
    names = SIGNOFF_WORK.sub("", match.group(1))
    return bool(names) and _name_tokens(_tokens(names), need_role=False)


def is_end_mark(text: str) -> bool:
    """（完） （待续）: marks that close an article but carry no name."""
    match = BRACKETED.fullmatch(text.strip())
    return match is not None and match.group(1) in END_MARKS


def is_signature(text: str) -> bool:
    """An essay's signature: a place or unit and a name, 山东济宁 夏雪莲."""
    parts = text.strip().split(" ")
    if len(parts) != 2 or han_length(text) > 14:
        return False
    place, name = parts
    return bool(re.fullmatch(rf"[{HAN}]{{2,8}}", place)) and len(name) <= 3 and looks_like_name(name)


def is_label(text: str) -> bool:
    """Section labels, slugs and page furniture that belong to no article (公益广告, 第3版)."""
    text = text.strip()
    compact = text.replace(" ", "")
    return compact in LABELS or bool(SECTION_NAME.fullmatch(compact) or FURNITURE.match(compact))


def page_date(text: str) -> str | None:
    """The ISO date printed in a page header line, if the line is one."""
    if not FURNITURE.match(text.replace(" ", "")):
        return None
    match = PAGE_DATE.search(text)
    if not match:
        return None
    year, month, day = (int(g) for g in match.groups())
    return f"{year:04d}-{month:02d}-{day:02d}"


def is_slogan(text: str) -> bool:
    """A banner slogan set between stories, not a subhead of the story around it."""
    return any(phrase in text for phrase in SLOGAN_PHRASES)


def has_caption_marks(text: str) -> bool:
    """Photo captions name positions (左) or open with 图为; body paragraphs do not."""
    return bool(POSITION.search(text) or CAPTION_LEAD.search(text) or CAPTION_TAIL.search(text))


@dataclass(frozen=True)
class HeadingShape:
    """Why a short line is or is not headline-shaped (kept for debugging the splitter)."""

    ok: bool
    reason: str


def heading_shape(text: str) -> HeadingShape:
    """Whether a block is shaped like a headline or subhead: short, unpunctuated, balanced."""
    stripped = text.strip()
    length = han_length(stripped)
    if length < 2 or length > 40:
        return HeadingShape(False, "length")
    if "。" in stripped:
        return HeadingShape(False, "sentence")
    core = stripped.rstrip(CLOSERS)
    if not core:
        return HeadingShape(False, "empty")
    if core[-1] in OPEN_ENDINGS:
        return HeadingShape(False, "open ending")
    if ends_sentence(stripped) and core[-1] not in "?？!！":
        return HeadingShape(False, "ends a sentence")
    clauses = [c for c in CLAUSE_SPLIT.split(stripped) if c.strip()]
    if len(clauses) > 1:
        sizes = [han_length(c) for c in clauses]
        if max(sizes) > 10 or max(sizes) > 2.2 * min(sizes):
            return HeadingShape(False, "unbalanced clauses")
    if not any(is_cjk(c) for c in stripped):
        return HeadingShape(False, "no Han characters")
    return HeadingShape(True, "")
