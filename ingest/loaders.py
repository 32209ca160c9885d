"""Find and read articles: walk folders, read files within the size limit, fetch URLs, and
hand the bytes to the parser of each format; bad input becomes LoadError values."""

from __future__ import annotations

import errno
import logging
import os
import stat
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from ingest.fetch import is_url, url_articles
from ingest.formats.common import (
    LoadError,
    RawInput,
    Reject,
    checked_article,
    escape_surrogates,
)
from ingest.formats.decoding import check_text
from ingest.formats.feeds import feed_articles
from ingest.formats.html import html_articles
from ingest.formats.records import json_articles, jsonl_articles
from ingest.formats.tabular import csv_articles
from ingest.formats.text import text_articles
from rag.types import Article

__all__ = [
    "SUPPORTED_SUFFIXES",
    "LoadError",
    "LoadedArticle",
    "iter_articles",
    "load_file",
    "walk",
]

log = logging.getLogger(__name__)

_Parser = Callable[[RawInput], Iterator[Article | LoadError]]
PARSERS: dict[str, _Parser] = {
    ".txt": lambda raw: text_articles(raw, markdown=False),
    ".md": lambda raw: text_articles(raw, markdown=True),
    ".json": json_articles,
    ".jsonl": jsonl_articles,
    ".csv": csv_articles,
    ".html": html_articles,
    ".htm": html_articles,
    ".rss": feed_articles,
    ".atom": feed_articles,
    ".xml": feed_articles,  # only feeds: any other XML is reported as not a feed
}
SUPPORTED_SUFFIXES: frozenset[str] = frozenset(PARSERS)


@dataclass(frozen=True)
class LoadedArticle:
    """An article with the file (resolved path, or URL) it came from and the root it was
    ingested under (the folder given, a file's folder, or the URL)."""

    article: Article
    file: str
    origin: str


def iter_articles(
    paths: Sequence[Path | str],
    *,
    max_file_bytes: int = 50_000_000,
    fetch_timeout_seconds: float = 20.0,
) -> Iterator[LoadedArticle | LoadError]:
    """Yield articles from files, folders (sorted, recursive) and http(s) URLs, and a
    LoadError per bad input."""
    for given in paths:
        if is_url(given):
            url = escape_surrogates(given)
            for item in url_articles(url, timeout=fetch_timeout_seconds, max_bytes=max_file_bytes):
                yield _checked(item, url, url, url)
            continue
        path = Path(given)
        try:
            is_dir = stat.S_ISDIR(path.stat().st_mode)
        except (FileNotFoundError, NotADirectoryError):
            yield _error(path, "no such file or folder")
            continue
        except OSError as exc:
            yield _error(path, _os_reason(exc))
            continue
        if not is_dir:
            yield from load_file(path, path.parent, max_file_bytes=max_file_bytes)
            continue
        for found in walk(path):
            if isinstance(found, LoadError):
                yield found
            else:
                yield from load_file(found, path, max_file_bytes=max_file_bytes)


def load_file(
    path: Path, root: Path, *, max_file_bytes: int
) -> Iterator[LoadedArticle | LoadError]:
    """Yield the articles of one file; ids fall back to its path relative to `root`.

    Paths and ids are valid Unicode: undecodable bytes of a file name are written `\\xNN`.
    """
    name, suffix = escape_surrogates(path), path.suffix.lower()
    parse = PARSERS.get(suffix)
    if parse is None:
        supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
        yield LoadError(name, f"unsupported file type {suffix or '(none)'!r}, expected {supported}")
        return
    try:
        data = _read(path, max_file_bytes)
        file, origin = escape_surrogates(path.resolve()), escape_surrogates(root.resolve())
    except OSError as exc:
        yield LoadError(name, _os_reason(exc))
        return
    except Reject as exc:
        yield LoadError(name, str(exc))
        return
    relative = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.name
    for item in parse(RawInput(data, name, escape_surrogates(relative))):
        yield _checked(item, name, file, origin)


def _checked(
    item: Article | LoadError, name: str, file: str, origin: str
) -> LoadedArticle | LoadError:
    """The boundary every parser's output crosses: an article whose strings are not all valid
    Unicode becomes a LoadError (parsers of records check theirs by line first)."""
    if isinstance(item, LoadError):
        return LoadError(escape_surrogates(item.path), escape_surrogates(item.error))
    try:
        return LoadedArticle(checked_article(item), file, origin)
    except Reject as exc:
        return LoadError(name, str(exc))


def walk(folder: Path) -> Iterator[Path | LoadError]:
    """Supported files under `folder`, sorted; hidden entries skipped, symlinked folders not
    followed (one that points back to an enclosing folder is reported as a loop).

    Iterative, so that no depth of folders exhausts Python's recursion limit.
    """
    stack: list[Iterator[os.DirEntry[str] | LoadError]] = [iter(_listing(folder))]
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
            continue
        if isinstance(entry, LoadError):
            yield entry
            continue
        path = Path(entry.path)
        try:
            if entry.name.startswith("."):
                log.debug("skipping hidden %s", escape_surrogates(path))
            elif entry.is_symlink():
                yield from _follow_link(path)
            elif entry.is_dir(follow_symlinks=False):
                stack.append(iter(_listing(path)))
            elif path.suffix.lower() in SUPPORTED_SUFFIXES:
                yield path
            else:
                log.debug("skipping unsupported file %s", escape_surrogates(path))
        except OSError as exc:
            yield _error(path, _os_reason(exc))


def _listing(folder: Path) -> list[os.DirEntry[str] | LoadError]:
    """The entries of `folder` sorted by name, or the error that prevents listing it."""
    try:
        with os.scandir(folder) as scan:
            return [*sorted(scan, key=lambda entry: entry.name)]
    except OSError as exc:
        return [_error(folder, _os_reason(exc))]


def _error(path: Path | str, reason: str) -> LoadError:
    return LoadError(escape_surrogates(path), reason)


def _follow_link(link: Path) -> Iterator[Path | LoadError]:
    """A symlinked supported file; nothing for a symlinked folder (not followed) or an
    unsupported one; a LoadError for a loop or a dangling link to a supported name."""
    try:
        target = link.resolve(strict=True)
    except RuntimeError:  # how Python < 3.13 reports a loop
        yield _error(link, "symlink loop, not followed")
        return
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            yield _error(link, "symlink loop, not followed")
        elif link.suffix.lower() in SUPPORTED_SUFFIXES:
            yield _error(link, f"broken symlink: {exc.strerror or exc}")
        return
    if not target.is_dir():
        if link.suffix.lower() in SUPPORTED_SUFFIXES:
            yield link
    elif link.parent.resolve().is_relative_to(target):
        reason = f"symlink loop: points back to {escape_surrogates(target)}, not followed"
        yield _error(link, reason)
    else:
        log.warning(
            "not following symlinked folder %s -> %s",
            escape_surrogates(link),
            escape_surrogates(target),
        )


def _read(path: Path, max_file_bytes: int) -> bytes:
    """The file's bytes; rejects special files, files over the limit (unread), empty and
    binary files."""
    info = path.stat()
    if not stat.S_ISREG(info.st_mode):
        raise Reject("not a regular file")
    if info.st_size > max_file_bytes:
        raise Reject(f"file is {info.st_size} bytes, over the {max_file_bytes}-byte limit")
    data = path.read_bytes()
    check_text(data)
    return data


def _os_reason(exc: OSError) -> str:
    """A short reason for an OS error, e.g. 'cannot read: Permission denied'."""
    return escape_surrogates(f"cannot read: {exc.strerror or exc}")
