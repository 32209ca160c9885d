"""Fetch a feed or a page over HTTP(S), with a time limit and a size limit."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

from ingest.formats.common import LoadError, RawInput, is_web_url
from ingest.formats.feeds import feed_articles, looks_like_feed
from ingest.formats.html import html_articles
from rag.types import Article

USER_AGENT = "newsrag/0.1 (+https://github.com/newsrag)"
_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, "
    "text/html;q=0.8, application/xhtml+xml;q=0.8, */*;q=0.1"
)
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_XML_TYPES = frozenset({"application/xml", "text/xml", "application/rdf+xml"})
_MAX_REDIRECTS = 5


class FetchError(Exception):
    """Why a URL could not be fetched (the message is user-facing)."""


@dataclass(frozen=True)
class Fetched:
    """A successful response body and what its headers said."""

    url: str
    final_url: str
    media_type: str
    charset: str | None
    data: bytes


def is_url(value: Path | str) -> bool:
    """Whether an ingest argument is an http(s) URL rather than a path."""
    return isinstance(value, str) and is_web_url(value)


def url_articles(url: str, *, timeout: float, max_bytes: int) -> Iterator[Article | LoadError]:
    """The articles of a fetched feed (one per entry) or page (one); errors name the URL."""
    try:
        fetched = fetch(url, timeout=timeout, max_bytes=max_bytes)
    except FetchError as exc:
        yield LoadError(url, str(exc))
        return
    if not fetched.data.strip():
        yield LoadError(url, "empty response")
        return
    raw = RawInput(fetched.data, url, url, fetched.final_url, fetched.charset)
    kind = fetched.media_type
    if looks_like_feed(fetched.data):
        yield from feed_articles(raw)
    elif kind in _HTML_TYPES or _looks_like_html(fetched.data):
        yield from html_articles(raw)
    elif kind in _XML_TYPES or kind.endswith("+xml"):
        yield from feed_articles(raw)  # says why it is not a feed
    else:
        yield LoadError(url, f"not a feed or an HTML page (content type {kind or 'missing'!r})")


def fetch(url: str, *, timeout: float, max_bytes: int) -> Fetched:
    """GET `url` following redirects; FetchError on an HTTP error, a timeout or a large body.

    `timeout` bounds each network wait and, roughly, the whole download; bodies over
    `max_bytes` (declared or received, after decompression) are refused.
    """
    deadline = time.monotonic() + timeout
    headers = {"User-Agent": USER_AGENT, "Accept": _ACCEPT}
    try:
        with (
            httpx.Client(
                timeout=timeout,
                follow_redirects=True,
                max_redirects=_MAX_REDIRECTS,
                headers=headers,
            ) as client,
            client.stream("GET", url) as response,
        ):
            if response.status_code >= 400:
                raise FetchError(f"HTTP {response.status_code} {response.reason_phrase}".strip())
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise FetchError(f"response is {declared} bytes, over the {max_bytes}-byte limit")
            body = bytearray()
            for piece in response.iter_bytes():
                body += piece
                if len(body) > max_bytes:
                    raise FetchError(f"response is over the {max_bytes}-byte limit")
                if time.monotonic() > deadline:
                    raise FetchError(f"timed out after {timeout:g} s")
            media_type = response.headers.get("content-type", "")
            return Fetched(
                url=url,
                final_url=str(response.url),
                media_type=media_type.partition(";")[0].strip().lower(),
                charset=response.charset_encoding,
                data=bytes(body),
            )
    except httpx.TimeoutException:
        raise FetchError(f"timed out after {timeout:g} s") from None
    except httpx.TooManyRedirects:
        raise FetchError(f"more than {_MAX_REDIRECTS} redirects") from None
    except httpx.InvalidURL as exc:
        raise FetchError(f"invalid URL: {exc}") from None
    except httpx.HTTPError as exc:
        raise FetchError(f"cannot fetch: {exc or type(exc).__name__}") from None


def _looks_like_html(data: bytes) -> bool:
    head = data[:2048].lower()
    return b"<html" in head or b"<!doctype html" in head
