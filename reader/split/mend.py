"""The tagger's labels mended where the page's own evidence is certain, before articles are
assembled from them: a caption beside its own credit opens its picture, a headline the tagger set
aside above a lead is its headline, and page-wide passes keep one layout per page (subheads on pages
that close stories with sign-offs, headlines after their stories on pages that print them so).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from reader import layout
from reader.split.blocks import STAMP_TAIL, Block
from reader.split.features import FIELD, TIME_OPENING, list_marker, shared_words
from reader.split.labels import Label
from reader.text import ends_sentence, forms_word

PICTURE_CAPTION = 80  # characters: a caption longer than this is a story with a credit
BARE_CAPTION = 12  # characters: a caption this short names the picture (●测油), it tells no news


def tells_news(caption: str) -> bool:
    """Whether a caption beside its credit is a picture item of its own: a sentence saying what
    happened (清甜萝卜喜迎丰收。 / 金坪乡袁都村，村民忙着采摘秋月梨。), not a bare name of the picture
    (●测油), and not so long that it is a story with a credit."""
    n = layout.han_length(caption)
    return n <= PICTURE_CAPTION and (n > BARE_CAPTION or ends_sentence(caption))


AGENCY_CREDIT = re.compile(rf"^[（(]?[{layout.HAN}]{{1,8}}(?:社|视觉|图片库|图库)发[）)]?$")  # 新华社发
NUMBERED_PICTURE = re.compile(r"^图\s*[①②③④⑤⑥⑦⑧⑨⑩0-9一二三四五六七八九十]")  # 图① 图2 图三
WEEKDAY = re.compile(r"(?:星期|周)[一二三四五六日天]")
WORDY = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fffA-Za-z]")  # a character that can make a word
DATE_WORDS = 2  # characters besides the date and weekday a date line may carry (出版, 版)


def is_date_line(text: str) -> bool:
    """A line that is a date and little else (2025年05月24日, 2019年12月7日 星期六)."""
    if STAMP_TAIL.fullmatch(text.strip()):
        return True  # 44,541 2024年01月17日: a web page's views and date
    rest = layout.PAGE_DATE.sub("", text)
    return rest != text and layout.han_length(WEEKDAY.sub("", rest)) <= DATE_WORDS


STORY_OPENINGS = (Label.LEAD, Label.DATELINE, Label.BYLINE)
STORY_TEXT = frozenset({Label.BODY, Label.LEAD, Label.DATELINE})  # a story's running text
ANCHORS = frozenset({Label.BYLINE, Label.DATELINE})  # what opens a story under its headline
SITE_FIELDS = 3  # furniture lines a web page may print between a headline and its lead


def _opening_after(blocks: list[Block], labels: list[Label], i: int) -> int | None:
    """Where the story opens below block `i`: the next block, or the first after a few furniture
    lines that are no headline (涡阳县涡南镇开展… / 日期:05-13 / 版面:第06版:区域 / 本报讯…)."""
    for j in range(i + 1, min(len(blocks), i + 2 + SITE_FIELDS)):
        if labels[j] in STORY_OPENINGS:
            return j
        text = blocks[j].text
        if labels[j] != Label.FURNITURE or (layout.heading_shape(text).ok and not layout.is_label(text)):
            return None  # a story's text, or a headline of its own
    return None


def mend_labels(blocks: list[Block], labels: list[Label]) -> list[Label]:
    """The tagger's labels, mended where the page's own evidence is certain.

    A run of pictures, each a caption beside its own credit (萝卜装车 / 汤德宏 摄 / 采摘玫瑰花 /
    袁福洪 摄: two pairs make a run), is a run of photo items: each caption opens its picture. A
    headline-shaped line the tagger set aside right above a story's lead, which no furniture rule
    knows (00004版:要闻 / 加速“过关” / 为助力…), is that story's headline, also when a web page
    prints its field lines between them (日期:05-13 / 版面:第06版:区域); a date never is. Numbered
    pictures, agency credits and date lines get their certain labels; then the page-wide passes
    (`PAGE_PASSES`) make the page keep one layout: where its headlines stand, how its stories
    close, where its pictures are."""
    out = list(labels)
    captioned = [  # a caption beside its own credit, each block tested once
        i + 1 < len(blocks)
        and labels[i + 1] == Label.CREDIT
        and (
            labels[i] in (Label.CAPTION, Label.TITLE, Label.LEAD, Label.BODY)
            or (labels[i] == Label.FURNITURE and not layout.is_label(block.text))
        )
        and tells_news(block.text)
        and not layout.is_byline(block.text)
        for i, block in enumerate(blocks)
    ]

    def caption_at(i: int) -> bool:
        return 0 <= i < len(blocks) and captioned[i]

    credited_numbers = any(
        c and NUMBERED_PICTURE.match(b.text) for c, b in zip(captioned, blocks, strict=True)
    )
    for i in range(len(blocks)):
        if captioned[i] and (caption_at(i - 2) or caption_at(i + 2)):
            out[i] = Label.LEAD
        elif NUMBERED_PICTURE.match(blocks[i].text) and labels[i] in (Label.LEAD, Label.BODY):
            # 图① 村民们在新社区里安居乐业。: a numbered picture of the story it stands in; inside
            # the story's text it stays there, above it it is a caption, unless the page credits
            # its numbered pictures one by one (图①:… / 高卫东摄), each then an item of its own.
            above = next(
                (j for j in range(i - 1, -1, -1) if not NUMBERED_PICTURE.match(blocks[j].text)), None
            )
            if above is not None and out[above] in (Label.LEAD, Label.BODY, Label.DATELINE):
                out[i] = Label.BODY
            elif not credited_numbers:
                out[i] = Label.CAPTION
        elif labels[i] in (Label.LEAD, Label.BODY) and AGENCY_CREDIT.match(blocks[i].text.strip()):
            out[i] = Label.CREDIT  # 新华社发: who sent the picture above, never a story
        elif (
            labels[i] in (Label.TRAIL, Label.TITLE, Label.SUBHEAD)
            and i > 0
            and labels[i - 1] in (Label.BODY, Label.LEAD)
            and layout.is_signature(blocks[i].text)
        ):
            out[i] = Label.SIGNOFF  # …相同的。 / 山东济宁 夏雪莲: the writer signing off, no headline
        elif labels[i].is_head and not WORDY.search(blocks[i].text):
            out[i] = Label.FURNITURE  # |, ——, 26: no headline without a word in it
        elif (labels[i].is_head or labels[i] in STORY_TEXT) and is_date_line(blocks[i].text):
            out[i] = Label.FURNITURE  # 夏收好风景 小麦收割忙 / 2025年05月24日: the page's date
        elif (
            labels[i] == Label.FURNITURE
            and not (i > 0 and out[i - 1].is_head)  # the story has its headline already
            and _opening_after(blocks, labels, i) is not None
            and not layout.is_label(blocks[i].text)
            and not layout.PAGE_DATE.search(blocks[i].text)  # 2020年03月08日: the page's date
            and not FIELD.match(blocks[i].text)  # 【日期】= 1994.02.01: a database's field
            and layout.heading_shape(blocks[i].text).ok
        ):
            out[i] = Label.TITLE  # 00004版:要闻 / 加速“过关” / 为助力…: no lexicon calls it furniture
    for page_pass in PAGE_PASSES:
        out = page_pass(blocks, out)
    return out


def _stranded_tail(blocks: list[Block], labels: list[Label]) -> list[Label]:
    """The page's last line, cut off mid-sentence under a story that has its headline above it
    (○某集团军… / 本报讯… / 该集团), is the story's last words, not a headline printed after it."""
    last = len(labels) - 1
    text = blocks[last].text if blocks else ""
    if last < 2 or labels[last] not in (Label.TRAIL, Label.SUBHEAD) or ends_sentence(text):
        return labels
    if layout.ROLE_RE.search(text) or layout.is_credit(text):
        return labels  # 上游新闻·重庆晨报记者 李舒: who wrote it, not the story's words
    above = last - 1
    while above >= 0 and labels[above] in STORY_TEXT:
        above -= 1
    if above == last - 1 or above < 0 or not labels[above].is_head:
        return labels
    return [*labels[:last], Label.BODY]


ANCHORED_PAGE = 2  # headlines each over a byline or dateline: a page that opens every story so


def _subheads_of_anchored_page(blocks: list[Block], labels: list[Label]) -> list[Label]:
    """On a page where every other headline stands over its story's byline or dateline
    (守住百姓“看病钱”靠什么? / □ 本报记者 冯海砚), a lone headline line between two paragraphs is
    a subhead of the story it stands in (完善协议管理，健全考核机制): a new story there would open
    with its byline."""
    lone = {
        i
        for i in range(1, len(labels) - 1)
        if labels[i] == Label.TITLE
        and labels[i - 1] in (Label.BODY, Label.SUBHEAD)
        and labels[i + 1] == Label.BODY
    }
    if not lone:
        return labels
    ends = [
        i
        for i, label in enumerate(labels)
        if label.is_head and i not in lone and not (i + 1 < len(labels) and labels[i + 1].is_head)
    ]  # the last line of every other headline stack
    if len(ends) < ANCHORED_PAGE or any(i + 1 >= len(labels) or labels[i + 1] not in ANCHORS for i in ends):
        return labels
    return [
        Label.SUBHEAD if i in lone and not _opens_new_story(blocks, labels, i) else label
        for i, label in enumerate(labels)
    ]


NEW_STORY_COHESION = 0.08  # share of the text below a headline that the story above uses too


def _opens_new_story(blocks: list[Block], labels: list[Label], i: int) -> bool:
    """Whether the text under a lone headline is another story: it shares little wording with the
    story above (下镇乡… / 人大接待日聚焦民生热点问题 / 9月25日上午,南码头路街道…), and the headline
    speaks of what follows rather than of what went before. A subhead goes on with its story."""
    below = [blocks[j].text for j in range(i + 1, min(i + 3, len(blocks))) if labels[j] in STORY_TEXT]
    above = [blocks[j].text for j in range(max(0, i - 4), i) if labels[j] in STORY_TEXT]
    if not below or not above:
        return False
    head = blocks[i].text
    return shared_words(" ".join(below), above) < NEW_STORY_COHESION and shared_words(
        head, below
    ) > shared_words(head, above)


TRAILING_PAGE = 2  # headlines the tagger put after their stories, each over the next byline


def _stacks(labels: list[Label]) -> list[tuple[int, int]]:
    """Where each run of headline lines (title, kicker, deck or trail) starts and ends."""
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(labels):
        if labels[i].is_head or labels[i] == Label.TRAIL:
            end = i
            while end + 1 < len(labels) and (labels[end + 1].is_head or labels[end + 1] == Label.TRAIL):
                end += 1
            runs.append((i, end))
            i = end + 1
        else:
            i += 1
    return runs


def _trails_of_trailing_page(blocks: list[Block], labels: list[Label]) -> list[Label]:
    """On a page that prints headlines after their stories (…story / 市民宗局荣获… / ▢ 全媒体记者
    王佳丽 / the next story), a headline between a story's text and the next byline is the
    trailing headline of the story above, whatever the tagger made of it: the page keeps one
    order. On a page that opens with a headline, a lone headline the tagger put after its story
    over the next byline or dateline is that next story's headline instead."""
    placed = [
        (start, end)
        for start, end in _stacks(labels)
        if start > 0
        and labels[start - 1] in STORY_TEXT
        and end + 1 < len(labels)
        and labels[end + 1] in ANCHORS
    ]
    trails = [
        (start, end) for start, end in placed if all(labels[k] == Label.TRAIL for k in range(start, end + 1))
    ]
    out = list(labels)
    first_head = next(
        (i for i, label in enumerate(labels) if label.is_head or label == Label.TRAIL), len(labels)
    )
    first_anchor = next((i for i, label in enumerate(labels) if label in ANCHORS), len(labels))
    if len(trails) < TRAILING_PAGE:
        if first_anchor < first_head:
            return out  # the page's first story has no headline above it: it may print them after
        # A page that prints headlines first: a lone "trailing" headline over a byline or
        # dateline is the headline of the story it stands over (文水警方连破5起… / 本报讯…).
        for start, end in trails:
            for k in range(start, end + 1):
                out[k] = Label.TITLE
        return out
    for start, end in placed:
        for k in range(start, end + 1):
            out[k] = Label.TRAIL
    for i in range(1, len(labels) - 1):
        if labels[i] == Label.SUBHEAD and labels[i - 1] in STORY_TEXT and _names_the_story_above(blocks, i):
            out[i] = Label.TRAIL  # 苏溪稳步推进非粮化整治: the story above's headline, not the next one's
    return out


ECHO_ABOVE = 0.3  # share of a headline's word pairs the story above uses: it names that story
ECHO_BELOW = 0.1  # share the text below uses: below this, the text below is another story


def _names_the_story_above(blocks: list[Block], i: int) -> bool:
    """Whether a heading repeats the words of the paragraphs above it and not of those below:
    on a page printing headlines after their stories, it is the headline of the story above."""
    text = blocks[i].text
    above = shared_words(text, [b.text for b in blocks[max(0, i - 3) : i]])
    below = shared_words(text, [b.text for b in blocks[i + 1 : i + 4]])
    return above >= ECHO_ABOVE and below < ECHO_BELOW


def _cut_lines(blocks: list[Block], labels: list[Label]) -> list[Label]:
    """A heading-shaped line between two paragraphs that ends in the middle of a word the next
    paragraph completes (…托起残疾人“就业梦”的重 / 要举措，…) is a line a column cut, not a subhead."""
    out = list(labels)
    for i in range(1, len(labels) - 1):
        lone = labels[i] in (Label.SUBHEAD, Label.TITLE) and not labels[i - 1].is_head
        between = labels[i - 1] == Label.BODY and labels[i + 1] == Label.BODY
        if lone and between and forms_word(blocks[i].text, blocks[i + 1].text):
            out[i] = Label.BODY
    return out


def _titled_photos(blocks: list[Block], labels: list[Label]) -> list[Label]:
    """A subhead over one paragraph and its credit, with the next headline or the
    page's end after them (幸福时光 / 9月7日，一名小朋友在… / 石榴云/新疆日报记者 蔡增乐摄 / 拼搏进取),
    is the headline of a titled picture, not a heading inside the story above."""
    out = list(labels)
    for i in range(len(labels) - 2):
        picture = (
            labels[i] == Label.SUBHEAD
            and labels[i + 1] in (Label.BODY, Label.LEAD)
            and labels[i + 2] == Label.CREDIT
            and (i + 3 == len(labels) or labels[i + 3].is_head)
        )
        if picture:
            out[i] = Label.TITLE
    return out


def _captions_over_datelines(blocks: list[Block], labels: list[Label]) -> list[Label]:
    """A paragraph between a headline (or byline) and the dateline that opens the story's lead
    is the caption of the story's picture (浦东两个地区今起… / 今天零时，界龙花苑小区门开了… /
    □倪竹馨 摄 / 本报讯（记者…）…): a story's text never comes before its dateline."""
    out = list(labels)
    for i in range(1, len(labels) - 1):
        after = i + 2 if labels[i + 1] == Label.CREDIT and i + 2 < len(labels) else i + 1
        under_head = labels[i - 1].is_head or labels[i - 1] == Label.BYLINE
        if labels[i] in (Label.BODY, Label.LEAD) and under_head and labels[after] == Label.DATELINE:
            out[i] = Label.CAPTION
    return out


PHOTO_OVERLAP = 0.15  # share of a caption's word pairs found in the story above: below, another story


def _photos_after_stories(blocks: list[Block], labels: list[Label]) -> list[Label]:
    """A dated paragraph over a credit at a story's foot, sharing few words with the story
    (…秸秆禁烧工作成效明显。 / 近日，惠济区刘寨街道兴南社区开展… / 本报记者 王军方 摄), is a picture
    of its own: its caption opens a photo item."""
    out = list(labels)
    for i in range(2, len(blocks) - 1):
        dated_caption = (
            labels[i] == Label.BODY
            and labels[i + 1] == Label.CREDIT
            and labels[i - 1] == Label.BODY
            and labels[i - 2] in STORY_TEXT  # a story of two paragraphs or more stands above
            and TIME_OPENING.match(blocks[i].text) is not None
        )
        if (
            dated_caption
            and shared_words(blocks[i].text, [b.text for b in blocks[max(0, i - 3) : i]]) < PHOTO_OVERLAP
        ):
            out[i] = Label.LEAD
    return out


CLOSING_PAGE = 2  # stories closed by a sign-off, each under the next one's headline


def _subheads_of_closing_page(blocks: list[Block], labels: list[Label]) -> list[Label]:
    """On a page that closes its stories with sign-offs ((李鑫朝 吴德良) / 家长夜校,推动…), a lone
    headline line between two paragraphs of a story not yet closed is a subhead of that story
    (数智赋能:从“多跑腿”到“指尖办”): a new story would have begun after a close."""
    closes = sum(1 for i in range(len(labels) - 1) if labels[i] == Label.SIGNOFF and labels[i + 1].is_head)
    if closes < CLOSING_PAGE:
        return labels
    out = list(labels)
    for i in range(1, len(labels) - 1):
        lone = labels[i] == Label.TITLE and not labels[i - 1].is_head and not labels[i + 1].is_head
        inside = labels[i - 1] in (Label.BODY, Label.SUBHEAD) and labels[i + 1] == Label.BODY
        if lone and inside and not _opens_new_story(blocks, labels, i):
            out[i] = Label.SUBHEAD
    return out


def _headlines_of_new_stories(blocks: list[Block], labels: list[Label]) -> list[Label]:
    """A line the tagger took for a subhead is a headline where the text below it is another
    story: a page of stories set one after another without bylines has no other sign."""
    return [
        Label.TITLE
        if label == Label.SUBHEAD
        and 0 < i < len(labels) - 1
        and labels[i + 1] in STORY_TEXT
        and _paragraphs_above(labels, i) >= STORY_BEFORE_SUBHEAD
        and _opens_new_story(blocks, labels, i)
        else label
        for i, label in enumerate(labels)
    ]


STORY_BEFORE_SUBHEAD = 2  # paragraphs: under one, a lead and its first subhead look like two stories


def _paragraphs_above(labels: list[Label], i: int) -> int:
    """The story's paragraphs between its headline (or last subhead) and block `i`."""
    n = 0
    for j in range(i - 1, -1, -1):
        if labels[j].is_head or labels[j] == Label.SUBHEAD:
            break
        n += labels[j] in STORY_TEXT
    return n


def _marked_headlines(blocks: list[Block], labels: list[Label]) -> list[Label]:
    """On a page that opens its headlines with a list marker (• 赴一场约定 / • 城北观潮), a line the
    tagger took for a subhead that opens with the same marker is a headline of its own: a story's
    subheads are not set like the page's headlines."""
    marked = {list_marker(blocks[i].text) for i, label in enumerate(labels) if label == Label.TITLE} - {""}
    if not marked:
        return labels
    return [
        Label.TITLE if label == Label.SUBHEAD and list_marker(blocks[i].text) in marked else label
        for i, label in enumerate(labels)
    ]


# The page-wide mendings, in the order they apply: each reads the labels the one before left.
PAGE_PASSES: tuple[Callable[[list[Block], list[Label]], list[Label]], ...] = (
    _cut_lines,
    _captions_over_datelines,
    _photos_after_stories,
    _titled_photos,
    _subheads_of_closing_page,
    _trails_of_trailing_page,
    _subheads_of_anchored_page,
    _stranded_tail,
    _marked_headlines,
    _headlines_of_new_stories,
)
