"""What the tagger sees of each block: its shape, the layout lexicon's verdicts, its neighbours.

Every feature is a fact about the text that holds on any paper — length, closing punctuation,
markers, position on the page, whether the layout lexicon (`reader.layout`) reads it as a
byline, a dateline, a credit or furniture — and the same facts of the blocks around it. The
weights that turn them into labels are fitted on the labelled corpus (`scripts/fit_splitter.py`).
"""

from __future__ import annotations

import re

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
# How a brief or a photo caption opens: with when it happened.
TIME_OPENING = re.compile(
    r"^[◆■●○△▲★·•□▢]?\s*(?:近日|日前|昨日|昨天|今天|今日|前不久|日前|连日来|近年来|今年以来|"
    r"\d{4}年|\d{1,2}月\d{1,2}日|\d{1,2}日|[一二三四五六七八九十]+月)"
)
ANCHORS = ("byline", "dateline")


def _length_class(n: int) -> str:
    for k, bound in enumerate(LENGTHS):
        if n < bound:
            return str(k)
    return str(len(LENGTHS))


def _own(block: Block, text: str) -> list[str]:
    """Facts of one block, without its context."""
    n = layout.han_length(text)
    core = text.rstrip(CLOSERS)
    shape = layout.heading_shape(text)
    feats = [
        f"len={_length_class(n)}",
        f"gap={min(block.gap, 2)}",
        f"shape={'ok' if shape.ok else shape.reason}",
    ]
    checks = {
        "label": layout.is_label(text),
        "byline": layout.is_byline(text),
        "credit": layout.is_credit(text),
        "signoff": layout.is_signoff(text),
        "endmark": layout.is_end_mark(text),
        "signature": layout.is_signature(text),
        "dateline": layout.split_dateline(text) is not None,
        "captionmarks": layout.has_caption_marks(text),
        "inlinecredit": layout.split_inline_credit(text) is not None,
        "slogan": layout.is_slogan(text),
        "pagedate": layout.page_date(text) is not None,
        "sentence": ends_sentence(text),
        "period": "。" in text,
        "comma": any(c in text for c in "，,、"),
        "colonend": core.endswith(("：", ":")),
        "dashend": text.rstrip().endswith(("——", "—", "--")),
        "dashstart": text.startswith(("——", "—", "--")),
        "marker": text[:1] in layout.MARKERS or text[:1] in "·•",
        "numbered": bool(NUMBERED.match(text)),
        "picturelabel": bool(PICTURE_LABEL.match(text)),
        "timestamp": bool(TIME_STAMP.match(text)),
        "columntag": bool(COLUMN_TAG.search(text)),
        "sourcebracket": bool(SOURCE_BRACKET.match(text)),
        "quoteopen": text[:1] in "“「",
        "digitstart": text[:1].isdigit(),
        "md": block.level > 0,
        "mdtop": block.level == 1,
        "bold": block.bold,
        "cut": block.cut,
        "endsname": text.rstrip().endswith(layout.CREDIT_MARKS),
        "ellipsis": text.rstrip().endswith(("...", "…")),
        "timeopen": bool(TIME_OPENING.match(text)),
    }
    feats += [name for name, on in checks.items() if on]
    return feats


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
    anchors = [i for i, f in enumerate(own) if any(a in f for a in ANCHORS)]
    closers = [i for i, f in enumerate(own) if "signoff" in f or "credit" in f or "endmark" in f]
    gaps = sorted(b.gap for b in blocks)
    usual_gap = gaps[len(gaps) // 2]
    out: list[list[str]] = []
    for i in range(count):
        feats = ["bias", *own[i], *page]
        ahead = next((a - i for a in anchors if a > i), None)
        behind = next((i - a for a in reversed(anchors) if a < i), None)
        feats.append(f"anchor_ahead={min(ahead, 4) if ahead else 'none'}")
        feats.append(f"anchor_behind={min(behind, 4) if behind else 'none'}")
        closed = next((i - c for c in reversed(closers) if c < i), None)
        feats.append(f"closer_behind={min(closed, 3) if closed else 'none'}")
        if blocks[i].gap > usual_gap:
            feats.append("wide_gap")
        if i + 1 < count and blocks[i + 1].gap > usual_gap:
            feats.append("wide_gap_after")
        if i == 0:
            feats.append("first")
        if i == count - 1:
            feats.append("last")
        feats.append(f"pos={min(i, 3)}")
        for d in (-2, -1, 1, 2):
            j = i + d
            if 0 <= j < count:
                feats += [f"{d}:{f}" for f in own[j]]
            else:
                feats.append(f"{d}:none")
        if i > 0:
            if forms_word(texts[i - 1], texts[i]):
                feats.append("joins_prev")
            if not ends_sentence(texts[i - 1]):
                feats.append("prev_open")
        if i + 1 < count and forms_word(texts[i], texts[i + 1]):
            feats.append("joins_next")
        out.append(feats)
    return out
