"""Check gold labels against the page files they describe.

usage: python scripts/check_labels.py LABELS.jsonl PAGES_DIR

Every label line must name an existing page, carry the fields of `LABELING.md`, and its title,
subtitle, byline, body_start and body_end must be found in the page text with all whitespace
removed, in that page's order of items. Prints one line per problem and a count; exits 1 on any.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

FIELDS = (
    "page",
    "n",
    "title",
    "subtitle",
    "kind",
    "body_start",
    "body_end",
    "byline",
    "region",
    "scope",
    "topic",
)
KINDS = {"article", "photo", "brief", "caption"}
SCOPES = {"national", "provincial", "city", "county"}
TOPICS = {
    "healthcare", "disability", "employment", "education", "civil", "law", "ecology",
    "construction", "agriculture", "epidemic", "governance", "economy", "culture",
}  # fmt: skip
SPACE = re.compile(r"\s+")


def squash(text: str) -> str:
    return SPACE.sub("", text or "")


def check(labels: Path, pages: Path) -> list[str]:
    problems: list[str] = []
    last_start: dict[str, int] = {}
    for number, line in enumerate(labels.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        where = f"{labels.name}:{number}"
        try:
            gold = json.loads(line)
        except json.JSONDecodeError as error:
            problems.append(f"{where}: not JSON ({error})")
            continue
        missing = [f for f in FIELDS if f not in gold]
        if missing:
            problems.append(f"{where}: missing {', '.join(missing)}")
            continue
        page = pages / gold["page"]
        if not page.is_file():
            problems.append(f"{where}: no page file {page}")
            continue
        text = squash(page.read_text(encoding="utf-8"))
        if gold["kind"] not in KINDS:
            problems.append(f"{where}: kind {gold['kind']!r}")
        if gold["scope"] not in SCOPES:
            problems.append(f"{where}: scope {gold['scope']!r}")
        if gold["topic"] not in TOPICS or not set(gold.get("topics_ok", [])) <= TOPICS:
            problems.append(f"{where}: unknown topic id")
        for name in ("title", "subtitle", "byline"):
            value = squash(gold[name])
            if value and value not in text:
                problems.append(f"{where}: {name} {gold[name]!r} not in the page")
        start = text.find(squash(gold["body_start"]))
        end = text.rfind(squash(gold["body_end"]))
        if start < 0 or not gold["body_start"]:
            problems.append(f"{where}: body_start {gold['body_start']!r} not in the page")
        if end < 0 or not gold["body_end"]:
            problems.append(f"{where}: body_end {gold['body_end']!r} not in the page")
        if 0 <= end < start:
            problems.append(f"{where}: body_end stands before body_start")
        if start >= 0 and start < last_start.get(gold["page"], -1):
            problems.append(f"{where}: items not in the order they start in the page")
        last_start[gold["page"]] = max(start, last_start.get(gold["page"], -1))
    return problems


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__)
        return 2
    problems = check(Path(argv[1]), Path(argv[2]))
    for problem in problems:
        print(problem)
    print(f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
