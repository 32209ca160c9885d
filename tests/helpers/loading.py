"""Helpers shared by the loader tests: run the loaders, copy fixtures, deep folder trees."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from ingest.loaders import LoadedArticle, LoadError, iter_articles
from tests.helpers.paths import FIXTURES


def load(*paths: Path | str, **kwargs: Any) -> tuple[list[LoadedArticle], list[LoadError]]:
    """Split the loaders' output for `paths` (files, folders or URLs) into articles and errors."""
    items = list(iter_articles(list(paths), **kwargs))
    articles = [item for item in items if isinstance(item, LoadedArticle)]
    errors = [item for item in items if isinstance(item, LoadError)]
    assert len(articles) + len(errors) == len(items)
    return articles, errors


def copy_fixture(name: str, folder: Path, as_name: str | None = None) -> Path:
    """A writable copy of a file of tests/fixtures/ in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy(FIXTURES / name, folder / (as_name or name)))


def make_deep_tree(folder: Path, depth: int) -> Path:
    """`folder/d/d/.../d` (`depth` levels, made one at a time: mkdir(parents=True) recurses);
    returns the deepest folder. Remove it with `remove_deep_tree`: pytest's own clean-up of
    old temp dirs (shutil.rmtree) would hit the recursion limit."""
    deep = folder
    for _ in range(depth):
        deep /= "d"
        deep.mkdir()
    return deep


def remove_deep_tree(folder: Path) -> None:
    """Delete a tree made by `make_deep_tree`, deepest folder first (no recursion)."""
    chain = [folder]
    while (chain[-1] / "d").is_dir():
        chain.append(chain[-1] / "d")
    for level in reversed(chain[1:]):
        shutil.rmtree(level)
