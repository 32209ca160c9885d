"""What every format parser shares: its input, its errors, and turning fields into an Article."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, fields

from ingest.formats.dates import normalise_date
from rag.types import Article

RECORD_FIELDS = ("id", "title", "text", "date", "source", "url", "lang", "author")

_TITLE_CHARS = 80
_LANG_TAG = re.compile(r"([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{1,8})*")
# Lone UTF-16 surrogates: what a JSON `\ud83d` escape, a UTF-7 text or an undecodable file
# name (os.fsdecode's surrogateescape) leaves in a str; no UTF-8 encoder accepts them.
_SURROGATE = re.compile(r"[\ud800-\udfff]")


@dataclass(frozen=True)
class LoadError:
    """An input that failed to load: a file or URL, or one item inside it.

    `path` is the file path as given or the URL, with `:LINE` for a .jsonl or .csv line,
    `:[INDEX]` for an item of a .json list or a feed.
    """

    path: str
    error: str


@dataclass(frozen=True)
class RawInput:
    """The bytes of one file or fetched URL, and how to name and identify what is inside."""

    data: bytes
    # The file path as given, or the URL: the start of every LoadError path.
    name: str
    # The id fallback: the path relative to the ingested folder, or the URL.
    ident: str
    # Where relative links resolve (a fetched URL after redirects), None for files.
    base_url: str | None = None
    # The charset an HTTP Content-Type header declared.
    charset: str | None = None


class Reject(Exception):
    """Why a file, line or record cannot become an article (the message is user-facing)."""


def checked_str(value: str, field: str) -> str:
    """`value` if it is valid Unicode; Reject naming `field` and the first lone surrogate.

    Every string that becomes part of an article passes here once (`record_article`, then
    `checked_article` for what every parser yields), so nothing downstream (hashes, SQLite,
    Chroma, the terminal) ever meets a string it cannot encode.
    """
    found = _SURROGATE.search(value)
    if found is None:
        return value
    code = ord(found.group())
    raise Reject(
        f"field {field!r} is not valid Unicode: lone surrogate U+{code:04X} at character "
        f"{found.start()} (half of an escaped emoji?)"
    )


def checked_article(article: Article) -> Article:
    """`article` if every field is valid Unicode (see `checked_str`), else Reject."""
    for field in fields(article):
        value = getattr(article, field.name)
        if isinstance(value, str):
            checked_str(value, field.name)
    return article


def escape_surrogates(path: os.PathLike[str] | str) -> str:
    """A path (or message) as valid Unicode: the bytes of a file name that do not decode (kept
    by Python as lone surrogates) are written as `\\xNN`, e.g. `bad\\xffname.txt`; any other
    lone surrogate as `\\uNNNN`."""
    return _SURROGATE.sub(_escape, os.fspath(path))


def _escape(found: re.Match[str]) -> str:
    code = ord(found.group())
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"\\u{code:04x}"


def is_web_url(value: str | None) -> bool:
    """Whether `value` is an absolute http(s) URL (the only kind used as an article id)."""
    return bool(value) and str(value).lower().startswith(("http://", "https://"))


def normalise_lang(value: str | None) -> str | None:
    """The primary language subtag in lower case (`fr-FR` -> `fr`); None if not a language tag."""
    found = _LANG_TAG.fullmatch(value.strip()) if value else None
    return found.group(1).lower() if found else None


def title_from_text(text: str) -> str:
    """The first ~80 characters of `text`, cut at a word boundary."""
    flat = " ".join(text[: _TITLE_CHARS * 4].split())
    if len(flat) <= _TITLE_CHARS:
        return flat
    head = flat[: _TITLE_CHARS + 1]
    cut = head.rsplit(" ", 1)[0] if " " in head else flat[:_TITLE_CHARS]
    return cut.rstrip(" ,;:") + "…"


def record_article(record: object, fallback_id: str) -> Article:
    """Validate one record's fields (JSON object or CSV row) and build its Article.

    The id is the record's `id`, else its `url`, else `fallback_id` (the path and line or index).
    """
    if not isinstance(record, Mapping):
        raise Reject(f"expected a JSON object, got {type(record).__name__}")
    values: dict[str, str | None] = {}
    for key in RECORD_FIELDS:
        value = record.get(key)
        if value is not None and not isinstance(value, str):
            raise Reject(f"field {key!r} must be a string, got {type(value).__name__}")
        if value is not None:
            value = checked_str(value, key)
        if key != "text" and value is not None:
            value = value.strip() or None  # a blank optional field counts as absent
        values[key] = value
    text = values["text"]
    if text is None:
        raise Reject("missing field 'text'")
    if not text.strip():
        raise Reject("field 'text' is empty")
    raw_date = values["date"]
    iso_date = normalise_date(raw_date) if raw_date else None
    if raw_date and iso_date is None:
        raise Reject(
            f"field 'date' is not a recognised date: {raw_date!r}"
            " (expected YYYY-MM-DD, an ISO datetime, DD/MM/YYYY or an RFC 2822 date)"
        )
    return Article(
        id=values["id"] or values["url"] or fallback_id,
        title=values["title"] or title_from_text(text),
        text=text,
        date=iso_date,
        source=values["source"],
        url=values["url"],
        lang=normalise_lang(values["lang"]),
        author=values["author"],
    )
