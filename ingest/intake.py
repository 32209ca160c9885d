"""What an ingest takes of the loaded items: not newsrag's own files (unless named), each
article id once, every article with a language."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path

from ingest.fetch import is_url
from ingest.formats.common import escape_surrogates
from ingest.loaders import LoadedArticle, LoadError
from rag.text.analysis import detect_language

_LINE_SUFFIX = re.compile(r":(\d+|\[\d+\])$")


def real_path(path: Path | str) -> Path:
    """The real path of `path`, written as the loaders write names."""
    # os.path.realpath, unlike Path.resolve on Python 3.11, never raises on a symlink loop;
    # undecodable bytes of a name are written as the loaders write them (`\\xNN`).
    return Path(escape_surrogates(os.path.realpath(path)))


def inside(path: str, folder: Path) -> bool:
    """Whether a loaded item's file (`path`, maybe with a `:line` suffix) is under `folder`."""
    if is_url(path):
        return False
    return real_path(_LINE_SUFFIX.sub("", path)).is_relative_to(folder)


def unreadable_files(errors: Iterable[LoadError]) -> set[str]:
    """The files these load errors name, as named and as real paths."""
    named = {_LINE_SUFFIX.sub("", e.path) for e in errors}
    return named | {str(real_path(p)) for p in named}


class Intake:
    """Screens the loaded items of one ingest of `paths` (see the module docstring)."""

    def __init__(self, paths: Sequence[Path | str], data_dir: Path) -> None:
        self.data_dir = data_dir
        # Paths given inside the data dir (the chat UI's uploads) are read; walking a parent
        # folder never reads newsrag's own files.
        self.inner = [real_path(p) for p in paths if inside(str(p), data_dir)]
        self.seen: dict[str, str] = {}  # article id -> the file it was first seen in

    def take(self, item: LoadedArticle | LoadError) -> LoadedArticle | LoadError | None:
        """The article to index (its language detected if unset), an error to report, or
        None for an item of newsrag's own files."""
        where = item.file if isinstance(item, LoadedArticle) else item.path
        if inside(where, self.data_dir) and not any(inside(where, root) for root in self.inner):
            return None
        if isinstance(item, LoadError):
            return item
        article = item.article
        if article.id in self.seen:
            return LoadError(
                item.file,
                f"duplicate article id {article.id!r}, first seen in {self.seen[article.id]}",
            )
        self.seen[article.id] = item.file
        if article.lang:
            return item
        lang = detect_language(f"{article.title}\n{article.text[:2000]}")
        return replace(item, article=replace(article, lang=lang))
