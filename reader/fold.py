"""Search folding: 简/繁, full/half width, case and place aliases, so 醫保 finds 医保 and 沪 finds 上海.

Folding is one character for one character, so an offset in the folded text is the offset of the
printed character it came from: the index stores only the folded text, and highlights land on the
printed form. Place aliases (沪 ↔ 上海, 义乌市 → 义乌) change lengths, so they are not folded into
the text but expand the query into the few terms any of which may match. A query that starts with
`=` asks for the exact printed form: no folding and no aliases.
"""

from __future__ import annotations

import functools
from typing import NamedTuple

EXACT_PREFIX = "="
FOLD_VERSION = 1  # part of the index's fingerprint: another folding means another index

# One-character names of provinces that in running text mean the province (沪 is 上海, 粤 广东),
# each with the short name it stands for. Ambiguous ones (京 in 南京, 苏 in 苏州, 新, 宁, 青, 云,
# 贵, 台, 黑, 吉 …) are left out: folding them would flood every search.
PROVINCE_ABBREVIATIONS = {
    "沪": "上海",
    "渝": "重庆",
    "冀": "河北",
    "晋": "山西",
    "皖": "安徽",
    "闽": "福建",
    "赣": "江西",
    "鲁": "山东",
    "豫": "河南",
    "鄂": "湖北",
    "湘": "湖南",
    "粤": "广东",
    "琼": "海南",
    "黔": "贵州",
    "滇": "云南",
    "陇": "甘肃",
    "浙": "浙江",
}

PLACE_SUFFIXES = "省市县区州盟旗"

_table: dict[int, int] = {}


@functools.lru_cache(maxsize=1)
def simplified_chars() -> dict[str, str]:
    """OpenCC's t2s, character by character (`scripts/build_fold_table.py` writes the table):
    read in a fraction of a millisecond, where loading OpenCC itself takes 17."""
    from reader.resources import DATA_DIR

    lines = (DATA_DIR / "fold_t2s.tsv").read_text(encoding="utf-8").splitlines()
    return dict(line.split("\t") for line in lines if line and not line.startswith("#"))


def _fold_char(char: str) -> str:
    code = ord(char)
    if 0xFF01 <= code <= 0xFF5E:  # full-width ASCII: ２０２０, ＡＢＣ
        char = chr(code - 0xFEE0)
    elif code == 0x3000:  # the ideographic space
        char = " "
    lowered = char.casefold()
    if len(lowered) != 1:  # ß → ss would move every offset after it
        lowered = char.lower() if len(char.lower()) == 1 else char
    char = lowered
    if ord(char) >= 0x2E80:  # CJK: the simplified form, where OpenCC gives one character
        char = simplified_chars().get(char, char)
    return char


def fold(text: str) -> str:
    """The text as search sees it: simplified, half width, casefolded; as long as `text`."""
    table = _table
    new = [c for c in set(text) if ord(c) not in table]
    for char in new:
        table[ord(char)] = ord(_fold_char(char))
    return text.translate(table)


class Needle(NamedTuple):
    """A query made ready for search: the folded terms any of which may match, or the exact
    printed form (`exact`) for a query that began with `=`."""

    terms: tuple[str, ...]
    exact: str | None = None


def needle(query: str) -> Needle:
    """The terms a search for `query` looks for: its folded form and its place aliases."""
    if query.startswith(EXACT_PREFIX) and len(query) > len(EXACT_PREFIX):
        printed = query[len(EXACT_PREFIX) :]
        return Needle((fold(printed),), printed)
    folded = fold(query)
    if not folded:
        return Needle(())
    return Needle(tuple(dict.fromkeys([folded, *aliases(folded)])))


@functools.lru_cache(maxsize=256)
def aliases(term: str) -> tuple[str, ...]:
    """Other names of the place `term` names: 沪 → 上海, 上海/上海市 → 沪, 义乌市 → 义乌.

    A name's short form is found by substring search for it anyway (义乌 is in 义乌市), so only the
    shorter names are added."""
    out: list[str] = []
    if term in PROVINCE_ABBREVIATIONS:
        out.append(PROVINCE_ABBREVIATIONS[term])
    for abbreviation, short in PROVINCE_ABBREVIATIONS.items():
        if term in (short, f"{short}省", f"{short}市"):
            out.append(abbreviation)
    if len(term) >= 3 and term[-1] in PLACE_SUFFIXES:  # a full name: its short form too
        from reader.placenames import STOP_SHORT, short_names

        out += [s for s in short_names(term) if len(s) >= 2 and s not in STOP_SHORT and s != term]
    return tuple(dict.fromkeys(out))


def matches(query: Needle, printed: str, folded: str | None = None) -> bool:
    """Whether the text holds the query: the oracle every search is held to."""
    if query.exact is not None:
        return query.exact in printed
    folded = fold(printed) if folded is None else folded
    return any(term in folded for term in query.terms)


def find_spans(printed: str, query: str) -> list[tuple[int, int]]:
    """(start, end) of each hit of `query` in the printed text, not overlapping, in order:
    where a highlight goes, on the printed characters whatever form matched."""
    wanted = needle(query)
    if not wanted.terms:
        return []
    haystack = printed if wanted.exact is not None else fold(printed)
    terms = (wanted.exact,) if wanted.exact is not None else wanted.terms
    spans: list[tuple[int, int]] = []
    for term in terms:
        start = haystack.find(term)
        while start >= 0:
            spans.append((start, start + len(term)))
            start = haystack.find(term, start + len(term))
    spans.sort()
    out: list[tuple[int, int]] = []
    for span in spans:
        if not out or span[0] >= out[-1][1]:
            out.append(span)
    return out
