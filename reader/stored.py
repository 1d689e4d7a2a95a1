"""An article's stored record: every field the list rows do not hold, as compressed JSON.

The record is the largest thing in the index (the body, captions, entities); compressing it in
the worker that parsed the page costs the writer nothing and roughly halves the index's share
of the text. It is read back only when an article is opened, confirmed as printed (`=` search)
or taken back out of the search tables.
"""

from __future__ import annotations

import json
import zlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reader.model import Article

LEVEL = 6  # zlib's default: level 9 saves about 1 % more for three times the work


def pack_record(article: Article) -> bytes:
    """The article's other fields (body, captions, entities…) as compressed JSON."""
    data = {
        "subtitle": article.subtitle,
        "byline": article.byline,
        "body": article.body,
        "captions": article.captions,
        "subheads": article.subheads,
        "section": article.section,
        "page_no": article.page_no,
        "page_name": article.page_name,
        "region_evidence": article.region_evidence,
        "topic_evidence": article.topic_evidence,
        "entities": [[e.para, e.start, e.end, e.type] for e in article.entities],
    }
    return zlib.compress(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode(), LEVEL)


def unpack_record(blob: bytes) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(zlib.decompress(blob))
    return data


def printed_text(title: str, blob: bytes) -> str:
    """What search runs over, as printed: title, subtitle and body (`Article.text`)."""
    data = unpack_record(blob)
    return "\n".join([title, data["subtitle"], *data["body"]])
