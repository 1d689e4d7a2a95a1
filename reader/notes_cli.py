"""The note verbs beyond adding one: `reader note --edit NOTE_ID TEXT` and `reader notes [--jsonl]`.

Kept beside `reader.annotate_cli` (which registers them and owns the shared helpers) so each
module stays small. Like it, this imports only the standard library at the top: these verbs must
start without jieba or Textual.
"""

from __future__ import annotations

import argparse
import sys


def edit(args: argparse.Namespace) -> int:
    """`reader note --edit NOTE_ID TEXT` (TEXT `-` reads stdin): replace a note's text; the edit is
    kept in the note's history under this editor with the time."""
    from reader.annotate_cli import USAGE_ERROR, _fail, _note_text, _open_store
    from reader.store import resolve_prefix

    words = [w for w in (args.article_id, *args.text) if w is not None]
    if args.delete is not None or args.quote is not None or args.para is not None:
        return _fail("note --edit takes a note id and the new text only", USAGE_ERROR)
    if not words:
        return _fail("usage: reader note --edit NOTE_ID TEXT (TEXT - reads stdin)", USAGE_ERROR)
    try:
        text = _note_text(words)
    except UnicodeDecodeError:
        return _fail("the note on stdin is not UTF-8 text", USAGE_ERROR)
    if not text.strip():
        return _fail("the note is empty", USAGE_ERROR)
    store = _open_store(args)
    note_id = resolve_prefix(args.edit, store.note_ids(), what="note")
    store.update_note(note_id, text)
    print(f"edited {note_id}")
    return 0


def list_notes(args: argparse.Namespace) -> int:
    """`reader notes [--jsonl]`: every note, newest first, with its id, article, author and time."""
    from reader.annotate_cli import _open_store
    from reader.export import json_line
    from reader.notes import filter_entries, note_entries
    from reader.text import clean_inline

    store = _open_store(args)
    entries = filter_entries(note_entries(store.all().values()), args.grep or "")
    out = sys.stdout
    for entry in entries:
        if args.jsonl:
            out.write(json_line(entry.to_json()))
            continue
        note = entry.note
        when = note.updated.replace("T", " ").rstrip("Z")
        edited = " (edited)" if entry.edited else ""
        head = f"{note.id}  {when}{edited}  {clean_inline(note.author) or '-'}  {note.article_id}"
        out.write(f"{head}  {clean_inline(entry.title)}\n    {clean_inline(note.text)}\n")
    return 0 if entries else 1


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `reader notes` (the `--edit` option lives on `reader note`)."""
    from reader.annotate_cli import _db_option, _guarded

    p = subparsers.add_parser("notes", help="list every note, newest first, with its id and article")
    p.add_argument("--jsonl", action="store_true", help="one JSON object per note")
    p.add_argument("--grep", metavar="TEXT", help="only notes whose text holds TEXT")
    _db_option(p)
    p.set_defaults(handler=_guarded(list_notes))
