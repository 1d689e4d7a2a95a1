"""What the tagger sees of each block: its shape, the layout lexicon's verdicts, its neighbours.

Every feature is a fact about the text that holds on any paper — length, closing punctuation,
markers, position on the page, whether the layout lexicon (`reader.layout`) reads it as a
byline, a dateline, a credit or furniture — and the same facts of the blocks around it. The
weights that turn them into labels are fitted on the labelled corpus (`scripts/fit_splitter.py`).
"""

from __future__ import annotations

import re
from collections import Counter

from reader import layout
from reader.hanzi import simplified
from reader.split.blocks import Block
from reader.text import CLOSERS, ends_sentence, forms_word

NUMBERED = re.compile(r"^[①②③④⑤⑥⑦⑧⑨⑩]|^[（(]?[0-9一二三四五六七八九十]{1,2}[)）、.．]")
PICTURE_LABEL = re.compile(r"^(?:上图|下图|左图|右图|中图|图[一二三四五六①②③④]?|图为|组图)[：:]?")
TIME_STAMP = re.compile(r"^\d{4}[-./年]\d{1,2}[-./月]\d{1,2}日?\s*\d{1,2}[:：]\d{2}(?:[:：]\d{2})?$")
COLUMN_TAG = re.compile(r"[（(][^（）()]{2,12}[）)]$|^[（(【][^（）()【】]{2,12}[）)】]")
SOURCE_BRACKET = re.compile(r"^【[^】]{2,10}】")
LENGTHS = (2, 5, 9, 15, 25, 40, 80, 200)
HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]{2,}")
DIGIT = re.compile(r"[0-9０-９]")
LATIN = re.compile(r"[A-Za-z]")
# How a brief or a photo caption opens: with when it happened.
TIME_OPENING = re.compile(
    r"^[◆■●○△▲★·•□▢]?\s*(?:近日|日前|昨日|昨天|今天|今日|前不久|日前|连日来|近年来|今年以来|"
    r"\d{4}年|\d{1,2}月\d{1,2}日|\d{1,2}日|[一二三四五六七八九十]+月)"
)
# Words of page furniture: issue and page numbers, dates, editors, site fields.
FURNITURE_WORDS = re.compile(
    r"版|期|刊号|日期|星期|字数|发布|作者|来源|编辑|责编|点击|阅读|出版|电话|热线|邮箱|网址|订阅|广告|校对|美编|"
    r"主办|主管|社址|邮编|总第|Html|http|www|PDF|pdf"
)
# A database or site field (日期: 来源: 【作者】=), told from a headline led by a place (庄浪:金猴迎春年味浓)
FIELD = re.compile(
    r"^[\u4e00-\u9fff]{0,4}(?:日期|时间|来源|出处|作者|编辑|责编|版面|版次|版名|字数|标题|题名|分类号|栏目|"
    r"类别|期号|关键词|摘要|正文|名称|链接|浏览|点击)[：:]|【[\u4e00-\u9fff]{2,4}】="
)
LED_BY = re.compile(r"^[\u4e00-\u9fff]{2,6}[：:]")  # 格尔木:从“进藏旱码头”到…, 北京:观众参观…


# What may stand before a brief's marker: spacing, a table's cell border, characters lost to encoding.
OPENING_JUNK = " \u3000|?？"
LIST_MARKERS = layout.MARKERS + "·•◀▶►"
PARALLEL_MIN = 15  # characters: a paragraph this long can open an untitled item of a run
PARALLEL_REACH = 3  # blocks: how far back or ahead a run's previous or next item may stand


def list_marker(text: str) -> str:
    """The list marker a block opens with (■ …, • …), past spacing and cell borders, or ""."""
    head = text.lstrip(OPENING_JUNK)[:1]
    return head if head in LIST_MARKERS else ""


def _opening(text: str, n: int) -> str | None:
    """How a paragraph opens, as a class a run of untitled items shares (■ …, ① …, 9月22日, …):
    a marker, a number, a date or time word, or None for any other opening."""
    if n < PARALLEL_MIN:
        return None
    head = text.lstrip(OPENING_JUNK)
    if marker := list_marker(head):
        return f"marker{marker}"
    if NUMBERED.match(head):
        return "numbered"
    if TIME_OPENING.match(head):
        return "time"
    return None


def _parallel(openings: list[str | None], kinds: list[str]) -> list[list[str]]:
    """Whether a paragraph opens as the paragraphs before and after it do.

    Briefs and photo captions printed one after another without headlines (■ 12月12日，… /
    ■ 12月13日，…) each open the same way; the paragraphs of one story rarely do."""
    out: list[list[str]] = [[] for _ in openings]
    texts = [i for i, kind in enumerate(kinds) if kind in ("text", "heading")]
    runs = Counter(openings[i] for i in texts)
    for at, i in enumerate(texts):
        if openings[i] is None:
            continue
        before = [j for j in texts[max(0, at - 1) : at] if i - j <= PARALLEL_REACH]
        after = [j for j in texts[at + 1 : at + 2] if j - i <= PARALLEL_REACH]
        if any(openings[j] == openings[i] for j in before):
            out[i].append("parallel_prev")
        if any(openings[j] == openings[i] for j in after):
            out[i].append("parallel_next")
        out[i].append(f"parallel_run={min(runs[openings[i]], 3)}")
    return out


def _length_class(n: int) -> str:
    for k, bound in enumerate(LENGTHS):
        if n < bound:
            return str(k)
    return str(len(LENGTHS))


SHORT = 60  # characters: no byline, credit, sign-off, label or headline is longer


def _short_checks(text: str, n: int) -> list[str]:
    """The lexicon's verdicts that only a short block can earn."""
    checks = {
        "label": layout.is_label(text),
        "byline": layout.is_byline(text),
        "credit": layout.is_credit(text),
        "signoff": layout.is_signoff(text),
        "endmark": layout.is_end_mark(text),
        "signature": layout.is_signature(text),
        "pagedate": layout.page_date(text) is not None,
        "furnitureword": n <= 40 and bool(FURNITURE_WORDS.search(text)),
        "timestamp": bool(TIME_STAMP.match(text)),
        "digits": n > 0 and len(DIGIT.findall(text)) * 3 > n,
        "latin": n > 0 and len(LATIN.findall(text)) * 3 > n,
    }
    return [name for name, on in checks.items() if on]


def _own(block: Block, text: str) -> list[str]:
    """Facts of one block, without its context."""
    n = layout.han_length(text)
    stripped = text.rstrip()
    core = stripped.rstrip(CLOSERS)
    shape = layout.heading_shape(text) if n <= SHORT else layout.HeadingShape(False, "length")
    feats = [
        f"len={_length_class(n)}",
        f"gap={min(block.gap, 2)}",
        f"shape={'ok' if shape.ok else shape.reason}",
    ]
    if n <= SHORT:
        feats += _short_checks(text, n)
    checks = {
        "dateline": layout.split_dateline(text) is not None,
        "captionmarks": layout.has_caption_marks(text),
        "inlinecredit": stripped.endswith((*layout.CREDIT_MARKS, ")", "）"))
        and layout.split_inline_credit(text) is not None,
        "slogan": layout.is_slogan(text),
        "sentence": ends_sentence(text),
        "period": "。" in text,
        "comma": "，" in text or "," in text or "、" in text,
        "colonend": core.endswith(("：", ":")),
        "dashend": stripped.endswith(("——", "—", "--")),
        "dashstart": text.startswith(("——", "—", "--")),
        "marker": text[:1] in layout.MARKERS or text[:1] in "·•",
        "numbered": bool(NUMBERED.match(text)),
        "picturelabel": bool(PICTURE_LABEL.match(text)),
        "columntag": bool(COLUMN_TAG.search(text)),
        "sourcebracket": bool(SOURCE_BRACKET.match(text)),
        "quoteopen": text[:1] in "“「",
        "digitstart": text[:1].isdigit(),
        "md": block.level > 0,
        "mdtop": block.level == 1,
        "bold": block.bold,
        "cut": block.cut,
        "endsname": stripped.endswith(layout.CREDIT_MARKS),
        "ellipsis": stripped.endswith(("...", "…")),
        "timeopen": bool(TIME_OPENING.match(text)),
        "field": bool(FIELD.match(text)),
        "ledby": bool(LED_BY.match(text)) and not FIELD.match(text),
    }
    feats += [name for name, on in checks.items() if on]
    return feats


def _bigrams(text: str) -> frozenset[str]:
    """The pairs of Han characters in a text (its first 300 characters: a lead is enough)."""
    return frozenset(run[k : k + 2] for run in HAN_RUN.findall(text[:300]) for k in range(len(run) - 1))


def shared_words(text: str, around: list[str]) -> float:
    """The share of a text's word pairs (Han bigrams) that the texts around it use too."""
    head = _bigrams(text)
    if not head or not around:
        return 0.0
    return len(head & frozenset().union(*(_bigrams(t) for t in around))) / len(head)


def _echo(head: frozenset[str], around: list[frozenset[str]]) -> str:
    """How much of a short block's wording the blocks around it repeat, in three classes."""
    if not head:
        return "none"
    shared = len(head & frozenset().union(*around)) / len(head) if around else 0.0
    return "high" if shared >= 0.4 else "some" if shared >= 0.15 else "low" if shared > 0.04 else "none"


COHESION = (("high", 0.3), ("much", 0.15), ("some", 0.08), ("low", 0.04), ("none", 0.0))


def _cohesion(pairs: list[frozenset[str]], longs: list[bool], i: int) -> str:
    """How much the two paragraphs below block `i` share with the story's text above it (up to
    four paragraphs back): the story going on under a subhead, or a new one under a headline."""
    below = frozenset().union(*(pairs[j] for j in range(i + 1, min(i + 3, len(pairs))) if longs[j]))
    above = frozenset().union(*(pairs[j] for j in range(max(0, i - 4), i) if longs[j]))
    if len(below) < 20 or len(above) < 20:
        return "unknown"
    shared = len(below & above) / len(below)
    return next(name for name, floor in COHESION if shared >= floor)


def _distances(flags: list[bool], cap: int) -> tuple[list[str], list[str]]:
    """For every block, how many blocks ahead and behind the nearest flagged one stands (capped)."""
    count = len(flags)
    ahead, behind = ["none"] * count, ["none"] * count
    last = None
    for i in range(count):
        if last is not None:
            behind[i] = str(min(i - last, cap))
        if flags[i]:
            last = i
    last = None
    for i in range(count - 1, -1, -1):
        if last is not None:
            ahead[i] = str(min(last - i, cap))
        if flags[i]:
            last = i
    return ahead, behind


def _kind_of(feats: list[str]) -> str:
    """A coarse reading of one block, for describing what surrounds a headline stack."""
    if "byline" in feats or "dateline" in feats:
        return "anchor"
    if "label" in feats or "furnitureword" in feats or "pagedate" in feats:
        return "furniture"
    if "credit" in feats or "signoff" in feats or "endmark" in feats:
        return "closer"
    if "shape=ok" in feats:
        return "heading"
    return "text"


def _heading_stacks(kinds: list[str]) -> list[list[str]]:
    """Where each headline-shaped run stands: how long it is, what comes before and after it.

    A run of headline lines directly above a byline is a headline stack; a lone one between
    two paragraphs of the same story is a subhead; one after a story's end, on a page that
    prints headlines last, is that story's headline.
    """
    out: list[list[str]] = [[] for _ in kinds]
    i = 0
    while i < len(kinds):
        if kinds[i] != "heading":
            i += 1
            continue
        end = i
        while end < len(kinds) and kinds[end] == "heading":
            end += 1
        before = kinds[i - 1] if i else "start"
        after = kinds[end] if end < len(kinds) else "end"
        after2 = kinds[end + 1] if end + 1 < len(kinds) else "end"
        for k in range(i, end):
            out[k] = [
                f"stack={min(end - i, 3)}",
                f"stack_at={min(k - i, 2)}",
                f"stack_before={before}",
                f"stack_after={after}",
                f"stack_after2={after2}",
                f"stack_around={before}>{after}",
            ]
        i = end
    return out


def block_features(blocks: list[Block]) -> list[list[str]]:
    """One feature list per block, context included."""
    texts = [simplified(b.text) for b in blocks]
    own = [_own(b, t) for b, t in zip(blocks, texts, strict=True)]
    count = len(blocks)
    page = []
    if any("byline" in f or "dateline" in f for f in own):
        first_anchor = next(i for i, f in enumerate(own) if "byline" in f or "dateline" in f)
        heads_before = any("shape=ok" in f for f in own[:first_anchor])
        page.append("page:anchor_first" if not heads_before else "page:head_first")
    else:
        page.append("page:no_anchor")
    closers = [("signoff" in f or "credit" in f or "endmark" in f) for f in own]
    lengths = [layout.han_length(t) for t in texts]
    longs = [n >= 40 and "shape=ok" not in f for n, f in zip(lengths, own, strict=True)]
    gaps = sorted(b.gap for b in blocks)
    usual_gap = gaps[len(gaps) // 2]
    kinds = [_kind_of(f) for f in own]
    stacks = _heading_stacks(kinds)
    near = {d: [[f"{d}:{f}" for f in feats] for feats in own] for d in (-1, 1)}
    pairs = [_bigrams(t) for t in texts]
    anchor_ahead, anchor_behind = _distances([k == "anchor" for k in kinds], 4)
    _, closer_behind = _distances(closers, 3)
    long_ahead, long_behind = _distances(longs, 4)
    parallel = _parallel([_opening(t, n) for t, n in zip(texts, lengths, strict=True)], kinds)
    out: list[list[str]] = []
    for i in range(count):
        feats = ["bias", *own[i], *page, *stacks[i], *parallel[i]]
        feats += [
            f"anchor_ahead={anchor_ahead[i]}",
            f"anchor_behind={anchor_behind[i]}",
            f"closer_behind={closer_behind[i]}",
            f"long_ahead={long_ahead[i]}",
            f"long_behind={long_behind[i]}",
        ]
        if lengths[i] <= 40:
            # A headline repeats the words of its story: the story below it, or above it.
            feats.append(f"echo_ahead={_echo(pairs[i], pairs[i + 1 : i + 4])}")
            feats.append(f"echo_behind={_echo(pairs[i], pairs[max(0, i - 3) : i])}")
            if 0 < i < count - 1:
                # Does the text below go on with the text above? Under a subhead it does; under a
                # new story's headline it does not.
                feats.append(f"bridge={_echo(pairs[i + 1], pairs[max(0, i - 2) : i])}")
                feats.append(f"cohesion={_cohesion(pairs, longs, i)}")
        else:
            # A paragraph shares words with the story it continues; a new story's lead does not.
            feats.append(f"same_story={_echo(pairs[i], pairs[max(0, i - 2) : i])}")
        if blocks[i].gap > usual_gap:
            feats.append("wide_gap")
        if i + 1 < count and blocks[i + 1].gap > usual_gap:
            feats.append("wide_gap_after")
        if i == count - 1:
            feats.append("last")
        for d in (-1, 1):
            j = i + d
            feats += near[d][j] if 0 <= j < count else [f"{d}:none"]
        for d in (-2, 2):
            j = i + d
            feats.append(f"{d}:{kinds[j]}" if 0 <= j < count else f"{d}:none")
        if i > 0:
            if forms_word(texts[i - 1], texts[i]):
                feats.append("joins_prev")
            if not ends_sentence(texts[i - 1]):
                feats.append("prev_open")
        if i + 1 < count and forms_word(texts[i], texts[i + 1]):
            feats.append("joins_next")
        out.append(feats)
    return out
