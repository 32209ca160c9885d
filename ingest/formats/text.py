"""Plain text and Markdown: the first non-empty line is the title, the rest the body."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ingest.formats.common import LoadError, RawInput, Reject, title_from_text
from ingest.formats.decoding import decode, strip_bom
from rag.types import Article

_SETEXT_UNDERLINE = re.compile(r"[ \t]*(=+|-+)[ \t]*\r?(\n|$)")


def text_articles(raw: RawInput, *, markdown: bool) -> Iterator[Article | LoadError]:
    """The one article of a .txt/.md file, identified by its relative path."""
    data, base = strip_bom(raw.data)
    try:
        text = decode(data, base)
    except Reject as exc:
        yield LoadError(raw.name, str(exc))
        return
    stripped = text.lstrip()
    newline = stripped.find("\n")
    title = (stripped if newline < 0 else stripped[:newline]).strip()
    body = "" if newline < 0 else stripped[newline + 1 :]
    if markdown:
        title = title.lstrip("#").strip()
        if _SETEXT_UNDERLINE.match(body):  # "Title\n=====" heading
            body = body.partition("\n")[2]
    body = body.strip()
    if not body:
        yield LoadError(raw.name, "no body text after the title line")
        return
    yield Article(id=raw.ident, title=title or title_from_text(body), text=body)
