"""Lines into blocks: the units the splitter labels.

A block is a paragraph, a headline line, a byline or a caption. Narrow hard-wrapped columns are
re-flowed first; lines that PDF extraction ran together are cut where the evidence is certain (a
sentence end followed by wide spacing, a credit or sign-off glued to the end of a paragraph, a
byline marker inside a line). Nothing is dropped: every character stays in some block's text, or
is whitespace.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from reader import layout
from reader.text import cell_width, ends_sentence, strip_controls, tidy_spaces

MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*$")
BOLD = re.compile(r"\*\*|__")
END_MARK = re.compile(r"^(.*?[。！？”」])\s*([（(](?:完|待续|未完待续|续完)[）)])$")
INLINE_MARKER = re.compile(rf"(?<=\S)\s+(?=[{layout.MARKERS}]\s*\S)")
# Blocks run together on one line: wide spacing between two pieces of text.
WIDE_GAP = re.compile(r"(?<=\S)(?:[ \t]{2,}|\u3000+)(?=\S)")
# A line that opens a story's lead: it starts a paragraph even inside a hard-wrapped run.
LEAD_OPENING = re.compile(
    r"^(?:本报讯|本報訊|【本[报報]|新华社|[\u4e00-\u9fff]{2,6}(?:日报|晚报|报)讯|本报[\u4e00-\u9fff]{2,6}电)"
)
# A web page's title line: the headline, then _the paper_the date (…送锦旗_江苏法治报_2025年06月13日A03).
WEB_TITLE_TAIL = re.compile(r"(?<=\S)(?=_[\u4e00-\u9fff·]{1,12}(?:报|刊)_\d{4})")
SENTENCE_TAIL = re.compile(r"[。！？!?][”」’』]?")
# A web page's stamp run onto its headline: 连夜除雪保畅通44,541 2024年01月17日 (views, then the date).
STAMP_TAIL = re.compile(r"(?:[\d,]{1,9}\s+)?\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$")
STAMPED_HEADLINE = 30  # characters: a head longer than this before a date is a sentence's own date


@dataclass
class Block:
    """A run of text between blank lines (or one line, on pages that are not hard-wrapped)."""

    text: str
    gap: int = 1  # blank lines before it
    level: int = 0  # markdown heading level, 0 for none
    bold: bool = False
    cut: bool = False  # split off the end of the line before it, with no line break between


def _prepare_lines(text: str) -> tuple[list[str], set[int]]:
    """The page's lines, cut where blocks were run together, and which of them begin a printed
    line (only those can be Markdown headings)."""
    text = strip_controls(text.replace("\r\n", "\n").replace("\r", "\n"))
    out: list[str] = []
    starts: set[int] = set()
    for line in text.split("\n"):
        starts.add(len(out))
        # A byline run into the line before it: 法律服务体系 ▢ 全媒体记者 余依萍.
        for piece in (p for part in INLINE_MARKER.split(line) for p in WEB_TITLE_TAIL.split(part)):
            # A page header keeps its spacing: 2024年5月8日 星期三  第2版  要闻.
            run_together = WIDE_GAP.search(piece) is not None and not layout.is_label(tidy_spaces(piece))
            out.extend(WIDE_GAP.split(piece) if run_together else [piece])
    return out, starts


def _is_wrapped(lines: list[str]) -> tuple[bool, int]:
    """Whether the page is hard-wrapped at a narrow column, and the column width in cells.

    A wrapped page has most of its lines inside multi-line blocks, most of them within a few
    cells of one width and few wider; a page with one paragraph per line has none of that.
    """
    in_groups = sum(
        1
        for i, line in enumerate(lines)
        if line.strip()
        and ((i > 0 and lines[i - 1].strip()) or (i + 1 < len(lines) and lines[i + 1].strip()))
    )
    measured = [line.strip() for line in lines if len(line.strip()) >= 6]
    if len(measured) < 12 or in_groups < 0.5 * sum(1 for line in lines if line.strip()):
        return False, 0
    widths = [cell_width(line) for line in measured]  # only now: most pages stop above
    counts = Counter(widths)
    mode = max(counts, key=lambda w: sum(counts[w + d] for d in range(-3, 4)))
    near = sum(1 for w in widths if abs(w - mode) <= 3)
    # A column is never wider than its measure: headlines of one width among long paragraphs
    # (a brief column with one line per paragraph) are no wrapped column.
    wider = sum(1 for w in widths if w > mode + 3)
    return mode <= 100 and near / len(widths) >= 0.45 and wider <= 0.15 * len(widths), mode


def _reflow(lines: list[str], width: int) -> list[str]:
    """Join hard-wrapped lines into paragraphs.

    A line that ends a sentence short of the column ends its paragraph; page furniture (a list
    of 版, a date line) and a line without a word are paragraphs of their own.
    """
    paragraphs: list[str] = []
    current = ""
    for raw in lines:
        line = tidy_spaces(raw)
        if current and LEAD_OPENING.match(line):
            paragraphs.append(current)
            current = ""
        if (cell_width(line) < width - 3 and layout.is_label(line)) or not any(c.isalnum() for c in line):
            # page furniture, or a table's rule or cell border (| · ---): never part of a paragraph
            paragraphs += [current, line] if current else [line]
            current = ""
            continue
        current = glue(current, line)
        if ends_sentence(current) and cell_width(raw.strip()) <= width - 3:
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    return paragraphs


def glue(left: str, right: str) -> str:
    if (
        left
        and right
        and left[-1].isascii()
        and left[-1].isalnum()
        and right[0].isascii()
        and right[0].isalnum()
    ):
        return f"{left} {right}"
    return left + right


def split_tail(text: str) -> tuple[str, str] | None:
    """A paragraph that ends with its credit or sign-off: (paragraph, credit).

    …晾晒刚收获的油菜籽。 程全 摄 · …收拾了起来。(记者 王路欣 邓永杰) · …恢复平日的热闹。”本报记者 某某
    """
    stamp = STAMP_TAIL.search(text.rstrip()) if text.rstrip().endswith("日") else None
    if stamp and stamp.start() > 0:
        head = text[: stamp.start()].rstrip()
        if 0 < layout.han_length(head) <= STAMPED_HEADLINE and layout.heading_shape(head).ok:
            return head, stamp.group(0)
    split = layout.split_inline_credit(text)
    if split and split[0]:
        return split
    stripped = text.rstrip()
    paren = layout.TRAILING_PAREN.search(stripped)
    if paren and paren.start() > 0 and ends_sentence(stripped[: paren.start()]):
        tail = paren.group(0)
        if layout.is_signoff(tail) or layout.is_end_mark(tail):
            return stripped[: paren.start()].rstrip(), tail
    zone = len(stripped) - 40  # a byline after the last sentence is short: look at the end only
    ends = list(SENTENCE_TAIL.finditer(stripped, max(zone, 0)))
    if ends and 0 < ends[-1].end() < len(stripped):
        tail = stripped[ends[-1].end() :].strip()
        if layout.han_length(tail) <= 30 and layout.is_byline(tail):
            return stripped[: ends[-1].end()], tail
    return None


def _split_end_mark(piece: tuple[str, int]) -> list[tuple[str, int]]:
    """…检查结果。（完）: the end mark closes the story but is not part of its text."""
    text, level = piece
    match = END_MARK.match(text) if not level else None
    return [(match.group(1), 0), (match.group(2), 0)] if match else [piece]


def _line_kind(line: str) -> str:
    if layout.is_byline(line) or layout.ROLE_RE.fullmatch(line):  # 全媒体记者 / 吕斌 通讯员 任子安 摄
        return "byline"
    if layout.is_credit(line):
        return "credit"
    return "text"


def page_blocks(text: str, markdown: bool) -> list[Block]:
    """The page's blocks in reading order."""
    lines, starts = _prepare_lines(text)
    wrapped, width = _is_wrapped(lines)
    blocks: list[Block] = []
    group: list[str] = []
    headings: set[int] = set()  # positions in `group` that may be Markdown headings
    gap = 0

    def flush() -> None:
        nonlocal gap
        if not group:
            return
        runs: list[tuple[str, list[str]]] = []
        tidy = {line: tidy_spaces(line) for line in group}  # read twice: for the kind, then the text
        for at, line in enumerate(group):
            may_be_heading = at in headings and (markdown or line.lstrip().startswith("#"))
            md = MD_HEADING.match(line.strip()) if may_be_heading else None
            kind = "md" if md else _line_kind(tidy[line])
            if runs and kind == runs[-1][0] and kind in ("byline", "credit", "text"):
                runs[-1][1].append(line)
            elif runs and kind == "credit" and runs[-1][0] == "byline":
                runs[-1] = ("credit", [*runs[-1][1], line])  # 全媒体记者 吕斌 / 通讯员 任子安 摄
            else:
                runs.append((kind, [line]))
        first = True
        for kind, run in runs:
            pieces: list[tuple[str, int]]  # (text, markdown heading level)
            if kind == "md":
                md = MD_HEADING.match(run[0].strip())
                assert md is not None
                pieces = [(tidy_spaces(md.group(2)), len(md.group(1)))]
            elif kind in ("byline", "credit"):
                pieces = [(" ".join(tidy[line] for line in run), 0)]
            elif wrapped:
                pieces = [(p, 0) for p in _reflow(run, width)]
            else:
                pieces = [(tidy[line], 0) for line in run]
            pieces = [split for piece in pieces for split in _split_end_mark(piece)]
            for piece, level in pieces:
                bold = markdown and piece.startswith(("**", "__"))
                text = BOLD.sub("", piece).strip() if markdown else piece
                tail = split_tail(text) if kind == "text" else None
                parts = [tail[0], tail[1]] if tail else [text]
                for n, part in enumerate(parts):
                    blocks.append(
                        Block(text=part, gap=gap if first else 0, level=level, bold=bold, cut=n > 0)
                    )
                    first = False
        group.clear()
        headings.clear()
        gap = 0

    for n, line in enumerate(lines):
        if line.strip():
            if n in starts:
                headings.add(len(group))
            group.append(line)
        else:
            flush()
            gap += 1
    flush()
    return [b for b in blocks if b.text]
