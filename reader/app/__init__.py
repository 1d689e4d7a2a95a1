"""The terminal app: one factory (`build_app`) for the console command and the tests, and `main`.

The App itself is small — the config, the keymap, the default screen and the command palette's
commands; everything the user sees lives in `reader.app.screens`.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.app import App, SystemCommand
from textual.screen import Screen

from reader.app.bindings import KEYS
from reader.app.loading import ArchiveLoader, IndexLoader, LibraryLoader, Loader
from reader.app.screens import MainScreen
from reader.config import Config, keymap_problems, load_config
from reader.library import Library
from reader.resources import stylesheet
from reader.store import Store
from reader.text import clean_inline

if TYPE_CHECKING:
    from reader.topics import Taxonomy

__all__ = ["ReaderApp", "build_app", "main"]


class ReaderApp(App[None]):
    """报读: the article list, the reading pane, and the editor's marks."""

    CSS_PATH = str(stylesheet())
    TITLE = "报读"
    ENABLE_COMMAND_PALETTE = True

    def __init__(
        self,
        source: Library | Loader,
        store: Store,
        config: Config,
        problems: Sequence[str] = (),
        taxonomy: Taxonomy | None = None,
    ) -> None:
        super().__init__()
        self.source = source
        self.taxonomy = taxonomy
        self.store = store
        self.config = config
        self.problems = list(problems)
        keymap, problems = keymap_problems(config.keymap)
        self.problems += problems
        self.set_keymap(keymap)

    def get_default_screen(self) -> Screen[None]:
        source = self.source
        if not isinstance(source, Loader):
            source = LibraryLoader(source, self.taxonomy, self.config.topics)
        return MainScreen(source, self.store, self.config)

    def on_mount(self) -> None:
        for problem in self.problems:
            self.notify(clean_inline(problem), severity="warning", timeout=10)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """The palette offers every main-screen binding next to Textual's own commands."""
        yield from super().get_system_commands(screen)
        if isinstance(screen, MainScreen):
            english = self.config.language == "en"
            for spec in KEYS:
                title = spec.en if english else f"{spec.zh} · {spec.en}"
                yield SystemCommand(
                    title, f"{spec.id} ({spec.keys})", partial(self.run_action, spec.action, screen)
                )


def build_app(
    source: Library | Loader,
    store: Store,
    config: Config | None = None,
    problems: Sequence[str] = (),
    taxonomy: Taxonomy | None = None,
) -> ReaderApp:
    """The app over a ready library (tests) or a loader run in a worker (the console command).

    With a library, `taxonomy` names its topics (else the default taxonomy with the config's
    overrides); a loader brings its own."""
    return ReaderApp(source, store, config or Config(), problems, taxonomy)


def main(
    paths: Sequence[str] = (),
    config_path: str | None = None,
    db: str | None = None,
    *,
    config: str | None = None,
    cache_dir: str | None = None,
    archive: str | None = None,
) -> int:
    """`reader [PATH…]`: open the app on the paths, else the config's corpus, else the bundled seeds;
    or on the shared archive (`--archive URL`, `$READER_ARCHIVE`, the config's `archive`), its
    articles from page files under the paths when any are given.

    `config` is another name for `config_path` (the CLI's `--config`); `cache_dir` is where the
    on-disk index lives (default: $READER_CACHE_DIR or the user cache folder).
    """
    config_path = config_path or config
    from reader.app.terminal import terminal_problem

    problem = terminal_problem()
    if problem is not None:
        print(problem, file=sys.stderr)
        return 2
    from reader.locations import config_path as find_config
    from reader.store import StoreError, UnknownSchemeError
    from reader.store.location import open_archive, open_setting

    settings, problems = load_config(find_config(config_path))
    try:
        store = open_setting(db, settings.db, settings.author, live=True)
    except StoreError as error:
        print(f"reader: {clean_inline(str(error))}", file=sys.stderr)
        return 2 if isinstance(error, UnknownSchemeError) else 1
    from reader.locations import archive_location

    url = archive_location(archive, settings.archive)
    loader: IndexLoader | ArchiveLoader
    if url is None:
        loader = IndexLoader(list(paths) or settings.corpus, settings.topics, cache_dir)
    else:
        try:
            loader = ArchiveLoader(open_archive(url), list(paths), settings.topics)
        except StoreError as error:  # before Textual starts: one line, and the shell gets it
            store.close()
            print(f"reader: {clean_inline(str(error))}", file=sys.stderr)
            return 2 if isinstance(error, UnknownSchemeError) else 1
    app = build_app(loader, store, settings, problems)
    try:
        app.run()
    finally:
        store.close()
        if isinstance(loader, ArchiveLoader):
            loader.archive.close()
    from reader.sources import SKIPPED

    return app.return_code or (SKIPPED if isinstance(loader, IndexLoader) and loader.skipped else 0)
