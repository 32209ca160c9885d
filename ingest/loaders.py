"""Read news articles from .txt, .md, .json and .jsonl files; bad input becomes LoadError values."""

from __future__ import annotations

import codecs
import json
import logging
import os
import re
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from rag.types import Article

log = logging.getLogger(__name__)

SUPPORTED_SUFFIXES: frozenset[str] = frozenset({".txt", ".md", ".json", ".jsonl"})

_FIELDS = ("id", "title", "text", "date", "source", "url", "lang")
_TITLE_CHARS = 80
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}.*")
_DMY_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_SETEXT_UNDERLINE = re.compile(r"[ \t]*(=+|-+)[ \t]*\r?(\n|$)")


@dataclass(frozen=True)
class LoadError:
    """A file, .jsonl line (`path:LINE`) or .json list item (`path:[INDEX]`) that failed to load."""

    path: str
    error: str


@dataclass(frozen=True)
class LoadedArticle:
    """An article with the resolved file it came from and the root it was ingested under."""

    article: Article
    file: str
    origin: str


class _Reject(Exception):
    """Why a file, line or record cannot become an article (the message is user-facing)."""


def iter_articles(
    paths: Sequence[Path], *, max_file_bytes: int = 50_000_000
) -> Iterator[LoadedArticle | LoadError]:
    """Yield articles from files and folders (sorted, recursive), and a LoadError per bad input."""
    for given in paths:
        path = Path(given)
        try:
            is_dir = stat.S_ISDIR(path.stat().st_mode)
        except (FileNotFoundError, NotADirectoryError):
            yield LoadError(str(path), "no such file or folder")
            continue
        except OSError as exc:
            yield LoadError(str(path), _os_reason(exc))
            continue
        if not is_dir:
            yield from load_file(path, path.parent, max_file_bytes=max_file_bytes)
            continue
        for found in _walk(path):
            if isinstance(found, LoadError):
                yield found
            else:
                yield from load_file(found, path, max_file_bytes=max_file_bytes)


def load_file(
    path: Path, root: Path, *, max_file_bytes: int
) -> Iterator[LoadedArticle | LoadError]:
    """Yield the articles of one file (a .txt/.md id is its path relative to `root`)."""
    name, suffix = str(path), path.suffix.lower()
    try:
        data, base = _read(path, suffix, max_file_bytes)
        file, origin = str(path.resolve()), str(root.resolve())
    except OSError as exc:
        yield LoadError(name, _os_reason(exc))
        return
    except _Reject as exc:
        yield LoadError(name, str(exc))
        return
    if suffix == ".jsonl":  # line by line, so one bad line costs one article
        offset = base
        for number, raw in enumerate(data.split(b"\n"), start=1):
            start, offset = offset, offset + len(raw) + 1
            if not raw.strip():
                continue
            try:
                record = _parse_json(_decode(raw, start), one_line=True)
            except _Reject as exc:
                yield LoadError(f"{name}:{number}", str(exc))
                continue
            yield _from_record(record, f"{name}:{number}", file, origin)
        return
    try:
        text = _decode(data, base)
        if suffix != ".json":
            inside = path.is_relative_to(root)
            article_id = path.relative_to(root).as_posix() if inside else path.name
            article = _text_article(text, article_id, markdown=suffix == ".md")
            yield LoadedArticle(article, file, origin)
            return
        document = _parse_json(text, one_line=False)
    except _Reject as exc:
        yield LoadError(name, str(exc))
        return
    if isinstance(document, list):
        if not document:
            yield LoadError(name, "empty JSON list, no articles")
        for index, item in enumerate(document):
            yield _from_record(item, f"{name}:[{index}]", file, origin)
    else:
        yield _from_record(document, name, file, origin)


def _walk(folder: Path) -> Iterator[Path | LoadError]:
    """Supported files under `folder`, sorted; hidden entries and symlinked folders skipped."""
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except OSError as exc:
        yield LoadError(str(folder), _os_reason(exc))
        return
    for entry in entries:
        path = folder / entry.name
        try:
            if entry.name.startswith("."):
                log.debug("skipping hidden %s", path)
            elif entry.is_dir(follow_symlinks=False):
                yield from _walk(path)
            elif entry.is_dir():  # a symlink to a folder: may loop
                log.debug("not following symlinked folder %s", path)
            elif path.suffix.lower() in SUPPORTED_SUFFIXES:
                yield path
            else:
                log.debug("skipping unsupported file %s", path)
        except OSError as exc:
            yield LoadError(str(path), _os_reason(exc))


def _read(path: Path, suffix: str, max_file_bytes: int) -> tuple[bytes, int]:
    """The file's bytes without a UTF-8 BOM, and the BOM's length; rejects non-text files."""
    if suffix not in SUPPORTED_SUFFIXES:
        supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
        raise _Reject(f"unsupported file type {suffix or '(none)'!r}, expected {supported}")
    info = path.stat()
    if not stat.S_ISREG(info.st_mode):
        raise _Reject("not a regular file")
    if info.st_size > max_file_bytes:
        raise _Reject(f"file is {info.st_size} bytes, over the {max_file_bytes}-byte limit")
    data = path.read_bytes()
    base = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    data = data[base:]
    if not data.strip():
        raise _Reject("empty file")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise _Reject("UTF-16 text, expected UTF-8")
    if b"\x00" in data:
        raise _Reject("binary file, not text")
    return data, base


def _decode(data: bytes, base: int) -> str:
    """Decode UTF-8; on failure name the byte and its offset from the start of the file."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        byte, offset = data[exc.start], base + exc.start
        raise _Reject(f"not valid UTF-8 (byte 0x{byte:02x} at offset {offset})") from None


def _parse_json(text: str, *, one_line: bool) -> object:
    """Parse JSON, turning a syntax error into a readable reason."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        where = f"column {exc.colno}"
        if not one_line:
            where = f"line {exc.lineno} {where}"
        raise _Reject(f"invalid JSON: {exc.msg} ({where})") from None
    except (ValueError, RecursionError) as exc:  # e.g. a huge integer, deep nesting
        raise _Reject(f"invalid JSON: {exc}") from None


def _text_article(text: str, article_id: str, *, markdown: bool) -> Article:
    """Title from the first non-empty line of a .txt/.md file, body from the rest."""
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
        raise _Reject("no body text after the title line")
    return Article(id=article_id, title=title or _title_from_text(body), text=body)


def _from_record(record: object, where: str, file: str, origin: str) -> LoadedArticle | LoadError:
    """The article of one JSON record, or a LoadError saying what is wrong with it."""
    try:
        return LoadedArticle(_record_article(record), file, origin)
    except _Reject as exc:
        return LoadError(where, str(exc))


def _record_article(record: object) -> Article:
    """Validate one JSON record's fields and build its Article."""
    if not isinstance(record, dict):
        raise _Reject(f"expected a JSON object, got {type(record).__name__}")
    values: dict[str, str | None] = {}
    for key in _FIELDS:
        value = record.get(key)
        if value is not None and not isinstance(value, str):
            raise _Reject(f"field {key!r} must be a string, got {type(value).__name__}")
        if key != "text" and value is not None:
            value = value.strip() or None  # a blank optional field counts as absent
        values[key] = value
    text = values["text"]
    if text is None:
        raise _Reject("missing field 'text'")
    if not text.strip():
        raise _Reject("field 'text' is empty")
    article_id = values["id"] or values["url"]
    if article_id is None:
        raise _Reject("missing field 'id' (and no 'url' to use as the id)")
    raw_date = values["date"]
    iso_date = _normalise_date(raw_date) if raw_date else None
    if raw_date and iso_date is None:
        raise _Reject(
            f"field 'date' is not a recognised date: {raw_date!r}"
            " (expected YYYY-MM-DD, an ISO datetime or DD/MM/YYYY)"
        )
    title = values["title"] or _title_from_text(text)
    source, url, lang = values["source"], values["url"], values["lang"]
    return Article(article_id, title, text, date=iso_date, source=source, url=url, lang=lang)


def _normalise_date(value: str) -> str | None:
    """`YYYY-MM-DD` and ISO datetimes as given, `DD/MM/YYYY` as `YYYY-MM-DD`; None if invalid."""
    try:
        if _ISO_DATE.fullmatch(value):
            return date.fromisoformat(value).isoformat()
        if _ISO_DATETIME.fullmatch(value):
            # Validate only; Python 3.11+ also accepts a trailing Z.
            datetime.fromisoformat(value)
            return value
        found = _DMY_DATE.fullmatch(value)
        if found:
            day, month, year = (int(part) for part in found.groups())
            return date(year, month, day).isoformat()
    except ValueError:
        pass
    return None


def _title_from_text(text: str) -> str:
    """The first ~80 characters of `text`, cut at a word boundary."""
    flat = " ".join(text[: _TITLE_CHARS * 4].split())
    if len(flat) <= _TITLE_CHARS:
        return flat
    head = flat[: _TITLE_CHARS + 1]
    cut = head.rsplit(" ", 1)[0] if " " in head else flat[:_TITLE_CHARS]
    return cut.rstrip(" ,;:") + "…"


def _os_reason(exc: OSError) -> str:
    """A short reason for an OS error, e.g. 'cannot read: Permission denied'."""
    return f"cannot read: {exc.strerror or exc}"
