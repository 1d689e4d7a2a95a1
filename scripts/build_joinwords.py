"""Regenerate reader/data/joinwords.txt from jieba's dictionary.

The page splitter asks whether the last character of one block and the first of the next form a
common two-character word (的重 | 要举措 → 重要): evidence that a sentence was cut at a column
jump. This keeps the splitter free of jieba itself. Run: python scripts/build_joinwords.py
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

MIN_FREQ = 100


def main() -> None:
    spec = importlib.util.find_spec("jieba")
    assert spec and spec.origin, "jieba is not installed"
    dictionary = Path(spec.origin).parent / "dict.txt"
    words = []
    for line in dictionary.read_text(encoding="utf-8").splitlines():
        word, freq, *_ = line.split()
        if len(word) == 2 and all("\u4e00" <= c <= "\u9fff" for c in word) and int(freq) >= MIN_FREQ:
            words.append(word)
    out = Path(__file__).resolve().parent.parent / "reader" / "data" / "joinwords.txt"
    header = f"# two-character words with frequency >= {MIN_FREQ} in jieba 0.42.1 dict.txt (MIT)\n"
    out.write_text(header + "".join(sorted(words)) + "\n", encoding="utf-8")
    print(f"{len(words)} words -> {out}")


if __name__ == "__main__":
    main()
