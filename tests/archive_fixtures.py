"""An archive filled by `reader index --archive` from the seeds and the team's pages, shared by
the CLI's and the app's archive tests (one fill per session: it indexes the pages first)."""

from __future__ import annotations

import contextlib
import io
import shutil
from dataclasses import dataclass
from pathlib import Path

from reader.cli import main
from reader.corpus import load_corpus
from reader.model import Article
from tests.conftest import ROOT, SEEDS

PAGES = ROOT / "tests" / "pages"


@dataclass(frozen=True)
class Filled:
    """The archive, the local index that filled it, and the page folders they were made from."""

    url: str
    cache: Path
    config: Path
    seeds: Path
    pages: Path
    articles: list[Article]

    @property
    def roots(self) -> list[str]:
        return [str(self.seeds), str(self.pages)]

    def local(self, *argv: str) -> list[str]:
        """`reader search` arguments for the local index."""
        return ["search", *argv, "--cache-dir", str(self.cache), "--config", str(self.config)]

    def served(self, *argv: str) -> list[str]:
        """`reader search` arguments for the archive."""
        return ["search", *argv, "--archive", self.url, "--config", str(self.config)]


def run(argv: list[str]) -> tuple[int, str, str]:
    """The command line in this process: its exit status, stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(argv)
    return status, out.getvalue(), err.getvalue()


def fill(url: str, folder: Path) -> Filled:
    """Copy the page files (not the pages' expected JSON) into `folder` and index them into `url`."""
    config = folder / "config.toml"  # none: session fixtures run before the per-test folders are set
    cache = folder / "cache"
    seeds, pages = folder / "news" / "seeds", folder / "news" / "pages"
    for source, copy in ((SEEDS, seeds), (PAGES, pages)):
        copy.mkdir(parents=True)
        for page in source.glob("*.txt"):
            shutil.copy(page, copy / page.name)
    argv = [
        "index",
        str(seeds),
        str(pages),
        "--cache-dir",
        str(cache),
        "--config",
        str(config),
        "--archive",
        url,
    ]
    status, _, err = run(argv)
    articles = list(load_corpus([seeds, pages]).articles)
    assert status == 0, err
    assert f"{len(articles)} articles stored in the archive at {url}" in err
    return Filled(url, cache, config, seeds, pages, articles)
