"""Character-level facts about Chinese newspaper text: cleaning, width, punctuation.

Everything that looks at single characters lives here so the page splitter can talk in terms of
lines and blocks.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from reader.resources import DATA_DIR

# C0/C1 controls and DEL, minus tab and newline; ESC among them, so nothing can reach a terminal.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
INVISIBLE = re.compile(r"[\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\ufeff\ufffe]")
SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")

CJK_RANGES = (
    ("\u3400", "\u4dbf"),
    ("\u4e00", "\u9fff"),
    ("\uf900", "\ufaff"),
    ("\U00020000", "\U0003134f"),
)
# Closing marks that may follow the end of a sentence: 。” or ！）.
CLOSERS = "”’」』）)》〉】〕]"
OPENERS = "“‘「『（(《〈【〔["
SENTENCE_END = "。！？!?…；;：:"
CLAUSE_MARKS = "，,、；;：:"
FULLWIDTH_PUNCT = "，。、；：？！“”‘’（）《》〈〉【】〔〕「」『』—…·～"
# Punctuation that never has a space beside it in Chinese text (quotes and brackets may).
TIGHT_PUNCT = "，。、；：？！…·～"


def is_cjk(char: str) -> bool:
    """A Han character (not punctuation)."""
    return any(lo <= char <= hi for lo, hi in CJK_RANGES)


def cell_width(text: str) -> int:
    """Terminal cells the text takes: wide and full-width characters take two."""
    if text.isascii():
        return len(text)
    kinds = list(map(unicodedata.east_asian_width, text))  # no Python code per character
    return len(text) + kinds.count("W") + kinds.count("F")


def strip_controls(text: str) -> str:
    """Remove control, escape and invisible format characters; keep tabs and newlines."""
    return INVISIBLE.sub("", CONTROL.sub("", text))


def clean_inline(text: str) -> str:
    """Make a string safe to put on a terminal: no controls, no newlines or tabs."""
    return SPACES.sub(" ", strip_controls(text).replace("\n", " ")).strip()


def clean_lines(items: list[str], tails: list[str] | None = None) -> str:
    """`clean_inline` of each item, a line each (after its tail, when given: a `:count`): one pass
    over them all when none needs cleaning, as the file names `reader search -l` prints a hundred
    thousand of almost always do."""
    # Every character `clean_inline` removes or turns into a space is one `isprintable` refuses
    # (controls, format characters, separators but the plain space), NUL among them, so NUL can
    # join the items for the checks on spaces.
    joined = "\x00".join(items)
    untouched = (
        all(map(str.isprintable, items))
        and not any(space in joined for space in ("  ", "\x00 ", " \x00"))
        and not joined.startswith(" ")
        and not joined.endswith(" ")
    )
    if not untouched:
        items = [clean_inline(item) for item in items]
    if tails is None:
        return "\n".join(items) + "\n" if items else ""
    return "".join(map("{}{}\n".format, items, tails))


def _is_wide_text(char: str) -> bool:
    return is_cjk(char) or char in FULLWIDTH_PUNCT


def _is_narrow_word(char: str) -> bool:
    return char.isascii() and (char.isalnum() or char in "%.+-")


CREDIT_WORDS = frozenset("摄图文绘")


def tidy_spaces(line: str) -> str:
    """Drop the stray spaces that PDF and OCR put inside Chinese text.

    Justified narrow columns spread characters apart (受 党 群 服 务), names are padded to three
    cells (吕 斌) and numbers get padding (全市 268 家). A space that separates two runs of two
    or more Han characters is kept: editors write 打击欺诈骗保 维护基金安全 on purpose, and a
    photo credit keeps its 梁贺 摄.
    """
    tokens = SPACES.sub(" ", line).strip().split(" ")
    # Glue runs of lone wide characters first: 特 约 记 者 → 特约记者.
    groups: list[str] = []
    lone = False
    for token in tokens:
        single = len(token) == 1 and _is_wide_text(token) and token not in CREDIT_WORDS
        if single and lone:
            groups[-1] += token
        else:
            groups.append(token)
        lone = single
    out = groups[0]
    for index, token in enumerate(groups[1:], start=1):
        left, right = out[-1], token[0]
        lone_neighbour = (len(groups[index - 1]) == 1 and _is_wide_text(left)) or (
            len(token) == 1 and _is_wide_text(right) and token not in CREDIT_WORDS
        )
        glue = (
            lone_neighbour
            or (_is_wide_text(left) and _is_narrow_word(right))
            or (_is_narrow_word(left) and _is_wide_text(right))
            or left in TIGHT_PUNCT
            or right in TIGHT_PUNCT
        )
        out += token if glue else " " + token
    return out


def ends_sentence(text: str) -> bool:
    """Whether text ends where a paragraph may end (after stripping closing quotes)."""
    stripped = text.rstrip().rstrip(CLOSERS)
    if not stripped:
        return False
    last = stripped[-1]
    if last == ".":
        return len(stripped) < 2 or not stripped[-2].isdigit()
    return last in SENTENCE_END


@lru_cache(maxsize=1)
def _joinwords() -> frozenset[str]:
    raw = (DATA_DIR / "joinwords.txt").read_text(encoding="utf-8")
    body = "".join(line for line in raw.splitlines() if not line.startswith("#"))
    return frozenset(body[i : i + 2] for i in range(0, len(body) - 1, 2))


def forms_word(tail: str, head: str) -> bool:
    """Whether the last character of `tail` and the first of `head` make a common word.

    重 | 要举措 → 重要: strong evidence that a sentence was cut at a column jump.
    """
    tail, head = tail.rstrip(), head.lstrip()
    if not tail or not head or not (is_cjk(tail[-1]) and is_cjk(head[0])):
        return False
    return tail[-1] + head[0] in _joinwords()
