"""RSS and Atom feeds through feedparser: one article per entry."""

from __future__ import annotations

import codecs
import io
import logging
import re
import time
from collections.abc import Iterator, Mapping
from typing import Any

import feedparser

from ingest.formats.common import (
    LoadError,
    RawInput,
    Reject,
    checked_article,
    escape_surrogates,
    is_web_url,
    normalise_lang,
    title_from_text,
)
from ingest.formats.dates import normalise_date, utc_datetime
from ingest.formats.html import fragment_text
from rag.types import Article

log = logging.getLogger(__name__)

_CHAR_REF = re.compile(rb"&#([xX][0-9a-fA-F]{1,8}|[0-9]{1,10});")
_CHAR_REF_TEXT = re.compile(_CHAR_REF.pattern.decode())
# A feed's root element, after any XML declaration, processing instructions and comments.
_FEED_START = re.compile(rb"\s*(<\?.*?\?>\s*|<!--.*?-->\s*)*<(rss|feed|rdf:RDF)[\s>]", re.S)


def looks_like_feed(data: bytes) -> bool:
    """Whether `data` starts like an RSS, Atom or RDF feed document."""
    return _FEED_START.match(data.removeprefix(b"\xef\xbb\xbf")[:4096]) is not None


def feed_articles(raw: RawInput) -> Iterator[Article | LoadError]:
    """One article per entry, `path:[INDEX]` in errors.

    An entry's id is its link when that is an absolute URL, else `path#ENTRY-ID`, else
    `path:[INDEX]`. Its date is `published`, else `updated`, with the zone the feed gave.
    """
    headers = {"content-type": f"application/xml; charset={raw.charset}"} if raw.charset else {}
    if raw.base_url:
        headers["content-location"] = raw.base_url  # resolves relative entry links
    # A BytesIO, never raw bytes: feedparser would try bytes as a file name first.
    try:
        parsed = feedparser.parse(
            io.BytesIO(_no_surrogate_refs(raw.data)), response_headers=headers
        )
    except Exception as exc:  # feedparser bugs on hostile input (`&#xD83D;` raises) stop here
        log.warning("feedparser failed on %s: %s", raw.name, _failure(exc))
        log.debug("feedparser's traceback", exc_info=True)
        yield LoadError(raw.name, f"not a readable feed (feedparser failed: {_failure(exc)})")
        return
    if not parsed.get("version"):
        problem = parsed.get("bozo_exception")
        reason = f" ({_describe(problem)})" if problem else ""
        yield LoadError(raw.name, f"not an RSS or Atom feed{reason}")
        return
    entries = parsed.get("entries", [])
    if not entries:
        yield LoadError(raw.name, "the feed has no entries")
        return
    feed: Mapping[str, Any] = parsed.get("feed", {})
    source = _text(feed.get("title"))
    feed_lang = normalise_lang(feed.get("language"))
    for index, entry in enumerate(entries):
        where = f"{raw.name}:[{index}]"
        text = _body(entry)
        if not text:
            yield LoadError(where, "entry has no content or summary")
            continue
        link = entry.get("link")
        entry_id = _text(entry.get("id"))
        if is_web_url(link):
            article_id = str(link)
        elif entry_id:
            article_id = f"{raw.ident}#{entry_id}"
        else:
            article_id = f"{raw.ident}:[{index}]"
        article = Article(
            id=article_id,
            title=_text(entry.get("title")) or title_from_text(text),
            text=text,
            date=_date(entry),
            source=source,
            url=str(link) if is_web_url(link) else None,
            lang=normalise_lang(entry.get("language")) or feed_lang,
            author=_text(entry.get("author")),
        )
        try:
            yield checked_article(article)
        except Reject as exc:
            yield LoadError(where, str(exc))


def _body(entry: Mapping[str, Any]) -> str:
    """The entry's fullest text: its longest content, else its summary, as plain text."""
    parts = [c for c in entry.get("content", []) if str(c.get("value", "")).strip()]
    if parts:
        best = max(parts, key=lambda c: len(str(c.get("value", ""))))
        value, kind = str(best.get("value", "")), str(best.get("type", "text/html"))
    else:
        detail = entry.get("summary_detail") or {}
        value = str(entry.get("summary") or "")
        kind = str(detail.get("type", "text/html"))
    if kind == "text/plain":
        return value.strip()
    return fragment_text(value)


def _date(entry: Mapping[str, Any]) -> str | None:
    """`published`, else `updated`, as written when readable, else as feedparser parsed it."""
    for key in ("published", "updated"):
        raw = entry.get(key)
        exact = normalise_date(raw) if isinstance(raw, str) else None
        if exact:
            return exact
        parsed = entry.get(f"{key}_parsed")
        if isinstance(parsed, time.struct_time):
            return utc_datetime(parsed)
    return None


def _text(value: object) -> str | None:
    """A stripped, non-empty string field, or None."""
    return value.strip() or None if isinstance(value, str) else None


def _no_surrogate_refs(data: bytes) -> bytes:
    """`data` with character references to lone surrogates (`&#xD83D;`) made U+FFFD, as an
    HTML parser reads them (feedparser raises on them); UTF-16 with a BOM included."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            return data
        return _CHAR_REF_TEXT.sub(_replacement, text).encode("utf-16")
    return _CHAR_REF.sub(lambda found: _replacement(found).encode(), data)


def _replacement(found: re.Match[bytes] | re.Match[str]) -> str:
    digits = found.group(1)
    digits = digits.decode() if isinstance(digits, bytes) else digits
    code = int(digits[1:], 16) if digits[:1] in ("x", "X") else int(digits)
    if 0xD800 <= code <= 0xDFFF:
        return "&#xFFFD;"
    whole = found.group()
    return whole.decode() if isinstance(whole, bytes) else whole


def _failure(exc: Exception) -> str:
    """A third-party parser's exception in one line, e.g. `UnicodeEncodeError: ...`."""
    return escape_surrogates(f"{type(exc).__name__}: {exc}")[:300]


def _describe(problem: object) -> str:
    """feedparser's parse error, e.g. `not XML: syntax error`."""
    message = getattr(problem, "getMessage", None)
    return f"not XML: {message()}" if callable(message) else str(problem)
