"""Helpers shared by the loader tests: run the loaders, write inputs, copy fixtures."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from ingest.loaders import LoadedArticle, LoadError, iter_articles

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def load(*paths: Path | str, **kwargs: Any) -> tuple[list[LoadedArticle], list[LoadError]]:
    """Split the loaders' output for `paths` (files, folders or URLs) into articles and errors."""
    items = list(iter_articles(list(paths), **kwargs))
    articles = [item for item in items if isinstance(item, LoadedArticle)]
    errors = [item for item in items if isinstance(item, LoadError)]
    assert len(articles) + len(errors) == len(items)
    return articles, errors


def write_jsonl(path: Path, records: list[object]) -> Path:
    """Write one JSON value per line."""
    lines = (json.dumps(record, ensure_ascii=False) for record in records)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def copy_fixture(name: str, folder: Path, as_name: str | None = None) -> Path:
    """A writable copy of a file of tests/fixtures/ in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy(FIXTURES / name, folder / (as_name or name)))
