"""Export of the annotations to a file the editor names."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from reader.app.i18n import tr
from reader.app.screen_base import ScreenBase
from reader.library import LibraryError
from reader.store import StoreError
from reader.text import clean_inline


class ExportActions(ScreenBase):
    def action_export(self) -> None:
        default = f"reader-export-{datetime.now():%Y%m%d-%H%M%S}.md"

        def chosen(path: str | None) -> None:
            if path:
                self.export_to(Path(path).expanduser())

        from reader.app.dialogs import PromptScreen

        self.app.push_screen(PromptScreen(tr("export_title", self.lang), default), chosen)

    def export_to(self, path: Path) -> None:
        """Write the annotations as `reader export` would, in the format the file name asks for."""
        from reader.export import to_csv, to_json_text, to_markdown, write_report

        suffix = path.suffix.lower()
        view = self.view
        try:
            if suffix == ".json":
                text = to_json_text(self.store.export_json())
            elif suffix == ".csv":
                text = to_csv(self.store.all().values())
            else:
                library = view.library
                articles = [library.article(s.id) for s in view.summaries] if library else None
                text = to_markdown(self.store.all().values(), articles)
            write_report(path, text)
        except (OSError, StoreError, LibraryError) as error:
            self.say(tr("export_failed", self.lang).format(error=error), error=True)
            return
        message = tr("exported", self.lang).format(path=path.resolve())
        self.say(message)
        self.notify(clean_inline(message), timeout=10)
