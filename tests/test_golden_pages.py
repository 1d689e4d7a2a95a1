"""Pages against the articles a person finds by reading them.

tests/golden/ holds the seed pages' expectations; tests/pages/ holds pages in other papers' layouts
(headline-first narrow columns, one paragraph per line, page furniture) next to theirs.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from reader.corpus import parse_page
from reader.model import Article

from .conftest import SEEDS

GOLDEN = Path(__file__).parent / "golden"
PAGES = Path(__file__).parent / "pages"
CASES = sorted(c for c in GOLDEN.glob("*.json") if (SEEDS / f"{c.stem}.txt").exists()) + sorted(
    PAGES.glob("*.json")
)


def _load(case: Path) -> tuple[dict[str, Any], list[Article], list[str]]:
    expected = json.loads(case.read_text(encoding="utf-8"))
    folder = SEEDS if case.parent == GOLDEN else PAGES
    text = (folder / expected["source"]).read_text(encoding="utf-8")
    page, _ = parse_page(text, expected["source"])
    return expected, page.articles, page.leftovers


def _problems(want: dict[str, Any], got: Article) -> dict[str, str]:
    """Field → readable difference, for every field that does not match."""
    body = "\n".join(got.body)
    found: dict[str, str] = {}
    for name in ("title", "subtitle", "byline", "kind"):
        if getattr(got, name) != want[name]:
            found[name] = f"want {want[name]!r}\n      got  {getattr(got, name)!r}"
    if not body.startswith(want["starts"]):
        found["starts"] = (
            f"want body to start {want['starts']!r}\n      got  {body[: len(want['starts']) + 10]!r}"
        )
    if not body.endswith(want["ends"]):
        found["ends"] = f"want body to end {want['ends']!r}\n      got  {body[-len(want['ends']) - 10 :]!r}"
    subheads = [got.body[i] for i in got.subheads]
    if subheads != want["subheads"]:
        found["subheads"] = f"want {want['subheads']}\n      got  {subheads}"
    if got.captions != want["captions"]:
        found["captions"] = f"want {want['captions']}\n      got  {got.captions}"
    missing = [text for text in want["contains"] if text not in body]
    if missing:
        found["contains"] = f"missing from the body: {missing}"
    starts = want.get("paragraph_starts")
    if starts and [p[: len(s)] for p, s in zip(got.body, starts, strict=False)] != starts:
        found["paragraph_starts"] = f"want {starts}\n      got  {[p[:20] for p in got.body]}"
    return found


@pytest.mark.parametrize("case", CASES, ids=[c.stem[:3] if c.parent == GOLDEN else c.stem for c in CASES])
def test_page_splits_into_the_expected_articles(case: Path) -> None:
    expected, articles, leftovers = _load(case)
    titles = [a.title for a in articles]
    assert titles == [a["title"] for a in expected["articles"]], "article titles, in page order"
    assert leftovers == expected["leftovers"]
    if "date" in expected:
        assert {a.date for a in articles} == {expected["date"]}
    report = []
    for want, got in zip(expected["articles"], articles, strict=True):
        problems = _problems(want, got)
        known = set(want.get("known_issue", {}).get("fields", []))
        # A known issue must still be there (strict): if it is fixed, update the golden file.
        assert known <= set(problems), f"{got.title!r}: known issue {known - set(problems)} is fixed now"
        report += [
            f"  {got.title or got.body[0][:20]!r} {field}: {text}"
            for field, text in problems.items()
            if field not in known
        ]
    assert not report, "\n" + "\n".join(report)


def test_seed_pages_are_all_covered() -> None:
    assert [c.stem for c in CASES if c.parent == GOLDEN] == sorted(p.stem for p in SEEDS.glob("*.txt"))
