"""Write reader/data/fold_t2s.tsv: each character OpenCC's t2s turns into one other character.

Search folds traditional characters to simplified one for one (`reader.fold`). Asking OpenCC at
run time costs 17 ms to load its dictionaries, which `reader search -l` would pay on every call;
the table it gives, character by character, is small and is read in well under a millisecond.
`tests/test_fold.py` checks the table against OpenCC, so an upgrade that changes it is noticed.

    python scripts/build_fold_table.py
"""

from __future__ import annotations

from pathlib import Path

import opencc

RANGES = ((0x2E80, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2FA1F))
OUT = Path(__file__).resolve().parent.parent / "reader" / "data" / "fold_t2s.tsv"


def table() -> dict[str, str]:
    """Every character of the CJK blocks that t2s makes into exactly one other character."""
    converter = opencc.OpenCC("t2s")
    out: dict[str, str] = {}
    for low, high in RANGES:
        for code in range(low, high + 1):
            char = chr(code)
            simple: str = converter.convert(char)
            if len(simple) == 1 and simple != char:
                out[char] = simple
    return out


def main() -> None:
    pairs = table()
    version = getattr(opencc, "__version__", "?")
    lines = [f"# OpenCC {version} t2s, one character for one: {len(pairs)} characters"]
    lines += [f"{char}\t{simple}" for char, simple in pairs.items()]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(pairs)} characters")


if __name__ == "__main__":
    main()
