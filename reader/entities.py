"""Spans worth a subtle highlight in the body: places, organisations, people, money, figures, dates.

Patterns from how Chinese news writes them (1.87亿元, 4342人次, 2023年5月1日, 市医保局, 谢章涛表示),
matched per paragraph. Overlaps are settled so every character has at most one entity: the longer
span wins, and at equal length a number beats a name.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache

from reader.layout import looks_like_name
from reader.model import Entity
from reader.text import forms_word
from reader.tokens import tag

HAN = r"\u3400-\u9fff"
NUMERALS = "零一二三四五六七八九十百千两"
NUMBER = rf"(?:\d[\d,，.]*|[{NUMERALS}]+)(?:\s*(?:多|余))?"


def _starting_with(first: str, pattern: str) -> re.Pattern[str]:
    """Compile `pattern` behind a lookahead for `first`, the characters any of its matches starts with.

    The lookahead turns most positions away with one test, where re would try every alternative.
    """
    return re.compile(rf"(?=[{first}])(?:{pattern})")


AMOUNT = _starting_with(
    rf"超近逾约\d{NUMERALS}", rf"(?:超|近|逾|约)?{NUMBER}(?:万|亿|千万|百万)?(?:多|余)?(?:元|美元|欧元)"
)
FIGURE = _starting_with(  # 百分之 starts with a numeral too
    rf"\d{NUMERALS}",
    rf"\d+(?:\.\d+)?\s*[%％‰]|百分之[零一二三四五六七八九十百点]+"
    rf"|{NUMBER}(?:万|亿)?(?:人次|家次|户次|万人|人|家|个|件|起|名|户|亩|吨|兆瓦|千瓦时|千瓦|平方米|公里|所|处|场|项|岁|批|套|台|辆|册|盒|条)",
)
DATE = _starting_with(
    r"\d今去明",
    r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|\d{4}\s*年\s*\d{1,2}\s*月|\d{1,2}\s*月\s*\d{1,2}\s*日"
    r"|\d{4}\s*年(?:底|初|末|以来)?|(?:今年|去年|明年)\d{1,2}\s*月(?:\d{1,2}\s*日)?|\d{1,2}\s*月(?:初|底|中旬|上旬|下旬)",
)
ORG_SUFFIXES = sorted(
    """委员会 联合会 协会 学会 商会 研究会 基金会 公司 集团 银行 医院 卫生院 卫生室 学校 大学 学院 中学 小学
    幼儿园 法院 检察院 人民法院 人民检察院 公安局 派出所 村委会 居委会 党委 党支部 政府 残联 妇联 团委 工会
    中心 研究院 研究所 事务所 合作社 办公室 服务站 工作站 维权站 博物馆 图书馆 文化馆 纪念馆 体育馆 出版社
    报社 电视台 医共体 药房 大药房 药店 工作室 基地 课题组""".split(),
    key=len,
    reverse=True,
)
# 市医保局, 区住建局, 省民政厅, 国家医疗保障局: a government body opens with its level.
BODY = re.compile(
    rf"(?:国家|省|市|区|县|镇|乡|自治区|州|盟)[{HAN}]{{1,8}}?(?:局|厅|委|办|(?<!部)署)(?![员法理事门长会])"
)
# An organisation's name: 2 to 16 of these characters, then a suffix (正泰集团, 义乌市残联). Found suffix
# first (see _org_names), which gives the matches of `[ORG_CHARS]{2,16}?(?:suffixes)` at a sixth of
# the cost: that pattern tries every suffix after every prefix length at every character.
ORG_CHARS = rf"{HAN}A-Za-z0-9（）()"
ORG_RUN = re.compile(rf"[{ORG_CHARS}]+")
ORG_SUFFIX = re.compile("|".join(ORG_SUFFIXES))  # longest first: the longest suffix at a place wins
# Parts of speech that cannot sit inside an organisation's name: where one is, the name starts after.
ORG_BREAK = frozenset("p c m q t u uj ul ud r f x eng".split())
NOT_NAME_END = frozenset("在正是的了也和与等为对向将把被说表介告指认感回从到于就都还又已曾")
TITLES = (
    "记者|局长|副局长|主任|副主任|书记|副书记|县长|市长|区长|镇长|乡长|村长|主席|院长|校长|经理|负责人|理事长|"
    "司长|副司长|处长|科长|所长|站长|教授|医生|医师|老师|教师|代表|委员|民警|律师|检察官|法官|师傅|传承人|"
    "大爷|阿姨|老人|患者|残疾人|村民|居民|市民|茶农|工人|员工|学员|志愿者|网格员|助残员|队长|社长|会长"
)
SPEECH = "说|表示|介绍|告诉|指出|认为|感叹|回忆|坦言|建议|强调|透露|笑着说|激动地|介绍说|解释"
PERSON_AFTER = re.compile(rf"(?:{TITLES})([{HAN}]{{2,3}})")
PERSON_SPEAKS = re.compile(rf"([{HAN}]{{2,3}})(?=(?:{SPEECH}))")
SPEECH_WORD = re.compile(SPEECH)
SOMEONE = re.compile(rf"[{HAN}]某")  # 张某
PRIORITY = {"amount": 0, "figure": 1, "date": 2, "org": 3, "place": 4, "person": 5}

PlaceFinder = Callable[[str], Iterable[tuple[int, int]]]


@lru_cache(maxsize=8192)
def _trim_org(name: str) -> int:
    """How many leading characters of a matched name are the sentence before it (年进入|正泰公司).

    Cached: the same bodies (市医保局, 县残联) recur on page after page, and tagging them is the cost.
    """
    offset = cut = 0
    for word, pos in tag(name):
        offset += len(word)
        if pos in ORG_BREAK or (pos in ("v", "d", "a") and len(word) >= 2) or word in "的在与和及":
            cut = offset
    return cut


def _org_names(text: str) -> Iterable[tuple[int, int]]:
    """Spans of 2 to 16 name characters and a suffix, leftmost and shortest first, never overlapping.

    A name lies inside one run of name characters (suffixes are Han, so name characters too). In a
    run, the next name ends with the first suffix starting two or more characters after the end of
    the last name (or the run's start), and starts as far back as allowed: at that end, or 16
    characters before the suffix, whichever is later. That is what the lazy regex finds, without
    trying every suffix after every prefix length at every character.
    """
    for run in ORG_RUN.finditer(text):
        pos, end = run.span()
        while suffix := ORG_SUFFIX.search(text, pos + 2, end):
            start = max(pos, suffix.start() - 16)
            pos = suffix.end()
            yield start, pos


def _orgs(text: str) -> Iterable[tuple[int, int]]:
    for first, end in [match.span() for match in BODY.finditer(text)] + list(_org_names(text)):
        start = first + _trim_org(text[first:end])
        if end - start >= 3:
            yield start, end


def _name_at(text: str, start: int) -> int:
    """Length of the personal name starting at `start` (2 or 3), or 0 when there is none."""
    three, two = text[start : start + 3], text[start : start + 2]
    if len(three) == 3 and three[2] not in NOT_NAME_END and looks_like_name(three):
        return 3
    if looks_like_name(two) and not forms_word(two[0], two[1]):
        return 2
    return 0


def _people(text: str) -> Iterable[tuple[int, int]]:
    for match in PERSON_AFTER.finditer(text):
        size = _name_at(text, match.start(1))
        if size:
            yield match.start(1), match.start(1) + size
    # Every match ends right before a speech word, so none starts more than three characters before
    # the first one: searching from there skips the (many) places in front of it.
    speech = SPEECH_WORD.search(text)
    for match in PERSON_SPEAKS.finditer(text, max(0, speech.start() - 3) if speech else len(text)):
        end = match.end(1)
        for size in (3, 2):
            start = end - size
            if start >= match.start(1) and _name_at(text, start) == size:
                yield start, end
                break
    for match in SOMEONE.finditer(text):
        if looks_like_name(match.group(0)):
            yield match.start(), match.end()


def find_entities(paragraphs: list[str], places: PlaceFinder | None = None) -> list[Entity]:
    """Entities of every paragraph, non-overlapping, in reading order."""
    found: list[Entity] = []
    for index, text in enumerate(paragraphs):
        spans: list[tuple[int, int, str]] = []
        spans += [(m.start(), m.end(), "amount") for m in AMOUNT.finditer(text)]
        spans += [(m.start(), m.end(), "figure") for m in FIGURE.finditer(text)]
        spans += [(m.start(), m.end(), "date") for m in DATE.finditer(text)]
        spans += [(s, e, "org") for s, e in _orgs(text)]
        spans += [(s, e, "person") for s, e in _people(text)]
        if places is not None:
            spans += [(s, e, "place") for s, e in places(text)]
        taken = bytearray(len(text))  # 1 where an entity already holds the character
        for start, end, kind in sorted(spans, key=lambda s: (-(s[1] - s[0]), PRIORITY[s[2]], s[0])):
            if start < end and 1 not in taken[start:end]:
                taken[start:end] = b"\x01" * (end - start)
                found.append(Entity(index, start, end, kind))
    return sorted(found, key=lambda e: (e.para, e.start))
