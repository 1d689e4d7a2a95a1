"""An article as the reading pane shows it: styled paragraphs with their highlight layers.

Every string becomes `rich.text.Text` from plain, control-stripped text — never markup. The
paragraphs know their search hits at once (they decide the lines and n/N) and are highlighted only
when one of their lines is first painted.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.style import Style
from rich.text import Text

from reader.app.i18n import tr
from reader.app.wrap import wrap_spans
from reader.config import Language
from reader.fold import find_spans
from reader.model import Article
from reader.printed import header_line
from reader.store import Note
from reader.text import clean_inline, strip_controls

# Entity types worth a subtle highlight (people and dates would light up every line).
ENTITY_TYPES = frozenset({"place", "org", "amount", "figure"})


@dataclass(frozen=True)
class ReaderDoc:
    """Everything the pane shows for one article."""

    article: Article
    notes: Sequence[Note] = ()
    topics: Sequence[str] = ()  # labels, primary first
    search: str = ""
    watch: Sequence[str] = ()
    highlight: bool = True
    language: Language = "zh"
    region: str = ""
    marked_by: str = ""  # who set the verdict and the bookmark, and when (editors share a store)


class Paragraph:
    """One paragraph: its plain text and search hits at once (they decide the lines and n/N), its
    highlighting only when one of its lines is first painted — most of a long article never is."""

    def __init__(self, plain: str, paint: Callable[[], Text], hits: list[int] | None = None) -> None:
        self.plain = plain
        self.hits = hits or []  # offsets of search hits in `plain`
        self._paint = paint
        self._text: Text | None = None
        self._spans: list[tuple[int, int]] = [(0, len(plain))]
        self._lines: list[Text] | None = None

    def wrap(self, width: int) -> list[tuple[int, int]]:
        """Break into lines of `width` cells; returns their (start, end) offsets."""
        self._spans, self._lines = wrap_spans(self.plain, width), None
        return self._spans

    def line(self, number: int) -> Text:
        """One laid-out line, highlighted: the paragraph is cut into all its lines in one pass."""
        if self._lines is None:
            self._lines = list(self.text.divide(end for _, end in self._spans[:-1]))
        return self._lines[number]

    @classmethod
    def of(cls, text: Text) -> Paragraph:
        return cls(text.plain, lambda: text)

    @property
    def text(self) -> Text:
        if self._text is None:
            self._text = self._paint()
        return self._text


def find_all(haystack: str, needle: str) -> list[int]:
    """Start offsets of `needle` in `haystack`, case-insensitively, not overlapping."""
    if not needle:
        return []
    folded, target = haystack.casefold(), needle.casefold()
    if len(folded) != len(haystack):  # casefolding changed lengths (ß → ss): offsets would drift
        folded, target = haystack.lower(), needle.lower()
    out: list[int] = []
    start = folded.find(target)
    while start >= 0:
        out.append(start)
        start = folded.find(target, start + len(target))
    return out


class ArticleText:
    """Turns a `ReaderDoc` into paragraphs, in the styles `style` looks up by component name."""

    def __init__(self, style: Callable[[str], Style]) -> None:
        self.style = style

    def highlighted(
        self,
        raw: str,
        doc: ReaderDoc,
        entities: Sequence[tuple[int, int, str]] = (),
        style: str | None = None,
        label: str = "",
    ) -> Paragraph:
        """A paragraph with its highlight layers, in `style` as a whole, after an optional `label`."""
        text = strip_controls(raw).replace("\n", " ").replace("\t", " ")
        spans = find_spans(text, doc.search) if doc.search else []  # folded: 醫保 lights up 医保
        hits = [start for start, _ in spans]
        prefix = f"{label} " if label else ""

        def paint() -> Text:
            body = Text(text)
            if doc.highlight:
                if text == raw:  # offsets from the tagger still fit
                    for start, end, kind in entities:
                        if kind in ENTITY_TYPES:
                            body.stylize(self.style("entity"), start, end)
                for word in doc.article.keywords:
                    for start in find_all(text, word):
                        body.stylize(self.style("keyword"), start, start + len(word))
                for term in doc.watch:
                    for start in find_all(text, term):
                        body.stylize(self.style("watch"), start, start + len(term))
            if doc.highlight or doc.search:
                for start, end in spans:
                    body.stylize(self.style("search"), start, end)
            if prefix:
                body = Text(prefix, style=self.style("label")) + body
            if style is not None:
                body.stylize(self.style(style), 0)
            return body

        return Paragraph(prefix + text, paint, [hit + len(prefix) for hit in hits])

    def blocks(self, doc: ReaderDoc) -> list[Paragraph | None]:
        """The article as paragraphs; None is a blank line."""
        article, lang = doc.article, doc.language
        out: list[Paragraph | None] = []
        header = header_line(article.page, article.date)  # 第2版 要闻 · 2025-03-02
        if header:
            out.append(Paragraph.of(Text(clean_inline(header), style=self.style("header"))))
        out.append(self.highlighted(article.title or tr("untitled", lang), doc, style="title"))
        if article.subtitle:
            out.append(self.highlighted(article.subtitle, doc, style="subtitle"))
        meta: list[tuple[str, str]] = []
        if article.byline:
            meta.append(("byline", article.byline))
        meta.append(("region", doc.region))
        if doc.topics:
            meta.append(("topics", " · ".join(doc.topics)))
        where = tr("page_item", lang).format(source=article.source, order=article.page_order)
        meta.append(("source", where))
        if article.keywords:
            meta.append(("keywords", " · ".join(article.keywords)))
        if doc.marked_by:
            meta.append(("marked_by", doc.marked_by))
        for label, value in meta:
            line = Text(f"{tr(label, lang)} ", style=self.style("label"))
            line.append(clean_inline(value), style=self.style("keywords" if label == "keywords" else "meta"))
            out.append(Paragraph.of(line))
        by_para: dict[int, list[tuple[int, int, str]]] = {}
        for entity in article.entities:
            by_para.setdefault(entity.para, []).append((entity.start, entity.end, entity.type))
        subheads = set(article.subheads)
        for index, paragraph in enumerate(article.body):
            out.append(None)
            subhead = "subhead" if index in subheads else None
            out.append(self.highlighted(paragraph, doc, by_para.get(index, ()), style=subhead))
        for caption in article.captions:
            out.append(None)
            out.append(self.highlighted(caption, doc, style="caption", label=tr("caption", lang)))
        if doc.notes:
            out += [
                None,
                Paragraph.of(
                    Text(tr("notes_head", lang).format(count=len(doc.notes)), style=self.style("note-head"))
                ),
            ]
            for note in doc.notes:
                stamp = note.created.replace("T", " ").rstrip("Z")
                head = f"— {clean_inline(note.author) or tr('anonymous', lang)} · {stamp}"
                out.append(Paragraph.of(Text(head, style=self.style("label"))))
                for note_line in strip_controls(note.text).splitlines() or [""]:
                    out.append(Paragraph.of(Text(note_line.replace("\t", " "), style=self.style("note"))))
        return out
