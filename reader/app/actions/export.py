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
        from reader.export import write_report
        from reader.reports import ReportFormat, render

        view = self.view
        library = view.library
        try:
            text = render(
                self.store,
                ReportFormat.for_suffix(path.suffix),
                (lambda: [library.article(s.id) for s in view.summaries]) if library is not None else None,
                topic_label=view.topic_label,
                national=view.labels.national,
            )
            write_report(path, text)
        except (OSError, StoreError, LibraryError) as error:
            self.say(tr("export_failed", self.lang).format(error=error), error=True)
            return
        message = tr("exported", self.lang).format(path=path.resolve())
        self.say(message)
        self.notify(clean_inline(message), timeout=10)
