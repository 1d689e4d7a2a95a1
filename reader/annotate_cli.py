"""The scriptable annotation verbs: `bookmark`, `mark`, `note`, `export` and `import`.

They must start fast, so this module imports only the standard library at the top; the store,
the corpus and the renderers are imported inside the handlers, and nothing here may pull in
jieba or Textual. Errors are one line on stderr: exit status 2 for a bad argument or an
unknown id, 1 for a problem with a file. An argument that is not UTF-8 text (the shell passed a
stray byte, which Python keeps as a surrogate escape) is refused before anything is saved.
What they print goes through `clean_inline`: titles and notes may come from anyone's import.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Collection
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reader.model import Article
    from reader.store import ArticleRef, Store

USAGE_ERROR = 2
FILE_ERROR = 1
# Options naming files: their bytes are the file system's business, not text to store.
PATH_OPTIONS = frozenset({"paths", "db", "cache_dir", "config", "output", "file", "corpus"})


def undecodable_argument(args: argparse.Namespace) -> str | None:
    """A one-line refusal naming the first text argument that is not valid UTF-8, else None."""
    for name, value in vars(args).items():
        if name in PATH_OPTIONS:
            continue
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str) and not _encodes(item):
                shown = item.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
                from reader.text import clean_inline

                return (
                    f"the {name.replace('_', ' ')} argument '{clean_inline(shown)}' is not valid UTF-8 text; "
                    "nothing was changed"
                )
    return None


def _encodes(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _load_articles(
    paths: list[str], tag: Collection[str] = (), topics: bool = True, *, need: Collection[str] = ()
) -> list[Article]:
    """The corpus's articles (no paths: the configured corpus, else the seeds).

    An up-to-date index answers at once, if it knows every id prefix in `need`; otherwise the
    pages are parsed and the articles in `tag` get their region (and topics) filled in.
    Tests replace this."""
    from reader.commands import corpus_paths, load_settings, topic_overrides
    from reader.corpus import load_corpus
    from reader.index import indexed_articles
    from reader.locations import cache_dir

    settings = load_settings()
    roots = corpus_paths(paths, settings)
    indexed = indexed_articles(cache_dir(), roots, topic_overrides(settings))
    if indexed is not None and all(any(a.id.startswith(p) for a in indexed) for p in need):
        return indexed
    articles = list(load_corpus(roots).articles)
    if tag:
        _tag_light(articles, set(tag), topics=topics)
    return articles


def _tag_light(articles: list[Article], wanted: set[str], *, topics: bool = True) -> None:
    """Region and topics with the tagger's jieba-free parts only (keywords and entities need
    jieba, which would cost these verbs a second), for the pages holding the wanted articles."""
    from reader.regions import infer_home, resolve_region

    lengths = {len(w) for w in wanted}
    pages: dict[str, list[Article]] = {}
    for article in articles:
        pages.setdefault(article.source, []).append(article)
    for page in pages.values():
        targets = [
            a
            for a in page
            if any(a.id[:n] in wanted for n in lengths) and not (a.region.path() and (a.topics or not topics))
        ]
        if not targets:
            continue
        home = infer_home([a.text for a in page])
        for article in targets:
            if not article.region.path():
                title = " ".join(t for t in (article.subtitle, article.title) if t)
                article.region = resolve_region(title, article.body, home=home).region
            if topics and not article.topics:
                from reader.topics import classify_article

                article.topics = classify_article(article).topics


def _fail(message: str, status: int) -> int:
    from reader.text import clean_inline

    print(f"reader: {clean_inline(message)}", file=sys.stderr)
    return status


def _open_store(args: argparse.Namespace) -> Store:
    from reader.commands import load_settings
    from reader.store.location import open_setting

    settings = load_settings()
    store = open_setting(args.db, settings.db, settings.author)
    for notice in store.take_notices():
        _fail(notice, 0)
    return store


def _find_article(store: Store, args: argparse.Namespace) -> ArticleRef:
    """The article named by id or unique prefix, from the corpus or else from the store (orphans)."""
    from reader.store import MIN_PREFIX, ArticleRef, resolve_prefix

    # Tagged for its region, so the record keeps one if the article leaves the corpus.
    prefix = args.article_id.strip().lower()
    wanted = [prefix] if len(prefix) >= MIN_PREFIX else []
    in_corpus = {a.id: a for a in _load_articles(args.corpus, tag=wanted, topics=False, need=wanted)}
    annotated = store.all()
    article_id = resolve_prefix(args.article_id, set(in_corpus) | set(annotated))
    if article_id in in_corpus:
        return ArticleRef.from_article(in_corpus[article_id])
    known = annotated[article_id]
    return ArticleRef(known.id, known.title, known.source, known.region)


def _guarded(handler: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """Turn the store's errors into one stderr line and the documented exit status."""

    def run(args: argparse.Namespace) -> int:
        from reader.commands import utf8_stdout
        from reader.store import AmbiguousIdError, StoreError, UnknownIdError, UnknownSchemeError

        utf8_stdout()
        refused = undecodable_argument(args)
        if refused is not None:
            return _fail(refused, USAGE_ERROR)
        try:
            return handler(args)
        except (UnknownIdError, AmbiguousIdError, UnknownSchemeError) as exc:
            return _fail(str(exc), USAGE_ERROR)
        except StoreError as exc:
            return _fail(str(exc), FILE_ERROR)

    run.__name__ = handler.__name__
    run.__doc__ = handler.__doc__
    return run


def _short(ref: ArticleRef) -> str:
    from reader.text import clean_inline

    return clean_inline(f"{ref.id} {ref.title}")


def bookmark(args: argparse.Namespace) -> int:
    """`reader bookmark ID [--remove]`."""
    store = _open_store(args)
    ref = _find_article(store, args)
    store.set_bookmark(ref, not args.remove)
    print(f"{'unbookmarked' if args.remove else 'bookmarked'} {_short(ref)}")
    return 0


def mark(args: argparse.Namespace) -> int:
    """`reader mark ID pick|followup|skip|clear`: set, never toggle."""
    store = _open_store(args)
    ref = _find_article(store, args)
    verdict = None if args.verdict == "clear" else args.verdict
    store.set_verdict(ref, verdict)
    print(f"{args.verdict} {_short(ref)}")
    return 0


def _note_text(words: list[str]) -> str:
    """The words joined, or with `-` all of stdin read as UTF-8 whatever the locale says."""
    if words != ["-"]:
        return " ".join(words)
    raw = getattr(sys.stdin, "buffer", None)
    text = raw.read().decode("utf-8-sig") if raw is not None else sys.stdin.read()
    return text.rstrip("\r\n")


def note(args: argparse.Namespace) -> int:
    """`reader note ID TEXT` (TEXT `-` reads stdin) prints the new note's id;
    `reader note --delete NOTE_ID` deletes one."""
    from reader.store import Quote, resolve_prefix

    if args.delete is not None:
        if args.article_id is not None or args.text:
            return _fail("note --delete takes only a note id", USAGE_ERROR)
        store = _open_store(args)
        note_id = resolve_prefix(args.delete, store.note_ids(), what="note")
        store.delete_note(note_id)
        print(f"deleted {note_id}")
        return 0
    if args.article_id is None or not args.text:
        return _fail(
            "usage: reader note ID TEXT (TEXT - reads stdin) or reader note --delete NOTE_ID", USAGE_ERROR
        )
    if (args.quote is None) != (args.para is None):
        return _fail("--quote and --para go together", USAGE_ERROR)
    if args.para is not None and args.para < 0:
        return _fail("--para counts paragraphs from 0", USAGE_ERROR)
    store = _open_store(args)
    ref = _find_article(store, args)
    try:
        text = _note_text(args.text)
    except UnicodeDecodeError:
        return _fail("the note on stdin is not UTF-8 text", USAGE_ERROR)
    if not text.strip():
        return _fail("the note is empty", USAGE_ERROR)
    quote = Quote(args.quote, args.para) if args.quote is not None else None
    print(store.add_note(ref, text, quote).id)
    return 0


def export(args: argparse.Namespace) -> int:
    """`reader export [--format md|json|csv] [-o FILE]`: every annotation, orphans included."""
    from reader.export import to_csv, to_json_text, to_markdown, write_report

    store = _open_store(args)
    if args.format == "json":
        text = to_json_text(store.export_json())
    elif args.format == "csv":
        text = to_csv(store.all().values())
    else:
        annotated = store.all()
        text = to_markdown(annotated.values(), _load_articles(args.corpus, tag=list(annotated)))
    if args.output in (None, "-"):
        sys.stdout.write(text)
        return 0
    from pathlib import Path

    try:
        write_report(Path(args.output), text)
    except OSError as exc:
        return _fail(f"cannot write {args.output}: {exc.strerror or exc}", FILE_ERROR)
    return 0


def import_(args: argparse.Namespace) -> int:
    """`reader import FILE.json`: merge an export (by ids; the newer note wins; no duplicates)."""
    try:
        if args.file == "-":
            data = json.load(sys.stdin)
        else:
            with open(args.file, encoding="utf-8-sig") as handle:
                data = json.load(handle)
    except OSError as exc:
        return _fail(f"cannot read {args.file}: {exc.strerror}", FILE_ERROR)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        return _fail(f"{args.file} is not JSON: {exc}", FILE_ERROR)
    store = _open_store(args)
    from reader.text import clean_inline

    print(clean_inline(store.import_json(data).summary()))
    return 0


def _db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        metavar="PATH|URL",
        help="annotations file or postgresql:// URL (default: $READER_DB, then config db, else per user)",
    )


def _corpus_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--corpus",
        metavar="PATH",
        action="append",
        default=[],
        help="page file or folder to look articles up in (repeatable; default: the default corpus)",
    )


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the annotation verbs to the `reader` command's subparsers."""
    p = subparsers.add_parser("bookmark", help="bookmark an article (or --remove the bookmark)")
    p.add_argument("article_id", metavar="ID", help="article id or a unique prefix (4+ characters)")
    p.add_argument("--remove", action="store_true", help="clear the bookmark")
    _db_option(p)
    _corpus_option(p)
    p.set_defaults(handler=_guarded(bookmark))

    p = subparsers.add_parser("mark", help="set an editor's verdict: pick, followup, skip or clear")
    p.add_argument("article_id", metavar="ID", help="article id or a unique prefix (4+ characters)")
    p.add_argument("verdict", choices=("pick", "followup", "skip", "clear"))
    _db_option(p)
    _corpus_option(p)
    p.set_defaults(handler=_guarded(mark))

    p = subparsers.add_parser("note", help="add a note to an article (prints its id), or --delete one")
    p.add_argument("article_id", metavar="ID", nargs="?", help="article id or a unique prefix")
    p.add_argument("text", metavar="TEXT", nargs="*", help="the note; - reads it from stdin")
    p.add_argument("--delete", metavar="NOTE_ID", help="delete this note instead")
    p.add_argument("--quote", metavar="PASSAGE", help="a passage of the article the note is about")
    p.add_argument(
        "--para", metavar="N", type=int, help="the quoted passage's paragraph in the body (0 = the first)"
    )
    _db_option(p)
    _corpus_option(p)
    p.set_defaults(handler=_guarded(note))

    p = subparsers.add_parser("export", help="write every annotation as an editor's report, JSON or CSV")
    p.add_argument("--format", choices=("md", "json", "csv"), default="md")
    p.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    _db_option(p)
    _corpus_option(p)
    p.set_defaults(handler=_guarded(export))

    p = subparsers.add_parser("import", help="merge a JSON export into the annotations file")
    p.add_argument(
        "file", metavar="FILE.json", help="a file written by `reader export --format json` (- for stdin)"
    )
    _db_option(p)
    p.set_defaults(handler=_guarded(import_))


def main(argv: list[str] | None = None) -> int:
    """Run the verbs on their own (`python -m reader.annotate_cli note …`), as `reader` does."""
    parser = argparse.ArgumentParser(
        prog="reader", description="annotate articles: bookmarks, verdicts, notes"
    )
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    status: int = args.handler(args)
    return status


if __name__ == "__main__":
    raise SystemExit(main())
